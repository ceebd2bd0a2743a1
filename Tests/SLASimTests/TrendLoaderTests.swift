import Testing

@testable import SLASim

/// Loading `{"trend": …}` values: what is accepted, and every refusal with its exact message.
///
/// Histories come from an in-memory reader, so the tests touch no files; the scenario is
/// `s/q.json`, so `h.csv` resolves to `s/h.csv`.
@Suite struct TrendLoaderTests {
  /// Monthly `mqlLeads` (100 + 3t + a wiggle) and `mqlCustomers`, `months` months ending 2026-06.
  static func history(months: Int, zeroAt: Int? = nil) -> String {
    let last = YearMonth(uncheckedYear: 2026, month: 6)
    var text = "month,mqlLeads,mqlCustomers\n"
    for t in 0..<months {
      let leads = t == zeroAt ? 0 : 100 + 3 * t + (t % 3)
      text += "\(last.adding(months: t - months + 1)),\(leads),\(20 + t % 4)\n"
    }
    return text
  }

  static let files: [String: String] = [
    "s/h.csv": history(months: 12),
    "s/short.csv": history(months: 18),
    "s/two.csv": history(months: 2),
    "s/zero.csv": history(months: 12, zeroAt: 4),
    "s/bad.csv": "month,mqlLeads\n2026-05,10\n2026-06,n/a\n",
  ]

  /// Reads `files`; counts the reads of each path in `reads`.
  final class Reader: @unchecked Sendable {
    var reads: [String: Int] = [:]
    func read(_ path: String) -> Result<[UInt8], ScenarioFileError> {
      reads[path, default: 0] += 1
      guard let text = TrendLoaderTests.files[path] else { return .failure(ScenarioFileError("no such file")) }
      return .success(Array(text.utf8))
    }
  }

  static func load(_ edits: [(String, String?)]) -> (ScenarioLoadResult, Reader) {
    let reader = Reader()
    return (ScenarioLoader.load(edited(edits), file: "s/q.json", readFile: reader.read), reader)
  }

  static func messages(_ edits: [(String, String?)]) -> [String] {
    load(edits).0.errors.map(\.description)
  }

  static let leadsPath = "marketing.sources[0].leadsPerMonth"

  // MARK: Accepted

  @Test func aTrendIsFittedAtLoadForTheHorizonMonths() throws {
    let (result, reader) = Self.load([
      (Self.leadsPath, #"{"trend": {"history": "h.csv", "column": "mqlLeads", "model": "linear"}}"#),
      ("marketing.sources[1].leadsPerMonth", #"{"trend": {"history": "h.csv", "column": "mqlLeads", "scale": 0.5}}"#),
      ("sales.closeRate", #"{"trend": {"history": "h.csv", "column": "closeRate", "degree": 2}}"#),
    ])
    #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
    let scenario = try #require(result.scenario)
    guard case .trend(let leads) = scenario.marketing.sources[0].leadsPerMonth,
      case .trend(let half) = scenario.marketing.sources[1].leadsPerMonth,
      case .trend(let close) = scenario.sales.closeRate
    else {
      Issue.record("expected trends")
      return
    }
    #expect(leads.history == "h.csv" && leads.resolvedHistory == "s/h.csv" && leads.column == "mqlLeads")
    #expect(leads.model == .linear && leads.scale == 1 && leads.bounds == .nonNegative)
    #expect(leads.lastHistoryMonth.description == "2026-06")
    #expect(leads.forecaster.months.map(\.description) == ["2026-07", "2026-08", "2026-09"])
    #expect(half.scale == 0.5 && half.forecaster == leads.forecaster)
    #expect(close.bounds == .unitInterval && close.model == TrendModel(degree: 2))
    // The plan's mean is the point forecast, as `slasim fit --forecast` prints it.
    let history = try MonthlyHistory.parse(csv: Array(Self.history(months: 12).utf8), file: "s/h.csv")
    let printed = try HistoryFitting.fitTrend(history, column: "mqlLeads", model: .linear, horizon: 3)
    #expect(leads.mean(on: TestScenarios.date("2026-08-01")) == printed.forecast[1].mean)
    #expect(half.mean(on: TestScenarios.date("2026-08-01")) == 0.5 * printed.forecast[1].mean)
    // One read per file, however many trends name it.
    #expect(reader.reads == ["s/h.csv": 1])
  }

  @Test func everyFieldThatAcceptsATrendDoes() {
    let trend = #"{"trend": {"history": "h.csv", "column": "mqlCustomers"}}"#
    let fields = [
      "marketing.sources[0].leadsPerMonth", "marketing.sources[0].valuePerLead", "marketing.sources[0].qualifyRate",
      "sales.followUp.connectRate", "sales.closeRate", "sales.dealSize", "sales.cycleDays",
      "sales.otherRevenuePerMonth", "service.ticketsPerCustomerPerMonth", "service.handleMinutes",
      "service.patienceMinutes", "service.monthlyChurn",
    ]
    #expect(fields.count == ScenarioDecoder.trendFields.count)
    for field in fields {
      let messages = Self.messages([("service", serviceSection), (field, trend)])
      #expect(messages.isEmpty, "\(field): \(messages)")
    }
  }

  // MARK: Refused

  @Test func aMissingHistoryIsAnUnreadableFile() throws {
    let (result, _) = Self.load([(Self.leadsPath, #"{"trend": {"history": "nope.csv", "column": "mqlLeads"}}"#)])
    #expect(
      result.errors.map(\.description) == [
        "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.history: cannot read s/nope.csv: no such file; "
          + "expected a monthly history CSV file, at a path relative to the scenario's folder; found 'nope.csv'."
      ])
    #expect(result.errors.first?.isUnreadableFile == true)
  }

  @Test(arguments: [
    (
      #"{"trend": {"history": "bad.csv", "column": "mqlLeads"}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.history: s/bad.csv:3: column 'mqlLeads' (2): "
        + "expected a number; found 'n/a'."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLead"}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.column: s/h.csv:1: no column 'mqlLead'; did you mean "
        + "'mqlLeads'? The numeric columns are 'mqlLeads', 'mqlCustomers', 'closeRate'."
    ),
    (
      #"{"trend": {"history": "short.csv", "column": "mqlLeads", "seasonal": true}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend: s/short.csv: a seasonal model needs at least 24 months "
        + "of history, so that every calendar month appears at least twice; found 18 (2025-01 to 2026-06). Fit "
        + "without seasonality or add history."
    ),
    (
      #"{"trend": {"history": "zero.csv", "column": "mqlLeads", "model": "loglinear"}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend: s/zero.csv:6: column 'mqlLeads' (2): a log-linear "
        + "model needs positive values; found 0 in 2025-11. Use a linear trend for this series."
    ),
    (
      #"{"trend": {"history": "two.csv", "column": "mqlLeads"}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend: s/two.csv: column 'mqlLeads' (2): a linear trend has "
        + "2 coefficients and needs at least 3 months (one more than its coefficients, to estimate the residual SD); "
        + "found 2."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLeads", "model": "quadratic", "degree": 11, "scale": -1}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.model: expected 'linear' or 'loglinear'; found "
        + "'quadratic'.\n"
        + "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.degree: must be a whole number from 1 to 10 (the "
        + "polynomial degree in t); found 11.\n"
        + "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.scale: must be a positive number (every drawn value "
        + "is multiplied by it), at most 1,000,000; found -1."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLeads", "seasonal": true, "intercept": false}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.intercept: a seasonal trend measures each month against "
        + "January and needs the intercept; remove \"intercept\": false or \"seasonal\": true."
    ),
    (
      #"{"trend": {"history": "h.csv", "colum": "mqlLeads"}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend: unknown key 'colum'. Did you mean 'column'?"
    ),
    (
      #"{"trend": {"history": "", "column": 3}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.history: must be the path of a monthly history CSV "
        + "file, relative to the scenario's folder; found ''.\n"
        + "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.column: must name a numeric column or derived series "
        + "of the history, such as 'mqlLeads'; found 3."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLeads"}, "scale": 2}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth: a trend is an object with one key, 'trend'; found an object "
        + "with keys 'trend' and 'scale'."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLeads", "scale": 1e300}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.scale: must be a positive number (every drawn value "
        + "is multiplied by it), at most 1,000,000; found 1e300."
    ),
    (
      #"{"trend": {"history": "h.csv", "column": "mqlLeads", "scale": 1000000}}"#,
      "s/q.json: $.marketing.sources[0].leadsPerMonth.trend: its largest monthly forecast × scale is 143476000, "
        + "above 5,000,000, the largest number of leads per month; lower 'scale' or fit another model."
    ),
  ])
  func badTrendsAreReportedAtTheirPath(_ json: String, _ expected: String) {
    #expect(Self.messages([(Self.leadsPath, json)]).joined(separator: "\n") == expected)
  }

  @Test func theHorizonMustStartAfterTheHistory() {
    let messages = Self.messages([
      ("horizon.start", #""2026-05-01""#),
      (Self.leadsPath, #"{"trend": {"history": "h.csv", "column": "mqlLeads"}}"#),
    ])
    #expect(
      messages == [
        "s/q.json: $.marketing.sources[0].leadsPerMonth.trend.history: s/h.csv: the history ends in 2026-06, after "
          + "the horizon starts (2026-05-01); a trend forecasts the months after its history, so the horizon must "
          + "start in 2026-07 or later."
      ])
  }

  @Test func trendsAreRefusedWhereTheyAreNotAllowed() {
    let trend = #"{"trend": {"history": "h.csv", "column": "mqlLeads"}}"#
    let allowed =
      "leadsPerMonth, valuePerLead, qualifyRate, connectRate, closeRate, dealSize, cycleDays, otherRevenuePerMonth, "
      + "ticketsPerCustomerPerMonth, handleMinutes, patienceMinutes and monthlyChurn"
    #expect(
      Self.messages([("sales.openPipeline", #"{"opportunities": 3, "remainingDays": \#(trend)}"#)]) == [
        "s/q.json: $.sales.openPipeline.remainingDays: cannot follow a trend; trends are allowed for \(allowed); "
          + "found a trend."
      ])
    #expect(
      Self.messages([("sales.opportunityRate", trend)]) == [
        "s/q.json: $.sales.opportunityRate: cannot follow a trend; trends are allowed for \(allowed); found a trend."
      ])
    #expect(
      Self.messages([("sales.goals.revenuePerMonth", trend)]) == [
        "s/q.json: $.sales.goals.revenuePerMonth: a goal must be a fixed number or a schedule of fixed numbers; "
          + "found a trend."
      ])
    #expect(
      Self.messages([("sales.dealSize", #"{"schedule": [{"from": "2026-07-01", "value": \#(trend)}]}"#)]) == [
        "s/q.json: $.sales.dealSize.schedule[0].value: a schedule point's value must be a number or a distribution; "
          + "found a trend."
      ])
  }

  @Test func pathsAreRelativeToTheScenariosFolder() {
    #expect(ScenarioLoader.resolve("history/a.csv", relativeTo: "scenarios/q3.json") == "scenarios/history/a.csv")
    #expect(ScenarioLoader.resolve("history/a.csv", relativeTo: "q3.json") == "history/a.csv")
    #expect(ScenarioLoader.resolve("../h/a.csv", relativeTo: "/x/s/q3.json") == "/x/s/../h/a.csv")
    #expect(ScenarioLoader.resolve("/abs/a.csv", relativeTo: "scenarios/q3.json") == "/abs/a.csv")
  }

  @Test func theDiskReaderSaysWhyAFileCannotBeRead() {
    #expect(ScenarioLoader.readFile("/nonexistent/h.csv") == .failure(ScenarioFileError("no such file")))
    #expect(ScenarioLoader.readFile("/") == .failure(ScenarioFileError("is a directory; expected a file")))
  }
}
