import Testing

@testable import SLASim

/// `run --precision E` (issue 11, item 4): the run stops after the first block, in block order,
/// at which every reported probability's 95% half-width is at most E; the stop does not depend
/// on the thread count, and the result is the fixed-count run of the trials it stopped at.
@Suite struct PrecisionTests {
  static func json(_ r: SimulationResult) -> String {
    var fixed = r
    fixed.precision = nil
    return RunReport(result: fixed, includeTiming: false).json
  }

  @Test func itStopsAtTheFirstBlockThatMeetsTheTarget() async throws {
    let engine = SimulationEngine(scenario: try RunShardTests.q3())
    let target = PrecisionTarget(halfWidth: 0.03, maxTrials: 100_000)
    let one = await engine.run(trials: 1, seed: 12, threads: 1, precision: target)
    let two = await engine.run(trials: 1, seed: 12, threads: 2, precision: target)
    let p = try #require(one.precision)
    #expect(p.met && p.widestHalfWidth <= 0.03)
    #expect(one.trials % SimulationEngine.blockSize == 0 && one.trials < 100_000)
    #expect(Self.json(one) == Self.json(two) && one.precision == two.precision)
    // The same trials at a fixed count are the same result, bit for bit.
    let fixed = await engine.run(trials: one.trials, seed: 12, threads: 2)
    #expect(Self.json(fixed) == Self.json(one))
    // One block fewer does not meet the target: the stop is the first block that does.
    let shorter = await engine.run(
      trials: 1, seed: 12, threads: 2, precision: PrecisionTarget(halfWidth: 0.03, maxTrials: one.trials - SimulationEngine.blockSize))
    let before = try #require(shorter.precision)
    #expect(!before.met && before.widestHalfWidth > 0.03)
    // The widest interval is one the report shows, with that half-width.
    #expect(p.widest.isEmpty == false)
  }

  /// Where the target cannot be met within --max-trials, the run says so and names the widest.
  @Test func itStopsAtMaxTrialsAndSaysWhy() async throws {
    let engine = SimulationEngine(scenario: try RunShardTests.q3())
    let r = await engine.run(trials: 1, seed: 3, threads: 2, precision: PrecisionTarget(halfWidth: 0.001, maxTrials: 700))
    let p = try #require(r.precision)
    #expect(r.trials == 700 && !p.met && p.widestHalfWidth > 0.001)
    let table = RunReport(result: r).table
    #expect(table.contains("stopped at --max-trials 700 before precision ±0.10 pp: widest ±"), "\(table.prefix(400))")
    #expect(RunReport(result: r).json.contains("\"stoppedOn\": \"maxTrials\""))
  }

  /// Known value: the widest interval names a probability whose Wilson half-width, computed
  /// here from the reported counts, is the one recorded.
  @Test func theWidestIsAReportedInterval() async throws {
    let engine = SimulationEngine(scenario: try RunShardTests.q3())
    let r = await engine.run(trials: 1, seed: 5, threads: 2, precision: PrecisionTarget(halfWidth: 0.05, maxTrials: 50_000))
    let p = try #require(r.precision)
    var halves: [String: Double] = [:]
    func add(_ name: String, _ e: ProportionEstimate) { halves[name] = (e.high - e.low) / 2 }
    for party in r.parties {
      add("parties.\(party.party.rawValue).probability", party.probability)
      for (k, e) in party.byMonth.enumerated() { add("parties.\(party.party.rawValue).byMonth[\(r.months[k])]", e) }
      for goal in party.goals {
        add("parties.\(party.party.rawValue).goals.\(goal.key).probability", goal.probability)
        for (k, e) in goal.byMonth.enumerated() { add("parties.\(party.party.rawValue).goals.\(goal.key).byMonth[\(r.months[k])]", e) }
      }
    }
    add("joint.probability", r.joint)
    for (k, e) in r.jointByMonth.enumerated() { add("joint.byMonth[\(r.months[k])]", e) }
    add("conditional.salesGivenMarketingMet", r.salesGivenMarketingMet)
    add("conditional.salesGivenMarketingMissed", r.salesGivenMarketingMissed)
    for (k, e) in r.monthMissed.enumerated() { add("escalation.monthMissed[\(r.months[k])]", e) }
    for rung in r.rungs { add("escalation.rungs[\(rung.monthsMissed) months]", rung.probability) }
    add("escalation.cancel", r.cancel.probability)
    #expect(halves[p.widest] == p.widestHalfWidth)
    #expect(halves.values.max() == p.widestHalfWidth)
  }
}
