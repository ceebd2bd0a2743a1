import RealModule
import Testing

@testable import SLASim

/// Marketing's per-source lead goal (`marketing.sources[i].goals.leadsPerMonth`).
@Suite struct SourceLeadGoalTests {
  /// Poisson splitting (Kingman 1993, §5.1): leads ~ Poisson(60 + 40) a month, each from
  /// source "a" with probability 0.6, so "a"'s leads ~ Poisson(60), independent month by
  /// month, and P(a's leads ≥ 65) is a Poisson tail.
  @Test func sourceGoalIsThePoissonTailOfTheSplitStream() async throws {
    var scenario = TestScenarios.thinning(
      leadsPerMonth: 0, qualify: 1, close: 0, dealSize: 1, revenueGoal: 0, months: 3)
    scenario.sales.goals = SalesGoals()
    scenario.marketing.sources = [
      LeadSource(name: "a", leadsPerMonth: .fixed(60), leadsGoalPerMonth: .fixed(65)),
      LeadSource(name: "b", leadsPerMonth: .fixed(40)),
    ]
    let n = 20_000
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 3, threads: 2)
    let marketing = try #require(result.party(.marketing))
    let goal = try #require(marketing.goals.first)
    #expect(goal.key == "sources[a].leadsPerMonth")
    let p = poissonUpperTail(mean: 60, atLeast: 65)
    // Binomial proportions over n independent trials; 4 standard errors per check.
    let se = (p * (1 - p) / Double(n)).squareRoot()
    for month in 0..<3 {
      #expect(abs(goal.byMonth[month].estimate - p) < 4 * se, "month \(month): \(goal.byMonth[month].estimate) vs \(p)")
    }
    let pAll = p * p * p
    #expect(abs(goal.probability.estimate - pAll) < 4 * (pAll * (1 - pAll) / Double(n)).squareRoot())
  }

  /// With one source its goal counts exactly the leads the company goal counts, trial by trial.
  @Test func oneSourceGoalAgreesWithTheCompanyGoalExactly() async throws {
    var scenario = TestScenarios.thinning(
      leadsPerMonth: 0, qualify: 1, close: 0, dealSize: 1, revenueGoal: 0, months: 2)
    scenario.sales.goals = SalesGoals()
    scenario.marketing.sources = [LeadSource(name: "web", leadsPerMonth: .fixed(50), leadsGoalPerMonth: .fixed(52))]
    scenario.marketing.goals = MarketingGoals(leadsPerMonth: .fixed(52))
    let result = await SimulationEngine(scenario: scenario).run(trials: 4000, seed: 5, threads: 2)
    let goals = try #require(result.party(.marketing)).goals
    #expect(goals.map(\.key) == ["leadsPerMonth", "sources[web].leadsPerMonth"])
    #expect(goals[0].byMonth.map(\.estimate) == goals[1].byMonth.map(\.estimate))
    #expect(goals[0].probability.estimate == goals[1].probability.estimate)
  }

  @Test func sourceGoalIsDecodedAndValidated() throws {
    let s = try #require(
      load(edited([("marketing.sources[0].goals", #"{"leadsPerMonth": 90}"#)])).scenario)
    #expect(s.marketing.sources[0].leadsGoalPerMonth == .fixed(90))
    #expect(s.marketing.sources[1].leadsGoalPerMonth == nil)
    let negative = errorMessages(edited([("marketing.sources[1].goals", #"{"leadsPerMonth": -1}"#)]))
    #expect(negative.count == 1)
    #expect(negative.first?.contains("marketing.sources[1].goals.leadsPerMonth") == true)
    let unknown = errorMessages(edited([("marketing.sources[0].goals", #"{"sqlsPerMonth": 5}"#)]))
    #expect(unknown.count == 1)
    #expect(unknown.first?.contains("marketing.sources[0].goals") == true)
  }
}
