import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

@Suite(.serialized) struct SensitivityCommandTests {
  @Test func tableFitsEightyColumnsAndJSONHasTheTornadoPaths() async throws {
    let table = temporaryPath("sensitivity.txt")
    let json = temporaryPath("sensitivity.json")
    let scenario = Repository.path("scenarios/internal-sla.json")
    var error = await runCommand(["sensitivity", scenario, "--trials", "300", "--out", table, "--format", "table", "--quiet"])
    #expect(error == nil, "\(error.map(SLASimCommand.slasimMessage) ?? "")")
    let text = try String(contentsOfFile: table, encoding: .utf8)
    for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    #expect(text.contains("sales meets its SLA") && text.contains("all parties (joint)"))
    error = await runCommand(["sensitivity", scenario, "--trials", "300", "--out", json, "--format", "json", "--quiet"])
    #expect(error == nil)
    let tree = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: json))))
    guard case .array(let bars)? = tree["parties"]?["sales"]?["inputs"], let first = bars.first else {
      Issue.record("no parties.sales.inputs")
      return
    }
    for key in ["path", "low", "high", "probabilityAtLow", "probabilityAtHigh", "swing"] {
      #expect(first[key] != nil, "no \(key)")
    }
    #expect(tree["joint"]?["inputs"] != nil)
  }

  @Test func badInputsGetTheirExitCodes() async {
    let trials = await runCommand(["sensitivity", "q3.json", "--trials", "0"])
    #expect(trials.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
    #expect(trials.map { SLASimCommand.slasimMessage(for: $0) } == "--trials must be a whole number of at least 1; found 0.")
    let missing = await runCommand(["sensitivity", "/nonexistent/q3.json"])
    #expect(missing.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 66)
  }

  /// `--sobol N`: the indices' section in the table (80 columns) and under `sobol` in the JSON,
  /// with the cost in model runs; a bad N is a usage error.
  @Test func sobolIndicesAreInTheTableAndTheJSON() async throws {
    let table = temporaryPath("sobol.txt")
    let json = temporaryPath("sobol.json")
    let scenario = Repository.path("scenarios/q3.json")
    var error = await runCommand(
      ["sensitivity", scenario, "--trials", "100", "--sobol", "200", "--out", table, "--format", "table", "--quiet"])
    #expect(error == nil, "\(error.map(SLASimCommand.slasimMessage) ?? "")")
    let text = try String(contentsOfFile: table, encoding: .utf8)
    for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    #expect(text.contains("Sobol indices: 200 rows × (5 inputs + 2) = 1,400 model runs"), "\(text)")
    #expect(text.contains("revenue over the horizon"))
    error = await runCommand(
      ["sensitivity", scenario, "--trials", "100", "--sobol", "200", "--out", json, "--format", "json", "--quiet"])
    #expect(error == nil)
    let tree = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: json))))
    let sobol = try #require(tree["sobol"])
    guard case .number(let runs, _)? = sobol["runs"] else {
      Issue.record("no sobol.runs")
      return
    }
    #expect(runs == 1400)
    guard case .array(let inputs)? = sobol["outputs"]?["revenue"]?["inputs"], let first = inputs.first else {
      Issue.record("no sobol.outputs.revenue.inputs")
      return
    }
    for key in ["path", "firstOrder", "total"] { #expect(first[key] != nil, "no \(key)") }
    #expect(first["total"]?["low"] != nil && first["total"]?["high"] != nil)
    let bad = await runCommand(["sensitivity", scenario, "--sobol", "1"])
    #expect(bad.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
    #expect(bad.map { SLASimCommand.slasimMessage(for: $0) } == "--sobol must be a whole number of rows from 2 to 10,000,000; found 1.")
  }
}
