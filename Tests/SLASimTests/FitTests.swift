import Foundation
import Testing

@testable import SLASim

private func relativeError(_ a: Double, _ b: Double) -> Double {
  a == b ? 0 : abs(a - b) / max(abs(b), .leastNormalMagnitude)
}

/// Student's t, the incomplete beta, and least-squares behaviour beyond NIST.
@Suite struct FitTests {
  // MARK: - Incomplete beta and Student's t

  /// Closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_x(½, ½) = (2/π)·asin(√x),
  /// I_½(a, a) = ½ (Abramowitz and Stegun 26.5).
  ///
  /// Tolerance 1e-14 relative (about 50 ulps): the continued fraction stops at ε and the
  /// prefactor `x^a·y^b/B(a, b)` costs a few ulps.
  @Test(arguments: [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
  func incompleteBetaMatchesClosedForms(_ x: Double) {
    for a in [0.5, 1.0, 2.5, 7.0, 40.0] {
      #expect(relativeError(IncompleteBeta.regularized(x: x, a: a, b: 1), pow(x, a)) < 1e-14, "a=\(a)")
      #expect(relativeError(IncompleteBeta.regularized(x: x, a: 1, b: a), 1 - pow(1 - x, a)) < 1e-14, "b=\(a)")
      #expect(abs(IncompleteBeta.regularized(x: 0.5, a: a, b: a) - 0.5) < 1e-14, "a=b=\(a)")
    }
    #expect(
      relativeError(IncompleteBeta.regularized(x: x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot())) < 1e-14)
  }

  /// Quantiles from scipy 1.17.1 `scipy.stats.t.ppf` (Boost's inverse incomplete beta).
  ///
  /// They agree with the 6-digit Table 26.10 of Abramowitz and Stegun where it has them (e.g.
  /// t(0.975, 10) = 2.228139). Tolerance 1e-13 relative: both are accurate to a few ulps;
  /// prediction intervals need 1e-9.
  @Test(arguments: [
    (0.975, 10.0, 2.228138851986274), (0.9, 34.0, 1.30695158712643), (0.975, 34.0, 2.0322445093177186),
    (0.995, 5.0, 4.032142983555228), (0.9995, 3.0, 12.923978636687961), (0.975, 1000.0, 1.9623390808264083),
    (0.6, 7.5, 0.26250189880429486),
  ])
  func studentTQuantilesMatchReferenceValues(_ p: Double, _ nu: Double, _ expected: Double) {
    #expect(relativeError(StudentT.quantile(p, degreesOfFreedom: nu), expected) < 1e-13)
    #expect(relativeError(StudentT.quantile(1 - p, degreesOfFreedom: nu), -expected) < 1e-13)
  }

  /// Closed forms: ν = 1 is Cauchy, t = tan(π(p − ½)) = 1/tan(π(1 − p)); ν = 2 gives t = (2p − 1)/sqrt(2p(1 − p)).
  ///
  /// Reference: W. T. Shaw, "Sampling Student's T distribution", J. Comput. Finance 9(4), 2006.
  /// Tolerance 1e-13 relative (the closed forms themselves round to a few ulps).
  @Test(arguments: [0.51, 0.6, 0.8, 0.9, 0.975, 0.999, 0.999999])
  func studentTQuantilesMatchClosedFormsForOneAndTwoDegrees(_ p: Double) {
    // Cauchy as 1/tan(π(1 − p)): tan(π(p − ½)) itself loses digits near π/2.
    #expect(relativeError(StudentT.quantile(p, degreesOfFreedom: 1), 1 / tan(Double.pi * (1 - p))) < 1e-13)
    #expect(
      relativeError(StudentT.quantile(p, degreesOfFreedom: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot()) < 1e-13)
  }

  /// Two-sided p-values: Cauchy `1 − (2/π)·atan|t|`, and scipy 1.17.1 `2·t.sf` for ν = 3, 30.
  @Test func twoSidedPValues() {
    for t in [0.1, 1.0, 3.0, 25.0] {
      #expect(relativeError(StudentT.twoSidedPValue(t, degreesOfFreedom: 1), 1 - 2 / Double.pi * atan(t)) < 1e-13)
      #expect(StudentT.twoSidedPValue(-t, degreesOfFreedom: 1) == StudentT.twoSidedPValue(t, degreesOfFreedom: 1))
    }
    #expect(relativeError(StudentT.twoSidedPValue(10, degreesOfFreedom: 3), 0.0021283990584141503) < 1e-13)
    // Far in the tail: the p-value comes from I_x directly, so no cancellation against 1.
    #expect(relativeError(StudentT.twoSidedPValue(40, degreesOfFreedom: 30), 1.3726045194406417e-27) < 1e-12)
    #expect(StudentT.twoSidedPValue(.infinity, degreesOfFreedom: 5) == 0)
    #expect(StudentT.twoSidedPValue(0, degreesOfFreedom: 5) == 1)
    #expect(StudentT.twoSidedPValue(.nan, degreesOfFreedom: 5).isNaN)
  }

  /// Seeded property: the CDF inverts the quantile and quantiles increase with p.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func quantileAndCDFAreInverseAndMonotone(_ seed: UInt64) {
    var rng = TestGenerator(seed: seed)
    let nu = 1 + 60 * rng.unit()
    var ps = (0..<20).map { _ in 1e-6 + (1 - 2e-6) * rng.unit() }
    ps.sort()
    var previous = -Double.infinity
    for p in ps {
      let q = StudentT.quantile(p, degreesOfFreedom: nu)
      #expect(q >= previous, "ν=\(nu) p=\(p)")
      previous = q
      // |ΔF| ≤ a few ulps of min(p, 1 − p) after the round trip.
      let back =
        p < 0.5 ? StudentT.cdf(q, degreesOfFreedom: nu) : StudentT.upperTailProbability(q, degreesOfFreedom: nu)
      #expect(relativeError(back, p < 0.5 ? p : 1 - p) < 1e-12, "ν=\(nu) p=\(p)")
    }
  }

  // MARK: - Least squares

  @Test func exactStraightLineHasZeroResidualAndZeroStandardErrors() throws {
    let x = (0..<10).map(Double.init)
    let fit = try LeastSquares.fit(response: x.map { 3 + 0.5 * $0 }, predictors: [Predictor(name: "x", values: x)])
    #expect(fit.estimates == [3, 0.5])
    // Refinement carries the residual in double-double, so "zero" is below 1e-30, not 0.
    #expect(fit.residualStandardDeviation < 1e-30)
    #expect(fit.standardErrors.allSatisfy { $0 < 1e-30 })
    #expect(fit.rSquared == 1)
    #expect(fit.coefficients.map(\.name) == ["intercept", "x"])
    #expect(fit.coefficients.allSatisfy { $0.pValue < 1e-100 })
  }

  @Test func collinearPredictorIsNamed() {
    let a = [1.0, 2, 3, 4, 5, 6]
    #expect(throws: LeastSquaresError.rankDeficient(column: "week")) {
      try LeastSquares.fit(
        response: [1, 3, 2, 5, 4, 6],
        predictors: [Predictor(name: "month", values: a), Predictor(name: "week", values: a.map { 4.35 * $0 + 1 })])
    }
    #expect(
      LeastSquaresError.rankDeficient(column: "week").description
        == "predictor 'week' is collinear with earlier predictors; remove it or add data")
    // A constant predictor is collinear with the intercept.
    #expect(throws: LeastSquaresError.rankDeficient(column: "flat")) {
      try LeastSquares.fit(response: [1, 3, 2, 5], predictors: [Predictor(name: "flat", values: [2, 2, 2, 2])])
    }
    // A predictor that is all zero, without an intercept.
    #expect(throws: LeastSquaresError.rankDeficient(column: "zero")) {
      try LeastSquares.fit(
        response: [1, 3, 2, 5], predictors: [Predictor(name: "zero", values: [0, 0, 0, 0])], intercept: false)
    }
  }

  @Test func tooFewObservationsAndNonFiniteValuesAreRefused() {
    #expect(throws: LeastSquaresError.tooFewObservations(observations: 3, coefficients: 3)) {
      try LeastSquares.fit(response: [1, 2, 3], predictors: [Predictor(name: "x", values: [1, 2, 3], degree: 2)])
    }
    #expect(
      LeastSquaresError.tooFewObservations(observations: 3, coefficients: 3).description
        == "a model with 3 coefficients needs at least 4 observations (one more than its coefficients, to estimate the residual SD); found 3"
    )
    #expect(throws: LeastSquaresError.nonFiniteValue(variable: "x", observation: 1)) {
      try LeastSquares.fit(response: [1, 2, 3, 4], predictors: [Predictor(name: "x", values: [1, .nan, 3, 4])])
    }
  }

  /// Differential test against a slow, obvious reference: the normal equations solved by
  /// Gauss–Jordan elimination on small, well-conditioned random problems (condition number of
  /// XᵀX below about 1e3, so the reference itself is good to about 1e-13).
  ///
  /// Tolerance 1e-10.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func agreesWithNormalEquationsOnWellConditionedProblems(_ seed: UInt64) throws {
    var rng = TestGenerator(seed: seed)
    let n = 12 + Int(rng.next() % 20)
    let k = 1 + Int(rng.next() % 3)
    let xs = (0..<k).map { _ in (0..<n).map { _ in rng.unit() * 10 - 5 } }
    let y = (0..<n).map { i in 1 + (0..<k).reduce(0.0) { $0 + Double($1 + 1) * xs[$1][i] } + rng.unit() - 0.5 }
    let fit = try LeastSquares.fit(
      response: y, predictors: xs.enumerated().map { Predictor(name: "x\($0.offset)", values: $0.element) })

    // Reference: X = [1, x…], solve (XᵀX)[β | C] = [Xᵀy | I].
    let p = k + 1
    let rows = (0..<n).map { i in [1.0] + (0..<k).map { xs[$0][i] } }
    var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1 + p), count: p)
    for r in 0..<p {
      for c in 0..<p { a[r][c] = (0..<n).reduce(0.0) { $0 + rows[$1][r] * rows[$1][c] } }
      a[r][p] = (0..<n).reduce(0.0) { $0 + rows[$1][r] * y[$1] }
      a[r][p + 1 + r] = 1
    }
    for col in 0..<p {
      let pivot = a[col][col]
      for c in 0..<(2 * p + 1) { a[col][c] /= pivot }
      for r in 0..<p where r != col {
        let f = a[r][col]
        for c in 0..<(2 * p + 1) { a[r][c] -= f * a[col][c] }
      }
    }
    let beta = (0..<p).map { a[$0][p] }
    let rss = (0..<n).reduce(0.0) { s, i in
      let r = y[i] - (0..<p).reduce(0.0) { $0 + rows[i][$1] * beta[$1] }
      return s + r * r
    }
    let s2 = rss / Double(n - p)
    for j in 0..<p {
      #expect(relativeError(fit.estimates[j], beta[j]) < 1e-10)
      #expect(relativeError(fit.standardErrors[j], (s2 * a[j][p + 1 + j]).squareRoot()) < 1e-10)
    }
    // Prediction interval at a new point, ŷ ± t·s·sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀).
    let x0 = (0..<k).map { _ in rng.unit() * 10 - 5 }
    let row0 = [1.0] + x0
    var quadratic = 0.0
    for r in 0..<p { for c in 0..<p { quadratic += row0[r] * a[r][p + 1 + c] * row0[c] } }
    let mean = (0..<p).reduce(0.0) { $0 + row0[$1] * beta[$1] }
    let q = StudentT.quantile(0.975, degreesOfFreedom: Double(n - p))
    let half = q * (s2 * (1 + quadratic)).squareRoot()
    let interval = fit.prediction(at: x0).predictionInterval(level: 0.95)
    #expect(relativeError(interval.low, mean - half) < 1e-10)
    #expect(relativeError(interval.high, mean + half) < 1e-10)
  }

  /// Identity: rescaling and shifting a predictor changes neither the fitted values nor R², and
  /// changes the slope by exactly the scale.
  ///
  /// Tolerance 1e-12 relative: refinement makes both fits accurate to about 1e-15, so this has
  /// room and still catches any mapping error.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func affineChangeOfPredictorLeavesTheFitUnchanged(_ seed: UInt64) throws {
    var rng = TestGenerator(seed: seed)
    let n = 20
    let x = (0..<n).map { _ in rng.unit() * 100 }
    let y = x.map { 5 + 0.3 * $0 - 0.002 * $0 * $0 + rng.unit() }
    let scale = 1 + rng.unit() * 1000
    let shift = 1e6 * rng.unit()
    let a = try LeastSquares.fit(response: y, predictors: [Predictor(name: "x", values: x, degree: 2)])
    let b = try LeastSquares.fit(
      response: y, predictors: [Predictor(name: "x", values: x.map { $0 * scale + shift }, degree: 2)])
    #expect(relativeError(a.rSquared, b.rSquared) < 1e-12)
    #expect(relativeError(a.residualStandardDeviation, b.residualStandardDeviation) < 1e-12)
    for i in 0..<n { #expect(abs(a.residuals[i] - b.residuals[i]) < 1e-10 * a.residualStandardDeviation) }
    #expect(relativeError(b.estimates[2] * scale * scale, a.estimates[2]) < 1e-9)
  }

  @Test func covarianceIsSymmetricWithStandardErrorsOnItsDiagonal() throws {
    let x = (0..<30).map(Double.init)
    var rng = TestGenerator(seed: 7)
    let fit = try LeastSquares.fit(
      response: x.map { 2 + 0.1 * $0 + rng.unit() }, predictors: [Predictor(name: "t", values: x, degree: 3)])
    let p = fit.coefficients.count
    for i in 0..<p {
      #expect(relativeError(fit.covariance(i, i).squareRoot(), fit.standardErrors[i]) < 1e-14)
      for j in 0..<p { #expect(fit.covariance(i, j) == fit.covariance(j, i)) }
    }
  }

  @Test func withoutInterceptRSquaredIsUncentred() throws {
    let x = [1.0, 2, 3, 4, 5]
    let y = [2.1, 3.9, 6.2, 7.8, 10.1]
    let fit = try LeastSquares.fit(response: y, predictors: [Predictor(name: "x", values: x)], intercept: false)
    let b = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 } / x.reduce(0.0) { $0 + $1 * $1 }
    let rss = zip(x, y).reduce(0.0) { $0 + ($1.1 - b * $1.0) * ($1.1 - b * $1.0) }
    #expect(relativeError(fit.estimates[0], b) < 1e-14)
    #expect(relativeError(fit.rSquared, 1 - rss / y.reduce(0.0) { $0 + $1 * $1 }) < 1e-14)
    #expect(relativeError(fit.adjustedRSquared, 1 - (1 - fit.rSquared) * 5 / 4) < 1e-14)
  }

  // MARK: - Trends from a history

  static func companyA() throws -> MonthlyHistory {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scenarios/history/company-a.csv")
    return try MonthlyHistory.parse(csv: Array(Data(contentsOf: url)), file: "company-a.csv")
  }

  @Test func companyAHistoryHasThirtySixMonthsAndTheDerivedSeries() throws {
    let h = try Self.companyA()
    #expect(h.months.count == 36)
    #expect(h.months.first?.description == "2023-07")
    #expect(h.months.last?.description == "2026-06")
    #expect(
      h.series.map(\.name) == [
        "mqlLeads", "mqlCustomers", "mqlRevenue", "marketingRevenue", "totalRevenue", "cycleDays", "closeRate",
        "dealSize", "marketingShare",
      ])
  }

  @Test func responseAmongItsOwnPredictorsIsRefused() throws {
    let error = #expect(throws: HistoryError.self) {
      try HistoryFitting.fitRegression(try Self.companyA(), response: "mqlLeads", predictors: ["mqlLeads"])
    }
    #expect(
      error?.description
        == "company-a.csv: column 'mqlLeads' (2): the response cannot also be a predictor; remove 'mqlLeads' from --x.")
  }

  @Test func seasonalModelHasElevenMonthEffectsAfterTheTrend() throws {
    let fit = try HistoryFitting.fitTrend(
      try Self.companyA(), column: "totalRevenue", model: TrendModel(seasonal: true), horizon: 2)
    #expect(fit.fit.coefficients.map(\.name) == ["intercept", "t"] + YearMonth.monthNames.dropFirst())
    #expect(fit.forecast.map(\.month.description) == ["2026-07", "2026-08"])
    #expect(fit.modelDescription == "linear trend with monthly seasonality")
  }

  @Test func countForecastsAreTruncatedAtZeroAndSaySo() throws {
    // A count falling fast: the linear forecast goes below zero.
    var text = "month,tickets\n"
    for i in 0..<12 {
      text += "\(YearMonth(uncheckedYear: 2025, month: 1).adding(months: i)),\(max(0, 60 - 5 * i + (i % 3)))\n"
    }
    let h = try MonthlyHistory.parse(csv: Array(text.utf8), file: "t.csv")
    let fit = try HistoryFitting.fitTrend(h, column: "tickets", model: .linear, horizon: 6)
    #expect(fit.forecast.allSatisfy { $0.low95 >= 0 && $0.mean >= 0 })
    #expect(fit.forecast.last?.truncated == true)
    #expect(fit.notes == ["tickets cannot be negative: forecast values below 0 were set to 0."])
  }

  @Test func logLinearForecastIsTheExponentialOfTheLogScaleInterval() throws {
    let h = try Self.companyA()
    let fit = try HistoryFitting.fitTrend(h, column: "mqlLeads", model: TrendModel(logLinear: true), horizon: 1)
    let logFit = try LeastSquares.fit(
      response: try #require(h.series(named: "mqlLeads")).values.map { log($0) },
      predictors: [Predictor(name: "t", values: (0..<36).map(Double.init))])
    let interval = logFit.prediction(at: [36]).predictionInterval(level: 0.95)
    #expect(relativeError(fit.forecast[0].low95, exp(interval.low)) < 1e-14)
    #expect(relativeError(fit.forecast[0].high95, exp(interval.high)) < 1e-14)
    #expect(fit.modelDescription == "log-linear growth")
  }

  /// Compile-time check that the public forecast types are `Sendable` (STYLE.md §6).
  @Test func publicForecastTypesAreSendable() {
    func requireSendable<T: Sendable>(_: T.Type) {}
    requireSendable(LinearModelFit.self)
    requireSendable(LinearModelFit.Coefficient.self)
    requireSendable(Prediction.self)
    requireSendable(Predictor.self)
    requireSendable(LeastSquaresError.self)
    requireSendable(MonthlyHistory.self)
    requireSendable(HistoryError.self)
    requireSendable(TrendModel.self)
    requireSendable(SeriesFit.self)
    requireSendable(ForecastPoint.self)
    requireSendable(TrendForecaster.self)
    requireSendable(YearMonth.self)
  }

  /// STYLE.md §1: one LAPACK boundary.
  ///
  /// Only `Forecast/LAPACK.swift` imports CLAPACKE, with `internal import`, so no C type can
  /// reach the public API.
  @Test func onlyLAPACKSwiftImportsCLAPACKE() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
    var importers: [String: String] = [:]
    for case let url as URL in files where url.pathExtension == "swift" {
      let text = try String(contentsOf: url, encoding: .utf8)
      for line in text.split(whereSeparator: \.isNewline) where line.contains("import CLAPACKE") {
        importers[url.lastPathComponent] = line.trimmingCharacters(in: .whitespaces)
      }
    }
    #expect(importers == ["LAPACK.swift": "internal import CLAPACKE"])
  }
}
