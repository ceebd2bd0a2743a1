import Testing

@testable import SLASim

/// Volumes and goals that step inside a month apply from the step, not from the next month
/// (issue 6, item 6): a month's expected count is the integral of the schedule over its
/// minutes, and arrivals follow the piecewise-constant rate.
@Suite struct MidMonthTests {
  static func step(_ first: String, _ a: Distribution, _ second: String, _ b: Distribution) -> Value {
    .schedule(
      Schedule(points: [
        SchedulePoint(from: TestScenarios.date(first), value: a),
        SchedulePoint(from: TestScenarios.date(second), value: b),
      ]))
  }

  static func july(leads: Value, calendar: CalendarSpec, share: Double? = nil) -> Scenario {
    Scenario(
      name: "july", horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 1), calendar: calendar,
      marketing: Marketing(sources: [LeadSource(name: "web", leadsPerMonth: leads)], businessHoursShare: share),
      sales: Sales(
        reps: 50, hoursPerDay: calendar == .alwaysOpen ? 24 : 8,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 1, retryAfterHours: 1, connectRate: .fixed(0)),
        closeRate: .fixed(0), dealSize: .fixed(1), cycleDays: .fixed(0)))
  }

  /// 0 leads a month until July 15, then 620: July gets 620 × 17/31 = 340, all from July 15 on.
  @Test func aLeadVolumeStepAppliesFromItsDay() {
    let scenario = Self.july(leads: Self.step("2026-07-01", .fixed(0), "2026-07-15", .fixed(620)), calendar: .alwaysOpen)
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    scratch.isTracing = true
    var rng = Xoshiro256StarStar(seed: 21)
    let n = 300
    var leads = 0.0
    let july15 = model.clock.wallMinute(of: TestScenarios.date("2026-07-15"))
    for _ in 0..<n {
      model.simulateTrial(&scratch, using: &rng)
      leads += scratch.figures[Figure.leads.rawValue]
      for i in 0..<scratch.trace.count where scratch.trace[i].kind == .sqlArrival {
        #expect(scratch.trace[i].wall >= july15)
      }
    }
    // Poisson(340) a trial: 4 standard errors of the mean.
    #expect(abs(leads / Double(n) - 340) < 4 * (340 / Double(n)).squareRoot(), "\(leads / Double(n))")
  }

  /// The same step on 09:00–17:00 with 70% of leads in business hours: each part keeps the
  /// month's intensity per business (closed) minute, so July's mean is
  /// 620 × (0.7 × 13/23 + 0.3 × 18,240/33,600) = 346.28 (13 of July 2026's 23 business days
  /// and 18,240 of its 33,600 closed minutes fall on or after July 15).
  @Test func aStepSplitsBusinessAndClosedHoursByTheirShareOfTheMonth() {
    let scenario = Self.july(
      leads: Self.step("2026-07-01", .fixed(0), "2026-07-15", .fixed(620)), calendar: .standard, share: 0.7)
    let n = 300
    var leads = 0.0
    for trial in EngineDefectTests.figures(of: scenario, trials: n, seed: 22) { leads += trial[Figure.leads.rawValue] }
    let expected = 620 * (0.7 * 13 / 23 + 0.3 * 18_240 / 33_600)
    #expect(abs(leads / Double(n) - expected) < 4 * (expected / Double(n)).squareRoot(), "\(leads / Double(n))")
  }

  /// Steps on a month's first day keep the month-level draw: bit-identical to a plain value.
  @Test func aStepOnTheFirstOfTheMonthIsAPlainMonthlyValue() {
    let plain = Self.july(leads: .fixed(300), calendar: .standard)
    let stepped = Self.july(leads: Self.step("2026-07-01", .fixed(300), "2026-08-01", .fixed(900)), calendar: .standard)
    #expect(
      EngineDefectTests.figures(of: plain, trials: 20, seed: 3)
        == EngineDefectTests.figures(of: stepped, trials: 20, seed: 3))
  }

  /// Tickets: 1,000 customers raising none a month until June 16, then one: 1,000 × 15/30 = 500
  /// tickets in June, all from June 16 on. Customers won during June at uniform times under a
  /// rate of 0 then 3 a month from June 16 raise 3 × E[1 − max(U, 1/2)] = 1.125 tickets each.
  @Test func aTicketRateStepAppliesFromItsDay() {
    let rate = Self.step("2026-06-01", .fixed(0), "2026-06-16", .fixed(1))
    var scenario = EngineDefectTests.juneCustomers(churn: .fixed(0))
    scenario.marketing.sources[0].leadsPerMonth = .fixed(0)
    scenario.service?.existingCustomers = 1000
    scenario.service?.agents = 200
    scenario.service?.ticketsPerCustomerPerMonth = rate
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    scratch.isTracing = true
    var rng = Xoshiro256StarStar(seed: 23)
    let june16 = model.clock.wallMinute(of: TestScenarios.date("2026-06-16"))
    let n = 300
    var tickets = 0.0
    for _ in 0..<n {
      model.simulateTrial(&scratch, using: &rng)
      tickets += scratch.figures[Figure.tickets.rawValue]
      for i in 0..<scratch.trace.count where scratch.trace[i].kind == .ticketAnswered {
        #expect(scratch.trace[i].wall >= june16)
      }
    }
    #expect(abs(tickets / Double(n) - 500) < 4 * (500 / Double(n)).squareRoot(), "\(tickets / Double(n))")

    // New customers only: 400 a month (Poisson), each raising Poisson(3 × (1 − max(u, 1/2)))
    // tickets; the count over a trial is compound Poisson with variance 400 × E[N²] where
    // E[N²] = E[λ] + E[λ²] = 1.125 + 9 × (1/8 + 1/24) = 2.625.
    var won = EngineDefectTests.juneCustomers(churn: .fixed(0))
    won.service?.agents = 200
    won.service?.ticketsPerCustomerPerMonth = Self.step("2026-06-01", .fixed(0), "2026-06-16", .fixed(3))
    var newTickets = 0.0
    for trial in EngineDefectTests.figures(of: won, trials: n, seed: 24) { newTickets += trial[Figure.tickets.rawValue] }
    let sd = (400 * 2.625).squareRoot()
    #expect(abs(newTickets / Double(n) - 450) < 4 * sd / Double(n).squareRoot(), "\(newTickets / Double(n))")
  }

  /// Other revenue of 0 until July 16 and 310,000 a month from then: July gets 310,000 × 16/31.
  @Test func otherRevenueStepsMidMonth() {
    var scenario = Self.july(leads: .fixed(0), calendar: .standard)
    scenario.sales.otherRevenuePerMonth = Self.step("2026-07-01", .fixed(0), "2026-07-16", .fixed(310_000))
    for trial in EngineDefectTests.figures(of: scenario, trials: 3, seed: 1) {
      #expect(abs(trial[Figure.revenue.rawValue] - 160_000) < 1e-6)
    }
  }

  /// A goal stepping from 100 to 400 on July 16: July's target is 100 × 15/31 + 400 × 16/31;
  /// August's is 400.
  @Test func aGoalSteppingMidMonthIsItsTimeWeightedMean() {
    var scenario = Self.july(leads: .fixed(0), calendar: .standard)
    scenario.horizon.months = 2
    scenario.sales.goals.revenuePerMonth = Self.step("2026-07-01", .fixed(100), "2026-07-16", .fixed(400))
    let targets = CompiledModel(scenario).goals[0].targets
    #expect(abs(targets[0] - (100 * 15.0 / 31 + 400 * 16.0 / 31)) < 1e-9)
    #expect(targets[1] == 400)
  }
}
