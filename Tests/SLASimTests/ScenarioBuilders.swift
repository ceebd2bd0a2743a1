import RealModule
import Testing

@testable import SLASim

/// Small scenarios built in code for known-value tests.
enum TestScenarios {
  static func date(_ text: String) -> CivilDate {
    guard let d = CivilDate(iso: text) else { preconditionFailure("bad test date \(text)") }
    return d
  }

  /// A queue-free funnel on a 24x7 calendar: every SQL is touched the moment it arrives
  /// (zero-minute attempts), connects on the first attempt and closes at once, so deals in a
  /// month are Poisson(leads × qualify × close) by Poisson thinning.
  static func thinning(
    leadsPerMonth: Double, qualify: Double, close: Double, dealSize: Double, revenueGoal: Double, months: Int
  )
    -> Scenario
  {
    Scenario(
      name: "thinning", horizon: Horizon(start: date("2026-01-01"), months: months), calendar: .alwaysOpen,
      marketing: Marketing(sources: [
        LeadSource(name: "all", leadsPerMonth: .fixed(leadsPerMonth), qualifyRate: .fixed(qualify))
      ]),
      sales: Sales(
        reps: 1, hoursPerDay: 24,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 0, retryAfterHours: 1, connectRate: .fixed(1)),
        closeRate: .fixed(close), dealSize: .fixed(dealSize), cycleDays: .fixed(0),
        goals: SalesGoals(revenuePerMonth: .fixed(revenueGoal))))
  }

  /// An M/M/N service desk on a 24x7 calendar in a 30-day month (June 2026): `arrivalsPerHour`
  /// tickets an hour from a fixed customer base, exponential handle times, no churn.
  static func erlang(agents: Int, arrivalsPerHour: Double, handleMinutes: Double, targetSeconds: Double) -> Scenario {
    let customers = 1000
    let perCustomer = arrivalsPerHour * 24 * 30 / Double(customers)
    return Scenario(
      name: "erlang", horizon: Horizon(start: date("2026-06-01"), months: 1), calendar: .alwaysOpen,
      marketing: Marketing(sources: [LeadSource(name: "none", leadsPerMonth: .fixed(0))]),
      sales: Sales(
        reps: 1, hoursPerDay: 24,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 1, retryAfterHours: 1, connectRate: .fixed(1)),
        closeRate: .fixed(0), dealSize: .fixed(0), cycleDays: .fixed(0)),
      service: Service(
        existingCustomers: customers, agents: agents, hoursPerDay: 24,
        ticketsPerCustomerPerMonth: .fixed(perCustomer),
        handleMinutes: .distribution(.exponential(mean: handleMinutes)),
        goals: ServiceGoals(firstResponse: ShareGoal(withinHours: targetSeconds / 3600, share: .fixed(0.8)))))
  }
}

/// Checks that `scenario`'s desk answers DOMAIN.md's Erlang C share: 10 Erlangs of 3-minute
/// work, `agents` agents, a 20-second target (exact for M/M/N FCFS).
///
/// Each trial is a 30-day month of ~144,000 tickets, its share one noisy estimate of the
/// steady-state service level. Tolerance: 5 standard errors of the mean over the trials
/// (estimated from the trials themselves) plus `transient` for the empty desk at the month's
/// start (a few minutes in 43,200).
func expectErlangCServiceLevel(
  _ scenario: Scenario, agents: Int, trials n: Int, seed: UInt64, transient: Double = 0.001,
  sourceLocation: SourceLocation = #_sourceLocation
) async {
  let analytic = ErlangC.serviceLevel(agents: agents, offeredLoad: 10, handleTime: 3, target: 20.0 / 60)
  let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: seed, threads: 2)
  guard let share = result.kpi(.serviceFirstResponseWithinShare) else {
    Issue.record("no first-response KPI", sourceLocation: sourceLocation)
    return
  }
  let se = share.sd / Double(n).squareRoot()
  #expect(
    abs(share.mean - analytic) < 5 * se + transient, "simulated \(share.mean) vs Erlang C \(analytic), se \(se)",
    sourceLocation: sourceLocation)
}

/// P(X ≥ k) for X ~ Poisson(mean), summed exactly in double precision.
func poissonUpperTail(mean: Double, atLeast k: Int) -> Double {
  var term = Double.exp(-mean)
  var below = 0.0
  for i in 0..<k {
    below += term
    term *= mean / Double(i + 1)
  }
  return 1 - below
}
