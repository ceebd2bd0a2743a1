import RealModule
import Testing

@testable import SLASim

/// ``Distribution/quantile(_:nonNegative:)`` and ``TrendForecaster/predictiveQuantile(_:month:)``:
/// closed forms and published values, the CDF round trip, and agreement with the samplers the
/// kernel draws from (an independent check of both).
@Suite struct QuantileFunctionTests {
  @Test func closedFormsAndPublishedValues() {
    #expect(Distribution.uniform(min: 2, max: 6).quantile(0.25) == 3)
    #expect(abs(Distribution.exponential(mean: 1).quantile(0.9) - Double.log(10)) < 1e-15)
    #expect(abs(Distribution.normal(mean: 0, sd: 1).quantile(0.975, nonNegative: false) - 1.959963984540054) < 1e-9)
    // Half-normal: the normal conditioned on X ≥ 0; its median is Φ⁻¹(3/4).
    #expect(abs(Distribution.normal(mean: 0, sd: 1).quantile(0.5) - 0.6744897501960817) < 1e-9)
    #expect(abs(Distribution.lognormal(mu: 1, sigma: 0.5).quantile(0.5) - Double.exp(1)) < 1e-12)
    // χ² quantiles (gamma with scale 2): χ²₁(0.95) = 3.841458820694124, χ²₁₀(0.90) = 15.98717917.
    #expect(abs(Distribution.gamma(shape: 0.5, scale: 2).quantile(0.95) - 3.841458820694124) < 1e-9)
    #expect(abs(Distribution.gamma(shape: 5, scale: 2).quantile(0.9) - 15.98717917) < 1e-7)
    // Beta(a, 1) has F(x) = xᵃ; Beta(1, 1) is uniform.
    #expect(abs(Distribution.beta(alpha: 3, beta: 1).quantile(0.2) - Double.pow(0.2, 1.0 / 3)) < 1e-12)
    #expect(abs(Distribution.beta(alpha: 1, beta: 1).quantile(0.37) - 0.37) < 1e-12)
    // Triangular on [0, 2] with mode 1: F(x) = x²/2 below the mode.
    #expect(abs(Distribution.triangular(min: 0, mode: 1, max: 2).quantile(0.125) - 0.5) < 1e-15)
    #expect(abs(Distribution.triangular(min: 0, mode: 1, max: 2).quantile(0.875) - 1.5) < 1e-15)
    // PERT with the mode in the middle is Beta(3, 3) stretched: its median is the mode.
    #expect(abs(Distribution.pert(min: 10, mode: 20, max: 30).quantile(0.5) - 20) < 1e-9)
    // Poisson(3): F(0..5) = 0.0498, 0.1991, 0.4232, 0.6472, 0.8153, 0.9161.
    #expect([0.04, 0.1, 0.5, 0.9, 0.95].map { Distribution.poisson(mean: 3).quantile($0) } == [0, 1, 3, 5, 6])
    #expect(Distribution.poisson(mean: 1e6).quantile(0.5) == 1e6)
    #expect([0.25, 0.26, 0.9].map { Distribution.empirical(values: [3, 1, 2, 4]).quantile($0) } == [1, 2, 4])
    #expect(Distribution.fixed(7).quantile(0.1) == 7)
  }

  @Test func gammaAndBetaInvertTheirCDFs() {
    for (shape, p) in [(0.3, 0.1), (2.0, 0.1), (2.0, 0.9), (40.0, 0.5), (1500.0, 0.99)] {
      let x = Distribution.gamma(shape: shape, scale: 1).quantile(p)
      #expect(abs(IncompleteGamma.regularized(a: shape, x: x).lower - p) < 1e-12, "gamma \(shape) at \(p)")
    }
    for (a, b, p) in [(2.0, 5.0, 0.1), (0.5, 0.5, 0.9), (30.0, 70.0, 0.25)] {
      let x = Distribution.beta(alpha: a, beta: b).quantile(p)
      #expect(abs(IncompleteBeta.regularized(x: x, a: a, b: b) - p) < 1e-12, "beta \(a), \(b) at \(p)")
    }
    // P(a, x) + Q(a, x) = 1 on both sides of the series / continued-fraction switch, and
    // P(1, x) = 1 − e^(−x).
    for x in [0.5, 1.9, 2.1, 30.0] {
      let (lower, upper) = IncompleteGamma.regularized(a: 1, x: x)
      #expect(abs(lower - (1 - Double.exp(-x))) < 1e-14 && abs(lower + upper - 1) < 1e-15)
    }
  }

  /// P(X ≤ q_p) from 20,000 draws of the kernel's sampler is p within 4 binomial standard
  /// errors (√(p(1 − p)/n) ≈ 0.0021 at p = 0.1), for every continuous kind at the 10th and 90th
  /// percentiles (the ones `sensitivity` uses).
  @Test(arguments: [
    Distribution.uniform(min: 1, max: 3), .triangular(min: 0, mode: 4, max: 5), .pert(min: 2, mode: 3, max: 9),
    .normal(mean: 1, sd: 2), .lognormal(mu: 0, sigma: 0.8), .gamma(shape: 2.5, scale: 3), .beta(alpha: 2, beta: 7),
    .exponential(mean: 4),
  ])
  func samplersAgreeWithTheQuantiles(_ distribution: Distribution) {
    var pool: [Double] = []
    let compiled = CompiledDistribution(distribution, nonNegative: true, pool: &pool)
    var rng = Xoshiro256StarStar(seed: 12)
    let n = 20_000
    let draws = pool.withUnsafeBufferPointer { pool in (0..<n).map { _ in compiled.sample(pool: pool, using: &rng) } }
    for p in [0.1, 0.9] {
      let q = distribution.quantile(p)
      let share = Double(draws.filter { $0 <= q }.count) / Double(n)
      #expect(abs(share - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "\(distribution) at \(p): \(share)")
    }
  }

  /// A trend's predictive quantile against 20,000 draws of the same forecaster, for a linear
  /// and a log-linear trend at the first and last horizon month (4 binomial standard errors).
  @Test(arguments: [TrendModel.linear, TrendModel(logLinear: true)])
  func trendQuantilesAgreeWithTheDraws(_ model: TrendModel) throws {
    let f = try TrendForecasterTests.forecaster("mqlLeads", model, horizon: 6)
    let (_, values) = TrendForecasterTests.sample(f, seed: 31)
    let n = TrendForecasterTests.draws
    for month in [0, 5] {
      for p in [0.1, 0.9] {
        let q = f.predictiveQuantile(p, month: month)
        let share = Double((0..<n).filter { values[$0 * f.horizon + month] <= q }.count) / Double(n)
        #expect(abs(share - p) < 4 * (p * (1 - p) / Double(n)).squareRoot(), "month \(month) at \(p): \(share)")
      }
    }
  }
}
