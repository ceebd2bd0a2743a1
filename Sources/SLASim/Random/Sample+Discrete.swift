import RealModule

// MARK: - Poisson and binomial

extension Sample {
  /// Returns a Poisson variate with the given mean, exactly.
  ///
  /// - `mean == 0`: `0`, without drawing.
  /// - `mean < 10`: inversion by sequential search from `0`, one uniform, `mean + 1`
  ///   steps on average.
  /// - otherwise: Hörmann's PTRS (transformed rejection with squeeze), 1.1 to 1.35
  ///   proposals of two uniforms each (measured: 1.33 at mean 10, 1.12 at 10⁶), with the
  ///   log-pmf written so that its large terms cancel analytically (see
  ///   `_logPoissonProbability(_:mean:)`).
  ///
  /// Inversion stops early only if the cumulative sum stops changing in double
  /// precision, which happens beyond the mode where the remaining tail is below
  /// `2⁻⁵³`; the distortion is of that order.
  ///
  /// Reference: W. Hörmann (1993), "The transformed rejection method for generating
  /// Poisson random variables", Insurance: Mathematics and Economics 12(1):39–45,
  /// doi:10.1016/0167-6687(93)90997-4.
  ///
  /// - Parameters:
  ///   - mean: In `[0, 2⁵²)`.
  ///   - rng: The generator.
  /// - Returns: A count `≥ 0`.
  @inlinable
  public static func poisson<G: RandomNumberGenerator>(
    mean: Double, using rng: inout G
  ) -> Int {
    precondition(mean >= 0 && mean < 0x1p52, "poisson needs a mean in [0, 2^52); found \(mean)")
    if mean == 0 { return 0 }
    if mean < 10 { return _poissonInversion(mean: mean, using: &rng) }
    return _poissonPTRS(mean: mean, using: &rng)
  }

  @inlinable
  internal static func _poissonInversion<G: RandomNumberGenerator>(
    mean: Double, using rng: inout G
  ) -> Int {
    let u = uniform(using: &rng)
    var k = 0
    var probability = Double.exp(-mean)  // P(X = 0) ≥ e⁻¹⁰: no underflow
    var cumulative = probability
    while u >= cumulative {
      k += 1
      probability *= mean / Double(k)
      let next = cumulative + probability
      if next == cumulative { break }
      cumulative = next
    }
    return k
  }

  @inlinable
  internal static func _poissonPTRS<G: RandomNumberGenerator>(
    mean: Double, using rng: inout G
  ) -> Int {
    // Constants of Hörmann (1993), Table 1 / algorithm PTRS.
    let b = 0.931 + 2.53 * mean.squareRoot()
    let a = -0.059 + 0.02483 * b
    let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
    let acceptBelow = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = uniform(using: &rng) - 0.5
      let v = uniform(using: &rng)
      let us = 0.5 - abs(u)
      // us = 0 (u = −½) gives k = −∞, rejected below; k stays a Double until accepted.
      let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if k < 0 { continue }
      if us >= 0.07 && v <= acceptBelow { return Int(k) }
      if us < 0.013 && v > us { continue }
      let logHat = Double.log(v * inverseAlpha / (a / (us * us) + b))
      if logHat <= _logPoissonProbability(k, mean: mean) { return Int(k) }
    }
  }

  /// `log P(X = k)` for `X ~ Poisson(mean)`, accurate for large `mean` and `k`.
  ///
  /// The textbook `−λ + k·log λ − log k!` subtracts numbers of size `k log k`
  /// (`2·10¹⁰` at `λ = 10⁹`, an absolute error near `10⁻⁶`). With Stirling's series
  /// `log k! = (k + ½)log(k + 1) − (k + 1) + ½log 2π + δ(k)` it becomes
  /// `(k + 1 − λ) + k·log1p((λ − k − 1)/(k + 1)) − ½log(k + 1) − ½log 2π − δ(k)`,
  /// whose first two terms cancel to `O((k − λ)²/λ)` with only rounding of that size.
  @inlinable
  internal static func _logPoissonProbability(_ k: Double, mean: Double) -> Double {
    let halfLogTwoPi = 0.9189385332046728  // ½ log 2π (mpmath)
    let linear = (k + 1 - mean) + k * .log(onePlus: (mean - k - 1) / (k + 1))
    return linear - 0.5 * .log(k + 1) - halfLogTwoPi - _stirlingCorrection(k)
  }

  /// `δ(k) = log k! − [(k + ½)log(k + 1) − (k + 1) + ½log 2π]` for integer `k ≥ 0`.
  ///
  /// For `k < 16` from `logGamma` (glibc `lgamma_r`, a few ulp of a value below 0.1);
  /// otherwise from the Stirling series `1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷)
  /// + 1/(1188z⁹)` with `z = k + 1`, whose truncation error is below `691/(360360z¹¹)
  /// < 10⁻¹⁶`.
  /// (Abramowitz & Stegun 1964, *Handbook of Mathematical Functions*, 6.1.41.)
  @inlinable
  internal static func _stirlingCorrection(_ k: Double) -> Double {
    let z = k + 1
    if k < 16 {
      let halfLogTwoPi = 0.9189385332046728
      return Double.logGamma(z) - ((k + 0.5) * .log(z) - z + halfLogTwoPi)
    }
    let w = 1 / (z * z)
    return (1.0 / 12 - w * (1.0 / 360 - w * (1.0 / 1260 - w * (1.0 / 1680 - w / 1188)))) / z
  }

  /// Returns a binomial variate: successes in `count` trials of probability
  /// `probability`, exactly.
  ///
  /// Edge cases return without drawing: `count == 0` or `probability == 0` gives `0`,
  /// `probability == 1` gives `count`. For `p > ½` the result is `count − B(count,
  /// 1 − p)` (`1 − p` is exact there). With `p ≤ ½`:
  /// - `count·p < 10`: inversion by sequential search from `0`, one uniform (`P(X = 0) =
  ///   (1 − p)^count ≥ e⁻¹⁴`, so there is no underflow).
  /// - otherwise: Hörmann's BTRS (transformed rejection with squeeze), 1.1 to 1.4
  ///   proposals of two uniforms each (measured: 1.37 at n·p = 10, 1.13 at 4·10⁶), with
  ///   the acceptance ratio `f(k)/f(m)` written so that its large terms cancel analytically
  ///   (see `_logBinomialRatio(_:mode:count:probability:)`).
  ///
  /// Reference: W. Hörmann (1993), "The generation of binomial random variates",
  /// Journal of Statistical Computation and Simulation 46(1–2):101–110,
  /// doi:10.1080/00949659308811496.
  ///
  /// - Parameters:
  ///   - count: Number of trials, `≥ 0` (and below `2⁵³`).
  ///   - probability: In `[0, 1]`.
  ///   - rng: The generator.
  /// - Returns: A count in `0...count`.
  @inlinable
  public static func binomial<G: RandomNumberGenerator>(
    count: Int, probability: Double, using rng: inout G
  ) -> Int {
    precondition(
      count >= 0 && count < (1 << 53), "binomial needs a count in [0, 2^53); found \(count)")
    precondition(
      probability >= 0 && probability <= 1,
      "binomial needs a probability in [0, 1]; found \(probability)")
    if count == 0 || probability == 0 { return 0 }
    if probability == 1 { return count }
    if probability > 0.5 {
      return count - _binomialLowProbability(count, 1 - probability, using: &rng)
    }
    return _binomialLowProbability(count, probability, using: &rng)
  }

  @inlinable
  internal static func _binomialLowProbability<G: RandomNumberGenerator>(
    _ count: Int, _ p: Double, using rng: inout G
  ) -> Int {
    assert(p > 0 && p <= 0.5)
    let n = Double(count)
    if n * p < 10 {
      let u = uniform(using: &rng)
      let odds = p / (1 - p)
      var k = 0
      var probability = Double.exp(n * .log(onePlus: -p))  // (1 − p)ⁿ
      var cumulative = probability
      while u >= cumulative && k < count {
        k += 1
        probability *= odds * Double(count - k + 1) / Double(k)
        let next = cumulative + probability
        if next == cumulative { break }
        cumulative = next
      }
      return k
    }
    // BTRS setup, Hörmann (1993) steps 1 and 2.
    let spq = (n * p * (1 - p)).squareRoot()
    let b = 1.15 + 2.53 * spq
    let a = -0.0873 + 0.0248 * b + 0.01 * p
    let c = n * p + 0.5
    let acceptBelow = 0.92 - 4.2 / b
    let alpha = (2.83 + 5.1 / b) * spq
    let mode = ((n + 1) * p).rounded(.down)
    while true {
      let u = uniform(using: &rng) - 0.5
      let v = uniform(using: &rng)
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + c).rounded(.down)
      if k < 0 || k > n { continue }
      if us >= 0.07 && v <= acceptBelow { return Int(k) }
      let logHat = Double.log(v * alpha / (a / (us * us) + b))
      if logHat <= _logBinomialRatio(k, mode: mode, count: n, probability: p) {
        return Int(k)
      }
    }
  }

  /// `log(f(k)/f(m))` for the binomial pmf `f` of `(n, p)`, accurate for large `n`.
  ///
  /// BTRS's `log m! + log(n − m)! − log k! − log(n − k)! + (k − m)log(p/q)` subtracts
  /// numbers of size `n log n`. With `g(x) = (x + ½)log(x + 1) − (x + 1)` and Stirling's
  /// `δ` (`_stirlingCorrection(_:)`), `g(m) − g(k) = (m + ½)·log1p((m − k)/(k + 1)) +
  /// (m − k)(log(k + 1) − 1)`; adding the `n − m`, `n − k` term and `(k − m)log(p/q)`,
  /// the `−1`s cancel and the linear terms collect into `(m − k)·log((k + 1)q / ((n − k
  /// + 1)p))`, which is near zero around the mode, so every term is small.
  @inlinable
  internal static func _logBinomialRatio(
    _ k: Double, mode m: Double, count n: Double, probability p: Double
  ) -> Double {
    let q = 1 - p
    let first = (m + 0.5) * .log(onePlus: (m - k) / (k + 1))
    let second = (n - m + 0.5) * .log(onePlus: (k - m) / (n - k + 1))
    let linear = (m - k) * .log(((k + 1) * q) / ((n - k + 1) * p))
    let corrections =
      _stirlingCorrection(m) - _stirlingCorrection(k)
      + _stirlingCorrection(n - m) - _stirlingCorrection(n - k)
    return first + second + linear + corrections
  }
}
