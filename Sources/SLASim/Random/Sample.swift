/// Exact samplers for the distributions a scenario can name, driven by any generator.
///
/// Every sampler is generic over `G: RandomNumberGenerator` and takes the generator
/// `inout`, so a kernel specialised for ``Xoshiro256StarStar`` has no existentials, no
/// allocation and no reference counting. None of them calls `Double.random`: the
/// standard library may change that mapping between releases, and our results must
/// not (STYLE.md §9). A change to any sampler's output bumps
/// ``SLASimVersion/randomStream``.
///
/// ## Draw counts
///
/// Inverse-CDF samplers use exactly one `next()` per call, even for degenerate
/// parameters, so that two scenarios that differ only in a parameter value stay
/// aligned on the same stream (common random numbers): ``uniform(using:)``,
/// ``uniformPositive(using:)``, ``uniform(min:max:using:)``,
/// ``bernoulli(_:using:)``, ``standardNormal(using:)``, ``normal(mean:sd:using:)``,
/// ``lognormal(mu:sigma:using:)``, ``triangular(min:mode:max:using:)``,
/// ``empirical(_:using:)`` (one index draw, which is one `next()` except with
/// probability below `count/2⁶⁴`) and, unless `mean/sd < -35`,
/// ``normalTruncatedAtZero(mean:sd:using:)``. Poisson below mean 10 and the binomial
/// inversion branch also use one. The rejection samplers use a variable number: the
/// exponential (a ziggurat: one `next()` in 97.8 % of calls, 1.034 on average, because
/// a logarithm per draw was the simulation's largest cost), and gamma, beta, PERT,
/// Poisson and binomial in their large branches.
///
/// ## Preconditions
///
/// Parameters are checked with `precondition`; invalid parameters are a programmer
/// error, because scenario validation rejects them first.
public enum Sample {}

// MARK: - Uniform, Bernoulli, index

extension Sample {
  /// Returns a uniform double in `[0, 1)`: the top 53 bits of one output times `2⁻⁵³`.
  ///
  /// Every multiple of `2⁻⁵³` in `[0, 1)` is equally likely. This mapping is ours and is
  /// part of the stream definition (STYLE.md §9).
  @inlinable
  public static func uniform<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    Double(rng.next() >> 11) * 0x1p-53
  }

  /// Returns a uniform double in `(0, 1]`: `((next() >> 11) + 1) · 2⁻⁵³`.
  ///
  /// Use it where `0` would be fatal, as in `log(u)`.
  @inlinable
  public static func uniformPositive<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    Double((rng.next() >> 11) + 1) * 0x1p-53
  }

  /// Returns a uniform double in `(0, 1)` on the midpoint grid `(2j + 1) · 2⁻⁵³`.
  ///
  /// `j` is the top 52 bits of one output, so every value is exact and the grid is
  /// symmetric about ½: `u` and `1 − u` are equally likely and both representable, which
  /// makes inverse-CDF normals exactly antisymmetric. Range: `[2⁻⁵³, 1 − 2⁻⁵³]`.
  @inlinable
  internal static func _uniformOpen<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    (Double(rng.next() >> 12) + 0.5) * 0x1p-52
  }

  /// Returns a uniform double in `[min, max)`, or `min` when `min == max`.
  ///
  /// Computed as `min + (max − min)·u`; the rare result that rounds up to `max` is
  /// replaced by `max.nextDown`.
  ///
  /// - Parameters:
  ///   - min: Lower bound, finite.
  ///   - max: Upper bound, finite, at least `min`, and `max − min` must be finite.
  ///   - rng: The generator; one `next()`.
  /// - Returns: A value in `[min, max)`, or `min` when `min == max`.
  @inlinable
  public static func uniform<G: RandomNumberGenerator>(
    min: Double, max: Double, using rng: inout G
  ) -> Double {
    precondition(
      min <= max && (max - min).isFinite,
      "uniform bounds must be finite with min <= max; found min \(min), max \(max)")
    let u = uniform(using: &rng)
    if min == max { return min }
    let value = min + (max - min) * u
    return value < max ? value : max.nextDown
  }

  /// Returns `true` with probability `probability`, from exactly one uniform draw.
  ///
  /// The result is `uniform < probability`, so `0` is never `true` and `1` always is.
  ///
  /// - Parameters:
  ///   - probability: In `[0, 1]`.
  ///   - rng: The generator; one `next()`.
  /// - Returns: Whether the uniform draw fell below `probability`.
  @inlinable
  public static func bernoulli<G: RandomNumberGenerator>(
    _ probability: Double, using rng: inout G
  ) -> Bool {
    precondition(
      probability >= 0 && probability <= 1,
      "bernoulli probability must be in [0, 1]; found \(probability)")
    return uniform(using: &rng) < probability
  }

  /// Returns an integer uniformly distributed in `0 ..< count`, without bias.
  ///
  /// Lemire's multiply-shift with rejection: the high word of `next() · count` is the
  /// result, and the low word rejects the `2⁶⁴ mod count` draws that would bias it.
  /// Rejection happens with probability below `count / 2⁶⁴`, and the division is only
  /// computed when a rejection is possible.
  ///
  /// Reference: D. Lemire (2019), "Fast random integer generation in an interval",
  /// ACM Transactions on Modeling and Computer Simulation 29(1):3, doi:10.1145/3230636.
  ///
  /// - Parameters:
  ///   - count: Positive.
  ///   - rng: The generator.
  /// - Returns: An integer in `0 ..< count`.
  /// - Complexity: O(1) expected; one `next()` almost always.
  @inlinable
  public static func index<G: RandomNumberGenerator>(
    below count: Int, using rng: inout G
  ) -> Int {
    precondition(count > 0, "index(below:) needs a positive count; found \(count)")
    let range = UInt64(count)
    var product = rng.next().multipliedFullWidth(by: range)
    if product.low < range {
      // 2⁶⁴ mod range, written without wrapping: UInt64.max − range + 1 = 2⁶⁴ − range.
      let threshold = (UInt64.max - range + 1) % range
      while product.low < threshold {
        product = rng.next().multipliedFullWidth(by: range)
      }
    }
    return Int(product.high)
  }

  /// Returns one of `values`, each position equally likely (one ``index(below:using:)``).
  ///
  /// - Parameters:
  ///   - values: Non-empty; repeated values are counted once per position.
  ///   - rng: The generator.
  /// - Returns: An element of `values`.
  @inlinable
  public static func empirical<G: RandomNumberGenerator>(
    _ values: UnsafeBufferPointer<Double>, using rng: inout G
  ) -> Double {
    precondition(!values.isEmpty, "empirical needs at least one value; found none")
    return values[index(below: values.count, using: &rng)]
  }
}
