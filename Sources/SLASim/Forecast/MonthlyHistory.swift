/// A team's monthly history: one row per calendar month, numeric columns, and the derived
/// series of DOMAIN.md.
///
/// The file is CSV (RFC 4180 quoting, no line breaks inside fields), UTF-8 with or without a
/// byte-order mark, LF or CRLF line ends. The header names a `month` column (`YYYY-MM`) and any
/// number of numeric columns. Months must be consecutive and increasing, with none missing or
/// repeated; every other field must be a finite decimal number. Blank lines are ignored.
///
/// The column names slasim knows (DOMAIN.md, "The reverse funnel"):
///
/// | column | meaning |
/// |---|---|
/// | `mqlLeads` | marketing-generated leads in the month |
/// | `mqlCustomers` | how many of those leads became customers |
/// | `mqlRevenue` | revenue from those customers |
/// | `marketingRevenue` | revenue closed in the month from marketing leads |
/// | `totalRevenue` | total revenue closed in the month |
/// | `cycleDays` | average sales-cycle length in days |
///
/// and the series derived from them when both inputs are present (``derivations``):
/// `closeRate = mqlCustomers ÷ mqlLeads`, `dealSize = mqlRevenue ÷ mqlCustomers`,
/// `marketingShare = marketingRevenue ÷ totalRevenue`.
public struct MonthlyHistory: Sendable {
  /// One numeric column of the history.
  public struct Series: Sendable, Equatable {
    public var name: String
    /// One value per month.
    public var values: [Double]
    /// 1-based column number in the file; `nil` for a derived series.
    public var columnNumber: Int?
    /// For a derived series, the formula, such as `mqlCustomers ÷ mqlLeads`.
    public var derivation: String?
  }

  /// A series slasim derives as `numerator ÷ denominator` when both columns are present.
  public struct Derivation: Sendable, Equatable {
    public var name: String
    public var numerator: String
    public var denominator: String
    public var meaning: String
  }

  /// The derived series of DOMAIN.md's re-calibration from actuals.
  public static let derivations: [Derivation] = [
    Derivation(
      name: "closeRate", numerator: "mqlCustomers", denominator: "mqlLeads",
      meaning: "lead-to-customer close rate"),
    Derivation(
      name: "dealSize", numerator: "mqlRevenue", denominator: "mqlCustomers",
      meaning: "average deal size of marketing-sourced customers"),
    Derivation(
      name: "marketingShare", numerator: "marketingRevenue", denominator: "totalRevenue",
      meaning: "marketing share of revenue"),
  ]

  /// The file name used in messages.
  public let file: String
  /// The months, consecutive and increasing.
  public let months: [YearMonth]
  /// The file line of each month's row (1-based, the header is line 1 or later).
  public let lines: [Int]
  /// The numeric columns in file order, then the derived series.
  public let series: [Series]
  /// Remarks for the user, such as a derived series left out because a denominator is 0.
  public let notes: [String]

  /// The series called `name`, from the file or derived.
  public func series(named name: String) -> Series? {
    series.first { $0.name == name }
  }

  /// The series called `name`, or an error that lists the columns and suggests the closest.
  public func requireSeries(named name: String) throws(HistoryError) -> Series {
    if let found = series(named: name) { return found }
    let names = series.map(\.name)
    var problem = "no column '\(name)'"
    if let suggestion = MonthlyHistory.closest(to: name, in: names) {
      problem += "; did you mean '\(suggestion)'?"
    } else {
      problem += "."
    }
    problem += " The numeric columns are \(names.map { "'\($0)'" }.joined(separator: ", "))."
    throw HistoryError(file: file, line: headerLine, problem: problem)
  }

  /// The line of the header.
  public let headerLine: Int

  /// Parses a history file.
  ///
  /// - Parameters:
  ///   - bytes: The file's contents.
  ///   - file: The name to use in messages (usually the path as the user typed it).
  /// - Returns: The parsed history.
  /// - Throws: ``HistoryError`` naming the line and column of the first problem.
  public static func parse(csv bytes: [UInt8], file: String) throws(HistoryError) -> MonthlyHistory {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    guard let text = String(validating: body, as: UTF8.self) else {
      throw HistoryError(file: file, problem: "is not UTF-8 text; save it as CSV in UTF-8.")
    }
    // "\r\n" is one Character, and `isNewline` covers it, LF and CR alike.
    let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    var numbered: [(line: Int, text: Substring)] = []
    for (i, line) in rawLines.enumerated() where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
      numbered.append((i + 1, line))
    }
    guard let headerEntry = numbered.first else {
      throw HistoryError(
        file: file,
        problem: "the file is empty; expected a header line such as 'month,mqlLeads' and one row per month.")
    }

    // Header.
    let headerLine = headerEntry.line
    let header = try fields(of: headerEntry.text, file: file, line: headerLine)
    var monthColumn: Int?
    var seen: [String: Int] = [:]
    for (j, name) in header.enumerated() {
      if name.isEmpty {
        throw HistoryError(
          file: file, line: headerLine, columnNumber: j + 1, problem: "the header has an empty column name.")
      }
      if let first = seen[name] {
        throw HistoryError(
          file: file, line: headerLine, column: name, columnNumber: j + 1,
          problem: "appears twice in the header (also column \(first + 1)).")
      }
      seen[name] = j
      if name == "month" { monthColumn = j }
    }
    // A spreadsheet's semicolon- or tab-separated export reads as one column: say so, rather
    // than that the month column it visibly has is missing.
    let separators = [(";", "semicolon"), ("\t", "tab")]
    if header.count == 1, let separator = separators.first(where: { header[0].contains($0.0) }) {
      throw HistoryError(
        file: file, line: headerLine,
        problem: "the header is one field, \(quoted(header[0])): the file looks \(separator.1)-separated; "
          + "slasim reads comma-separated CSV, so export it with commas as the separator.")
    }
    guard let monthColumn else {
      var problem = "no 'month' column; expected a header naming 'month' (YYYY-MM) and numeric columns"
      if let near = header.first(where: { $0.lowercased() == "month" }) {
        problem += "; found '\(near)' (names are case-sensitive)"
      }
      throw HistoryError(file: file, line: headerLine, problem: problem + ".")
    }
    guard numbered.count > 1 else {
      throw HistoryError(
        file: file, line: headerLine, problem: "no data rows after the header; expected one row per month.")
    }

    // Rows.
    let numericColumns = header.indices.filter { $0 != monthColumn }
    var values = [[Double]](repeating: [], count: header.count)
    var months: [YearMonth] = []
    var lines: [Int] = []
    var lineOfMonth: [YearMonth: Int] = [:]
    for (line, rowText) in numbered.dropFirst() {
      let row = try fields(of: rowText, file: file, line: line)
      if row.count < header.count {
        let missing = row.count
        throw HistoryError(
          file: file, line: line, column: header[missing], columnNumber: missing + 1,
          problem: "missing; this row has \(row.count) field\(row.count == 1 ? "" : "s"), the header \(header.count).")
      }
      if row.count > header.count {
        throw HistoryError(
          file: file, line: line, columnNumber: header.count + 1,
          problem: "unexpected extra field '\(row[header.count])'; the header has \(header.count) columns.")
      }
      let monthText = row[monthColumn]
      guard let month = YearMonth(iso: monthText) else {
        throw HistoryError(
          file: file, line: line, column: "month", columnNumber: monthColumn + 1,
          problem: "expected a month as YYYY-MM; found \(quoted(monthText)).")
      }
      if let first = lineOfMonth[month] {
        throw HistoryError(
          file: file, line: line, column: "month", columnNumber: monthColumn + 1,
          problem: "\(month) appears twice (first on line \(first)); expected one row per month.")
      }
      if let previous = months.last {
        if month < previous {
          throw HistoryError(
            file: file, line: line, column: "month", columnNumber: monthColumn + 1,
            problem: "\(month) comes after \(previous); expected months in increasing order.")
        }
        let expected = previous.adding(months: 1)
        if month != expected {
          let gap = month.ordinal - expected.ordinal
          let missingText =
            gap == 1 ? "\(expected) is missing" : "\(expected) to \(month.adding(months: -1)) are missing"
          throw HistoryError(
            file: file, line: line, column: "month", columnNumber: monthColumn + 1,
            problem: "expected \(expected) after \(previous); found \(month), so \(missingText).")
        }
      }
      for j in numericColumns {
        let field = row[j]
        guard let number = parseNumber(field) else {
          throw HistoryError(
            file: file, line: line, column: header[j], columnNumber: j + 1,
            problem: "expected a number; found \(quoted(field)).")
        }
        guard number.isFinite else {
          throw HistoryError(
            file: file, line: line, column: header[j], columnNumber: j + 1,
            problem: "expected a finite number; found '\(field)'.")
        }
        values[j].append(number)
      }
      lineOfMonth[month] = line
      months.append(month)
      lines.append(line)
    }

    var series = numericColumns.map { j in
      Series(name: header[j], values: values[j], columnNumber: j + 1, derivation: nil)
    }
    var notes: [String] = []
    for d in derivations where !series.contains(where: { $0.name == d.name }) {
      guard let numerator = series.first(where: { $0.name == d.numerator }),
        let denominator = series.first(where: { $0.name == d.denominator })
      else { continue }
      if let i = denominator.values.firstIndex(of: 0) {
        notes.append(
          "\(d.name) (\(d.numerator) ÷ \(d.denominator)) is not derived: \(d.denominator) is 0 in \(months[i]) (line \(lines[i]))."
        )
        continue
      }
      series.append(
        Series(
          name: d.name, values: zip(numerator.values, denominator.values).map { $0 / $1 }, columnNumber: nil,
          derivation: "\(d.numerator) ÷ \(d.denominator)"))
    }
    return MonthlyHistory(
      file: file, months: months, lines: lines, series: series, notes: notes, headerLine: headerLine)
  }

  /// Splits one CSV line into fields: commas separate, ASCII spaces and tabs around a field are
  /// dropped, and a field may be double-quoted with `""` for a quote inside.
  static func fields(of line: Substring, file: String, line number: Int) throws(HistoryError) -> [String] {
    var result: [String] = []
    var current = ""
    var inQuotes = false
    var wasQuoted = false
    var chars = line.makeIterator()
    var pending: Character? = nil
    func finishField() {
      result.append(wasQuoted ? current : current.trimmingSpaces())
      current = ""
      wasQuoted = false
    }
    while let c = pending ?? chars.next() {
      pending = nil
      if inQuotes {
        if c == "\"" {
          if let next = chars.next() {
            if next == "\"" {
              current.append("\"")
            } else {
              inQuotes = false
              pending = next
            }
          } else {
            inQuotes = false
          }
        } else {
          current.append(c)
        }
      } else if c == "," {
        finishField()
      } else if c == "\"" && current.trimmingSpaces().isEmpty {
        inQuotes = true
        wasQuoted = true
        current = ""
      } else if wasQuoted {
        if c != " " && c != "\t" {
          throw HistoryError(
            file: file, line: number, columnNumber: result.count + 1,
            problem: "unexpected text after a closing quote; quote the whole field.")
        }
      } else {
        current.append(c)
      }
    }
    if inQuotes {
      throw HistoryError(
        file: file, line: number, columnNumber: result.count + 1,
        problem: "a quoted field has no closing quote.")
    }
    finishField()
    return result
  }

  /// A decimal number: optional sign, digits with an optional point, optional exponent.
  ///
  /// Rejects what `Double.init` would also take (`nan`, `inf`, hexadecimal) but a history should not hold.
  static func parseNumber(_ text: String) -> Double? {
    var digits = 0
    var index = text.startIndex
    let end = text.endIndex
    func peek() -> Character? { index < end ? text[index] : nil }
    if peek() == "+" || peek() == "-" { index = text.index(after: index) }
    while let c = peek(), c.isASCII, c.isNumber {
      digits += 1
      index = text.index(after: index)
    }
    if peek() == "." {
      index = text.index(after: index)
      while let c = peek(), c.isASCII, c.isNumber {
        digits += 1
        index = text.index(after: index)
      }
    }
    guard digits > 0 else { return nil }
    if peek() == "e" || peek() == "E" {
      index = text.index(after: index)
      if peek() == "+" || peek() == "-" { index = text.index(after: index) }
      var exponentDigits = 0
      while let c = peek(), c.isASCII, c.isNumber {
        exponentDigits += 1
        index = text.index(after: index)
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard index == end else { return nil }
    return Double(text)
  }

  /// `'text'`, or `an empty field`.
  static func quoted(_ text: String) -> String {
    text.isEmpty ? "an empty field" : "'\(text)'"
  }

  /// The candidate within edit distance 2 (or a third of the name) of `name`, if any.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let limit = max(2, name.count / 3)
    let scored = candidates.map { ($0, ScenarioText.editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
    return best.0
  }
}

extension String {
  /// Without leading and trailing ASCII spaces and tabs.
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
