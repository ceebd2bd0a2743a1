import RealModule
import Testing

@testable import SLASim

/// The engine against results known in closed form.
@Suite struct EngineKnownValueTests {
  /// Poisson thinning (see Kingman 1993, "Poisson Processes", §5.1): leads ~ Poisson(λ) a
  /// month, each independently becomes a deal with probability q·c, so deals ~ Poisson(λqc)
  /// and P(revenue ≥ goal) is a Poisson tail, independently per month.
  @Test func dealsArePoissonThinnedLeads() async {
    let lambda = 120.0
    let q = 0.5
    let c = 0.4
    let deal = 1000.0
    let goalDeals = 25
    let months = 3
    let scenario = TestScenarios.thinning(
      leadsPerMonth: lambda, qualify: q, close: c, dealSize: deal, revenueGoal: Double(goalDeals) * deal, months: months
    )
    let n = 20_000
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 7, threads: 2)
    let mu = lambda * q * c
    let pMonth = poissonUpperTail(mean: mu, atLeast: goalDeals)
    guard let sales = result.party(.sales), let goal = sales.goals.first else {
      Issue.record("no sales goal in the result")
      return
    }
    // Each estimate is a binomial proportion over n independent trials; 4 standard errors
    // make a false failure less likely than 1e-4 per check at this fixed seed.
    for month in 0..<months {
      let se = (pMonth * (1 - pMonth) / Double(n)).squareRoot()
      #expect(
        abs(goal.byMonth[month].estimate - pMonth) < 4 * se,
        "month \(month): \(goal.byMonth[month].estimate) vs \(pMonth)")
    }
    let pHorizon = Double.pow(pMonth, months)
    let seHorizon = (pHorizon * (1 - pHorizon) / Double(n)).squareRoot()
    #expect(abs(goal.probability.estimate - pHorizon) < 4 * seHorizon)
    // Deals over the horizon ~ Poisson(3μ): mean within 4·sqrt(3μ/n), variance within 4·its SE
    // (for Poisson, Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = 3σ⁴ + σ², σ² = 3μ).
    guard let deals = result.kpi(.salesDeals) else {
      Issue.record("no deals KPI")
      return
    }
    let total = mu * Double(months)
    #expect(abs(deals.mean - total) < 4 * (total / Double(n)).squareRoot())
    let varianceSE = ((2 * total * total + total) / Double(n)).squareRoot()
    #expect(abs(deals.sd * deals.sd - total) < 4 * varianceSE)
  }

  /// DOMAIN.md's Erlang C facts: 200 contacts/h, 3-minute exponential handling, 20 s target:
  /// 14 agents answer 88.8% in time, 13 agents 79.6% (Erlang C, exact for M/M/N FCFS).
  @Test(arguments: [(14, 0.888), (13, 0.796)])
  func serviceDeskAgreesWithErlangC(agents: Int, published: Double) async {
    let analytic = ErlangC.serviceLevel(agents: agents, offeredLoad: 10, handleTime: 3, target: 20.0 / 60)
    #expect(abs(analytic - published) < 0.0005)
    let scenario = TestScenarios.erlang(agents: agents, arrivalsPerHour: 200, handleMinutes: 3, targetSeconds: 20)
    await expectErlangCServiceLevel(scenario, agents: agents, trials: 12, seed: 11)
  }

  /// The Erlang C agreement again with 20 times the trials (`SLASIM_LONG_TESTS=1`): 240 months
  /// of ~144,000 tickets, so 5 standard errors are about 0.001.
  @Test(.enabled(if: longTests), arguments: [14, 13])
  func serviceDeskAgreesWithErlangCClosely(agents: Int) async {
    let scenario = TestScenarios.erlang(agents: agents, arrivalsPerHour: 200, handleMinutes: 3, targetSeconds: 20)
    await expectErlangCServiceLevel(scenario, agents: agents, trials: 240, seed: 13, transient: 0.0005)
  }

  /// DOMAIN.md's internal SLA: $5,000 a month, $100 deals, 50% win rate on leads → 100 leads.
  @Test func reverseFunnelOfTheInternalSLA() {
    let plan = ReverseFunnel(salesQuota: 5000, marketingShare: 1, averageDealSize: 100, leadToCustomerRate: 0.5)
    #expect(plan.marketingRevenueGoal == 5000)
    #expect(plan.customersNeeded == 50)
    #expect(plan.leadsNeeded == 100)
  }
}
