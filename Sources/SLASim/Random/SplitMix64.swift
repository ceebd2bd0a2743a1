/// The SplitMix64 generator of Steele, Lea and Flood.
///
/// A 64-bit counter advanced by the golden-ratio increment `0x9E3779B97F4A7C15`, whose
/// value is scrambled by a bijective finaliser (Stafford's "Mix13" variant of
/// MurmurHash3's `fmix64`). It has period 2⁶⁴ and is what the xoshiro authors recommend for
/// expanding a 64-bit seed into a larger state. SLASim uses it for seeding (see
/// ``Xoshiro256StarStar/init(seed:)`` and ``streamSeed(master:index:)``) and as the small
/// per-entity stream of a trial (a lead's draws from arrival to deal, docs/model.md "Random
/// streams"): one word of state that a lead can carry, and it passes BigCrush.
///
/// Reference: G. L. Steele Jr., D. Lea, C. H. Flood (2014), "Fast splittable
/// pseudorandom number generators", OOPSLA '14, ACM SIGPLAN Notices 49(10):453–472,
/// doi:10.1145/2714064.2660195. Constants as in Vigna's reference `splitmix64.c`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The counter; the next output is `finalize(state &+ golden)`.
  @usableFromInline internal var _state: UInt64

  /// Creates a generator whose first output is `mix(seed &+ 0x9E3779B97F4A7C15)`.
  ///
  /// - Parameter seed: Any value, zero included.
  @inlinable
  public init(seed: UInt64) {
    _state = seed
  }

  /// Returns the next 64 uniformly distributed bits.
  @inlinable
  public mutating func next() -> UInt64 {
    _state &+= SplitMix64._golden
    return SplitMix64._finalize(_state)
  }

  /// 2⁶⁴/φ rounded to odd: the Weyl increment.
  @usableFromInline internal static var _golden: UInt64 { 0x9E37_79B9_7F4A_7C15 }

  /// The SplitMix64 output function: a bijection of `UInt64` with full avalanche.
  ///
  /// - Complexity: O(1); three xor-shifts and two multiplications.
  @inlinable
  internal static func _finalize(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }
}
