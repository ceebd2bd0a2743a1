/// Business-time arithmetic on a timeline in minutes from `origin`'s midnight.
///
/// The simulation measures time in *wall minutes*: minutes since midnight at the start of
/// `origin`, as a `Double`. Every day is 1440 minutes long; calendars have no time zone and
/// no daylight-saving shifts. Queues run in *business minutes*: `B(t)` is the number of open
/// minutes in `[0, t)`. `B` is continuous and non-decreasing and stays flat while closed, so
/// an arrival after hours maps to the business instant of the next opening by itself, and
/// `B(touch) − B(arrival)` is the first-touch time measured from the later of arrival and the
/// next opening (a lead arriving at 22:00 and touched at 09:30 the next business day waited
/// 30 business minutes).
///
/// A clock covers a table of `days` days from `origin`, with holidays. **Beyond the table the
/// weekly pattern of workdays and hours continues without holidays**, so every query has an
/// answer. **Before minute 0 everything clamps**: `B(t) = 0` and `t − B(t) = 0` for `t ≤ 0`,
/// and the inverses never return a negative wall minute.
///
/// For the 24x7 calendar (``BusinessCalendar/alwaysOpen``) the clock builds no table:
/// `B(t) = t` exactly for `t ≥ 0` and both business inverses are the identity there.
///
/// The queries are `@inlinable`, allocate nothing and take O(1) time, or O(log `days`) for
/// inverses that land inside the table (a binary search in the cumulative table).
///
/// Floating point: table values are whole minutes, so they are exact. A forward map and its
/// inverse each round once, when a fraction of a minute is added to a whole number of
/// minutes, so a round trip such as `B(wallMinute(atBusinessMinute: b))` returns `b` to within
/// one ulp of the wall minute, and exactly when every value involved has few fraction bits
/// (multiples of 2⁻¹⁰ minute below 2⁴⁰ minutes, for instance).
public struct BusinessClock: Sendable {
  // Memory layout: one ContiguousArray of `days + 1` doubles, `_cumulativeOpen[d]` = open
  // minutes in days [0, d), built once. Day d covers wall minutes [1440 d, 1440 (d + 1)).
  // Whether day d < days is a business day is `_cumulativeOpen[d + 1] > _cumulativeOpen[d]`,
  // because every business day has the same positive number of open minutes. Beyond the
  // table the weekly pattern is a 7-bit mask rotated so that bit 0 is day `days`'s weekday.

  /// Whether the calendar is 24x7; then nothing below but `_originDay` is used.
  @usableFromInline internal let _isAlwaysOpen: Bool
  /// `origin` as days since 1970-01-01.
  @usableFromInline internal let _originDay: Int
  /// Days covered by the table.
  @usableFromInline internal let _dayCount: Int
  /// Opening and closing minute after midnight on a business day, and their difference.
  @usableFromInline internal let _openMinute: Double
  @usableFromInline internal let _closeMinute: Double
  @usableFromInline internal let _openLength: Double
  /// `_cumulativeOpen[d]` = open minutes in days `[0, d)`, for `d` in `0 ... days`; empty for 24x7.
  @usableFromInline internal let _cumulativeOpen: ContiguousArray<Double>
  /// Workdays beyond the table: bit `k` set when day `days + k` (mod 7) is a workday.
  @usableFromInline internal let _tailWorkdays: UInt8
  /// Open minutes in one week beyond the table.
  @usableFromInline internal let _weekOpen: Double

  /// Minutes in a day.
  @usableFromInline internal static var _dayLength: Double { 1440 }

  /// Where the timeline ends: 2⁵⁰ minutes, about two billion years.
  ///
  /// Forward maps saturate there (`B(t) = B(2⁵⁰)` for later `t`) and inverses beyond it return
  /// `+∞`, so that a day count never overflows an `Int` however far a queue drifts.
  @usableFromInline internal static var _saturationMinute: Double { 1_125_899_906_842_624 }

  /// A clock whose wall minute 0 is midnight at the start of `origin`.
  ///
  /// - Parameters:
  ///   - calendar: When business is open.
  ///   - origin: The day whose midnight is wall minute 0 (the horizon start).
  ///   - days: Days the holiday-aware table covers, from `origin`; must be non-negative.
  ///     Beyond them the weekly pattern continues without holidays.
  /// - Complexity: O(`days` + holidays); O(1) for the 24x7 calendar.
  public init(calendar: BusinessCalendar, origin: CivilDate, days: Int) {
    precondition(days >= 0, "days is \(days); it must be non-negative")
    let originDay = origin.daysSinceEpoch
    let openLength = calendar.openMinutesPerBusinessDay
    _isAlwaysOpen = calendar._isAlwaysOpen
    _originDay = originDay
    _dayCount = days
    _openMinute = Double(calendar._openMinute)
    _closeMinute = Double(calendar._closeMinute)
    _openLength = openLength

    let originWeekday = origin.weekday._index
    let tailWeekday = (originWeekday + days % 7) % 7
    let mask = calendar._workdayMask
    // Rotate the 7-bit mask right by tailWeekday: bit k becomes weekday (tailWeekday + k) % 7.
    let tail = ((mask >> tailWeekday) | (mask << (7 - tailWeekday))) & 0x7F
    _tailWorkdays = tail
    _weekOpen = Double(tail.nonzeroBitCount) * openLength

    if _isAlwaysOpen {
      _cumulativeOpen = []
      return
    }
    var table = ContiguousArray<Double>()
    table.reserveCapacity(days + 1)
    table.append(0)
    let holidays = calendar._holidayDays
    var nextHoliday = 0
    while nextHoliday < holidays.count && holidays[nextHoliday] < originDay { nextHoliday += 1 }
    var total = 0.0
    var weekday = originWeekday
    for offset in 0..<days {
      var isOpen = calendar._isWorkday(weekdayIndex: weekday)
      if nextHoliday < holidays.count && holidays[nextHoliday] == originDay + offset {
        isOpen = false
        nextHoliday += 1
      }
      if isOpen { total += openLength }
      table.append(total)
      weekday = weekday == 6 ? 0 : weekday + 1
    }
    _cumulativeOpen = table
  }

  /// Open minutes on one business day: close − open, or 1440 for 24x7.
  @inlinable
  public var openMinutesPerBusinessDay: Double { _isAlwaysOpen ? Self._dayLength : _openLength }

  /// The wall minute of midnight at the start of `date` (negative before the origin).
  ///
  /// - Complexity: O(1).
  @inlinable
  public func wallMinute(of date: CivilDate) -> Double {
    Double(date.daysSinceEpoch - _originDay) * Self._dayLength
  }

  /// `B(t)`: open minutes in `[0, t)`; 0 for `t ≤ 0`.
  ///
  /// Continuous and non-decreasing in `t`; `+∞` at `t = +∞` when the calendar ever opens.
  ///
  /// - Parameter t: A wall minute; not NaN.
  /// - Returns: `B(t)`, non-negative; `+∞` only at `t = +∞`.
  /// - Complexity: O(1).
  @inlinable
  public func businessMinutes(atWallMinute t: Double) -> Double {
    assert(!t.isNaN, "wall minute is NaN")
    if _isAlwaysOpen { return t > 0 ? t : 0 }
    guard t > 0 else { return 0 }
    guard t < .infinity else { return _weekOpen > 0 ? .infinity : _cumulativeOpen[_dayCount] }
    let (day, minute) = _split(min(t, Self._saturationMinute))
    var business = _openBefore(day: day)
    if _isOpen(day: day) {
      // minute − open is exact (both lie in [0, 1440] on the same grid); one rounding here.
      business += min(max(minute - _openMinute, 0), _openLength)
    }
    return business
  }

  /// The smallest wall minute `t ≥ 0` with `B(t) == b`.
  ///
  /// A business instant exactly at a day's close maps to that close, not to the next
  /// opening: use this for the end of a piece of work. `b ≤ 0` maps to 0.
  ///
  /// - Parameter b: A business minute; not NaN.
  /// - Returns: The wall minute, or `+∞` if the calendar never reaches `b` (it has no
  ///   workdays, or `b` is infinite).
  /// - Complexity: O(log `days`) inside the table, O(1) beyond it.
  @inlinable
  public func wallMinute(atBusinessMinute b: Double) -> Double {
    assert(!b.isNaN, "business minute is NaN")
    if _isAlwaysOpen { return b > 0 ? b : 0 }
    guard b > 0 else { return 0 }
    let tableOpen = _cumulativeOpen[_dayCount]
    let day: Int
    if b <= tableOpen {
      // Smallest i in 1 ... days with cumulative[i] ≥ b; b lies in day i − 1's open time.
      day = _firstDay(withOpenBeforeAtLeast: b) - 1
    } else {
      guard _weekOpen > 0, b < Self._saturationMinute else { return .infinity }
      // Whole weeks beyond the table with open minutes < b, fixed up by exact comparisons
      // (every table value is a whole number of minutes, so the comparisons are exact).
      var weeks = Int(((b - tableOpen) / _weekOpen).rounded(.down))
      while weeks > 0 && tableOpen + Double(weeks) * _weekOpen >= b { weeks -= 1 }
      while tableOpen + Double(weeks + 1) * _weekOpen < b { weeks += 1 }
      let base = tableOpen + Double(weeks) * _weekOpen
      var k = 0
      while base + _weekOpenBefore(k + 1) < b { k += 1 }
      day = _dayCount + 7 * weeks + k
    }
    return Double(day) * Self._dayLength + _openMinute + (b - _openBefore(day: day))
  }

  /// The largest wall minute `t` with `B(t) == b`: where work that reaches business minute `b`
  /// resumes.
  ///
  /// A business instant exactly at a day's close maps to the next opening; strictly inside
  /// open time this equals ``wallMinute(atBusinessMinute:)``. `b ≤ 0` maps to the first
  /// opening at or after minute 0.
  ///
  /// - Parameter b: A business minute; not NaN.
  /// - Returns: The wall minute, or `+∞` if the calendar never opens after `b`.
  /// - Complexity: O(log `days`) inside the table, O(1) beyond it.
  @inlinable
  public func nextOpeningWallMinute(atBusinessMinute b: Double) -> Double {
    assert(!b.isNaN, "business minute is NaN")
    if _isAlwaysOpen { return b > 0 ? b : 0 }
    let target = b > 0 ? b : 0
    let tableOpen = _cumulativeOpen[_dayCount]
    let day: Int
    if target < tableOpen {
      // Smallest i in 1 ... days with cumulative[i] > target: day i − 1 is open just after it.
      day = _firstDay(withOpenBeforeAbove: target) - 1
    } else {
      guard _weekOpen > 0, target < Self._saturationMinute else { return .infinity }
      var weeks = Int(((target - tableOpen) / _weekOpen).rounded(.down))
      while weeks > 0 && tableOpen + Double(weeks) * _weekOpen > target { weeks -= 1 }
      while tableOpen + Double(weeks + 1) * _weekOpen <= target { weeks += 1 }
      let base = tableOpen + Double(weeks) * _weekOpen
      var k = 0
      while base + _weekOpenBefore(k + 1) <= target { k += 1 }
      day = _dayCount + 7 * weeks + k
    }
    return Double(day) * Self._dayLength + _openMinute + (target - _openBefore(day: day))
  }

  /// Closed minutes in `[0, t)`, that is `t − B(t)`; 0 for `t ≤ 0`.
  ///
  /// Continuous and non-decreasing; flat while open. Always 0 for 24x7.
  ///
  /// - Parameter t: A wall minute; not NaN.
  /// - Returns: `t − B(t)`, non-negative; `+∞` only at `t = +∞`.
  /// - Complexity: O(1).
  @inlinable
  public func nonBusinessMinutes(atWallMinute t: Double) -> Double {
    assert(!t.isNaN, "wall minute is NaN")
    if _isAlwaysOpen { return 0 }
    guard t > 0 else { return 0 }
    guard t < .infinity else {
      return _weekClosed > 0 ? .infinity : _closedBefore(day: _dayCount)
    }
    // Computed from the day's parts rather than as t − B(t), so that it rounds once and
    // mirrors wallMinute(atNonBusinessMinute:) exactly.
    let (day, minute) = _split(min(t, Self._saturationMinute))
    var closed = _closedBefore(day: day)
    if !_isOpen(day: day) || minute <= _openMinute {
      closed += minute
    } else if minute <= _closeMinute {
      closed += _openMinute
    } else {
      closed += minute - _openLength
    }
    return closed
  }

  /// The smallest wall minute `t ≥ 0` with `t − B(t) == x`: the inverse of
  /// ``nonBusinessMinutes(atWallMinute:)``.
  ///
  /// Maps a uniform draw of closed time to a uniform after-hours arrival. A closed instant
  /// that ends at an opening maps to that opening. `x ≤ 0` maps to 0.
  ///
  /// - Parameter x: Closed minutes since the origin; not NaN.
  /// - Returns: The wall minute, or `+∞` if the calendar is never closed for `x` minutes
  ///   (always for 24x7 when `x > 0`).
  /// - Complexity: O(log `days`) inside the table, O(1) beyond it.
  @inlinable
  public func wallMinute(atNonBusinessMinute x: Double) -> Double {
    assert(!x.isNaN, "non-business minute is NaN")
    if _isAlwaysOpen { return x > 0 ? .infinity : 0 }
    guard x > 0 else { return 0 }
    let tableClosed = _closedBefore(day: _dayCount)
    let day: Int
    if x <= tableClosed {
      // Smallest i in 1 ... days with closedBefore(i) ≥ x (closed minutes are non-decreasing).
      var low = 1
      var high = _dayCount
      while low < high {
        let middle = (low + high) / 2
        if _closedBefore(day: middle) >= x { high = middle } else { low = middle + 1 }
      }
      day = low - 1
    } else {
      let weekClosed = _weekClosed
      guard weekClosed > 0, x < Self._saturationMinute else { return .infinity }
      var weeks = Int(((x - tableClosed) / weekClosed).rounded(.down))
      while weeks > 0 && tableClosed + Double(weeks) * weekClosed >= x { weeks -= 1 }
      while tableClosed + Double(weeks + 1) * weekClosed < x { weeks += 1 }
      let base = tableClosed + Double(weeks) * weekClosed
      var k = 0
      while base + (Double(k + 1) * Self._dayLength - _weekOpenBefore(k + 1)) < x { k += 1 }
      day = _dayCount + 7 * weeks + k
    }
    let within = x - _closedBefore(day: day)  // in (0, closed minutes of `day`]
    let dayStart = Double(day) * Self._dayLength
    if _isOpen(day: day) && within > _openMinute {
      return dayStart + _closeMinute + (within - _openMinute)
    }
    return dayStart + within
  }

  /// `B(b) − B(a)`: open minutes between wall minutes `a` and `b` (negative when `b < a`).
  ///
  /// - Complexity: O(1).
  @inlinable
  public func businessMinutes(from a: Double, to b: Double) -> Double {
    businessMinutes(atWallMinute: b) - businessMinutes(atWallMinute: a)
  }

  /// Open minutes in the calendar month that starts on `date`.
  ///
  /// Uses the table's holidays inside it and the weekly pattern beyond it; the part of the
  /// month before the origin counts as closed.
  ///
  /// - Parameter date: The first day of a month.
  /// - Returns: The open minutes, non-negative.
  /// - Complexity: O(1).
  @inlinable
  public func businessMinutes(inMonthStarting date: CivilDate) -> Double {
    precondition(date.day == 1, "date \(date) is not the first day of a month")
    return businessMinutes(
      from: wallMinute(of: date), to: wallMinute(of: date.firstOfMonth(adding: 1)))
  }

  // MARK: - Implementation

  /// Splits a positive wall minute, at most ``_saturationMinute``, into its day and the minute
  /// within it, in [0, 1440).
  @inlinable
  internal func _split(_ t: Double) -> (day: Int, minute: Double) {
    var day = Int((t / Self._dayLength).rounded(.down))
    // Exact (Sterbenz): t and day × 1440 are within a factor of two once day ≥ 1.
    var minute = t - Double(day) * Self._dayLength
    // The quotient can round up to the next whole day when t is just below a midnight.
    if minute < 0 {
      day -= 1
      minute += Self._dayLength
    }
    return (day, minute)
  }

  /// Open minutes in days `[0, day)`, for `day ≥ 0` (24x7 excluded).
  @inlinable
  internal func _openBefore(day: Int) -> Double {
    if day <= _dayCount { return _cumulativeOpen[day] }
    let beyond = day - _dayCount
    let weeks = beyond / 7
    return _cumulativeOpen[_dayCount] + Double(weeks) * _weekOpen
      + _weekOpenBefore(beyond - 7 * weeks)
  }

  /// Closed minutes in days `[0, day)`, for `day ≥ 0` (24x7 excluded).
  @inlinable
  internal func _closedBefore(day: Int) -> Double {
    Double(day) * Self._dayLength - _openBefore(day: day)
  }

  /// Whether day `day ≥ 0` is a business day (24x7 excluded).
  @inlinable
  internal func _isOpen(day: Int) -> Bool {
    if day < _dayCount { return _cumulativeOpen[day + 1] > _cumulativeOpen[day] }
    return _tailWorkdays & (1 << UInt8(truncatingIfNeeded: (day - _dayCount) % 7)) != 0
  }

  /// Open minutes in the first `k` days (`0...7`) of a week beyond the table.
  @inlinable
  internal func _weekOpenBefore(_ k: Int) -> Double {
    let bits = _tailWorkdays & UInt8(truncatingIfNeeded: (1 << k) - 1)
    return Double(bits.nonzeroBitCount) * _openLength
  }

  /// Closed minutes in one week beyond the table.
  @inlinable
  internal var _weekClosed: Double { 7 * Self._dayLength - _weekOpen }

  /// Smallest day `i` in `1 ... days` with `_cumulativeOpen[i] >= value`; the caller ensures
  /// `_cumulativeOpen[days] >= value`.
  @inlinable
  internal func _firstDay(withOpenBeforeAtLeast value: Double) -> Int {
    var low = 1
    var high = _dayCount
    while low < high {
      let middle = (low + high) / 2
      if _cumulativeOpen[middle] >= value { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// Smallest day `i` in `1 ... days` with `_cumulativeOpen[i] > value`; the caller ensures
  /// `_cumulativeOpen[days] > value`.
  @inlinable
  internal func _firstDay(withOpenBeforeAbove value: Double) -> Int {
    var low = 1
    var high = _dayCount
    while low < high {
      let middle = (low + high) / 2
      if _cumulativeOpen[middle] > value { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
