/// When business is open: a weekly pattern of workdays and hours, minus holidays.
///
/// Every workday has the same hours, `openMinute ..< closeMinute` in minutes after local
/// midnight. Two calendars are equal when they open at the same instants: holidays that fall
/// on non-workdays are dropped, holidays are kept sorted and unique, and a calendar open all
/// day on all seven days with no holidays equals ``alwaysOpen``.
///
/// Use ``BusinessClock`` for arithmetic on a timeline; this type only describes the calendar.
public struct BusinessCalendar: Sendable, Equatable {
  /// Workdays as a bit set, bit `i` set when weekday `i` is a workday (Monday = 0, Sunday = 6).
  @usableFromInline internal var _workdayMask: UInt8
  /// Opening minute after midnight on a workday, in `0 ..< 1440`.
  @usableFromInline internal var _openMinute: Int
  /// Closing minute after midnight on a workday, in `(openMinute + 1) ... 1440`.
  @usableFromInline internal var _closeMinute: Int
  /// Holidays that fall on workdays, as days since 1970-01-01, sorted and unique.
  @usableFromInline internal var _holidayDays: ContiguousArray<Int>

  /// Open every minute of every day, with no holidays (`"calendar": "24x7"`).
  public static let alwaysOpen = BusinessCalendar(
    workdays: Set(Weekday.allCases), openMinute: 0, closeMinute: 24 * 60, holidays: [])

  /// A calendar open on `workdays` from `openMinute` to `closeMinute`, except on `holidays`.
  ///
  /// - Parameters:
  ///   - workdays: Days of the week that are open (unless a holiday). May be empty: the
  ///     calendar then never opens.
  ///   - openMinute: Opening time in minutes after midnight; `0 <= openMinute < closeMinute`.
  ///   - closeMinute: Closing time in minutes after midnight; `closeMinute <= 1440`
  ///     (1440 is the next midnight).
  ///   - holidays: Dates that are closed all day. Order and duplicates do not matter.
  public init(workdays: Set<Weekday>, openMinute: Int, closeMinute: Int, holidays: [CivilDate]) {
    precondition(
      0 <= openMinute && openMinute < closeMinute && closeMinute <= 24 * 60,
      "openMinute \(openMinute) and closeMinute \(closeMinute) must satisfy 0 <= open < close <= 1440"
    )
    var mask: UInt8 = 0
    for day in workdays { mask |= 1 << UInt8(day._index) }
    _workdayMask = mask
    _openMinute = openMinute
    _closeMinute = closeMinute
    // Keep only holidays that close an otherwise open day, so equality means "same open instants".
    var days = ContiguousArray(
      holidays.lazy.filter { mask & (1 << UInt8($0.weekday._index)) != 0 }.map(\.daysSinceEpoch))
    days.sort()
    var unique = ContiguousArray<Int>()
    unique.reserveCapacity(days.count)
    for day in days where unique.last != day { unique.append(day) }
    _holidayDays = unique
  }

  /// The calendar a scenario's `calendar` key describes.
  public init(_ spec: CalendarSpec) {
    switch spec {
    case .alwaysOpen:
      self = .alwaysOpen
    case .weekly(let workdays, let openMinute, let closeMinute, let holidays):
      self.init(
        workdays: workdays, openMinute: openMinute, closeMinute: closeMinute, holidays: holidays)
    }
  }

  /// Open minutes on one business day: `closeMinute − openMinute`, or 1440 for 24x7.
  @inlinable
  public var openMinutesPerBusinessDay: Double { Double(_closeMinute - _openMinute) }

  /// Whether `date` is open at all: a workday that is not a holiday.
  ///
  /// - Complexity: O(log h) for h holidays.
  public func isBusinessDay(_ date: CivilDate) -> Bool {
    guard _isWorkday(weekdayIndex: date.weekday._index) else { return false }
    return !_isHoliday(daysSinceEpoch: date.daysSinceEpoch)
  }

  /// Whether this calendar is open every minute: every day a workday, open 00:00 to 24:00,
  /// no holidays.
  @inlinable
  internal var _isAlwaysOpen: Bool {
    _workdayMask == 0x7F && _openMinute == 0 && _closeMinute == 24 * 60 && _holidayDays.isEmpty
  }

  /// Whether weekday `index` (Monday = 0) is a workday, ignoring holidays.
  @inlinable
  internal func _isWorkday(weekdayIndex index: Int) -> Bool {
    _workdayMask & (1 << UInt8(truncatingIfNeeded: index)) != 0
  }

  /// Whether the day `day` (days since 1970-01-01) is one of the holidays.
  internal func _isHoliday(daysSinceEpoch day: Int) -> Bool {
    // Binary search for the first holiday >= day.
    var low = 0
    var high = _holidayDays.count
    while low < high {
      let middle = (low + high) / 2
      if _holidayDays[middle] < day { low = middle + 1 } else { high = middle }
    }
    return low < _holidayDays.count && _holidayDays[low] == day
  }
}
