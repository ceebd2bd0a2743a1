import RealModule
import Testing

@testable import SLASim

// Statistical and known-value tests of `Sample` and `DistributionParameters`: moments,
// Kolmogorov–Smirnov against exact CDFs, chi-square against exact pmfs, edge cases, a
// golden stream, and Φ/Φ⁻¹ against mpmath. Every run is seeded, so each check gives the
// same verdict every time; each tolerance is derived where it is used. The reference
// functions and checks are at the bottom, nested in the suite.

// MARK: - Tests

@Suite struct SamplerTests {
  static let momentLaws: [Law] = [
    .uniform, .uniformRange(-3, 5), .bernoulli(0.3), .index(7), .empirical,
    .standardNormal, .normal(10, 2.5),
    .truncatedNormal(0, 1), .truncatedNormal(1, 1), .truncatedNormal(10, 1),
    .truncatedNormal(-5, 1), .truncatedNormal(-2, 0.4), .truncatedNormal(-40, 0.5),
    .lognormal(0.5, 0.4), .exponential(2.5),
    .gamma(2.3, 1.7), .gamma(1, 2), .gamma(0.3, 1.5), .gamma(50, 0.1),
    .beta(2, 5), .beta(0.5, 0.5), .beta(0.2, 3), .beta(30, 0.7), .beta(1, 1), .beta(0.001, 0.003),
    .triangular(1, 2, 6), .triangular(0, 0, 1), .pert(2, 3, 10),
    .poisson(0.5), .poisson(3), .poisson(9.99), .poisson(10), .poisson(37.5), .poisson(1000),
    .poisson(1e6),
    .binomial(20, 0.3), .binomial(15, 0.8), .binomial(1000, 0.005), .binomial(100, 0.3),
    .binomial(1000, 0.9), .binomial(10_000_000, 0.2), .binomial(1 << 40, 1e-3),
  ]

  /// Sample mean and variance of 20 000 draws against the exact values (tolerances in
  /// ``Check/moments(of:match:k:sourceLocation:)``).
  @Test(arguments: momentLaws, 0..<10 as Range<UInt64>)
  func momentsMatch(law: Law, seed: UInt64) {
    var rng = Xoshiro256StarStar(seed: streamSeed(master: seed, index: 1))
    let draws = (0..<20_000).map { _ in law.draw(&rng) }
    Check.moments(of: draws, match: law.moments)
  }

  static let continuousLaws: [Law] = [
    .uniform, .uniformRange(-3, 5), .standardNormal, .normal(10, 2.5),
    .truncatedNormal(1, 1), .truncatedNormal(-5, 1), .truncatedNormal(-40, 0.5),
    .lognormal(0.5, 0.4), .exponential(2.5),
    .gamma(1, 2), .gamma(3, 0.5), .gamma(2.3, 1.7), .gamma(0.3, 1.5), .gamma(0.5, 2),
    .beta(2, 5), .beta(0.5, 0.5), .beta(0.2, 3), .beta(3, 0.2),
    .triangular(1, 2, 6), .triangular(0, 0, 1), .triangular(0, 1, 1),
    .pert(0, 1, 4), .pert(10, 13, 14),
  ]

  /// KS against the exact CDF, 10 000 draws.
  ///
  /// We require p ≥ 10⁻⁵: over the 230 checks a correct sampler fails one with probability
  /// about 2·10⁻³, while a sampler whose CDF is off by 0.025 anywhere fails (critical
  /// D ≈ 2.47/√n = 0.025).
  @Test(arguments: continuousLaws, 0..<10 as Range<UInt64>)
  func kolmogorovSmirnovAgainstExactCDF(law: Law, seed: UInt64) throws {
    var rng = Xoshiro256StarStar(seed: streamSeed(master: seed, index: 2))
    let draws = (0..<10_000).map { _ in law.draw(&rng) }
    try #require(law.cdf(0) != nil, "\(law) has no reference CDF")
    let p = Check.kolmogorovSmirnovPValue(draws) { law.cdf($0) ?? .nan }
    #expect(p >= 1e-5, "KS p-value \(p)")
  }

  static let discreteLaws: [(Law, Int)] = [
    (.poisson(0.5), 20), (.poisson(3), 30), (.poisson(9.99), 50), (.poisson(10), 50),
    (.poisson(37.5), 120), (.poisson(1000), 1300),
    (.binomial(20, 0.3), 20), (.binomial(15, 0.8), 15), (.binomial(39, 0.25), 39),
    (.binomial(1000, 0.005), 40), (.binomial(40, 0.25), 40), (.binomial(50, 0.5), 50),
    (.binomial(100, 0.3), 100), (.binomial(1000, 0.9), 1000), (.binomial(2000, 0.995), 2000),
    (.index(10), 10),
  ]

  /// Chi-square against the exact pmf, 20 000 draws, p ≥ 10⁻⁵ (160 checks: a false
  /// failure has probability about 2·10⁻³).
  ///
  /// Cases straddle each switch: Poisson at 9.99/10 (inversion/PTRS), binomial at
  /// n·p = 9.75/10 (inversion/BTRS), p > ½ in both branches, and p = ½ exactly.
  @Test(arguments: discreteLaws.indices, 0..<10 as Range<UInt64>)
  func chiSquareAgainstExactPMF(lawIndex: Int, seed: UInt64) {
    let (law, last) = Self.discreteLaws[lawIndex]
    var rng = Xoshiro256StarStar(seed: streamSeed(master: seed, index: 3))
    let draws = (0..<20_000).map { _ in Int(law.draw(&rng)) }
    guard let pmf = law.pmf(upTo: last) else {
      Issue.record("\(law) has no reference pmf")
      return
    }
    let (p, bins) = Check.chiSquarePValue(draws, pmf: pmf)
    #expect(bins >= 3, "\(law): too few bins")
    #expect(p >= 1e-5, "\(law): chi-square p-value \(p) over \(bins) bins")
  }

  /// Negative controls: the harness must reject a wrong law.
  ///
  /// Normal draws against the CDF of N(0, 1.2²) differ by D ≈ 0.04 (t ≈ 4, p ≈ 1e-14);
  /// Poisson(10) draws against the Poisson(10.5) pmf give X² in the hundreds over about
  /// 20 bins.
  @Test func harnessRejectsWrongLaws() {
    var rng = Xoshiro256StarStar(seed: 99)
    let normals = (0..<10_000).map { _ in Sample.standardNormal(using: &rng) }
    let ks = Check.kolmogorovSmirnovPValue(normals) { Law.normal(0, 1.2).cdf($0) ?? .nan }
    #expect(ks < 1e-5)
    let counts = (0..<20_000).map { _ in Sample.poisson(mean: 10, using: &rng) }
    let chi = Check.chiSquarePValue(counts, pmf: Law.poisson(10.5).pmf(upTo: 50) ?? [])
    #expect(chi.pValue < 1e-5)
  }

  // MARK: Edge cases

  @Test func discreteEdgeCases() {
    var rng = Xoshiro256StarStar(seed: 11)
    for _ in 0..<100 {
      #expect(Sample.poisson(mean: 0, using: &rng) == 0)
      #expect(Sample.binomial(count: 0, probability: 0.4, using: &rng) == 0)
      #expect(Sample.binomial(count: 17, probability: 0, using: &rng) == 0)
      #expect(Sample.binomial(count: 17, probability: 1, using: &rng) == 17)
      #expect(Sample.binomial(count: 1 << 40, probability: 1, using: &rng) == 1 << 40)
      let b = Sample.binomial(count: 3, probability: 0.999_999, using: &rng)
      #expect((0...3).contains(b))
      #expect(Sample.index(below: 1, using: &rng) == 0)
      let one: [Double] = [4.5]
      #expect(one.withUnsafeBufferPointer { Sample.empirical($0, using: &rng) } == 4.5)
    }
    // A huge mean stays in range and near the mean (sd 3.2·10⁶; allow 10 sd).
    let big = Sample.poisson(mean: 1e13, using: &rng)
    #expect(abs(Double(big) - 1e13) < 3.2e7)
  }

  @Test func continuousEdgeCases() {
    var rng = Xoshiro256StarStar(seed: 12)
    for _ in 0..<1000 {
      for shape in [1e-3, 1e-10, 1e-300] {
        let g = Sample.gamma(shape: shape, scale: 1, using: &rng)
        #expect(g.isFinite && g >= 0, "gamma(\(shape)) gave \(g)")
      }
      for (a, b) in [(1e-3, 1e-3), (1e-300, 1e-300), (0x1p-1030, 0x1p-1030), (0x1p-1030, 5.0)] {
        let x = Sample.beta(alpha: a, beta: b, using: &rng)
        #expect(x >= 0 && x <= 1, "beta(\(a), \(b)) gave \(x)")
      }
      #expect(Sample.triangular(min: 3, mode: 3, max: 3, using: &rng) == 3)
      #expect(Sample.pert(min: -2, mode: -2, max: -2, using: &rng) == -2)
      #expect(Sample.uniform(min: 5, max: 5, using: &rng) == 5)
      #expect(Sample.normal(mean: 4, sd: 0, using: &rng) == 4)
      #expect(Sample.exponential(mean: 0, using: &rng) == 0)
      #expect(Sample.normalTruncatedAtZero(mean: -3, sd: 0, using: &rng) == 0)
      #expect(Sample.normalTruncatedAtZero(mean: 3, sd: 0, using: &rng) == 3)
      for (mean, sd) in [(-5.0, 1.0), (-35.0, 1.0), (-36.0, 1.0), (-1e300, 1.0), (-1.0, 0x1p-1063)] {
        let x = Sample.normalTruncatedAtZero(mean: mean, sd: sd, using: &rng)
        #expect(x.isFinite && x >= 0, "truncated(\(mean), \(sd)) gave \(x)")
      }
      let t = Sample.triangular(min: 0, mode: 0.5, max: 1, using: &rng)
      #expect(t >= 0 && t <= 1)
      let p = Sample.pert(min: 0, mode: 10, max: 10, using: &rng)
      #expect(p >= 0 && p <= 10)
      let u = Sample.uniform(min: 1, max: 1 + 0x1p-52, using: &rng)
      #expect(u >= 1 && u < 1 + 0x1p-52)
    }
  }

  /// With the mean 5 sd below zero, every draw is ≥ 0 and the draws sit just above
  /// zero: the conditional mean is `sd·(φ(5)/Q(5) − 5) = 0.186504` (mpmath).
  @Test func deepTruncationStaysAboveZero() {
    var rng = Xoshiro256StarStar(seed: 13)
    var sum = 0.0
    for _ in 0..<20_000 {
      let x = Sample.normalTruncatedAtZero(mean: -5, sd: 1, using: &rng)
      #expect(x >= 0)
      sum += x
    }
    // sd of X is √(1 + aφ/Q − (φ/Q)²) = 0.18082 (mpmath), so 5σ/√n = 0.0064.
    #expect(abs(sum / 20_000 - 0.186_504) < 0.0064)
  }

  // MARK: Golden stream

  /// Pins the exact output of every sampler at one seed (stream version
  /// ``SLASimVersion/randomStream`` = 1).
  ///
  /// If this fails, sampler output changed: re-record on purpose, bump the stream version
  /// and say why in CHANGELOG.md (STYLE.md §9).
  /// Values that use only `+ − × ÷ √` (IEEE-exact everywhere) and all integer results are
  /// compared exactly; values through libm's `log`, `exp` or `erfc`, which may differ by
  /// an ulp or two across platforms, within 1e-12 relative (condition numbers here are
  /// below 1e3). The final raw output checks that every sampler drew the same number of
  /// times.
  @Test func goldenStreamIsPinned() {
    var rng = Xoshiro256StarStar(seed: streamSeed(master: 2024, index: 0))
    func three(_ draw: (inout Xoshiro256StarStar) -> Double) -> [Double] {
      (0..<3).map { _ in draw(&rng) }
    }
    func close(
      _ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation
    ) {
      for (a, e) in zip(actual, expected) {
        #expect(abs(a - e) <= 1e-12 * abs(e), "\(a) vs \(e)", sourceLocation: sourceLocation)
      }
    }
    #expect(
      three { Sample.uniform(using: &$0) } == [
        0.4984519144681727, 0.734639354702898, 0.8989319698274353,
      ])
    #expect(three { Double(Sample.index(below: 1000, using: &$0)) } == [937, 732, 712])
    close(
      three { Sample.standardNormal(using: &$0) },
      [0.05900384501521269, 1.1432826615275828, -2.0460262503209377])
    close(
      three { Sample.normalTruncatedAtZero(mean: -2, sd: 1, using: &$0) },
      [0.6015241392335264, 0.2746105039881437, 1.1747068999457904])
    close(
      three { Sample.normalTruncatedAtZero(mean: -40, sd: 1, using: &$0) },
      [0.039193910960288736, 0.010249636562935864, 0.007360049421103588])
    close(
      three { Sample.lognormal(mu: 0.5, sigma: 0.4, using: &$0) },
      [2.035737705071449, 1.9873143465383996, 3.056248669572653])
    // The ziggurat's fast path (all three here: one output each) is a product of table
    // values, so it is exact everywhere.
    #expect(
      three { Sample.exponential(mean: 2, using: &$0) } == [
        2.8204945524900182, 2.2434839435466, 2.5727447914284394,
      ])
    close(
      three { Sample.gamma(shape: 2.3, scale: 1.5, using: &$0) },
      [4.856186164127995, 2.883494373130917, 3.5830993536538855])
    close(
      three { Sample.gamma(shape: 0.3, scale: 1, using: &$0) },
      [0.8636059916323331, 0.04121512789149144, 0.007895825514266437])
    close(
      three { Sample.beta(alpha: 2, beta: 5, using: &$0) },
      [0.09539102004145343, 0.1470301969002514, 0.012665487924377912])
    close(
      three { Sample.beta(alpha: 0.5, beta: 0.5, using: &$0) },
      [0.0024193194294586354, 0.1526771790146124, 0.05513428390947165])
    #expect(
      three { Sample.triangular(min: 1, mode: 2, max: 6, using: &$0) }
        == [4.197783470235489, 2.6590605334046464, 2.765524025982126])
    close(
      three { Sample.pert(min: 2, mode: 3, max: 10, using: &$0) },
      [3.1752658997303764, 5.092012367705087, 4.118827360753343])
    #expect(three { Double(Sample.poisson(mean: 3, using: &$0)) } == [3, 4, 2])
    #expect(three { Double(Sample.poisson(mean: 1000, using: &$0)) } == [969, 1000, 1023])
    #expect(
      three { Double(Sample.binomial(count: 20, probability: 0.3, using: &$0)) } == [9, 4, 5])
    #expect(
      three { Double(Sample.binomial(count: 1000, probability: 0.9, using: &$0)) } == [
        907, 892, 903,
      ])
    #expect(three { Sample.bernoulli(0.5, using: &$0) ? 1 : 0 } == [0, 0, 1])
    #expect(rng.next() == 12_062_807_710_675_819_147)
  }

  // MARK: Known values of Φ and Φ⁻¹

  /// `Φ⁻¹(p)` at double `p`, from mpmath 1.3.0 at 50 digits (`findroot` on
  /// `erfc(−x/√2)/2 − p`, at the exact binary value of each `p`).
  ///
  /// AS 241 claims about 1e-16; a Python transcription of these same double operations,
  /// compared with mpmath at 6000 points log-uniform down to 1e-300, had a worst relative
  /// error of 6.9e-16 (at p = 2e-203), so we allow 1e-15 relative.
  @Test func inverseNormalCDFMatchesMpmath() {
    let cases: [(Double, Double)] = [
      (0.975, 1.959963984540053855604),
      (1e-10, -6.3613409024040561991),
      (0.3, -0.5244005127080408159695),
      (0.02, -2.053748910631823044339),
      (0.9, 1.281551565544600593487),
      (0.1, -1.281551565544600435335),
      (0.075, -1.43953147093845593495),
      (1e-300, -37.04709629936119923655),
      (1e-50, -14.93333753478848898066),
      (1e-20, -9.262340089798407579572),
      (0.999999, 4.753424308817087765688),
      (0.9999999999, 6.361340889697421864155),
      (0.4249, -0.1893736181572554226343),
    ]
    for (p, expected) in cases {
      let value = DistributionParameters.inverseStandardNormalCDF(p)
      #expect(
        abs(value - expected) <= 1e-15 * abs(expected), "Φ⁻¹(\(p)) = \(value), expected \(expected)"
      )
    }
    #expect(DistributionParameters.inverseStandardNormalCDF(0.5) == 0)
    #expect(DistributionParameters.inverseStandardNormalCDF(0) == -.infinity)
    #expect(DistributionParameters.inverseStandardNormalCDF(1) == .infinity)
  }

  /// `Φ(x)` from mpmath 1.3.0 (`ncdf`, 50 digits).
  ///
  /// We allow 8 ulp relative: glibc's `erfc` is within a few ulp and our residual
  /// correction of `x/√2` leaves `O(t²·2⁻¹⁰⁶)`.
  @Test func normalCDFMatchesMpmathInBothTails() {
    let cases: [(Double, Double)] = [
      (-37.5, 4.605353009581954843828e-308),
      (-20, 2.753624118606233695076e-89),
      (-8.5, 9.479534822203318354151e-18),
      (-3, 0.001349898031630094526652),
      (-1, 0.1586552539314570514148),
      (0, 0.5),
      (0.5, 0.6914624612740131036377),
      (1.96, 0.9750021048517795637872),
      (5, 0.9999997133484281208061),
    ]
    for (x, expected) in cases {
      let value = DistributionParameters.standardNormalCDF(x)
      #expect(abs(value - expected) <= 8 * expected.ulp, "Φ(\(x)) = \(value), expected \(expected)")
    }
  }

  /// Identities: `Φ(Φ⁻¹(p)) = p`, exact antisymmetry on the sampler's midpoint grid, and
  /// monotonicity.
  ///
  /// A relative error `ε` in `x = Φ⁻¹(p)` moves `Φ(x)` by the relative
  /// `x·φ(x)/Φ(x)·ε ≈ x²ε` in the lower tail; with `ε ≤ 1e-15` (previous test) and
  /// Φ's own 8 ulp (2e-15), the tolerance is `2e-15 + x²·1e-15` (1.4e-12 at p = 1e-300).
  @Test(arguments: 0..<10 as Range<UInt64>)
  func inverseNormalCDFIdentities(seed: UInt64) {
    var rng = Xoshiro256StarStar(seed: seed)
    var previous = -Double.infinity
    var grid: [Double] = []
    for _ in 0..<2000 {
      // p log-uniform over [1e-300, 0.5].
      let p = Double.exp(-690 * Sample.uniform(using: &rng)) * 0.5
      let x = DistributionParameters.inverseStandardNormalCDF(p)
      let back = DistributionParameters.standardNormalCDF(x)
      let tolerance = 2e-15 + x * x * 1e-15
      #expect(abs(back - p) <= tolerance * p, "Φ(Φ⁻¹(\(p))) = \(back)")
      let u = Sample._uniformOpen(using: &rng)
      #expect(
        DistributionParameters.inverseStandardNormalCDF(1 - u)
          == -DistributionParameters.inverseStandardNormalCDF(u))
      grid.append(u)
    }
    for u in grid.sorted() {
      let x = DistributionParameters.inverseStandardNormalCDF(u)
      #expect(x >= previous)
      previous = x
    }
  }

  // MARK: Moment conversions

  @Test func parameterConversionsRoundTrip() {
    let (mu, sigma) = DistributionParameters.lognormal(mean: 3, sd: 1.2)
    let lognormal = Law.lognormal(mu, sigma).moments
    #expect(abs(lognormal.mean - 3) < 1e-14)
    #expect(abs(lognormal.variance.squareRoot() - 1.2) < 1e-14)
    #expect(DistributionParameters.lognormal(mean: 2, sd: 0) == (mu: Double.log(2), sigma: 0))

    let (shape, scale) = DistributionParameters.gamma(mean: 4, sd: 2)
    #expect(shape == 4 && scale == 1)

    let beta = DistributionParameters.beta(mean: 0.25, sd: 0.1)
    #expect(beta != nil)
    if let (a, b) = beta {
      let m = Law.beta(a, b).moments
      #expect(abs(m.mean - 0.25) < 1e-15)
      #expect(abs(m.variance.squareRoot() - 0.1) < 1e-15)
    }
    #expect(DistributionParameters.beta(mean: 0, sd: 0.1) == nil)
    #expect(DistributionParameters.beta(mean: 1, sd: 0.1) == nil)
    #expect(DistributionParameters.beta(mean: 0.5, sd: 0) == nil)
    #expect(DistributionParameters.beta(mean: 0.5, sd: 0.5) == nil)  // sd² = mean(1 − mean)
  }

  // MARK: Preconditions

  @Test func invalidParametersStopTheProcess() async {
    await #expect(processExitsWith: .failure) {
      var rng = Xoshiro256StarStar(seed: 1)
      _ = Sample.normal(mean: 0, sd: -1, using: &rng)
    }
    await #expect(processExitsWith: .failure) {
      var rng = Xoshiro256StarStar(seed: 1)
      _ = Sample.binomial(count: 10, probability: 1.5, using: &rng)
    }
  }
}

// The helpers are nested in the suite so that their names cannot collide with other
// test files in this module.
extension SamplerTests {
  // MARK: - Reference functions (slow and obvious; independent of the samplers)

  /// Mean, variance and fourth central moment of a distribution.
  struct Moments: Sendable {
    var mean: Double
    var variance: Double
    var fourthCentral: Double

    /// Moments of `offset + factor·X` when `self` describes `X`.
    func affine(offset: Double, factor: Double) -> Moments {
      let f2 = factor * factor
      return Moments(
        mean: offset + factor * mean, variance: f2 * variance,
        fourthCentral: f2 * f2 * fourthCentral)
    }
  }

  enum Reference {
    /// Upper tail `Q(x) = P(Z > x) = erfc(x/√2)/2` straight from libm.
    static func upperNormal(_ x: Double) -> Double { 0.5 * Double.erfc(x / 2.0.squareRoot()) }

    /// Mills ratio `Q(a)/φ(a)` for `a ≥ 30` by its continued fraction
    /// `1/(a + 1/(a + 2/(a + 3/(a + …))))` (Abramowitz & Stegun 26.2.14), evaluated from
    /// depth 20 backwards; from `a = 30` on it agrees with mpmath to 3e-16.
    static func millsRatio(_ a: Double) -> Double {
      precondition(a >= 30)
      var t = a
      for k in stride(from: 20, through: 1, by: -1) { t = a + Double(k) / t }
      return 1 / t
    }

    /// Regularised incomplete gamma `(P(a, x), Q(a, x))`: the library's
    /// (``IncompleteGamma``, tested against published χ² quantiles in QuantileFunctionTests).
    static func incompleteGamma(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
      IncompleteGamma.regularized(a: a, x: x)
    }

    /// Gamma(shape, scale) CDF: the Erlang sum `1 − e^(−y) Σ_{j<k} y^j/j!` for integer
    /// shape, otherwise the incomplete gamma.
    static func gammaCDF(_ x: Double, shape: Double, scale: Double) -> Double {
      let y = x / scale
      if shape == shape.rounded() && shape <= 50 {
        var term = 1.0
        var sum = 1.0
        for j in 1..<Int(shape) {
          term *= y / Double(j)
          sum += term
        }
        return 1 - Double.exp(-y) * sum
      }
      return incompleteGamma(shape, y).lower
    }

    /// Beta CDF `I_x(a, b)` for integer `b` (`x^a Σ_{j<b} (a)_j/j! (1 − x)^j`, the
    /// negative-binomial identity, DLMF 8.17.5), integer `a` by `I_x(a, b) = 1 − I_{1−x}(b, a)`,
    /// or `a = b = ½` (the arcsine law, `(2/π) asin √x`).
    static func betaCDF(_ x: Double, alpha a: Double, beta b: Double) -> Double {
      if x <= 0 { return 0 }
      if x >= 1 { return 1 }
      if b == b.rounded() {
        var term = 1.0
        var sum = 1.0
        for j in 1..<Int(b) {
          term *= (a + Double(j - 1)) / Double(j) * (1 - x)
          sum += term
        }
        return Double.pow(x, a) * sum
      }
      if a == a.rounded() { return 1 - betaCDF(1 - x, alpha: b, beta: a) }
      precondition(a == 0.5 && b == 0.5, "no reference beta CDF for (\(a), \(b))")
      return 2 / Double.pi * Double.asin(x.squareRoot())
    }

    /// Central moments of `Z | Z ≥ a` for standard normal `Z`, by composite Simpson on
    /// `y = Z − a` with 4000 panels over `[0, √(120 + a₊²) − a]`, where the density
    /// `∝ exp(−((y + a)² − a₊²)/2)` has fallen below e⁻⁶⁰.
    ///
    /// The step is at most `max(0.015/a, (11 − a)/4000)` against a density scale of
    /// `min(1, 1/a)`, so the `O(h⁴)` rule error is below 1e-8 relative, far below the test
    /// tolerances.
    static func truncatedNormalExcessMoments(above a: Double) -> Moments {
      let positive = Swift.max(a, 0)
      let upper = (120 + positive * positive).squareRoot() - a
      let panels = 4000
      let h = upper / Double(panels)
      func integrate(_ f: (Double) -> Double) -> Double {
        var sum = 0.0
        for i in 0...panels {
          let y = Double(i) * h
          let weight: Double = (i == 0 || i == panels) ? 1 : (i % 2 == 1 ? 4 : 2)
          let density = Double.exp(-((y + a) * (y + a) - positive * positive) / 2)
          sum += weight * density * f(y)
        }
        return sum * h / 3
      }
      let mass = integrate { _ in 1 }
      let mean = integrate { $0 } / mass
      let variance = integrate { ($0 - mean) * ($0 - mean) } / mass
      let fourth =
        integrate {
          let d = $0 - mean
          return d * d * d * d
        } / mass
      return Moments(mean: mean, variance: variance, fourthCentral: fourth)
    }
  }

  // MARK: - The laws under test

  /// A distribution with its sampler, exact moments and (where there is a closed or
  /// reference form) its CDF.
  enum Law: CustomStringConvertible, Sendable {
    case uniform
    case uniformRange(Double, Double)
    case bernoulli(Double)
    case index(Int)
    case empirical
    case standardNormal
    case normal(Double, Double)
    case truncatedNormal(Double, Double)
    case lognormal(Double, Double)
    case exponential(Double)
    case gamma(Double, Double)
    case beta(Double, Double)
    case triangular(Double, Double, Double)
    case pert(Double, Double, Double)
    case poisson(Double)
    case binomial(Int, Double)

    static let empiricalValues: [Double] = [1, 2, 2, 10]

    var description: String {
      switch self {
      case .uniform: "uniform"
      case .uniformRange(let a, let b): "uniform(\(a), \(b))"
      case .bernoulli(let p): "bernoulli(\(p))"
      case .index(let n): "index(below: \(n))"
      case .empirical: "empirical\(Law.empiricalValues)"
      case .standardNormal: "standardNormal"
      case .normal(let m, let s): "normal(\(m), \(s))"
      case .truncatedNormal(let m, let s): "normalTruncatedAtZero(\(m), \(s))"
      case .lognormal(let m, let s): "lognormal(\(m), \(s))"
      case .exponential(let m): "exponential(\(m))"
      case .gamma(let k, let t): "gamma(\(k), \(t))"
      case .beta(let a, let b): "beta(\(a), \(b))"
      case .triangular(let a, let c, let b): "triangular(\(a), \(c), \(b))"
      case .pert(let a, let c, let b): "pert(\(a), \(c), \(b))"
      case .poisson(let m): "poisson(\(m))"
      case .binomial(let n, let p): "binomial(\(n), \(p))"
      }
    }

    func draw(_ rng: inout Xoshiro256StarStar) -> Double {
      switch self {
      case .uniform: Sample.uniform(using: &rng)
      case .uniformRange(let a, let b): Sample.uniform(min: a, max: b, using: &rng)
      case .bernoulli(let p): Sample.bernoulli(p, using: &rng) ? 1 : 0
      case .index(let n): Double(Sample.index(below: n, using: &rng))
      case .empirical:
        Law.empiricalValues.withUnsafeBufferPointer { Sample.empirical($0, using: &rng) }
      case .standardNormal: Sample.standardNormal(using: &rng)
      case .normal(let m, let s): Sample.normal(mean: m, sd: s, using: &rng)
      case .truncatedNormal(let m, let s): Sample.normalTruncatedAtZero(mean: m, sd: s, using: &rng)
      case .lognormal(let m, let s): Sample.lognormal(mu: m, sigma: s, using: &rng)
      case .exponential(let m): Sample.exponential(mean: m, using: &rng)
      case .gamma(let k, let t): Sample.gamma(shape: k, scale: t, using: &rng)
      case .beta(let a, let b): Sample.beta(alpha: a, beta: b, using: &rng)
      case .triangular(let a, let c, let b): Sample.triangular(min: a, mode: c, max: b, using: &rng)
      case .pert(let a, let c, let b): Sample.pert(min: a, mode: c, max: b, using: &rng)
      case .poisson(let m): Double(Sample.poisson(mean: m, using: &rng))
      case .binomial(let n, let p): Double(Sample.binomial(count: n, probability: p, using: &rng))
      }
    }

    /// Exact moments, from the standard formulas (as in Johnson, Kotz & Balakrishnan).
    var moments: Moments {
      switch self {
      case .uniform:
        return Moments(mean: 0.5, variance: 1.0 / 12, fourthCentral: 1.0 / 80)
      case .uniformRange(let a, let b):
        return Law.uniform.moments.affine(offset: a, factor: b - a)
      case .bernoulli(let p):
        let pq = p * (1 - p)
        return Moments(mean: p, variance: pq, fourthCentral: pq * (1 - 3 * pq))
      case .index(let n):
        let k2 = Double(n * n)
        return Moments(
          mean: Double(n - 1) / 2, variance: (k2 - 1) / 12,
          fourthCentral: (k2 - 1) * (3 * k2 - 7) / 240)
      case .empirical:
        let values = Law.empiricalValues
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.map { ($0 - mean) * ($0 - mean) }
        let count = Double(values.count)
        return Moments(
          mean: mean, variance: squares.reduce(0, +) / count,
          fourthCentral: squares.map { $0 * $0 }.reduce(0, +) / count)
      case .standardNormal:
        return Moments(mean: 0, variance: 1, fourthCentral: 3)
      case .normal(let m, let s):
        return Law.standardNormal.moments.affine(offset: m, factor: s)
      case .truncatedNormal(let m, let s):
        // X = m + s·Z = s·(Z − a) since m + s·a = 0.
        return Reference.truncatedNormalExcessMoments(above: -m / s).affine(offset: 0, factor: s)
      case .lognormal(let mu, let sigma):
        let w = Double.exp(sigma * sigma)
        let variance = (w - 1) * Double.exp(2 * mu + sigma * sigma)
        let kurtosis = w * w * w * w + 2 * w * w * w + 3 * w * w - 3
        return Moments(
          mean: Double.exp(mu + sigma * sigma / 2), variance: variance,
          fourthCentral: kurtosis * variance * variance)
      case .exponential(let m):
        return Moments(mean: m, variance: m * m, fourthCentral: 9 * m * m * m * m)
      case .gamma(let k, let theta):
        let variance = k * theta * theta
        return Moments(
          mean: k * theta, variance: variance, fourthCentral: (3 + 6 / k) * variance * variance)
      case .beta(let a, let b):
        let s = a + b
        let variance = a * b / (s * s * (s + 1))
        let excess =
          6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3))
        return Moments(
          mean: a / s, variance: variance, fourthCentral: (3 + excess) * variance * variance)
      case .triangular(let a, let c, let b):
        let variance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        return Moments(
          mean: (a + b + c) / 3, variance: variance, fourthCentral: 2.4 * variance * variance)
      case .pert(let low, let mode, let high):
        let range = high - low
        return Law.beta(1 + 4 * (mode - low) / range, 1 + 4 * (high - mode) / range).moments
          .affine(offset: low, factor: range)
      case .poisson(let m):
        return Moments(mean: m, variance: m, fourthCentral: m * (1 + 3 * m))
      case .binomial(let n, let p):
        let npq = Double(n) * p * (1 - p)
        return Moments(
          mean: Double(n) * p, variance: npq,
          fourthCentral: npq * (1 + 3 * Double(n - 2) * p * (1 - p)))
      }
    }

    /// The exact CDF, or `nil` for the discrete laws (tested by chi-square instead).
    func cdf(_ x: Double) -> Double? {
      switch self {
      case .uniform: return Swift.min(Swift.max(x, 0), 1)
      case .uniformRange(let a, let b): return Swift.min(Swift.max((x - a) / (b - a), 0), 1)
      case .standardNormal: return Reference.upperNormal(-x)
      case .normal(let m, let s): return Reference.upperNormal(-(x - m) / s)
      case .truncatedNormal(let m, let s):
        if x <= 0 { return 0 }
        let a = -m / s
        let z = (x - m) / s
        if a < 30 { return 1 - Reference.upperNormal(z) / Reference.upperNormal(a) }
        // Q(z)/Q(a) = exp(−(z² − a²)/2)·R(z)/R(a) with y = z − a, no underflow.
        let y = x / s
        return 1 - Double.exp(-y * (y + 2 * a) / 2) * Reference.millsRatio(z)
          / Reference.millsRatio(a)
      case .lognormal(let mu, let sigma):
        return x <= 0 ? 0 : Reference.upperNormal(-(Double.log(x) - mu) / sigma)
      case .exponential(let m): return x <= 0 ? 0 : -Double.expMinusOne(-x / m)
      case .gamma(let k, let theta):
        return x <= 0 ? 0 : Reference.gammaCDF(x, shape: k, scale: theta)
      case .beta(let a, let b): return Reference.betaCDF(x, alpha: a, beta: b)
      case .triangular(let a, let c, let b):
        if x <= a { return 0 }
        if x >= b { return 1 }
        if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
        return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
      case .pert(let low, let mode, let high):
        let range = high - low
        return Reference.betaCDF(
          (x - low) / range, alpha: 1 + 4 * (mode - low) / range,
          beta: 1 + 4 * (high - mode) / range)
      case .bernoulli, .index, .empirical, .poisson, .binomial: return nil
      }
    }

    /// The exact pmf on `0...`, or `nil` for continuous laws.
    ///
    /// Built by the ratio recursion in log space (`log p(k) = log p(k − 1) + log ratio`), not
    /// by the samplers' formulas.
    func pmf(upTo last: Int) -> [Double]? {
      switch self {
      case .index(let n):
        return (0...last).map { $0 < n ? 1 / Double(n) : 0 }
      case .poisson(let m):
        var log = -m
        var result = [Double.exp(log)]
        for k in stride(from: 1, through: last, by: 1) {
          log += Double.log(m / Double(k))
          result.append(Double.exp(log))
        }
        return result
      case .binomial(let n, let p):
        var log = Double(n) * Double.log(onePlus: -p)
        var result = [Double.exp(log)]
        for k in stride(from: 1, through: last, by: 1) {
          if k > n {
            result.append(0)
            continue
          }
          log += Double.log(Double(n - k + 1) / Double(k) * p / (1 - p))
          result.append(Double.exp(log))
        }
        return result
      default:
        return nil
      }
    }
  }

  // MARK: - Statistical checks

  enum Check {
    /// `|x̄ − μ| ≤ k·σ/√n` and `|s² − σ²| ≤ k·√Var(s²)`, with the exact
    /// `Var(s²) = (μ₄ − σ⁴(n − 3)/(n − 1))/n`.
    ///
    /// k = 5: by the CLT each comparison fails for a correct sampler with probability
    /// about 5.7·10⁻⁷ (two-sided normal tail), so across the ~800 comparisons in this
    /// file a false failure has probability below 5·10⁻⁴, and the fixed seeds make the
    /// outcome the same on every run.
    static func moments(
      of draws: [Double], match expected: Moments, k: Double = 5,
      sourceLocation: SourceLocation = #_sourceLocation
    ) {
      let n = Double(draws.count)
      let mean = draws.reduce(0, +) / n
      let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
      let meanTolerance = k * (expected.variance / n).squareRoot()
      let s4 = expected.variance * expected.variance
      let varianceOfVariance = (expected.fourthCentral - s4 * (n - 3) / (n - 1)) / n
      let varianceTolerance = k * varianceOfVariance.squareRoot()
      #expect(
        abs(mean - expected.mean) <= meanTolerance,
        "mean \(mean), expected \(expected.mean) ± \(meanTolerance)", sourceLocation: sourceLocation
      )
      #expect(
        abs(variance - expected.variance) <= varianceTolerance,
        "variance \(variance), expected \(expected.variance) ± \(varianceTolerance)",
        sourceLocation: sourceLocation)
    }

    /// Kolmogorov–Smirnov p-value of `draws` against `cdf`, accurate to a few percent of p.
    ///
    /// The statistic `D` with Stephens' finite-n correction `t = D(√n + 0.12 + 0.11/√n)` and
    /// the Kolmogorov tail `2Σ(−1)^{j−1}e^{−2j²t²}` (M. A. Stephens 1970, JRSS B
    /// 32(1):115–122, doi:10.1111/j.2517-6161.1970.tb00821.x).
    ///
    /// `D` is computed on `F(xᵢ)`, which lie in [0, 1]: a bucket pass puts them nearly in
    /// order and an insertion sort finishes in O(n) expected time. In a debug build this
    /// is several times faster than the generic `sorted()`, and it is exact.
    static func kolmogorovSmirnovPValue(_ draws: [Double], cdf: (Double) -> Double) -> Double {
      let n = draws.count
      let values = draws.map(cdf)
      var starts = [Int](repeating: 0, count: n + 1)
      for u in values { starts[Swift.min(n - 1, Swift.max(0, Int(u * Double(n)))) + 1] += 1 }
      for b in 0..<n { starts[b + 1] += starts[b] }
      var sorted = [Double](repeating: 0, count: n)
      for u in values {
        let b = Swift.min(n - 1, Swift.max(0, Int(u * Double(n))))
        sorted[starts[b]] = u
        starts[b] += 1
      }
      for i in 1..<n {
        let u = sorted[i]
        var j = i
        while j > 0 && sorted[j - 1] > u {
          sorted[j] = sorted[j - 1]
          j -= 1
        }
        sorted[j] = u
      }
      var d = 0.0
      for i in 0..<n {
        d = Swift.max(d, sorted[i] - Double(i) / Double(n), Double(i + 1) / Double(n) - sorted[i])
      }
      let size = Double(n)
      let t = d * (size.squareRoot() + 0.12 + 0.11 / size.squareRoot())
      if t < 0.2 { return 1 }
      var sum = 0.0
      for j in 1...100 {
        let term = Double.exp(-2 * Double(j * j) * t * t)
        sum += j % 2 == 1 ? term : -term
      }
      return Swift.min(1, Swift.max(0, 2 * sum))
    }

    /// Pearson chi-square p-value of integer `draws` against `pmf`.
    ///
    /// Values at or above `last` form one bin with the exact tail mass, and adjacent bins
    /// are pooled until each expects at least 5 counts (the usual validity rule). The
    /// p-value is the upper regularised incomplete gamma `Q(df/2, X²/2)`.
    static func chiSquarePValue(_ draws: [Int], pmf: [Double]) -> (pValue: Double, bins: Int) {
      let last = pmf.count - 1
      var probabilities = pmf
      probabilities[last] = Swift.max(0, 1 - pmf.dropLast().reduce(0, +))
      var observed = [Double](repeating: 0, count: pmf.count)
      for value in draws { observed[Swift.min(value, last)] += 1 }
      let n = Double(draws.count)
      var pooledExpected: [Double] = []
      var pooledObserved: [Double] = []
      var expectedRun = 0.0
      var observedRun = 0.0
      for k in 0...last {
        expectedRun += probabilities[k] * n
        observedRun += observed[k]
        if expectedRun >= 5 {
          pooledExpected.append(expectedRun)
          pooledObserved.append(observedRun)
          expectedRun = 0
          observedRun = 0
        }
      }
      if expectedRun > 0 || observedRun > 0 {
        pooledExpected[pooledExpected.count - 1] += expectedRun
        pooledObserved[pooledObserved.count - 1] += observedRun
      }
      var statistic = 0.0
      for (e, o) in zip(pooledExpected, pooledObserved) { statistic += (o - e) * (o - e) / e }
      let df = Double(pooledExpected.count - 1)
      return (Reference.incompleteGamma(df / 2, statistic / 2).upper, pooledExpected.count)
    }
  }
}
