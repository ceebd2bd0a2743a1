import RealModule
import Testing

@testable import SLASim

/// Regression tests for defects found against hand computations (issue 6, item 1); each
/// failed before its fix.
@Suite struct EngineDefectTests {
  /// Runs `trials` trials of `scenario` on one stream and returns each trial's figures.
  static func figures(of scenario: Scenario, trials: Int, seed: UInt64) -> [[Double]] {
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: seed)
    var result: [[Double]] = []
    for _ in 0..<trials {
      model.simulateTrial(&scratch, using: &rng)
      result.append(Array(UnsafeBufferPointer(start: scratch.figures.base, count: scratch.figures.count)))
    }
    return result
  }

  /// Customers won in June only (the leads stop on July 1): those still active at the
  /// horizon's end and those won, summed over the trials.
  static func retainedAtTheEnd(ofJuneWins scenario: Scenario, trials: Int, seed: UInt64) -> (Double, Double) {
    var scenario = scenario
    scenario.marketing.sources[0].leadsPerMonth = .schedule(
      Schedule(points: [
        SchedulePoint(from: TestScenarios.date("2026-06-01"), value: .fixed(400)),
        SchedulePoint(from: TestScenarios.date("2026-07-01"), value: .fixed(0)),
      ]))
    let m = scenario.horizon.months
    var active = 0.0
    var won = 0.0
    for trial in figures(of: scenario, trials: trials, seed: seed) {
      active += trial[Figure.wonActive.rawValue * m + m - 1]
      won += trial[Figure.wonCumulative.rawValue * m + m - 1]
    }
    return (active, won)
  }

  /// A June 2026 funnel on a 24x7 calendar where every SQL connects at once and every
  /// opportunity closes the moment it is created: deals arrive as a Poisson process, uniform
  /// over the month's minutes.
  static func juneCustomers(churn: Value) -> Scenario {
    var scenario = TestScenarios.thinning(
      leadsPerMonth: 400, qualify: 1, close: 1, dealSize: 100, revenueGoal: 0, months: 1)
    scenario.horizon = Horizon(start: TestScenarios.date("2026-06-01"), months: 1)
    scenario.service = Service(
      existingCustomers: 0, agents: 1, hoursPerDay: 24, ticketsPerCustomerPerMonth: .fixed(0),
      handleMinutes: .fixed(1), monthlyChurn: churn)
    return scenario
  }

  /// 1a: June's churn is June's rate. A schedule of 0 from June 1 and 0.5 from July 1 on a
  /// June horizon churns nobody: retention is exactly 1 in every trial (it was 0.5).
  @Test func aChurnScheduleTakesEffectInItsOwnMonth() {
    let churn = Value.schedule(
      Schedule(points: [
        SchedulePoint(from: TestScenarios.date("2026-06-01"), value: .fixed(0)),
        SchedulePoint(from: TestScenarios.date("2026-07-01"), value: .fixed(0.5)),
      ]))
    let model = CompiledModel(Self.juneCustomers(churn: churn))
    let m = model.months
    for trial in Self.figures(of: Self.juneCustomers(churn: churn), trials: 50, seed: 3) {
      let won = trial[Figure.wonCumulative.rawValue * m]
      #expect(won > 0)
      #expect(trial[Figure.wonActive.rawValue * m] == won, "retention must be 1 with June's churn of 0")
    }
  }

  /// 1a, the other way round, and pro-rata churn as a known value: 0.5 in June and 0 from
  /// July. A customer won at the uniform fraction u of the month stays with probability
  /// 0.5^(1 − u), so E[retention] = ∫₀¹ 0.5^s ds = 0.5 / ln 2 = 0.72135.
  @Test func proRataChurnOfTheMonthsOwnRate() {
    let churn = Value.schedule(
      Schedule(points: [
        SchedulePoint(from: TestScenarios.date("2026-06-01"), value: .fixed(0.5)),
        SchedulePoint(from: TestScenarios.date("2026-07-01"), value: .fixed(0)),
      ]))
    let scenario = Self.juneCustomers(churn: churn)
    let m = 1
    var active = 0.0
    var won = 0.0
    let trials = Self.figures(of: scenario, trials: 400, seed: 5)
    for trial in trials {
      active += trial[Figure.wonActive.rawValue * m]
      won += trial[Figure.wonCumulative.rawValue * m]
    }
    let expected = 0.5 / Double.log(2.0)
    // About 160,000 customers, each retained independently given its win time: the pooled
    // share has variance p(1 − p)/n with p(1 − p) ≤ 0.25 (the mixture over win times only
    // lowers it); 4 standard errors.
    let se = (0.25 / won).squareRoot()
    #expect(abs(active / won - expected) < 4 * se, "retention \(active / won) vs \(expected), se \(se)")
  }

  /// 1a for customers of the whole month: June's wins face July's own churn in July. Churn 0
  /// in June, 0.5 in July, 0 from August, customers won only in June, a June–July horizon:
  /// each stays through June for sure and through July with probability 1/2.
  @Test func aWholeMonthsChurnIsThatMonthsRate() {
    var scenario = Self.juneCustomers(
      churn: .schedule(
        Schedule(points: [
          SchedulePoint(from: TestScenarios.date("2026-06-01"), value: .fixed(0)),
          SchedulePoint(from: TestScenarios.date("2026-07-01"), value: .fixed(0.5)),
          SchedulePoint(from: TestScenarios.date("2026-08-01"), value: .fixed(0)),
        ])))
    scenario.horizon.months = 2
    let (active, won) = Self.retainedAtTheEnd(ofJuneWins: scenario, trials: 100, seed: 6)
    // Binomial(won, 1/2): 4 standard errors.
    #expect(abs(active / won - 0.5) < 4 * (0.25 / won).squareRoot(), "retention \(active / won)")
  }

  /// 1b: an attempt that starts at an opening reads rates at the opening, not at the previous
  /// close. June 2026, 1,000 leads all after hours, connectRate 0 on June 1 and 1 from June 2,
  /// many reps so that every overnight lead is attempted at 09:00 sharp. Lost: the leads of
  /// 00:00–09:00 on June 1 (attempted at 09:00 at rate 0) and those after 17:00 on June 30
  /// (attempted in July, outside the horizon): 540 + 420 of June's 32,640 closed minutes, so
  /// deals ~ Poisson(1000 × (1 − 960/32640)) = Poisson(970.59). The defect gave 941.2 (every
  /// morning of June 2 read June 1's evening).
  @Test func anAttemptAtTheOpeningReadsTheOpeningsRate() {
    let june = TestScenarios.date("2026-06-01")
    let scenario = Scenario(
      name: "overnight", horizon: Horizon(start: june, months: 1),
      marketing: Marketing(
        sources: [LeadSource(name: "night", leadsPerMonth: .fixed(1000))], businessHoursShare: 0),
      sales: Sales(
        reps: 200, hoursPerDay: 8,
        followUp: FollowUp(
          maxAttempts: 1, minutesPerAttempt: 1, retryAfterHours: 1,
          connectRate: .schedule(
            Schedule(points: [
              SchedulePoint(from: june, value: .fixed(0)),
              SchedulePoint(from: TestScenarios.date("2026-06-02"), value: .fixed(1)),
            ]))),
        closeRate: .fixed(1), dealSize: .fixed(1), cycleDays: .fixed(0)))
    let n = 400
    var deals = 0.0
    for trial in Self.figures(of: scenario, trials: n, seed: 9) { deals += trial[Figure.deals.rawValue] }
    let mean = 1000 * (1 - 960.0 / 32640)
    // Deals per trial are Poisson(mean): the average of n has SD sqrt(mean / n) ≈ 1.56.
    #expect(abs(deals / Double(n) - mean) < 4 * (mean / Double(n)).squareRoot(), "deals \(deals / Double(n))")
  }

  /// 1c: zero-minute attempts (automated e-mail) on leads that arrive only in August must not
  /// produce July revenue. August 2026 starts on a Saturday: a weekend lead is attempted at
  /// Monday's opening, whose business minute is also Friday July 31's close.
  @Test func zeroMinuteAttemptsDoNotCloseBeforeTheLeadArrives() {
    let scenario = Scenario(
      name: "august", horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 2),
      marketing: Marketing(sources: [
        LeadSource(
          name: "august",
          leadsPerMonth: .schedule(
            Schedule(points: [
              SchedulePoint(from: TestScenarios.date("2026-07-01"), value: .fixed(0)),
              SchedulePoint(from: TestScenarios.date("2026-08-01"), value: .fixed(300)),
            ])))
      ]),
      sales: Sales(
        reps: 2, hoursPerDay: 8,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 0, retryAfterHours: 1, connectRate: .fixed(1)),
        closeRate: .fixed(1), dealSize: .fixed(1), cycleDays: .fixed(0)))
    let m = 2
    for trial in Self.figures(of: scenario, trials: 50, seed: 1) {
      #expect(trial[Figure.leads.rawValue * m] == 0)
      #expect(trial[Figure.deals.rawValue * m] == 0, "July deals from August leads")
      #expect(trial[Figure.deals.rawValue * m + 1] > 0)
    }
  }
}

/// ``CompiledParameter/survival(from:to:monthMinutes:points:drawn:)`` against hand computations.
@Suite struct ChurnSurvivalTests {
  /// Survival over `[a, b)` for a schedule of (wall minute, rate) points.
  static func survival(_ schedule: [(Double, Double)], linear: Bool, from a: Double, to b: Double, month: Double)
    -> Double
  {
    let points = schedule.map { CompiledPoint(wallMinute: $0.0, distribution: .fixed($0.1)) }
    var drawn = schedule.map(\.1)
    let parameter = CompiledParameter(firstPoint: 0, pointCount: points.count, linear: linear)
    return points.withUnsafeBufferPointer { pts in
      drawn.withUnsafeMutableBufferPointer {
        parameter.survival(from: a, to: b, monthMinutes: month, points: pts, drawn: $0.baseAddress!)
      }
    }
  }

  @Test func aPlainRateIsTheProRataPower() {
    // Bit-identical to the unscheduled formula (1 − c)^f.
    #expect(Self.survival([(-.infinity, 0.2)], linear: false, from: 0, to: 30, month: 30) == 0.8)
    #expect(Self.survival([(-.infinity, 0.2)], linear: false, from: 10, to: 30, month: 30) == Double.pow(0.8, 20.0 / 30))
  }

  @Test func aStepInsideTheMonthWeightsEachRateByItsTime() {
    // 0 for the first half, 0.5 for the second: 0.5^(1/2).
    let s = Self.survival([(0, 0), (15, 0.5)], linear: false, from: 0, to: 30, month: 30)
    #expect(abs(s - 0.5.squareRoot()) < 1e-15)
    // A step at the month's end does not reach into it.
    #expect(Self.survival([(0, 0), (30, 0.5)], linear: false, from: 0, to: 30, month: 30) == 1)
    // Before the first point its value holds.
    let early = Self.survival([(10, 0.5), (40, 0)], linear: false, from: 0, to: 30, month: 30)
    #expect(abs(early - 0.5) < 1e-15)
  }

  @Test func aLinearRampIntegratesLogSurvival() {
    // c from 0 to 0.5 over the month: ∫₀¹ log(1 − s/2) ds = (−0.5 log 0.5) / 0.5 − 1 = log 2 − 1.
    let s = Self.survival([(0, 0), (30, 0.5)], linear: true, from: 0, to: 30, month: 30)
    #expect(abs(s - Double.exp(Double.log(2.0) - 1)) < 1e-14)
    // A ramp to 1 (everybody leaves by its end) still keeps a share: ∫₀¹ log(1 − s) ds = −1.
    let toOne = Self.survival([(0, 0), (30, 1)], linear: true, from: 0, to: 30, month: 30)
    #expect(abs(toOne - Double.exp(-1.0)) < 1e-14)
    // Midpoint-rule branch for a nearly flat ramp, against a fine numerical integral.
    let flat = Self.survival([(0, 0.3), (30, 0.3 + 1e-7)], linear: true, from: 0, to: 30, month: 30)
    #expect(abs(flat - (0.7 - 0.5e-7)) < 1e-12)
    // Past the last point the last value holds.
    let after = Self.survival([(0, 0), (10, 0.5)], linear: true, from: 10, to: 30, month: 30)
    #expect(abs(after - Double.pow(0.5, 20.0 / 30)) < 1e-15)
  }
}
