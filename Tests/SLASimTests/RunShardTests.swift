import Foundation
import Testing

@testable import SLASim

/// Shards and their merge (issue 11, item 2): a complete set merges into exactly the whole
/// run (every figure compared as JSON bytes, `run.seconds` and `run.threads` left out), for
/// any shard count, including more shards than blocks; a broken set is refused, never merged.
@Suite struct RunShardTests {
  static func q3(months: Int = 1) throws -> Scenario {
    var s = try ReportChartsTests.shipped("q3.json")
    s.horizon.months = months
    return s
  }

  static func json(_ result: SimulationResult) -> String { RunReport(result: result, includeTiming: false).json }

  /// Through the file format too: each shard is encoded and decoded before the merge.
  static func roundTripped(_ shard: RunShard) throws -> RunShard {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try JSONDecoder().decode(RunShard.self, from: encoder.encode(shard))
  }

  /// 700 trials are 3 blocks (256, 256, 188): n = 4 and 5 give empty shards.
  @Test(arguments: 1...5) func aCompleteSetMergesIntoTheWholeRun(_ n: Int) async throws {
    let engine = SimulationEngine(scenario: try Self.q3())
    let whole = await engine.run(trials: 700, seed: 31, threads: 2, charts: true)
    var shards: [RunShard] = []
    for i in (0..<n).reversed() {
      shards.append(try Self.roundTripped(await engine.runShard(index: i, of: n, trials: 700, seed: 31, threads: 2)))
    }
    #expect(shards.map(\.trialRange.count).reduce(0, +) == 700)
    if n > 3 { #expect(shards.contains { $0.trialRange.isEmpty }) }
    let merged = try engine.merge(shards, charts: true)
    #expect(Self.json(merged) == Self.json(whole))
    #expect(try RunReport(result: merged, includeTiming: false).html(inputs: []) == RunReport(result: whole, includeTiming: false).html(inputs: []))
    #expect(merged.seconds == shards.sorted { $0.index < $1.index }.map(\.seconds).reduce(0, +))
  }

  /// The blocks are cut into contiguous runs that cover every block once.
  @Test func shardsCoverTheBlocksOnce() {
    for trials in [1, 255, 256, 257, 700, 10_000, 1_000_003] {
      for n in [1, 2, 3, 5, 7, 64, 1000] {
        var next = 0
        for i in 0..<n {
          let blocks = RunShard.blocks(index: i, count: n, trials: trials)
          #expect(blocks.lowerBound == next)
          next = blocks.upperBound
        }
        #expect(next == (trials + 255) / 256)
      }
    }
    // The largest counts cannot overflow (the product is taken at full width).
    #expect(RunShard.blocks(index: 999_999, count: 1_000_000, trials: Int.max).upperBound == (Int.max - 1) / 256 + 1)
    let last = RunShard.blocks(index: 0, count: 1, trials: Int.max)
    #expect(RunShard.trialRange(blocks: last, trials: Int.max) == 0..<Int.max)
  }

  @Test func aBrokenSetIsRefused() async throws {
    let engine = SimulationEngine(scenario: try Self.q3())
    func shard(_ i: Int, of n: Int, seed: UInt64 = 5, trials: Int = 600) async -> RunShard {
      await engine.runShard(index: i, of: n, trials: trials, seed: seed, threads: 1)
    }
    let s0 = await shard(0, of: 2)
    let s1 = await shard(1, of: 2)
    #expect(throws: ShardSetError.empty) { try engine.merge([]) }
    #expect(throws: ShardSetError.missing([1])) { try engine.merge([s0]) }
    #expect(throws: ShardSetError.repeated(index: 0, first: 0, other: 2)) { try engine.merge([s0, s1, s0]) }
    let otherSeed = await shard(1, of: 2, seed: 6)
    #expect(throws: ShardSetError.mixed(field: "seed", first: 0, other: 1)) { try engine.merge([s0, otherSeed]) }
    let otherTrials = await shard(1, of: 2, trials: 601)
    #expect(throws: ShardSetError.mixed(field: "trials", first: 0, other: 1)) { try engine.merge([s0, otherTrials]) }
    let otherCount = await shard(1, of: 3)
    #expect(throws: ShardSetError.mixed(field: "count", first: 0, other: 1)) { try engine.merge([s0, otherCount]) }
    // A shard of another scenario (two months instead of one) does not fit this one.
    let twoMonths = SimulationEngine(scenario: try Self.q3(months: 2))
    let foreign = await twoMonths.runShard(index: 1, of: 2, trials: 600, seed: 5, threads: 1)
    #expect(throws: ShardSetError.self) { try engine.merge([s0, foreign]) }
    let foreignError = Self.error { () throws(ShardSetError) in try engine.merge([s0, foreign]) }
    if case .inconsistent(let position, _)? = foreignError {
      #expect(position == 1)
    } else {
      Issue.record("a shard of another scenario was not refused as inconsistent")
    }
  }

  /// Counts changed in the file are caught by the merge's checks, not merged.
  @Test func aDamagedShardIsRefused() async throws {
    let engine = SimulationEngine(scenario: try Self.q3())
    let s0 = await engine.runShard(index: 0, of: 1, trials: 300, seed: 9, threads: 1)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(s0)) as? [String: Any])
    var counts = try #require(object["counts"] as? [String: Any])
    counts["jointMet"] = 301
    object["counts"] = counts
    let damaged = try JSONDecoder().decode(RunShard.self, from: JSONSerialization.data(withJSONObject: object))
    let damagedError = Self.error { () throws(ShardSetError) in try engine.merge([damaged]) }
    guard case .inconsistent(0, let why)? = damagedError else {
      Issue.record("a joint count above the trials was merged")
      return
    }
    #expect(why == "jointMet 301 is outside 0…300")
    object["seed"] = "-1"
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(RunShard.self, from: JSONSerialization.data(withJSONObject: object)) }
  }

  /// Counts with no bound of their own are refused when they would overflow across the set.
  @Test func countsThatOverflowAcrossShardsAreRefused() async throws {
    let engine = SimulationEngine(scenario: try Self.q3())
    var shards: [RunShard] = []
    for i in 0..<2 {
      var s = await engine.runShard(index: i, of: 2, trials: 600, seed: 2, threads: 1)
      s.tally.queueEvents = Int.max - 1
      shards.append(s)
    }
    let error = Self.error { () throws(ShardSetError) in try engine.merge(shards) }
    guard case .inconsistent(1, let why)? = error else {
      Issue.record("queue events adding past Int.max were merged: \(String(describing: error))")
      return
    }
    #expect(why.contains("overflow"))
  }

  /// Damaged files never crash the merge: every number of a shard file replaced in turn by
  /// hostile values (negative, huge, Int.max, fractional), and every array cut short,
  /// either fails to decode, is refused, or merges (a change the checks cannot see, such as
  /// a moment's mean, merges into a result: the content hash of the command line guards the
  /// scenario, not the counts).
  @Test func damagedShardsNeverCrashTheMerge() async throws {
    let engine = SimulationEngine(scenario: try Self.q3())
    let shard = await engine.runShard(index: 0, of: 1, trials: 300, seed: 4, threads: 1)
    let encoder = JSONEncoder()
    let original = try #require(try JSONSerialization.jsonObject(with: encoder.encode(shard)) as? [String: Any])
    // Paths to every number and array of the file.
    var paths: [[Any]] = []
    func walk(_ value: Any, _ path: [Any]) {
      if let object = value as? [String: Any] {
        for (key, child) in object.sorted(by: { $0.key < $1.key }) { walk(child, path + [key]) }
      } else if let array = value as? [Any] {
        paths.append(path)
        for (i, child) in array.prefix(2).enumerated() { walk(child, path + [i]) }
      } else if value is NSNumber {
        paths.append(path)
      }
    }
    walk(original, [])
    func replacing(_ value: Any, at path: ArraySlice<Any>, with new: (Any) -> Any) -> Any {
      guard let head = path.first else { return new(value) }
      if let key = head as? String, var object = value as? [String: Any], let child = object[key] {
        object[key] = replacing(child, at: path.dropFirst(), with: new)
        return object
      }
      if let index = head as? Int, var array = value as? [Any], index < array.count {
        array[index] = replacing(array[index], at: path.dropFirst(), with: new)
        return array
      }
      return value
    }
    let hostile: [Any] = [-1, 1_000_000_007, Int.max, 0.5]
    var decoded = 0
    for path in paths {
      var variants: [Any] = hostile.map { h in replacing(original, at: path[...], with: { $0 is [Any] ? [h] : h }) }
      variants.append(replacing(original, at: path[...], with: { ($0 as? [Any]).map { Array($0.dropLast()) } ?? $0 }))
      for variant in variants {
        guard let data = try? JSONSerialization.data(withJSONObject: variant),
          let damaged = try? JSONDecoder().decode(RunShard.self, from: data)
        else { continue }
        decoded += 1
        _ = Self.error { () throws(ShardSetError) in try engine.merge([damaged], charts: true) }
      }
    }
    #expect(decoded > 100, "only \(decoded) damaged files decoded: the test exercises too little")
  }

  static func error(_ body: () throws(ShardSetError) -> SimulationResult) -> ShardSetError? {
    do {
      _ = try body()
      return nil
    } catch {
      return error
    }
  }
}
