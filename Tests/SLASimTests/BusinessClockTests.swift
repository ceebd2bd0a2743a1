import Testing

@testable import SLASim

// Expected values below were counted by hand from the 2026 calendar and cross-checked with
// a separate day-by-day script (Python's datetime, summing each day's open minutes). Day
// numbers are offsets from the origin 2026-07-01, a Wednesday (see CivilDateTests): day 2 is
// Friday 07-03, days 3–4 the weekend, day 5 Monday 07-06. 2026-09-04 (a Friday) is day
// 30 + 31 + 3 = 65, Monday 2026-09-07 day 68, Tuesday 2026-09-08 day 69.

private let july1 = CivilDate(year: 2026, month: 7, day: 1)!
private let laborDay = CivilDate(year: 2026, month: 9, day: 7)!
private let mondayToFriday: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
private let sundayToThursday: Set<Weekday> = [.sunday, .monday, .tuesday, .wednesday, .thursday]

/// Mon–Fri 09:00–17:00 with Labor Day, over Q3 2026 (July 1 to September 30 is 92 days).
private let standard = BusinessCalendar(
  workdays: mondayToFriday, openMinute: 9 * 60, closeMinute: 17 * 60, holidays: [laborDay])
private let q3 = BusinessClock(calendar: standard, origin: july1, days: 92)

/// Sun–Thu 08:30–12:00 (210 open minutes a day), no holidays.
private let morningsClock = BusinessClock(
  calendar: BusinessCalendar(
    workdays: sundayToThursday, openMinute: 8 * 60 + 30, closeMinute: 12 * 60, holidays: []),
  origin: july1, days: 92)

/// Wall minute of `hour:minute` on day `day` after the origin.
private func wall(day: Int, _ hour: Int, _ minute: Int) -> Double {
  Double(day * 1440 + hour * 60 + minute)
}

@Suite struct BusinessClockTests {
  @Test func businessMinutesOnAWeekdayCalendarFromAWednesday() {
    let rows: [(t: Double, expected: Double, note: String)] = [
      (-100, 0, "before the origin clamps to 0"),
      (0, 0, "Wed 00:00: nothing open yet"),
      (wall(day: 0, 9, 0), 0, "Wed 09:00 exactly: the opening itself adds nothing"),
      (wall(day: 0, 9, 30), 30, "Wed 09:30: half an hour in"),
      (wall(day: 0, 17, 0), 480, "Wed 17:00 exactly: one full day (8 × 60)"),
      (wall(day: 0, 22, 0), 480, "Wed 22:00: flat after close"),
      (wall(day: 1, 9, 30), 510, "Thu 09:30: 480 + 30"),
      (wall(day: 2, 16, 30), 1410, "Fri 16:30: 2 × 480 + 450"),
      (wall(day: 3, 12, 0), 1440, "Sat noon: three full days"),
      (wall(day: 4, 23, 59), 1440, "Sun 23:59: weekend stays flat"),
      (wall(day: 5, 9, 30), 1470, "Mon 09:30: 1440 + 30"),
      (
        wall(day: 65, 17, 0), 23040,
        "Fri 2026-09-04 17:00: 48 business days (23 Jul + 21 Aug + 4 Sep) × 480"
      ),
      (wall(day: 68, 12, 0), 23040, "Mon 2026-09-07 noon: a holiday stays flat"),
      (wall(day: 69, 9, 30), 23070, "Tue 2026-09-08 09:30: 23040 + 30"),
    ]
    for row in rows {
      #expect(q3.businessMinutes(atWallMinute: row.t) == row.expected, "\(row.note)")
    }
  }

  @Test func firstTouchIsMeasuredFromTheNextOpening() {
    let rows: [(arrival: Double, touch: Double, expected: Double, note: String)] = [
      (
        wall(day: 0, 22, 0), wall(day: 1, 9, 30), 30,
        "DESIGN §3: in at 22:00, touched 09:30 next day"
      ),
      (wall(day: 2, 16, 30), wall(day: 5, 9, 30), 60, "Fri 16:30 → Mon 09:30: 30 + 30"),
      (
        wall(day: 0, 17, 0), wall(day: 1, 9, 0), 0,
        "in exactly at close, touched at the next opening"
      ),
      (wall(day: 0, 17, 0), wall(day: 1, 9, 15), 15, "in exactly at close, touched 09:15 next day"),
      (wall(day: 1, 9, 0), wall(day: 1, 9, 45), 45, "in exactly at the opening"),
      (wall(day: 3, 11, 0), wall(day: 5, 10, 0), 60, "in on Saturday, touched Mon 10:00"),
      (wall(day: 4, 23, 59), wall(day: 5, 9, 1), 1, "in Sunday 23:59, touched Mon 09:01"),
      (
        wall(day: 0, 10, 0), wall(day: 1, 10, 0), 480,
        "24 wall hours across a night = one business day"
      ),
      (
        wall(day: 65, 16, 30), wall(day: 69, 9, 30), 60,
        "Fri 09-04 16:30 → Tue 09-08 09:30 skips the weekend and Labor Day"
      ),
      (wall(day: 68, 10, 0), wall(day: 69, 9, 10), 10, "in on the holiday, touched Tue 09:10"),
    ]
    for row in rows {
      #expect(q3.businessMinutes(from: row.arrival, to: row.touch) == row.expected, "\(row.note)")
    }
  }

  @Test func wallMinuteOfADateIsItsMidnight() {
    #expect(q3.wallMinute(of: july1) == 0)  // the origin
    #expect(q3.wallMinute(of: CivilDate(iso: "2026-09-04")!) == 93600)  // day 65 × 1440
    #expect(q3.wallMinute(of: CivilDate(iso: "2026-06-30")!) == -1440)  // the day before
  }

  @Test func businessInversesAtOpeningsAndCloses() {
    let rows: [(b: Double, smallest: Double, nextOpening: Double, note: String)] = [
      (-5, 0, 540, "negative clamps to 0; the first opening is Wed 09:00"),
      (0, 0, 540, "B is 0 from midnight to 09:00: smallest is 0, largest 09:00"),
      (30, 570, 570, "inside open time both are Wed 09:30"),
      (479.5, 1019.5, 1019.5, "half a minute before close"),
      (480, 1020, 1980, "end of Wed: close 17:00, or Thu 09:00 (1440 + 540)"),
      (1440, 3900, 7740, "end of Fri: 2 × 1440 + 1020, or Mon 09:00 (5 × 1440 + 540)"),
      (1470, 7770, 7770, "Mon 09:30"),
      (
        23040, 94620, 99900,
        "end of Fri 09-04 (65 × 1440 + 1020), or Tue 09-08 09:00 (69 × 1440 + 540)"
      ),
    ]
    for row in rows {
      #expect(q3.wallMinute(atBusinessMinute: row.b) == row.smallest, "\(row.note)")
      #expect(q3.nextOpeningWallMinute(atBusinessMinute: row.b) == row.nextOpening, "\(row.note)")
    }
  }

  @Test func nonBusinessMinutesAndTheirInverse() {
    let forward: [(t: Double, expected: Double, note: String)] = [
      (-1, 0, "before the origin clamps to 0"),
      (wall(day: 0, 9, 0), 540, "Wed 09:00: the whole morning was closed"),
      (wall(day: 0, 17, 0), 540, "Wed 17:00: flat while open"),
      (wall(day: 1, 0, 0), 960, "Thu 00:00: 1440 − 480"),
      (wall(day: 5, 0, 0), 5760, "Mon 00:00: 5 × 1440 − 3 × 480"),
    ]
    for row in forward {
      #expect(q3.nonBusinessMinutes(atWallMinute: row.t) == row.expected, "\(row.note)")
    }
    let inverse: [(x: Double, expected: Double, note: String)] = [
      (0, 0, "0 is the origin"),
      (540, 540, "all of Wed morning: the opening, not the close"),
      (541, 1021, "one minute more is Wed 17:01"),
      (960, 1440, "Thu 00:00"),
      (5760, 7200, "Mon 00:00: the weekend fills the gap"),
      (6300, 7740, "5760 + 540: Mon 09:00"),
    ]
    for row in inverse {
      #expect(q3.wallMinute(atNonBusinessMinute: row.x) == row.expected, "\(row.note)")
    }
  }

  @Test func businessMinutesInKnownMonths() {
    let rows: [(month: String, clock: BusinessClock, expected: Double, note: String)] = [
      ("2026-07-01", q3, 11040, "July 2026 Mon–Fri: 23 workdays × 480"),
      ("2026-08-01", q3, 10080, "August 2026: 21 workdays × 480"),
      ("2026-09-01", q3, 10080, "September 2026: 22 workdays − Labor Day = 21 × 480"),
      ("2026-10-01", q3, 10560, "October 2026, beyond the table: 22 workdays × 480"),
      ("2026-06-01", q3, 0, "June 2026 lies before the origin"),
      (
        "2026-07-01", BusinessClock(calendar: .alwaysOpen, origin: july1, days: 92), 44640,
        "24x7 July: 31 × 1440"
      ),
      (
        "2026-07-01", morningsClock, 4620,
        "July 2026 Sun–Thu: 4 weeks × 5 + Wed 29, Thu 30 = 22 days × 210"
      ),
    ]
    for row in rows {
      #expect(
        row.clock.businessMinutes(inMonthStarting: CivilDate(iso: row.month)!) == row.expected,
        "\(row.note)")
    }
  }

  @Test func customWorkdaysAndHours() {
    let rows: [(t: Double, expected: Double, note: String)] = [
      (wall(day: 0, 8, 30), 0, "Wed 08:30: the opening"),
      (wall(day: 0, 12, 0), 210, "Wed 12:00: a full morning"),
      (wall(day: 1, 10, 0), 300, "Thu 10:00: 210 + 90"),
      (wall(day: 2, 10, 0), 420, "Fri 10:00: Friday is closed"),
      (wall(day: 3, 10, 0), 420, "Sat 10:00: closed"),
      (wall(day: 4, 9, 0), 450, "Sun 09:00: Sunday is a workday, 420 + 30"),
      (wall(day: 5, 12, 0), 840, "Mon 12:00: 4 × 210"),
    ]
    for row in rows {
      #expect(morningsClock.businessMinutes(atWallMinute: row.t) == row.expected, "\(row.note)")
    }
    // Thu 11:50 → Sun 08:40: 10 minutes on Thursday, 10 on Sunday.
    #expect(
      morningsClock.businessMinutes(from: wall(day: 1, 11, 50), to: wall(day: 4, 8, 40)) == 20)
    // End of Wednesday: close at 12:00, or Thu 08:30 (1440 + 510).
    #expect(morningsClock.wallMinute(atBusinessMinute: 210) == 720)
    #expect(morningsClock.nextOpeningWallMinute(atBusinessMinute: 210) == 1950)
    // End of Thursday: Thu 12:00 (1440 + 720), or Sun 08:30 (4 × 1440 + 510).
    #expect(morningsClock.wallMinute(atBusinessMinute: 420) == 2160)
    #expect(morningsClock.nextOpeningWallMinute(atBusinessMinute: 420) == 6270)
    #expect(morningsClock.openMinutesPerBusinessDay == 210)
  }

  @Test func closingAtMidnight() {
    // Sat–Sun 16:00–24:00; day 3 is Saturday, day 4 Sunday.
    let clock = BusinessClock(
      calendar: BusinessCalendar(
        workdays: [.saturday, .sunday], openMinute: 960, closeMinute: 1440, holidays: []),
      origin: july1, days: 30)
    // All of Saturday evening.
    #expect(clock.businessMinutes(atWallMinute: wall(day: 4, 0, 0)) == 480)
    // Saturday 24:00 = 4 × 1440, or Sunday 16:00 = 4 × 1440 + 960.
    #expect(clock.wallMinute(atBusinessMinute: 480) == 5760)
    #expect(clock.nextOpeningWallMinute(atBusinessMinute: 480) == 6720)
    #expect(clock.businessMinutes(atWallMinute: wall(day: 4, 17, 0)) == 540)  // 480 + 60
  }

  @Test func alwaysOpenIsTheIdentity() {
    let clock = BusinessClock(calendar: .alwaysOpen, origin: july1, days: 92)
    #expect(clock._cumulativeOpen.isEmpty)  // no table is built
    #expect(clock.openMinutesPerBusinessDay == 1440)
    for t in [0, 0.5, 1439.999, 1440, 2_000_000.123, 1e9 + 0.25] as [Double] {
      #expect(clock.businessMinutes(atWallMinute: t) == t)
      #expect(clock.wallMinute(atBusinessMinute: t) == t)
      #expect(clock.nextOpeningWallMinute(atBusinessMinute: t) == t)
      #expect(clock.nonBusinessMinutes(atWallMinute: t) == 0)
    }
    #expect(clock.businessMinutes(atWallMinute: -3) == 0)  // before the origin clamps
    #expect(clock.wallMinute(atBusinessMinute: -3) == 0)
    #expect(clock.wallMinute(atNonBusinessMinute: 0) == 0)
    #expect(clock.wallMinute(atNonBusinessMinute: 1) == .infinity)  // never closed
    #expect(clock.businessMinutes(atWallMinute: .infinity) == .infinity)
  }

  @Test func beyondTheTableTheWeeklyPatternContinuesWithoutHolidays() {
    // Wed 2026-07-08 (day 7) is a holiday. A 7-day table stops just before it, so it is open;
    // an 8-day table includes it.
    let calendar = BusinessCalendar(
      workdays: mondayToFriday, openMinute: 540, closeMinute: 1020,
      holidays: [CivilDate(iso: "2026-07-08")!])
    let short = BusinessClock(calendar: calendar, origin: july1, days: 7)
    let long = BusinessClock(calendar: calendar, origin: july1, days: 8)
    // Days 0–7: Wed Thu Fri Mon Tue Wed = 6 × 480 beyond the table, 5 × 480 with the holiday.
    #expect(short.businessMinutes(atWallMinute: wall(day: 8, 0, 0)) == 2880)
    #expect(long.businessMinutes(atWallMinute: wall(day: 8, 0, 0)) == 2400)
    // An empty table is all weekly pattern: the first week has 5 workdays.
    let empty = BusinessClock(calendar: calendar, origin: july1, days: 0)
    #expect(empty.businessMinutes(atWallMinute: wall(day: 7, 0, 0)) == 2400)
    // Tue 07-07 close, or Wed 07-08 09:00.
    #expect(empty.wallMinute(atBusinessMinute: 2400) == wall(day: 6, 17, 0))
    #expect(empty.nextOpeningWallMinute(atBusinessMinute: 2400) == wall(day: 7, 9, 0))

    // Without holidays a short table and a long one agree everywhere.
    let plain = BusinessCalendar(
      workdays: sundayToThursday, openMinute: 510, closeMinute: 720, holidays: [])
    let shortPlain = BusinessClock(calendar: plain, origin: july1, days: 7)
    let longPlain = BusinessClock(calendar: plain, origin: july1, days: 400)
    var t = -1440.0
    while t < 420 * 1440 {
      let b = longPlain.businessMinutes(atWallMinute: t)
      #expect(shortPlain.businessMinutes(atWallMinute: t) == b)
      #expect(
        shortPlain.wallMinute(atBusinessMinute: b) == longPlain.wallMinute(atBusinessMinute: b))
      #expect(
        shortPlain.nextOpeningWallMinute(atBusinessMinute: b)
          == longPlain.nextOpeningWallMinute(atBusinessMinute: b))
      let x = longPlain.nonBusinessMinutes(atWallMinute: t)
      #expect(shortPlain.nonBusinessMinutes(atWallMinute: t) == x)
      #expect(
        shortPlain.wallMinute(atNonBusinessMinute: x)
          == longPlain.wallMinute(atNonBusinessMinute: x))
      t += 997.25  // not a divisor of a day or a week, so it visits every time of day
    }
  }

  @Test func aCalendarWithNoWorkdaysNeverOpens() {
    let clock = BusinessClock(
      calendar: BusinessCalendar(workdays: [], openMinute: 540, closeMinute: 1020, holidays: []),
      origin: july1, days: 10)
    #expect(clock.businessMinutes(atWallMinute: 1e6) == 0)
    #expect(clock.businessMinutes(atWallMinute: .infinity) == 0)
    #expect(clock.wallMinute(atBusinessMinute: 0) == 0)
    #expect(clock.wallMinute(atBusinessMinute: 1) == .infinity)
    #expect(clock.nextOpeningWallMinute(atBusinessMinute: 0) == .infinity)
    #expect(clock.nonBusinessMinutes(atWallMinute: 12345.5) == 12345.5)  // everything is closed
    #expect(clock.wallMinute(atNonBusinessMinute: 12345.5) == 12345.5)
  }

  @Test func infiniteInputs() {
    #expect(q3.businessMinutes(atWallMinute: .infinity) == .infinity)
    #expect(q3.nonBusinessMinutes(atWallMinute: .infinity) == .infinity)
    #expect(q3.wallMinute(atBusinessMinute: .infinity) == .infinity)
    #expect(q3.nextOpeningWallMinute(atBusinessMinute: .infinity) == .infinity)
    #expect(q3.wallMinute(atNonBusinessMinute: .infinity) == .infinity)
  }

  @Test func publicTypesAreSendable() {
    let values: [any Sendable] = [standard, q3]
    #expect(values.count == 2)
  }
}

// MARK: - Seeded property tests

/// Grid for exact checks: every wall or business minute the tests draw is a multiple of
/// 2⁻¹⁰ minute below 2²⁴, so it has at most 34 significant bits and every sum or difference
/// the clock forms is exact.
private let grid = 0x1p-10

/// A calendar with a slow, obvious day-by-day reference for `B(t)`.
private struct ClockFixture: Sendable, CustomTestStringConvertible {
  var name: String
  var workdays: Set<Weekday>
  var openMinute: Int
  var closeMinute: Int
  var holidays: [CivilDate]
  var days: Int

  var testDescription: String { name }

  var clock: BusinessClock {
    BusinessClock(
      calendar: BusinessCalendar(
        workdays: workdays, openMinute: openMinute, closeMinute: closeMinute, holidays: holidays),
      origin: july1, days: days)
  }

  /// Wall minutes the tests sample: from two days before the origin to 50 days past the table.
  var sampleEnd: Double { Double(days + 50) * 1440 }

  /// `B(t)` by walking the days one by one: holidays count inside the table only.
  func referenceBusinessMinutes(atWallMinute t: Double) -> Double {
    var total = 0.0
    var day = 0
    while Double(day) * 1440 < t {
      let date = CivilDate(daysSinceEpoch: july1.daysSinceEpoch + day)
      if workdays.contains(date.weekday) && !(day < days && holidays.contains(date)) {
        let end = min(Double(closeMinute), t - Double(day) * 1440)
        total += max(0, end - Double(openMinute))
      }
      day += 1
    }
    return total
  }

  /// A wall minute on the grid, often exactly at midnight, an opening or a close.
  func sampleWallMinute(_ random: inout TestGenerator) -> Double {
    let day = random.below(days + 52) - 2
    let minute: Double
    switch random.below(4) {
    case 0: minute = 0
    case 1: minute = Double(openMinute)
    case 2: minute = Double(closeMinute)
    default: minute = Double(random.below(1440 * 1024)) * grid
    }
    return Double(day) * 1440 + minute
  }

  static let all: [ClockFixture] = [
    ClockFixture(
      name: "Mon–Fri 09–17, Labor Day", workdays: mondayToFriday, openMinute: 540,
      closeMinute: 1020,
      holidays: [laborDay], days: 92),
    ClockFixture(
      name: "Sun–Thu 08:30–12, two holidays", workdays: sundayToThursday, openMinute: 510,
      closeMinute: 720,
      holidays: [CivilDate(iso: "2026-07-05")!, CivilDate(iso: "2026-08-20")!], days: 92),
    ClockFixture(
      name: "Sat–Sun 16–24, holiday on a Saturday", workdays: [.saturday, .sunday], openMinute: 960,
      closeMinute: 1440, holidays: [CivilDate(iso: "2026-07-04")!], days: 60),
    ClockFixture(
      name: "every day 00–06", workdays: Set(Weekday.allCases), openMinute: 0, closeMinute: 360,
      holidays: [CivilDate(iso: "2026-07-10")!], days: 40),
    ClockFixture(
      name: "every day all day, one holiday", workdays: Set(Weekday.allCases), openMinute: 0,
      closeMinute: 1440,
      holidays: [CivilDate(iso: "2026-07-15")!], days: 30),
    ClockFixture(
      name: "Mon–Fri 09–17, empty table", workdays: mondayToFriday, openMinute: 540,
      closeMinute: 1020,
      holidays: [laborDay], days: 0),
  ]
}

@Suite struct BusinessClockPropertyTests {
  private static let samples = 200

  @Test(arguments: ClockFixture.all, 0..<10 as Range<UInt64>)
  fileprivate func matchesADayByDayReference(_ fixture: ClockFixture, seed: UInt64) {
    let clock = fixture.clock
    var random = TestGenerator(seed: seed)
    for _ in 0..<Self.samples {
      let t = fixture.sampleWallMinute(&random)
      let b = clock.businessMinutes(atWallMinute: t)
      #expect(b == fixture.referenceBusinessMinutes(atWallMinute: t), "t = \(t)")
      #expect(clock.nonBusinessMinutes(atWallMinute: t) == max(0, t - b), "t = \(t)")
    }
  }

  @Test(arguments: ClockFixture.all, 0..<10 as Range<UInt64>)
  fileprivate func businessInversesAreTheSmallestAndLargestPreimages(
    _ fixture: ClockFixture, seed: UInt64
  ) {
    let clock = fixture.clock
    var random = TestGenerator(seed: seed)
    let maximum = clock.businessMinutes(atWallMinute: fixture.sampleEnd)
    for _ in 0..<Self.samples {
      // Half the time the business minute of a sampled instant (often a close), else any on the grid.
      let t = fixture.sampleWallMinute(&random)
      let b =
        random.below(2) == 0
        ? clock.businessMinutes(atWallMinute: t)
        : Double(random.below(Int(maximum / grid) + 1)) * grid
      let smallest = clock.wallMinute(atBusinessMinute: b)
      let largest = clock.nextOpeningWallMinute(atBusinessMinute: b)
      #expect(clock.businessMinutes(atWallMinute: smallest) == b, "b = \(b)")
      #expect(clock.businessMinutes(atWallMinute: largest) == b, "b = \(b)")
      #expect(0 <= smallest && smallest <= largest, "b = \(b)")
      // Nothing smaller reaches b; anything larger passes it.
      if smallest > 0 {
        #expect(clock.businessMinutes(atWallMinute: smallest - grid) < b, "b = \(b)")
      }
      #expect(clock.businessMinutes(atWallMinute: largest + grid) > b, "b = \(b)")
      // The two differ only at a close (or before the first opening), and B is flat between.
      if smallest != largest {
        #expect(clock.businessMinutes(atWallMinute: (smallest + largest) / 2) == b, "b = \(b)")
        if b > 0 {
          let minuteOfDay = smallest - (smallest / 1440).rounded(.down) * 1440
          #expect(minuteOfDay == Double(fixture.closeMinute % 1440), "b = \(b)")
        }
      }
      if t >= 0 {
        let bt = clock.businessMinutes(atWallMinute: t)
        #expect(
          clock.wallMinute(atBusinessMinute: bt) <= t
            && t <= clock.nextOpeningWallMinute(atBusinessMinute: bt))
      }
    }
  }

  @Test(arguments: ClockFixture.all, 0..<10 as Range<UInt64>)
  fileprivate func nonBusinessInverseIsTheSmallestPreimage(_ fixture: ClockFixture, seed: UInt64) {
    let clock = fixture.clock
    var random = TestGenerator(seed: seed)
    let maximum = clock.nonBusinessMinutes(atWallMinute: fixture.sampleEnd)
    for _ in 0..<Self.samples {
      let t = fixture.sampleWallMinute(&random)
      let fromInstant = random.below(2) == 0
      let x =
        fromInstant
        ? clock.nonBusinessMinutes(atWallMinute: t)
        : Double(random.below(Int(maximum / grid) + 1)) * grid
      let u = clock.wallMinute(atNonBusinessMinute: x)
      #expect(clock.nonBusinessMinutes(atWallMinute: u) == x, "x = \(x)")
      #expect(u >= 0, "x = \(x)")
      if u > 0 { #expect(clock.nonBusinessMinutes(atWallMinute: u - grid) < x, "x = \(x)") }
      if fromInstant && t >= 0 { #expect(u <= t, "t = \(t)") }
    }
  }

  @Test(arguments: ClockFixture.all, 0..<10 as Range<UInt64>)
  fileprivate func businessAndClosedTimeAreMonotoneAndAddUp(_ fixture: ClockFixture, seed: UInt64) {
    let clock = fixture.clock
    var random = TestGenerator(seed: seed)
    let instants = (0..<Self.samples).map { _ in fixture.sampleWallMinute(&random) }.sorted()
    for (earlier, later) in zip(instants, instants.dropFirst()) {
      let business = clock.businessMinutes(from: earlier, to: later)
      let closed =
        clock.nonBusinessMinutes(atWallMinute: later)
        - clock.nonBusinessMinutes(atWallMinute: earlier)
      #expect(business >= 0 && closed >= 0, "\(earlier) … \(later)")
      // From the origin on, wall time splits into business and closed time.
      if earlier >= 0 { #expect(business + closed == later - earlier, "\(earlier) … \(later)") }
    }
  }

  @Test(arguments: ClockFixture.all, 0..<10 as Range<UInt64>)
  fileprivate func roundTripsWithinOneUlpForArbitraryFractions(
    _ fixture: ClockFixture, seed: UInt64
  ) {
    // Off the grid each direction rounds once when a fraction of a minute is added to whole
    // minutes: ≤ ½ ulp of the wall minute, then ≤ ½ ulp of the business minute (which is no
    // larger), so one ulp of the wall minute bounds the round-trip error.
    let clock = fixture.clock
    var random = TestGenerator(seed: seed)
    let maximumBusiness = clock.businessMinutes(atWallMinute: fixture.sampleEnd)
    let maximumClosed = clock.nonBusinessMinutes(atWallMinute: fixture.sampleEnd)
    for _ in 0..<Self.samples {
      let b = random.unit() * maximumBusiness
      let smallest = clock.wallMinute(atBusinessMinute: b)
      let largest = clock.nextOpeningWallMinute(atBusinessMinute: b)
      #expect(abs(clock.businessMinutes(atWallMinute: smallest) - b) <= smallest.ulp, "b = \(b)")
      #expect(abs(clock.businessMinutes(atWallMinute: largest) - b) <= largest.ulp, "b = \(b)")
      let x = random.unit() * maximumClosed
      let u = clock.wallMinute(atNonBusinessMinute: x)
      #expect(abs(clock.nonBusinessMinutes(atWallMinute: u) - x) <= u.ulp, "x = \(x)")
    }
  }

  @Test(arguments: 0..<10 as Range<UInt64>)
  func alwaysOpenIsTheIdentityForAnyFraction(seed: UInt64) {
    let clock = BusinessClock(calendar: .alwaysOpen, origin: july1, days: 92)
    var random = TestGenerator(seed: seed)
    for _ in 0..<Self.samples {
      let t = random.unit() * 1e7
      #expect(clock.businessMinutes(atWallMinute: t) == t)
      #expect(clock.wallMinute(atBusinessMinute: t) == t)
      #expect(clock.nextOpeningWallMinute(atBusinessMinute: t) == t)
      #expect(clock.nonBusinessMinutes(atWallMinute: t) == 0)
    }
  }
}
