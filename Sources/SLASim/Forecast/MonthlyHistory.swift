/// A team's monthly history: one row per calendar month, numeric columns, and the derived
/// series of DOMAIN.md.
///
/// The file is CSV (RFC 4180 quoting, no line breaks inside fields), UTF-8 with or without a
/// byte-order mark, LF or CRLF line ends. The header names a `month` column (`YYYY-MM`) and any
/// number of numeric columns. Months must be consecutive and increasing, with none missing or
/// repeated; every other field must be a finite decimal number. Blank lines and rows of empty
/// cells are ignored. A bad cell makes only its own column unusable, and bad months only the
/// trends over time: a fit reports every problem of what it uses and nothing else.
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

  /// A series that cannot be used, and every reason: bad cells in its column (or, for a derived
  /// series, in its inputs), or a zero denominator.
  public struct UnusableSeries: Sendable, Equatable {
    public var name: String
    /// 1-based column number in the file; `nil` for a derived series.
    public var columnNumber: Int?
    /// For a derived series, the formula.
    public var derivation: String?
    /// Every problem, in file order.
    public var problems: [HistoryError]
    /// Whether the column holds any number: a numeric column with gaps or typos, rather than a
    /// column of text (a comment or an owner's name) that no fit is meant to use.
    public var holdsNumbers: Bool
  }

  /// The file name used in messages.
  public let file: String
  /// The months, consecutive and increasing, one per row; empty when the file has no `month`
  /// column or its months have problems (``requireMonths()`` says which).
  public let months: [YearMonth]
  /// The file line of each row (1-based, the header is line 1 or later); rows of empty cells
  /// are not rows.
  public let lines: [Int]
  /// The usable numeric columns in file order, then the derived series.
  public let series: [Series]
  /// The columns and derived series that cannot be used, and why.
  public let unusable: [UnusableSeries]
  /// The 1-based column of `month`, `nil` when the header has none.
  public let monthColumnNumber: Int?
  /// Every problem of the month column (unreadable, repeated, out of order or missing months).
  public let monthProblems: [HistoryError]
  /// Remarks for the user, such as a derived series left out because a denominator is 0.
  public let notes: [String]
  /// The line of the header.
  public let headerLine: Int
  /// The header's column names, in file order.
  public let header: [String]

  /// The number of data rows.
  public var rowCount: Int { lines.count }

  /// The series called `name`, from the file or derived, when it is usable.
  public func series(named name: String) -> Series? {
    series.first { $0.name == name }
  }

  /// Whether the file has, or slasim would derive, a series called `name` (usable or not).
  public func mentions(_ name: String) -> Bool {
    series(named: name) != nil || unusable.contains { $0.name == name }
  }

  /// The series called `name`, or an error: every bad cell that makes it unusable, or, for a
  /// name the file lacks, the columns and the closest name.
  public func requireSeries(named name: String) throws(HistoryError) -> Series {
    try requireSeries(named: [name])[0]
  }

  /// The series called `names`, in order, or an error listing every bad cell of every one of
  /// them that is unusable (so that one fix of the file fixes them all).
  public func requireSeries(named names: [String]) throws(HistoryError) -> [Series] {
    var found: [Series] = []
    var problems: [HistoryError] = []
    for name in names {
      if let usable = series(named: name) {
        found.append(usable)
      } else if let blocked = unusable.first(where: { $0.name == name }) {
        problems += blocked.problems
      } else {
        throw unknownColumn(name)
      }
    }
    if !problems.isEmpty { throw HistoryError.combining(problems) }
    return found
  }

  /// The series a fit of "every series" uses: the file's numeric columns (usable or not, so
  /// that their bad cells are reported), then the derived series; columns of text are left out.
  public var fittableSeriesNames: [String] {
    let fileColumns = header.filter { name in
      name != "month" && (series(named: name) != nil || unusable.contains { $0.name == name && $0.holdsNumbers })
    }
    let derived = series.filter { $0.columnNumber == nil }.map(\.name)
    return fileColumns + derived
  }

  /// The months, or why a trend over time cannot use them: no `month` column, or every problem
  /// of the month column.
  public func requireMonths() throws(HistoryError) -> [YearMonth] {
    guard monthColumnNumber != nil else {
      var problem =
        "no 'month' column; a trend over time needs a header naming 'month' (YYYY-MM) beside the numeric columns "
        + "(a regression of one column on others, --y with --x, needs none)"
      if let near = header.first(where: { $0.lowercased() == "month" }) {
        problem += "; found '\(near)' (names are case-sensitive)"
      }
      throw HistoryError(file: file, line: headerLine, problem: problem + ".")
    }
    if !monthProblems.isEmpty { throw HistoryError.combining(monthProblems) }
    return months
  }

  /// The months and the series called `names`, for trends over time, or an error with every
  /// problem of both at once (the month column's and every bad cell of those series).
  public func requireSeriesOverTime(named names: [String]) throws(HistoryError) -> (
    months: [YearMonth], series: [Series]
  ) {
    var problems: [HistoryError] = []
    var months: [YearMonth] = []
    var series: [Series] = []
    do { months = try requireMonths() } catch { problems.append(error) }
    do { series = try requireSeries(named: names) } catch { problems.append(error) }
    if !problems.isEmpty { throw HistoryError.combining(problems) }
    return (months, series)
  }

  /// A row as messages name it: `2024-03 (line 4)`, or `line 4` without usable months.
  public func rowLabel(_ i: Int) -> String {
    months.isEmpty ? "line \(lines[i])" : "\(months[i]) (line \(lines[i]))"
  }

  private func unknownColumn(_ name: String) -> HistoryError {
    let names = series.map(\.name) + unusable.map(\.name)
    var problem = "no column '\(name)'"
    if let suggestion = MonthlyHistory.closest(to: name, in: names) {
      problem += "; did you mean '\(suggestion)'?"
    } else {
      problem += "."
    }
    problem += " The numeric columns are \(names.map { "'\($0)'" }.joined(separator: ", "))."
    return HistoryError(file: file, line: headerLine, problem: problem)
  }

  /// Parses a history file.
  ///
  /// Only what makes the file unreadable as a table is thrown here: bytes that are not UTF-8, an
  /// empty file, a bad header, a broken quote or a non-empty field beyond the header's columns
  /// (every such line is reported). A bad cell (text, a gap, a non-finite number) only makes
  /// its column unusable (``unusable``), and a problem with the months only makes the history
  /// unusable for trends (``requireMonths()``), so a fit that needs neither is not blocked by
  /// them. A row whose every field is empty (a spreadsheet's `,,,,`) is skipped with a note.
  ///
  /// - Parameters:
  ///   - bytes: The file's contents.
  ///   - file: The name to use in messages (usually the path as the user typed it).
  /// - Returns: The parsed history.
  /// - Throws: ``HistoryError`` naming the line and column of every problem of the kinds above.
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
    guard numbered.count > 1 else {
      throw HistoryError(
        file: file, line: headerLine, problem: "no data rows after the header; expected one row per month.")
    }

    // Rows: every cell is read; problems are collected, not thrown, so that all are reported.
    let numericColumns = header.indices.filter { $0 != monthColumn }
    var values = [[Double]](repeating: [], count: header.count)
    var cellProblems = [[HistoryError]](repeating: [], count: header.count)
    var numberCounts = [Int](repeating: 0, count: header.count)
    var structural: [HistoryError] = []
    var skippedLines: [Int] = []
    var rowMonths: [YearMonth?] = []
    var lines: [Int] = []
    for (line, rowText) in numbered.dropFirst() {
      let row: [String]
      do {
        row = try fields(of: rowText, file: file, line: line)
      } catch {
        structural.append(error)
        continue
      }
      if row.allSatisfy(\.isEmpty) {
        skippedLines.append(line)
        continue
      }
      // Empty fields past the header's last column (trailing commas) carry nothing.
      if let extra = row.indices.dropFirst(header.count).first(where: { !row[$0].isEmpty }) {
        structural.append(
          HistoryError(
            file: file, line: line, columnNumber: extra + 1,
            problem: "unexpected extra field '\(row[extra])'; the header has \(header.count) columns."))
        continue
      }
      func missing(_ j: Int) -> HistoryError {
        HistoryError(
          file: file, line: line, column: header[j], columnNumber: j + 1,
          problem: "missing; this row has \(row.count) field\(row.count == 1 ? "" : "s"), the header \(header.count).")
      }
      if let monthColumn {
        if monthColumn >= row.count {
          cellProblems[monthColumn].append(missing(monthColumn))
          rowMonths.append(nil)
        } else if let month = YearMonth(iso: row[monthColumn]) {
          rowMonths.append(month)
        } else {
          cellProblems[monthColumn].append(
            HistoryError(
              file: file, line: line, column: "month", columnNumber: monthColumn + 1,
              problem: "expected a month as YYYY-MM; found \(quoted(row[monthColumn]))."))
          rowMonths.append(nil)
        }
      }
      for j in numericColumns {
        guard j < row.count else {
          cellProblems[j].append(missing(j))
          values[j].append(.nan)
          continue
        }
        let field = row[j]
        if let number = parseNumber(field), number.isFinite {
          numberCounts[j] += 1
          values[j].append(number)
        } else {
          let problem =
            parseNumber(field) == nil
            ? "expected a number; found \(quoted(field))." : "expected a finite number; found '\(field)'."
          cellProblems[j].append(
            HistoryError(file: file, line: line, column: header[j], columnNumber: j + 1, problem: problem))
          values[j].append(.nan)
        }
      }
      lines.append(line)
    }
    if !structural.isEmpty { throw HistoryError.combining(structural) }
    guard !lines.isEmpty else {
      throw HistoryError(
        file: file, line: headerLine,
        problem: "no data rows after the header (only rows of empty cells); expected one row per month.")
    }

    // The month sequence: consecutive and increasing, judged between the rows whose month reads.
    var months: [YearMonth] = []
    if let monthColumn {
      var lineOfMonth: [YearMonth: Int] = [:]
      var previous: YearMonth?
      for (i, month) in rowMonths.enumerated() {
        guard let month else { continue }
        let line = lines[i]
        func problem(_ text: String) {
          cellProblems[monthColumn].append(
            HistoryError(file: file, line: line, column: "month", columnNumber: monthColumn + 1, problem: text))
        }
        if let first = lineOfMonth[month] {
          problem("\(month) appears twice (first on line \(first)); expected one row per month.")
        } else if let previous, month < previous {
          problem("\(month) comes after \(previous); expected months in increasing order.")
        } else if let previous, month != previous.adding(months: 1) {
          let expected = previous.adding(months: 1)
          let gap = month.ordinal - expected.ordinal
          let missingText =
            gap == 1 ? "\(expected) is missing" : "\(expected) to \(month.adding(months: -1)) are missing"
          problem("expected \(expected) after \(previous); found \(month), so \(missingText).")
        }
        if lineOfMonth[month] == nil { lineOfMonth[month] = line }
        if previous.map({ month > $0 }) ?? true { previous = month }
      }
      let problems = cellProblems[monthColumn].sorted { ($0.line ?? 0) < ($1.line ?? 0) }
      cellProblems[monthColumn] = problems
      if problems.isEmpty { months = rowMonths.compactMap { $0 } }
    }

    var series: [Series] = []
    var unusable: [UnusableSeries] = []
    var notes: [String] = []
    for j in numericColumns {
      if cellProblems[j].isEmpty {
        series.append(Series(name: header[j], values: values[j], columnNumber: j + 1, derivation: nil))
      } else {
        unusable.append(
          UnusableSeries(
            name: header[j], columnNumber: j + 1, derivation: nil, problems: cellProblems[j],
            holdsNumbers: numberCounts[j] > 0))
        if numberCounts[j] == 0 {
          notes.append("column '\(header[j])' (\(j + 1)) holds no numbers; it is not fitted.")
        }
      }
    }
    let rowLabels = months.isEmpty ? lines.map { "line \($0)" } : zip(months, lines).map { "\($0) (line \($1))" }
    for d in derivations where seen[d.name] == nil {
      let inputs = [d.numerator, d.denominator]
      let blocked = unusable.filter { inputs.contains($0.name) }
      if !blocked.isEmpty {
        unusable.append(
          UnusableSeries(
            name: d.name, columnNumber: nil, derivation: "\(d.numerator) ÷ \(d.denominator)",
            problems: blocked.flatMap(\.problems), holdsNumbers: true))
        continue
      }
      guard let numerator = series.first(where: { $0.name == d.numerator }),
        let denominator = series.first(where: { $0.name == d.denominator })
      else { continue }
      if let i = denominator.values.firstIndex(of: 0) {
        let reason = "\(d.name) (\(d.numerator) ÷ \(d.denominator)) is not derived: \(d.denominator) is 0 in \(rowLabels[i])."
        notes.append(reason)
        unusable.append(
          UnusableSeries(
            name: d.name, columnNumber: nil, derivation: "\(d.numerator) ÷ \(d.denominator)",
            problems: [
              HistoryError(
                file: file, line: lines[i], column: d.name,
                problem: "is not derived: \(d.denominator) is 0 in \(rowLabels[i]); a ratio needs a non-zero "
                  + "denominator in every month.")
            ],
            holdsNumbers: true))
        continue
      }
      series.append(
        Series(
          name: d.name, values: zip(numerator.values, denominator.values).map { $0 / $1 }, columnNumber: nil,
          derivation: "\(d.numerator) ÷ \(d.denominator)"))
    }
    if !skippedLines.isEmpty {
      let count = skippedLines.count
      notes.append(
        "skipped \(count) row\(count == 1 ? "" : "s") of empty cells (line\(count == 1 ? "" : "s") "
          + "\(HistoryError.ranges(skippedLines))).")
    }
    return MonthlyHistory(
      file: file, months: months, lines: lines, series: series, unusable: unusable,
      monthColumnNumber: monthColumn.map { $0 + 1 }, monthProblems: monthColumn.map { cellProblems[$0] } ?? [],
      notes: notes, headerLine: headerLine, header: header)
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
