import Testing

@testable import SLASim

/// `workWindows`: reps and agents work at full speed inside daily windows; the SLA clock still
/// runs on the calendar's business hours (issue 6, item 4).
@Suite struct WorkWindowTests {
  static func window(_ start: Int, _ end: Int) -> WorkWindow { WorkWindow(startMinute: start, endMinute: end) }

  /// Table: a 09:00–17:00 day (480 business minutes) with windows 09:00–10:00 and 13:00–15:00,
  /// as offsets [0, 60) and [240, 360).
  static let table: [(Double, Double)] = [
    (0, 0), (59.5, 59.5), (60, 240), (100, 240), (240, 240), (359, 359), (360, 480), (479, 480),
    (480, 480), (550, 720), (2800, 2880),
  ]

  @Test(arguments: table)
  func nextStartIsInsideAWindow(t: Double, expected: Double) {
    var starts: [Double] = [0, 240]
    var ends: [Double] = [60, 360]
    starts.withUnsafeMutableBufferPointer { s in
      ends.withUnsafeMutableBufferPointer { e in
        let table = WindowTable(starts: s.baseAddress!, ends: e.baseAddress!, count: 2, dayLength: 480)
        #expect(table.nextStart(atOrAfter: t) == expected)
      }
    }
  }

  static func q3(_ edit: (inout Scenario) -> Void) throws -> Scenario {
    var scenario = try #require(BandwidthTests.shipped("q3.json"))
    edit(&scenario)
    return scenario
  }

  /// A window covering the whole open day is `hoursPerDay` equal to the open hours, bit for bit.
  @Test func aWholeDayWindowIsTheOpenHours() throws {
    let plain = try Self.q3 { $0.sales.hoursPerDay = 8; $0.service?.hoursPerDay = 8 }
    let windowed = try Self.q3 {
      $0.sales.hoursPerDay = 8
      $0.sales.workWindows = [Self.window(540, 1020)]
      $0.service?.hoursPerDay = 8
      $0.service?.workWindows = [Self.window(540, 1020)]
    }
    #expect(
      EngineDefectTests.figures(of: plain, trials: 30, seed: 4)
        == EngineDefectTests.figures(of: windowed, trials: 30, seed: 4))
  }

  /// Two windows that together cover a 24x7 day reduce the desk to M/M/N: DOMAIN.md's
  /// Erlang C desk (14 agents, 88.8% within 20 s) through the windows' code path.
  @Test func windowsCoveringTheDayReduceToErlangC() async {
    var scenario = TestScenarios.erlang(agents: 14, arrivalsPerHour: 200, handleMinutes: 3, targetSeconds: 20)
    scenario.service?.workWindows = [Self.window(0, 720), Self.window(720, 1440)]
    let model = CompiledModel(scenario)
    #expect(model.serviceWindowStarts == [0, 720])
    await expectErlangCServiceLevel(scenario, agents: 14, trials: 12, seed: 11)
  }

  /// Attempts that straddle a window's end: one rep working 09:00–11:00, 25-minute attempts,
  /// busy enough to queue. Every attempt starts inside the window (offset in [0, 120)), some
  /// start late in it and finish after 11:00, and none starts outside it.
  @Test func attemptsStartInsideAWindowAndMayRunPastItsEnd() {
    let scenario = Scenario(
      name: "windows", horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 1),
      marketing: Marketing(sources: [LeadSource(name: "web", leadsPerMonth: .fixed(150))]),
      sales: {
        var sales = Sales(
          reps: 1, hoursPerDay: 2,
          followUp: FollowUp(maxAttempts: 2, minutesPerAttempt: 25, retryAfterHours: 1, connectRate: .fixed(0.5)),
          closeRate: .fixed(0), dealSize: .fixed(1), cycleDays: .fixed(0))
        sales.workWindows = [Self.window(540, 660)]
        return sales
      }())
    let model = CompiledModel(scenario)
    #expect(model.attemptBusinessMinutes == 25, "full speed inside the window: no stretch")
    var scratch = TrialScratch(model: model)
    scratch.isTracing = true
    var rng = Xoshiro256StarStar(seed: 41)
    var straddling = 0
    var attempts = 0
    for _ in 0..<5 {
      model.simulateTrial(&scratch, using: &rng)
      for i in 0..<scratch.trace.count where scratch.trace[i].kind == .attemptStart {
        let offset = scratch.trace[i].business.truncatingRemainder(dividingBy: 480)
        #expect(offset >= 0 && offset < 120, "an attempt starts \(offset) minutes after the opening")
        if offset + 25 > 120 { straddling += 1 }
        attempts += 1
      }
    }
    #expect(attempts > 100)
    #expect(straddling > 0)
  }

  /// The point of windows (the issue's peer measurement): a team that works leads 09:00–13:00
  /// at full speed answers many more within 4 business hours than one that trickles the same
  /// 4 hours over the day, while the 1-hour share barely moves.
  @Test func aMorningWindowAnswersFasterWithinHalfADay() async throws {
    func run(_ windows: [WorkWindow]) async throws -> (Double, Double) {
      var scenario = Scenario(
        name: "speed", horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 1),
        marketing: Marketing(sources: [LeadSource(name: "web", leadsPerMonth: .fixed(600))]),
        sales: Sales(
          reps: 2, hoursPerDay: 4,
          followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 10, retryAfterHours: 1, connectRate: .fixed(1)),
          closeRate: .fixed(0), dealSize: .fixed(1), cycleDays: .fixed(0),
          goals: SalesGoals(firstTouch: ShareGoal(withinHours: 4, share: .fixed(0.9)))))
      scenario.sales.workWindows = windows
      let result = await SimulationEngine(scenario: scenario).run(trials: 200, seed: 5, threads: 2)
      let within4 = try #require(result.kpi(.salesFirstTouchWithinShare)).mean
      scenario.sales.goals.firstTouch = ShareGoal(withinHours: 1, share: .fixed(0.9))
      let one = await SimulationEngine(scenario: scenario).run(trials: 200, seed: 5, threads: 2)
      return (try #require(one.kpi(.salesFirstTouchWithinShare)).mean, within4)
    }
    let trickle = try await run([])
    let morning = try await run([Self.window(540, 780)])
    #expect(morning.1 > trickle.1 + 0.05, "within 4 h: morning \(morning.1), trickle \(trickle.1)")
  }

  // MARK: The format

  @Test func windowsReplaceOrMustMatchHoursPerDay() throws {
    let ok = load(edited([("sales.hoursPerDay", nil), ("sales.workWindows", #"["09:00-11:00", "14:00-15:30"]"#)]))
    let sales = try #require(ok.scenario?.sales)
    #expect(sales.hoursPerDay == 3.5)
    #expect(sales.workWindows == [Self.window(540, 660), Self.window(840, 930)])
    #expect(
      errorMessages(edited([("sales.workWindows", #"["09:00-11:00"]"#)])) == [
        "q3.json: $.sales.hoursPerDay: must equal the work windows' total of 2 hours (or be left out); found 4."
      ])
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil)])) == [
        "q3.json: $.sales: missing required key 'hoursPerDay' (or 'workWindows')."
      ])
  }

  @Test func badWindowsAreNamed() {
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil), ("sales.workWindows", #"["08:00-10:00"]"#)])) == [
        "q3.json: $.sales.workWindows[0]: must lie inside the calendar's open hours, 09:00–17:00; found '08:00-10:00'."
      ])
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil), ("sales.workWindows", #"["11:00-10:00"]"#)])) == [
        "q3.json: $.sales.workWindows[0]: must end after it starts; found '11:00-10:00'."
      ])
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil), ("sales.workWindows", #"["09:00-12:00", "11:00-13:00"]"#)]))
        == [
          "q3.json: $.sales.workWindows[1]: must start at or after the previous window's end (12:00); found '11:00-13:00'."
        ])
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil), ("sales.workWindows", #"["9-12"]"#)])) == [
        "q3.json: $.sales.workWindows[0]: must be a time written HH:MM, from 00:00 to 23:59; found '9'."
      ])
    #expect(
      errorMessages(edited([("sales.hoursPerDay", nil), ("sales.workWindows", "[]")])) == [
        #"q3.json: $.sales.workWindows: must be a non-empty array of windows written "HH:MM-HH:MM", such as ["09:00-13:00"]; found an empty array."#
      ])
  }
}
