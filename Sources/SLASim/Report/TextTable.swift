import RealModule

/// A plain-text table: the first column left-aligned, the others right-aligned.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) {
    self.header = header
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  var rendered: String {
    let all = [header] + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = Array(repeating: 0, count: columns)
    for row in all {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
    }
    var out = ""
    for row in all {
      var line = ""
      for i in 0..<columns {
        let cell = i < row.count ? row[i] : ""
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        if i == 0 { line += cell + pad } else { line += "  " + pad + cell }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    return out
  }
}

/// Number formats for people: grouped thousands, percentages with enough digits for the nines.
enum Format {
  /// `1234567.8` → `1,234,568`; small values keep up to `decimals` decimals.
  static func number(_ x: Double, decimals: Int = 0) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "-∞") }
    // Beyond 10^15 the digits are not meaningful (and beyond 2^63 they overflow `Int64`).
    guard abs(x) < 1e15 else { return x.description }
    let scale = pow10(decimals)
    let rounded = (abs(x) * scale).rounded() / scale
    let integer = Int64(rounded.rounded(.down))
    var digits = String(integer)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    grouped = digits + grouped
    if decimals > 0 {
      let fraction = Int64(((rounded - Double(integer)) * scale).rounded())
      var f = String(fraction)
      f = String(repeating: "0", count: max(0, decimals - f.count)) + f
      grouped += "." + f
    }
    return (x < 0 && rounded != 0 ? "-" : "") + grouped
  }

  /// A number with a sensible precision for its size (counts, money, rates).
  static func auto(_ x: Double) -> String {
    let a = abs(x)
    if a == 0 { return "0" }
    if a >= 100 || (x == x.rounded() && a < 1e15) { return number(x) }
    if a >= 10 { return number(x, decimals: 1) }
    if a >= 1 { return number(x, decimals: 2) }
    return number(x, decimals: 4)
  }

  /// `x` to `digits` significant digits, without trailing zeros: 525.6, 52.56, 0.438, 5,256,
  /// 170 (for 168.6 at two digits). For budgets and small expected counts, whose size varies
  /// by powers of ten down a column.
  static func significant(_ x: Double, digits: Int) -> String {
    guard x.isFinite, x != 0, abs(x) < 1e15 else { return x == 0 ? "0" : number(x) }
    let exponent = Int(Double.log10(abs(x)).rounded(.down))
    let decimals = digits - 1 - exponent
    guard decimals > 0 else {
      let unit = pow10(-decimals)
      return number((x / unit).rounded() * unit)
    }
    var text = number(x, decimals: Swift.min(decimals, 15))
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }

  /// `text` broken at spaces into lines of at most `width` characters, each starting with
  /// `indent`, each ending in a newline (a word longer than a line stands alone).
  static func wrapped(_ text: String, width: Int = 80, indent: String = "  ") -> String {
    var out = ""
    var line = indent
    for word in text.split(separator: " ") {
      if line.count > indent.count && line.count + 1 + word.count > width {
        out += line + "\n"
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + word
    }
    return line.count > indent.count ? out + line + "\n" : out
  }

  /// A report's first line, the scenario's name, broken at spaces to fit 80 columns.
  static func title(_ name: String) -> String {
    name.isEmpty ? "\n" : wrapped(name, indent: "")
  }

  /// `4,096–120,000` (or one number when the schedule never adds trials).
  static func trialRange(_ schedule: TrialSchedule) -> String {
    let initial = number(Double(schedule.initial))
    return schedule.maximum > schedule.initial ? "\(initial)–\(number(Double(schedule.maximum)))" : initial
  }

  /// `["2 threads", "4.1 s"]`.
  static func timing(threads: Int, seconds: Double) -> [String] {
    ["\(threads) thread\(threads == 1 ? "" : "s")", "\(number(seconds, decimals: 1)) s"]
  }

  /// `parts` joined by " · ", starting a new line where the next part would pass `width`.
  static func dotted(_ parts: [String], width: Int = 80) -> String {
    var out = ""
    var line = ""
    for part in parts {
      if !line.isEmpty && line.count + 3 + part.count > width {
        out += line + "\n"
        line = ""
      }
      line += (line.isEmpty ? "" : " · ") + part
    }
    return out + line + "\n"
  }

  /// A probability as a percentage, with more decimals near 0% and 100% so nines stay visible.
  static func percent(_ p: Double) -> String {
    guard p.isFinite else { return "n/a" }
    let pct = p * 100
    let distance = min(pct, 100 - pct)
    let decimals = distance == 0 ? 0 : distance < 0.1 ? 3 : distance < 1 ? 2 : 1
    return number(pct, decimals: decimals) + "%"
  }

  /// A target share with as few decimals as it needs: `0.999` → `99.9%`.
  static func goalPercent(_ p: Double) -> String {
    let pct = p * 100
    for decimals in 0...4 {
      let scale = pow10(decimals)
      if abs((pct * scale).rounded() / scale - pct) < 1e-9 { return number(pct, decimals: decimals) + "%" }
    }
    return number(pct, decimals: 5) + "%"
  }

  /// `62.1% [61.4–62.8]`.
  static func estimate(_ p: ProportionEstimate) -> String {
    guard p.trials > 0 else { return "n/a (no trials)" }
    return "\(percent(p.estimate)) [\(percent(p.low).dropLast())–\(percent(p.high))]"
  }

  private static func pow10(_ n: Int) -> Double {
    var x = 1.0
    for _ in 0..<n { x *= 10 }
    return x
  }
}
