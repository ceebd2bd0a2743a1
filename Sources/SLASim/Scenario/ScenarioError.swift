/// A problem in a scenario file: where it is, what is wrong and what would be valid.
///
/// The description reads `file: path: problem; expected …; found ….`, omitting the parts that
/// are absent, and ends with a full stop (or the `?` of a "Did you mean" suggestion):
///
/// ```
/// scenarios/q3.json: $.marketing.sources[1].leadsPerMonth: must be a non-negative number of leads per month; found -3.
/// scenarios/q3.json: $.sales.followUp: unknown key 'maxAtempts'. Did you mean 'maxAttempts'?
/// scenarios/q3.json: $.calendar.workdays[2]: expected one of 'mon' … 'sun'; found 'funday'.
/// ```
///
/// A JSON syntax error has no path but a line and column, written like a compiler's:
/// `scenarios/q3.json:12:7: expected ',' or '}' after an object member; found ']'.`
///
/// Warnings (``ScenarioWarning``) are the same type: a problem that does not stop a run, found
/// in ``ScenarioLoadResult/warnings`` rather than ``ScenarioLoadResult/errors``. Show one with
/// ``warningDescription``.
public struct ScenarioError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file as the user named it.
  public var file: String
  /// JSON path of the offending value (`$.sales.followUp`), `$` for the whole document, or
  /// empty for problems of the file itself (a syntax error, an empty file).
  public var path: String
  /// What is wrong, such as `must be a rate between 0 and 1`; may be empty when `expected` says it all.
  public var problem: String
  /// What would be valid, when that is not already part of `problem`.
  public var expected: String?
  /// What the file has instead: a number as written (`-3`), a string in quotes (`'funday'`), or
  /// a kind (`an array`, `a gamma distribution`).
  public var found: String?
  /// 1-based line of a syntax error (`nil` for problems found after parsing).
  public var line: Int?
  /// 1-based column, in Unicode scalars, of a syntax error.
  public var column: Int?
  /// Whether the problem is a file the scenario refers to (a trend's history) that is missing or
  /// unreadable; the CLI then exits with 66 (EX_NOINPUT) rather than 65.
  public var isUnreadableFile: Bool

  public init(
    file: String, path: String, problem: String, expected: String? = nil, found: String? = nil,
    line: Int? = nil, column: Int? = nil, isUnreadableFile: Bool = false
  ) {
    self.file = file
    self.path = path
    self.problem = problem
    self.expected = expected
    self.found = found
    self.line = line
    self.column = column
    self.isUnreadableFile = isUnreadableFile
  }

  /// The message: `file: path: problem; expected …; found …`.
  public var description: String { render(severity: nil) }

  /// `file: warning: path: problem…`, the form `slasim` uses to print a warning.
  public var warningDescription: String { render(severity: "warning") }

  /// The message without the file and path: `problem; expected …; found …`.
  public var message: String {
    var parts: [String] = []
    if !problem.isEmpty { parts.append(problem) }
    if let expected { parts.append("expected " + expected) }
    if let found { parts.append("found " + found) }
    var text = parts.joined(separator: "; ")
    if !(text.hasSuffix(".") || text.hasSuffix("?") || text.hasSuffix("!")) { text += "." }
    return text
  }

  private func render(severity: String?) -> String {
    var head = file
    if let line {
      head += ":\(line)"
      if let column { head += ":\(column)" }
    }
    head += ": "
    if let severity { head += severity + ": " }
    if !path.isEmpty { head += path + ": " }
    return head + message
  }
}

/// A problem that does not stop a run (an unreachable goal, a likely modelling mistake).
///
/// Same fields and message form as ``ScenarioError``; print it with
/// ``ScenarioError/warningDescription``.
public typealias ScenarioWarning = ScenarioError

/// The outcome of loading a scenario file: the scenario when it is valid, and every problem.
public struct ScenarioLoadResult: Sendable {
  /// The validated scenario; non-`nil` exactly when `errors` is empty.
  public var scenario: Scenario?
  /// Every error in the file, in document order.
  public var errors: [ScenarioError]
  /// Warnings in document order; computed only for a valid scenario.
  public var warnings: [ScenarioWarning]

  public init(scenario: Scenario?, errors: [ScenarioError], warnings: [ScenarioWarning]) {
    self.scenario = scenario
    self.errors = errors
    self.warnings = warnings
  }
}

/// JSON path notation used in messages.
enum ScenarioPath {
  /// `.key` when `key` is an identifier (letters, digits, `_`, `$`, not starting with a digit),
  /// else `["key"]` with JSON escaping.
  static func component(forKey key: String) -> String {
    let isIdentifier =
      !key.isEmpty
      && key.unicodeScalars.allSatisfy { s in
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "$"
      }
      && !(key.unicodeScalars.first.map { $0 >= "0" && $0 <= "9" } ?? false)
    return isIdentifier ? "." + key : "[" + JSONValue.quoted(key) + "]"
  }
}
