/// What a run found: probabilities with intervals, KPI distributions, escalation and plan.
public struct SimulationResult: Sendable {
  public struct GoalResult: Sendable {
    /// The key in the scenario's `goals` object.
    public var key: String
    /// Met over the whole horizon.
    public var probability: ProportionEstimate
    /// Met in each month.
    public var byMonth: [ProportionEstimate]
    /// Target in force each month.
    public var targets: [Double]
    /// What the goal asks, for people: `revenuePerMonth ≥ 450,000`.
    public var summary: String
  }

  public struct PartyResult: Sendable {
    public var party: Party
    /// Every goal of the party met over the horizon.
    public var probability: ProportionEstimate
    /// Every goal of the party met in each month.
    public var byMonth: [ProportionEstimate]
    public var goals: [GoalResult]
  }

  public struct KPIResult: Sendable {
    public var kpi: KPI
    public var mean: Double
    public var sd: Double
    public var p05: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p95: Double
  }

  public struct Rung: Sendable {
    /// Months missed in a row that reach this rung.
    public var monthsMissed: Int
    public var probability: ProportionEstimate
  }

  public var scenarioName: String
  public var seed: UInt64
  public var trials: Int
  public var threads: Int
  public var seconds: Double
  /// Months simulated before the horizon and not counted (``SimulationSettings/warmUpMonths``).
  public var warmUpMonths: Int
  /// Labels `YYYY-MM` of the horizon's months.
  public var months: [String]
  /// Parties in order marketing, sales, service (service only when the scenario has it).
  public var parties: [PartyResult]
  /// Every party meets its SLA over the horizon.
  public var joint: ProportionEstimate
  public var jointByMonth: [ProportionEstimate]
  public var salesGivenMarketingMet: ProportionEstimate
  public var salesGivenMarketingMissed: ProportionEstimate
  /// A month is missed when any party misses a monthly goal in it.
  public var monthMissed: [ProportionEstimate]
  public var rungs: [Rung]
  public var cancel: Rung
  public var kpis: [KPIResult]
  /// The deterministic reverse funnel per month, when Sales has a revenue goal.
  public var plan: [ReverseFunnel]?
  /// Follow-up attempts plus tickets served, over all trials.
  public var queueEvents: Int
  /// What the HTML report's and notebook's charts need, when the run was asked for it.
  public var charts: RunCharts?
  /// How a run with a precision target ended (``PrecisionTarget``); `nil` for a fixed trial count.
  public var precision: PrecisionOutcome?

  init(model: CompiledModel, tally: Tally, sketches: [QuantileSketch], seed: UInt64, threads: Int, seconds: Double) {
    let n = tally.trials
    let m = model.months
    let scenario = model.scenario
    func estimate(_ k: Int, of trials: Int = n) -> ProportionEstimate {
      ProportionEstimate(successes: k, trials: trials)
    }
    scenarioName = scenario.name
    self.seed = seed
    trials = n
    self.threads = threads
    self.seconds = seconds
    warmUpMonths = model.warmUpMonths
    months = (0..<m).map { String(scenario.horizon.start.firstOfMonth(adding: $0).description.prefix(7)) }
    var parties: [PartyResult] = []
    for (p, party) in Party.allCases.enumerated() where party != .service || model.hasService {
      let goals = model.goals.enumerated().filter { $0.element.party == party }.map { g, goal in
        GoalResult(
          key: goal.key, probability: estimate(tally.goalMet[g]),
          byMonth: (0..<m).map { estimate(tally.goalMonthMet[g * m + $0]) }, targets: goal.targets,
          summary: goal.summary(scenario))
      }
      parties.append(
        PartyResult(
          party: party, probability: estimate(tally.partyMet[p]),
          byMonth: (0..<m).map { estimate(tally.partyMonthMet[p * m + $0]) }, goals: goals))
    }
    self.parties = parties
    joint = estimate(tally.jointMet)
    jointByMonth = tally.jointMonthMet.map { estimate($0) }
    let marketingMet = tally.partyMet[0]
    salesGivenMarketingMet = estimate(tally.marketingAndSalesMet, of: marketingMet)
    salesGivenMarketingMissed = estimate(tally.salesMetMarketingMissed, of: n - marketingMet)
    monthMissed = tally.monthMissed.map { estimate($0) }
    rungs = zip(model.rungs, tally.rungReached).map { Rung(monthsMissed: $0, probability: estimate($1)) }
    cancel = Rung(monthsMissed: model.cancelAfter, probability: estimate(tally.cancelReached))
    kpis = model.kpis.enumerated().map { k, kpi in
      let moments = tally.kpiMoments[k]
      func q(_ p: Double) -> Double {
        kpi.isShare ? 1 - sketches[k].quantile(1 - p) : sketches[k].quantile(p)
      }
      return KPIResult(
        kpi: kpi, mean: moments.mean, sd: moments.standardDeviation,
        p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95))
    }
    plan = ReverseFunnel.monthlyPlans(for: scenario)
    queueEvents = tally.queueEvents
  }

  /// The result for `party`, if the scenario has it.
  public func party(_ party: Party) -> PartyResult? { parties.first { $0.party == party } }
  /// The distribution of `kpi`, if reported.
  public func kpi(_ kpi: KPI) -> KPIResult? { kpis.first { $0.kpi == kpi } }
}
