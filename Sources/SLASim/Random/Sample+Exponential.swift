import RealModule

// MARK: - Exponential

extension Sample {
  /// Returns an exponential variate with the given mean: `mean·E` with `E` from
  /// ``standardExponential(using:)``.
  ///
  /// - Parameters:
  ///   - mean: Non-negative and finite (`1/rate`); `0` returns `+0`.
  ///   - rng: The generator; 1.034 `next()` per call on average.
  /// - Returns: A finite value `≥ +0`.
  /// - Complexity: O(1) expected.
  @inlinable
  public static func exponential<G: RandomNumberGenerator>(
    mean: Double, using rng: inout G
  ) -> Double {
    precondition(
      mean >= 0 && mean.isFinite, "exponential needs a finite mean >= 0; found \(mean)")
    return mean * standardExponential(using: &rng)
  }

  /// Returns a standard exponential variate (mean 1) by the ziggurat method.
  ///
  /// Marsaglia and Tsang's ziggurat with 256 layers of equal area under a cover of
  /// `e^(−x)`. One `next()` gives a layer `i` (its low 8 bits) and a position `j` (its
  /// top 53 bits, which do not overlap them), and the candidate is `x = j·x[i]·2⁻⁵³`. If
  /// `j` is below the layer's precomputed threshold the point lies under the curve and
  /// `x` is returned: one `next()`, one integer comparison and one multiply, with
  /// probability 0.97778. Otherwise the exact slow path decides, with no approximation:
  ///
  /// - in a wedge (layers 1–255), a second uniform places the point at a height `y` in
  ///   the layer, and `x` is accepted if `y < e^(−x)`, else the whole draw restarts;
  /// - in the base layer beyond the tail start `r = 7.697…`, the result is `r + E` for a
  ///   fresh standard exponential `E` (memorylessness), so the tail needs no logarithm.
  ///
  /// The result therefore has the exponential law exactly, up to the 2⁻⁵³ resolution of
  /// the position and the rounding of the tables to doubles. It is `≥ +0`, and `+0`
  /// has probability about `2⁻⁵³`. The draw count varies: 1.034 `next()` per call on
  /// average (about 2.2 % of calls take a second). The tables (256 layers, computed in
  /// 60-digit mpmath and hard-coded) are copied on first use into one 6 KB block, which
  /// draws read without locks, allocation or reference counting.
  ///
  /// Reference: G. Marsaglia, W. W. Tsang (2000), "The ziggurat method for generating
  /// random variables", Journal of Statistical Software 5(8), doi:10.18637/jss.v005.i08,
  /// whose exponential sampler also uses 256 layers.
  ///
  /// - Complexity: O(1) expected.
  @inlinable
  public static func standardExponential<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    let bits = rng.next()
    let layer = Int(truncatingIfNeeded: bits & 0xFF)
    let position = bits >> 11
    if position < _ExponentialZiggurat.threshold(layer) {
      return Double(position) * _ExponentialZiggurat.scale(layer)
    }
    return _ExponentialZiggurat.slowPath(layer: layer, position: position, using: &rng)
  }

  /// The ziggurat tables for ``standardExponential(using:)`` and its slow path.
  ///
  /// With `x[i]` the layer widths (`x[0] = r + 1` virtual, `x[1] = r`, …, `x[256] = 0`)
  /// and `y[i] = e^(−x[i])`, layer `i` is the strip `[0, x[i]) × [y[i], y[i + 1])`; the
  /// literals and their construction are in `Sample._ExponentialZigguratTables.swift`.
  @usableFromInline
  internal enum _ExponentialZiggurat {
    // Memory layout, one 64-byte-aligned block of 6152 bytes: for each layer i in
    // 0 ..< 256 the pair (threshold[i]: UInt64, scale[i]: Double) at byte 16·i, so the
    // fast path touches one cache line; then the heights y[0 ... 256] from byte 4096.
    //
    // Why a raw block, measured in release (Swift 6.3.1, Linux x86-64, ns per draw): this
    // block 2.9; a static `InlineArray<256, _>` 3.3 (and it needs macOS 26, while the
    // package supports macOS 13); static `[Double]` arrays 7–10 (retains, bounds checks);
    // static tuples read through `withUnsafeBytes(of:)` 45–65 (each read copies the 2 KB
    // tuple). The block's cost is the lazy global's `swift_once` check per draw, about 2 %
    // of the busy service desk benchmark.

    /// The block described above, built from the generated literals on first use.
    //
    // nonisolated(unsafe): the block is written only inside this initializer, which the
    // runtime runs exactly once (swift_once) before any read; afterwards it is immutable
    // and lives for the whole process, so concurrent reads are safe.
    @usableFromInline
    nonisolated(unsafe) internal static let table: UnsafeRawPointer = {
      assert(thresholdLiterals.count == 256 && scaleLiterals.count == 256)
      assert(heightLiterals.count == 257)
      let block = UnsafeMutableRawPointer.allocate(byteCount: 4096 + 8 * 257, alignment: 64)
      for layer in 0..<256 {
        block.storeBytes(of: thresholdLiterals[layer], toByteOffset: 16 * layer, as: UInt64.self)
        block.storeBytes(of: scaleLiterals[layer], toByteOffset: 16 * layer + 8, as: Double.self)
      }
      for index in 0..<257 {
        block.storeBytes(of: heightLiterals[index], toByteOffset: 4096 + 8 * index, as: Double.self)
      }
      return UnsafeRawPointer(block)
    }()

    /// `⌊2⁵³·x[layer + 1]/x[layer]⌋`: a position below it gives a point under the curve.
    @inlinable @inline(__always)
    internal static func threshold(_ layer: Int) -> UInt64 {
      assert(layer >= 0 && layer < 256)
      return table.load(fromByteOffset: layer &* 16, as: UInt64.self)
    }

    /// `x[layer]·2⁻⁵³`, which maps a 53-bit position onto `[0, x[layer])`.
    @inlinable @inline(__always)
    internal static func scale(_ layer: Int) -> Double {
      assert(layer >= 0 && layer < 256)
      return table.load(fromByteOffset: layer &* 16 &+ 8, as: Double.self)
    }

    /// `y[index] = e^(−x[index])`, for `index` in `0 ... 256`.
    @inlinable @inline(__always)
    internal static func height(_ index: Int) -> Double {
      assert(index >= 0 && index <= 256)
      return table.load(fromByteOffset: 4096 &+ index &* 8, as: Double.self)
    }

    /// Finishes a draw whose first output missed the fast path (about 2.2 % of calls).
    ///
    /// Kept out of line so that each inlined call site holds only the fast path.
    @inlinable @inline(never)
    internal static func slowPath<G: RandomNumberGenerator>(
      layer: Int, position: UInt64, using rng: inout G
    ) -> Double {
      var layer = layer
      var position = position
      var offset = 0.0  // r times the number of tail steps taken so far
      while true {
        let x = Double(position) * scale(layer)
        if layer == 0 {
          // The base strip [0, r) × [0, y[1]) lies under the curve; positions past the
          // threshold reach it only by the threshold's rounding. Beyond r is the tail,
          // and X given X ≥ r is r + E: add r and draw E afresh.
          if x < tailStart { return offset + x }
          offset += tailStart
        } else {
          // The wedge x[layer + 1] ≤ x < x[layer]: accept if a uniform height in the
          // layer, y[layer] + u·(y[layer + 1] − y[layer]), lies under e^(−x).
          let low = height(layer)
          let y = low + Sample.uniform(using: &rng) * (height(layer &+ 1) - low)
          if y < .exp(-x) { return offset + x }
        }
        let bits = rng.next()
        layer = Int(truncatingIfNeeded: bits & 0xFF)
        position = bits >> 11
        if position < threshold(layer) { return offset + Double(position) * scale(layer) }
      }
    }
  }
}
