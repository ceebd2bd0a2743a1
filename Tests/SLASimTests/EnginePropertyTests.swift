import Testing

@testable import SLASim

/// Invariants of the trial kernel and the engine, checked over seeded trials.
@Suite struct EnginePropertyTests {
  /// A three-party quarter with an overloaded sales queue (one rep, one hour a day, long
  /// attempts) so that follow-up runs past the horizon's end.
  static func overloaded() -> Scenario {
    Scenario(
      name: "overloaded", horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 3),
      marketing: Marketing(
        sources: [
          LeadSource(
            name: "a", leadsPerMonth: .distribution(.gamma(shape: 16, scale: 10)), valuePerLead: .fixed(100),
            qualifyRate: .fixed(0.6)),
          LeadSource(
            name: "b", leadsPerMonth: .fixed(40), valuePerLead: .distribution(.uniform(min: 0, max: 400)),
            qualifyRate: .distribution(.beta(alpha: 4, beta: 4))),
        ],
        businessHoursShare: 0.6, goals: MarketingGoals(leadsPerMonth: .fixed(190), sqlsPerMonth: .fixed(110))),
      sales: Sales(
        reps: 1, hoursPerDay: 1,
        followUp: FollowUp(
          maxAttempts: 4, minutesPerAttempt: 20, retryAfterHours: 2,
          connectRate: .distribution(.beta(alpha: 3, beta: 7))),
        opportunityRate: OpportunityRate(fast: .fixed(0.5), slow: .fixed(0.1), fastWithinMinutes: 60),
        closeRate: .fixed(0.3), dealSize: .distribution(.lognormal(mu: 8, sigma: 0.5)),
        cycleDays: .distribution(.exponential(mean: 10)),
        openPipeline: OpenPipeline(opportunities: 20, remainingDays: .distribution(.uniform(min: 0, max: 80))),
        goals: SalesGoals(
          revenuePerMonth: .fixed(20_000), firstTouch: ShareGoal(withinHours: 8, share: .fixed(0.9)),
          attemptsOnUnconnected: 4)),
      service: Service(
        existingCustomers: 80, agents: 2, hoursPerDay: 6, ticketsPerCustomerPerMonth: .fixed(2),
        handleMinutes: .distribution(.gamma(shape: 2, scale: 15)),
        monthlyChurn: .distribution(.beta(alpha: 2, beta: 60)),
        goals: ServiceGoals(firstResponse: ShareGoal(withinHours: 4, share: .fixed(0.9)), retention: .fixed(0.9))))
  }

  /// Every SQL that arrives in the horizon has its first touch decided (followed past the
  /// horizon's end: touched, or given up untouched); shares and counts stay consistent, month
  /// by month. With a give-up time longer than the queue ever gets, no retry is dropped and a
  /// never-connected lead has exactly `maxAttempts` attempts; with the default (20 business
  /// days) this overloaded rep gives leads up.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func trialFiguresAreConsistent(seed: UInt64) {
    var scenario = Self.overloaded()
    let givesUp = seed % 2 == 0
    if !givesUp { scenario.sales.followUp.giveUpAfterDays = 2600 }
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: seed)
    var abandoned = 0.0
    for _ in 0..<20 {
      model.simulateTrial(&scratch, using: &rng)
      let m = model.months
      for month in 0..<m { abandoned += scratch.figures[Figure.abandoned.rawValue * m + month] }
      func f(_ figure: Figure, _ month: Int) -> Double { scratch.figures[figure.rawValue * m + month] }
      for month in 0..<m {
        #expect(f(.firstTouched, month) == f(.sqls, month), "every SQL's first touch is decided, month \(month)")
        #expect(f(.sqls, month) <= f(.leads, month))
        #expect(f(.firstTouchedWithin, month) <= f(.firstTouched, month))
        #expect(f(.unconnected, month) <= f(.sqls, month))
        #expect(f(.abandoned, month) <= f(.unconnected, month))
        if givesUp {
          // An abandoned lead had fewer than maxAttempts attempts, the others exactly that many.
          let completed = f(.unconnected, month) - f(.abandoned, month)
          #expect(f(.unconnectedAttempts, month) >= 4 * completed)
          #expect(f(.unconnectedAttempts, month) <= 4 * completed + 3 * f(.abandoned, month))
        } else {
          // A never-connected lead had exactly maxAttempts attempts: no retry is dropped.
          #expect(f(.abandoned, month) == 0)
          #expect(f(.unconnectedAttempts, month) == 4 * f(.unconnected, month))
        }
        #expect(f(.ticketsWithin, month) <= f(.tickets, month))
        #expect(f(.wonActive, month) <= f(.wonCumulative, month))
        #expect(f(.revenue, month) >= 0 && f(.leadValue, month) >= 0)
        if month > 0 { #expect(f(.wonCumulative, month) >= f(.wonCumulative, month - 1)) }
      }
    }
    #expect((abandoned > 0) == givesUp)
  }

  /// Probabilities are proportions with ordered intervals, conditional counts add up, and
  /// KPI quantiles are monotone.
  @Test(arguments: 0..<4 as Range<UInt64>)
  func resultIsCoherent(seed: UInt64) async {
    let result = await SimulationEngine(scenario: Self.overloaded()).run(trials: 700, seed: seed, threads: 3)
    func check(_ p: ProportionEstimate) {
      #expect(p.low <= p.estimate && p.estimate <= p.high)
      #expect(p.low >= 0 && p.high <= 1)
    }
    var all: [ProportionEstimate] = [result.joint, result.salesGivenMarketingMet, result.salesGivenMarketingMissed]
    for party in result.parties {
      all.append(party.probability)
      all += party.byMonth
      for goal in party.goals {
        all.append(goal.probability)
        all += goal.byMonth
        // Met over the horizon implies met in every month for …PerMonth goals.
        if goal.key.hasSuffix("PerMonth") {
          for month in goal.byMonth { #expect(goal.probability.successes <= month.successes) }
        }
        #expect(party.probability.successes <= goal.probability.successes)
      }
      #expect(result.joint.successes <= party.probability.successes)
    }
    all.forEach(check)
    guard let marketing = result.party(.marketing), let sales = result.party(.sales) else {
      Issue.record("missing parties")
      return
    }
    #expect(result.salesGivenMarketingMet.trials == marketing.probability.successes)
    #expect(
      result.salesGivenMarketingMet.successes + result.salesGivenMarketingMissed.successes
        == sales.probability.successes)
    // Rungs need ever longer runs of missed months.
    for k in 1..<result.rungs.count {
      #expect(result.rungs[k].probability.successes <= result.rungs[k - 1].probability.successes)
    }
    for kpi in result.kpis {
      #expect(kpi.p05 <= kpi.p25 && kpi.p25 <= kpi.p50 && kpi.p50 <= kpi.p75 && kpi.p75 <= kpi.p95, "\(kpi.kpi)")
      #expect(kpi.sd >= 0)
    }
  }

  /// Zero rates are valid and give the obvious answers.
  @Test func zeroRatesGiveEmptyFunnels() async {
    var scenario = Self.overloaded()
    scenario.marketing.sources = [LeadSource(name: "none", leadsPerMonth: .fixed(50), qualifyRate: .fixed(0))]
    scenario.sales.openPipeline = nil
    scenario.service?.monthlyChurn = .fixed(0)
    let result = await SimulationEngine(scenario: scenario).run(trials: 300, seed: 1, threads: 2)
    #expect(result.kpi(.marketingSQLs)?.mean == 0)
    #expect(result.kpi(.salesDeals)?.mean == 0)
    // No SQLs: the first-touch share is vacuously 1 and the goal is met every month.
    #expect(result.party(.sales)?.goals.first { $0.key == "firstTouch" }?.probability.estimate == 1)
    // No customers won: retention is vacuously 1.
    #expect(result.kpi(.serviceRetention)?.mean == 1)
  }

  /// The first `n` trials of a run are the same whatever the total: block i's stream depends
  /// only on (seed, i).
  @Test func aShorterRunIsAPrefixOfALongerOne() {
    let model = CompiledModel(Self.overloaded())
    let short = model.simulateBlock(index: 1, trials: 100, seed: 5)
    let long = model.simulateBlock(index: 1, trials: 256, seed: 5)
    #expect(Array(short.kpiValues) == Array(long.kpiValues.prefix(short.kpiValues.count)))
  }
}
