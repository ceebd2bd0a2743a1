import RealModule

/// Wording helpers for scenario messages: numbers, lists and "did you mean" suggestions.
enum ScenarioText {
  /// A number for a message: integers without a fraction, others to 6 significant digits
  /// (`0.16`, not `0.16000000000000003`).
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return x.description }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    let magnitude = abs(x)
    guard magnitude >= 1e-6, magnitude < 1e15 else { return x.description }
    let exponent = Int(Double.log10(magnitude).rounded(.down))
    let scale = Double.pow(10, Double(5 - exponent))
    let rounded = (x * scale).rounded() / scale
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
    return rounded.description
  }

  /// A limit for a message: `5,000,000` for whole numbers, else as ``number(_:)``.
  static func limit(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? grouped(Int(x)) : number(x)
  }

  /// An integer with thousands separators: `2,600`.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// A whole number with separators, for any finite size: `1,000,000,000` (`1e+20` beyond 10¹⁵).
  static func whole(_ x: Double) -> String {
    x.isFinite && abs(x) < 1e15 ? grouped(Int(x.rounded())) : x.description
  }

  /// A count of months: `1 month`, `3 months`.
  static func months(_ n: Int) -> String { n == 1 ? "1 month" : "\(grouped(n)) months" }

  /// A share as a percentage: `99.99%`.
  static func percent(_ share: Double) -> String { number(share * 100) + "%" }

  /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
  static func choices(_ items: [String]) -> String {
    let quoted = items.map { "'\($0)'" }
    switch quoted.count {
    case 0: return ""
    case 1: return quoted[0]
    default: return quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
    }
  }

  /// `a`, `a and b`, `a, b and c`.
  static func and(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
  }

  /// A string value as shown in a message: in single quotes, shortened past 40 characters.
  static func quoted(_ s: String) -> String {
    let shown = s.count > 40 ? String(s.prefix(39)) + "…" : s
    return "'" + shown + "'"
  }

  /// The candidate closest to `word` by Levenshtein distance, when close enough to be a typo.
  ///
  /// Like swift-argument-parser's "Did you mean" (`UsageGenerator.unknownOptionMessage`), a
  /// suggestion needs an edit distance below 4; we also require it to be at most half the
  /// length of `word`, so that short unrelated keys (`foo` for `min`) get no suggestion.
  /// Case is ignored, so `maxattempts` suggests `maxAttempts`. Ties go to the earlier candidate.
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
      let d = editDistance(word.lowercased(), candidate.lowercased())
      if let current = best, current.distance <= d { continue }
      best = (candidate, d)
    }
    guard let best, best.distance < 4, 2 * best.distance <= max(word.count, 1) else { return nil }
    return best.candidate
  }

  /// Levenshtein distance between two strings, in characters.
  ///
  /// V. I. Levenshtein, "Binary codes capable of correcting deletions, insertions, and
  /// reversals", Soviet Physics Doklady 10(8), 1966; two-row dynamic programme.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        row[j] = min(previous[j] + 1, row[j - 1] + 1, substitution)
      }
      swap(&previous, &row)
    }
    return previous[b.count]
  }
}
