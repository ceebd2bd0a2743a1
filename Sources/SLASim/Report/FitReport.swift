// String(format:) gives the fixed and scientific forms (`%.5e`) the fit table has always
// printed; the standard library has no printf-style formatting of its own.
import Foundation

/// What `slasim fit` reports: the history, each series' fit and forecast, and the note that
/// says what t is. The table, the JSON (docs/output.md) and the HTML report are drawn from it.
public struct FitReport: Sendable {
  public var history: MonthlyHistory
  public var fits: [SeriesFit]
  /// `t = months since 2023-07` for a trend over time; `nil` for a regression on `--x`.
  public var timeNote: String?

  public init(history: MonthlyHistory, fits: [SeriesFit], timeNote: String?) {
    self.history = history
    self.fits = fits
    self.timeNote = timeNote
  }

  // MARK: JSON

  /// The JSON text (docs/output.md, "slasim fit --format json").
  public var json: String {
    var w = JSONWriter()
    write(to: &w)
    return w.text + "\n"
  }

  public func write<W: TreeWriter>(to w: inout W) {
    w.beginObject()
    w.string("file", history.file)
    w.integer("rows", history.rowCount)
    if let first = history.months.first, let last = history.months.last {
      w.beginObject("months")
      w.string("first", first.description)
      w.string("last", last.description)
      w.integer("count", history.months.count)
      w.endObject()
    } else {
      w.null("months")
    }
    if let timeNote { w.string("time", timeNote) } else { w.null("time") }
    w.beginObject("metrics")
    for fit in fits {
      let f = fit.fit
      w.beginObject(fit.column)
      if let derivation = history.series(named: fit.column)?.derivation { w.string("derivedAs", derivation) }
      w.string("model", fit.modelDescription)
      w.integer("observations", f.observationCount)
      w.integer("degreesOfFreedom", f.degreesOfFreedom)
      w.beginArray("coefficients")
      for c in f.coefficients {
        w.beginObject()
        w.string("name", c.name)
        w.number("estimate", c.estimate)
        w.number("stdError", c.standardError)
        w.number("t", c.tStatistic)
        w.number("p", c.pValue)
        w.endObject()
      }
      w.endArray()
      w.number("residualSD", f.residualStandardDeviation)
      w.number("rSquared", f.rSquared)
      w.number("adjustedRSquared", f.adjustedRSquared)
      w.beginArray("forecast")
      for p in fit.forecast {
        w.beginObject()
        w.string("month", p.month.description)
        w.number("mean", p.mean)
        w.number("low80", p.low80)
        w.number("high80", p.high80)
        w.number("low95", p.low95)
        w.number("high95", p.high95)
        w.bool("truncated", p.truncated)
        w.endObject()
      }
      w.endArray()
      w.beginArray("notes")
      for note in fit.notes { w.string(nil, note) }
      w.endArray()
      w.endObject()
    }
    w.endObject()
    w.beginArray("notes")
    for note in history.notes { w.string(nil, note) }
    w.endArray()
    w.endObject()
  }

  // MARK: Table

  /// The terminal table: each series' model, fit statistics, coefficients and forecast.
  public var table: String {
    var out = "\(history.file): \(Self.extent(history))"
    if let timeNote { out += "; \(timeNote)" }
    out += "\n"
    for fit in fits {
      let f = fit.fit
      out += "\n\(fit.column)"
      if let derivation = history.series(named: fit.column)?.derivation { out += " (= \(derivation))" }
      out += ": \(fit.modelDescription)\n"
      out += "  residual SD \(Self.number(f.residualStandardDeviation)), R² \(Self.fixed(f.rSquared, 4)), "
      let unit = history.months.isEmpty ? "observations" : "months"
      out += "adjusted R² \(Self.fixed(f.adjustedRSquared, 4)), \(f.observationCount) \(unit), \(f.degreesOfFreedom) df\n"
      var rows = [["coefficient", "estimate", "std. error", "t", "p"]]
      for c in f.coefficients {
        rows.append([c.name, Self.number(c.estimate), Self.number(c.standardError), Self.fixed(c.tStatistic, 2), Self.pValue(c.pValue)])
      }
      out += Self.table(rows, indent: 2)
      if !fit.forecast.isEmpty {
        var forecastRows = [["month", "forecast", "80% low", "80% high", "95% low", "95% high"]]
        for p in fit.forecast {
          forecastRows.append(
            [
              p.month.description, Self.number(p.mean), Self.number(p.low80), Self.number(p.high80), Self.number(p.low95),
              Self.number(p.high95),
            ].enumerated().map { $0.offset > 0 && p.truncated ? $0.element + "*" : $0.element })
        }
        out += "\n" + Self.table(forecastRows, indent: 2)
      }
      for note in fit.notes { out += "  * \(note)\n" }
    }
    if !history.notes.isEmpty {
      out += "\n" + history.notes.map { "note: \($0)\n" }.joined()
    }
    return out
  }

  /// `36 months, 2023-07 to 2026-06`, or `14 rows` (and why no months) when the months are
  /// unusable, which only a regression on `--x` allows.
  static func extent(_ history: MonthlyHistory) -> String {
    let n = history.rowCount
    if let first = history.months.first, let last = history.months.last {
      return "\(n) months, \(first) to \(last)"
    }
    let why = history.monthColumnNumber == nil ? "no month column" : "the month column is not used"
    return "\(n) row\(n == 1 ? "" : "s") (\(why))"
  }

  /// Right-aligned columns except the first.
  static func table(_ rows: [[String]], indent: Int) -> String {
    let widths = (0..<rows[0].count).map { j in rows.map { $0[j].count }.max() ?? 0 }
    return rows.map { row in
      String(repeating: " ", count: indent)
        + row.enumerated().map { j, cell in
          let pad = String(repeating: " ", count: widths[j] - cell.count)
          return j == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ") + "\n"
    }.joined()
  }

  /// About six significant digits, fixed-point when that is readable.
  public static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e-4 && magnitude < 1e9 {
      let decimals = max(0, 5 - Int(log10(magnitude).rounded(.down)))
      return String(format: "%.\(min(decimals, 9))f", x)
    }
    return String(format: "%.5e", x)
  }

  static func fixed(_ x: Double, _ decimals: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
    return String(format: "%.\(decimals)f", x)
  }

  static func pValue(_ p: Double) -> String {
    guard p.isFinite else { return "n/a" }
    if p == 0 { return "0" }
    return p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
  }
}
