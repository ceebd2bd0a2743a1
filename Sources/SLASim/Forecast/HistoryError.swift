/// A problem with a monthly history file or with fitting it, located by file, line and column.
///
/// Reads `file:line: column 'name' (number): problem`, leaving out the parts that do not
/// apply, for example:
///
///     history.csv:7: column 'mqlLeads' (3): expected a number; found 'n/a'.
///     history.csv: a seasonal model needs at least 24 months of history …
///
/// Column numbers count from 1, as a spreadsheet shows them; lines count from 1 and include
/// the header. Several problems found in one pass are one error with one line each
/// (``related``). The CLI exits with 65 (EX_DATAERR).
public struct HistoryError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  /// 1-based line of the file, when one line is at fault.
  public var line: Int?
  /// Column name, when the problem is in one column.
  public var column: String?
  /// 1-based column number in the file (`nil` for derived series and for unnamed fields).
  public var columnNumber: Int?
  /// What is wrong, and what would be valid; ends with a full stop.
  public var problem: String
  /// Further problems found in the same pass (every bad cell of a column, say), each written on
  /// a line of its own after this one; see ``combining(_:)``.
  public var related: [HistoryError] = []

  public init(file: String, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil, problem: String) {
    self.file = file
    self.line = line
    self.column = column
    self.columnNumber = columnNumber
    self.problem = problem
  }

  public var description: String {
    descriptionLines.joined(separator: "\n")
  }

  /// This problem alone, on one line.
  fileprivate var located: String {
    var text = file
    if let line { text += ":\(line)" }
    text += ": "
    switch (column, columnNumber) {
    case (let name?, let number?): text += "column '\(name)' (\(number)): "
    case (let name?, nil): text += "column '\(name)': "
    case (nil, let number?): text += "column \(number): "
    case (nil, nil): break
    }
    return text + problem
  }
}

extension HistoryError {
  /// How many of one column's problems are written out in full; the rest are summarised by line.
  public static let problemsShownPerColumn = 10

  /// One error for several problems: the first, with the others in ``related``, flattened,
  /// without repeats and sorted by line and column.
  public static func combining(_ problems: [HistoryError]) -> HistoryError {
    precondition(!problems.isEmpty, "HistoryError.combining: no problems")
    var unique: [HistoryError] = []
    for p in problems.flatMap(\.individualProblems) where !unique.contains(p) { unique.append(p) }
    unique.sort { ($0.line ?? 0, $0.columnNumber ?? 0) < ($1.line ?? 0, $1.columnNumber ?? 0) }
    var result = unique[0]
    result.related = Array(unique.dropFirst())
    return result
  }

  /// The lines of ``description``: every problem in full, except that past
  /// ``problemsShownPerColumn`` problems of one column the rest are named by their lines in one
  /// line at the end, so that every bad cell is named and a long file stays readable.
  var descriptionLines: [String] {
    var shown: [String] = []
    var hidden: [String: [HistoryError]] = [:]
    var order: [String] = []
    var perColumn: [String: Int] = [:]
    for p in individualProblems {
      let key = p.column ?? p.columnNumber.map(String.init) ?? ""
      perColumn[key, default: 0] += 1
      if perColumn[key, default: 0] <= Self.problemsShownPerColumn || p.line == nil {
        shown.append(p.located)
      } else {
        if hidden[key] == nil { order.append(key) }
        hidden[key, default: []].append(p)
      }
    }
    for key in order {
      guard let rest = hidden[key], let first = rest.first else { continue }
      let lines = rest.compactMap(\.line)
      let summary = HistoryError(
        file: first.file, column: first.column, columnNumber: first.columnNumber,
        problem: "\(rest.count) more problem\(rest.count == 1 ? "" : "s"), on line"
          + "\(lines.count == 1 ? "" : "s") \(Self.ranges(lines)).")
      shown.append(summary.located)
    }
    return shown
  }

  /// This problem and its ``related`` ones, each on its own.
  public var individualProblems: [HistoryError] {
    var first = self
    first.related = []
    return [first] + related.flatMap(\.individualProblems)
  }

  /// Increasing line numbers as ranges: `3, 5–7, 12`.
  public static func ranges(_ lines: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    while i < lines.count {
      var j = i
      while j + 1 < lines.count && lines[j + 1] == lines[j] + 1 { j += 1 }
      parts.append(j == i ? "\(lines[i])" : "\(lines[i])–\(lines[j])")
      i = j + 1
    }
    return parts.joined(separator: ", ")
  }
}
