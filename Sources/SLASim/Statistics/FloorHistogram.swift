import RealModule

/// A histogram of non-negative values in logarithmic buckets that keeps, besides each
/// bucket's count, the smallest value that fell in it: quantiles are values that occurred.
///
/// The buckets are DDSketch's (Masson, Rim & Lee 2019, see ``QuantileSketch``): value `x ≥ 1`
/// goes to bucket `⌈log_γ x⌉` with `γ = (1 + α)/(1 − α)`, so two values in one bucket differ by
/// less than a factor `γ`; every value below 1 (a currency unit, for revenue) shares bucket 0.
/// ``steps()`` gives, for each rank, the smallest value of the bucket holding that order
/// statistic, which is at most the order statistic and within a relative `2α` of it. Because it is a
/// value that occurred, a quota set there is met by every trial of its bucket: on a lattice
/// (revenue in whole deals of one size, atoms further apart than a bucket) each atom has a
/// bucket of its own and the quantiles are exact.
///
/// Memory: about `ln(max)/(2α)` buckets of 16 bytes, independent of the number of values.
struct FloorHistogram: Sendable {
  let relativeAccuracy: Double
  private let inverseLogGamma: Double
  /// Counts and smallest values by bucket key, from `firstKey` on.
  private var counts: [Int] = []
  private var floors: [Double] = []
  private var firstKey = 0
  private(set) var count = 0

  init(relativeAccuracy: Double) {
    precondition(relativeAccuracy > 0 && relativeAccuracy < 1, "relativeAccuracy \(relativeAccuracy) is outside (0, 1)")
    self.relativeAccuracy = relativeAccuracy
    inverseLogGamma = 1 / Double.log((1 + relativeAccuracy) / (1 - relativeAccuracy))
  }

  func key(_ x: Double) -> Int {
    x < 1 ? 0 : Swift.max(0, Int((Double.log(x) * inverseLogGamma).rounded(.up)))
  }

  /// Adds `x`, clamped to [0, greatest finite] (revenue is never negative; the clamp keeps the
  /// bucket key's `Int` conversion defined for any input).
  mutating func add(_ x: Double) {
    let x = x.isNaN ? 0 : Swift.min(Swift.max(0, x), .greatestFiniteMagnitude)
    let k = key(x)
    if counts.isEmpty {
      firstKey = k
      counts = [0]
      floors = [.infinity]
    } else if k < firstKey {
      let grow = firstKey - k
      counts.insert(contentsOf: repeatElement(0, count: grow), at: 0)
      floors.insert(contentsOf: repeatElement(.infinity, count: grow), at: 0)
      firstKey = k
    } else if k >= firstKey + counts.count {
      let grow = k - firstKey - counts.count + 1
      counts.append(contentsOf: repeatElement(0, count: grow))
      floors.append(contentsOf: repeatElement(.infinity, count: grow))
    }
    let i = k - firstKey
    counts[i] += 1
    floors[i] = Swift.min(floors[i], x)
    count += 1
  }

  /// The values at every rank's bucket floor, as (floor, cumulative count) steps for repeated
  /// lookups: rank r's value is the floor of the first step whose cumulative count exceeds r.
  func steps() -> [(floor: Double, cumulative: Int)] {
    var out: [(Double, Int)] = []
    var below = 0
    for i in counts.indices where counts[i] > 0 {
      below += counts[i]
      out.append((floors[i], below))
    }
    return out.map { (floor: $0.0, cumulative: $0.1) }
  }
}
