/// Walks a parsed scenario, building the model and collecting every problem with its JSON path.
///
/// Each reader returns `nil` after reporting a problem and the walk goes on, so one load
/// reports everything that is wrong. Problems carry the byte offset of the value they are about
/// and are sorted by it at the end, which puts them in document order whatever order the
/// sections are checked in (a cross-field check may need a section that comes later).
struct ScenarioDecoder {
  struct Issue {
    var offset: Int
    var sequence: Int
    var error: ScenarioError
  }

  let file: String
  private(set) var errors: [Issue] = []
  private(set) var warnings: [Issue] = []
  /// Byte offset of every value read, by JSON path (for warnings about a valid model).
  private(set) var offsets: [String: Int] = [:]

  /// The horizon, once read: schedules must start on or before it.
  var horizon: Horizon?
  /// Open hours per business day of the calendar, once read (24 for `"24x7"`).
  var openHoursPerDay: Double?
  /// How the calendar's open hours read in messages: `09:00–17:00` or `24x7`.
  var openHoursText: String?
  /// The calendar's opening and closing minute after midnight, once read.
  var openMinuteOfDay = 9 * 60
  var closeMinuteOfDay = 17 * 60

  /// Reads the files the scenario refers to (trend histories).
  let readFile: ScenarioFileReader
  /// Histories already read, by resolved path: each file is read and parsed once per load.
  var histories: [String: Result<MonthlyHistory, HistoryLoadFailure>] = [:]

  /// A path whose folder anchors relative history paths: `file`, unless the scenario came
  /// through a pipe (then the working folder).
  let historyAnchor: String

  init(file: String, historyAnchor: String? = nil, readFile: @escaping ScenarioFileReader = ScenarioLoader.readFile) {
    self.file = file
    self.historyAnchor = historyAnchor ?? file
    self.readFile = readFile
  }

  // MARK: Reporting

  mutating func fail(
    _ offset: Int, _ path: String, _ problem: String, expected: String? = nil, found: String? = nil,
    isUnreadableFile: Bool = false
  ) {
    let error = ScenarioError(
      file: file, path: path, problem: problem, expected: expected, found: found, isUnreadableFile: isUnreadableFile)
    errors.append(Issue(offset: offset, sequence: errors.count, error: error))
  }

  /// A warning about the value at `path` (its offset looked up among the values read).
  mutating func warn(_ path: String, _ problem: String, expected: String? = nil, found: String? = nil) {
    warn(at: offsets[path] ?? 0, path, problem, expected: expected, found: found)
  }

  /// A warning found while reading; kept only when the file has no errors.
  mutating func warn(
    at offset: Int, _ path: String, _ problem: String, expected: String? = nil, found: String? = nil
  ) {
    let error = ScenarioError(file: file, path: path, problem: problem, expected: expected, found: found)
    warnings.append(Issue(offset: offset, sequence: warnings.count, error: error))
  }

  /// Issues in document order (offset, then the order they were found).
  static func sorted(_ issues: [Issue]) -> [ScenarioError] {
    issues.sorted { ($0.offset, $0.sequence) < ($1.offset, $1.sequence) }.map(\.error)
  }

  mutating func note(_ node: JSONNode, _ path: String) { offsets[path] = node.offset }

  // MARK: Describing values

  /// What a value is, for `found …`: a number as written, a string in quotes, or its kind.
  static func describe(_ node: JSONNode) -> String {
    switch node.kind {
    case .number(let x, let literal):
      return x.isFinite ? literal : literal + " (too large for a 64-bit floating-point number)"
    case .string(let s): return ScenarioText.quoted(s)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .array(let elements): return elements.isEmpty ? "an empty array" : "an array"
    case .object(let members):
      if members.isEmpty { return "an empty object" }
      if members.contains(where: { $0.key == "schedule" }) { return "a schedule" }
      if members.contains(where: { $0.key == "trend" }) { return "a trend" }
      if members.count == 1, DistributionKind(rawValue: members[0].key) != nil {
        return "a \(members[0].key) distribution"
      }
      return "an object"
    }
  }

  // MARK: Objects

  /// The members of an object section, by key (the first of duplicated keys).
  struct Fields {
    let node: JSONNode
    let path: String
    let members: [String: JSONNode]

    subscript(key: String) -> JSONNode? { members[key] }
    func path(_ key: String) -> String { path + ScenarioPath.component(forKey: key) }
  }

  /// Reads an object: reports a wrong type, missing required keys (at the object, in the
  /// order of `required`) and unknown keys (each at its key, with a "did you mean").
  mutating func object(
    _ node: JSONNode, _ path: String, keys: [String], required: [String] = [], requirement: String? = nil
  ) -> Fields? {
    note(node, path)
    guard case .object(let members) = node.kind else {
      fail(
        node.offset, path,
        requirement ?? "must be an object with keys \(ScenarioText.and(keys.map { "'\($0)'" }))",
        found: ScenarioDecoder.describe(node))
      return nil
    }
    var byKey: [String: JSONNode] = [:]
    var suggested: Set<String> = []
    for member in members {
      byKey[member.key] = member.value
      let childPath = path + ScenarioPath.component(forKey: member.key)
      note(member.value, childPath)
      if !keys.contains(member.key) {
        if let suggestion = unknownKey(member.key, at: member.keyOffset, in: path, known: keys, noun: "key") {
          suggested.insert(suggestion)
        }
      }
    }
    // A misspelt required key is reported once, as unknown with its suggestion, not also as missing.
    for key in required where byKey[key] == nil && !suggested.contains(key) {
      fail(node.offset, path, "missing required key '\(key)'")
    }
    return Fields(node: node, path: path, members: byKey)
  }

  /// `unknown key 'maxAtempts'. Did you mean 'maxAttempts'?`, or the list of valid keys.
  /// - Returns: The suggested key, if any.
  @discardableResult
  mutating func unknownKey(_ key: String, at offset: Int, in path: String, known: [String], noun: String) -> String? {
    if let suggestion = ScenarioText.suggestion(for: key, among: known) {
      fail(offset, path, "unknown \(noun) '\(key)'. Did you mean '\(suggestion)'?")
      return suggestion
    }
    fail(offset, path, "unknown \(noun) '\(key)'", expected: "one of " + ScenarioText.choices(known))
    return nil
  }

  // MARK: Scalars

  /// A string, or `nil` after reporting `requirement` and what was found.
  mutating func string(_ node: JSONNode, _ path: String, _ requirement: String) -> String? {
    guard case .string(let s) = node.kind else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    return s
  }

  /// A finite JSON number for which `isValid` holds, or `nil` after reporting `requirement`.
  mutating func number(
    _ node: JSONNode, _ path: String, _ requirement: String, where isValid: (Double) -> Bool
  ) -> Double? {
    guard case .number(let x, _) = node.kind, x.isFinite, isValid(x) else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    return x
  }

  /// A whole number in `range`, or `nil` after reporting `requirement`.
  mutating func integer(
    _ node: JSONNode, _ path: String, _ requirement: String, in range: ClosedRange<Int>
  ) -> Int? {
    // Compare as Double before converting, so that 1e300 cannot trap in `Int(_:)`.
    guard case .number(let x, _) = node.kind, x.isFinite, x == x.rounded(),
      x >= Double(range.lowerBound), x <= Double(range.upperBound)
    else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    return Int(x)
  }

  /// A seed: a whole number in 0 ..< 2⁶⁴, read exactly from its literal (a `Double` has only
  /// 53 bits).
  ///
  /// Exponent or fraction forms (`2e7`) are accepted up to 2⁵³, where they are exact.
  mutating func seed(_ node: JSONNode, _ path: String) -> UInt64? {
    let requirement = "must be a whole number from 0 to 18446744073709551615 (2^64 − 1)"
    guard case .number(let x, let literal) = node.kind else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    if literal.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      if let value = UInt64(literal) { return value }
    } else if x.isFinite, x == x.rounded(), x >= 0, x <= 9_007_199_254_740_992 {
      return UInt64(x)
    } else if x.isFinite, x >= 0, x < 0x1p64 {
      // 1e17 would silently become another number: above 2⁵³ a double is not exact.
      fail(
        node.offset, path,
        requirement + "; above 2^53 (9007199254740992) write its digits, not an exponent or a fraction",
        found: ScenarioDecoder.describe(node))
      return nil
    }
    fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
    return nil
  }

  /// A real date written `YYYY-MM-DD`.
  mutating func date(_ node: JSONNode, _ path: String) -> CivilDate? {
    let requirement = "must be a date written YYYY-MM-DD"
    guard case .string(let text) = node.kind else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    if let date = CivilDate(iso: text) { return date }
    // Well-formed but impossible (2026-02-30): say how long that month is.
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), Int(parts[2]) != nil, y >= 0
    {
      if (1...12).contains(m) {
        let days = CivilDate.daysIn(year: y, month: m)
        fail(
          node.offset, path, "must be a real date (\(parts[0])-\(parts[1]) has \(days) days)",
          found: ScenarioText.quoted(text))
      } else {
        fail(node.offset, path, "must be a real date (months run from 01 to 12)", found: ScenarioText.quoted(text))
      }
      return nil
    }
    fail(node.offset, path, requirement, found: ScenarioText.quoted(text))
    return nil
  }

  /// A time of day `HH:MM` (24-hour clock) as minutes after midnight; `24:00` only if allowed.
  mutating func time(_ node: JSONNode, _ path: String, allowMidnightEnd: Bool) -> Int? {
    let requirement =
      allowMidnightEnd
      ? "must be a time written HH:MM, from 00:00 to 24:00" : "must be a time written HH:MM, from 00:00 to 23:59"
    guard case .string(let text) = node.kind else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    let utf8 = Array(text.utf8)
    func digit(_ i: Int) -> Int? {
      let b = utf8[i]
      return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil
    }
    guard utf8.count == 5, utf8[2] == UInt8(ascii: ":"), let h1 = digit(0), let h2 = digit(1), let m1 = digit(3),
      let m2 = digit(4)
    else {
      fail(node.offset, path, requirement, found: ScenarioText.quoted(text))
      return nil
    }
    let hour = h1 * 10 + h2
    let minute = m1 * 10 + m2
    guard minute < 60, hour < 24 || (allowMidnightEnd && hour == 24 && minute == 0) else {
      fail(node.offset, path, requirement, found: ScenarioText.quoted(text))
      return nil
    }
    return hour * 60 + minute
  }

  /// The elements of an array, or `nil` after reporting `requirement`.
  mutating func array(_ node: JSONNode, _ path: String, _ requirement: String) -> [JSONNode]? {
    guard case .array(let elements) = node.kind else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    for (i, e) in elements.enumerated() { note(e, path + "[\(i)]") }
    return elements
  }
}
