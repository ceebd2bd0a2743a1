import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

/// `slasim fit HISTORY.csv --calibrate SCENARIO.json --out NEW.json`.
@Suite struct CalibrateCommandTests {
  /// Two sources (30 and 90 leads a month: shares 0.25 and 0.75), a funnel that converts
  /// 0.8 × (1 − 0.5²) × 0.8 = 0.48 of leads into opportunities (company A's lead-to-customer
  /// rate of about 0.34 then needs a close rate of about 0.7, inside [0, 1]), and a trend the calibration keeps
  /// (its history path must be rebased for the new folder).
  static let scenario = """
    {
      "name": "calibrate me",
      "horizon": { "start": "2026-07-01", "months": 3 },
      "simulation": { "trials": 500, "seed": 7 },
      "marketing": {
        "sources": [
          { "name": "web", "leadsPerMonth": 30, "qualifyRate": 0.8,
            "valuePerLead": { "trend": { "history": "../history/company-a.csv", "column": "dealSize", "scale": 0.01 } } },
          { "name": "events", "leadsPerMonth": { "uniform": { "min": 80, "max": 100 } }, "qualifyRate": 0.8 }
        ],
        "goals": { "leadsPerMonth": 300 }
      },
      "sales": {
        "reps": 4, "hoursPerDay": 6,
        "followUp": { "maxAttempts": 2, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.5 },
        "opportunityRate": 0.8,
        "closeRate": 0.2, "dealSize": { "gamma": { "mean": 5000, "sd": 1000 } }, "cycleDays": 30,
        "openPipeline": { "opportunities": 50, "remainingDays": { "uniform": { "min": 0, "max": 30 } } },
        "goals": { "revenuePerMonth": 500000 }
      }
    }
    """

  /// `root/history/company-a.csv`, `root/scenarios/s.json`; the output goes to `root/out/new.json`.
  final class Workspace {
    let root: URL
    init(scenario: String = CalibrateCommandTests.scenario) throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("slasim-calibrate-\(UUID().uuidString)")
      for folder in ["history", "scenarios", "out"] {
        try FileManager.default.createDirectory(
          at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
      }
      try FileManager.default.copyItem(
        atPath: Repository.path("scenarios/history/company-a.csv"), toPath: path("history/company-a.csv"))
      try Data(scenario.utf8).write(to: root.appendingPathComponent("scenarios/s.json"))
    }
    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    deinit { try? FileManager.default.removeItem(at: root) }
  }

  static func trend(_ history: String, _ column: String, scale: Double? = nil) -> JSONValue {
    var fields = [
      JSONMember("history", .string(history)), JSONMember("column", .string(column)),
      JSONMember("model", .string("linear")),
    ]
    if let scale { fields.append(JSONMember("scale", .number(scale))) }
    return .object([JSONMember("trend", .object(fields))])
  }

  /// `value` with the member at `keys` (object keys or array indices) replaced by `new`.
  static func replacing(_ value: JSONValue, _ keys: [Any], with new: JSONValue) -> JSONValue {
    guard let first = keys.first else { return new }
    switch value {
    case .object(var members):
      guard let key = first as? String, let i = members.firstIndex(where: { $0.key == key }) else { return value }
      members[i].value = replacing(members[i].value, Array(keys.dropFirst()), with: new)
      return .object(members)
    case .array(var elements):
      guard let i = first as? Int, elements.indices.contains(i) else { return value }
      elements[i] = replacing(elements[i], Array(keys.dropFirst()), with: new)
      return .array(elements)
    default:
      return value
    }
  }

  @Test func calibrateWritesTrendsAndLeavesEveryOtherKeyAsItWas() async throws {
    let workspace = try Workspace()
    let out = workspace.path("out/new.json")
    let fit = try FitCommandTests.command([
      workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ])
    let outcome = try fit.calibration(of: workspace.path("scenarios/s.json"), writingTo: out)
    try Output.writeAtomically(outcome.text, to: out)

    // Expected: the original document with exactly these values replaced, in place.
    let original = try JSONParser.parse(Array(Self.scenario.utf8))
    let history = "../history/company-a.csv"
    var expected = original
    expected = Self.replacing(
      expected, ["marketing", "sources", 0, "valuePerLead"],
      with: .object([
        JSONMember(
          "trend",
          .object([
            JSONMember("history", .string(history)), JSONMember("column", .string("dealSize")),
            JSONMember("scale", .number(0.01)),
          ]))
      ]))
    expected = Self.replacing(
      expected, ["marketing", "sources", 0, "leadsPerMonth"], with: Self.trend(history, "mqlLeads", scale: 0.25))
    expected = Self.replacing(
      expected, ["marketing", "sources", 1, "leadsPerMonth"], with: Self.trend(history, "mqlLeads", scale: 0.75))
    // 1 ÷ 0.48 to 6 significant digits.
    expected = Self.replacing(expected, ["sales", "closeRate"], with: Self.trend(history, "closeRate", scale: 2.08333))
    expected = Self.replacing(expected, ["sales", "dealSize"], with: Self.trend(history, "dealSize"))
    expected = Self.replacing(expected, ["sales", "cycleDays"], with: Self.trend(history, "cycleDays"))
    let written = try JSONParser.parse(Array(try String(contentsOfFile: out, encoding: .utf8).utf8))
    #expect(written == expected)
    #expect(outcome.text == expected.prettyPrinted)

    // What stderr says.
    #expect(
      outcome.report.first
        == "slasim fit: calibrated \(workspace.path("scenarios/s.json")) from \(workspace.path("history/company-a.csv")) (linear trend); wrote \(out):"
    )
    #expect(
      outcome.report.contains(
        "  $.marketing.sources[1].leadsPerMonth: a uniform distribution → trend of mqlLeads × 0.75 (its share of "
          + "120 leads a month)"))
    #expect(
      outcome.report.contains(
        "  $.sales.closeRate: 0.2 → trend of closeRate (lead-to-customer) × 2.08333 (÷ the scenario's conversion "
          + "from lead to opportunity, 0.48)"))
    #expect(outcome.report.contains("  $.sales.cycleDays: 30 → trend of cycleDays"))
    // The kept trend already works from out/ (same depth as scenarios/): nothing to rebase.
    #expect(!outcome.report.contains { $0.contains("valuePerLead") })

    // The new file validates and runs.
    #expect(await runCommand(["validate", out]) == nil)
    let result = workspace.path("out/result.json")
    let error = await runCommand([
      "run", out, "--trials", "300", "--seed", "1", "--format", "json", "--out", result, "--quiet",
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    #expect(try String(contentsOfFile: result, encoding: .utf8).contains("\"marketing.leads\""))
  }

  /// A kept trend's history path is rewritten so that it still names the same file from the
  /// new scenario's folder.
  @Test func keptTrendsAreRebasedForTheNewFolder() async throws {
    let workspace = try Workspace()
    try FileManager.default.createDirectory(
      atPath: workspace.path("out/deeper"), withIntermediateDirectories: true)
    let out = workspace.path("out/deeper/new.json")
    let error = await runCommand([
      "fit", workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ])
    #expect(error == nil)
    let written = try JSONParser.parse(Array(try String(contentsOfFile: out, encoding: .utf8).utf8))
    let kept = written["marketing"]?["sources"]?[0]?["valuePerLead"]?["trend"]?["history"]
    #expect(kept == .string("../../history/company-a.csv"))
    #expect(written["sales"]?["dealSize"]?["trend"]?["history"] == .string("../../history/company-a.csv"))
    #expect(await runCommand(["validate", out]) == nil)
    let outcome = try FitCommandTests.command([
      workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ]).calibration(of: workspace.path("scenarios/s.json"), writingTo: out)
    // Only the kept trend is reported as rebased; the replaced values name the history afresh.
    #expect(
      outcome.report.filter { $0.contains("the same file") } == [
        "  note: $.marketing.sources[0].valuePerLead.trend.history: '../history/company-a.csv' → "
          + "'../../history/company-a.csv', the same file seen from the new scenario's folder."
      ])
  }

  @Test func aSingleSourceGetsTheWholeTrendWithoutAScale() throws {
    let single = Self.scenario.replacingOccurrences(
      of: """
        ,
              { "name": "events", "leadsPerMonth": { "uniform": { "min": 80, "max": 100 } }, "qualifyRate": 0.8 }
        """, with: "")
    let workspace = try Workspace(scenario: single)
    let out = workspace.path("out/new.json")
    let fit = try FitCommandTests.command([
      workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ])
    let outcome = try fit.calibration(of: workspace.path("scenarios/s.json"), writingTo: out)
    let written = try JSONParser.parse(Array(outcome.text.utf8))
    #expect(
      written["marketing"]?["sources"]?[0]?["leadsPerMonth"] == Self.trend("../history/company-a.csv", "mqlLeads"))
  }

  @Test func calibrateRefusesWhatItCannotDo() async throws {
    let workspace = try Workspace()
    let history = workspace.path("history/company-a.csv")
    let scenario = workspace.path("scenarios/s.json")
    func failure(_ arguments: [String]) async -> (String, Int32)? {
      guard let error = await runCommand(["fit"] + arguments) else { return nil }
      return (SLASimCommand.slasimMessage(for: error), SLASimCommand.slasimExitCode(for: error).rawValue)
    }
    let noOut = await failure([history, "--calibrate", scenario])
    #expect(noOut?.0 == "--calibrate writes a new scenario: name it with --out NEW.json.")
    #expect(noOut?.1 == 64)
    let withY = await failure([
      history, "--calibrate", scenario, "--out", workspace.path("out/x.json"), "--y", "mqlLeads",
    ])
    #expect(
      withY?.0
        == "--calibrate fits mqlLeads, closeRate, dealSize and cycleDays over time; drop --y, --x and --forecast "
        + "(calibrating '\(scenario)').")
    #expect(withY?.1 == 64)
    let missing = await failure([
      history, "--calibrate", workspace.path("scenarios/nope.json"), "--out", workspace.path("out/x.json"),
    ])
    #expect(missing?.0 == "\(workspace.path("scenarios/nope.json")): no such file.")
    #expect(missing?.1 == 66)
    // Company A 2020 is inside the history (2023-07 to 2026-06).
    let early = await failure([
      history, "--calibrate", Repository.path("scenarios/company-a-2020.json"), "--out", workspace.path("out/x.json"),
    ])
    #expect(
      early?.0
        == "\(history): the history ends in 2026-06, after the horizon starts (2020-01-01); a trend forecasts the "
        + "months after its history, so the horizon must start in 2026-07 or later.")
    #expect(early?.1 == 65)
    #expect(!FileManager.default.fileExists(atPath: workspace.path("out/x.json")))
    // A seasonal model needs 24 months: company A has 36, so it fits; --seasonal --no-intercept is a usage error.
    let seasonal = await failure([
      history, "--calibrate", scenario, "--out", workspace.path("out/x.json"), "--seasonal", "--no-intercept",
    ])
    #expect(seasonal?.1 == 64)
  }

  /// A close rate the scenario's funnel cannot pass on is refused with the reason (issue 7,
  /// item 6: it used to be clamped to 1 in every month with only a note), and nothing is written.
  @Test func aCloseRateAboveOneIsRefusedWithTheReason() async throws {
    // 0.8 × 0.75 × 0.3 = 0.18 of leads become opportunities: company A's ~0.34 needs ~1.9.
    let workspace = try Workspace(
      scenario: Self.scenario.replacingOccurrences(of: "\"opportunityRate\": 0.8", with: "\"opportunityRate\": 0.3"))
    let out = workspace.path("out/new.json")
    let error = await runCommand([
      "fit", workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ])
    let message = error.map { SLASimCommand.slasimMessage(for: $0) } ?? ""
    #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 65)
    #expect(
      message.hasPrefix(
        "\(workspace.path("history/company-a.csv")): column 'closeRate': cannot calibrate $.sales.closeRate: the "
          + "history's lead-to-customer rate ÷ the scenario's conversion from lead to opportunity (0.18) is above 1, "
          + "the most a rate can be, in 3 of the horizon's 3 months (up to "), "\(message)")
    #expect(message.contains("check qualifyRate, connectRate and opportunityRate against the history"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// A trend that runs below 0 is refused too: a straight line through a falling cycle length
  /// (hand-computed: slope −134/17.5 = −7.657143, intercept 18.333333 + 2.5 × 7.657143 =
  /// 37.476190, so t = 8, 2026-09, gives −23.780952).
  @Test func aTrendBelowZeroIsRefused() throws {
    let history = try MonthlyHistory.parse(
      csv: Array("month,cycleDays\n2026-01,40\n2026-02,30\n2026-03,20\n2026-04,12\n2026-05,5\n2026-06,3\n".utf8),
      file: "h.csv")
    let document = try JSONParser.parse(Array(Self.scenario.utf8))
    let loaded = ScenarioLoader.load(
      Self.scenario.replacingOccurrences(of: "\"valuePerLead\": { \"trend\": { \"history\": \"../history/company-a.csv\", \"column\": \"dealSize\", \"scale\": 0.01 } } ", with: "\"valuePerLead\": 50 "),
      file: "s.json")
    let scenario = try #require(loaded.scenario, "\(loaded.errors)")
    #expect(
      throws: HistoryError(
        file: "h.csv", column: "cycleDays",
        problem:
          "cannot calibrate $.sales.cycleDays: the trend of cycleDays is below 0, the least it can be, in 3 of the "
          + "horizon's 3 months (down to -23.781 in 2026-09); written, it would be clamped to 0 there, a value the "
          + "history does not support. A log-linear model (--model loglinear) stays positive; or fit a lower --degree.")
    ) {
      try ScenarioCalibration.calibrate(document: document, scenario: scenario, history: history, historyReference: "h.csv")
    }
  }

  /// The copied "$schema" path is rewritten so that an editor still finds the schema from the
  /// new file's folder; a URL is kept.
  @Test func theSchemaPathIsRebasedForTheNewFolder() async throws {
    let withSchema = "{\n  \"$schema\": \"../docs/scenario.schema.json\"," + Self.scenario.dropFirst(1)
    let workspace = try Workspace(scenario: withSchema)
    try FileManager.default.createDirectory(atPath: workspace.path("out/deeper"), withIntermediateDirectories: true)
    let out = workspace.path("out/deeper/new.json")
    let error = await runCommand([
      "fit", workspace.path("history/company-a.csv"), "--calibrate", workspace.path("scenarios/s.json"), "--out", out,
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    let written = try JSONParser.parse(Array(try String(contentsOfFile: out, encoding: .utf8).utf8))
    #expect(written["$schema"] == .string("../../docs/scenario.schema.json"))

    let url = "{\n  \"$schema\": \"https://example.com/s.json\"," + Self.scenario.dropFirst(1)
    let other = try Workspace(scenario: url)
    try FileManager.default.createDirectory(atPath: other.path("out/deeper"), withIntermediateDirectories: true)
    #expect(
      await runCommand([
        "fit", other.path("history/company-a.csv"), "--calibrate", other.path("scenarios/s.json"), "--out",
        other.path("out/deeper/new.json"),
      ]) == nil)
    let kept = try JSONParser.parse(Array(try String(contentsOfFile: other.path("out/deeper/new.json"), encoding: .utf8).utf8))
    #expect(kept["$schema"] == .string("https://example.com/s.json"))
  }

  /// A calibration reports every bad cell of the series it uses, and ignores other columns.
  @Test func calibrationReportsEveryBadCellOfWhatItUses() throws {
    let history = try MonthlyHistory.parse(
      csv: Array(
        "month,mqlLeads,cycleDays,owner\n2026-01,100,40,ann\n2026-02,n/a,30,bob\n2026-03,120,,cy\n2026-04,130,35,\n"
          .utf8), file: "h.csv")
    let document = try JSONParser.parse(Array(Self.scenario.utf8))
    let scenario = try #require(
      ScenarioLoader.load(
        Self.scenario.replacingOccurrences(of: "\"valuePerLead\": { \"trend\": { \"history\": \"../history/company-a.csv\", \"column\": \"dealSize\", \"scale\": 0.01 } } ", with: "\"valuePerLead\": 50 "),
        file: "s.json"
      ).scenario)
    let error = #expect(throws: HistoryError.self) {
      try ScenarioCalibration.calibrate(document: document, scenario: scenario, history: history, historyReference: "h.csv")
    }
    #expect(
      error?.description
        == "h.csv:3: column 'mqlLeads' (2): expected a number; found 'n/a'.\n"
        + "h.csv:4: column 'cycleDays' (3): expected a number; found an empty field.")
  }

  @Test func historyPathsAreRelativeToTheNewScenariosFolder() {
    let folder = URL(fileURLWithPath: "/work/repo/scenarios")
    #expect(PathText.relative("/work/repo/scenarios/history/a.csv", from: folder) == "history/a.csv")
    #expect(PathText.relative("/work/repo/history/a.csv", from: folder) == "../history/a.csv")
    #expect(PathText.relative("/work/repo/./x/../history/a.csv", from: folder) == "../history/a.csv")
    // Nothing in common below the root: absolute.
    #expect(PathText.relative("/tmp/a.csv", from: folder) == "/tmp/a.csv")
  }
}
