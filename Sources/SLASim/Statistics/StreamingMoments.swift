/// Count, mean and sum of squared deviations, updated one value at a time and merged pairwise.
///
/// Values are added with Welford's update (B. P. Welford 1962, "Note on a method for
/// calculating corrected sums of squares and products", Technometrics 4(3):419–420,
/// doi:10.1080/00401706.1962.10490022), which avoids the cancellation of the textbook
/// `Σx² − n·mean²`. Two summaries are combined with the pairwise update of Chan, Golub &
/// LeVeque (1983, "Algorithms for computing the sample variance: analysis and
/// recommendations", The American Statistician 37(3):242–247,
/// doi:10.1080/00031305.1983.10483115), so per-block summaries fold into the summary of all
/// values in O(1) memory, whatever the number of trials (DESIGN.md §7).
///
/// Determinism: `add` and `merge` are fixed sequences of IEEE 754 operations, so the same
/// values added in the same order, and the same sequence of merges, give the same bits.
/// Merging is not bit-for-bit commutative (`a.merge(b)` and `b.merge(a)` may differ in the
/// last bits), so fold partial results in a fixed order, such as block index order.
public struct StreamingMoments: Sendable, Equatable {
  /// The number of values added.
  public private(set) var count: Int
  /// The arithmetic mean of the values; 0 when there are none.
  public private(set) var mean: Double
  /// The sum of squared deviations from the mean, `Σ(x − mean)²` (`M₂` in Chan et al.).
  internal private(set) var sumOfSquaredDeviations: Double
  /// The smallest value added; `+infinity` when there are none.
  public private(set) var min: Double
  /// The largest value added; `-infinity` when there are none.
  public private(set) var max: Double

  /// An empty summary.
  public init() {
    count = 0
    mean = 0
    sumOfSquaredDeviations = 0
    min = .infinity
    max = -.infinity
  }

  /// A summary with these fields (decoding a shard's compact form checks them first).
  init(count: Int, mean: Double, sumOfSquaredDeviations: Double, min: Double, max: Double) {
    self.count = count
    self.mean = mean
    self.sumOfSquaredDeviations = sumOfSquaredDeviations
    self.min = min
    self.max = max
  }

  /// The sample variance `Σ(x − mean)² / (n − 1)`; 0 when fewer than two values were added.
  public var variance: Double {
    count < 2 ? 0 : sumOfSquaredDeviations / Double(count - 1)
  }

  /// The sample standard deviation, the square root of ``variance``.
  public var standardDeviation: Double { variance.squareRoot() }

  /// Adds one value.
  ///
  /// - Parameter x: The value; must be finite (a NaN or an infinity would poison every
  ///   moment, so it is a programming error).
  /// - Complexity: O(1), no allocation.
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "StreamingMoments.add: value \(x) is not finite")
    count += 1
    // Welford 1962: delta before the mean moves, times the distance after it.
    let delta = x - mean
    mean += delta / Double(count)
    sumOfSquaredDeviations += delta * (x - mean)
    min = Swift.min(min, x)
    max = Swift.max(max, x)
  }

  /// Adds every value of `other`, as if they had been added to this summary one by one.
  ///
  /// The result equals that of adding the values one at a time up to rounding (a few ulps
  /// relative to the spread of the data), not bit for bit.
  /// - Complexity: O(1).
  public mutating func merge(_ other: StreamingMoments) {
    guard other.count > 0 else { return }
    guard count > 0 else {
      self = other
      return
    }
    let countA = Double(count)
    let countB = Double(other.count)
    let total = countA + countB
    // Chan, Golub & LeVeque 1983, eq. 2.1:
    //   mean = meanA + δ·nB/n,  M₂ = M₂A + M₂B + δ²·nA·nB/n,  with δ = meanB − meanA.
    let delta = other.mean - mean
    mean += delta * (countB / total)
    sumOfSquaredDeviations +=
      other.sumOfSquaredDeviations + delta * delta * (countA * countB / total)
    count += other.count
    min = Swift.min(min, other.min)
    max = Swift.max(max, other.max)
  }
}

extension StreamingMoments: Codable {
  private enum CodingKeys: String, CodingKey {
    case count, mean, sumOfSquaredDeviations, min, max
  }

  /// Decodes a summary written by ``encode(to:)``; `min` and `max` are absent when `count` is 0.
  ///
  /// - Throws: `DecodingError.dataCorrupted` when the fields are inconsistent (a negative
  ///   count, a non-finite moment, missing bounds or `min > max`).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let count = try container.decode(Int.self, forKey: .count)
    let mean = try container.decode(Double.self, forKey: .mean)
    let sumOfSquaredDeviations = try container.decode(Double.self, forKey: .sumOfSquaredDeviations)
    let min = try container.decodeIfPresent(Double.self, forKey: .min)
    let max = try container.decodeIfPresent(Double.self, forKey: .max)
    self.init()
    guard count >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .count, in: container, debugDescription: "must not be negative; found \(count)")
    }
    guard mean.isFinite, sumOfSquaredDeviations.isFinite, sumOfSquaredDeviations >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .sumOfSquaredDeviations, in: container,
        debugDescription: "mean and sumOfSquaredDeviations must be finite, the latter non-negative")
    }
    if count > 0 {
      guard let min, let max, min.isFinite, max.isFinite, min <= max else {
        throw DecodingError.dataCorruptedError(
          forKey: .min, in: container,
          debugDescription: "min and max must be finite numbers with min <= max when count > 0")
      }
      self.min = min
      self.max = max
    }
    self.count = count
    self.mean = count > 0 ? mean : 0
    self.sumOfSquaredDeviations = count > 0 ? sumOfSquaredDeviations : 0
  }

  /// Encodes the count, mean, sum of squared deviations and, when there are values, `min`
  /// and `max` (an empty summary's infinite bounds are left out, since JSON cannot hold them).
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(count, forKey: .count)
    try container.encode(mean, forKey: .mean)
    try container.encode(sumOfSquaredDeviations, forKey: .sumOfSquaredDeviations)
    if count > 0 {
      try container.encode(min, forKey: .min)
      try container.encode(max, forKey: .max)
    }
  }
}
