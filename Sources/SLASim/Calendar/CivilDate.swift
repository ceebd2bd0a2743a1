/// A date in the proleptic Gregorian calendar, with no time zone.
///
/// Scenario dates are local business dates; `slasim` never converts them through a time zone,
/// so a run gives the same answer on every machine.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// A date from its parts, or `nil` when the parts are not a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`; `nil` for anything else or an impossible date.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// The date `days` days after 1970-01-01.
  ///
  /// Algorithm `civil_from_days` of H. Hinnant, "chrono-Compatible Low-Level Date
  /// Algorithms" (2013), exact for every representable day.
  public init(daysSinceEpoch days: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  /// Days since 1970-01-01 (negative before); Hinnant's `days_from_civil`.
  public var daysSinceEpoch: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Day of the week.
  public var weekday: Weekday {
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    let index = ((daysSinceEpoch % 7) + 7 + 3) % 7
    return Weekday.allCases[index]
  }

  /// The first day of the month `months` months after this date's month.
  public func firstOfMonth(adding months: Int) -> CivilDate {
    let total = year * 12 + (month - 1) + months
    let y = total >= 0 ? total / 12 : (total - 11) / 12
    return CivilDate(uncheckedYear: y, month: total - y * 12 + 1, day: 1)
  }

  /// Days in `month` of `year`.
  public static func daysIn(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }
}

/// A day of the week, Monday first (ISO 8601).
public enum Weekday: String, Sendable, Hashable, CaseIterable {
  case monday = "mon"
  case tuesday = "tue"
  case wednesday = "wed"
  case thursday = "thu"
  case friday = "fri"
  case
    saturday = "sat"
  case sunday = "sun"
}

extension Weekday {
  /// Position in the ISO week, Monday = 0 … Sunday = 6.
  @inlinable
  internal var _index: Int {
    switch self {
    case .monday: return 0
    case .tuesday: return 1
    case .wednesday: return 2
    case .thursday: return 3
    case .friday: return 4
    case .saturday: return 5
    case .sunday: return 6
    }
  }
}
