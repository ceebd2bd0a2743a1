extension QuantileSketch: Codable {
  private enum CodingKeys: String, CodingKey {
    case relativeAccuracy, count, zeroCount, min, max, positive, negative
  }

  private enum StoreKeys: String, CodingKey {
    case offset, counts
  }

  /// Encodes the sketch compactly: each store as the key of its first nonzero bucket and the
  /// counts from there to its last nonzero bucket; `min` and `max` only when not empty.
  ///
  /// The encoding depends only on the counts, so equal sketches encode to the same JSON
  /// whatever order they were merged in.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(relativeAccuracy, forKey: .relativeAccuracy)
    try container.encode(count, forKey: .count)
    try container.encode(_zeroCount, forKey: .zeroCount)
    if count > 0 {
      try container.encode(_min, forKey: .min)
      try container.encode(_max, forKey: .max)
    }
    for (store, key) in [(_positive, CodingKeys.positive), (_negative, .negative)] {
      var nested = container.nestedContainer(keyedBy: StoreKeys.self, forKey: key)
      try nested.encode(store.nonzeroKeyRange?.low ?? 0, forKey: .offset)
      try nested.encode(Array(store.trimmedCounts), forKey: .counts)
    }
  }

  /// Decodes a sketch written by ``encode(to:)``.
  ///
  /// - Throws: `DecodingError.dataCorrupted` when the fields are inconsistent: a relative
  ///   accuracy outside (0, 1), a negative count, counts that do not add up to `count`, or
  ///   missing or disordered `min`/`max`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let relativeAccuracy = try container.decode(Double.self, forKey: .relativeAccuracy)
    guard relativeAccuracy > 0, relativeAccuracy < 1 else {
      throw DecodingError.dataCorruptedError(
        forKey: .relativeAccuracy, in: container,
        debugDescription: "must be in (0, 1); found \(relativeAccuracy)")
    }
    self.init(relativeAccuracy: relativeAccuracy)
    let count = try container.decode(Int.self, forKey: .count)
    let zeroCount = try container.decode(Int.self, forKey: .zeroCount)
    guard zeroCount >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .zeroCount, in: container,
        debugDescription: "must not be negative; found \(zeroCount)")
    }
    for key in [CodingKeys.positive, .negative] {
      let nested = try container.nestedContainer(keyedBy: StoreKeys.self, forKey: key)
      let offset = try nested.decode(Int.self, forKey: .offset)
      let counts = try nested.decode([Int].self, forKey: .counts)
      guard counts.allSatisfy({ $0 >= 0 }) else {
        throw DecodingError.dataCorruptedError(
          forKey: .counts, in: nested, debugDescription: "bucket counts must not be negative")
      }
      let (total, overflow) = counts.reduce((0, false)) { partial, next in
        let (sum, didOverflow) = partial.0.addingReportingOverflow(next)
        return (sum, partial.1 || didOverflow)
      }
      guard !overflow else {
        throw DecodingError.dataCorruptedError(
          forKey: .counts, in: nested, debugDescription: "bucket counts overflow Int")
      }
      // Keys of finite doubles are bounded by about 745/ln γ; this bound only keeps key
      // arithmetic far from Int overflow on corrupted input.
      guard offset.magnitude < 1 << 53, counts.count < 1 << 53 else {
        throw DecodingError.dataCorruptedError(
          forKey: .offset, in: nested,
          debugDescription: "bucket range out of bounds; found offset \(offset)")
      }
      var store = _Store()
      store.offset = offset
      store.counts = ContiguousArray(counts)
      store.total = total
      if key == .positive { _positive = store } else { _negative = store }
    }
    _zeroCount = zeroCount
    let (bucketTotal, overflow1) = _positive.total.addingReportingOverflow(_negative.total)
    let (total, overflow2) = bucketTotal.addingReportingOverflow(zeroCount)
    guard !overflow1, !overflow2, count >= 0, count == total else {
      throw DecodingError.dataCorruptedError(
        forKey: .count, in: container,
        debugDescription: "must equal the sum of the bucket and zero counts; found \(count)")
    }
    self.count = count
    if count > 0 {
      let min = try container.decode(Double.self, forKey: .min)
      let max = try container.decode(Double.self, forKey: .max)
      guard min.isFinite, max.isFinite, min <= max else {
        throw DecodingError.dataCorruptedError(
          forKey: .min, in: container,
          debugDescription: "min and max must be finite with min <= max; found \(min) and \(max)")
      }
      _min = min
      _max = max
    }
  }
}
