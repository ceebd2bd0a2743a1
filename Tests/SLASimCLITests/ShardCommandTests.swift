import Foundation
import Testing

@testable import SLASimCLI

/// `run --shard i/n` and `merge` as a user runs them (issue 11, item 2): the merged JSON is
/// byte for byte the single run's but for `run.seconds` and `run.threads`; the merge needs
/// none of the original files; a mixed, repeated or missing shard is refused with exit 65 and
/// a message naming the files.
@Suite(.serialized) struct ShardCommandTests {
  static func message(_ error: Error?) -> String { error.map { SLASimCommand.slasimMessage(for: $0) } ?? "" }
  static func code(_ error: Error?) -> Int32? { error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } }
  static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  /// A trend scenario (its history is fitted at load time) copied to a folder that is removed
  /// before the merge: the shard files carry the scenario and its history.
  @Test(arguments: [1, 3, 5]) func shardsMergeIntoTheSingleRun(_ n: Int) async throws {
    let folder = temporaryPath("shard-scenario-\(n)")
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder + "/history", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Repository.path("scenarios/company-a-trend.json"), toPath: folder + "/trend.json")
    try FileManager.default.copyItem(atPath: Repository.path("scenarios/history/company-a.csv"), toPath: folder + "/history/company-a.csv")
    let scenario = folder + "/trend.json"
    let single = temporaryPath("shard-single-\(n).json")
    let common = ["--trials", "900", "--seed", "77", "--quiet"]
    #expect(await runCommand(["run", scenario, "--format", "json", "--out", single, "--threads", "2"] + common) == nil)
    var parts: [String] = []
    for i in 0..<n {
      let part = temporaryPath("shard-\(i)-of-\(n).json")
      let error = await runCommand(["run", scenario, "--shard", "\(i)/\(n)", "--out", part, "--threads", "1"] + common)
      #expect(error == nil, "\(Self.message(error))")
      parts.append(part)
    }
    try FileManager.default.removeItem(atPath: folder)
    let merged = temporaryPath("shard-merged-\(n).json")
    let error = await runCommand(["merge"] + parts.reversed() + ["--format", "json", "--out", merged, "--quiet"])
    #expect(error == nil, "\(Self.message(error))")
    #expect(withoutTiming(try Self.read(merged)) == withoutTiming(try Self.read(single)))
    #expect(try Self.read(merged).contains("\"trials\" : 900") || Self.read(merged).contains("\"trials\": 900"))
  }

  @Test func aBrokenSetIsRefusedNamingTheFiles() async throws {
    let scenario = Repository.path("scenarios/internal-sla.json")
    func shard(_ spec: String, seed: String = "3", trials: String = "600", scenario: String = scenario) async throws -> String {
      let path = temporaryPath("broken-\(spec.replacingOccurrences(of: "/", with: "of"))-\(seed)-\(trials)-\((scenario as NSString).lastPathComponent).json")
      let error = await runCommand(["run", scenario, "--shard", spec, "--trials", trials, "--seed", seed, "--out", path, "--quiet"])
      #expect(error == nil, "\(Self.message(error))")
      return path
    }
    let a = try await shard("0/2")
    let b = try await shard("1/2")
    let missing = await runCommand(["merge", a, "--quiet"])
    #expect(Self.code(missing) == 65)
    #expect(Self.message(missing).contains("1 of the 2 shards is missing (1/2); given: \(a)"), "\(Self.message(missing))")
    let twice = await runCommand(["merge", a, b, a, "--quiet"])
    #expect(Self.code(twice) == 65)
    #expect(Self.message(twice) == "\(a): given twice (it is shard 0/2); give each shard once.")
    let otherSeed = try await shard("1/2", seed: "4")
    let mixed = await runCommand(["merge", a, otherSeed, "--quiet"])
    #expect(Self.code(mixed) == 65)
    #expect(Self.message(mixed) == "\(otherSeed): is a shard of the run with seed 4, but \(a) is one of the run with seed 3; merge the shards of one run only.")
    let otherScenario = try await shard("1/2", scenario: Repository.path("scenarios/q3.json"))
    let foreign = await runCommand(["merge", a, otherScenario, "--quiet"])
    #expect(Self.code(foreign) == 65)
    #expect(Self.message(foreign).hasPrefix("\(otherScenario): is a shard of \(Repository.path("scenarios/q3.json")) (fnv1a64:"), "\(Self.message(foreign))")
    // A file that is not a shard, a changed scenario, a missing file.
    let notShard = await runCommand(["merge", scenario, "--quiet"])
    #expect(Self.code(notShard) == 65)
    #expect(Self.message(notShard).hasPrefix("\(scenario): not a slasim shard file"), "\(Self.message(notShard))")
    var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: b))) as? [String: Any])
    var embedded = try #require(object["scenario"] as? [String: Any])
    embedded["bytes"] = Data("{}".utf8).base64EncodedString()
    object["scenario"] = embedded
    let changed = temporaryPath("broken-changed.json")
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: changed))
    let tampered = await runCommand(["merge", a, changed, "--quiet"])
    #expect(Self.code(tampered) == 65)
    #expect(Self.message(tampered).contains("does not match its content hash"), "\(Self.message(tampered))")
    let absent = await runCommand(["merge", a, temporaryPath("no-such-shard.json"), "--quiet"])
    #expect(Self.code(absent) == 66)
  }

  @Test(arguments: ["2/2", "-1/2", "1/0", "a/b", "1", "1/2/3", "0/1000001"])
  func aBadShardSaysWhatIsValid(_ spec: String) {
    do {
      _ = try SLASimCommand.parseAsRoot(["run", "q3.json", "--shard", spec])
      Issue.record("--shard \(spec) was accepted")
    } catch {
      #expect(
        SLASimCommand.slasimMessage(for: error)
          == "--shard takes i/n, shard i (from 0) of n shards, with 0 ≤ i < n ≤ 1000000; found '\(spec)'.")
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }

  @Test func shardOptionsThatBelongToTheMergeAreUsageErrors() {
    for extra in [["--format", "table"], ["--html", "r.html"]] {
      do {
        _ = try SLASimCommand.parseAsRoot(["run", "q3.json", "--shard", "0/2"] + extra)
        Issue.record("--shard with \(extra) was accepted")
      } catch {
        #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
        #expect(SLASimCommand.slasimMessage(for: error).contains("merge"))
      }
    }
  }
}

/// `run --precision E [--max-trials N]` options (issue 11, item 4).
@Suite struct PrecisionCommandTests {
  @Test(arguments: [
    (["--precision", "0"], "--precision is the largest 95% half-width allowed"),
    (["--precision", "0.5"], "--precision is the largest 95% half-width allowed"),
    (["--precision", "-0.01"], "--precision is the largest 95% half-width allowed"),
    (["--max-trials", "100"], "--max-trials caps a --precision run"),
    (["--precision", "0.01", "--trials", "100"], "--precision runs until the target is met"),
    (["--precision", "0.01", "--max-trials", "0"], "--max-trials must be a whole number of at least 1"),
    (["--precision", "0.01", "--shard", "0/2"], "--precision decides after each block"),
  ])
  func badPrecisionOptionsAreUsageErrors(_ extra: [String], _ message: String) {
    do {
      _ = try SLASimCommand.parseAsRoot(["run", "q3.json"] + extra)
      Issue.record("\(extra) was accepted")
    } catch {
      #expect(SLASimCommand.slasimMessage(for: error).hasPrefix(message), "\(SLASimCommand.slasimMessage(for: error))")
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }
}
