/// A calendar month, `YYYY-MM`: one row of a monthly history.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  /// 1 (January) … 12 (December).
  public var month: Int

  /// A month from its parts, or `nil` when `month` is not in 1…12.
  public init?(year: Int, month: Int) {
    guard (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// Parses `YYYY-MM` (four-digit year, two-digit month); `nil` for anything else.
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let y = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(year: y, month: m)
  }

  /// Months since January of year 0: consecutive months differ by one.
  public var ordinal: Int { year * 12 + (month - 1) }

  /// The month `months` months later (earlier when negative).
  public func adding(months: Int) -> YearMonth {
    let total = ordinal + months
    let y = total >= 0 ? total / 12 : (total - 11) / 12
    return YearMonth(uncheckedYear: y, month: total - y * 12 + 1)
  }

  /// Three-letter English name of the calendar month (`Jan` … `Dec`).
  public var monthName: String { YearMonth.monthNames[month - 1] }

  /// `Jan` … `Dec`.
  public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  public static func < (a: YearMonth, b: YearMonth) -> Bool { a.ordinal < b.ordinal }

  /// `YYYY-MM`.
  public var description: String {
    let y = String(year)
    let m = String(month)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (month < 10 ? "0" : "") + m
  }

  init(uncheckedYear year: Int, month: Int) {
    self.year = year
    self.month = month
  }
}
