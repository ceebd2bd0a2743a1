import RealModule

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
