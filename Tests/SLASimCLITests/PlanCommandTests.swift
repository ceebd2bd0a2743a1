import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

@Suite(.serialized) struct PlanCommandTests {
  static func json(_ path: String) throws -> JSONValue { try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }

  /// `--write-scenario` writes the plan as goals; `run` on that file, at the plan's seed and
  /// trials, meets each month's revenue goal in exactly the trials the plan counted, and the
  /// file keeps working from another folder (its `$schema` and histories rebased).
  @Test func writtenScenarioReproducesThePlansMonthCounts() async throws {
    let planOut = temporaryPath("plan-q3.json")
    let written = temporaryPath("q3-planned.json")
    let runOut = temporaryPath("q3-planned-run.json")
    let error = await runCommand([
      "plan", Repository.path("scenarios/q3.json"), "--annual-revenue", "1300000", "--trials", "1500", "--seed", "5",
      "--write-scenario", written, "--out", planOut, "--format", "json", "--quiet",
    ])
    #expect(error == nil, "\(error.map(SLASimCommand.slasimMessage) ?? "")")
    let plan = try Self.json(planOut)
    let months = try #require(plan["splits"]?["equal-risk"]?["months"])
    guard case .array(let planMonths) = months else { throw CocoaError(.fileReadCorruptFile) }
    let planned = planMonths.compactMap { $0["probability"]?["successes"] }
    #expect(planned.count == 3)

    let runError = await runCommand([
      "run", written, "--trials", "1500", "--seed", "5", "--out", runOut, "--format", "json", "--quiet",
    ])
    #expect(runError == nil, "\(runError.map(SLASimCommand.slasimMessage) ?? "")")
    let run = try Self.json(runOut)
    guard case .array(let byMonth)? = run["parties"]?["sales"]?["goals"]?["revenuePerMonth"]?["byMonth"] else {
      Issue.record("no revenuePerMonth goal in the planned scenario's run")
      return
    }
    #expect(byMonth.compactMap { $0["probability"]?["successes"] } == planned)
    // The quotas are the goals, and each source has a lead goal.
    #expect(
      byMonth.compactMap { $0["target"] } == planMonths.compactMap { $0["quota"] })
    let scenario = try #require(ScenarioLoader.load(String(decoding: try Data(contentsOf: URL(fileURLWithPath: written)), as: UTF8.self), file: written).scenario)
    #expect(scenario.marketing.sources.allSatisfy { $0.leadsGoalPerMonth != nil })
  }

  @Test func tableFitsEightyColumnsAndShowsEverySplit() async throws {
    let out = temporaryPath("plan-table.txt")
    let error = await runCommand([
      "plan", Repository.path("scenarios/company-a-trend.json"), "--annual-revenue", "4000000", "--trials", "600",
      "--over-assign", "1.15", "--out", out, "--format", "table", "--quiet",
    ])
    #expect(error == nil, "\(error.map(SLASimCommand.slasimMessage) ?? "")")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    for word in ["equal-risk", "even", "forecast", "every month met", "common level", "Over-assigned", "Leads to deliver"] {
      #expect(text.contains(word), "no '\(word)' in the table")
    }
  }

  @Test func badOptionsAreUsageErrorsThatSayWhatIsValid() async {
    let cases: [([String], String)] = [
      (["--annual-revenue", "-5"], "--annual-revenue must be an amount from 0 to 1,000,000,000,000 (10^12); found -5.0."),
      (["--annual-revenue", "1e13"], "--annual-revenue must be an amount from 0 to 1,000,000,000,000 (10^12); found 10000000000000.0."),
      (
        ["--annual-revenue", "100", "--over-assign", "0.9"],
        "--over-assign must be a factor from 1 to 10, such as 1.15 (reps' quotas add up to F × the target); found 0.9."
      ),
      (
        ["--annual-revenue", "100", "--write-scenario", "a.json", "--out", "a.json"],
        "--write-scenario and --out name the same file, 'a.json'; give two files."
      ),
    ]
    for (arguments, message) in cases {
      let error = await runCommand(["plan", "q3.json"] + arguments)
      #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64, "\(arguments)")
      #expect(error.map { SLASimCommand.slasimMessage(for: $0) } == message)
    }
    let split = await runCommand(["plan", "q3.json", "--annual-revenue", "1", "--split", "fair"])
    #expect(split.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
    let missing = await runCommand(["plan", "q3.json"])
    #expect(missing.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
  }

  @Test func missingAndInvalidScenarios() async throws {
    let missing = await runCommand(["plan", "/nonexistent/q3.json", "--annual-revenue", "1"])
    #expect(missing.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 66)
    let bad = temporaryPath("plan-bad.json")
    try #"{"name": "x"}"#.write(toFile: bad, atomically: true, encoding: .utf8)
    let invalid = await runCommand(["plan", bad, "--annual-revenue", "1"])
    #expect(invalid.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 65)
    #expect(invalid.map { SLASimCommand.slasimMessage(for: $0) }?.hasPrefix(bad + ":") == true)
  }
}
