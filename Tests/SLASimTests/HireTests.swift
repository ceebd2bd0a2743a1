import Testing

@testable import SLASim

/// New hires (`sales.hires`, issue 9 item 2): decoding and its messages, and hired reps in the
/// follow-up queue: full from the start they are extra reps, bit for bit; before `from` they do
/// nothing; in their k-th month they work `k/(rampMonths + 1)` of a rep's hours.
@Suite struct HireTests {
  // MARK: Decoding

  static func loaded(_ hires: String) -> ScenarioLoadResult { load(edited([("sales.hires", hires)])) }

  @Test func hiresDecodeWithTheirDefaults() throws {
    let result = Self.loaded(
      #"[{"from": "2026-08-15", "reps": 2, "rampMonths": 3}, {"from": "2026-09-01", "reps": 1}]"#)
    #expect(result.errors.isEmpty, "\(result.errors)")
    let hires = try #require(result.scenario).sales.hires
    #expect(
      hires == [
        Hire(from: TestScenarios.date("2026-08-15"), reps: 2, rampMonths: 3),
        Hire(from: TestScenarios.date("2026-09-01"), reps: 1, rampMonths: 0),
      ])
    #expect(try #require(load(minimalScenario).scenario).sales.hires.isEmpty)
    #expect(Self.loaded("[]").errors.isEmpty)
  }

  @Test(arguments: [
    (
      #"{"from": "2026-08-01", "reps": 1}"#,
      "q3.json: $.sales.hires: must be an array of hires {from, reps, rampMonths}; found an object."
    ),
    (
      #"[3]"#,
      "q3.json: $.sales.hires[0]: must be an object with keys 'from', 'reps' and 'rampMonths'; found 3."
    ),
    (#"[{"reps": 1}]"#, "q3.json: $.sales.hires[0]: missing required key 'from'."),
    (#"[{"from": "2026-08-01"}]"#, "q3.json: $.sales.hires[0]: missing required key 'reps'."),
    (
      #"[{"from": "2026-08-01", "reps": 1, "rampMonth": 2}]"#,
      "q3.json: $.sales.hires[0]: unknown key 'rampMonth'. Did you mean 'rampMonths'?"
    ),
    (
      #"[{"from": "2026-02-30", "reps": 1}]"#,
      "q3.json: $.sales.hires[0].from: must be a real date (2026-02 has 28 days); found '2026-02-30'."
    ),
    (
      #"[{"from": "August", "reps": 1}]"#,
      "q3.json: $.sales.hires[0].from: must be a date written YYYY-MM-DD; found 'August'."
    ),
    (
      #"[{"from": "2026-08-01", "reps": 0}]"#,
      "q3.json: $.sales.hires[0].reps: must be a whole number of reps from 1 to 100,000; found 0."
    ),
    (
      #"[{"from": "2026-08-01", "reps": 1.5}]"#,
      "q3.json: $.sales.hires[0].reps: must be a whole number of reps from 1 to 100,000; found 1.5."
    ),
    (
      #"[{"from": "2026-08-01", "reps": 1, "rampMonths": -1}]"#,
      "q3.json: $.sales.hires[0].rampMonths: must be a whole number of months from 0 to 24; found -1."
    ),
    (
      #"[{"from": "2026-08-01", "reps": 1, "rampMonths": 25}]"#,
      "q3.json: $.sales.hires[0].rampMonths: must be a whole number of months from 0 to 24; found 25."
    ),
    (
      #"[{"from": "2026-08-01", "reps": 60000}, {"from": "2026-09-01", "reps": 39999}]"#,
      "q3.json: $.sales.hires: must keep reps and hires together at most 100,000 reps; found 100,001 reps."
    ),
  ])
  func eachBadHireIsRefusedAtItsPath(hires: String, message: String) {
    #expect(Self.loaded(hires).errors.map(\.description) == [message])
  }

  /// minimalScenario's 2 reps plus 99,998 hired: exactly the cap.
  @Test func repsAndHiresUpToTheCapAreAccepted() {
    #expect(Self.loaded(#"[{"from": "2026-08-01", "reps": 99998}]"#).errors.isEmpty)
  }

  // MARK: The queue

  /// Figures, busy minutes and backlog of `trials` trials at `seed`, one row per trial.
  static func trials(_ scenario: Scenario, count: Int, seed: UInt64, tracing: Bool = false)
    -> [(figures: [Double], busy: Double, backlog: Int, trace: [TraceEvent])]
  {
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    scratch.isTracing = tracing
    var rng = Xoshiro256StarStar(seed: seed)
    var rows: [(figures: [Double], busy: Double, backlog: Int, trace: [TraceEvent])] = []
    for _ in 0..<count {
      model.simulateTrial(&scratch, using: &rng)
      rows.append(
        (
          Array(UnsafeBufferPointer(start: scratch.figures.base, count: scratch.figures.count)),
          scratch.repBusyMinutes, scratch.salesBacklog,
          Array(UnsafeBufferPointer(start: scratch.trace.base, count: scratch.trace.count))
        ))
    }
    return rows
  }

  /// A hire with no ramp that works from the simulation's first minute is a rep like the
  /// others: the heap serves in the order the rings do when every server is alike, so every
  /// figure of every trial, and the engine's whole result, has the same bits as `reps + N`.
  @Test(arguments: ["q3.json", "internal-sla.json", "company-a-2020.json"])
  func aFullHireFromTheStartIsExactlyAnotherRep(name: String) async throws {
    let base = try #require(BandwidthTests.shipped(name))
    var hired = base
    // Before the first simulated month (warm-up included): at work from minute 0.
    hired.sales.hires = [Hire(from: base.horizon.start.firstOfMonth(adding: -30), reps: 2, rampMonths: 0)]
    var more = base
    more.sales.reps += 2
    let a = Self.trials(hired, count: 6, seed: 11)
    let b = Self.trials(more, count: 6, seed: 11)
    for (x, y) in zip(a, b) {
      #expect(x.figures == y.figures)
      #expect(x.busy == y.busy)
      #expect(x.backlog == y.backlog)
    }
    let r = await SimulationEngine(scenario: hired).run(trials: 64, seed: 5, threads: 2)
    let s = await SimulationEngine(scenario: more).run(trials: 64, seed: 5, threads: 2)
    #expect(r.joint.estimate == s.joint.estimate)
    #expect(r.monthMissed.map(\.estimate) == s.monthMissed.map(\.estimate))
    for (p, q) in zip(r.parties, s.parties) {
      #expect(p.byMonth.map(\.estimate) == q.byMonth.map(\.estimate))
      for (g, h) in zip(p.goals, q.goals) { #expect(g.byMonth.map(\.estimate) == h.byMonth.map(\.estimate)) }
    }
    for (k, l) in zip(r.kpis, s.kpis) {
      #expect(k.kpi == l.kpi)
      #expect(k.mean == l.mean && k.sd == l.sd && k.p50 == l.p50, "\(k.kpi)")
    }
  }

  /// A capacity-bound month-by-month scenario on a 24x7 calendar: 6 months from January 2026,
  /// one rep, many more SQLs than a rep can touch, hour-long attempts, one attempt a lead.
  static func saturated(hires: [Hire], connectRate: Double = 0) -> Scenario {
    var s = Scenario(
      name: "saturated", horizon: Horizon(start: TestScenarios.date("2026-01-01"), months: 6), calendar: .alwaysOpen,
      marketing: Marketing(sources: [LeadSource(name: "all", leadsPerMonth: .fixed(20_000), qualifyRate: .fixed(1))]),
      sales: Sales(
        reps: 1, hoursPerDay: 24,
        followUp: FollowUp(
          maxAttempts: 1, minutesPerAttempt: 60, retryAfterHours: 1, connectRate: .fixed(connectRate),
          giveUpAfterDays: 1),
        closeRate: .fixed(1), dealSize: .fixed(100), cycleDays: .fixed(0),
        goals: SalesGoals(revenuePerMonth: .fixed(0), firstTouch: ShareGoal(withinHours: 24, share: .fixed(0.5)))))
    s.sales.hires = hires
    return s
  }

  /// Attempts started in `[from, to)` (wall minutes; on 24x7 they are business minutes too).
  static func attemptStarts(_ trace: [TraceEvent], from: Double, to: Double) -> Int {
    trace.filter { $0.kind == .attemptStart && $0.wall >= from && $0.wall < to }.count
  }

  /// In a saturated queue, attempts started in a period are its hours × (1 + the hire's factor).
  ///
  /// Every server is busy all the time and each attempt is an hour of full-rep work, so the
  /// count is deterministic whatever the arrivals (no standard error to allow for). The tolerance is one attempt per server at
  /// each end of the period (an attempt running over a boundary is counted where it starts)
  /// plus one for the first arrival's few minutes at the very start.
  ///
  /// A hire from 1 February with a 3-month ramp: factors 1/4, 2/4, 3/4, then 1 (``Hire``).
  @Test func attemptsPerMonthScaleWithTheRampsCapacityFactor() {
    let hire = Hire(from: TestScenarios.date("2026-02-01"), reps: 1, rampMonths: 3)
    let scenario = Self.saturated(hires: [hire])
    let model = CompiledModel(scenario)
    let trace = Self.trials(scenario, count: 1, seed: 3, tracing: true)[0].trace
    let days = [31.0, 28, 31, 30, 31, 30]
    let factors = [0.0, 0.25, 0.5, 0.75, 1, 1]
    for month in 0..<6 {
      #expect(hire.capacityFactor(monthStarting: scenario.horizon.start.firstOfMonth(adding: month)) == factors[month])
      let started = Self.attemptStarts(
        trace, from: model.monthStartWall[month], to: model.monthStartWall[month + 1])
      let expected = 24 * days[month] * (1 + factors[month])
      #expect(abs(Double(started) - expected) <= 3, "month \(month + 1): \(started) attempts, expected \(expected)")
    }
  }

  /// A hire from 15 January (mid-month: its first month is January, and it works from the 15th
  /// on, at 1/2 with a 1-month ramp) adds nothing before the 15th and half a rep after it.
  @Test func aMidMonthHireDoesNoWorkBeforeItsFirstDay() {
    let scenario = Self.saturated(hires: [Hire(from: TestScenarios.date("2026-01-15"), reps: 1, rampMonths: 1)])
    let trace = Self.trials(scenario, count: 1, seed: 4, tracing: true)[0].trace
    let fifteenth = 14.0 * 1440
    #expect(abs(Double(Self.attemptStarts(trace, from: 0, to: fifteenth)) - 24 * 14) <= 2)
    #expect(abs(Double(Self.attemptStarts(trace, from: fifteenth, to: 31 * 1440)) - 24 * 17 * 1.5) <= 3)
    #expect(abs(Double(Self.attemptStarts(trace, from: 31 * 1440, to: 59 * 1440)) - 24 * 28 * 2) <= 3)
  }

  /// Nothing happens before its cause: with a hire from month 3, every traced event before
  /// 1 March is the same as without it (kind, entity, times), and so are the revenue and deals
  /// of months 1–2 (counted by close month, caused before March).
  @Test(arguments: 0..<4 as Range<UInt64>)
  func aHireChangesNothingBeforeItsFrom(seed: UInt64) throws {
    let hire = Hire(from: TestScenarios.date("2026-03-01"), reps: 2, rampMonths: 2)
    let without = Self.saturated(hires: [], connectRate: 0.3)
    let with = Self.saturated(hires: [hire], connectRate: 0.3)
    let march = CompiledModel(with).monthStartWall[2]
    let a = Self.trials(without, count: 2, seed: seed, tracing: true)
    let b = Self.trials(with, count: 2, seed: seed, tracing: true)
    let m = 6
    for (x, y) in zip(a, b) {
      let before = { (e: TraceEvent) in e.wall < march }
      let p = x.trace.filter(before)
      let q = y.trace.filter(before)
      #expect(p.count == q.count)
      #expect(
        zip(p, q).allSatisfy { $0.kind == $1.kind && $0.entity == $1.entity && $0.wall == $1.wall }
          && zip(p, q).allSatisfy { $0.business == $1.business || ($0.business.isNaN && $1.business.isNaN) })
      for f in [Figure.revenue, .deals] {
        for month in 0..<2 { #expect(x.figures[f.rawValue * m + month] == y.figures[f.rawValue * m + month]) }
      }
    }
  }

  /// The same hire raises months 3–6: more revenue over 50 trials at a fixed seed (100 for the goal), and a
  /// first-touch goal met at least as often (common random numbers: each lead keeps its stream).
  @Test func aHireRaisesTheMonthsFromItsFrom() async {
    let hire = Hire(from: TestScenarios.date("2026-03-01"), reps: 2, rampMonths: 2)
    let without = Self.saturated(hires: [], connectRate: 0.3)
    let with = Self.saturated(hires: [hire], connectRate: 0.3)
    let a = Self.trials(without, count: 50, seed: 9)
    let b = Self.trials(with, count: 50, seed: 9)
    let m = 6
    for month in 2..<6 {
      let revenue = { (rows: [(figures: [Double], busy: Double, backlog: Int, trace: [TraceEvent])]) in
        rows.reduce(0) { $0 + $1.figures[Figure.revenue.rawValue * m + month] }
      }
      #expect(revenue(b) > revenue(a), "month \(month + 1)")
    }
    let r = await SimulationEngine(scenario: without).run(trials: 100, seed: 9, threads: 2)
    let s = await SimulationEngine(scenario: with).run(trials: 100, seed: 9, threads: 2)
    let key = "firstTouch"
    let p = r.party(.sales)?.goals.first { $0.key == key }?.byMonth.map(\.estimate) ?? []
    let q = s.party(.sales)?.goals.first { $0.key == key }?.byMonth.map(\.estimate) ?? []
    #expect(p.count == 6 && q.count == 6)
    for month in 0..<min(p.count, q.count) { #expect(q[month] >= p[month], "month \(month + 1)") }
    #expect(p.first == q.first)  // January's leads are all touched or given up before March
  }
}

extension HireTests {
  /// The bandwidth warning counts hires at their month's capacity: minimalScenario with hour-long
  /// attempts needs ~263 rep-hours a month against 2 reps' ~176, and two full hires from the
  /// horizon's start double the hours (~352), so the warning goes.
  @Test func theBandwidthWarningCountsHires() {
    let overloaded = edited([("sales.followUp.minutesPerAttempt", "60")])
    let warned = load(overloaded).warnings.map(\.description)
    #expect(warned.contains { $0.contains("the follow-up queue grows all horizon") }, "\(warned)")
    let hired = load(edited([("sales.hires", #"[{"from": "2026-07-01", "reps": 2}]"#)], base: overloaded))
    #expect(hired.errors.isEmpty)
    #expect(!hired.warnings.map(\.description).contains { $0.contains("the follow-up queue grows all horizon") })
  }
}
