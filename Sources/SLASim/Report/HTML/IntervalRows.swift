/// One chart shape shared by `compare` and `sensitivity`: labelled rows, each a bar or a point
/// with an interval on a common horizontal axis, around a reference line (0 for a difference,
/// the base probability for a tornado).
struct IntervalRow {
  var label: String
  /// The bar's ends (a tornado's low and high settings), or nil for a point alone.
  var bar: (from: Double, to: Double)?
  var estimate: Double
  var low: Double
  var high: Double
  var tip: String
}

extension SVGChart {
  /// Draws `rows` top to bottom on an axis from `domain`, with a reference line at `reference`.
  static func intervalRows(
    id: String, title: String, description: String, rows: [IntervalRow], domain: ClosedRange<Double>,
    reference: Double, referenceLabel: String, axisLabel: String, tick: (Double) -> String,
    barColours: (IntervalRow) -> Colour = { _ in .sky }
  ) -> String {
    let rowHeight = 28.0
    let longest = rows.map(\.label.count).max() ?? 10
    let left = Swift.min(280, 16 + 6.2 * Double(longest))
    var chart = SVGChart(
      title: title, description: description, height: 80 + rowHeight * Double(Swift.max(rows.count, 1)),
      margin: (30, 20, 46, left))
    let x = chart.xScale(domain)
    chart.xAxis(x, ticks: LinearScale.niceTicks(domain, count: 5).map { ($0, tick($0)) }, label: axisLabel)
    for (k, row) in rows.enumerated() {
      let middle = chart.plotTop + (Double(k) + 0.5) * rowHeight
      if let bar = row.bar {
        chart.bar(x0: x(bar.from), x1: x(bar.to), y0: middle - 9, y1: middle + 9, colour: barColours(row), tip: row.tip)
      }
      chart.horizontalInterval(y: middle, x: x(row.estimate), low: x(row.low), high: x(row.high), tip: row.tip)
      chart.label(row.label, x: chart.plotLeft - 8, y: middle + 4, anchor: "end")
    }
    chart.verticalRule(x: x(reference), colour: .black, label: referenceLabel)
    return chart.render(id: id)
  }

  /// A point at `x` with a horizontal interval from `low` to `high`.
  mutating func horizontalInterval(y: Double, x: Double, low: Double, high: Double, tip: String) {
    intervalPoint(x: x, y: y, low: y, high: y, colour: .black, tip: tip)
    polyline([(low, y), (high, y)], colour: .black, width: 1.5, tip: tip)
    polyline([(low, y - 4), (low, y + 4)], colour: .black, width: 1.5, tip: tip)
    polyline([(high, y - 4), (high, y + 4)], colour: .black, width: 1.5, tip: tip)
  }
}

extension HTMLPage {
  /// The footer every report ends with: what fixes the figures.
  static func footer(seed: UInt64, trials: String) -> String {
    "slasim \(SLASimVersion.current) · random stream version \(SLASimVersion.randomStream) · seed \(seed) · \(trials). "
      + "Intervals are 95%. The same scenario, seed and version give the same figures."
  }
}
