import Foundation
import Testing

@testable import SLASim

/// Draws of trend coefficients and future values (``TrendForecaster``), checked at fixed seeds
/// against the analytic distributions within 4 standard errors of the Monte Carlo estimate
/// (STYLE.md §6).
///
/// With a fixed seed each check gives the same result every run; 4σ makes a correct
/// implementation fail for fewer than 1 in 15,000 seeds.
@Suite struct TrendForecasterTests {
  static let draws = 20_000

  static func forecaster(_ column: String, _ model: TrendModel = .linear, horizon: Int = 6) throws -> TrendForecaster {
    try TrendForecaster(history: try FitTests.companyA(), column: column, model: model, horizon: horizon)
  }

  /// Runs `draws` trials; returns coefficients (row-major draws × p) and values (draws × H).
  static func sample(_ f: TrendForecaster, seed: UInt64, draws: Int = draws) -> (
    coefficients: [Double], values: [Double]
  ) {
    var rng = TestGenerator(seed: seed)
    var coefficients = [Double](repeating: 0, count: draws * f.coefficientCount)
    var values = [Double](repeating: 0, count: draws * f.horizon)
    coefficients.withUnsafeMutableBufferPointer { c in
      values.withUnsafeMutableBufferPointer { v in
        for d in 0..<draws {
          let cSlice = UnsafeMutableBufferPointer(
            rebasing: c[(d * f.coefficientCount)..<((d + 1) * f.coefficientCount)])
          let vSlice = UnsafeMutableBufferPointer(rebasing: v[(d * f.horizon)..<((d + 1) * f.horizon)])
          f.draw(coefficients: cSlice, values: vSlice, using: &rng)
        }
      }
    }
    return (coefficients, values)
  }

  @Test func sameSeedGivesTheSameBits() throws {
    let f = try Self.forecaster("mqlLeads")
    let a = Self.sample(f, seed: 42, draws: 100)
    let b = Self.sample(f, seed: 42, draws: 100)
    let c = Self.sample(f, seed: 43, draws: 100)
    #expect(a.coefficients.map(\.bitPattern) == b.coefficients.map(\.bitPattern))
    #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
    #expect(a.values != c.values)
    #expect(f.months.map(\.description) == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"])
  }

  /// The drawn values follow the t prediction distribution, so the share inside the printed 80%
  /// and 95% intervals is 0.80 and 0.95 within 4·sqrt(q(1 − q)/n).
  @Test(arguments: [("mqlLeads", false), ("totalRevenue", true)])
  func drawnValuesHaveThePredictionIntervalsCoverage(_ column: String, _ seasonal: Bool) throws {
    let model = TrendModel(seasonal: seasonal)
    let f = try Self.forecaster(column, model)
    let printed = try HistoryFitting.fitTrend(try FitTests.companyA(), column: column, model: model, horizon: f.horizon)
    let (_, values) = Self.sample(f, seed: 2026)
    let n = Double(Self.draws)
    for h in [0, f.horizon - 1] {
      let point = printed.forecast[h]
      let column = (0..<Self.draws).map { values[$0 * f.horizon + h] }
      let in95 = Double(column.filter { $0 >= point.low95 && $0 <= point.high95 }.count) / n
      let in80 = Double(column.filter { $0 >= point.low80 && $0 <= point.high80 }.count) / n
      #expect(abs(in95 - 0.95) < 4 * (0.95 * 0.05 / n).squareRoot(), "\(point.month): 95% coverage \(in95)")
      #expect(abs(in80 - 0.80) < 4 * (0.80 * 0.20 / n).squareRoot(), "\(point.month): 80% coverage \(in80)")
    }
  }

  /// Coefficients are multivariate t(ν) with centre β̂ and scale Cov: mean β̂ (within
  /// 4·sd/√n) and variance Cov_jj·ν/(ν − 2).
  ///
  /// The relative standard error of a sample variance is sqrt((κ − 1)/n) with excess
  /// kurtosis 6/(ν − 4) for t(ν): about 1.05% here, so 4.2%.
  @Test func drawnCoefficientsHaveTheMultivariateTMoments() throws {
    let history = try FitTests.companyA()
    let fit = try HistoryFitting.fitTrend(history, column: "cycleDays", model: TrendModel(degree: 2)).fit
    let f = try Self.forecaster("cycleDays", TrendModel(degree: 2))
    let (coefficients, _) = Self.sample(f, seed: 7)
    let p = f.coefficientCount
    let n = Double(Self.draws)
    let nu = Double(fit.degreesOfFreedom)
    let varianceFactor = nu / (nu - 2)
    let kurtosis = 3 + 6 / (nu - 4)
    for j in 0..<p {
      let xs = (0..<Self.draws).map { coefficients[$0 * p + j] }
      let mean = xs.reduce(0, +) / n
      let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
      let expectedVariance = fit.covariance(j, j) * varianceFactor
      #expect(abs(mean - fit.estimates[j]) < 4 * (expectedVariance / n).squareRoot(), "coefficient \(j) mean")
      #expect(abs(variance / expectedVariance - 1) < 4 * ((kurtosis - 1) / n).squareRoot(), "coefficient \(j) variance")
    }
    // The correlation of intercept and slope matches the fit's (same scale on both).
    let x0 = (0..<Self.draws).map { coefficients[$0 * p] }
    let x1 = (0..<Self.draws).map { coefficients[$0 * p + 1] }
    let m0 = x0.reduce(0, +) / n
    let m1 = x1.reduce(0, +) / n
    let c01 = zip(x0, x1).reduce(0) { $0 + ($1.0 - m0) * ($1.1 - m1) } / (n - 1)
    let v0 = x0.reduce(0) { $0 + ($1 - m0) * ($1 - m0) } / (n - 1)
    let v1 = x1.reduce(0) { $0 + ($1 - m1) * ($1 - m1) } / (n - 1)
    let expected = fit.covariance(0, 1) / (fit.covariance(0, 0) * fit.covariance(1, 1)).squareRoot()
    // Standard error of a sample correlation ≈ (1 − ρ²)/√n.
    #expect(abs(c01 / (v0 * v1).squareRoot() - expected) < 4 * (1 - expected * expected) / n.squareRoot())
  }

  @Test func logLinearDrawsArePositiveWithMedianAtTheForecast() throws {
    let model = TrendModel(logLinear: true)
    let f = try Self.forecaster("mqlCustomers", model, horizon: 3)
    let printed = try HistoryFitting.fitTrend(try FitTests.companyA(), column: "mqlCustomers", model: model, horizon: 3)
    let (_, values) = Self.sample(f, seed: 11)
    #expect(values.allSatisfy { $0 > 0 })
    let n = Double(Self.draws)
    let below = Double((0..<Self.draws).filter { values[$0 * 3 + 2] < printed.forecast[2].mean }.count) / n
    #expect(abs(below - 0.5) < 4 * (0.25 / n).squareRoot())
  }

  @Test func countDrawsNeverGoNegative() throws {
    var text = "month,tickets\n"
    for i in 0..<12 {
      text += "\(YearMonth(uncheckedYear: 2025, month: 1).adding(months: i)),\(max(0, 60 - 5 * i + (i % 3)))\n"
    }
    let h = try MonthlyHistory.parse(csv: Array(text.utf8), file: "t.csv")
    let f = try TrendForecaster(history: h, column: "tickets", model: .linear, horizon: 6)
    #expect(f.lowerBound == 0)
    let (_, values) = Self.sample(f, seed: 3, draws: 2_000)
    #expect(values.allSatisfy { $0 >= 0 })
    #expect(values.contains(0))
  }
}
