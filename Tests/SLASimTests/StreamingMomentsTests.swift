import Foundation
import Testing

@testable import SLASim

private func relativeError(_ a: Double, _ b: Double) -> Double {
  b == 0 ? abs(a) : abs(a - b) / abs(b)
}

/// The textbook two-pass mean and sample variance, the slow obvious reference.
private func twoPass(_ values: [Double]) -> (mean: Double, variance: Double) {
  let mean = values.reduce(0, +) / Double(values.count)
  let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
  return (mean, values.count < 2 ? 0 : squares / Double(values.count - 1))
}

private func moments(_ values: some Sequence<Double>) -> StreamingMoments {
  var result = StreamingMoments()
  for x in values { result.add(x) }
  return result
}

@Suite struct StreamingMomentsTests {
  /// NIST StRD univariate dataset NumAcc1 (https://www.itl.nist.gov/div898/strd/univ/numacc1.html):
  /// certified mean 10000002, certified standard deviation 1.
  @Test func nistNumAcc1() {
    let m = moments([10_000_001, 10_000_003, 10_000_002])
    // All values, the mean and the deviations are exact in binary; only the final division
    // and square root round: exact equality holds.
    #expect(m.mean == 10_000_002)
    #expect(m.standardDeviation == 1)
    #expect(m.min == 10_000_001 && m.max == 10_000_003)
  }

  /// NIST StRD NumAcc4 (https://www.itl.nist.gov/div898/strd/univ/numacc4.html), "higher"
  /// difficulty: 10000000.2, then 500 pairs 10000000.1, 10000000.3.
  ///
  /// Certified mean 10000000.2 and standard deviation 0.1.
  @Test func nistNumAcc4() {
    var values = [10_000_000.2]
    for _ in 0..<500 { values += [10_000_000.1, 10_000_000.3] }
    let m = moments(values)
    // The mean: the decimal inputs are stored with an error of up to half an ulp of 1e7
    // (9.3e-10), 9.3e-17 relative; a few ulps more for 1001 updates: 1e-15 relative.
    #expect(relativeError(m.mean, 10_000_000.2) <= 1e-15)
    // The standard deviation: that same storage error of 9.3e-10 in each value is ~1e-8 of
    // the 0.1 deviations, so no algorithm on binary data can beat ~1e-8 relative here (NIST
    // notes the same); 1e-7 allows for the mean's own error of a few ulps of 1e7.
    #expect(relativeError(m.standardDeviation, 0.1) <= 1e-7)
    // The one-pass textbook formula Σx² − n·mean² loses every digit on this data; Welford
    // agrees with the two-pass reference on the same binary values to the same 1e-7.
    #expect(relativeError(m.variance, twoPass(values).variance) <= 1e-7)
    #expect(m.count == 1001)
  }

  @Test func matchesTwoPassOnFixedData() {
    // Handle times in minutes, a mix of short and long calls.
    let values: [Double] = [3.2, 2.9, 7.5, 0.4, 12.25, 3.0, 3.0, 5.75, 1.1, 9.8, 2.2, 4.4, 0.05]
    let m = moments(values)
    let reference = twoPass(values)
    // 13 well-conditioned values (mean/sd ≈ 1.2): both methods are within a few ulps of
    // exact; 1e-14 relative is ~45 ulps.
    #expect(relativeError(m.mean, reference.mean) <= 1e-14)
    #expect(relativeError(m.variance, reference.variance) <= 1e-14)
    #expect(m.min == 0.05 && m.max == 12.25)
    #expect(m.count == values.count)
  }

  @Test(arguments: 0..<10 as Range<UInt64>)
  func mergeOfSplitHalvesEqualsOnePass(seed: UInt64) {
    var rng = TestGenerator(seed: seed)
    let count = 1 + Int(rng.next() % 2000)
    // Shifted exponentials at a scale that changes with the seed: mean/sd between 1.3 and 4,
    // so the condition number is small and both paths stay within a few hundred ulps.
    let scale = pow(10.0, Double(Int(seed) - 5))
    let shift = 1 + 9 * rng.unit()
    let values = (0..<count).map { _ in scale * (shift - 3 * log(1 - rng.unit())) }
    let split = Int(rng.next() % UInt64(count + 1))  // 0 and count give an empty half
    var merged = moments(values[..<split])
    merged.merge(moments(values[split...]))
    let onePass = moments(values)
    // 1e-12 relative: Welford and Chan et al. each err by O(√n·ε·κ) with κ ≤ 4 here, about
    // 1e-14 for n ≤ 2000; the bound leaves two orders of magnitude.
    #expect(merged.count == onePass.count)
    #expect(relativeError(merged.mean, onePass.mean) <= 1e-12)
    #expect(relativeError(merged.variance, onePass.variance) <= 1e-12)
    #expect(merged.min == onePass.min && merged.max == onePass.max)  // exact: min/max
    let reference = twoPass(values)
    #expect(relativeError(onePass.mean, reference.mean) <= 1e-12)  // same reasoning
    #expect(relativeError(onePass.variance, reference.variance) <= 1e-12)
  }

  @Test(arguments: 0..<10 as Range<UInt64>)
  func sameMergeSequenceGivesSameBits(seed: UInt64) {
    var rng = TestGenerator(seed: seed &+ 100)
    let blocks = (0..<8).map { _ in moments((0..<50).map { _ in rng.unit() * 100 - 20 }) }
    func fold() -> StreamingMoments {
      blocks.reduce(into: StreamingMoments()) { $0.merge($1) }
    }
    let first = fold()
    let second = fold()
    #expect(first == second)
    #expect(first.mean.bitPattern == second.mean.bitPattern)
    #expect(first.variance.bitPattern == second.variance.bitPattern)
  }

  @Test func emptyAndSingleValue() {
    let empty = StreamingMoments()
    #expect(empty.count == 0 && empty.mean == 0 && empty.variance == 0)
    #expect(empty.standardDeviation == 0)
    #expect(empty.min == .infinity && empty.max == -.infinity)
    let one = moments([42.5])
    #expect(one.count == 1 && one.mean == 42.5 && one.variance == 0)
    #expect(one.min == 42.5 && one.max == 42.5)
    var merged = empty
    merged.merge(one)
    #expect(merged == one)
    merged.merge(empty)
    #expect(merged == one)
  }

  @Test func roundTripsThroughJSONIncludingEmpty() throws {
    for summary in [StreamingMoments(), moments([1, 2, 3.5, -7])] {
      let data = try JSONEncoder().encode(summary)
      #expect(try JSONDecoder().decode(StreamingMoments.self, from: data) == summary)
    }
  }

  @Test func inconsistentJSONIsRejected() {
    let json = #"{"count": 2, "mean": 1, "sumOfSquaredDeviations": 0.5}"#
    #expect(throws: DecodingError.self) {
      _ = try JSONDecoder().decode(StreamingMoments.self, from: Data(json.utf8))
    }
  }
}
