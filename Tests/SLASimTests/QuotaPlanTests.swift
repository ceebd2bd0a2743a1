import RealModule
import Testing

@testable import SLASim

/// `slasim plan`'s arithmetic and its known values (issue 9, items 1 and 7; docs/plan.md).
@Suite struct QuotaPlanTests {
  /// P(X ≤ k) for X ~ Poisson(mean).
  static func poissonCDF(mean: Double, atMost k: Int) -> Double { 1 - poissonUpperTail(mean: mean, atLeast: k + 1) }

  /// A queue-free funnel (``TestScenarios/thinning``) whose leads follow `leadsByMonth`: every
  /// lead is a deal of `deal` at once, so a month's revenue is `deal` × Poisson(leads).
  static func poissonRevenue(leadsByMonth: [Double], deal: Double) -> Scenario {
    var s = TestScenarios.thinning(
      leadsPerMonth: 0, qualify: 1, close: 1, dealSize: deal, revenueGoal: 0, months: leadsByMonth.count)
    s.sales.goals = SalesGoals()
    s.marketing.sources[0].leadsPerMonth = QuotaArithmetic.monthlySchedule(leadsByMonth, start: s.horizon.start)
    return s
  }

  // MARK: Cents

  @Test func centsAddUpToTheTotalExactly() {
    #expect(QuotaArithmetic.cents([1, 1, 1], total: 100) == [33.34, 33.33, 33.33])
    #expect(QuotaArithmetic.cents([0, 0], total: 0.01) == [0.01, 0])
    #expect(QuotaArithmetic.cents([2, 1], total: 0) == [0, 0])
    var g = TestGenerator(seed: 9)
    for _ in 0..<500 {
      let months = 1 + Int(g.next() % 24)
      let quotas = (0..<months).map { _ in Double(g.next() % 1_000_000_000) / 1000 }
      let totalCents = Int64(g.next() % 100_000_000_000)
      let total = Double(totalCents) / 100
      let split = QuotaArithmetic.cents(quotas, total: total)
      // Whole cents, each one the double nearest its cents, adding up to the total in cents.
      let cents = split.map { Int64(($0 * 100).rounded()) }
      #expect(zip(split, cents).allSatisfy { $0 == Double($1) / 100 })
      #expect(cents.reduce(0, +) == totalCents)
      #expect(split.allSatisfy { $0 >= 0 })
    }
  }

  // MARK: The root search

  /// Two months of four trials: ranks 0…3 hold 10, 20, 30, 40 and 100, 200, 300, 400, so
  /// S(r) = 110, 220, 330, 440. For 250 the common rank is 1 (S = 220 ≤ 250 < 330), λ = 30/110,
  /// the quotas 20 + 10λ and 200 + 100λ, the level (4 − 1 − λ)/4.
  @Test func equalRiskInterpolatesBetweenTwoCommonRanks() {
    let steps: [[(floor: Double, cumulative: Int)]] = [
      [(10, 1), (20, 2), (30, 3), (40, 4)], [(100, 1), (200, 2), (300, 3), (400, 4)],
    ]
    let (quotas, level) = QuotaArithmetic.equalRisk(steps, trials: 4, total: 250)
    let lambda = 30.0 / 110
    #expect(quotas == QuotaArithmetic.cents([20 + 10 * lambda, 200 + 100 * lambda], total: 250))
    #expect(quotas == [22.73, 227.27])
    #expect(abs(level - (3 - lambda) / 4) < 1e-15)
    // Below every trial: met in every trial; above the best: in none.
    #expect(QuotaArithmetic.equalRisk(steps, trials: 4, total: 55).level == 1)
    #expect(QuotaArithmetic.equalRisk(steps, trials: 4, total: 1000).level == 0)
    #expect(QuotaArithmetic.equalRisk(steps, trials: 4, total: 1000).quotas.reduce(0, +) == 1000)
  }

  // MARK: Known values

  /// Monthly revenue $1,000 × Poisson(20, 32, 45): the equal-risk quotas for 97,000 are the
  /// Poisson medians 20, 32 and 45 deals exactly. On a lattice the months cannot all have one
  /// probability: every rank r with n·F_m(k_m − 1) ≤ r < n·F_m(k_m) in all three months (here
  /// 0.480n…0.540n, about 10 binomial standard errors wide at n = 8,000) puts each month at
  /// its atom k_m and
  /// sums to exactly 97,000, so λ = 0 and the quotas are the atoms; each month is then met with
  /// P(X_m ≥ k_m), and the common level is the least of them that the plateau's last rank
  /// reaches, 1 − min F_m(k_m) + 1/n (docs/plan.md, "Lattices").
  @Test func poissonRevenueGivesPoissonQuantiles() async {
    let leads = [20.0, 32, 45]
    let n = 8000
    let engine = SimulationEngine(scenario: Self.poissonRevenue(leadsByMonth: leads, deal: 1000))
    let plan = await engine.plan(annualRevenue: 97_000, method: .equalRisk, overAssign: 1, trials: n, seed: 21, threads: 2)
    let equalRisk = plan.chosen
    #expect(equalRisk.quotas == [20_000, 32_000, 45_000])
    for (m, mean) in leads.enumerated() {
      let p = poissonUpperTail(mean: mean, atLeast: Int(mean))
      let se = (p * (1 - p) / Double(n)).squareRoot()
      // A binomial proportion over n trials: 4 standard errors.
      #expect(abs(equalRisk.monthProbabilities[m].estimate - p) < 4 * se, "month \(m)")
    }
    let plateauEnd = leads.map { Self.poissonCDF(mean: $0, atMost: Int($0)) }.min() ?? 0
    let level = 1 - plateauEnd + 1 / Double(n)
    let se = (level * (1 - level) / Double(n)).squareRoot()
    #expect(abs((equalRisk.commonProbability ?? -1) - level) < 4 * se)
  }

  /// Three identical months, $1,000 × Poisson(30): for 84,000 the equal-risk split is the even
  /// split, 28,000 a month, exactly (every common rank from 0.333n to 0.403n sits on atom 28).
  @Test func identicalMonthsSplitEvenly() async throws {
    let engine = SimulationEngine(scenario: Self.poissonRevenue(leadsByMonth: [30, 30, 30], deal: 1000))
    let plan = await engine.plan(annualRevenue: 84_000, method: .equalRisk, overAssign: 1, trials: 8000, seed: 4, threads: 2)
    let even = try #require(plan.splits.first { $0.name == "even" })
    #expect(plan.chosen.quotas == [28_000, 28_000, 28_000])
    #expect(plan.chosen.quotas == even.quotas)
    #expect(plan.chosen.monthProbabilities.map(\.successes) == even.monthProbabilities.map(\.successes))
  }

  /// Continuous monthly revenue (lognormal deals) over a growing lead volume: the equal-risk
  /// quotas rise with the months, every split sums to the target to the cent, and the
  /// equal-risk months meet their quotas with the common probability on trials the plan never
  /// saw (another seed). Two errors add up: the fresh estimate's, p(1 − p)/n, and the quota's
  /// own, an order statistic of the plan's n₀ trials whose true exceedance probability has
  /// variance p(1 − p)/n₀ (its coverage is Beta-distributed; David & Nagaraja 2003, §2.5), so
  /// each month must be within 4·√(p(1 − p)(1/n + 1/n₀)) of the level.
  @Test func equalRiskMonthsShareOneProbabilityOnFreshTrials() async throws {
    var scenario = Self.poissonRevenue(leadsByMonth: [40, 55, 70, 60], deal: 1)
    scenario.sales.dealSize = .distribution(.lognormal(mu: Double.log(2000), sigma: 0.6))
    let target = 512_345.67
    let engine = SimulationEngine(scenario: scenario)
    let plan = await engine.plan(
      annualRevenue: target, method: .equalRisk, overAssign: 1.2, trials: 6000, seed: 8, threads: 2)
    for split in plan.splits + [plan.assigned].compactMap({ $0 }) {
      let cents = split.quotas.map { Int64(($0 * 100).rounded()) }.reduce(0, +)
      #expect(cents == Int64((split.total * 100).rounded()), "\(split.name)")
    }
    #expect(plan.splits.allSatisfy { $0.total == target })
    #expect(plan.assigned?.total == 614_814.8)
    let quotas = plan.chosen.quotas
    #expect(quotas[0] < quotas[1] && quotas[1] < quotas[2] && quotas[3] < quotas[2])
    let level = try #require(plan.chosen.commonProbability)
    let n = 10_000
    let check = await SimulationEngine(scenario: QuotaArithmetic.scenario(scenario, revenueGoals: quotas))
      .run(trials: n, seed: 99, threads: 2)
    let goal = try #require(check.party(.sales)?.goals.first)
    let se = (level * (1 - level) * (1 / Double(n) + 1 / 6000)).squareRoot()
    for m in 0..<4 {
      #expect(abs(goal.byMonth[m].estimate - level) < 4 * se, "month \(m): \(goal.byMonth[m].estimate) vs \(level)")
    }
    // The same trials the plan scored (seed 8): each month's count is the plan's, exactly.
    let same = await SimulationEngine(scenario: QuotaArithmetic.scenario(scenario, revenueGoals: quotas))
      .run(trials: 6000, seed: 8, threads: 1)
    let sameGoal = try #require(same.party(.sales)?.goals.first)
    #expect(sameGoal.byMonth.map(\.successes) == plan.chosen.monthProbabilities.map(\.successes))
  }

  /// A capacity-bound funnel: one rep works 24 hours a day on 300-minute attempts (144 a
  /// 30-day month) against 200 leads a month, so revenue is what the rep can reach.
  static func capacityBound(hire: Hire?) -> Scenario {
    var s = TestScenarios.thinning(leadsPerMonth: 200, qualify: 1, close: 0.5, dealSize: 1000, revenueGoal: 0, months: 5)
    s.sales.goals = SalesGoals()
    s.sales.followUp.minutesPerAttempt = 300
    s.sales.hires = hire.map { [$0] } ?? []
    return s
  }

  /// A hire from the third month, ramping over one month (half a rep, then a full one),
  /// moves the split towards the months it works in (their quotas' share of the same target
  /// rises, so the months before it carry less) and lowers no month's chance: at
  /// the plan's own quotas without the hire, the months before it are met in exactly the same
  /// trials (nothing happens before its cause), and the months after it more often.
  @Test func aRampingHireRaisesTheLaterQuotas() async throws {
    let hire = Hire(from: TestScenarios.date("2026-03-01"), reps: 1, rampMonths: 1)
    let n = 3000
    let without = await SimulationEngine(scenario: Self.capacityBound(hire: nil))
      .plan(annualRevenue: 400_000, method: .equalRisk, overAssign: 1, trials: n, seed: 6, threads: 2)
    let with = await SimulationEngine(scenario: Self.capacityBound(hire: hire))
      .plan(annualRevenue: 400_000, method: .equalRisk, overAssign: 1, trials: n, seed: 6, threads: 2)
    let later = { (plan: QuotaPlan) in plan.chosen.quotas[2..<5].reduce(0, +) }
    #expect(later(with) > later(without))
    for m in 0..<2 { #expect(with.chosen.quotas[m] < without.chosen.quotas[m], "month \(m)") }
    #expect(with.capacity == [1, 1, 1.5, 2, 2])
    #expect(with.repGroups.map(\.reps) == [1, 1] && with.repGroups[1].capacityFactors == [0, 0, 0.5, 1, 1])
    // The hire's quota in its half month is half a rep's.
    #expect(abs(with.repGroups[1].quotas[2] * 2 - with.repGroups[0].quotas[2]) < 1e-6)

    let fixed = without.chosen.quotas
    let scored = await SimulationEngine.score(
      model: CompiledModel(Self.capacityBound(hire: hire)), quotas: [fixed], totals: [400_000], trials: n, seed: 6,
      threads: 2
    ) { _ in }
    let before = without.chosen.monthProbabilities.map(\.successes)
    let after = (0..<5).map { scored.month(split: 0, $0).successes }
    #expect(Array(after[0..<2]) == Array(before[0..<2]))
    for m in 2..<5 { #expect(after[m] > before[m], "month \(m): \(after[m]) vs \(before[m])") }
  }

  /// Threads change nothing: the plan at 1 and 2 threads is the same, bit for bit.
  @Test func planDoesNotDependOnThreads() async {
    let engine = SimulationEngine(scenario: Self.poissonRevenue(leadsByMonth: [10, 12], deal: 500))
    let one = await engine.plan(annualRevenue: 11_000, method: .forecast, overAssign: 1, trials: 700, seed: 2, threads: 1)
    let two = await engine.plan(annualRevenue: 11_000, method: .forecast, overAssign: 1, trials: 700, seed: 2, threads: 2)
    #expect(QuotaPlanReport(plan: one, includeTiming: false).json == QuotaPlanReport(plan: two, includeTiming: false).json)
  }
}
