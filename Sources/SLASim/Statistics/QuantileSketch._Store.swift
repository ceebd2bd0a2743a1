extension QuantileSketch {
  /// A dense, unbounded store of counts indexed by integer bucket keys.
  ///
  /// Memory layout: `counts[i]` is the count of key `offset + i`; the covered key range grows
  /// at either end, geometrically (by at least half its size) so that growth costs O(1)
  /// amortized per covered key and `add` does not allocate once the range covers the data.
  struct _Store: Sendable {
    /// Counts by key, starting at key `offset`; may hold zero counts at both ends.
    var counts: ContiguousArray<Int> = []
    /// The key of `counts[0]`.
    var offset = 0
    /// The sum of `counts`.
    var total = 0

    /// Extra keys added beyond the one requested when the store first allocates or grows.
    static let minimumSlack = 64

    /// Counts one value in bucket `key`.
    mutating func add(key: Int) {
      if key < offset || key >= offset + counts.count {
        cover(key, key)
      }
      counts[key - offset] += 1
      total += 1
    }

    /// Adds the counts of `other`, bucket by bucket.
    mutating func merge(_ other: _Store) {
      guard let (low, high) = other.nonzeroKeyRange else { return }
      cover(low, high)
      for key in low...high {
        counts[key - offset] += other.counts[key - other.offset]
      }
      total += other.total
    }

    /// Grows the store so that it covers the keys `low...high`.
    mutating func cover(_ low: Int, _ high: Int) {
      assert(low <= high)
      guard !counts.isEmpty else {
        offset = low - Self.minimumSlack
        counts = ContiguousArray(
          repeating: 0, count: high - low + 1 + 2 * Self.minimumSlack)
        return
      }
      let slack = Swift.max(Self.minimumSlack, counts.count / 2)
      if low < offset {
        let newOffset = low - slack
        counts.insert(contentsOf: repeatElement(0, count: offset - newOffset), at: 0)
        offset = newOffset
      }
      let currentHigh = offset + counts.count - 1
      if high > currentHigh {
        counts.append(contentsOf: repeatElement(0, count: high + slack - currentHigh))
      }
    }

    /// The smallest and largest keys with a nonzero count, or `nil` when the store is empty.
    var nonzeroKeyRange: (low: Int, high: Int)? {
      guard total > 0,
        let first = counts.firstIndex(where: { $0 != 0 }),
        let last = counts.lastIndex(where: { $0 != 0 })
      else { return nil }
      return (offset + first, offset + last)
    }

    /// The key of the value at `rank` (from 0) in increasing key order.
    func key(atRankFromBottom rank: Int) -> Int {
      precondition(rank >= 0 && rank < total, "rank \(rank) is outside 0..<\(total)")
      var seen = 0
      for index in counts.indices {
        seen += counts[index]
        if seen > rank { return offset + index }
      }
      preconditionFailure("store total \(total) does not match its counts")
    }

    /// The key of the value at `rank` (from 0) in decreasing key order.
    func key(atRankFromTop rank: Int) -> Int {
      precondition(rank >= 0 && rank < total, "rank \(rank) is outside 0..<\(total)")
      var seen = 0
      for index in counts.indices.reversed() {
        seen += counts[index]
        if seen > rank { return offset + index }
      }
      preconditionFailure("store total \(total) does not match its counts")
    }

    /// The counts from the first to the last nonzero one (empty for an empty store).
    var trimmedCounts: ArraySlice<Int> {
      guard let (low, high) = nonzeroKeyRange else { return [] }
      return ArraySlice(counts[(low - offset)...(high - offset)])
    }
  }
}

extension QuantileSketch._Store: Equatable {
  /// Whether both stores hold the same count for every key (zero padding is ignored).
  static func == (lhs: Self, rhs: Self) -> Bool {
    guard lhs.total == rhs.total else { return false }
    let left = lhs.nonzeroKeyRange
    let right = rhs.nonzeroKeyRange
    guard left?.low == right?.low, left?.high == right?.high else { return false }
    return lhs.trimmedCounts.elementsEqual(rhs.trimmedCounts)
  }
}
