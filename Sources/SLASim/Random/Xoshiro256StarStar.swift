/// The xoshiro256\*\* 1.0 generator of Blackman and Vigna: SLASim's only source of randomness.
///
/// 256 bits of state, period 2²⁵⁶ − 1, and (per the authors) no failure in BigCrush or
/// PractRand. The `**` scrambler makes all 64 output bits usable, so
/// ``Sample/uniform(using:)`` takes the top 53.
///
/// The generator is a plain value: copying it forks an identical stream, and it has no
/// shared state, so one instance per simulation block (seeded with
/// ``streamSeed(master:index:)``) makes results independent of the thread count.
///
/// Reference: D. Blackman, S. Vigna (2021), "Scrambled linear pseudorandom number
/// generators", ACM Transactions on Mathematical Software 47(4):36,
/// doi:10.1145/3460772. Transcribed from the authors' `xoshiro256starstar.c`.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  // The four state words s[0] … s[3] of the reference implementation.
  @usableFromInline internal var _s0: UInt64
  @usableFromInline internal var _s1: UInt64
  @usableFromInline internal var _s2: UInt64
  @usableFromInline internal var _s3: UInt64

  /// Creates a generator whose state is the next four outputs of `SplitMix64(seed:)`.
  ///
  /// This is the seeding the authors recommend. The state cannot be all zero: the
  /// SplitMix64 finaliser is a bijection and its four inputs are distinct, so at most
  /// one of the four words is zero.
  ///
  /// - Parameter seed: Any value; use ``streamSeed(master:index:)`` to derive one per
  ///   stream rather than consecutive integers.
  @inlinable
  public init(seed: UInt64) {
    var seeder = SplitMix64(seed: seed)
    _s0 = seeder.next()
    _s1 = seeder.next()
    _s2 = seeder.next()
    _s3 = seeder.next()
  }

  /// Creates a generator with an explicit state, for known-answer tests.
  ///
  /// - Parameter state: The words `s[0]`, `s[1]`, `s[2]`, `s[3]` of the reference
  ///   implementation; must not all be zero (the all-zero state is a fixed point).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(
      state.0 | state.1 | state.2 | state.3 != 0,
      "xoshiro256** state must not be all zero; found (0, 0, 0, 0)")
    (_s0, _s1, _s2, _s3) = state
  }

  /// The current state `(s[0], s[1], s[2], s[3])`, for tests and checkpoints.
  internal var state: (UInt64, UInt64, UInt64, UInt64) { (_s0, _s1, _s2, _s3) }

  /// Returns the next 64 uniformly distributed bits and advances the state.
  ///
  /// - Complexity: O(1); about a nanosecond.
  @inlinable
  public mutating func next() -> UInt64 {
    // result = rotl(s[1] * 5, 7) * 9, then the linear engine step of the reference code.
    let result = (_s1 &* 5).rotatedLeft(by: 7) &* 9
    let t = _s1 &<< 17
    _s2 ^= _s0
    _s3 ^= _s1
    _s1 ^= _s2
    _s0 ^= _s3
    _s2 ^= t
    _s3 = _s3.rotatedLeft(by: 45)
    return result
  }
}

extension UInt64 {
  /// Rotates the bits left by `count` (0 < `count` < 64), as `rotl` in the reference code.
  @inlinable
  internal func rotatedLeft(by count: UInt64) -> UInt64 {
    (self &<< count) | (self &>> (64 &- count))
  }
}
