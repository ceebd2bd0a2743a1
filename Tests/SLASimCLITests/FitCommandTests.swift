import ArgumentParser
import Foundation
import Testing

@testable import SLASimCLI

/// `slasim fit`: option parsing, exit codes, exact error texts, the JSON paths of
/// docs/output.md and a golden table for the sample history.
@Suite struct FitCommandTests {
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let companyA = repositoryRoot.appendingPathComponent("scenarios/history/company-a.csv").path

  static func command(_ arguments: [String]) throws -> SLASimCommand.Fit {
    let parsed = try SLASimCommand.parseAsRoot(["fit"] + arguments)
    guard let fit = parsed as? SLASimCommand.Fit else {
      throw CommandFailure.internalError("parsed \(type(of: parsed)), expected Fit")
    }
    return fit
  }

  /// The message and exit code of running `slasim fit` with `arguments` (parse, validate, run).
  static func failure(_ arguments: [String]) -> (message: String, code: Int32)? {
    do {
      _ = try command(arguments).output()
      return nil
    } catch {
      return (SLASimCommand.slasimMessage(for: error), SLASimCommand.slasimExitCode(for: error).rawValue)
    }
  }

  /// A file in a fresh temporary folder.
  static func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slasim-fit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static func months(_ count: Int, from start: (Int, Int) = (2024, 1)) -> [String] {
    (0..<count).map { i in
      let total = start.0 * 12 + start.1 - 1 + i
      return String(format: "%04d-%02d", total / 12, total % 12 + 1)
    }
  }

  // MARK: - Output

  /// Golden output for the README's example.
  ///
  /// Re-record with `SLASIM_RECORD_SNAPSHOTS=1`.
  @Test func tableForCompanyAMatchesTheSnapshot() throws {
    let output = try Self.command([Self.companyA, "--forecast", "3"]).output()
      .replacingOccurrences(of: Self.repositoryRoot.path + "/", with: "")
    let name = "fit-company-a-forecast-3.txt"
    // Snapshots are read from the source tree, next to this file.
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    if ProcessInfo.processInfo.environment["SLASIM_RECORD_SNAPSHOTS"] == "1" {
      try Data(output.utf8).write(to: url)
      return
    }
    #expect(output == (try String(contentsOf: url, encoding: .utf8)))
  }

  @Test func jsonHasTheDocumentedPaths() throws {
    let text = try Self.command([Self.companyA, "--forecast", "3", "--format", "json"]).output()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let metrics = try #require(root["metrics"] as? [String: Any])
    #expect(
      Set(metrics.keys) == [
        "mqlLeads", "mqlCustomers", "mqlRevenue", "marketingRevenue", "totalRevenue", "cycleDays", "closeRate",
        "dealSize", "marketingShare",
      ])
    let leads = try #require(metrics["mqlLeads"] as? [String: Any])
    let coefficients = try #require(leads["coefficients"] as? [[String: Any]])
    #expect(coefficients.map { $0["name"] as? String } == ["intercept", "t"])
    for c in coefficients {
      #expect(Set(c.keys) == ["name", "estimate", "stdError", "t", "p"])
      #expect(c["estimate"] is Double && c["stdError"] is Double && c["t"] is Double && c["p"] is Double)
    }
    for key in ["residualSD", "rSquared", "adjustedRSquared"] { #expect(leads[key] is Double, "\(key)") }
    let forecast = try #require(leads["forecast"] as? [[String: Any]])
    #expect(forecast.map { $0["month"] as? String } == ["2026-07", "2026-08", "2026-09"])
    for f in forecast {
      let mean = try #require(f["mean"] as? Double)
      let low80 = try #require(f["low80"] as? Double)
      let high80 = try #require(f["high80"] as? Double)
      let low95 = try #require(f["low95"] as? Double)
      let high95 = try #require(f["high95"] as? Double)
      #expect(low95 < low80 && low80 < mean && mean < high80 && high80 < high95)
    }
    // Metrics appear in file order, then the derived series.
    let order = ["\"mqlLeads\": {", "\"cycleDays\": {", "\"closeRate\": {", "\"marketingShare\": {"]
      .compactMap { text.range(of: $0)?.lowerBound }
    #expect(order.count == 4 && order == order.sorted())
    let closeRate = try #require(metrics["closeRate"] as? [String: Any])
    #expect(closeRate["derivedAs"] as? String == "mqlCustomers ÷ mqlLeads")
  }

  @Test func onlyTheRequestedColumnWithAQuadraticTrend() throws {
    let text = try Self.command([Self.companyA, "--y", "closeRate", "--degree", "2", "--format", "json"]).output()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let metrics = try #require(root["metrics"] as? [String: Any])
    #expect(Array(metrics.keys) == ["closeRate"])
    let coefficients = try #require((metrics["closeRate"] as? [String: Any])?["coefficients"] as? [[String: Any]])
    #expect(coefficients.map { $0["name"] as? String } == ["intercept", "t", "t^2"])
  }

  @Test func regressionOnOtherColumns() throws {
    let text = try Self.command([Self.companyA, "--y", "mqlCustomers", "--x", "mqlLeads", "--format", "json"]).output()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let entry = try #require((root["metrics"] as? [String: Any])?["mqlCustomers"] as? [String: Any])
    #expect((entry["coefficients"] as? [[String: Any]])?.map { $0["name"] as? String } == ["intercept", "mqlLeads"])
    #expect(entry["model"] as? String == "regression on mqlLeads")
    #expect((entry["forecast"] as? [Any])?.isEmpty == true)
  }

  @Test func outWritesTheSameTextToAFile() throws {
    let out = try Self.temporaryFile("placeholder.txt", bytes: [])
    try Self.command([Self.companyA, "--y", "mqlLeads", "--forecast", "2", "--out", out]).run()
    let written = try String(contentsOfFile: out, encoding: .utf8)
    #expect(written == (try Self.command([Self.companyA, "--y", "mqlLeads", "--forecast", "2"]).output()))
  }

  @Test func acceptsByteOrderMarkAndCRLF() throws {
    let text =
      "month,mqlLeads\r\n" + Self.months(6).enumerated().map { "\($0.element),\(300 + $0.offset * 3)\r\n" }.joined()
    let path = try Self.temporaryFile("h.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
    let output = try Self.command([path, "--format", "json"]).output()
    #expect(output.contains("\"mqlLeads\": {"))
  }

  /// A regression (`--y` with `--x`) needs no month column; the table says rows, the JSON has
  /// `rows` and `"months": null` (issue 7, item 6). A CRM export with a text column and an
  /// Excel row of empty cells fits too.
  @Test func aRegressionOnAnExportWithoutMonths() throws {
    let path = try Self.temporaryFile(
      "export.csv", bytes: Array("spend,leads,owner\n10,100,ann\n20,190,bob\n,,\n30,310,ann\n40,405,cy\n".utf8))
    let table = try Self.command([path, "--y", "leads", "--x", "spend"]).output()
    #expect(table.hasPrefix("\(path): 4 rows (no month column)\n\nleads: regression on spend\n"))
    #expect(table.contains("4 observations, 2 df"))
    #expect(table.contains("note: column 'owner' (3) holds no numbers; it is not fitted.\n"))
    #expect(table.contains("note: skipped 1 row of empty cells (line 4).\n"))
    let json = try Self.command([path, "--y", "leads", "--x", "spend", "--format", "json"]).output()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(root["rows"] as? Int == 4)
    #expect(root["months"] is NSNull)
    #expect(root["time"] is NSNull)
    // A trend over time needs the months, and says so.
    let trend = try #require(Self.failure([path, "--y", "leads"]))
    #expect(trend.code == 65)
    #expect(trend.message.hasPrefix("\(path):1: no 'month' column; a trend over time needs a header naming 'month'"))
  }

  /// Every bad cell of what a fit uses is reported, and nothing else: a regression is not
  /// blocked by a gap in a column it does not use, nor by a missing month.
  @Test func everyBadCellOfTheUsedColumnsAndNoOther() throws {
    let path = try Self.temporaryFile(
      "history.csv",
      bytes: Array("month,a,b,c\n2024-01,1,2,x\n2024-02,,3,1\n2024-04,3,n/a,2\n2024-05,4,6,\n2024-06,5,8,3\n".utf8))
    let all = try #require(Self.failure([path]))
    #expect(
      all.message
        == """
        \(path):2: column 'c' (4): expected a number; found 'x'.
        \(path):3: column 'a' (2): expected a number; found an empty field.
        \(path):4: column 'month' (1): expected 2024-03 after 2024-02; found 2024-04, so 2024-03 is missing.
        \(path):4: column 'b' (3): expected a number; found 'n/a'.
        \(path):5: column 'c' (4): expected a number; found an empty field.
        """)
    #expect(
      Self.failure([path, "--y", "b", "--x", "a"])?.message
        == "\(path):3: column 'a' (2): expected a number; found an empty field.\n"
        + "\(path):4: column 'b' (3): expected a number; found 'n/a'.")
    // Only c and its months are wrong for a regression of c on nothing bad: a time trend of a
    // clean column still needs clean months.
    #expect(Self.failure([path, "--y", "b", "--x", "c"])?.message.contains("column 'a'") == false)
    let noMonths = try Self.temporaryFile(
      "history.csv", bytes: Array("month,a,b\n2024-01,1,2\n2024-03,2,4.1\n2024-02,3,5.9\n2024-07,4,8\n".utf8))
    #expect(Self.failure([noMonths, "--y", "b", "--x", "a"]) == nil)
    #expect(try Self.command([noMonths, "--y", "b", "--x", "a"]).output().contains("4 rows (the month column is not used)"))
  }

  // MARK: - Bad input: exit 65 (data) or 66 (no file), exact messages

  @Test func textInANumericColumnIsADataError() throws {
    let path = try Self.temporaryFile("history.csv", bytes: Array("month,mqlLeads\n2024-01,300\n2024-02,n/a\n".utf8))
    let result = try #require(Self.failure([path]))
    #expect(result.message == "\(path):3: column 'mqlLeads' (2): expected a number; found 'n/a'.")
    #expect(result.code == 65)
  }

  @Test func emptyFileIsADataError() throws {
    let path = try Self.temporaryFile("history.csv", bytes: [])
    let result = try #require(Self.failure([path]))
    #expect(
      result.message
        == "\(path): the file is empty; expected a header line such as 'month,mqlLeads' and one row per month.")
    #expect(result.code == 65)
  }

  @Test func missingFileIsNoInput() {
    let result = Self.failure(["/nonexistent/history.csv"])
    #expect(result?.message == "/nonexistent/history.csv: no such file.")
    #expect(result?.code == 66)
  }

  @Test func seasonalRefusesFewerThanTwentyFourMonths() throws {
    let text = "month,mqlLeads\n" + Self.months(20).map { "\($0),300\n" }.joined()
    let path = try Self.temporaryFile("history.csv", bytes: Array(text.utf8))
    let result = try #require(Self.failure([path, "--seasonal"]))
    #expect(
      result.message
        == "\(path): a seasonal model needs at least 24 months of history, so that every calendar month appears at least twice; found 20 (2024-01 to 2025-08). Fit without seasonality or add history."
    )
    #expect(result.code == 65)
  }

  @Test func logLinearRefusesANonPositiveSeries() throws {
    let path = try Self.temporaryFile(
      "history.csv", bytes: Array("month,a\n2024-01,3\n2024-02,-1\n2024-03,4\n2024-04,6\n".utf8))
    let result = try #require(Self.failure([path, "--model", "loglinear"]))
    #expect(
      result.message
        == "\(path):3: column 'a' (2): a log-linear model needs positive values; found -1 in 2024-02. Use a linear trend for this series."
    )
    #expect(result.code == 65)
  }

  @Test func tooFewMonthsForTheDegree() throws {
    let path = try Self.temporaryFile("history.csv", bytes: Array("month,a\n2024-01,3\n2024-02,1\n2024-03,4\n".utf8))
    let result = try #require(Self.failure([path, "--degree", "2"]))
    #expect(
      result.message
        == "\(path): column 'a' (2): a quadratic trend has 3 coefficients and needs at least 4 months (one more than its coefficients, to estimate the residual SD); found 3."
    )
    #expect(result.code == 65)
  }

  @Test func unknownColumnIsADataError() throws {
    let result = try #require(Self.failure([Self.companyA, "--y", "closerate"]))
    #expect(
      result.message.hasSuffix(
        ":1: no column 'closerate'; did you mean 'closeRate'? The numeric columns are 'mqlLeads', 'mqlCustomers', 'mqlRevenue', 'marketingRevenue', 'totalRevenue', 'cycleDays', 'closeRate', 'dealSize', 'marketingShare'."
      ))
    #expect(result.code == 65)
  }

  /// A column that resembles none still ends its sentence before the list (issue 7, item 7).
  @Test func unknownPredictorListsTheColumns() throws {
    let result = try #require(Self.failure([Self.companyA, "--y", "mqlLeads", "--x", "nope"]))
    #expect(result.message.hasSuffix(":1: no column 'nope'. The numeric columns are 'mqlLeads', 'mqlCustomers', "
      + "'mqlRevenue', 'marketingRevenue', 'totalRevenue', 'cycleDays', 'closeRate', 'dealSize', 'marketingShare'."))
    #expect(result.code == 65)
  }

  // MARK: - Usage errors: exit 64

  @Test(arguments: [
    (
      ["--seasonal", "--no-intercept"],
      "--seasonal measures each month against January and needs the intercept; drop --no-intercept."
    ),
    (["--degree", "0"], "--degree must be between 1 and 10; found 0."),
    (["--forecast", "200"], "--forecast must be a whole number of months from 0 to 120; found 200."),
    (["--forecast", "-1"], "--forecast must be a whole number of months from 0 to 120; found -1."),
    (["--x", "mqlLeads"], "--x needs --y: name the column to regress on 'mqlLeads'."),
    (
      ["--y", "mqlCustomers", "--x", "mqlLeads,"], "--x must list column names separated by commas; found 'mqlLeads,'."
    ),
    (
      ["--y", "mqlCustomers", "--x", "mqlLeads,cycleDays", "--degree", "2"],
      "--degree applies to a single --x; found 2 predictors ('mqlLeads', 'cycleDays')."
    ),
    (
      ["--y", "mqlCustomers", "--x", "mqlLeads", "--forecast", "3"],
      "--forecast needs a time trend; with --x the future values of the predictors are unknown. Drop --x or --forecast."
    ),
  ])
  func invalidOptionCombinationsAreUsageErrors(_ arguments: [String], _ message: String) {
    let result = Self.failure([Self.companyA] + arguments)
    #expect(result?.message == message)
    #expect(result?.code == 64)
  }
}
