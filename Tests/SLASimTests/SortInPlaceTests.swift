import Testing

@testable import SLASim

/// The kernel's allocation-free introsort against the standard library's sort (a slow,
/// obvious reference for this purpose).
@Suite struct SortInPlaceTests {
  static func check(_ values: [Double]) {
    var copy = values
    copy.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      sortInPlace(base, count: buffer.count) { $0 < $1 }
    }
    #expect(copy == values.sorted(), "n = \(values.count)")
  }

  /// Random sizes across the insertion-sort cut-off (24) and well beyond it.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func sortsLikeTheStandardLibrary(seed: UInt64) {
    var rng = TestGenerator(seed: seed)
    for n in [0, 1, 2, 23, 24, 25, 100, 1000, rng.below(5000)] {
      Self.check((0..<n).map { _ in rng.unit() })
      // Many ties: values from a small set.
      Self.check((0..<n).map { _ in Double(rng.below(5)) })
    }
  }

  /// Already sorted, reversed, constant and organ-pipe inputs (quicksort's classic bad cases).
  @Test func adversarialOrders() {
    let n = 3000
    let ascending = (0..<n).map(Double.init)
    Self.check(ascending)
    Self.check(ascending.reversed())
    Self.check(Array(repeating: 7, count: n))
    Self.check((0..<n).map { Double(min($0, n - $0)) })
  }
}
