import Testing

@testable import SLASim

@Suite struct BusinessCalendarTests {
  private static let mondayToFriday: Set<Weekday> = [
    .monday, .tuesday, .wednesday, .thursday, .friday,
  ]
  // Labor Day 2026: a Monday (2026-09-01 is a Tuesday; 2026-07-01 is a Wednesday per CivilDateTests).
  private static let laborDay = CivilDate(year: 2026, month: 9, day: 7)!

  @Test func isBusinessDayIsAWorkdayThatIsNotAHoliday() {
    let standard = BusinessCalendar(
      workdays: Self.mondayToFriday, openMinute: 9 * 60, closeMinute: 17 * 60,
      holidays: [Self.laborDay])
    let rows: [(date: String, expected: Bool)] = [
      ("2026-07-01", true),  // Wednesday
      ("2026-07-04", false),  // Saturday: not a workday
      ("2026-07-05", false),  // Sunday: not a workday
      ("2026-09-07", false),  // Monday, but a holiday
      ("2026-09-08", true),  // Tuesday after the holiday
      ("2026-09-14", true),  // the next Monday: only the listed date is a holiday
    ]
    for row in rows {
      #expect(standard.isBusinessDay(CivilDate(iso: row.date)!) == row.expected, "\(row.date)")
    }
    // Every day is a business day 24x7.
    #expect(BusinessCalendar.alwaysOpen.isBusinessDay(CivilDate(iso: "2026-07-04")!))
  }

  @Test func openMinutesPerBusinessDayIsCloseMinusOpen() {
    let rows: [(calendar: BusinessCalendar, expected: Double)] = [
      // 17:00 − 09:00 = 8 h
      (BusinessCalendar(.standard), 480),
      // 24 h
      (.alwaysOpen, 1440),
      // 12:00 − 08:30
      (BusinessCalendar(workdays: [.sunday], openMinute: 510, closeMinute: 720, holidays: []), 210),
      // midnight to midnight
      (BusinessCalendar(workdays: [.monday], openMinute: 0, closeMinute: 1440, holidays: []), 1440),
    ]
    for row in rows { #expect(row.calendar.openMinutesPerBusinessDay == row.expected) }
  }

  @Test func equalCalendarsOpenAtTheSameInstants() {
    let a = BusinessCalendar(
      workdays: Self.mondayToFriday, openMinute: 540, closeMinute: 1020,
      holidays: [Self.laborDay, CivilDate(iso: "2026-07-03")!])
    // Same holidays in another order, duplicated, plus one on a Saturday (which changes nothing).
    let b = BusinessCalendar(
      workdays: Self.mondayToFriday, openMinute: 540, closeMinute: 1020,
      holidays: [
        CivilDate(iso: "2026-07-03")!, Self.laborDay, Self.laborDay, CivilDate(iso: "2026-07-04")!,
      ])
    #expect(a == b)
    // A different holiday set is a different calendar.
    let c = BusinessCalendar(
      workdays: Self.mondayToFriday, openMinute: 540, closeMinute: 1020, holidays: [Self.laborDay])
    #expect(a != c)
    // Open all day every day with no holidays is 24x7.
    #expect(
      BusinessCalendar(
        workdays: Set(Weekday.allCases), openMinute: 0, closeMinute: 1440, holidays: [])
        == .alwaysOpen)
    #expect(
      BusinessCalendar(
        workdays: Set(Weekday.allCases), openMinute: 0, closeMinute: 1440, holidays: [Self.laborDay]
      ) != .alwaysOpen)
  }

  @Test func initFromCalendarSpec() {
    #expect(BusinessCalendar(CalendarSpec.alwaysOpen) == .alwaysOpen)
    #expect(
      BusinessCalendar(CalendarSpec.standard)
        == BusinessCalendar(
          workdays: Self.mondayToFriday, openMinute: 540, closeMinute: 1020, holidays: []))
    let spec = CalendarSpec.weekly(
      workdays: [.sunday, .monday], openMinute: 510, closeMinute: 720, holidays: [Self.laborDay])
    #expect(
      BusinessCalendar(spec)
        == BusinessCalendar(
          workdays: [.sunday, .monday], openMinute: 510, closeMinute: 720, holidays: [Self.laborDay]
        ))
  }

  @Test func weekdayIndexIsISOOrder() {
    #expect(Weekday.allCases.map(\._index) == [0, 1, 2, 3, 4, 5, 6])
  }
}
