import RealModule

// MARK: - Gamma, beta, triangular, PERT

extension Sample {
  /// Returns a gamma variate with the given shape and scale (mean `shape·scale`).
  ///
  /// Marsaglia and Tsang's method for `shape ≥ 1`: with `d = shape − ⅓` and
  /// `c = 1/√(9d)`, draw a normal `x`, set `v = (1 + cx)³`, and accept `d·v` by a
  /// squeeze `u < 1 − 0.0331x⁴` or the exact test `log u < x²/2 + d(1 − v + log v)`;
  /// at least 95 % of proposals are accepted. For `shape < 1`, `G(shape) =
  /// G(shape + 1)·U^(1/shape)`, evaluated in log space (see the paper, §6); for a tiny
  /// shape the result underflows to `0` as the true value would.
  ///
  /// Reference: G. Marsaglia, W. W. Tsang (2000), "A simple method for generating gamma
  /// variables", ACM Transactions on Mathematical Software 26(3):363–372,
  /// doi:10.1145/358407.358414.
  ///
  /// - Parameters:
  ///   - shape: Positive and finite.
  ///   - scale: Positive and finite.
  ///   - rng: The generator.
  /// - Returns: A finite value `≥ 0`.
  /// - Complexity: O(1) expected; about 2.1 `next()` per call for `shape ≥ 1`.
  @inlinable
  public static func gamma<G: RandomNumberGenerator>(
    shape: Double, scale: Double, using rng: inout G
  ) -> Double {
    precondition(
      shape > 0 && shape.isFinite && scale > 0 && scale.isFinite,
      "gamma needs a finite shape > 0 and a finite scale > 0; "
        + "found shape \(shape), scale \(scale)")
    if shape >= 1 { return scale * _standardGamma(shape, using: &rng) }
    return scale * .exp(_logStandardGamma(shape, using: &rng))
  }

  /// Marsaglia–Tsang for `Gamma(shape, 1)` with `shape ≥ 1`.
  @inlinable
  internal static func _standardGamma<G: RandomNumberGenerator>(
    _ shape: Double, using rng: inout G
  ) -> Double {
    assert(shape >= 1)
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      let x = standardNormal(using: &rng)
      let cube = 1 + c * x
      if cube <= 0 { continue }
      let v = cube * cube * cube
      let u = uniformPositive(using: &rng)
      let x2 = x * x
      if u < 1 - 0.0331 * (x2 * x2) { return d * v }
      if Double.log(u) < 0.5 * x2 + d * (1 - v + .log(v)) { return d * v }
    }
  }

  /// `log Gamma(shape, 1)`, exact in log space for `shape < 1`, so it never underflows.
  ///
  /// `log G(shape) = log G(shape + 1) + log(U)/shape` (Marsaglia & Tsang 2000, §6).
  @inlinable
  internal static func _logStandardGamma<G: RandomNumberGenerator>(
    _ shape: Double, using rng: inout G
  ) -> Double {
    if shape >= 1 { return .log(_standardGamma(shape, using: &rng)) }
    let boosted = _standardGamma(shape + 1, using: &rng)
    return Double.log(boosted) + Double.log(uniformPositive(using: &rng)) / shape
  }

  /// Returns a beta variate: `X/(X + Y)` with `X ~ Gamma(alpha)`, `Y ~ Gamma(beta)`.
  ///
  /// When both parameters are at least 1 the gammas are drawn directly. Otherwise they
  /// are drawn as logarithms (``gamma(shape:scale:using:)``, `shape < 1` case) and the
  /// ratio is `1/(1 + e^(log Y − log X))`, so both tiny (where `X` and `Y` underflow and
  /// `X/(X + Y)` would be `0/0`) stays exact. If both logarithms are `−∞` (parameters
  /// below about `10⁻³⁰⁷`) the beta is, to double precision, the two-point law at 0 and
  /// 1 with `P(1) = alpha/(alpha + beta)`, drawn with one more uniform.
  ///
  /// Reference: the gamma ratio, e.g. L. Devroye (1986), *Non-Uniform Random Variate
  /// Generation*, Springer, §IX.4, doi:10.1007/978-1-4613-8643-8; gammas by Marsaglia
  /// & Tsang (2000), doi:10.1145/358407.358414.
  ///
  /// - Parameters:
  ///   - alpha: Positive and finite.
  ///   - beta: Positive and finite.
  ///   - rng: The generator.
  /// - Returns: A value in `[0, 1]`.
  @inlinable
  public static func beta<G: RandomNumberGenerator>(
    alpha: Double, beta: Double, using rng: inout G
  ) -> Double {
    precondition(
      alpha > 0 && alpha.isFinite && beta > 0 && beta.isFinite,
      "beta needs finite alpha > 0 and beta > 0; found alpha \(alpha), beta \(beta)")
    if alpha >= 1 && beta >= 1 {
      let x = _standardGamma(alpha, using: &rng)
      let y = _standardGamma(beta, using: &rng)
      return x / (x + y)
    }
    let logX = _logStandardGamma(alpha, using: &rng)
    let logY = _logStandardGamma(beta, using: &rng)
    if logX == -.infinity && logY == -.infinity {
      return uniform(using: &rng) * (alpha + beta) < alpha ? 1 : 0
    }
    let difference = logY - logX
    // 1/(1 + e^d), evaluated with e^(−|d|) ≤ 1 so that nothing overflows.
    if difference > 0 {
      let ratio = Double.exp(-difference)
      return ratio / (1 + ratio)
    }
    return 1 / (1 + .exp(difference))
  }

  /// Returns a triangular variate on `[min, max]` with the given mode, by inversion.
  ///
  /// With `u` uniform and `s = (mode − min)/(max − min)`: `min + √(u(max − min)(mode −
  /// min))` if `u < s`, else `max − √((1 − u)(max − min)(max − mode))`. Always one
  /// `next()`, even when `min == max` (then the result is `min`).
  ///
  /// - Parameters:
  ///   - min: Finite lower bound.
  ///   - mode: Most likely value, `min ≤ mode ≤ max`.
  ///   - max: Finite upper bound.
  ///   - rng: The generator; one `next()`.
  /// - Returns: A value in `[min, max]`.
  @inlinable
  public static func triangular<G: RandomNumberGenerator>(
    min: Double, mode: Double, max: Double, using rng: inout G
  ) -> Double {
    precondition(
      min <= mode && mode <= max && min.isFinite && max.isFinite && (max - min).isFinite,
      "triangular needs finite min <= mode <= max; found min \(min), mode \(mode), max \(max)")
    let u = uniform(using: &rng)
    if min == max { return min }
    let range = max - min
    if u * range < mode - min {
      return Swift.min(mode, min + (u * range * (mode - min)).squareRoot())
    }
    return Swift.max(mode, max - ((1 - u) * range * (max - mode)).squareRoot())
  }

  /// Returns a Beta-PERT variate on `[min, max]` with the given mode.
  ///
  /// `min + (max − min)·Beta(1 + 4(mode − min)/(max − min), 1 + 4(max − mode)/(max −
  /// min))`, whose mean is `(min + 4·mode + max)/6`. Returns `min` without drawing when
  /// `min == max`.
  ///
  /// Reference: D. G. Malcolm, J. H. Roseboom, C. E. Clark, W. Fazar (1959),
  /// "Application of a technique for research and development program evaluation",
  /// Operations Research 7(5):646–669, doi:10.1287/opre.7.5.646.
  ///
  /// - Parameters:
  ///   - min: Finite lower bound.
  ///   - mode: Most likely value, `min ≤ mode ≤ max`.
  ///   - max: Finite upper bound.
  ///   - rng: The generator.
  /// - Returns: A value in `[min, max]`.
  @inlinable
  public static func pert<G: RandomNumberGenerator>(
    min: Double, mode: Double, max: Double, using rng: inout G
  ) -> Double {
    precondition(
      min <= mode && mode <= max && min.isFinite && max.isFinite && (max - min).isFinite,
      "pert needs finite min <= mode <= max; found min \(min), mode \(mode), max \(max)")
    if min == max { return min }
    let range = max - min
    let fraction = beta(
      alpha: 1 + 4 * (mode - min) / range, beta: 1 + 4 * (max - mode) / range, using: &rng)
    return Swift.min(max, min + range * fraction)
  }
}
