/// Returns the seed of random stream `index` under the master seed `master`.
///
/// Each simulation block `b` draws from `Xoshiro256StarStar(seed: streamSeed(master:
/// seed, index: b))`, so the numbers a block sees depend only on `(master, b)` and
/// never on which worker runs it or when.
///
/// The value is `mix(master &+ mix(index &+ γ))`, where `mix` is the SplitMix64
/// finaliser (a bijection of `UInt64`) and `γ = 0x9E3779B97F4A7C15`. Consequences:
/// - for a fixed `master`, distinct indices give distinct seeds (a composition of
///   bijections), and likewise distinct masters for a fixed index;
/// - neighbouring masters or indices give unrelated seeds (the finaliser avalanches),
///   so streams `(m, i)` and `(m + 1, i)` do not overlap as consecutive SplitMix64
///   seeds would.
///
/// Reference: the finaliser is that of SplitMix64 (Steele, Lea, Flood 2014,
/// doi:10.1145/2714064.2660195).
///
/// - Parameters:
///   - master: The user's seed (`--seed`).
///   - index: The stream number, usually the block index.
/// - Returns: A well-mixed seed for ``Xoshiro256StarStar/init(seed:)``.
@inlinable
public func streamSeed(master: UInt64, index: UInt64) -> UInt64 {
  SplitMix64._finalize(master &+ SplitMix64._finalize(index &+ SplitMix64._golden))
}
