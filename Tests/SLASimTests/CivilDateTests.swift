import Testing

@testable import SLASim

@Suite struct CivilDateTests {
  @Test func roundTripsThroughDaysSinceEpoch() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
  }

  @Test func knownDates() {
    #expect(CivilDate(iso: "1970-01-01")?.daysSinceEpoch == 0)
    #expect(CivilDate(iso: "2026-07-01")?.weekday == .wednesday)
    #expect(CivilDate(iso: "2024-02-29") != nil)
    #expect(CivilDate(iso: "2026-02-29") == nil)
    #expect(CivilDate(iso: "2026-7-01") == nil)
    #expect(CivilDate(iso: "2026-07-01")?.firstOfMonth(adding: 6).description == "2027-01-01")
    #expect(CivilDate(iso: "2026-01-15")?.firstOfMonth(adding: -1).description == "2025-12-01")
  }
}
