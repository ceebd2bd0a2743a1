import RealModule

/// The arithmetic of a service level's nines (DOMAIN.md, "Nines"): what a target such as
/// 99.9% allows, as downtime and as late items.
///
/// A share `s` allows a fraction `1 − s` of misses. Read as availability, that is
/// `(1 − s) × 525,600` minutes a year (a 365-day year: 99.9% → 525.6 minutes, about 8.8 hours;
/// 99.99% → 52.56; 99.999% → 5.256; 99.9999% → 0.5256, about 31.5 seconds) and a twelfth of
/// it a month (99.9% → 43.8 minutes). Read against a volume of items, it is `(1 − s) × volume`
/// late items: 99.9% of 2,600 leads allows 2.6, 99.99% allows 0.26, which means that one late
/// lead already breaches it.
///
/// `1 − s` is computed from the level's decimal digits when it has at most 15 significant
/// ones (`0.9999` is not exactly 0.9999 in binary, and `1 − 0.9999` is 1.0000000000287557e-4),
/// so that the budgets print as planners write them.
public struct Nines: Sendable, Equatable {
  /// Minutes in a 365-day year.
  public static let minutesPerYear = 525_600.0

  /// The target share, in [0, 1].
  public let level: Double
  /// `1 − level`, the share of misses allowed.
  public let missShare: Double

  /// - Parameter level: The share to meet, in [0, 1] (0.999 for 99.9%).
  public init(level: Double) {
    precondition(level >= 0 && level <= 1, "Nines: level \(level) is outside [0, 1]")
    self.level = level
    missShare = Nines.complement(level)
  }

  /// Allowed downtime in a 365-day year, minutes.
  public var allowedMinutesPerYear: Double { missShare * Nines.minutesPerYear }

  /// Allowed downtime in a month (a twelfth of the year), minutes.
  public var allowedMinutesPerMonth: Double { missShare * Nines.minutesPerYear / 12 }

  /// Late items allowed among `volume` items.
  public func allowedMisses(volume: Double) -> Double { missShare * volume }

  /// Whether `volume` items leave room for less than one late item, so that the first late
  /// one breaches the target.
  public func breachesOnFirstMiss(volume: Double) -> Bool { allowedMisses(volume: volume) < 1 }

  /// The number of nines, `−log10(1 − level)` (3 for 99.9%; infinite for 100%).
  public var count: Double {
    missShare > 0 ? -Double.log10(missShare) : .infinity
  }

  /// `1 − x`, from `x`'s shortest decimal digits when there are at most 15 of them, so that
  /// `1 − 0.9999` is 0.0001 as written and not the binary difference.
  static func complement(_ x: Double) -> Double {
    let text = "\(x)"
    guard x > 0, x < 1, !text.contains("e"), let dot = text.firstIndex(of: ".") else { return 1 - x }
    let digits = text[text.index(after: dot)...]
    guard digits.count <= 15, let numerator = Int64(digits) else { return 1 - x }
    var scale: Int64 = 1
    for _ in 0..<digits.count { scale *= 10 }
    return Double(scale - numerator) / Double(scale)
  }
}
