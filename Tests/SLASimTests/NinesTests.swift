import Testing

@testable import SLASim

/// The nines arithmetic of DOMAIN.md ("Nines"), for `slasim stress` (issue 8, item 5).
@Suite struct NinesTests {
  /// Per year: 525.6 / 52.56 / 5.256 / 0.5256 minutes; per month a twelfth (43.8 for 99.9%).
  @Test(arguments: [
    (0.999, 525.6, 43.8), (0.9999, 52.56, 4.38), (0.99999, 5.256, 0.438), (0.999999, 0.5256, 0.0438),
  ])
  func downtimeBudgets(level: Double, perYear: Double, perMonth: Double) {
    let nines = Nines(level: level)
    // One multiplication and at most one division of decimal-exact operands: within 2 ulps.
    #expect(abs(nines.allowedMinutesPerYear - perYear) <= 2 * perYear.ulp)
    #expect(abs(nines.allowedMinutesPerMonth - perMonth) <= 2 * perMonth.ulp)
    #expect("\(nines.allowedMinutesPerYear)" == "\(perYear)")
  }

  /// 99.9% of 2,600 leads allows 2.6 late leads; 99.99% allows 0.26, so one late lead breaches it.
  @Test func lateLeadsAllowed() {
    #expect("\(Nines(level: 0.999).allowedMisses(volume: 2600))" == "2.6")
    #expect("\(Nines(level: 0.9999).allowedMisses(volume: 2600))" == "0.26")
    #expect(!Nines(level: 0.999).breachesOnFirstMiss(volume: 2600))
    #expect(Nines(level: 0.9999).breachesOnFirstMiss(volume: 2600))
    // About 8.8 hours a year at 99.9%, 31.5 seconds at 99.9999%.
    #expect((Nines(level: 0.999).allowedMinutesPerYear / 60 * 10).rounded() / 10 == 8.8)
    #expect((Nines(level: 0.999999).allowedMinutesPerYear * 60 * 10).rounded() / 10 == 31.5)
  }

  /// The miss share is the level's decimal complement, not the binary difference.
  @Test func theComplementIsTheDecimalOne() {
    #expect(1 - 0.9999 != 0.0001)
    #expect(Nines(level: 0.9999).missShare == 0.0001)
    #expect(Nines(level: 0.95).missShare == 0.05)
    #expect(Nines(level: 1).missShare == 0 && Nines(level: 1).count == .infinity)
    #expect(Nines(level: 0).missShare == 1)
    #expect(Nines(level: 0.999).count == 3)
    // A level with more digits than a decimal complement can hold falls back to 1 − x.
    let fine = 0.123456789012345678
    #expect(Nines(level: fine).missShare == 1 - fine)
  }
}
