import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

@Suite struct ValidateCommandTests {
  /// A fresh temporary folder holding `files` (name → contents); removed by `cleanUp`.
  final class Folder {
    let url: URL
    init(_ files: [String: String]) throws {
      url = FileManager.default.temporaryDirectory.appendingPathComponent("slasim-validate-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      for (name, contents) in files {
        try Data(contents.utf8).write(to: url.appendingPathComponent(name))
      }
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
  }

  static let valid = """
    {
      "name": "two parties",
      "horizon": { "start": "2026-07-01", "months": 2 },
      "calendar": { "holidays": ["2026-07-03"] },
      "marketing": { "sources": [ { "name": "web", "leadsPerMonth": 100 }, { "name": "events", "leadsPerMonth": 20 } ] },
      "sales": {
        "reps": 2, "hoursPerDay": 4,
        "followUp": { "maxAttempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3 },
        "closeRate": 0.2, "dealSize": 1000, "cycleDays": 30
      }
    }
    """

  static let invalid = """
    {
      "name": "broken",
      "horizon": { "start": "2026-07-15", "months": 2 },
      "marketing": { "sources": [ { "name": "web", "leadsPerMonth": -3 } ] },
      "sales": {
        "reps": 2, "hoursPerDay": 4,
        "followUp": { "maxAtempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3 },
        "closeRate": 0.2, "dealSize": 1000, "cycleDays": 10
      }
    }
    """

  /// Parses `arguments` as `slasim` would and runs the command in-process.
  /// - Returns: `nil` on success, else the message and exit code `slasim` would use.
  private func run(_ arguments: [String]) -> (message: String, exitCode: Int32)? {
    do {
      var command = try SLASimCommand.parseAsRoot(arguments)
      try command.run()
      return nil
    } catch {
      return (SLASimCommand.slasimMessage(for: error), SLASimCommand.slasimExitCode(for: error).rawValue)
    }
  }

  @Test func validFileExitsWithZeroAndPrintsASummary() throws {
    let folder = try Folder(["q3.json": ValidateCommandTests.valid])
    let path = folder.path("q3.json")
    #expect(run(["validate", path]) == nil)
    let outcome = SLASimCommand.Validate.check([path])
    #expect(
      outcome.output == [
        "\(path): ok",
        "  2 months from 2026-07-01 to 2026-08-31; Mon–Fri 09:00–17:00, 1 holiday; parties: marketing, sales; sources: web, events",
      ])
    #expect(
      outcome.warnings == [
        "\(path): warning: $.sales: no openPipeline while the mean sales cycle is ~30 days: the first months get no marketing-sourced revenue, because opportunities created in the horizon close about 30 days later; add \"openPipeline\" with the CRM's open opportunities on 2026-07-01, or set \"simulation.warmUpMonths\" to 2 to fill the pipeline from the first month's leads."
      ])
    #expect(outcome.failure == nil)
  }

  @Test func invalidFileExitsWith65AndListsEveryProblem() throws {
    let folder = try Folder(["bad.json": ValidateCommandTests.invalid])
    let path = folder.path("bad.json")
    let failure = try #require(run(["validate", path]))
    #expect(failure.exitCode == 65)
    #expect(
      failure.message == """
        \(path): $.horizon.start: must be the first day of a month; found '2026-07-15'.
        \(path): $.marketing.sources[0].leadsPerMonth: must be a non-negative number of leads per month; found -3.
        \(path): $.sales.followUp: unknown key 'maxAtempts'. Did you mean 'maxAttempts'?
        """)
  }

  @Test func syntaxErrorExitsWith65() throws {
    let folder = try Folder(["syntax.json": "{\n  \"name\": \"x\",\n}\n"])
    let failure = try #require(run(["validate", folder.path("syntax.json")]))
    #expect(failure.exitCode == 65)
    #expect(
      failure.message
        == "\(folder.path("syntax.json")):3:1: expected another member after ','; found '}' (JSON allows no trailing comma)."
    )
  }

  @Test func missingFileExitsWith66() throws {
    let folder = try Folder([:])
    let failure = try #require(run(["validate", folder.path("nope.json")]))
    #expect(failure.exitCode == 66)
    #expect(failure.message == "\(folder.path("nope.json")): no such file.")
    let directory = try #require(run(["validate", folder.url.path]))
    #expect(directory.exitCode == 66)
    #expect(directory.message == "\(folder.url.path): is a directory; expected a file.")
  }

  @Test func checksEveryFileAndAMissingOneWins() throws {
    let folder = try Folder(["good.json": ValidateCommandTests.valid, "empty.json": ""])
    let paths = [folder.path("good.json"), folder.path("empty.json"), folder.path("nope.json")]
    let outcome = SLASimCommand.Validate.check(paths)
    #expect(outcome.output.first == "\(paths[0]): ok")
    let failure = try #require(outcome.failure)
    #expect(failure.exitCode.rawValue == 66)
    #expect(
      failure.message == """
        \(paths[1]): the file is empty; expected a JSON object with the scenario.
        \(paths[2]): no such file.
        """)
  }

  @Test func noFileIsAUsageError() {
    let failure = run(["validate"])
    #expect(failure?.exitCode == 64)
    #expect(failure?.message.contains("Missing expected argument") == true)
  }

  @Test func scenarioFileLoadReturnsTheScenarioAndItsWarnings() throws {
    let folder = try Folder(["q3.json": ValidateCommandTests.valid, "bad.json": ValidateCommandTests.invalid])
    let (scenario, warnings) = try ScenarioFile.load(path: folder.path("q3.json"))
    #expect(scenario.name == "two parties")
    #expect(warnings.map(\.path) == ["$.sales"])
    #expect(throws: CommandFailure.self) { try ScenarioFile.load(path: folder.path("bad.json")) }
  }

  @Test func summaryDescribesA24x7ThreePartyScenario() throws {
    let text = """
      {
        "name": "desk", "calendar": "24x7",
        "horizon": { "start": "2026-01-01", "months": 1 },
        "marketing": { "sources": [ { "name": "web", "leadsPerMonth": 100 } ] },
        "sales": {
          "reps": 2, "hoursPerDay": 4,
          "followUp": { "maxAttempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3 },
          "closeRate": 0.2, "dealSize": 1000, "cycleDays": 10
        },
        "service": { "existingCustomers": 10, "agents": 1, "hoursPerDay": 24, "ticketsPerCustomerPerMonth": 1, "handleMinutes": 5 }
      }
      """
    let scenario = try #require(ScenarioLoader.load(text, file: "desk.json").scenario)
    #expect(
      ScenarioFile.summary(of: scenario)
        == "1 month from 2026-01-01 to 2026-01-31; 24x7; parties: marketing, sales, service; source: web")
  }

  /// Each correlation gets a line of its own under the summary.
  @Test func summaryListsTheCorrelations() throws {
    let path = Repository.path("scenarios/plan-2027.json")
    let scenario = try #require(
      ScenarioLoader.load(try String(contentsOfFile: path, encoding: .utf8), file: path).scenario)
    let lines = ScenarioFile.summary(of: scenario).split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.last == "  correlated: sales.closeRate ~ marketing.sources[content].leadsPerMonth (ρ 0.4)")
  }

  // MARK: schema

  @Test func schemaOutWritesTheSchemaFile() throws {
    let folder = try Folder([:])
    let path = folder.path("scenario.schema.json")
    #expect(run(["schema", "--out", path]) == nil)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == ScenarioSchema.json)
  }

  @Test func schemaOutToAMissingFolderExitsWith73() throws {
    let folder = try Folder([:])
    let failure = try #require(run(["schema", "--out", folder.path("no/such/folder/s.json")]))
    #expect(failure.exitCode == 73)
    #expect(failure.message.hasPrefix("\(folder.path("no/such/folder/s.json")): cannot be written"))
  }
}
