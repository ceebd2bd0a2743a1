import RealModule

/// The one small SVG layer every chart of the HTML report is drawn with: scales, axes, marks,
/// a legend, and `<title>`/`<desc>` for screen readers. It knows nothing of slasim's results.
///
/// Coordinates are SVG user units in a `viewBox` of ``width`` × ``height``; the page scales
/// the SVG to its column, so a chart never makes the page wider than the paper. Every drawn
/// datum has the class `mark` (the browser check counts them: a chart with none fails).
struct SVGChart {
  /// Colours of the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
  /// readers with any common colour-vision deficiency can tell apart; series also differ in
  /// dash or shape where colour alone would carry the meaning.
  enum Colour: String {
    case blue = "#0072B2", orange = "#E69F00", green = "#009E73", vermillion = "#D55E00"
    case sky = "#56B4E9", purple = "#CC79A7", yellow = "#F0E442", black = "#000000", grey = "#8C8C8C"
  }

  let width: Double
  let height: Double
  let title: String
  let description: String
  let margin: (top: Double, right: Double, bottom: Double, left: Double)
  private(set) var body = ""
  private var legendItems: [(label: String, colour: Colour, dashed: Bool, box: Bool)] = []

  init(
    title: String, description: String, width: Double = 640, height: Double = 280,
    margin: (top: Double, right: Double, bottom: Double, left: Double) = (30, 16, 46, 66)
  ) {
    self.title = title
    self.description = description
    self.width = width
    self.height = height
    self.margin = margin
  }

  /// The plotting area's left, right, top and bottom edges.
  var plotLeft: Double { margin.left }
  var plotRight: Double { width - margin.right }
  var plotTop: Double { margin.top }
  var plotBottom: Double { height - margin.bottom }

  /// A scale from `domain` onto the plot's horizontal extent.
  func xScale(_ domain: ClosedRange<Double>) -> LinearScale {
    LinearScale(domain: domain, start: plotLeft, end: plotRight)
  }

  /// A scale from `domain` onto the plot's vertical extent (upwards).
  func yScale(_ domain: ClosedRange<Double>) -> LinearScale {
    LinearScale(domain: domain, start: plotBottom, end: plotTop)
  }

  // MARK: Axes

  /// A horizontal axis at the plot's bottom with `ticks` (value, label) and a title with its unit.
  mutating func xAxis(_ scale: LinearScale, ticks: [(Double, String)], label: String) {
    body += line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#333")
    for (value, text) in ticks {
      let x = scale(value)
      body += line(x, plotBottom, x, plotBottom + 4, stroke: "#333")
      body += self.text(text, x: x, y: plotBottom + 16, anchor: "middle", size: 11)
    }
    body += self.text(label, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: "middle", size: 12)
  }

  /// A vertical axis at the plot's left with light grid lines at `ticks` and a title with its unit.
  mutating func yAxis(_ scale: LinearScale, ticks: [(Double, String)], label: String) {
    body += line(plotLeft, plotTop, plotLeft, plotBottom, stroke: "#333")
    for (value, text) in ticks {
      let y = scale(value)
      body += line(plotLeft, y, plotRight, y, stroke: "#e3e3e3")
      body += line(plotLeft - 4, y, plotLeft, y, stroke: "#333")
      body += self.text(text, x: plotLeft - 7, y: y + 4, anchor: "end", size: 11)
    }
    let middle = (plotTop + plotBottom) / 2
    body +=
      "<text x=\"\(Self.n(14))\" y=\"\(Self.n(middle))\" font-size=\"12\" text-anchor=\"middle\" "
      + "transform=\"rotate(-90 \(Self.n(14)) \(Self.n(middle)))\">\(Self.escape(label))</text>"
  }

  /// Category labels under the plot at the centres `positions`.
  mutating func categoryAxis(_ labels: [(x: Double, text: String)], label: String) {
    body += line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#333")
    for (x, text) in labels { body += self.text(text, x: x, y: plotBottom + 16, anchor: "middle", size: 11) }
    body += self.text(label, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: "middle", size: 12)
  }

  // MARK: Marks

  /// A filled rectangle between two corners, with a tooltip.
  mutating func bar(x0: Double, x1: Double, y0: Double, y1: Double, colour: Colour, opacity: Double = 1, tip: String) {
    let (left, right) = (Swift.min(x0, x1), Swift.max(x0, x1))
    let (top, bottom) = (Swift.min(y0, y1), Swift.max(y0, y1))
    body +=
      "<rect class=\"mark\" x=\"\(Self.n(left))\" y=\"\(Self.n(top))\" width=\"\(Self.n(Swift.max(right - left, 0.5)))\" "
      + "height=\"\(Self.n(Swift.max(bottom - top, 0.5)))\" fill=\"\(colour.rawValue)\" fill-opacity=\"\(Self.n(opacity))\">"
      + "<title>\(Self.escape(tip))</title></rect>"
  }

  /// A polyline through `points` (pixel coordinates).
  mutating func polyline(_ points: [(Double, Double)], colour: Colour, width: Double = 2, dashed: Bool = false, tip: String) {
    guard !points.isEmpty else { return }
    let path = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    body +=
      "<polyline class=\"mark\" points=\"\(path)\" fill=\"none\" stroke=\"\(colour.rawValue)\" stroke-width=\"\(Self.n(width))\""
      + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "><title>\(Self.escape(tip))</title></polyline>"
  }

  /// A band between `upper` and `lower` (pixel coordinates, same x in order).
  mutating func band(upper: [(Double, Double)], lower: [(Double, Double)], colour: Colour, tip: String) {
    guard !upper.isEmpty else { return }
    let path = (upper + lower.reversed()).map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
    body +=
      "<polygon class=\"mark\" points=\"\(path)\" fill=\"\(colour.rawValue)\" fill-opacity=\"0.25\" stroke=\"none\">"
      + "<title>\(Self.escape(tip))</title></polygon>"
  }

  /// A point with a vertical interval (an estimate and its 95% interval).
  mutating func intervalPoint(x: Double, y: Double, low: Double, high: Double, colour: Colour, square: Bool = false, tip: String) {
    body += "<g class=\"mark\"><title>\(Self.escape(tip))</title>"
    body += line(x, low, x, high, stroke: colour.rawValue, width: 1.5)
    body += line(x - 4, low, x + 4, low, stroke: colour.rawValue, width: 1.5)
    body += line(x - 4, high, x + 4, high, stroke: colour.rawValue, width: 1.5)
    body +=
      square
      ? "<rect x=\"\(Self.n(x - 4))\" y=\"\(Self.n(y - 4))\" width=\"8\" height=\"8\" fill=\"\(colour.rawValue)\"/>"
      : "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"4\" fill=\"\(colour.rawValue)\"/>"
    body += "</g>"
  }

  /// A box plot's box (25–75%), whiskers (5–95%) and median at centre `x`.
  mutating func box(x: Double, halfWidth: Double, p05: Double, p25: Double, p50: Double, p75: Double, p95: Double, colour: Colour, tip: String) {
    body += "<g class=\"mark\"><title>\(Self.escape(tip))</title>"
    body += line(x, p95, x, p75, stroke: "#333")
    body += line(x, p25, x, p05, stroke: "#333")
    body += line(x - halfWidth / 2, p95, x + halfWidth / 2, p95, stroke: "#333")
    body += line(x - halfWidth / 2, p05, x + halfWidth / 2, p05, stroke: "#333")
    body +=
      "<rect x=\"\(Self.n(x - halfWidth))\" y=\"\(Self.n(Swift.min(p75, p25)))\" width=\"\(Self.n(2 * halfWidth))\" "
      + "height=\"\(Self.n(Swift.max(abs(p25 - p75), 0.5)))\" fill=\"\(colour.rawValue)\" fill-opacity=\"0.35\" stroke=\"\(colour.rawValue)\"/>"
    body += line(x - halfWidth, p50, x + halfWidth, p50, stroke: "#000", width: 2)
    body += "</g>"
  }

  /// A reference line across the plot at height `y` (a goal or quota), labelled at its right end.
  mutating func horizontalRule(y: Double, colour: Colour, label: String) {
    body +=
      "<line class=\"mark\" x1=\"\(Self.n(plotLeft))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(plotRight))\" y2=\"\(Self.n(y))\" "
      + "stroke=\"\(colour.rawValue)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>\(Self.escape(label))</title></line>"
  }

  /// A reference line down the plot at `x` (an SLA), labelled at its top.
  mutating func verticalRule(x: Double, colour: Colour, label: String) {
    body +=
      "<line class=\"mark\" x1=\"\(Self.n(x))\" y1=\"\(Self.n(plotTop))\" x2=\"\(Self.n(x))\" y2=\"\(Self.n(plotBottom))\" "
      + "stroke=\"\(colour.rawValue)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>\(Self.escape(label))</title></line>"
    body += text(label, x: x + 4, y: plotTop + 12, anchor: "start", size: 11)
  }

  /// A free label.
  mutating func label(_ string: String, x: Double, y: Double, anchor: String = "start", size: Double = 11) {
    body += text(string, x: x, y: y, anchor: anchor, size: size)
  }

  /// Adds an entry to the legend drawn above the plot.
  mutating func legend(_ label: String, colour: Colour, dashed: Bool = false, box: Bool = false) {
    legendItems.append((label, colour, dashed, box))
  }

  // MARK: Output

  /// The chart as an inline `<svg>` element, described for screen readers.
  func render(id: String) -> String {
    var legend = ""
    var x = plotLeft
    var top = 8.0
    for item in legendItems {
      let itemWidth = Self.legendWidth(item.label)
      if x > plotLeft && x + itemWidth > plotRight {
        x = plotLeft
        top += Self.legendRowHeight
      }
      if item.box {
        legend +=
          "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(top))\" width=\"14\" height=\"10\" fill=\"\(item.colour.rawValue)\" fill-opacity=\"0.35\" stroke=\"\(item.colour.rawValue)\"/>"
      } else {
        legend += line(x, top + 5, x + 14, top + 5, stroke: item.colour.rawValue, width: 2.5, dashed: item.dashed)
      }
      legend += text(item.label, x: x + 18, y: top + 9, anchor: "start", size: 11)
      x += itemWidth
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" "
      + "aria-labelledby=\"\(id)-title \(id)-desc\" class=\"chart\" font-family=\"system-ui, sans-serif\">"
      + "<title id=\"\(id)-title\">\(Self.escape(title))</title><desc id=\"\(id)-desc\">\(Self.escape(description))</desc>"
      + legend + body + "</svg>"
  }

  private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) -> String {
    "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
      + (dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>"
  }

  private func text(_ string: String, x: Double, y: Double, anchor: String, size: Double) -> String {
    "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor)\">\(Self.escape(string))</text>"
  }

  /// The legend's row height, and the width an entry takes (11-unit text, at most about 6.6 a character).
  static let legendRowHeight = 16.0
  static func legendWidth(_ label: String) -> Double { 30 + Double(label.count) * 6.6 }

  /// The rows a legend of `labels` takes in a plot `width` wide.
  static func legendRows(_ labels: [String], width: Double) -> Int {
    var rows = 1
    var x = 0.0
    for label in labels {
      let w = legendWidth(label)
      if x > 0 && x + w > width {
        rows += 1
        x = 0
      }
      x += w
    }
    return rows
  }

  /// A coordinate with at most two decimals (stable text, small files).
  static func n(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let r = (x * 100).rounded() / 100
    return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
  }

  /// Text for SVG and HTML content and attributes.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}

/// A linear map of a data interval onto a pixel interval from `start` to `end` (which may run
/// downwards, as a vertical axis does in SVG).
struct LinearScale {
  let domain: ClosedRange<Double>
  let start: Double
  let end: Double

  /// The pixel position of `x`; values a little outside the domain are clamped to 5% beyond it
  /// so that a mark never leaves the chart.
  func callAsFunction(_ x: Double) -> Double {
    let span = domain.upperBound - domain.lowerBound
    let t = span > 0 ? (x - domain.lowerBound) / span : 0.5
    let clamped = t.isNaN ? 0 : Swift.min(Swift.max(t, -0.05), 1.05)
    return start + clamped * (end - start)
  }

  /// About `count` round tick values covering the domain: steps of 1, 2 or 5 times a power of
  /// ten (Heckbert 1990, "Nice numbers for graph labels", Graphics Gems).
  func ticks(_ count: Int = 5) -> [Double] {
    Self.niceTicks(domain, count: count)
  }

  static func niceTicks(_ domain: ClosedRange<Double>, count: Int) -> [Double] {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0, span.isFinite, count > 0 else { return [domain.lowerBound] }
    let step = niceStep(span / Double(count))
    var ticks: [Double] = []
    var k = (domain.lowerBound / step).rounded(.up)
    while k * step <= domain.upperBound + step * 1e-9 && ticks.count < 50 {
      ticks.append(k * step)
      k += 1
    }
    return ticks
  }

  /// The smallest of 1, 2, 5 × 10ⁿ at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    let power = Double.pow(10, (Double.log10(raw)).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
    return 10 * power
  }

  /// A domain from 0 (or `low`) up to a round number above `high`.
  static func niceUpper(_ high: Double) -> Double {
    guard high > 0, high.isFinite else { return 1 }
    let step = niceStep(high / 5)
    return (high / step).rounded(.up) * step
  }
}
