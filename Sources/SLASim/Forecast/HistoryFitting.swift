import RealModule

/// How a history series is modelled over time.
///
/// The time variable is `t`, months since the first month of the history (the first row has
/// `t = 0`). Coefficients come intercept first, then `t, t², …`, then the seasonal effects
/// `Feb` … `Dec` (each the difference from January, the reference month).
public struct TrendModel: Sendable, Equatable, CustomStringConvertible {
  /// Degree of the polynomial in `t`: 1 is a straight line.
  public var degree: Int
  /// Fit `log(y)` instead of `y` (exponential growth); the series must be positive.
  public var logLinear: Bool
  /// Add a monthly effect for each calendar month (needs at least 24 months).
  public var seasonal: Bool
  /// Whether the model has a constant term.
  public var intercept: Bool

  public init(degree: Int = 1, logLinear: Bool = false, seasonal: Bool = false, intercept: Bool = true) {
    self.degree = degree
    self.logLinear = logLinear
    self.seasonal = seasonal
    self.intercept = intercept
  }

  /// The straight-line trend, `slasim fit`'s default.
  public static let linear = TrendModel()

  /// Months a seasonal model needs: each calendar month seen at least twice.
  public static let minimumSeasonalMonths = 24

  /// Coefficient count: intercept, `degree` powers of `t`, 11 seasonal effects.
  public var coefficientCount: Int {
    (intercept ? 1 : 0) + degree + (seasonal ? 11 : 0)
  }

  /// The model's name, such as `linear trend`, `quadratic trend with monthly seasonality` or `log-linear growth`.
  public var description: String {
    var text: String
    switch (logLinear, degree) {
    case (false, 1): text = "linear trend"
    case (false, 2): text = "quadratic trend"
    case (false, 3): text = "cubic trend"
    case (false, let k): text = "polynomial trend of degree \(k)"
    case (true, 1): text = "log-linear growth"
    case (true, let k): text = "log-polynomial growth of degree \(k)"
    }
    if seasonal { text += " with monthly seasonality" }
    if !intercept { text += ", no intercept" }
    return text
  }
}

/// One forecast month: the point forecast and its 80% and 95% prediction intervals.
public struct ForecastPoint: Sendable, Equatable {
  public var month: YearMonth
  /// The point forecast: the fitted mean for linear models, `exp` of the fitted log for
  /// log-linear models (the median of the prediction distribution).
  public var mean: Double
  public var low80: Double
  public var high80: Double
  public var low95: Double
  public var high95: Double
  /// Whether any of the numbers was raised to the series' lower bound (0 for counts) or lowered
  /// to its upper bound (1 for rates).
  public var truncated: Bool
}

/// A fitted series: the regression, its forecast, and remarks.
public struct SeriesFit: Sendable {
  /// The response column.
  public var column: String
  /// 1-based file column of the response, `nil` when derived.
  public var columnNumber: Int?
  /// What was fitted, such as `linear trend` or `regression on leads, spend`.
  public var modelDescription: String
  /// The least-squares fit (on `log(y)` for a log-linear model).
  public var fit: LinearModelFit
  /// The forecast months, empty unless a horizon was asked for.
  public var forecast: [ForecastPoint]
  /// The range the series cannot leave (`0...` for counts and amounts, `0...1` for rates),
  /// applied to the forecast; `nil` for unbounded series.
  public var bounds: (lower: Double?, upper: Double?)
  /// Remarks such as a truncation.
  public var notes: [String]
}

/// Fits trends and regressions to a ``MonthlyHistory`` and forecasts them.
public enum HistoryFitting {
  /// Series that cannot be negative (DOMAIN.md's columns and the derived series), and those that
  /// are shares (at most 1).
  ///
  /// Any other column whose values are all non-negative whole numbers is treated as a count.
  public static let nonNegativeSeries: Set<String> = [
    "mqlLeads", "mqlCustomers", "mqlRevenue", "marketingRevenue", "totalRevenue", "cycleDays", "dealSize",
    "closeRate", "marketingShare",
  ]
  /// Series that are proportions, in [0, 1].
  public static let proportionSeries: Set<String> = ["closeRate", "marketingShare"]

  /// The bounds a forecast of `series` must respect.
  public static func bounds(of series: MonthlyHistory.Series) -> (lower: Double?, upper: Double?) {
    if proportionSeries.contains(series.name) { return (0, 1) }
    if nonNegativeSeries.contains(series.name) { return (0, nil) }
    if series.values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) { return (0, nil) }
    return (nil, nil)
  }

  /// Fits `model` to the series `column` over time and forecasts `horizon` months ahead.
  ///
  /// - Parameters:
  ///   - history: The parsed history.
  ///   - column: A numeric or derived series.
  ///   - model: Trend degree, log-linear, seasonal, intercept.
  ///   - horizon: Months to forecast after the last month (0 for none).
  /// - Returns: The fit and, when `horizon > 0`, its forecast.
  /// - Throws: ``HistoryError`` for an unknown column, too few months, a seasonal model on fewer
  ///   than 24 months, a non-positive value under a log-linear model, or a failed fit.
  public static func fitTrend(
    _ history: MonthlyHistory, column: String, model: TrendModel, horizon: Int = 0
  ) throws(HistoryError) -> SeriesFit {
    precondition(model.degree >= 1, "fitTrend: degree \(model.degree) must be at least 1")
    precondition(horizon >= 0, "fitTrend: horizon \(horizon) must not be negative")
    let months = try history.requireMonths()
    let series = try history.requireSeries(named: column)
    let n = months.count
    func error(line: Int? = nil, _ problem: String) -> HistoryError {
      HistoryError(
        file: history.file, line: line, column: series.name, columnNumber: series.columnNumber, problem: problem)
    }
    if model.seasonal && n < TrendModel.minimumSeasonalMonths {
      throw HistoryError(
        file: history.file,
        problem:
          "a seasonal model needs at least \(TrendModel.minimumSeasonalMonths) months of history, so that "
          + "every calendar month appears at least twice; found \(n) (\(months[0]) to "
          + "\(months[n - 1])). Fit without seasonality or add history.")
    }
    let p = model.coefficientCount
    guard n >= p + 1 else {
      throw error(
        "a \(model) has \(p) coefficient\(p == 1 ? "" : "s") and needs at least \(p + 1) months "
          + "(one more than its coefficients, to estimate the residual SD); found \(n).")
    }
    let y = try response(series, logLinear: model.logLinear, history: history)
    var predictors = [Predictor(name: "t", values: (0..<n).map(Double.init), degree: model.degree)]
    if model.seasonal { predictors += seasonalPredictors(months) }
    let fit: LinearModelFit
    do {
      fit = try LeastSquares.fit(
        response: y, responseName: series.name, predictors: predictors, intercept: model.intercept)
    } catch {
      throw HistoryError(
        file: history.file, column: series.name, columnNumber: series.columnNumber, problem: error.description + ".")
    }
    let bounds = model.logLinear ? (lower: nil, upper: nil) : self.bounds(of: series)
    var forecast: [ForecastPoint] = []
    let last = months[n - 1]
    for h in stride(from: 1, through: horizon, by: 1) {
      let month = last.adding(months: h)
      var values = [Double(n - 1 + h)]
      if model.seasonal { values += (2...12).map { month.month == $0 ? 1.0 : 0.0 } }
      forecast.append(point(fit.prediction(at: values), month: month, logLinear: model.logLinear, bounds: bounds))
    }
    var notes: [String] = []
    if forecast.contains(where: \.truncated) {
      notes.append(truncationNote(series.name, bounds))
    }
    return SeriesFit(
      column: series.name, columnNumber: series.columnNumber, modelDescription: model.description, fit: fit,
      forecast: forecast, bounds: bounds, notes: notes)
  }

  /// Regresses the series `response` on the series `predictors` (each as itself, or as powers up
  /// to `degree` when there is exactly one), optionally with seasonal effects.
  ///
  /// No forecast: future values of the predictors are unknown.
  public static func fitRegression(
    _ history: MonthlyHistory, response: String, predictors names: [String], degree: Int = 1,
    logLinear: Bool = false, seasonal: Bool = false, intercept: Bool = true
  ) throws(HistoryError) -> SeriesFit {
    precondition(!names.isEmpty, "fitRegression: no predictors")
    precondition(
      degree >= 1 && (degree == 1 || names.count == 1), "fitRegression: degree \(degree) with \(names.count) predictors"
    )
    // Every bad cell of the response and the predictors at once; other columns do not matter.
    let used = try history.requireSeries(named: [response] + names)
    let series = used[0]
    let n = history.rowCount
    var predictors: [Predictor] = []
    for x in used.dropFirst() {
      // A response among its own predictors fits exactly and says nothing.
      guard x.name != series.name else {
        throw HistoryError(
          file: history.file, column: series.name, columnNumber: series.columnNumber,
          problem: "the response cannot also be a predictor; remove '\(x.name)' from --x.")
      }
      predictors.append(Predictor(name: x.name, values: x.values, degree: degree))
    }
    if seasonal {
      let months = try history.requireMonths()
      if n < TrendModel.minimumSeasonalMonths {
        throw HistoryError(
          file: history.file,
          problem:
            "a seasonal model needs at least \(TrendModel.minimumSeasonalMonths) months of history, so that "
            + "every calendar month appears at least twice; found \(n) (\(months[0]) to "
            + "\(months[n - 1])). Fit without seasonality or add history.")
      }
      predictors += seasonalPredictors(months)
    }
    let p = (intercept ? 1 : 0) + predictors.reduce(0) { $0 + $1.degree }
    guard n >= p + 1 else {
      throw HistoryError(
        file: history.file, column: series.name, columnNumber: series.columnNumber,
        problem:
          "a regression with \(p) coefficients needs at least \(p + 1) months (one more than its "
          + "coefficients, to estimate the residual SD); found \(n).")
    }
    let y = try self.response(series, logLinear: logLinear, history: history)
    let fit: LinearModelFit
    do {
      fit = try LeastSquares.fit(response: y, responseName: series.name, predictors: predictors, intercept: intercept)
    } catch {
      throw HistoryError(
        file: history.file, column: series.name, columnNumber: series.columnNumber, problem: error.description + ".")
    }
    var description = (logLinear ? "log-linear regression on " : "regression on ") + names.joined(separator: ", ")
    if degree > 1 { description += " (degree \(degree))" }
    if seasonal { description += " with monthly seasonality" }
    if !intercept { description += ", no intercept" }
    return SeriesFit(
      column: series.name, columnNumber: series.columnNumber, modelDescription: description, fit: fit, forecast: [],
      bounds: (nil, nil), notes: [])
  }

  /// Indicator predictors `Feb` … `Dec` (January is the reference month).
  static func seasonalPredictors(_ months: [YearMonth]) -> [Predictor] {
    (2...12).map { m in
      Predictor(name: YearMonth.monthNames[m - 1], values: months.map { $0.month == m ? 1 : 0 })
    }
  }

  /// The series' values, or their logarithms for a log-linear model (all must be positive).
  static func response(_ series: MonthlyHistory.Series, logLinear: Bool, history: MonthlyHistory) throws(HistoryError)
    -> [Double]
  {
    guard logLinear else { return series.values }
    if let i = series.values.firstIndex(where: { !($0 > 0) }) {
      throw HistoryError(
        file: history.file, line: history.lines[i], column: series.name, columnNumber: series.columnNumber,
        problem:
          "a log-linear model needs positive values; found \(formatted(series.values[i])) in "
          + "\(history.months.isEmpty ? "row \(i + 1)" : history.months[i].description). "
          + "Use a linear trend for this series.")
    }
    return series.values.map { Double.log($0) }
  }

  /// A forecast point from a prediction, back-transformed and clamped to `bounds`.
  static func point(
    _ prediction: Prediction, month: YearMonth, logLinear: Bool, bounds: (lower: Double?, upper: Double?)
  ) -> ForecastPoint {
    let i80 = prediction.predictionInterval(level: 0.8)
    let i95 = prediction.predictionInterval(level: 0.95)
    var values = [prediction.mean, i80.low, i80.high, i95.low, i95.high]
    if logLinear { values = values.map { Double.exp($0) } }
    var truncated = false
    for k in values.indices {
      if let lower = bounds.lower, values[k] < lower {
        values[k] = lower
        truncated = true
      }
      if let upper = bounds.upper, values[k] > upper {
        values[k] = upper
        truncated = true
      }
    }
    return ForecastPoint(
      month: month, mean: values[0], low80: values[1], high80: values[2], low95: values[3], high95: values[4],
      truncated: truncated)
  }

  static func truncationNote(_ name: String, _ bounds: (lower: Double?, upper: Double?)) -> String {
    switch (bounds.lower, bounds.upper) {
    case (.some, .some):
      return "\(name) is a proportion: forecast values outside [0, 1] were set to the nearest bound."
    default:
      return "\(name) cannot be negative: forecast values below 0 were set to 0."
    }
  }

  /// A number for a message: whole numbers without a decimal point.
  static func formatted(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
  }
}
