import RealModule

/// Conversions from the moments a scenario states to the parameters samplers take, and
/// the standard normal CDF and its inverse.
public enum DistributionParameters {
  /// Returns the lognormal `mu`, `sigma` whose distribution has the given mean and sd.
  ///
  /// `sigma² = log(1 + sd²/mean²)` (computed with `log(onePlus:)`, exact for small
  /// `sd/mean`) and `mu = log(mean) − sigma²/2`.
  ///
  /// - Parameters:
  ///   - mean: Positive and finite.
  ///   - sd: Non-negative and finite; `0` gives `sigma == 0`.
  /// - Returns: The lognormal's `mu` and `sigma`.
  public static func lognormal(mean: Double, sd: Double) -> (mu: Double, sigma: Double) {
    precondition(
      mean > 0 && mean.isFinite && sd >= 0 && sd.isFinite,
      "lognormal needs mean > 0 and sd >= 0, both finite; found mean \(mean), sd \(sd)")
    let ratio = sd / mean
    let variance = Double.log(onePlus: ratio * ratio)
    return (mu: .log(mean) - variance / 2, sigma: variance.squareRoot())
  }

  /// Returns the gamma `shape`, `scale` whose distribution has the given mean and sd.
  ///
  /// `shape = (mean/sd)²` and `scale = sd²/mean`.
  ///
  /// - Parameters:
  ///   - mean: Positive and finite.
  ///   - sd: Positive and finite.
  /// - Returns: The gamma's `shape` and `scale`.
  public static func gamma(mean: Double, sd: Double) -> (shape: Double, scale: Double) {
    precondition(
      mean > 0 && mean.isFinite && sd > 0 && sd.isFinite,
      "gamma needs mean > 0 and sd > 0, both finite; found mean \(mean), sd \(sd)")
    let ratio = mean / sd
    return (shape: ratio * ratio, scale: sd * (sd / mean))
  }

  /// Returns the beta `alpha`, `beta` with the given mean and sd (method of moments).
  ///
  /// With `v = sd²` and `k = mean(1 − mean)/v − 1`: `alpha = mean·k`, `beta = (1 − mean)·k`.
  ///
  /// - Returns: `nil` unless `0 < mean < 1` and `0 < sd² < mean(1 − mean)`, the
  ///   conditions for a beta distribution with these moments to exist.
  public static func beta(mean: Double, sd: Double) -> (alpha: Double, beta: Double)? {
    let variance = sd * sd
    let bound = mean * (1 - mean)
    guard mean > 0, mean < 1, variance > 0, variance < bound else { return nil }
    let common = bound / variance - 1
    return (alpha: mean * common, beta: (1 - mean) * common)
  }

  /// Returns `Φ(x)`, the standard normal CDF, accurate to a few ulp in both tails.
  ///
  /// `Φ(x) = erfc(−x/√2)/2`. The complementary error function keeps relative accuracy
  /// where `Φ(x)` is tiny, and `1 − Φ(x)` for large `x` is `Φ(−x)`. Rounding
  /// `−x/√2` to a double would perturb `erfc` by a relative `2t²·2⁻⁵³` (`1.5·10⁻¹³` at
  /// `x = −37`), so for `|x| > 2` the residual `dt` of that product is recovered with a
  /// fused multiply-add on a two-part `1/√2` and fed back through the first-order term
  /// `erfc(t + dt) ≈ erfc(t) − dt·(2/√π)·e^(−t²)`.
  ///
  /// - Returns: `0` below about `−38.5` (underflow) and `1` above about `8.3`.
  public static func standardNormalCDF(_ x: Double) -> Double {
    // 1/√2 = invSqrt2High + invSqrt2Low, each a double (mpmath, 40 digits).
    let invSqrt2High = 0.7071067811865476
    let invSqrt2Low = -4.833646656726457e-17
    let t = -x * invSqrt2High
    guard abs(x) > 2 else { return 0.5 * .erfc(t) }
    // dt = (−x/√2) − t: the rounding error of the product, then the low part.
    let dt = (-t).addingProduct(-x, invSqrt2High) + (-x) * invSqrt2Low
    let twoOverSqrtPi = 1.1283791670955126
    return 0.5 * (.erfc(t) - dt * twoOverSqrtPi * .exp(-t * t))
  }

  /// Returns `Φ⁻¹(p)`, the standard normal quantile, by Wichura's algorithm AS 241.
  ///
  /// PPND16: a rational approximation of degree 7/7 in `p − ½` for `|p − ½| ≤ 0.425`,
  /// and in `r = √(−log min(p, 1 − p))` otherwise (split at `r = 5`), with a relative
  /// error about `10⁻¹⁶` for `p` down to `10⁻³⁰⁰`. The result is antisymmetric:
  /// `Φ⁻¹(1 − p) = −Φ⁻¹(p)` whenever `1 − p` is exact.
  ///
  /// Reference: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of the
  /// normal distribution", Journal of the Royal Statistical Society C (Applied
  /// Statistics) 37(3):477–484, doi:10.2307/2347330. Coefficients as published.
  ///
  /// - Parameter p: A probability in `[0, 1]`.
  /// - Returns: `−∞` for `0`, `+∞` for `1`.
  @inlinable
  public static func inverseStandardNormalCDF(_ p: Double) -> Double {
    precondition(
      p >= 0 && p <= 1, "inverseStandardNormalCDF needs p in [0, 1]; found \(p)")
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      let numerator =
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
          + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
          + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
          + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
      let denominator =
        (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
          + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
          + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
          + 4.2313330701600911252e1) * r + 1)
      return q * numerator / denominator
    }
    // Tail: r = min(p, 1 − p) < 0.075; 1 − p is exact here (Sterbenz) when p > ½.
    let tail = q < 0 ? p : 1 - p
    if tail == 0 { return q < 0 ? -.infinity : .infinity }
    var r = (-Double.log(tail)).squareRoot()
    let value: Double
    if r <= 5 {
      r -= 1.6
      let numerator =
        (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
          + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
          + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
          + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
      let denominator =
        (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
          + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
          + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
          + 2.05319162663775882187e0) * r + 1)
      value = numerator / denominator
    } else {
      r -= 5
      let numerator =
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
          + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
          + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
          + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
      let denominator =
        (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
          + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
          + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
          + 5.99832206555887937690e-1) * r + 1)
      value = numerator / denominator
    }
    return q < 0 ? -value : value
  }
}
