import Foundation
import Testing

@testable import SLASim

/// `solve`'s parts (issue 8, items 2 and 5): trial ranges that extend a run, variables that
/// change one compiled field exactly as recompiling would, the sequential verdict, the search,
/// and the answers DOMAIN.md knows.
@Suite struct GoalSeekTests {
  static func q3() throws -> Scenario { try CommonRandomNumbersTests.shipped("q3") }

  /// The counts of a tally, for exact comparison.
  static func counts(_ t: Tally) -> [Int] {
    [t.trials, t.jointMet, t.marketingAndSalesMet, t.salesMetMarketingMissed, t.cancelReached, t.queueEvents]
      + t.goalMet + t.goalMonthMet + t.partyMet + t.partyMonthMet + t.jointMonthMet + t.monthMissed + t.rungReached
  }

  static func tally(_ model: CompiledModel, _ ranges: [Range<Int>], seed: UInt64, threads: Int = 2) async -> Tally {
    var total = Tally(model: model, expectedTrials: 0)
    for range in ranges {
      await SimulationEngine.simulate(
        model: model, trials: range, seed: seed, threads: threads,
        makeRecorder: { model, n in Tally(model: model, expectedTrials: n) }
      ) { total.fold($0) }
    }
    return total
  }

  /// Trial t is the same trial whatever range it is simulated in: 0..<1000 then 1000..<1700
  /// (both inside blocks) counts exactly what 0..<1700 does, and what `run` reports.
  @Test func trialRangesExtendARunExactly() async throws {
    let model = CompiledModel(try Self.q3())
    let whole = await Self.tally(model, [0..<1700], seed: 9)
    let pieces = await Self.tally(model, [0..<1000, 1000..<1013, 1013..<1700], seed: 9, threads: 1)
    #expect(Self.counts(whole) == Self.counts(pieces))
    let run = await SimulationEngine(scenario: try Self.q3()).run(trials: 1700, seed: 9, threads: 2)
    #expect(run.joint.successes == whole.jointMet)
    #expect(run.parties.map(\.probability.successes) == [whole.partyMet[0], whole.partyMet[1], whole.partyMet[2]])
  }

  /// The goals' paths come in the compiled model's goal order (``ScenarioVariable`` relies on it).
  @Test func goalPathsFollowTheCompiledGoalOrder() throws {
    let scenario = try Self.q3()
    let model = CompiledModel(scenario)
    let values = CompiledModel.goalValues(scenario)
    #expect(values.map(\.key) == model.goals.map(\.key))
    #expect(values.map(\.party) == model.goals.map(\.party))
  }

  /// Setting a variable on the compiled model is exactly recompiling the scenario with the
  /// new value: the same counts, trial by trial aggregated, for every variable of q3.
  @Test(arguments: [
    ("sales.reps", 5.0), ("sales.hoursPerDay", 4.5), ("service.agents", 7), ("service.hoursPerDay", 6.25),
    ("marketing.sources[referral].leadsPerMonth", 31), ("sales.goals.revenuePerMonth", 402_000),
    ("sales.goals.firstTouch.share", 0.97), ("sales.goals.attemptsOnUnconnected", 4),
    ("marketing.goals.leadsPerMonth", 190), ("marketing.goals.sqlsPerMonth", 104),
    ("marketing.goals.leadValuePerMonth", 250_000), ("service.goals.firstResponse.share", 0.9),
    ("service.goals.retention", 0.97), ("sales.goals.firstTouch.withinHours", 0.5),
    ("service.goals.firstResponse.withinHours", 2.5),
  ])
  func settingAVariableIsRecompiling(_ path: String, _ value: Double) async throws {
    var scenario = try Self.q3()
    let variable = try ScenarioVariable.named(path, in: scenario)
    let set = CompiledModel(scenario).setting(variable, to: value)
    switch path {
    case "sales.reps": scenario.sales.reps = Int(value)
    case "sales.hoursPerDay": scenario.sales.hoursPerDay = value
    case "service.agents": scenario.service?.agents = Int(value)
    case "service.hoursPerDay": scenario.service?.hoursPerDay = value
    case "marketing.sources[referral].leadsPerMonth": scenario.marketing.sources[0].leadsPerMonth = .fixed(value)
    case "sales.goals.revenuePerMonth": scenario.sales.goals.revenuePerMonth = .fixed(value)
    case "sales.goals.firstTouch.share": scenario.sales.goals.firstTouch?.share = .fixed(value)
    case "sales.goals.attemptsOnUnconnected": scenario.sales.goals.attemptsOnUnconnected = value
    case "marketing.goals.leadsPerMonth": scenario.marketing.goals.leadsPerMonth = .fixed(value)
    case "marketing.goals.sqlsPerMonth": scenario.marketing.goals.sqlsPerMonth = .fixed(value)
    case "marketing.goals.leadValuePerMonth": scenario.marketing.goals.leadValuePerMonth = .fixed(value)
    case "service.goals.firstResponse.share": scenario.service?.goals.firstResponse?.share = .fixed(value)
    case "service.goals.retention": scenario.service?.goals.retention = .fixed(value)
    case "sales.goals.firstTouch.withinHours": scenario.sales.goals.firstTouch?.withinHours = value
    case "service.goals.firstResponse.withinHours": scenario.service?.goals.firstResponse?.withinHours = value
    default: Issue.record("no recompiled case for \(path)")
    }
    let recompiled = CompiledModel(scenario)
    let a = await Self.tally(set, [0..<512], seed: 3)
    let b = await Self.tally(recompiled, [0..<512], seed: 3)
    #expect(Self.counts(a) == Self.counts(b), "\(path) = \(value)")
    #expect(a.kpiMoments.map(\.mean) == b.kpiMoments.map(\.mean), "\(path) = \(value)")
  }

  @Test func variablesAreNamedByNameOrIndexAndOthersAreRefusedWithTheValidPaths() throws {
    let scenario = try Self.q3()
    let byIndex = try ScenarioVariable.named("marketing.sources[0].leadsPerMonth", in: scenario)
    #expect(byIndex.path == "marketing.sources[referral].leadsPerMonth")
    #expect(try ScenarioVariable.named("marketing.sources.referral.leadsPerMonth", in: scenario) == byIndex)
    #expect(try ScenarioVariable.named("sales.reps", in: scenario).seek == .smallest)
    #expect(try ScenarioVariable.named("sales.goals.revenuePerMonth", in: scenario).seek == .largest)
    #expect(try ScenarioVariable.named("sales.goals.revenuePerMonth", in: scenario).party == .sales)

    func refusal(_ path: String) -> ScenarioVariableError? {
      do {
        _ = try ScenarioVariable.named(path, in: scenario)
        return nil
      } catch { return error }
    }
    let gamma = try #require(refusal("marketing.sources[content].leadsPerMonth"))
    #expect(gamma.reason == "is a distribution, not a number; only a fixed number can be varied")
    #expect(gamma.validPaths.contains("sales.reps") && gamma.validPaths.contains("service.agents"))
    #expect(gamma.description.contains("Paths that can be varied in this scenario: sales.reps, sales.hoursPerDay,"))
    #expect(refusal("marketing.sources[nosuch].leadsPerMonth")?.reason
      == "names no source of this scenario (its sources: referral, content; or an index from 0)")
    #expect(refusal("sales.closeRate")?.reason == "is not a number that can be varied")
    #expect(refusal("sales.dealSize")?.reason == "is not a number that can be varied")
    var windows = scenario
    windows.sales.workWindows = [WorkWindow(startMinute: 9 * 60, endMinute: 12 * 60)]
    #expect(
      (try? ScenarioVariable.named("sales.hoursPerDay", in: windows)) == nil
        && ScenarioVariable.whyNot("sales.hoursPerDay", scenario: windows)
          == "cannot be varied: the staff work in workWindows, which set their hours")
    var noService = scenario
    noService.service = nil
    #expect(
      ScenarioVariable.whyNot("service.agents", scenario: noService)
        == "is not in this scenario (it has no service section)")
  }

  @Test func scheduleDoublesUpToTheMaximum() {
    #expect(TrialSchedule(initial: 4096, maximum: 120_000).checkpoints == [4096, 8192, 16384, 32768, 65536, 120_000])
    #expect(TrialSchedule(initial: 1000, maximum: 1000).checkpoints == [1000])
    #expect(TrialSchedule(initial: 1000, maximum: 10).checkpoints == [1000])
    let huge = TrialSchedule(initial: 1 << 61, maximum: .max)
    #expect(huge.checkpoints == [1 << 61, 1 << 62, .max])
  }

  /// The sequential rule: an interval wholly on one side decides; one that contains the
  /// target asks for more trials, except at the last checkpoint, where the estimate decides.
  @Test func verdictsComeFromTheIntervalsSide() throws {
    let clear = try #require(Verdict.decide(ProportionEstimate(successes: 950, trials: 1000), target: 0.9, isLast: false))
    #expect(clear.meets && !clear.ambiguous)
    let fails = try #require(Verdict.decide(ProportionEstimate(successes: 850, trials: 1000), target: 0.9, isLast: false))
    #expect(!fails.meets && !fails.ambiguous)
    #expect(Verdict.decide(ProportionEstimate(successes: 905, trials: 1000), target: 0.9, isLast: false) == nil)
    let last = try #require(Verdict.decide(ProportionEstimate(successes: 905, trials: 1000), target: 0.9, isLast: true))
    #expect(last.meets && last.ambiguous)
    let below = try #require(Verdict.decide(ProportionEstimate(successes: 895, trials: 1000), target: 0.9, isLast: true))
    #expect(!below.meets && below.ambiguous)
  }

  static func variable(_ seek: ScenarioVariable.Seek, integer: Bool, current: Double, range: ClosedRange<Double>)
    -> ScenarioVariable
  {
    ScenarioVariable(
      path: "x", party: .sales, isInteger: integer, seek: seek, current: current, range: range, unit: "reps",
      target: .salesReps)
  }

  /// A verdict whose probability changes with `x` (so that no run of values looks flat).
  static func verdict(_ meets: Bool, at x: Double = 0) -> Verdict {
    Verdict(meets: meets, ambiguous: false, probability: ProportionEstimate(successes: Int(x.rounded()), trials: 1 << 20))
  }

  /// The search on known thresholds: from below and above, integers and reals, both senses,
  /// and the two ends of the range; in O(log) evaluations.
  @Test func searchFindsTheBoundary() async throws {
    for (start, threshold) in [(3.0, 7.0), (20, 7), (7, 7), (6, 7), (1, 1), (1, 64_000)] {
      var asked: [Double] = []
      let v = Self.variable(.smallest, integer: true, current: start, range: 1...100_000)
      let outcome = await MonotoneSearch(variable: v, tolerance: 1).run { x in
        asked.append(x)
        return Self.verdict(x >= threshold, at: x)
      }
      #expect(outcome.answer == threshold, "start \(start)")
      if threshold > 1 {
        #expect(outcome.status == .found && outcome.neighbour == threshold - 1, "start \(start)")
      } else {
        #expect(outcome.status == .leastValueMeets && outcome.neighbour == nil)
      }
      #expect(asked.count <= 2 * Int(Double.log2(abs(threshold - start) + 2)) + 2, "start \(start): \(asked)")
      #expect(Set(asked).count == asked.count, "a value asked twice: \(asked)")
    }
    // Reals: the largest quota with P ≥ target, to the tolerance; the answer meets, the neighbour fails.
    let quota = Self.variable(.largest, integer: false, current: 450_000, range: 0...1e12)
    let q = await MonotoneSearch(variable: quota, tolerance: 450).run { Self.verdict($0 <= 401_234.5) }
    #expect(q.status == .found)
    #expect(q.answer <= 401_234.5 && q.answer > 401_234.5 - 450)
    #expect(try #require(q.neighbour) > 401_234.5 && q.neighbour! - q.answer <= 450)
    // Nothing in range meets it.
    let none = await MonotoneSearch(variable: Self.variable(.smallest, integer: true, current: 3, range: 1...100), tolerance: 1)
      .run { Self.verdict(false, at: $0) }
    #expect(none.status == .unreachable && none.answer == 100 && none.neighbour == nil)
    // A plateau: from 4 on the count stops changing; after four steps up that leave it
    // unchanged (6, 10, 18, 34) the search stops, without walking to 100,000.
    var asked: [Double] = []
    let flat = await MonotoneSearch(variable: Self.variable(.smallest, integer: true, current: 3, range: 1...100_000), tolerance: 1)
      .run { x in
        asked.append(x)
        return Self.verdict(false, at: Swift.min(x, 4))
      }
    #expect(flat.status == .plateau && flat.answer == 34 && flat.neighbour == nil)
    #expect(asked == [3, 4, 6, 10, 18, 34], "\(asked)")
  }

  /// DOMAIN.md: where the desk is M/M/N (24x7, hoursPerDay 24, exponential handling, no churn),
  /// `solve --vary service.agents` returns Erlang C's required agents: 10 Erlangs, 80% within
  /// 20 s → 14 (88.8%; 13 reach 79.6%).
  ///
  /// Time-scaled by 10 (20 contacts an hour, 30-minute handling, 200 s) so that a trial is a
  /// 30-day month of ~14,400 tickets: Erlang C depends on the load and on μ·t only, so the
  /// levels are the same. The goal holds over a month when the month's share reaches 80%.
  /// At 14 agents a month's share is about 88.8% with a standard deviation of about 1 point
  /// (measured: every month of 1,024 meets it); at 13 it centres on 80% itself (measured:
  /// P ≈ 0.49 at seed 8), so at target 0.9 the answer is 14, 13 its neighbour, and neither
  /// interval comes near 0.9 (at target 0.5 the 13's interval would straddle it).
  @Test func solveReturnsErlangCsRequiredAgents() async throws {
    #expect(ErlangC.requiredAgents(offeredLoad: 10, handleTime: 30, target: 200.0 / 60, serviceLevelGoal: 0.8) == 14)
    let scenario = TestScenarios.erlang(agents: 10, arrivalsPerHour: 20, handleMinutes: 30, targetSeconds: 200)
    let engine = SimulationEngine(scenario: scenario)
    let agents = try ScenarioVariable.named("service.agents", in: scenario)
    let result = await engine.solve(
      variable: agents, goal: .goal(.service, key: "firstResponse"), target: 0.9,
      schedule: TrialSchedule(initial: 256, maximum: 1024), seed: 8, threads: 2)
    #expect(result.status == .found)
    #expect(result.solution.value == 14, "\(result.evaluations.map { ($0.value, $0.probability.estimate) })")
    #expect(result.neighbour?.value == 13)
    #expect(!result.isAmbiguous)
  }

  /// A higher target never asks for fewer reps, nor allows a larger quota. Small schedules
  /// keep it to a few seconds: the property holds at any trial count, as every target is
  /// judged on the same trials (CRN), so the estimates are nested.
  @Test func solveIsMonotoneInTheTarget() async throws {
    let scenario = try Self.q3()
    let engine = SimulationEngine(scenario: scenario)
    let schedule = TrialSchedule(initial: 256, maximum: 512)
    let reps = try ScenarioVariable.named("sales.reps", in: scenario)
    var previous = 0.0
    for target in [0.3, 0.9, 0.995] {
      let r = await engine.solve(
        variable: reps, goal: .goal(.sales, key: "firstTouch"), target: target, schedule: schedule, seed: 4, threads: 2)
      #expect(r.solution.value >= previous, "target \(target)")
      previous = r.solution.value
    }
    let quota = try ScenarioVariable.named("sales.goals.revenuePerMonth", in: scenario)
    var largest = Double.infinity
    for target in [0.2, 0.8] {
      let r = await engine.solve(
        variable: quota, goal: .goal(.sales, key: "revenuePerMonth"), target: target, schedule: schedule, seed: 4,
        threads: 2)
      #expect(r.status == .found)
      #expect(r.solution.value <= largest, "target \(target)")
      #expect(r.solution.probability.estimate >= target || r.solution.ambiguous)
      largest = r.solution.value
    }
  }

  /// The goal selector reads parties, goals and `joint`, and names the valid ones otherwise.
  @Test func goalSelectorsNameTheValidChoices() throws {
    let scenario = try Self.q3()
    #expect(try GoalSelector.parse("sales", scenario: scenario) == .party(.sales))
    #expect(try GoalSelector.parse("service.firstResponse", scenario: scenario) == .goal(.service, key: "firstResponse"))
    #expect(try GoalSelector.parse("joint", scenario: scenario) == .joint)
    do {
      _ = try GoalSelector.parse("sales.nosuch", scenario: scenario)
      Issue.record("accepted sales.nosuch")
    } catch {
      #expect(
        error.description
          == "--goal 'sales.nosuch' is not a goal of this scenario. Valid: marketing, marketing.leadsPerMonth, "
          + "marketing.sqlsPerMonth, marketing.leadValuePerMonth, sales, sales.revenuePerMonth, sales.firstTouch, "
          + "sales.attemptsOnUnconnected, service, service.firstResponse, service.retention, joint.")
    }
  }
}
