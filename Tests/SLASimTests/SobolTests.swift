import RealModule
import Testing

@testable import SLASim

/// Sobol indices (`sensitivity --sobol N`; issue 9, item 4): Saltelli's sampling, the Saltelli
/// 2010 first-order and Jansen total estimators and their Poisson-bootstrap intervals.
@Suite struct SobolTests {
  /// The Ishigami function, f = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁ with xᵢ uniform on [−π, π],
  /// a = 7, b = 0.1 (T. Ishigami and T. Homma 1990), through the same estimator as a scenario.
  struct Ishigami: SobolModel {
    var factorCount: Int { 3 }
    var outputCount: Int { 1 }
    func makeScratch() {}
    func evaluate(a: UInt64, b: UInt64, _ variant: SobolVariant, scratch: inout Void, outputs: UnsafeMutablePointer<Double>) {
      var x = [0.0, 0.0, 0.0]
      for i in 0..<3 {
        let fromB: Bool
        switch variant {
        case .a: fromB = false
        case .b: fromB = true
        case .aWithFactorFromB(let j): fromB = i == j
        }
        var g = SplitMix64(seed: streamSeed(master: fromB ? b : a, index: UInt64(i)))
        x[i] = -Double.pi + 2 * Double.pi * Sample.uniform(using: &g)
      }
      let s1 = Double.sin(x[0])
      let s2 = Double.sin(x[1])
      outputs[0] = s1 + 7 * s2 * s2 + 0.1 * Double.pow(x[2], 4) * s1
    }
  }

  /// The analytic indices: V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V₁ = (1 + bπ⁴/5)²/2, V₂ = a²/8,
  /// V₃ = 0, V₁₃ = b²π⁸(1/18 − 1/50) (Saltelli et al., Global Sensitivity Analysis: The
  /// Primer, Wiley 2008, §4.9): S = (0.3139, 0.4424, 0), S_T = (0.5576, 0.4424, 0.2437).
  static var ishigamiIndices: (first: [Double], total: [Double]) {
    let (a, b, pi) = (7.0, 0.1, Double.pi)
    let v = a * a / 8 + b * Double.pow(pi, 4) / 5 + b * b * Double.pow(pi, 8) / 18 + 0.5
    let v1 = 0.5 * (1 + b * Double.pow(pi, 4) / 5) * (1 + b * Double.pow(pi, 4) / 5)
    let v2 = a * a / 8
    let v13 = b * b * Double.pow(pi, 8) * (1.0 / 18 - 1.0 / 50)
    return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v])
  }

  /// Each index is within 4 bootstrap standard errors ((high − low)/3.92) of its analytic
  /// value, and the intervals are narrow enough (under 0.1 wide at 20,000 rows) for the check
  /// to mean something. The analytic values are also printed in the Primer to four places.
  @Test func ishigamiIndicesMatchTheirAnalyticValues() async {
    let (first, total) = Self.ishigamiIndices
    #expect(abs(first[0] - 0.3139) < 1e-4 && abs(first[1] - 0.4424) < 1e-4)
    #expect(abs(total[0] - 0.5576) < 1e-4 && abs(total[2] - 0.2437) < 1e-4)
    let e = await SobolAnalysis.estimate(Ishigami(), names: ["f"], baseRows: 20_000, seed: 11, threads: 2)
    #expect(e.runs == 100_000)
    let out = e.outputs[0]
    #expect(abs(out.variance / 13.8446 - 1) < 0.03, "variance \(out.variance)")
    for (indices, analytic, what) in [(out.firstOrder, first, "S"), (out.total, total, "S_T")] {
      guard let indices else {
        Issue.record("no \(what)")
        continue
      }
      for i in 0..<3 {
        let se = (indices[i].high - indices[i].low) / 3.92
        #expect(indices[i].high - indices[i].low < 0.1, "\(what)\(i + 1) interval \(indices[i])")
        #expect(indices[i].low <= indices[i].estimate && indices[i].estimate <= indices[i].high)
        #expect(
          abs(indices[i].estimate - analytic[i]) < 4 * se,
          "\(what)\(i + 1) = \(indices[i].estimate) [\(indices[i].low), \(indices[i].high)], analytic \(analytic[i])")
      }
    }
  }

  /// The same seed gives the same bits on one thread or two (rows fold in block order).
  @Test func estimatesDoNotDependOnThreads() async {
    let one = await SobolAnalysis.estimate(Ishigami(), names: ["f"], baseRows: 1_000, seed: 4, threads: 1)
    let two = await SobolAnalysis.estimate(Ishigami(), names: ["f"], baseRows: 1_000, seed: 4, threads: 2)
    #expect(one.outputs[0].firstOrder == two.outputs[0].firstOrder)
    #expect(one.outputs[0].total == two.outputs[0].total)
  }

  /// A funnel whose close rate is wide (beta, sd 0.08) and whose qualify rate is nearly fixed
  /// (sd 0.002): the close rate carries almost all of revenue's variance apart from the
  /// deals' own Poisson noise, and the qualify rate almost none. Revenue per trial is
  /// 1,000 × Poisson(3 × 100 × q × c), so Var = E[λ]·10⁶ + Var(λ)·10⁶ with λ = 300 q c: the
  /// close rate's share Var(300·0.5·c)/Var(revenue/1000) is about 144/(45 + 144) = 0.76.
  @Test func aDominantInputTakesTheVariance() async throws {
    var s = TestScenarios.thinning(leadsPerMonth: 100, qualify: 0.5, close: 0.3, dealSize: 1000, revenueGoal: 15_000, months: 3)
    s.sales.closeRate = .distribution(.beta(alpha: 9.54, beta: 22.26))  // mean 0.3, sd 0.08
    s.marketing.sources[0].qualifyRate = .distribution(.beta(alpha: 31_249.5, beta: 31_249.5))  // sd 0.002
    let (factors, e) = await SobolAnalysis.estimate(scenario: s, baseRows: 4_000, seed: 3, threads: 2)
    #expect(factors == ["marketing.sources[all].qualifyRate", "sales.closeRate"])
    #expect(e.runs == 16_000)
    let revenue = try #require(e.outputs.first { $0.name == "revenue" })
    let first = try #require(revenue.firstOrder)
    let total = try #require(revenue.total)
    // Analytic share of the close rate: Var(150 c) = 150²·0.08² = 144; E[λ] = 45.
    let share = 144.0 / (45 + 144 + 300 * 300 * 0.3 * 0.3 * 0.002 * 0.002)
    #expect(abs(first[1].estimate - share) < 4 * (first[1].high - first[1].low) / 3.92, "S close \(first[1])")
    #expect(first[1].estimate > 0.6)
    #expect(total[0].estimate < 0.05, "S_T qualify \(total[0])")
    let sales = try #require(e.outputs.first { $0.name == "sales" })
    let salesTotal = try #require(sales.total)
    #expect(salesTotal[1].estimate > 10 * salesTotal[0].estimate, "sales S_T \(salesTotal)")
  }

  /// An output that never varies (a goal met in every trial) has no indices rather than 0/0.
  @Test func anOutputThatNeverVariesHasNoIndices() async throws {
    var s = TestScenarios.thinning(leadsPerMonth: 100, qualify: 0.5, close: 0.3, dealSize: 1000, revenueGoal: 0, months: 1)
    s.sales.closeRate = .distribution(.beta(alpha: 3, beta: 7))
    let (_, e) = await SobolAnalysis.estimate(scenario: s, baseRows: 300, seed: 1, threads: 1)
    let sales = try #require(e.outputs.first { $0.name == "sales" })
    #expect(sales.firstOrder == nil && sales.total == nil && sales.mean == 1)
  }
}
