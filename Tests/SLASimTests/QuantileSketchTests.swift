import Foundation
import Testing

@testable import SLASim

/// Test data sets, chosen to cover the sketch's three stores and its edge cases.
enum SketchData: String, CaseIterable, CustomTestStringConvertible {
  case uniform, exponentialSeconds, lognormalRevenue, normalAroundZero, zeroInflated
  case integerCountsWithTies, hugeRangeBothSigns, allNegative, constant

  var testDescription: String { rawValue }

  func values(count: Int, seed: UInt64) -> [Double] {
    var rng = TestGenerator(seed: seed)
    return (0..<count).map { _ in
      switch self {
      case .uniform: return rng.unit()
      case .exponentialSeconds: return -30 * log(1 - rng.unit())
      case .lognormalRevenue: return exp(8 + 0.6 * rng.normal())
      case .normalAroundZero: return 5 * rng.normal()
      case .zeroInflated:
        // 30% exact zeros, the rest of both signs: zero rank crossings happen inside the data.
        return rng.unit() < 0.3 ? 0 : rng.normal() * 100
      case .integerCountsWithTies: return Double(rng.next() % 7)
      case .hugeRangeBothSigns:
        // Log-uniform magnitudes from 1e-300 to 1e300 (normal doubles only), random signs.
        let magnitude = pow(10, -300 + 600 * rng.unit())
        return rng.next() & 1 == 0 ? magnitude : -magnitude
      case .allNegative: return -1 - 1000 * rng.unit()
      case .constant: return 17.25
      }
    }
  }
}

private func sketch(_ values: some Sequence<Double>, relativeAccuracy: Double = 0.001)
  -> QuantileSketch
{
  var result = QuantileSketch(relativeAccuracy: relativeAccuracy)
  for x in values { result.add(x) }
  return result
}

/// Quantile levels in increasing order: a grid of 1/100 steps plus the tails.
private let levels: [Double] =
  ([0.0001, 0.001, 0.999, 0.9999, 0.99999] + (0...100).map { Double($0) / 100 }).sorted()

@Suite struct QuantileSketchTests {
  @Test(arguments: SketchData.allCases, [0.001, 0.01, 0.05])
  func staysWithinRelativeAccuracyOfExactOrderStatistics(data: SketchData, accuracy: Double) {
    let values = data.values(count: 5000, seed: 7)
    let sorted = values.sorted()
    let s = sketch(values, relativeAccuracy: accuracy)
    #expect(s.count == values.count)
    var previous = -Double.infinity
    for p in levels {
      let exact = sorted[Int((p * Double(sorted.count - 1)).rounded(.down))]
      let estimate = s.quantile(p)
      if exact == 0 {
        #expect(estimate == 0, "p \(p): \(estimate) for an exact 0")
      } else {
        // The DDSketch bound is α·|x| (Masson et al. 2019). Floating point adds at
        // most ~1e-13 relative: a value within key·ε of a bucket bound (key ≤ 4e5) may land in
        // the neighbouring bucket, where the representative is still ≤ α + 1e-13 away.
        let error = abs(estimate - exact) / abs(exact)
        #expect(error <= accuracy + 1e-12, "p \(p): \(estimate) vs \(exact), error \(error)")
      }
      #expect(estimate >= previous, "quantiles must be monotone in p")
      previous = estimate
    }
    // The extremes are kept exactly.
    #expect(s.quantile(0) == sorted.first)
    #expect(s.quantile(1) == sorted.last)
  }

  @Test(arguments: 0..<10 as Range<UInt64>)
  func mergeIsOrderIndependent(seed: UInt64) throws {
    let data = SketchData.allCases[Int(seed) % SketchData.allCases.count]
    let values = data.values(count: 4000, seed: seed)
    // Four uneven parts, so the stores grow differently in each. α = 0.01 keeps the
    // huge-range case to ~70,000 buckets per sign; the property does not depend on α.
    let cuts = [0, 100, 1700, 2500, 4000]
    let parts = (0..<4).map { sketch(values[cuts[$0]..<cuts[$0 + 1]], relativeAccuracy: 0.01) }
    var leftFold = QuantileSketch(relativeAccuracy: 0.01)
    for part in parts { leftFold.merge(part) }
    var reversed = parts[3]
    reversed.merge(parts[2])
    reversed.merge(parts[1])
    reversed.merge(parts[0])
    var pairwise = parts[2]
    pairwise.merge(parts[0])
    var other = parts[1]
    other.merge(parts[3])
    pairwise.merge(other)
    let onePass = sketch(values, relativeAccuracy: 0.01)
    for s in [reversed, pairwise, onePass] {
      #expect(s == leftFold)
      for p in levels {
        #expect(s.quantile(p).bitPattern == leftFold.quantile(p).bitPattern)
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = .sortedKeys
      #expect(try encoder.encode(s) == encoder.encode(leftFold))
    }
  }

  @Test func emptySketch() throws {
    let empty = QuantileSketch()
    #expect(empty.count == 0)
    for p in [0, 0.5, 1.0] { #expect(empty.quantile(p) == 0) }
    var s = sketch([1, 2, 3])
    let before = s
    s.merge(empty)
    #expect(s == before)
    var fromEmpty = QuantileSketch()
    fromEmpty.merge(before)
    #expect(fromEmpty == before)
    let decoded = try JSONDecoder().decode(
      QuantileSketch.self, from: JSONEncoder().encode(empty))
    #expect(decoded == empty)
  }

  @Test func singleValueIsExact() {
    for x in [-3.5, 0, 1e-9, 7] {
      let s = sketch([x])
      for p in [0, 0.5, 1.0] { #expect(s.quantile(p) == x) }
    }
  }

  @Test func addDoesNotGrowTheStoreInsideTheSeenRange() {
    let values = SketchData.zeroInflated.values(count: 3000, seed: 3)
    var s = sketch(values)
    let capacity = s._bucketCapacity
    // The same values again (and any values between the extremes of each sign) fall in
    // buckets already allocated: no reallocation, so add does not allocate.
    for x in values.reversed() { s.add(x) }
    for x in stride(from: 1.0, through: 100, by: 0.5) { s.add(x) }
    #expect(s._bucketCapacity == capacity)
    #expect(s.count == 6000 + 199)
  }

  @Test func roundTripsThroughJSON() throws {
    // α = 0.01 keeps the huge range to ~70,000 buckets per sign (a small JSON document).
    let s = sketch(
      SketchData.hugeRangeBothSigns.values(count: 500, seed: 11), relativeAccuracy: 0.01)
    let decoded = try JSONDecoder().decode(QuantileSketch.self, from: JSONEncoder().encode(s))
    #expect(decoded == s)
    for p in levels { #expect(decoded.quantile(p).bitPattern == s.quantile(p).bitPattern) }
  }

  @Test func inconsistentJSONIsRejected() {
    let json = #"""
      {"relativeAccuracy": 0.01, "count": 5, "zeroCount": 1,
       "min": 1, "max": 2, "positive": {"offset": 3, "counts": [1, 1]},
       "negative": {"offset": 0, "counts": []}}
      """#
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(QuantileSketch.self, from: Data(json.utf8))
    }
  }
}
