import Foundation

@testable import SLASim

/// The seeded generator tests draw their data from, never `SystemRandomNumberGenerator`
/// (STYLE.md §6).
///
/// It is the library's ``SplitMix64`` (Steele, Lea & Flood 2014, doi:10.1145/2714064.2660195),
/// itself pinned to known answers in `RandomGeneratorTests`, with the conveniences tests need.
struct TestGenerator: RandomNumberGenerator {
  var base: SplitMix64

  init(seed: UInt64) { base = SplitMix64(seed: seed) }

  mutating func next() -> UInt64 { base.next() }

  /// An integer in `0 ..< n` (modulo bias is irrelevant for test data).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// A double in [0, 1) from the top 53 bits.
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A standard normal variate (Box & Muller 1958, doi:10.1214/aoms/1177706645).
  mutating func normal() -> Double {
    (-2 * log(1 - unit())).squareRoot() * cos(2 * Double.pi * unit())
  }
}

/// Whether the slow statistical checks run (`SLASIM_LONG_TESTS=1 swift test`; Package.swift).
let longTests = ProcessInfo.processInfo.environment["SLASIM_LONG_TESTS"] == "1"
