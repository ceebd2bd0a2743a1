import Testing

@testable import SLASim

/// Bad (and unusual but valid) history files: each problem gives one exact message naming the
/// file, the line and the column (STYLE.md §5: tests check the exact text).
@Suite struct HistoryCSVTests {
  static func parse(_ text: String) throws(HistoryError) -> MonthlyHistory {
    try MonthlyHistory.parse(csv: Array(text.utf8), file: "history.csv")
  }

  /// The message of a fit of every series over time (`slasim fit history.csv`): parsing, then
  /// every problem of the months and of the numeric columns; `nil` when there is none.
  static func message(_ text: String) -> String? {
    do {
      let history = try parse(text)
      _ = try history.requireSeriesOverTime(named: history.fittableSeriesNames)
      return nil
    } catch {
      return error.description
    }
  }

  // MARK: - Accepted input

  @Test func parsesMonthsAndNumericColumns() throws {
    let h = try Self.parse("month,mqlLeads,cycleDays\n2024-01,300,45\n2024-02,310.5,44.5e0\n")
    #expect(h.months.map(\.description) == ["2024-01", "2024-02"])
    #expect(h.series.map(\.name) == ["mqlLeads", "cycleDays"])
    #expect(h.series(named: "mqlLeads")?.values == [300, 310.5])
    #expect(h.series(named: "cycleDays")?.columnNumber == 3)
    #expect(h.lines == [2, 3])
  }

  @Test func acceptsAByteOrderMark() throws {
    let h = try MonthlyHistory.parse(
      csv: [0xEF, 0xBB, 0xBF] + Array("month,a\n2024-01,1\n2024-02,2\n".utf8), file: "h.csv")
    #expect(h.series.map(\.name) == ["a"])
    #expect(h.months.count == 2)
  }

  @Test func acceptsCRLFLineEnds() throws {
    // "\r\n" is a single Character in Swift; the parser must still see two rows.
    let h = try Self.parse("month,a\r\n2024-01,1\r\n2024-02,2\r\n")
    #expect(h.months.count == 2)
    #expect(h.series(named: "a")?.values == [1, 2])
  }

  @Test func acceptsByteOrderMarkWithCRLFAndBlankLines() throws {
    let text = "month,a\r\n\r\n2024-01,1\r\n  \r\n2024-02,2\r\n\r\n"
    let h = try MonthlyHistory.parse(csv: [0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "h.csv")
    #expect(h.series(named: "a")?.values == [1, 2])
    #expect(h.lines == [3, 5])
  }

  @Test func acceptsQuotedFieldsAndSpacesAroundFields() throws {
    let h = try Self.parse("\"month\", \"a\"\n 2024-01 , \"1\"\n2024-02,2\n")
    #expect(h.series(named: "a")?.values == [1, 2])
  }

  @Test func derivesCloseRateDealSizeAndMarketingShare() throws {
    let h = try Self.parse(
      """
      month,mqlLeads,mqlCustomers,mqlRevenue,marketingRevenue,totalRevenue
      2024-01,300,75,450000,400000,800000
      2024-02,200,40,300000,300000,500000
      """)
    #expect(h.series(named: "closeRate")?.values == [0.25, 0.2])
    #expect(h.series(named: "dealSize")?.values == [6000, 7500])
    #expect(h.series(named: "marketingShare")?.values == [0.5, 0.6])
    #expect(h.series(named: "closeRate")?.derivation == "mqlCustomers ÷ mqlLeads")
    #expect(h.series(named: "closeRate")?.columnNumber == nil)
    #expect(h.notes.isEmpty)
  }

  @Test func leavesOutADerivedSeriesWhoseDenominatorIsZero() throws {
    let h = try Self.parse("month,mqlLeads,mqlCustomers,mqlRevenue\n2024-01,300,0,0\n2024-02,200,40,300000\n")
    #expect(h.series(named: "dealSize") == nil)
    #expect(h.series(named: "closeRate")?.values == [0, 0.2])
    #expect(h.notes == ["dealSize (mqlRevenue ÷ mqlCustomers) is not derived: mqlCustomers is 0 in 2024-01 (line 2)."])
  }

  // MARK: - Refused input, exact messages

  @Test func emptyFile() {
    let expected =
      "history.csv: the file is empty; expected a header line such as 'month,mqlLeads' and one row per month."
    #expect(Self.message("") == expected)
    #expect(Self.message("\n \r\n\n") == expected)
  }

  @Test func headerOnly() {
    #expect(
      Self.message("month,mqlLeads\n") == "history.csv:1: no data rows after the header; expected one row per month.")
  }

  @Test func textInANumericColumn() {
    #expect(
      Self.message("month,cycleDays,mqlLeads\n2024-01,45,300\n2024-02,44,n/a\n")
        == "history.csv:3: column 'mqlLeads' (3): expected a number; found 'n/a'.")
  }

  @Test func emptyNumericField() {
    #expect(
      Self.message("month,mqlLeads\n2024-01,300\n2024-02,\n")
        == "history.csv:3: column 'mqlLeads' (2): expected a number; found an empty field.")
  }

  @Test func notANumberAndOverflowAreRefused() {
    #expect(
      Self.message("month,a\n2024-01,nan\n2024-02,1\n")
        == "history.csv:2: column 'a' (2): expected a number; found 'nan'.")
    #expect(
      Self.message("month,a\n2024-01,1e999\n2024-02,1\n")
        == "history.csv:2: column 'a' (2): expected a finite number; found '1e999'.")
    #expect(
      Self.message("month,a\n2024-01,\"1,200\"\n2024-02,1\n")
        == "history.csv:2: column 'a' (2): expected a number; found '1,200'.")
    // A column with no number at all is text: left out of "every series", and named if asked for.
    let text = try? Self.parse("month,a\n2024-01,nan\n")
    #expect(text?.fittableSeriesNames == [])
    #expect(
      throws: HistoryError(
        file: "history.csv", line: 2, column: "a", columnNumber: 2, problem: "expected a number; found 'nan'.")
    ) { try text?.requireSeries(named: "a") }
  }

  @Test func duplicateMonth() {
    #expect(
      Self.message("month,a\n2024-01,1\n2024-02,2\n2024-02,3\n")
        == "history.csv:4: column 'month' (1): 2024-02 appears twice (first on line 3); expected one row per month.")
  }

  @Test func missingMonth() {
    #expect(
      Self.message("month,a\n2024-01,1\n2024-02,2\n2024-04,3\n")
        == "history.csv:4: column 'month' (1): expected 2024-03 after 2024-02; found 2024-04, so 2024-03 is missing.")
    #expect(
      Self.message("month,a\n2024-11,1\n2025-03,2\n")
        == "history.csv:3: column 'month' (1): expected 2024-12 after 2024-11; found 2025-03, so 2024-12 to 2025-02 are missing."
    )
  }

  @Test func monthsOutOfOrder() {
    #expect(
      Self.message("month,a\n2024-03,1\n2024-02,2\n")
        == "history.csv:3: column 'month' (1): 2024-02 comes after 2024-03; expected months in increasing order.")
  }

  @Test func malformedMonth() {
    #expect(
      Self.message("a,month\n1,2024/03\n")
        == "history.csv:2: column 'month' (2): expected a month as YYYY-MM; found '2024/03'.")
    #expect(
      Self.message("month,a\n2024-13,1\n")
        == "history.csv:2: column 'month' (1): expected a month as YYYY-MM; found '2024-13'.")
  }

  @Test func raggedRows() {
    #expect(
      Self.message("month,mqlLeads,cycleDays\n2024-01,300,45\n2024-02,310\n")
        == "history.csv:3: column 'cycleDays' (3): missing; this row has 2 fields, the header 3.")
    #expect(
      Self.message("month,mqlLeads,cycleDays\n2024-01,300,45,9\n")
        == "history.csv:2: column 4: unexpected extra field '9'; the header has 3 columns.")
  }

  /// A semicolon- or tab-separated export is named as such (issue 7, item 6), not reported as
  /// lacking the month column it has.
  @Test func aSemicolonOrTabExportIsNamed() {
    #expect(
      Self.message("month;mqlLeads\n2024-01;10\n")
        == "history.csv:1: the header is one field, 'month;mqlLeads': the file looks semicolon-separated; "
        + "slasim reads comma-separated CSV, so export it with commas as the separator.")
    #expect(
      Self.message("month\tmqlLeads\n2024-01\t10\n")?.contains("the file looks tab-separated") == true)
    // One comma-separated column that happens to hold no separator is still the usual message.
    #expect(Self.message("leads\n10\n")?.contains("no 'month' column") == true)
  }

  // MARK: - Friendlier files (issue 7, item 6)

  /// Every bad cell of every used column is reported, in file order, not only the first.
  @Test func everyBadCellIsReported() {
    #expect(
      Self.message("month,a,b\n2024-01,1,x\n2024-02,,3\n2024-04,3,4\n2024-05,n/a,5\n")
        == """
        history.csv:2: column 'b' (3): expected a number; found 'x'.
        history.csv:3: column 'a' (2): expected a number; found an empty field.
        history.csv:4: column 'month' (1): expected 2024-03 after 2024-02; found 2024-04, so 2024-03 is missing.
        history.csv:5: column 'a' (2): expected a number; found 'n/a'.
        """)
  }

  /// Past ten problems in one column the rest are named by line, so a long export stays
  /// readable and still names every bad cell.
  @Test func manyBadCellsAreSummarisedByLine() throws {
    var text = "month,a\n"
    for i in 0..<30 { text += "20\(20 + i / 12)-\(String(format: "%02d", i % 12 + 1)),\(i < 3 || i == 20 ? "1" : "x")\n" }
    let lines = try #require(Self.message(text)).split(separator: "\n")
    // 26 bad cells on lines 5–21 and 23–31: ten in full, then the other sixteen.
    #expect(lines.count == 11)
    #expect(lines[0] == "history.csv:5: column 'a' (2): expected a number; found 'x'.")
    #expect(lines[9] == "history.csv:14: column 'a' (2): expected a number; found 'x'.")
    #expect(lines[10] == "history.csv: column 'a' (2): 16 more problems, on lines 15–21, 23–31.")
  }

  /// Text or gaps in a column a fit does not use do not block it; a column of text is left out
  /// of "every series" with a note, a numeric column with a gap is not (its gap is reported).
  @Test func problemsInUnusedColumnsDoNotBlock() throws {
    let h = try Self.parse("month,leads,owner,spend\n2024-01,10,ann,1\n2024-02,12,bob,\n2024-03,15,,3\n")
    #expect(try h.requireSeries(named: "leads").values == [10, 12, 15])
    #expect(try h.requireMonths().count == 3)
    #expect(h.fittableSeriesNames == ["leads", "spend"])
    #expect(h.notes == ["column 'owner' (3) holds no numbers; it is not fitted."])
    #expect(
      throws: HistoryError(
        file: "history.csv", line: 3, column: "spend", columnNumber: 4,
        problem: "expected a number; found an empty field.")
    ) { try h.requireSeries(named: ["leads", "spend"]) }
    let fit = try HistoryFitting.fitTrend(h, column: "leads", model: .linear)
    #expect(fit.fit.observationCount == 3)
  }

  /// A derived series reports its inputs' bad cells.
  @Test func aDerivedSeriesReportsItsInputsBadCells() throws {
    let h = try Self.parse("month,mqlLeads,mqlCustomers\n2024-01,100,20\n2024-02,n/a,25\n")
    #expect(h.series(named: "closeRate") == nil)
    #expect(
      throws: HistoryError(
        file: "history.csv", line: 3, column: "mqlLeads", columnNumber: 2, problem: "expected a number; found 'n/a'.")
    ) { try h.requireSeries(named: "closeRate") }
  }

  /// Excel's `,,,,` rows are skipped with a note; trailing empty fields are ignored.
  @Test func rowsOfEmptyCellsAreSkippedWithANote() throws {
    let h = try Self.parse("month,a,b\n2024-01,1,2\n,,\n2024-02,2,3,,\n , ,\n,,\n2024-03,3,4\n,\n")
    #expect(h.lines == [2, 4, 7])
    #expect(h.series(named: "b")?.values == [2, 3, 4])
    #expect(h.notes == ["skipped 4 rows of empty cells (lines 3, 5–6, 8)."])
    #expect(Self.message("month,a\n,\n,\n") == "history.csv:1: no data rows after the header (only rows of empty cells); expected one row per month.")
  }

  /// Without a month column a regression works; a trend says what it needs.
  @Test func aRegressionNeedsNoMonthColumn() throws {
    let h = try Self.parse("spend,leads\n10,100\n20,190\n30,310\n40,405\n")
    #expect(h.months.isEmpty)
    #expect(h.monthColumnNumber == nil)
    let fit = try HistoryFitting.fitRegression(h, response: "leads", predictors: ["spend"])
    // leads = -7.5 + 10.35 spend exactly by least squares on these four points (hand-computed:
    // Sxy = 5175, Sxx = 500, slope = 10.35, intercept = 251.25 - 10.35 · 25).
    #expect(abs(fit.fit.coefficients[1].estimate - 10.35) < 1e-12)
    #expect(abs(fit.fit.coefficients[0].estimate + 7.5) < 1e-11)
    #expect(throws: HistoryError.self) { try HistoryFitting.fitTrend(h, column: "leads", model: .linear) }
    #expect(throws: HistoryError.self) {
      try HistoryFitting.fitRegression(h, response: "leads", predictors: ["spend"], seasonal: true)
    }
    // Bad months block trends but not a regression.
    let gapped = try Self.parse("month,spend,leads\n2024-01,10,100\n2024-03,20,190\n2024-04,30,310\n2024-05,40,405\n")
    #expect(try HistoryFitting.fitRegression(gapped, response: "leads", predictors: ["spend"]).fit.observationCount == 4)
    #expect(throws: HistoryError.self) { try HistoryFitting.fitTrend(gapped, column: "leads", model: .linear) }
  }

  @Test func lineRanges() {
    #expect(HistoryError.ranges([]) == "")
    #expect(HistoryError.ranges([4]) == "4")
    #expect(HistoryError.ranges([3, 5, 6, 7, 12, 13]) == "3, 5–7, 12–13")
  }

  @Test func headerProblems() {
    #expect(
      Self.message("Month,a\n2024-01,1\n")
        == "history.csv:1: no 'month' column; a trend over time needs a header naming 'month' (YYYY-MM) beside the "
        + "numeric columns (a regression of one column on others, --y with --x, needs none); found 'Month' (names "
        + "are case-sensitive).")
    #expect(
      Self.message("month,a,a\n2024-01,1,2\n")
        == "history.csv:1: column 'a' (3): appears twice in the header (also column 2).")
    #expect(Self.message("month,,a\n2024-01,1,2\n") == "history.csv:1: column 2: the header has an empty column name.")
  }

  @Test func quotingProblems() {
    #expect(
      Self.message("month,a\n2024-01,\"1\n") == "history.csv:2: column 2: a quoted field has no closing quote.")
    #expect(
      Self.message("month,a\n2024-01,\"1\"x\n")
        == "history.csv:2: column 2: unexpected text after a closing quote; quote the whole field.")
  }

  @Test func notUTF8() {
    let bytes: [UInt8] = Array("month,a\n2024-01,".utf8) + [0xFF, 0x0A]
    #expect(throws: HistoryError(file: "h.csv", problem: "is not UTF-8 text; save it as CSV in UTF-8.")) {
      try MonthlyHistory.parse(csv: bytes, file: "h.csv")
    }
  }

  // MARK: - Refused models

  static func fitMessage(_ text: String, column: String, model: TrendModel = .linear) -> String? {
    do {
      let h = try parse(text)
      _ = try HistoryFitting.fitTrend(h, column: column, model: model)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func tooFewRowsForTheModel() {
    #expect(
      Self.fitMessage("month,a\n2024-01,1\n2024-02,2\n", column: "a")
        == "history.csv: column 'a' (2): a linear trend has 2 coefficients and needs at least 3 months (one more than its coefficients, to estimate the residual SD); found 2."
    )
    #expect(
      Self.fitMessage(
        "month,a\n2024-01,1\n2024-02,2\n2024-03,2\n2024-04,5\n", column: "a", model: TrendModel(degree: 3))
        == "history.csv: column 'a' (2): a cubic trend has 4 coefficients and needs at least 5 months (one more than its coefficients, to estimate the residual SD); found 4."
    )
  }

  @Test func seasonalNeedsTwentyFourMonths() {
    var text = "month,a\n"
    for i in 0..<18 { text += "\(YearMonth(uncheckedYear: 2024, month: 1).adding(months: i)),\(i)\n" }
    #expect(
      Self.fitMessage(text, column: "a", model: TrendModel(seasonal: true))
        == "history.csv: a seasonal model needs at least 24 months of history, so that every calendar month appears at least twice; found 18 (2024-01 to 2025-06). Fit without seasonality or add history."
    )
  }

  @Test func logLinearNeedsPositiveValues() {
    #expect(
      Self.fitMessage(
        "month,a\n2024-01,1\n2024-02,2\n2024-03,0\n2024-04,5\n", column: "a", model: TrendModel(logLinear: true))
        == "history.csv:4: column 'a' (2): a log-linear model needs positive values; found 0 in 2024-03. Use a linear trend for this series."
    )
  }

  @Test func unknownColumnSuggestsTheClosest() {
    #expect(
      Self.fitMessage("month,mqlLeads,cycleDays\n2024-01,1,2\n2024-02,2,3\n2024-03,4,4\n", column: "mqlLead")
        == "history.csv:1: no column 'mqlLead'; did you mean 'mqlLeads'? The numeric columns are 'mqlLeads', 'cycleDays'."
    )
  }

  @Test func collinearPredictorIsNamed() throws {
    let h = try Self.parse("month,y,a,b\n2024-01,1,1,2\n2024-02,3,2,4\n2024-03,2,3,6\n2024-04,5,4,8\n")
    #expect(
      throws: HistoryError(
        file: "history.csv", column: "y", columnNumber: 2,
        problem: "predictor 'b' is collinear with earlier predictors; remove it or add data.")
    ) {
      try HistoryFitting.fitRegression(h, response: "y", predictors: ["a", "b"])
    }
  }
}
