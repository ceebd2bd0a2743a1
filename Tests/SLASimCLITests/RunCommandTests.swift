import ArgumentParser
import Foundation
import Testing

@testable import SLASimCLI

/// Paths in the repository, found from this file so the tests run from any directory.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
  /// The shipped scenarios; a folder that cannot be read yields one impossible name, so the
  /// snapshot test fails instead of passing with no cases.
  static var shippedScenarios: [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path("scenarios")) else {
      return ["(scenarios folder unreadable at \(path("scenarios")))"]
    }
    let scenarios = names.filter { $0.hasSuffix(".json") }.sorted()
    return scenarios.isEmpty ? ["(no .json file in \(path("scenarios")))"] : scenarios
  }
}

/// Runs `slasim ARGS…` in-process; returns the thrown error, if any.
func runCommand(_ arguments: [String]) async -> Error? {
  do {
    var command = try SLASimCommand.parseAsRoot(arguments)
    if var asyncCommand = command as? AsyncParsableCommand {
      try await asyncCommand.run()
    } else {
      try command.run()
    }
    return nil
  } catch {
    return error
  }
}

func temporaryPath(_ name: String) -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "slasim-tests-\(ProcessInfo.processInfo.processIdentifier)")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent(name).path
}

/// Removes the fields that vary from run to run (wall time) or with the machine (threads).
func withoutTiming(_ json: String) -> String {
  json.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { !$0.contains("\"seconds\":") && !$0.contains("\"threads\":") }
    .joined(separator: "\n")
}

@Suite(.serialized) struct RunCommandTests {
  /// Every shipped scenario runs at a fixed seed with a small trial count, and its JSON result
  /// matches the recorded snapshot bit for bit (SLASIM_RECORD_SNAPSHOTS=1 re-records).
  @Test(arguments: Repository.shippedScenarios)
  func shippedScenarioMatchesSnapshot(_ name: String) async throws {
    let out = temporaryPath("\(name).result.json")
    let error = await runCommand([
      "run", Repository.path("scenarios/\(name)"), "--trials", "600", "--seed", "42", "--threads", "2",
      "--format", "json", "--out", out, "--quiet",
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    // Warnings name the scenario by the path given; make it relative to the checkout.
    let produced = withoutTiming(try String(contentsOfFile: out, encoding: .utf8))
      .replacingOccurrences(of: Repository.root.path + "/", with: "")
    let snapshot = Repository.path("Tests/SLASimCLITests/Snapshots/\(name).result.json")
    if ProcessInfo.processInfo.environment["SLASIM_RECORD_SNAPSHOTS"] == "1" {
      try produced.write(toFile: snapshot, atomically: true, encoding: .utf8)
      return
    }
    let recorded = try String(contentsOfFile: snapshot, encoding: .utf8)
    #expect(
      produced == recorded,
      "scenarios/\(name): result differs from \(snapshot); re-record with SLASIM_RECORD_SNAPSHOTS=1 if intended")
  }

  /// DESIGN.md §4: the same seed gives the same bits for 1, 2 and 4 threads.
  @Test func resultDoesNotDependOnThreadCount() async throws {
    var outputs: [String] = []
    for threads in [1, 2, 4] {
      let out = temporaryPath("threads-\(threads).json")
      let error = await runCommand([
        "run", Repository.path("scenarios/q3.json"), "--trials", "1100", "--seed", "9", "--threads", String(threads),
        "--format", "json", "--out", out, "--quiet",
      ])
      #expect(error == nil)
      outputs.append(withoutTiming(try String(contentsOfFile: out, encoding: .utf8)))
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
  }

  @Test func csvRowsAreJSONPaths() async throws {
    let out = temporaryPath("internal.csv")
    let error = await runCommand([
      "run", Repository.path("scenarios/internal-sla.json"), "--trials", "300", "--format", "csv", "--out", out,
      "--quiet",
    ])
    #expect(error == nil)
    let csv = try String(contentsOfFile: out, encoding: .utf8)
    #expect(csv.hasPrefix("field,value\nschemaVersion,1\nscenario.name,"))
    #expect(csv.contains("\nrun.seed,5000\n"))
    #expect(csv.contains("\nplan.leadsNeeded,100\n"))
    #expect(csv.contains("\nparties.sales.goals.revenuePerMonth.byMonth[2].probability.estimate,"))
  }

  @Test func tableShowsSeedAndPlan() async throws {
    let out = temporaryPath("internal.txt")
    let error = await runCommand([
      "run", Repository.path("scenarios/internal-sla.json"), "--trials", "300", "--seed", "3", "--format", "table",
      "--out", out, "--quiet",
    ])
    #expect(error == nil)
    let table = try String(contentsOfFile: out, encoding: .utf8)
    #expect(table.contains("seed 3 · 300 trials"))
    #expect(table.contains("= leads needed"))
    #expect(table.contains("P(sales meets | marketing met)"))
  }

  /// DOMAIN.md's company growing from $10M to $15M: four sources worth $550,000 of leads a
  /// month, and a quota ramping from $833K to $1.25M by June, then enough to end at $15M.
  @Test func companyAPlanHasTheWorkedFigures() async throws {
    let out = temporaryPath("company-a.json")
    let error = await runCommand([
      "run", Repository.path("scenarios/company-a-2020.json"), "--trials", "1", "--format", "json", "--out", out,
      "--quiet",
    ])
    #expect(error == nil)
    let json = try String(contentsOfFile: out, encoding: .utf8)
    #expect(json.components(separatedBy: "\"expectedLeadValue\": 550000\n").count - 1 == 12)
    #expect(json.components(separatedBy: "\"expectedLeads\": 310").count - 1 == 12)
    #expect(json.contains("\"salesQuota\": 833333,"))
    #expect(json.components(separatedBy: "\"salesQuota\": 1250000,").count - 1 == 1)
    #expect(json.components(separatedBy: "\"salesQuota\": 1458333.33,").count - 1 == 6)
  }

  @Test func badOptionsAreUsageErrors() async {
    for arguments in [
      ["run", "x.json", "--trials", "0"], ["run", "x.json", "--threads", "-1"], ["run", "x.json", "--format", "xml"],
    ] {
      let error = await runCommand(arguments)
      #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64, "\(arguments)")
    }
    let error = await runCommand(["run", "x.json", "--trials", "0"])
    #expect(
      error.map { SLASimCommand.slasimMessage(for: $0) } == "--trials must be a whole number of at least 1; found 0.")
  }

  @Test func negativeNumbersReachValidation() async {
    let seed = await runCommand(["run", "x.json", "--seed", "-1"])
    #expect(seed.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
    #expect(
      seed.map { SLASimCommand.slasimMessage(for: $0) }?.hasPrefix("--seed must be a whole number from 0 to ")
        == true)
    let trials = await runCommand(["run", "x.json", "--trials", "-5"])
    #expect(
      trials.map { SLASimCommand.slasimMessage(for: $0) } == "--trials must be a whole number of at least 1; found -5.")
  }

  @Test func unwritableOutputNamesTheFolder() async {
    let error = await runCommand([
      "run", Repository.path("scenarios/internal-sla.json"), "--trials", "10", "--out", "/nonexistent/dir/x.json",
      "--quiet",
    ])
    #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 73)
    #expect(
      error.map { SLASimCommand.slasimMessage(for: $0) }
        == "/nonexistent/dir/x.json: cannot be written: the folder '/nonexistent/dir' does not exist.")
  }

  @Test func missingScenarioExits66() async {
    let error = await runCommand(["run", "/nonexistent/q3.json"])
    #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 66)
    #expect(error.map { SLASimCommand.slasimMessage(for: $0) } == "/nonexistent/q3.json: no such file.")
  }
}
