import Foundation
import Testing

@testable import SLASim

/// Relative difference `|a − b| / |b|` (absolute when `b` is 0).
private func relativeError(_ a: Double, _ b: Double) -> Double {
  b == 0 ? abs(a) : abs(a - b) / abs(b)
}

@Suite struct ProportionEstimateTests {
  /// 95% Wilson intervals from statsmodels 0.15.0,
  /// `proportion_confint(s, n, alpha=0.05, method="wilson")`, cross-checked against the closed
  /// form in 50-digit mpmath; the mpmath digits are pasted here (see
  /// `Fixtures/wilson_reference.py`, which prints both).
  static let references: [(successes: Int, trials: Int, low: Double, high: Double)] = [
    (81, 263, 0.25528851987827422577, 0.36620957698280007015),
    (1, 10, 0.017876213095072903986, 0.40415002679523849819),
    (9, 10, 0.59584997320476150181, 0.98212378690492709601),
    (50, 100, 0.40383153036599562708, 0.59616846963400437292),
    (1, 1, 0.20654931437723738797, 1.0),
    (8877, 10000, 0.8813622251955545676, 0.8937400224678228),
    (999, 1000, 0.99435744140204206413, 0.99982345362937392199),
  ]

  @Test func matchesStatsmodelsAndMpmathReferences() {
    // Tolerance 1e-14 relative: each end is computed from p, q, z²/n with about a dozen
    // roundings of 2⁻⁵³ each and no cancellation (the small end comes from the product of
    // the roots), so the error is a few ulps; 1e-14 is ~45 ulps of headroom. statsmodels
    // itself, which computes centre − halfWidth, is off by 1.1e-15 relative on 1/10.
    for reference in Self.references {
      let estimate = ProportionEstimate(successes: reference.successes, trials: reference.trials)
      #expect(
        relativeError(estimate.low, reference.low) <= 1e-14,
        "low of \(reference.successes)/\(reference.trials): \(estimate.low) vs \(reference.low)")
      #expect(
        relativeError(estimate.high, reference.high) <= 1e-14,
        "high of \(reference.successes)/\(reference.trials): \(estimate.high) vs \(reference.high)")
      // The estimate and standard error are single divisions and a square root: 2 ulps.
      let p = Double(reference.successes) / Double(reference.trials)
      #expect(estimate.estimate == p)
      #expect(
        relativeError(estimate.stdError, (p * (1 - p) / Double(reference.trials)).squareRoot())
          <= 1e-15)
    }
  }

  @Test func noSuccessesGiveALowEndOfExactlyZero() {
    // statsmodels: (0.0, 0.1611251580528194) for 0/20; mpmath 0.16112515805281938715.
    let estimate = ProportionEstimate(successes: 0, trials: 20)
    #expect(estimate.estimate == 0)
    #expect(estimate.low == 0)
    #expect(relativeError(estimate.high, 0.16112515805281938715) <= 1e-14)  // as above
    #expect(estimate.stdError == 0)
  }

  @Test func allSuccessesGiveAHighEndOfExactlyOne() {
    // statsmodels gives 0.9999999999999999 for the high end of 20/20 by rounding; the exact
    // value (and ours) is 1. Low end from mpmath: 0.83887484194718061285.
    let estimate = ProportionEstimate(successes: 20, trials: 20)
    #expect(estimate.estimate == 1)
    #expect(estimate.high == 1)
    #expect(relativeError(estimate.low, 0.83887484194718061285) <= 1e-14)  // as above
    #expect(estimate.stdError == 0)
  }

  @Test func noTrialsGiveTheWholeUnitInterval() {
    let estimate = ProportionEstimate(successes: 0, trials: 0)
    #expect(estimate.estimate == 0)
    #expect(estimate.low == 0)
    #expect(estimate.high == 1)
    #expect(estimate.stdError == 0)
    #expect(estimate.successes == 0 && estimate.trials == 0)
  }

  @Test(arguments: [1, 2, 3, 7, 10, 99, 1000, 123_457])
  func intervalContainsTheEstimateAndMirrorsItsComplement(trials: Int) {
    for successes in Self.sampleCounts(upTo: trials) {
      let estimate = ProportionEstimate(successes: successes, trials: trials)
      let mirror = ProportionEstimate(successes: trials - successes, trials: trials)
      #expect(0 <= estimate.low && estimate.low <= estimate.estimate)
      #expect(estimate.estimate <= estimate.high && estimate.high <= 1)
      // For p ≠ 1/2 the mirror image is computed with the same operations on swapped roles,
      // up to the final `1 − x`, which rounds once (1 ulp of 1 is 2.2e-16); for p = 1/2 the two
      // ends come from different formulas, each a few ulps from exact. 1e-15 covers both.
      #expect(abs(estimate.low - (1 - mirror.high)) <= 1e-15)
      #expect(abs(estimate.high - (1 - mirror.low)) <= 1e-15)
    }
  }

  @Test func narrowerZGivesANarrowerInterval() {
    let wide = ProportionEstimate(successes: 30, trials: 100)
    let narrow = ProportionEstimate(successes: 30, trials: 100, z: 1)
    #expect(narrow.low > wide.low && narrow.high < wide.high)
  }

  @Test func roundTripsThroughJSON() throws {
    let estimate = ProportionEstimate(successes: 81, trials: 263)
    let data = try JSONEncoder().encode(estimate)
    #expect(try JSONDecoder().decode(ProportionEstimate.self, from: data) == estimate)
  }

  /// A few success counts spread over 0...trials, both ends included.
  static func sampleCounts(upTo trials: Int) -> [Int] {
    let step = Swift.max(1, trials / 50)
    return Array(stride(from: 0, through: trials, by: step)) + [trials]
  }
}
