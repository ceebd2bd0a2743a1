import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

@Suite(.serialized) struct CompareCommandTests {
  /// q3 with one more rep, written beside the tests' other files.
  static func q3WithOneMoreRep() throws -> String {
    let text = try String(contentsOfFile: Repository.path("scenarios/q3.json"), encoding: .utf8)
    let changed = text.replacingOccurrences(of: "\"reps\": 3,", with: "\"reps\": 4,")
    #expect(changed != text)
    let path = temporaryPath("q3-4-reps.json")
    try changed.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func tableFitsEightyColumnsAndJSONHasTheDifferencePaths() async throws {
    let b = try Self.q3WithOneMoreRep()
    let a = Repository.path("scenarios/q3.json")
    let table = temporaryPath("compare.txt")
    let json = temporaryPath("compare.json")
    var error = await runCommand(["compare", a, b, "--trials", "300", "--out", table, "--format", "table", "--quiet"])
    #expect(error == nil, "\(error.map(SLASimCommand.slasimMessage) ?? "")")
    let text = try String(contentsOfFile: table, encoding: .utf8)
    for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    #expect(text.contains("all parties (joint)") && text.contains("KPI means, B − A"))
    error = await runCommand(["compare", a, b, "--trials", "300", "--out", json, "--format", "json", "--quiet"])
    #expect(error == nil)
    let tree = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: json))))
    for node in [
      tree["parties"]?["sales"]?["difference"], tree["parties"]?["sales"]?["goals"]?["firstTouch"]?["difference"],
      tree["joint"]?["difference"], tree["kpis"]?["sales.revenue"]?["difference"],
    ] {
      for key in ["estimate", "low", "high"] { #expect(node?[key] != nil, "no \(key)") }
    }
    #expect(tree["a"]?["parties"]?["sales"]?["probability"] != nil && tree["b"]?["joint"] != nil)
    #expect(tree["parties"]?["sales"]?["goals"]?["firstTouch"]?["unpairedDifference"] != nil)
  }

  @Test func badInputsGetTheirExitCodesAndNameTheFile() async throws {
    let a = Repository.path("scenarios/q3.json")
    let missing = await runCommand(["compare", a, "/nonexistent/b.json"])
    #expect(missing.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 66)
    let invalid = temporaryPath("compare-invalid.json")
    try #"{ "name": "x", "horizon": { "start": "2026-07-01", "months": 0 } }"#.write(
      toFile: invalid, atomically: true, encoding: .utf8)
    let bad = await runCommand(["compare", a, invalid, "--quiet"])
    #expect(bad.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 65)
    #expect(bad.map { SLASimCommand.slasimMessage(for: $0).contains("compare-invalid.json") } == true)
    // Another horizon: refused, naming B's file and both horizons.
    let text = try String(contentsOfFile: a, encoding: .utf8)
    let longer = temporaryPath("compare-longer.json")
    try text.replacingOccurrences(of: "\"months\": 3", with: "\"months\": 4").write(
      toFile: longer, atomically: true, encoding: .utf8)
    let horizon = await runCommand(["compare", a, longer, "--quiet", "--trials", "10"])
    #expect(horizon.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 65)
    let message = horizon.map { SLASimCommand.slasimMessage(for: $0) } ?? ""
    #expect(message.contains("compare-longer.json") && message.contains("horizon"), "\(message)")
    let both = await runCommand(["compare", "-", "-"])
    #expect(both.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 64)
  }
}
