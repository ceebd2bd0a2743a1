/// A value that follows a trend fitted to a monthly history: `{"trend": {…}}` in a scenario.
///
/// The history is read and fitted when the scenario is loaded; the spec holds the fitted
/// model, ready to draw (``TrendForecaster``), not a path to read later. Each trial draws
/// the trend's coefficients and residual SD once, then each horizon month's value from the
/// prediction distribution given them (docs/model.md, "Trends"), so the forecast's uncertainty
/// flows into the probabilities.
///
/// The drawn value is multiplied by ``scale`` and then kept in the field's range: at least 0,
/// at most 1 for rates, and at most ``cap`` otherwise (a guard against the rare extreme draws
/// of the heavy-tailed prediction distribution of a short history).
public struct TrendSpec: Sendable, Equatable {
  /// The range of the field a trend drives.
  public enum Bounds: Sendable, Equatable {
    /// A count, volume, size or duration: at least 0.
    case nonNegative
    /// A rate or share: in [0, 1].
    case unitInterval
  }

  /// How many times the history's largest value a drawn value may reach (before ``scale``).
  public static let capFactor = 100.0

  /// The history file as written in the scenario (relative to the scenario's folder).
  public var history: String
  /// The path it was read from: the scenario's folder joined with ``history``.
  public var resolvedHistory: String
  /// The fitted series: a column of the history or a derived series such as `closeRate`.
  public var column: String
  /// Degree, log-linear, seasonal, intercept: the options of `slasim fit`.
  public var model: TrendModel
  /// Multiplies every drawn value (for example a lead source's share of the history's leads).
  public var scale: Double
  /// The field's range.
  public var bounds: Bounds
  /// The field's largest value (``ValueSpec``'s maximum); draws are clamped to it too.
  public var maximum: Double = .infinity
  /// The history's last month; the horizon starts after it.
  public var lastHistoryMonth: YearMonth
  /// The largest absolute value in the history's series.
  public var historyMaximum: Double
  /// Draws the horizon's months: `forecaster.months` are the scenario's months, in order.
  public var forecaster: TrendForecaster

  /// Fits `model` to `column` of `history` and prepares the months of `horizon`.
  ///
  /// - Parameters:
  ///   - history: The parsed history.
  ///   - path: The history's path as written in the scenario.
  ///   - resolvedPath: The path it was read from (default: `path`).
  ///   - column: A numeric column or derived series of the history.
  ///   - model: The trend model.
  ///   - scale: A positive multiplier of every drawn value.
  ///   - bounds: The range of the field the trend drives.
  ///   - horizon: The scenario's horizon; it must start after the history's last month.
  /// - Throws: ``HistoryError`` when the horizon starts before the history ends (see
  ///   ``horizonProblem(_:horizon:)``), for an unknown column, or when the model cannot be
  ///   fitted (as ``HistoryFitting/fitTrend(_:column:model:horizon:)``).
  public init(
    history: MonthlyHistory, path: String, resolvedPath: String? = nil, column: String, model: TrendModel = .linear,
    scale: Double = 1, bounds: Bounds, horizon: Horizon
  ) throws(HistoryError) {
    precondition(scale > 0 && scale.isFinite, "TrendSpec: scale \(scale) must be positive and finite")
    if let problem = TrendSpec.horizonProblem(history, horizon: horizon) { throw problem }
    let series = try history.requireSeries(named: column)
    let first = YearMonth(uncheckedYear: horizon.start.year, month: horizon.start.month)
    forecaster = try TrendForecaster(
      history: history, column: column, model: model, months: (0..<horizon.months).map { first.adding(months: $0) })
    self.history = path
    resolvedHistory = resolvedPath ?? path
    self.column = column
    self.model = model
    self.scale = scale
    self.bounds = bounds
    lastHistoryMonth = history.months[history.months.count - 1]
    historyMaximum = series.values.reduce(0) { Swift.max($0, abs($1)) }
  }

  /// The problem when the history has no usable months (see ``MonthlyHistory/requireMonths()``)
  /// or `horizon` does not start after its last month, else `nil`.
  ///
  /// `company-a.csv: the history ends in 2026-06, after the horizon starts (2026-05-01); a trend
  /// forecasts the months after its history, so the horizon must start in 2026-07 or later.`
  public static func horizonProblem(_ history: MonthlyHistory, horizon: Horizon) -> HistoryError? {
    let months: [YearMonth]
    do {
      months = try history.requireMonths()
    } catch {
      return error
    }
    let last = months[months.count - 1]
    let start = YearMonth(uncheckedYear: horizon.start.year, month: horizon.start.month)
    guard start <= last else { return nil }
    return HistoryError(
      file: history.file,
      problem:
        "the history ends in \(last), after the horizon starts (\(horizon.start)); a trend forecasts the months "
        + "after its history, so the horizon must start in \(last.adding(months: 1)) or later.")
  }

  /// The largest value a draw may take, after ``scale``: 1 for rates, else
  /// ``capFactor`` × ``historyMaximum`` × ``scale``, and at most ``maximum``.
  public var cap: Double {
    bounds == .unitInterval ? 1 : Swift.min(TrendSpec.capFactor * historyMaximum * scale, maximum)
  }

  /// `x` (a scaled draw) kept in the field's range; `NaN` becomes 0.
  @inline(__always)
  static func clamp(_ x: Double, cap: Double) -> Double {
    if !(x >= 0) { return 0 }
    return x > cap ? cap : x
  }

  /// The point forecast of horizon month `index` (0-based), scaled and kept in range.
  ///
  /// The deterministic plan and the warnings use it for the trend's "mean". For a log-linear
  /// trend it is the median (the prediction distribution's mean may not exist).
  public func pointForecast(month index: Int) -> Double {
    TrendSpec.clamp(scale * forecaster.pointForecast(index), cap: cap)
  }

  /// The `p`-quantile of horizon month `index`'s value, scaled and kept in range, as a trial
  /// draws it (``TrendForecaster/predictiveQuantile(_:month:)``).
  public func quantile(_ p: Double, month index: Int) -> Double {
    TrendSpec.clamp(scale * forecaster.predictiveQuantile(p, month: index), cap: cap)
  }

  /// The point forecast in force on `date`: that of its month, the first or last horizon month
  /// outside the horizon.
  public func mean(on date: CivilDate) -> Double {
    guard let first = forecaster.months.first else { return 0 }
    let month = YearMonth(uncheckedYear: date.year, month: date.month)
    let index = Swift.min(Swift.max(month.ordinal - first.ordinal, 0), forecaster.horizon - 1)
    return pointForecast(month: index)
  }

  /// The largest point forecast over the horizon.
  public var largestPointForecast: Double {
    (0..<forecaster.horizon).map { pointForecast(month: $0) }.max() ?? 0
  }
}
