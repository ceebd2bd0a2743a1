import ArgumentParser
import Foundation
import Testing

@testable import SLASimCLI

/// `slasim solve` and `slasim stress` as users call them (issue 8, item 6): options, their
/// messages and exit codes (DESIGN.md §1), the JSON and CSV field paths, and the README's
/// examples.
@Suite struct SearchCommandTests {
  static let q3 = Repository.path("scenarios/q3.json")
  /// Small schedules for the debug build; the figures are not checked here (GoalSeekTests,
  /// StressTests do), only that the commands deliver them.
  static let small = ["--trials", "256", "--max-trials", "512"]

  @Test func parsesOptionsAndDefaults() throws {
    let solve = try #require(
      try SLASimCommand.parseAsRoot(["solve", Self.q3, "--vary", "sales.reps", "--target", "0.9"])
        as? SLASimCommand.Solve)
    #expect(solve.vary == "sales.reps" && solve.target == 0.9 && solve.goal == nil && solve.tolerance == nil)
    #expect(solve.trials.trials == nil && solve.trials.maxTrials == nil && solve.output.seed == nil)
    let stress = try #require(try SLASimCommand.parseAsRoot(["stress", Self.q3]) as? SLASimCommand.Stress)
    #expect(try SLASimCommand.Stress.shares(stress.levels) == [0.99, 0.999, 0.9999, 0.99999])
    #expect(stress.confidence == 0.9)
    #expect(try SLASimCommand.Stress.shares("99.5, 90,5,.5") == [0.995, 0.9, 0.05, 0.005])
  }

  /// The schedule: --trials (default 4,096, or the scenario's trials when fewer) doubling up
  /// to --max-trials (default the scenario's trials, at least --trials, else 65,536).
  @Test func scheduleDefaults() throws {
    let scenario = try ScenarioFile.load(path: Self.q3).0
    func schedule(_ arguments: [String]) throws -> (Int, Int) {
      let s = try #require(try SLASimCommand.parseAsRoot(["stress", Self.q3] + arguments) as? SLASimCommand.Stress)
      let t = s.trials.schedule(for: scenario)
      return (t.initial, t.maximum)
    }
    let scenarioTrials = try #require(scenario.simulation.trials)
    #expect(try schedule([]) == (min(4096, scenarioTrials), max(min(4096, scenarioTrials), scenarioTrials)))
    #expect(try schedule(["--trials", "100"]) == (100, max(100, scenarioTrials)))
    #expect(try schedule(["--trials", "100", "--max-trials", "100"]) == (100, 100))
  }

  /// Each invalid option and its message; all are usage errors (exit 64).
  static let invalid: [(arguments: [String], message: String)] = [
    (
      ["solve", q3, "--vary", "sales.reps", "--target", "1.5"],
      "--target must be a probability strictly between 0 and 1, such as 0.9; found 1.5."
    ),
    (
      ["solve", q3, "--vary", "sales.reps", "--target", "0"],
      "--target must be a probability strictly between 0 and 1, such as 0.9; found 0.0."
    ),
    (
      ["solve", q3, "--vary", "sales.hoursPerDay", "--target", "0.9", "--tolerance", "-1"],
      "--tolerance must be a positive number; found -1.0."
    ),
    (
      ["solve", q3, "--target", "0.9"],
      "Missing expected argument '--vary <path>'"
    ),
    (
      ["stress", q3, "--levels", "99,abc"],
      "--levels must be percentages above 0 and below 100, separated by commas (such as 99,99.9,99.99); found 'abc' in '99,abc'."
    ),
    (
      ["stress", q3, "--levels", "100"],
      "--levels must be percentages above 0 and below 100, separated by commas (such as 99,99.9,99.99); found '100' in '100'."
    ),
    (["stress", q3, "--levels", "99,99"], "--levels names 99 twice in '99,99'."),
    (
      ["stress", q3, "--confidence", "1"],
      "--confidence must be a probability strictly between 0 and 1, such as 0.9; found 1.0."
    ),
    (["stress", q3, "--trials", "0"], "--trials must be a whole number of at least 1; found 0."),
    (["stress", q3, "--trials", "100", "--max-trials", "10"], "--max-trials (10) must be at least --trials (100)."),
    (
      ["stress", q3, "--seed", "-1"],
      "--seed must be a whole number from 0 to 18446744073709551615 (2^64 − 1), written with its digits; found '-1'."
    ),
    (["solve", q3, "--vary", "sales.reps", "--target", "0.9", "--threads", "0"], "--threads must be a whole number of at least 1; found 0."),
  ]

  @Test(arguments: invalid.indices)
  func invalidOptionIsAUsageErrorWithItsMessage(index: Int) {
    let (arguments, message) = Self.invalid[index]
    do {
      _ = try SLASimCommand.parseAsRoot(arguments)
      Issue.record("\(arguments) was accepted")
    } catch {
      #expect(SLASimCommand.slasimMessage(for: error) == message)
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }

  /// What can only be checked against the scenario: a path that cannot be varied or a goal
  /// that is not there is a usage error naming the valid ones; a scenario without a response
  /// goal is a data error (65); a missing file 66.
  @Test func scenarioDependentErrors() async throws {
    func failure(_ arguments: [String]) async -> (message: String, code: Int32)? {
      guard let error = await runCommand(arguments) else { return nil }
      return (SLASimCommand.slasimMessage(for: error), SLASimCommand.slasimExitCode(for: error).rawValue)
    }
    let path = try #require(await failure(["solve", Self.q3, "--vary", "sales.closeRate", "--target", "0.9"] + Self.small))
    #expect(path.code == 64)
    #expect(path.message.hasPrefix("--vary 'sales.closeRate' is not a number that can be varied."), "\(path.message)")
    #expect(path.message.contains("sales.reps") && path.message.contains("service.agents"))
    #expect(path.message.contains("marketing.sources[referral].leadsPerMonth"))
    let goal = try #require(
      await failure(["solve", Self.q3, "--vary", "sales.reps", "--target", "0.9", "--goal", "sales.nps"] + Self.small))
    #expect(goal.code == 64 && goal.message.hasPrefix("--goal 'sales.nps' is not a goal of this scenario. Valid: marketing,"))

    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.q3))) as? [String: Any])
    var sales = try #require(json["sales"] as? [String: Any])
    var salesGoals = try #require(sales["goals"] as? [String: Any])
    salesGoals["firstTouch"] = nil
    sales["goals"] = salesGoals
    json["sales"] = sales
    var service = try #require(json["service"] as? [String: Any])
    var serviceGoals = try #require(service["goals"] as? [String: Any])
    serviceGoals["firstResponse"] = nil
    service["goals"] = serviceGoals
    json["service"] = service
    let noResponseGoals = temporaryPath("no-response-goals.json")
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: noResponseGoals))
    let none = try #require(await failure(["stress", noResponseGoals] + Self.small))
    #expect(none.code == 65 && none.message.contains("no response-time goal to stress"), "\(none.message)")

    let missing = try #require(await failure(["stress", temporaryPath("nosuch.json")]))
    #expect(missing.code == 66, "\(missing.message)")
  }

  /// The issue's JSON paths are in the CSV (the JSON tree flattened), with the figures' types.
  @Test func jsonFieldPaths() async throws {
    let solveOut = temporaryPath("solve.csv")
    #expect(
      await runCommand(
        ["solve", Self.q3, "--vary", "service.agents", "--target", "0.8", "--format", "csv", "--out", solveOut, "--quiet"]
          + Self.small) == nil)
    let solve = try String(contentsOfFile: solveOut, encoding: .utf8)
    for field in [
      "solution.value,6", "solution.probability.estimate,", "solution.probability.low,", "solution.probability.high,",
      "solution.neighbour.value,5", "solution.neighbour.probability.estimate,", "search.evaluations[0].value,5",
      "search.evaluations[0].trials,256", "search.evaluations[0].probability.estimate,",
    ] {
      #expect(solve.contains("\n" + field), "solve CSV has no \(field)")
    }
    let stressOut = temporaryPath("stress.json")
    #expect(await runCommand(["stress", Self.q3, "--format", "json", "--out", stressOut, "--quiet"] + Self.small) == nil)
    let stress = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stressOut))) as? [String: Any])
    let levels = try #require(stress["levels"] as? [[String: Any]])
    #expect(levels.count == 8)
    let first = try #require(levels.first)
    for key in [
      "goal", "level", "probability", "staffNeeded", "allowedMissesPerMonth", "allowedMissesPerHorizon",
      "expectedMisses", "probabilityNoneLate", "allowedDowntimeMinutesPerYear", "allowedDowntimeMinutesPerMonth",
    ] {
      #expect(first[key] != nil, "levels[0] has no \(key)")
    }
    let probability = try #require(first["probability"] as? [String: Any])
    #expect(probability["estimate"] is Double && probability["low"] is Double && probability["high"] is Double)
    #expect(levels.map { $0["goal"] as? String } == Array(repeating: "sales.firstTouch", count: 4) + Array(repeating: "service.firstResponse", count: 4))
    #expect((levels[1]["allowedDowntimeMinutesPerYear"] as? Double).map { abs($0 - 525.6) < 1e-9 } == true)
    #expect((levels[1]["allowedDowntimeMinutesPerMonth"] as? Double).map { abs($0 - 43.8) < 1e-9 } == true)
  }

  /// Every `$ slasim solve …` and `$ slasim stress …` line of the README runs as written,
  /// with a small schedule added (the tests run a debug build), and prints its table's header.
  @Test func readmeExamplesRun() async throws {
    let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
    let examples = readme.components(separatedBy: "\n").filter {
      $0.hasPrefix("$ slasim solve ") || $0.hasPrefix("$ slasim stress ")
    }
    #expect(examples.contains { $0.hasPrefix("$ slasim solve ") } && examples.contains { $0.hasPrefix("$ slasim stress ") })
    for example in examples {
      let words = example.dropFirst("$ slasim ".count).split(separator: " ").map(String.init)
      #expect(!words.contains { $0.contains("'") || $0.contains("\"") || $0 == "|" }, "\(example): not plain words")
      let arguments = words.map { $0.hasPrefix("scenarios/") ? Repository.path($0) : $0 }
      let out = temporaryPath("readme-example.txt")
      let error = await runCommand(arguments + Self.small + ["--format", "table", "--out", out, "--quiet"])
      #expect(error == nil, "\(example): \(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
      let table = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
      #expect(table.hasPrefix("Q3 2026 marketing / sales / service SLA\nseed "), "\(example): \(table.prefix(200))")
      #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(example): a line over 80 columns")
    }
  }
}
