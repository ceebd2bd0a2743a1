import RealModule

/// Draws a fitted trend's coefficients and its future values, so forecast uncertainty can flow
/// into a Monte Carlo trial.
///
/// Each trial calls ``draw(coefficients:values:using:)`` (or its two halves): it draws
/// - a residual SD `σ` from its posterior, `σ² = ν·s²/χ²_ν` with `ν = n − p`;
/// - coefficients `β = β̂ + σ·G·z`, `z` standard normal, where `G·Gᵀ = (XᵀX)⁻¹`;
/// - each future month's value `y_h = x_hᵀβ + σ·ε_h`, `ε_h` standard normal.
///
/// Which distribution, and why: this is the posterior predictive of the normal linear model
/// under the reference prior `p(β, σ²) ∝ 1/σ²` (A. Gelman, J. B. Carlin, H. S. Stern,
/// D. B. Dunson, A. Vehtari and D. B. Rubin, "Bayesian Data Analysis", 3rd ed., CRC 2013,
/// §14.2). Marginally the coefficients are *multivariate t* with `ν` degrees of freedom, centre
/// `β̂` and scale `s²(XᵀX)⁻¹`, and each `y_h` is `ŷ_h + s·sqrt(1 + x_hᵀ(XᵀX)⁻¹x_h)·t_ν`: exactly
/// the t prediction interval `slasim fit` prints, so simulated months and printed intervals
/// agree. A multivariate *normal* with `σ = s` fixed would be narrower by the factor
/// `z(0.975)/t(0.975, ν)` at 95%: 3.6% for a linear trend on 36 months (ν = 34), 10% on 14 (ν = 12).
///
/// The square root `G` is `T·R⁻¹` from the fit's QR factorisation (upper triangular; `RᵀR` is
/// the Cholesky factorisation of `ZᵀZ`, so `R⁻¹` is the Cholesky factor of `(ZᵀZ)⁻¹` in
/// upper–lower form). Using it avoids factoring the covariance again, which `dpotrf` could
/// refuse for an ill-conditioned but valid fit.
///
/// Log-linear trends draw `log y` and return `exp`; bounded series (counts, proportions) are
/// clamped to their bounds after the draw, as the printed forecasts are.
///
/// Variates: normals from ``Sample/standardNormal(using:)`` and the chi-square as
/// ``Sample/gamma(shape:scale:using:)`` with shape `ν/2` and scale 2, so the draws use
/// slasim's own stream definition (STYLE.md §9).
///
/// Allocation: none per draw; the caller supplies the buffers and the generator.
public struct TrendForecaster: Sendable, Equatable {
  /// Number of coefficients `p`.
  public let coefficientCount: Int
  /// Number of future values `H` per draw.
  public let horizon: Int
  /// The future months, when built from a history (else empty).
  public let months: [YearMonth]
  /// `β̂`, the fitted coefficients.
  public let estimates: [Double]
  /// `s`, the fit's residual SD.
  public let residualStandardDeviation: Double
  /// `ν = n − p`.
  public let degreesOfFreedom: Int
  /// Whether values are drawn on the log scale and exponentiated.
  public let logScale: Bool
  /// Bounds applied to each drawn value.
  public let lowerBound: Double?
  public let upperBound: Double?

  /// `G`, column-major `p × p`, upper triangular.
  let factor: [Double]
  /// Raw design rows `x_h`, row-major `H × p`.
  let rows: [Double]
  /// `ŷ_h = x_hᵀβ̂`, computed on the scaled design (accurate even where `x_hᵀβ̂` in raw powers cancels).
  let fittedMeans: [Double]

  /// A forecaster from a fit and the predictor values of the future points.
  ///
  /// - Parameters:
  ///   - fit: The least-squares fit.
  ///   - futureValues: For each future point, one value per predictor (as in
  ///     ``LinearModelFit/prediction(at:)``).
  ///   - months: Labels of the future points (optional).
  ///   - logScale: Whether the fit is of `log y`.
  ///   - bounds: The range the values must stay in.
  public init(
    fit: LinearModelFit, futureValues: [[Double]], months: [YearMonth] = [], logScale: Bool = false,
    bounds: (lower: Double?, upper: Double?) = (nil, nil)
  ) {
    let p = fit.coefficients.count
    coefficientCount = p
    horizon = futureValues.count
    self.months = months
    estimates = fit.estimates
    residualStandardDeviation = fit.residualStandardDeviation
    degreesOfFreedom = fit.degreesOfFreedom
    self.logScale = logScale
    lowerBound = bounds.lower
    upperBound = bounds.upper
    factor = fit.unscaledCovarianceFactor()
    var rows: [Double] = []
    rows.reserveCapacity(futureValues.count * p)
    for values in futureValues { rows += fit.design.rawRow(for: values) }
    self.rows = rows
    fittedMeans = futureValues.map { fit.prediction(at: $0).mean }
  }

  /// A forecaster for one series of a history: fits `model` over time and prepares `horizon`
  /// months after the last one.
  ///
  /// - Throws: ``HistoryError`` as ``HistoryFitting/fitTrend(_:column:model:horizon:)``.
  public init(history: MonthlyHistory, column: String, model: TrendModel, horizon: Int) throws(HistoryError) {
    precondition(horizon >= 0, "TrendForecaster: horizon \(horizon) must not be negative")
    let months = try history.requireMonths()
    let last = months[months.count - 1]
    try self.init(
      history: history, column: column, model: model,
      months: stride(from: 1, through: horizon, by: 1).map { last.adding(months: $0) })
  }

  /// A forecaster for one series of a history: fits `model` over time and prepares the given
  /// future months, each after the history's last month (a gap after it is allowed).
  ///
  /// A month `k` months after the last one has `t = n − 1 + k`.
  ///
  /// - Throws: ``HistoryError`` as ``HistoryFitting/fitTrend(_:column:model:horizon:)``.
  public init(
    history: MonthlyHistory, column: String, model: TrendModel, months: [YearMonth]
  ) throws(HistoryError) {
    let seriesFit = try HistoryFitting.fitTrend(history, column: column, model: model, horizon: 0)
    let n = history.months.count
    let last = history.months[n - 1]  // fitTrend required the months
    var values: [[Double]] = []
    for month in months {
      let step = month.ordinal - last.ordinal
      precondition(step >= 1, "TrendForecaster: \(month) is not after the history's last month \(last)")
      var row = [Double(n - 1 + step)]
      if model.seasonal { row += (2...12).map { month.month == $0 ? 1.0 : 0.0 } }
      values.append(row)
    }
    self.init(
      fit: seriesFit.fit, futureValues: values, months: months, logScale: model.logLinear, bounds: seriesFit.bounds)
  }

  /// The point forecast of future point `h` (0-based): the fitted mean, `exp` of it for a
  /// log-linear trend (the median), kept within the series' bounds as `slasim fit` prints it.
  public func pointForecast(_ h: Int) -> Double {
    precondition(h >= 0 && h < horizon, "pointForecast: point \(h) is outside 0..<\(horizon)")
    var y = fittedMeans[h]
    if logScale { y = Double.exp(y) }
    if let lower = lowerBound, y < lower { y = lower }
    if let upper = upperBound, y > upper { y = upper }
    return y
  }

  /// The point forecast of future point `h` before the series' bounds are applied: how far a
  /// trend has run past them (a calibration refuses such a trend rather than clamp it).
  public func unboundedPointForecast(_ h: Int) -> Double {
    precondition(h >= 0 && h < horizon, "unboundedPointForecast: point \(h) is outside 0..<\(horizon)")
    return logScale ? Double.exp(fittedMeans[h]) : fittedMeans[h]
  }

  /// The `p`-quantile of horizon month `h`'s drawn value (before any scale), exactly.
  ///
  /// A draw is `ŷ_h + σ (x_hᵀ G z + ε)` with `z`, `ε` standard normal and `σ = s √(ν/χ²_ν)`, so
  /// `y_h − ŷ_h = s √(1 + ‖Gᵀx_h‖²) · t_ν`: a scaled Student t (the classical prediction
  /// interval), then `exp` on the log scale and the bounds, both monotone, so quantiles map through.
  public func predictiveQuantile(_ p: Double, month h: Int) -> Double {
    let t = StudentT.quantile(p, degreesOfFreedom: Double(degreesOfFreedom))
    return transformed(fittedMeans[h] + predictiveScale(month: h) * t)
  }

  /// `s·sqrt(1 + x_hᵀ(XᵀX)⁻¹x_h)`: the scale of month `h`'s predictive t distribution on the
  /// model's (linear or log) scale, so `(y_h − ŷ_h) / scale` is `t_ν`.
  public func predictiveScale(month h: Int) -> Double {
    precondition(h >= 0 && h < horizon, "predictiveScale: month \(h) is outside 0..<\(horizon)")
    let k = coefficientCount
    var spread = 1.0
    for j in 0..<k {
      var g = 0.0
      for i in 0...j { g += factor[i + j * k] * rows[h * k + i] }
      spread += g * g
    }
    return residualStandardDeviation * spread.squareRoot()
  }

  /// `ŷ_h`, the point forecast of month `h` on the model's scale (before `exp` and bounds).
  func fittedMean(month h: Int) -> Double { fittedMeans[h] }

  /// A value on the model's scale as a trial returns it: exponentiated for a log-linear
  /// trend, then kept within the series' bounds.
  @inline(__always)
  func transformed(_ linear: Double) -> Double {
    var y = logScale ? Double.exp(linear) : linear
    if let lowerBound, y < lowerBound { y = lowerBound }
    if let upperBound, y > upperBound { y = upperBound }
    return y
  }

  /// Draws `σ` and a coefficient vector into `coefficients` (`p` values, model order).
  ///
  /// - Returns: The drawn residual SD `σ`, to pass to ``drawValues(coefficients:residualStandardDeviation:into:using:)``.
  @discardableResult
  public func drawCoefficients<G: RandomNumberGenerator>(
    into coefficients: UnsafeMutableBufferPointer<Double>, using rng: inout G
  ) -> Double {
    precondition(
      coefficients.count == coefficientCount,
      "drawCoefficients: buffer has \(coefficients.count) slots for \(coefficientCount) coefficients")
    let nu = Double(degreesOfFreedom)
    // χ²_ν = Gamma(ν/2, scale 2).
    let chiSquare = Sample.gamma(shape: nu / 2, scale: 2, using: &rng)
    let sigma = residualStandardDeviation * (nu / chiSquare).squareRoot()
    let p = coefficientCount
    for j in 0..<p { coefficients[j] = Sample.standardNormal(using: &rng) }
    // β_i = β̂_i + σ Σ_{j ≥ i} G_ij z_j; ascending i reads z_j (j ≥ i) before overwriting it.
    factor.withUnsafeBufferPointer { g in
      for i in 0..<p {
        var sum = 0.0
        for j in i..<p { sum += g[i + j * p] * coefficients[j] }
        coefficients[i] = estimates[i] + sigma * sum
      }
    }
    return sigma
  }

  /// Draws each future month's value given `coefficients` and `σ`, into `values` (`horizon` values).
  ///
  /// `modelScale` leaves them on the model's scale, before ``transformed(_:)`` (the copula of
  /// correlated inputs reads each month's predictive t score there).
  public func drawValues<G: RandomNumberGenerator>(
    coefficients: UnsafeBufferPointer<Double>, residualStandardDeviation sigma: Double,
    into values: UnsafeMutableBufferPointer<Double>, modelScale: Bool = false, using rng: inout G
  ) {
    precondition(
      coefficients.count == coefficientCount, "drawValues: \(coefficients.count) coefficients for \(coefficientCount)")
    precondition(values.count == horizon, "drawValues: buffer has \(values.count) slots for horizon \(horizon)")
    let p = coefficientCount
    rows.withUnsafeBufferPointer { x in
      for h in 0..<horizon {
        // x_hᵀβ = ŷ_h + x_hᵀ(β − β̂): the accurate fitted mean plus the small deviation.
        var deviation = 0.0
        for j in 0..<p { deviation += x[h * p + j] * (coefficients[j] - estimates[j]) }
        let y = fittedMeans[h] + deviation + sigma * Sample.standardNormal(using: &rng)
        values[h] = modelScale ? y : transformed(y)
      }
    }
  }

  /// One trial's draw: coefficients into `coefficients` (`p` values) and the future values into
  /// `values` (`horizon` values).
  ///
  /// - Returns: The drawn residual SD `σ`.
  @discardableResult
  public func draw<G: RandomNumberGenerator>(
    coefficients: UnsafeMutableBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
    modelScale: Bool = false, using rng: inout G
  ) -> Double {
    let sigma = drawCoefficients(into: coefficients, using: &rng)
    drawValues(
      coefficients: UnsafeBufferPointer(coefficients), residualStandardDeviation: sigma, into: values,
      modelScale: modelScale, using: &rng)
    return sigma
  }
}
