import RealModule

// MARK: - Normal family

extension Sample {
  /// Returns a standard normal variate by inversion: `Φ⁻¹(u)` with one uniform `u`.
  ///
  /// `u` lies on the open midpoint grid `(2j + 1)·2⁻⁵³`, so the result is finite, at
  /// most `8.13` in magnitude, and exactly antisymmetric in `u`. Inversion costs more
  /// than a ziggurat but uses exactly one `next()` per variate, which keeps streams
  /// aligned across scenarios and makes the mapping easy to pin.
  ///
  /// Reference: Wichura (1988), AS 241, doi:10.2307/2347330 (see
  /// ``DistributionParameters/inverseStandardNormalCDF(_:)``).
  @inlinable
  public static func standardNormal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    DistributionParameters.inverseStandardNormalCDF(_uniformOpen(using: &rng))
  }

  /// Returns `mean + sd·Z` with `Z` from ``standardNormal(using:)``.
  ///
  /// - Parameters:
  ///   - mean: Finite.
  ///   - sd: Non-negative and finite; `0` returns `mean` (after one draw).
  ///   - rng: The generator; one `next()`.
  /// - Returns: `mean + sd·Z`.
  @inlinable
  public static func normal<G: RandomNumberGenerator>(
    mean: Double, sd: Double, using rng: inout G
  ) -> Double {
    precondition(
      mean.isFinite && sd >= 0 && sd.isFinite,
      "normal needs a finite mean and a finite sd >= 0; found mean \(mean), sd \(sd)")
    return mean + sd * standardNormal(using: &rng)
  }

  /// Returns `exp(mu + sigma·Z)`, a lognormal variate.
  ///
  /// Use ``DistributionParameters/lognormal(mean:sd:)`` to convert a mean and sd.
  ///
  /// - Parameters:
  ///   - mu: Mean of the logarithm, finite.
  ///   - sigma: Sd of the logarithm, non-negative and finite.
  ///   - rng: The generator; one `next()`.
  /// - Returns: A value `≥ 0`.
  @inlinable
  public static func lognormal<G: RandomNumberGenerator>(
    mu: Double, sigma: Double, using rng: inout G
  ) -> Double {
    precondition(
      mu.isFinite && sigma >= 0 && sigma.isFinite,
      "lognormal needs a finite mu and a finite sigma >= 0; found mu \(mu), sigma \(sigma)")
    return .exp(mu + sigma * standardNormal(using: &rng))
  }

  /// Returns a variate of `N(mean, sd²)` conditioned on being at least zero.
  ///
  /// With `a = −mean/sd` and the upper tail `Q(a) = Φ(−a)`, the conditional survival
  /// function `Q(z)/Q(a)` is uniform, so `Z = −Φ⁻¹(v·Q(a))` for one uniform `v` in
  /// `(0, 1)`, and the result is `mean + sd·Z`. Working with the upper tail keeps full
  /// relative precision when the slice is far in the tail (`mean ≪ 0`), where the
  /// textbook `Φ⁻¹(Φ(a) + v(1 − Φ(a)))` would compute `1 − Φ(a)` as `0` from `a ≈ 8.3`.
  ///
  /// Beyond `a > 35` the slice holds less than `10⁻²⁶⁸` of the mass and `v·Q(a)` would
  /// leave the range where AS 241 is accurate, so Marsaglia's exact tail method is
  /// used instead: `Z = √(a² + 2E)` with `E` exponential, accepted when `w·Z ≤ a` for a
  /// second uniform `w` (acceptance above `1 − 1/a² > 0.999`). There the result is
  /// returned as `sd·(Z − a)`, computed without cancellation.
  ///
  /// References: Wichura (1988), AS 241, doi:10.2307/2347330; G. Marsaglia (1964),
  /// "Generating a variable from the tail of the normal distribution", Technometrics
  /// 6(1):101–102, doi:10.1080/00401706.1964.10490150.
  ///
  /// - Parameters:
  ///   - mean: Location of the untruncated normal, finite (may be negative).
  ///   - sd: Non-negative and finite; `0` returns `max(mean, 0)` (after one draw).
  ///   - rng: The generator.
  /// - Returns: A value `≥ 0`; one `next()` per call unless `mean/sd < −35`.
  @inlinable
  public static func normalTruncatedAtZero<G: RandomNumberGenerator>(
    mean: Double, sd: Double, using rng: inout G
  ) -> Double {
    precondition(
      mean.isFinite && sd >= 0 && sd.isFinite,
      "normalTruncatedAtZero needs a finite mean and a finite sd >= 0; "
        + "found mean \(mean), sd \(sd)")
    // X ≥ 0 ⇔ Z ≥ a. Below −40, Q(a) is 1 exactly, so clamping there changes no draw but keeps
    // a tiny sd (mean/sd = ∞) from reaching the CDF as −∞.
    let a = Swift.max(-mean / sd, -40)
    if sd == 0 {
      _ = rng.next()
      return Swift.max(mean, 0)
    }
    if a > 35 { return sd * _normalTailExcess(above: a, using: &rng) }
    let upper = DistributionParameters.standardNormalCDF(-a)  // Q(a) = P(Z ≥ a)
    let z = -DistributionParameters.inverseStandardNormalCDF(upper * _uniformOpen(using: &rng))
    return Swift.max(0, mean + sd * z)
  }

  /// Returns `Z − a` for `Z` standard normal conditioned on `Z ≥ a`, for large `a > 0`.
  ///
  /// Marsaglia (1964), doi:10.1080/00401706.1964.10490150: propose `Z = √(a² + 2E)`
  /// (density `∝ z·e^(−z²/2)` on `z ≥ a`) and accept with probability `a/Z`.
  /// `Z − a = 2E / (a + √(a² + 2E))` avoids cancellation, and
  /// `√(a² + 2E) = a·√(1 + 2E/a²)` avoids overflow of `a²`.
  @inlinable
  internal static func _normalTailExcess<G: RandomNumberGenerator>(
    above a: Double, using rng: inout G
  ) -> Double {
    assert(a > 0)
    // a = +∞ (subnormal sd) needs no special case: root = ∞, excess = 0, accepted.
    while true {
      let twiceExponential = -2 * Double.log(uniformPositive(using: &rng))
      let root = a * (1 + twiceExponential / (a * a)).squareRoot()
      let excess = twiceExponential / (a + root)
      // Accept when w·Z ≤ a, i.e. w·(a + excess) ≤ a, i.e. w·excess ≤ a·(1 − w).
      let w = uniform(using: &rng)
      if w * excess <= a * (1 - w) { return excess }
    }
  }
}
