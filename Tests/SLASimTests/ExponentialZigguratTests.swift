import RealModule
import Testing

@testable import SLASim

// Tests of the ziggurat behind `Sample.standardExponential` and `Sample.exponential`: the
// tables against their definition and the published constants, each branch driven by
// scripted generator outputs, a large seeded KS test with tail frequencies, and the draw
// count. The branch probabilities and draw-count moments quoted here are printed by
// Fixtures/exponential_ziggurat_tables.py (mpmath, 60 digits).

@Suite struct ExponentialZigguratTests {
  typealias Ziggurat = Sample._ExponentialZiggurat

  /// The layer widths `x[i] = scale[i]·2⁵³` (exact: a power-of-two scaling), `x[256] = 0`.
  static func width(_ layer: Int) -> Double { layer == 256 ? 0 : Ziggurat.scale(layer) * 0x1p53 }

  // MARK: Tables

  /// The tail start and layer area agree with Marsaglia & Tsang's published values.
  ///
  /// For 256 layers the paper (doi:10.18637/jss.v005.i08) gives the tail start
  /// `r = 7.69711747013104972` and the layer area `v = 0.0039496598225815571993`. Our `r`
  /// must be the double nearest the published 18 digits (within one ulp), and the
  /// area `(r + 1)·e^(−r)` must match `v` to the accuracy of libm's `exp` (a few ulp).
  @Test func tablesMatchThePublishedConstants() {
    let r = Ziggurat.tailStart
    #expect(abs(r - 7.697_117_470_131_049_72) <= r.ulp)
    let area = (r + 1) * Double.exp(-r)
    #expect(abs(area - 0.003_949_659_822_581_557_199_3) <= 4 * area.ulp)
    #expect(Self.width(1) == r)
    // V/e^(−r) = r + 1, the base layer's virtual width (rounded once from 60 digits).
    #expect(abs(Self.width(0) - (r + 1)) <= (r + 1).ulp)
  }

  /// Every layer has the same area, the heights are `e^(−x)` of the widths, and the
  /// thresholds are `⌊2⁵³·x[i + 1]/x[i]⌋`.
  ///
  /// Tolerances: each table entry is one rounding from 60 digits (2⁻⁵³ relative) and glibc's
  /// `exp` is within an ulp, so `y[i]` agrees with `exp(−x[i])` to 4 ulp. The area
  /// `x[i]·(y[i + 1] − y[i])` subtracts heights that near the top differ by 1 part in 250,
  /// which magnifies their rounding to about 250·2⁻⁵³ ≈ 3e-14; we allow 1e-13. A threshold
  /// computed in doubles is within 2 of the exact floor (the quotient is rounded once,
  /// then scaled exactly).
  @Test func tablesMatchTheirDefinition() {
    let r = Ziggurat.tailStart
    let area = (r + 1) * Double.exp(-r)
    #expect(Ziggurat.height(0) == 0)
    #expect(Ziggurat.height(256) == 1)
    #expect(Ziggurat.threshold(255) == 0)  // the top layer is all wedge
    for i in 1..<256 {
      let x = Self.width(i)
      #expect(x < Self.width(i - 1), "widths must decrease at layer \(i)")
      let y = Ziggurat.height(i)
      #expect(abs(y - Double.exp(-x)) <= 4 * y.ulp, "y[\(i)] = \(y), e^(−x) = \(Double.exp(-x))")
      let layerArea = x * (Ziggurat.height(i + 1) - y)
      #expect(abs(layerArea - area) <= 1e-13 * area, "layer \(i) has area \(layerArea), expected \(area)")
    }
    for i in 0..<256 {
      let exact = (Self.width(i + 1) / Self.width(i) * 0x1p53).rounded(.down)
      let threshold = Double(Ziggurat.threshold(i))
      #expect(abs(threshold - exact) <= 2, "threshold[\(i)] = \(threshold), expected about \(exact)")
    }
  }

  // MARK: Branches, one by one

  /// A generator that replays the given outputs and counts them.
  struct ScriptedGenerator: RandomNumberGenerator {
    var outputs: [UInt64]
    var position = 0

    mutating func next() -> UInt64 {
      defer { position += 1 }
      return outputs[position]
    }
  }

  /// The output that selects `layer` at 53-bit `position` (position in the top 53 bits).
  static func output(layer: Int, position: UInt64) -> UInt64 { position << 11 | UInt64(layer) }

  static let lastPosition: UInt64 = (1 << 53) - 1

  /// Each path of the sampler, from scripted outputs, with its exact result and draw count.
  @Test func eachBranchGivesItsExactResult() {
    let r = Ziggurat.tailStart
    // Fast path: one output, the position times the layer's scale.
    var fast = ScriptedGenerator(outputs: [Self.output(layer: 3, position: 12_345)])
    #expect(Sample.standardExponential(using: &fast) == 12_345 * Ziggurat.scale(3))
    #expect(fast.position == 1)

    // Tail: layer 0 at its last position is x ≈ r + 1 > r, so the result is r + E; the
    // second output gives E = 0 (position 0 in layer 0).
    var tail = ScriptedGenerator(outputs: [
      Self.output(layer: 0, position: Self.lastPosition), Self.output(layer: 0, position: 0),
    ])
    #expect(Sample.standardExponential(using: &tail) == r)
    #expect(tail.position == 2)

    // Two tail steps, then the fast path: 2r + 5·scale[7].
    var twice = ScriptedGenerator(outputs: [
      Self.output(layer: 0, position: Self.lastPosition), Self.output(layer: 0, position: Self.lastPosition),
      Self.output(layer: 7, position: 5),
    ])
    #expect(Sample.standardExponential(using: &twice) == (r + r) + 5 * Ziggurat.scale(7))
    #expect(twice.position == 3)

    // Wedge, accepted: the top layer has no fast part. At x = x[255]/2 a height at the
    // bottom of the layer (uniform 0) is y[255] = e^(−x[255]) < e^(−x).
    let half: UInt64 = 1 << 52
    var accept = ScriptedGenerator(outputs: [Self.output(layer: 255, position: half), 0])
    #expect(Sample.standardExponential(using: &accept) == Double(half) * Ziggurat.scale(255))
    #expect(accept.position == 2)

    // Wedge, rejected: at x ≈ x[255] a height near the top of the layer (≈ 1) is above
    // e^(−x[255]), so the draw restarts and the third output takes the fast path.
    var reject = ScriptedGenerator(outputs: [
      Self.output(layer: 255, position: Self.lastPosition), .max, Self.output(layer: 9, position: 77),
    ])
    #expect(Sample.standardExponential(using: &reject) == 77 * Ziggurat.scale(9))
    #expect(reject.position == 3)

    // A wedge in a middle layer, accepted after a tail step: the offset carries over. The
    // position is halfway across the wedge and the height at the bottom of the layer.
    let threshold = Ziggurat.threshold(100)
    let position = threshold + (Self.lastPosition - threshold) / 2
    var carried = ScriptedGenerator(outputs: [
      Self.output(layer: 0, position: Self.lastPosition), Self.output(layer: 100, position: position), 0,
    ])
    #expect(Sample.standardExponential(using: &carried) == r + Double(position) * Ziggurat.scale(100))
    #expect(carried.position == 3)
  }

  /// `exponential(mean:)` is `mean` times the standard variate from the same outputs, and
  /// a zero mean gives `+0`.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func exponentialScalesTheStandardVariate(seed: UInt64) {
    var scaled = Xoshiro256StarStar(seed: seed)
    var standard = Xoshiro256StarStar(seed: seed)
    for mean in [0.25, 1, 2.5, 1e300, 0x1p-1070] {
      for _ in 0..<1000 {
        let value = Sample.exponential(mean: mean, using: &scaled)
        #expect(value == mean * Sample.standardExponential(using: &standard))
      }
    }
    let zero = Sample.exponential(mean: 0, using: &scaled)
    #expect(zero == 0 && zero.sign == .plus)
  }

  // MARK: Large-sample distribution

  /// 200 000 seeded draws against the exact CDF `1 − e^(−x)`, and the tail frequencies.
  ///
  /// KS: we require p ≥ 10⁻⁵, and at this n a CDF error of 0.0055 anywhere fails (critical
  /// D ≈ 2.47/√n). `P(X > 7) = e⁻⁷` gives 182.4 expected exceedances with sd 13.5; we allow
  /// 5 sd. `P(X > 12) = e⁻¹²` gives 1.23 expected: a Poisson(1.23) count is 10 or more with
  /// probability 7·10⁻⁷, so we allow at most 9. Draws at or above the tail start `r`,
  /// expected 90.8 (sd 9.5), show the tail step ran; their excesses over `r` must again be
  /// exponential (KS, p ≥ 10⁻⁵), which is the memorylessness the tail step relies on.
  @Test func largeSampleMatchesTheExactCDFAndTail() {
    let n = 200_000
    var rng = Xoshiro256StarStar(seed: streamSeed(master: 2000, index: 8))
    let draws = (0..<n).map { _ in Sample.standardExponential(using: &rng) }
    let p = SamplerTests.Check.kolmogorovSmirnovPValue(draws) { -Double.expMinusOne(-$0) }
    #expect(p >= 1e-5, "KS p-value \(p)")

    let count = Double(n)
    let above7 = Double(draws.filter { $0 > 7 }.count)
    let p7 = Double.exp(-7)
    let sd7 = (count * p7 * (1 - p7)).squareRoot()
    #expect(abs(above7 - count * p7) <= 5 * sd7, "\(above7) draws above 7, expected \(count * p7) ± \(5 * sd7)")
    let above12 = draws.filter { $0 > 12 }.count
    #expect(above12 <= 9, "\(above12) draws above 12, expected 1.23")

    let r = Ziggurat.tailStart
    let excesses = draws.filter { $0 >= r }.map { $0 - r }
    let pTail = Double.exp(-r)
    let sdTail = (count * pTail * (1 - pTail)).squareRoot()
    #expect(
      abs(Double(excesses.count) - count * pTail) <= 5 * sdTail,
      "\(excesses.count) draws in the tail, expected \(count * pTail) ± \(5 * sdTail)")
    let pExcess = SamplerTests.Check.kolmogorovSmirnovPValue(excesses) { -Double.expMinusOne(-$0) }
    #expect(pExcess >= 1e-5, "KS p-value of the tail excesses \(pExcess)")
  }

  // MARK: Draw count

  /// Counts the outputs each call uses.
  struct CountingGenerator: RandomNumberGenerator {
    var base: Xoshiro256StarStar
    var calls = 0

    mutating func next() -> UInt64 {
      calls += 1
      return base.next()
    }
  }

  /// Over 200 000 calls, the share that need more than one output and the mean outputs per
  /// call match the ziggurat's exact values, so the wedge and tail paths run as often as
  /// they should.
  ///
  /// From the tables in 60-digit mpmath: a call goes past its first output with probability
  /// `1 − 0.977779655 = 0.022220345` (binomial sd over n: 3.3·10⁻⁴), and uses 1.033595449
  /// outputs on average with sd 0.237123 per call (sd of the mean: 5.3·10⁻⁴). We allow 5 sd.
  @Test(arguments: 0..<3 as Range<UInt64>)
  func drawCountMatchesTheZiggurat(seed: UInt64) {
    let n = 200_000
    var rng = CountingGenerator(base: Xoshiro256StarStar(seed: streamSeed(master: seed, index: 9)))
    var slow = 0
    for _ in 0..<n {
      let before = rng.calls
      _ = Sample.standardExponential(using: &rng)
      if rng.calls - before > 1 { slow += 1 }
    }
    let count = Double(n)
    let pSlow = 1 - 0.977_779_655_325_430_928_5
    let slowTolerance = 5 * (pSlow * (1 - pSlow) / count).squareRoot()
    let slowShare = Double(slow) / count
    #expect(abs(slowShare - pSlow) <= slowTolerance, "slow share \(slowShare), expected \(pSlow) ± \(slowTolerance)")
    let meanOutputs = Double(rng.calls) / count
    let meanTolerance = 5 * 0.237_122_966_925_128_578 / count.squareRoot()
    #expect(
      abs(meanOutputs - 1.033_595_448_895_249_947) <= meanTolerance,
      "\(meanOutputs) outputs per call, expected 1.0336 ± \(meanTolerance)")
  }
}
