/// A problem with a monthly history file or with fitting it, located by file, line and column.
///
/// Reads `file:line: column 'name' (number): problem`, leaving out the parts that do not
/// apply, for example:
///
///     history.csv:7: column 'mqlLeads' (3): expected a number; found 'n/a'.
///     history.csv: a seasonal model needs at least 24 months of history …
///
/// Column numbers count from 1, as a spreadsheet shows them; lines count from 1 and include
/// the header. The CLI exits with 65 (EX_DATAERR).
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

  public init(file: String, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil, problem: String) {
    self.file = file
    self.line = line
    self.column = column
    self.columnNumber = columnNumber
    self.problem = problem
  }

  public var description: String {
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
