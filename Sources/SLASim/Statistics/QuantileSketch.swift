import RealModule

/// A mergeable quantile sketch with a relative-error guarantee.
///
/// This is DDSketch (C. Masson, J. E. Rim & H. K. Lee 2019, "DDSketch: a fast and
/// fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12):2195–2205,
/// doi:10.14778/3352063.3352135) with an unbounded dense store of logarithmic buckets for
/// positive values, a second one for the magnitudes of negative values, and a count of zeros.
/// With `γ = (1 + α)/(1 − α)` for relative accuracy `α`, a positive value `x` is counted in
/// bucket `i = ⌈log_γ x⌉`, which covers `(γ^(i−1), γ^i]`; the bucket is reported as
/// `2γ^i/(γ + 1)`, which is within `α·x` of every value in it.
///
/// Guarantees:
/// - ``quantile(_:)`` is within `α` relative error of the true lower order statistic of rank
///   `⌊p(n − 1)⌋`, and exactly 0 when that order statistic is 0. The smallest and largest
///   values are kept exactly, so `quantile(0)` and `quantile(1)` are exact. (For subnormal
///   values, below `2.2e-308` in magnitude, the bound is limited by the spacing of doubles.)
/// - ``merge(_:)`` is exact: bucket counts add, so any order of merges gives the same sketch,
///   equal to the sketch of all the values added one by one.
///
/// Memory: about `ln(max/min)/(2α)` buckets of 8 bytes for each sign, where `min` and `max`
/// are the smallest and largest magnitudes seen; with the default `α = 0.001`, about 10,400
/// buckets (83 kB) for values spanning 10⁻³ to 10⁶. Memory does not grow with the number of
/// values, only with their range (DESIGN.md §7).
public struct QuantileSketch: Sendable {
  /// The relative accuracy `α` the sketch was made with.
  let relativeAccuracy: Double
  /// `γ = (1 + α)/(1 − α)`, the ratio between consecutive bucket bounds.
  let _gamma: Double
  /// `1/ln γ`, so that a bucket key is `⌈ln x · _inverseLogGamma⌉`.
  let _inverseLogGamma: Double
  /// Counts of positive values by bucket key.
  var _positive = _Store()
  /// Counts of the magnitudes of negative values by bucket key.
  var _negative = _Store()
  /// The number of values equal to zero (of either sign).
  var _zeroCount = 0
  /// The smallest value added; `+infinity` when empty.
  var _min = Double.infinity
  /// The largest value added; `-infinity` when empty.
  var _max = -Double.infinity
  /// The number of values added.
  public internal(set) var count = 0

  /// An empty sketch.
  ///
  /// - Parameter relativeAccuracy: The relative accuracy `α` of every quantile, in (0, 1).
  ///   Memory grows as `1/α`.
  public init(relativeAccuracy: Double = 0.001) {
    precondition(
      relativeAccuracy > 0 && relativeAccuracy < 1,
      "relativeAccuracy \(relativeAccuracy) is outside (0, 1)")
    self.relativeAccuracy = relativeAccuracy
    _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    _inverseLogGamma = 1 / Double.log(_gamma)
  }

  /// Adds one value.
  ///
  /// - Parameter x: The value; must be finite (NaN and infinities are programming errors).
  /// - Complexity: O(1) amortized. No allocation unless `x` falls outside the buckets seen so
  ///   far, when the store grows geometrically to cover it.
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "QuantileSketch.add: value \(x) is not finite")
    if x > 0 {
      _positive.add(key: _key(x))
    } else if x < 0 {
      _negative.add(key: _key(-x))
    } else {
      _zeroCount += 1
    }
    count += 1
    _min = Swift.min(_min, x)
    _max = Swift.max(_max, x)
  }

  /// Adds every value of `other`, as if they had been added to this sketch one by one.
  ///
  /// Exact and order-independent: bucket counts add.
  /// - Parameter other: A sketch made with the same relative accuracy.
  /// - Complexity: O(buckets of `other`), plus O(buckets of `self`) when the store grows.
  public mutating func merge(_ other: QuantileSketch) {
    precondition(
      other.relativeAccuracy == relativeAccuracy,
      "QuantileSketch.merge: relative accuracies differ (\(relativeAccuracy) and \(other.relativeAccuracy))"
    )
    _positive.merge(other._positive)
    _negative.merge(other._negative)
    _zeroCount += other._zeroCount
    count += other.count
    _min = Swift.min(_min, other._min)
    _max = Swift.max(_max, other._max)
  }

  /// The value at the lower rank `⌊p(n − 1)⌋` (counting from 0) of the values added, within
  /// the sketch's relative accuracy.
  ///
  /// - Parameter p: The quantile, in [0, 1].
  /// - Returns: An estimate within `α·|x|` of the true order statistic `x`: exactly 0 when `x`
  ///   is 0, exact for `p = 0` (the minimum) and the maximum rank, and 0 for an empty sketch.
  /// - Complexity: O(buckets).
  public func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "QuantileSketch.quantile: p \(p) is outside [0, 1]")
    guard count > 0 else { return 0 }
    let rank = Int((p * Double(count - 1)).rounded(.down))
    if rank == 0 { return _min }
    if rank == count - 1 { return _max }
    // Order: negative values from the largest magnitude down, then zeros, then positive
    // values from the smallest up.
    var remaining = rank
    if remaining < _negative.total {
      let key = _negative.key(atRankFromTop: remaining)
      return _clamped(-_representative(key))
    }
    remaining -= _negative.total
    if remaining < _zeroCount { return 0 }
    remaining -= _zeroCount
    let key = _positive.key(atRankFromBottom: remaining)
    return _clamped(_representative(key))
  }

  /// The bucket key `⌈log_γ x⌉` of a positive magnitude.
  func _key(_ magnitude: Double) -> Int {
    Int((Double.log(magnitude) * _inverseLogGamma).rounded(.up))
  }

  /// The value reported for bucket `key`: `2γ^key/(γ + 1)`, written as
  /// `γ^(key−1) · 2γ/(γ + 1)` so that it overflows only when it exceeds every value of the
  /// bucket (and is then clamped to the maximum).
  func _representative(_ key: Int) -> Double {
    Double.pow(_gamma, Double(key - 1)) * (2 * _gamma / (_gamma + 1))
  }

  /// `x` moved into [min, max]; only ever moves it closer to the true order statistic.
  func _clamped(_ x: Double) -> Double {
    Swift.min(Swift.max(x, _min), _max)
  }

  /// The number of buckets allocated in both stores (for tests of the growth policy).
  var _bucketCapacity: Int { _positive.counts.capacity + _negative.counts.capacity }
}

extension QuantileSketch: Equatable {
  /// Whether two sketches hold the same counts in the same buckets (how their stores grew,
  /// or which merge order produced them, does not matter).
  public static func == (lhs: QuantileSketch, rhs: QuantileSketch) -> Bool {
    lhs.relativeAccuracy == rhs.relativeAccuracy && lhs.count == rhs.count
      && lhs._zeroCount == rhs._zeroCount && lhs._min == rhs._min && lhs._max == rhs._max
      && lhs._positive == rhs._positive && lhs._negative == rhs._negative
  }
}
