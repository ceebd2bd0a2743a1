import RealModule

/// `fit --html`: per series, the history, the fitted trend and the forecast with its 80% and
/// 95% prediction bands.
extension FitReport {
  public func html() throws -> String {
    let months = history.months
    var sections: [HTMLPage.Section] = []
    for (k, fit) in fits.enumerated() {
      guard let series = history.series(named: fit.column) else { continue }
      let values = series.values
      let n = values.count
      let horizon = fit.forecast.count
      let isLog = fit.modelDescription.hasPrefix("log")
      // The fitted values are the data less the residuals (on the log scale for a log-linear
      // model), when the fit used every month of the series.
      let residuals = fit.fit.residuals
      let fitted: [Double]? =
        residuals.count == n && !months.isEmpty
        ? zip(values, residuals).map { y, r in isLog ? (y > 0 ? Double.exp(Double.log(y) - r) : .nan) : y - r } : nil
      var chart = SVGChart(
        title: "\(fit.column): \(fit.modelDescription)",
        description: "The monthly history of \(fit.column) (points), the fitted trend (line) and, for the \(horizon) forecast months, the mean with its 80% and 95% prediction bands.")
      let all = values + (fitted ?? []).filter(\.isFinite) + fit.forecast.flatMap { [$0.low95, $0.high95] }
      let low = Swift.min(0, all.min() ?? 0)
      let high = LinearScale.niceUpper((all.max() ?? 1) * 1.05)
      let x = chart.xScale(-0.5...Double(n + horizon) - 0.5)
      let y = chart.yScale(low...Swift.max(high, low + 1))
      chart.yAxis(y, ticks: LinearScale.niceTicks(low...Swift.max(high, low + 1), count: 5).map { ($0, Format.auto($0)) }, label: fit.column)
      let labels = months.map(\.description) + fit.forecast.map(\.month.description)
      let step = Swift.max(1, labels.count / 8)
      chart.xAxis(x, ticks: stride(from: 0, to: labels.count, by: step).map { (Double($0), labels[$0]) }, label: months.isEmpty ? "row" : "month")
      if horizon > 0 {
        let upper95 = fit.forecast.enumerated().map { (x(Double(n + $0)), y($1.high95)) }
        let lower95 = fit.forecast.enumerated().map { (x(Double(n + $0)), y($1.low95)) }
        chart.band(upper: upper95, lower: lower95, colour: .sky, tip: "95% prediction band")
        let upper80 = fit.forecast.enumerated().map { (x(Double(n + $0)), y($1.high80)) }
        let lower80 = fit.forecast.enumerated().map { (x(Double(n + $0)), y($1.low80)) }
        chart.band(upper: upper80, lower: lower80, colour: .blue, tip: "80% prediction band")
        chart.polyline(fit.forecast.enumerated().map { (x(Double(n + $0)), y($1.mean)) }, colour: .blue, dashed: true, tip: "forecast mean")
        chart.legend("forecast, 80% and 95%", colour: .blue, dashed: true)
      }
      if let fitted {
        chart.polyline(fitted.enumerated().filter { $0.element.isFinite }.map { (x(Double($0.offset)), y($0.element)) }, colour: .orange, tip: "fitted trend")
        chart.legend("fitted", colour: .orange)
      }
      for (i, v) in values.enumerated() {
        chart.intervalPoint(x: x(Double(i)), y: y(v), low: y(v), high: y(v), colour: .black, tip: "\(i < months.count ? months[i].description : "row \(i + 1)"): \(Format.auto(v))")
      }
      chart.legend("history", colour: .black)
      let f = fit.fit
      let coefficients = HTMLPage.Table(
        caption: "Coefficients (R² \(Self.fixed(f.rSquared, 4)), residual SD \(Self.number(f.residualStandardDeviation)), \(f.observationCount) observations)",
        header: ["coefficient", "estimate", "std. error", "t", "p"],
        rows: f.coefficients.map { [$0.name, Self.number($0.estimate), Self.number($0.standardError), Self.fixed($0.tStatistic, 2), Self.pValue($0.pValue)] })
      var tables = [coefficients]
      if horizon > 0 {
        tables.append(
          HTMLPage.Table(
            caption: "Forecast", header: ["month", "mean", "80% low", "80% high", "95% low", "95% high"],
            rows: fit.forecast.map { [$0.month.description, Self.number($0.mean), Self.number($0.low80), Self.number($0.high80), Self.number($0.low95), Self.number($0.high95)] }))
      }
      sections.append(
        HTMLPage.Section(
          id: "series-\(k)", heading: fit.column + (series.derivation.map { " (= \($0))" } ?? ""),
          intro: "\(fit.modelDescription) fitted by least squares (LAPACK); the bands are prediction intervals for a single month.",
          charts: [chart.render(id: "fit-\(k)")], tables: tables, notes: fit.notes))
    }
    let page = HTMLPage(
      title: "fit: \(history.file)",
      subtitle: "\(Self.extent(history))" + (timeNote.map { "; \($0)" } ?? "") + ".",
      cards: [], sections: sections + (history.notes.isEmpty ? [] : [HTMLPage.Section(id: "notes", heading: "Notes", intro: "What reading the history noticed.", notes: history.notes)]),
      footer: "slasim \(SLASimVersion.current) · least squares through LAPACK (docs/fit.md). The same file and options give the same figures.")
    return try page.render()
  }
}
