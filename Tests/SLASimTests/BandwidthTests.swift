import Foundation
import RealModule
import Testing

@testable import SLASim

/// Rep bandwidth in the depth figure (`followUp.giveUpAfterDays`) and the capacity KPIs
/// (utilisation, backlog, abandoned leads), against hand computations (issue 6, items 2 and 3).
@Suite struct BandwidthTests {
  /// A shipped scenario, read from the checkout (tests run from a fresh clone).
  static func shipped(_ name: String) -> Scenario? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent("scenarios").appendingPathComponent(name).path
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return ScenarioLoader.load(Array(data), file: path).scenario
  }

  /// One SQL stream on a calendar where no attempt ever connects: every lead is followed up
  /// until `maxAttempts` or until it is given up.
  static func neverConnecting(
    calendar: CalendarSpec, maxAttempts: Int, retryAfterHours: Double, giveUpAfterDays: Double
  ) -> Scenario {
    Scenario(
      name: "never connecting", horizon: Horizon(start: TestScenarios.date("2026-06-01"), months: 1),
      calendar: calendar,
      marketing: Marketing(sources: [LeadSource(name: "all", leadsPerMonth: .fixed(100))]),
      sales: Sales(
        reps: 5, hoursPerDay: calendar == .alwaysOpen ? 24 : 8,
        followUp: FollowUp(
          maxAttempts: maxAttempts, minutesPerAttempt: 0, retryAfterHours: retryAfterHours, connectRate: .fixed(0),
          giveUpAfterDays: giveUpAfterDays),
        closeRate: .fixed(1), dealSize: .fixed(1), cycleDays: .fixed(0)))
  }

  /// Hand count: hourly zero-minute attempts from the arrival, none later than 0.26 days
  /// (374.4 minutes) after it: attempts at 0, 60, …, 360 minutes, so exactly 7 of the 10
  /// allowed, and every lead is abandoned.
  @Test func noAttemptStartsAfterTheGiveUpTime() {
    let scenario = Self.neverConnecting(calendar: .alwaysOpen, maxAttempts: 10, retryAfterHours: 1, giveUpAfterDays: 0.26)
    for trial in EngineDefectTests.figures(of: scenario, trials: 20, seed: 2) {
      let unconnected = trial[Figure.unconnected.rawValue]
      #expect(unconnected == trial[Figure.sqls.rawValue])
      #expect(trial[Figure.unconnectedAttempts.rawValue] == 7 * unconnected)
      #expect(trial[Figure.abandoned.rawValue] == unconnected)
    }
  }

  /// Business days count open time from the arrival's business minute: with 09:00–17:00,
  /// retries 4 business hours apart and 1.1 business days (528 business minutes), a lead gets
  /// attempts at 0, 240 and 480 business minutes, wherever it arrived (an overnight lead counts
  /// from the next opening).
  @Test func theGiveUpTimeIsInBusinessDays() {
    let scenario = Self.neverConnecting(calendar: .standard, maxAttempts: 6, retryAfterHours: 4, giveUpAfterDays: 1.1)
    for trial in EngineDefectTests.figures(of: scenario, trials: 20, seed: 4) {
      let unconnected = trial[Figure.unconnected.rawValue]
      #expect(unconnected > 0)
      #expect(trial[Figure.unconnectedAttempts.rawValue] == 3 * unconnected)
      #expect(trial[Figure.abandoned.rawValue] == unconnected)
    }
  }

  /// A give-up time the cadence never reaches changes nothing: maxAttempts attempts each.
  @Test func aLongGiveUpTimeKeepsEveryAttempt() {
    let scenario = Self.neverConnecting(calendar: .standard, maxAttempts: 6, retryAfterHours: 4, giveUpAfterDays: 20)
    for trial in EngineDefectTests.figures(of: scenario, trials: 20, seed: 4) {
      #expect(trial[Figure.unconnectedAttempts.rawValue] == 6 * trial[Figure.unconnected.rawValue])
      #expect(trial[Figure.abandoned.rawValue] == 0)
    }
  }

  /// q3 with its own three reps meets the depth goal as before (every unconnected lead gets
  /// six attempts); with one rep at one hour a day the same leads get well under six.
  @Test func depthFallsWhenRepsLackTheHours() async throws {
    let q3 = try #require(Self.shipped("q3.json"))
    let ample = await SimulationEngine(scenario: q3).run(trials: 512, seed: 1, threads: 2)
    #expect(ample.kpi(.salesAttemptsOnUnconnected)?.mean == 6)
    #expect(ample.kpi(.salesLeadsAbandoned)?.mean == 0)
    let depthGoal = ample.party(.sales)?.goals.first { $0.key == "attemptsOnUnconnected" }
    #expect(depthGoal?.probability.estimate == 1)

    var starved = q3
    starved.sales.reps = 1
    starved.sales.hoursPerDay = 1
    let short = await SimulationEngine(scenario: starved).run(trials: 512, seed: 1, threads: 2)
    let depth = try #require(short.kpi(.salesAttemptsOnUnconnected))
    #expect(depth.mean < 4, "depth \(depth.mean) with one rep at one hour a day")
    #expect((short.kpi(.salesLeadsAbandoned)?.mean ?? 0) > 10)
    #expect((short.party(.sales)?.goals.first { $0.key == "attemptsOnUnconnected" }?.probability.estimate ?? 1) < 0.05)
  }

  /// At a fixed seed, more reps never lower the mean depth (one hour a day each on q3's
  /// leads). Until common random numbers arrive (issue 8) each staffing draws its own luck, so
  /// the comparison is of means over 512 trials: a fall of more than 4 standard errors of the
  /// difference fails.
  @Test func depthIsNonDecreasingInReps() async throws {
    var scenario = try #require(Self.shipped("q3.json"))
    scenario.sales.hoursPerDay = 1
    var previous: (mean: Double, se: Double)?
    for reps in 1...6 {
      scenario.sales.reps = reps
      let result = await SimulationEngine(scenario: scenario).run(trials: 512, seed: 3, threads: 2)
      let depth = try #require(result.kpi(.salesAttemptsOnUnconnected))
      let current = (mean: depth.mean, se: depth.sd / 512.0.squareRoot())
      if let previous {
        let tolerance = 4 * (previous.se * previous.se + current.se * current.se).squareRoot()
        #expect(current.mean >= previous.mean - tolerance, "reps \(reps): \(current.mean) after \(previous.mean)")
      }
      previous = current
    }
    #expect(previous?.mean == 6, "six reps at an hour a day have the hours for every attempt")
  }

  /// Rep utilisation: two reps, 24x7, 2,000 one-attempt leads a month of 10 minutes each:
  /// busy ≈ 10 N minutes of the reps' 2 × 43,200 in June with N ~ Poisson(2000), so the mean
  /// is 20,000 / 86,400 = 0.2315 (less the work that spills past June 30, at this load a few
  /// minutes: under 3e-4) and the SD of one trial 10 √2000 / 86,400.
  @Test func repUtilisationIsTheBusyShareOfLeadHours() async throws {
    let scenario = Scenario(
      name: "busy", horizon: Horizon(start: TestScenarios.date("2026-06-01"), months: 1), calendar: .alwaysOpen,
      marketing: Marketing(sources: [LeadSource(name: "all", leadsPerMonth: .fixed(2000))]),
      sales: Sales(
        reps: 2, hoursPerDay: 24,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 10, retryAfterHours: 1, connectRate: .fixed(1)),
        closeRate: .fixed(0), dealSize: .fixed(1), cycleDays: .fixed(0)))
    let n = 400
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 8, threads: 2)
    let utilisation = try #require(result.kpi(.salesRepUtilisation))
    let expected = 20_000.0 / 86_400
    let se = 10 * 2000.0.squareRoot() / 86_400 / Double(n).squareRoot()
    #expect(abs(utilisation.mean - expected) < 4 * se + 3e-4, "\(utilisation.mean) vs \(expected)")
  }

  /// Agent utilisation on DOMAIN.md's Erlang C desk is the offered load per agent, ρ = 10/14.
  @Test func agentUtilisationOfAnErlangDeskIsRho() async throws {
    let scenario = TestScenarios.erlang(agents: 14, arrivalsPerHour: 200, handleMinutes: 3, targetSeconds: 20)
    let n = 12
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 11, threads: 2)
    let utilisation = try #require(result.kpi(.serviceAgentUtilisation))
    // 5 standard errors of the mean over trials (from the trials themselves) plus 0.001 for
    // the empty desk at the month's start and the work past its end.
    let se = utilisation.sd / Double(n).squareRoot()
    #expect(abs(utilisation.mean - 10.0 / 14) < 5 * se + 0.001, "\(utilisation.mean) vs \(10.0 / 14)")
  }

  /// Backlog at the horizon's end: on 09:00–17:00 with staff to spare, the leads and tickets
  /// still waiting at the end of June 30 (a Tuesday) are those that arrived after its 17:00
  /// close. Leads all after hours: 1,000 × 420 / 32,640 closed minutes = 12.87; tickets
  /// uniform over June's 43,200 minutes, 1,000 a month: 1,000 × 420 / 43,200 = 9.72. Both
  /// Poisson: 4 standard errors of the mean.
  @Test func backlogIsWhatArrivedAfterTheLastClose() async throws {
    let june = TestScenarios.date("2026-06-01")
    let scenario = Scenario(
      name: "backlog", horizon: Horizon(start: june, months: 1),
      marketing: Marketing(sources: [LeadSource(name: "night", leadsPerMonth: .fixed(1000))], businessHoursShare: 0),
      sales: Sales(
        reps: 200, hoursPerDay: 8,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 1, retryAfterHours: 1, connectRate: .fixed(0)),
        closeRate: .fixed(1), dealSize: .fixed(1), cycleDays: .fixed(0)),
      service: Service(
        existingCustomers: 1000, agents: 50, hoursPerDay: 8, ticketsPerCustomerPerMonth: .fixed(1),
        handleMinutes: .fixed(1)))
    let n = 400
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 12, threads: 2)
    let sales = try #require(result.kpi(.salesBacklog))
    let leads = 1000 * 420.0 / 32_640
    #expect(abs(sales.mean - leads) < 4 * (leads / Double(n)).squareRoot(), "\(sales.mean) vs \(leads)")
    let service = try #require(result.kpi(.serviceBacklog))
    let tickets = 1000 * 420.0 / 43_200
    #expect(abs(service.mean - tickets) < 4 * (tickets / Double(n)).squareRoot(), "\(service.mean) vs \(tickets)")
  }
}

/// `validate` and `run` warn when the expected work exceeds the staff's hours (issue 6, item 3).
@Suite struct CapacityWarningTests {
  /// minimalScenario's 120 SQLs a month with connectRate 0.3 and 3 attempts at most get
  /// (1 − 0.7³) / 0.3 = 2.19 attempts each: 120 × 2.19 × 10 min = 43.8 rep-hours a month,
  /// against 1 rep × 1 h × July 2026's 23 business days = 23 (190%).
  @Test func anOverloadedSalesTeamIsNamedWithItsFigures() {
    let text = edited([("horizon.months", "1"), ("sales.reps", "1"), ("sales.hoursPerDay", "1")])
    #expect(
      load(text).warnings.map(\.warningDescription) == [
        "q3.json: warning: $.sales: the expected work on SQLs is ~44 rep-hours a month against 23 available "
          + "(utilisation 190%): the follow-up queue grows all horizon."
      ])
  }

  /// 100 customers × 1 ticket × 60 min = 100 agent-hours a month; one agent at an hour a day
  /// has 23, 21 and 22 hours in July, August and September 2026: August is the busiest (476%).
  @Test func anOverloadedDeskNamesItsBusiestMonth() {
    let text = edited([
      ("service", serviceSection), ("service.agents", "1"), ("service.hoursPerDay", "1"),
      ("service.handleMinutes", "60"),
    ])
    #expect(
      load(text).warnings.map(\.warningDescription) == [
        "q3.json: warning: $.service: the expected work on tickets in Aug 2026, the busiest month, is ~100 "
          + "agent-hours against 21 available (utilisation 476%): the ticket queue grows all horizon."
      ])
  }

  @Test func enoughStaffGivesNoWarning() {
    #expect(load(minimalScenario).warnings.isEmpty)
  }

  /// 100 customers × 1 ticket × 138 min = 230 agent-hours against 2 × 6 × 23 = 276 in July
  /// 2026 (83%): the relaxation time is 2.3 h / (6 h × 2 × (1 − √0.8333)²) = 25.2 business
  /// days, five of them 126, which is 5.5 months of 23 business days: 6 months of warm-up.
  @Test func aLoadedDeskThatStartsEmptyIsToldToWarmUp() {
    let loaded = [("service", serviceSection), ("service.handleMinutes", "138")]
    #expect(
      load(edited(loaded)).warnings.map(\.warningDescription) == [
        "q3.json: warning: $.service: the ticket queue starts empty but runs at ~83% utilisation in the first "
          + "month; a queue that loaded takes ~126 business days to settle, so the first month's figures are "
          + "optimistic; set \"simulation.warmUpMonths\" to 6 to start it loaded."
      ])
    #expect(
      load(edited(loaded + [("simulation", #"{"warmUpMonths": 2}"#)])).warnings.map(\.warningDescription) == [
        "q3.json: warning: $.service: the ticket queue has 2 months of warm-up but runs at ~83% utilisation in the "
          + "first month; a queue that loaded takes ~126 business days to settle, so the first month's figures are "
          + "optimistic; set \"simulation.warmUpMonths\" to 6 to start it loaded."
      ])
    #expect(load(edited(loaded + [("simulation", #"{"warmUpMonths": 6}"#)])).warnings.isEmpty)
    // 120 min is 72%: still loaded; 90 min is 54%, which settles from empty within days.
    #expect(load(edited([("service", serviceSection), ("service.handleMinutes", "120")])).warnings.count == 1)
    #expect(load(edited([("service", serviceSection), ("service.handleMinutes", "90")])).warnings.isEmpty)
  }

  /// A 45-day cycle needs 90 days of leads before the horizon, 3 months; with an open pipeline
  /// as well, a warm-up would create the same opportunities twice.
  @Test func aWarmUpIsCheckedAgainstTheCycleAndTheOpenPipeline() {
    #expect(
      load(edited([("sales.cycleDays", "45"), ("simulation", #"{"warmUpMonths": 1}"#)])).warnings.map(
        \.warningDescription) == [
          "q3.json: warning: $.simulation.warmUpMonths: 1 month of warm-up is shorter than twice the mean sales "
            + "cycle (~45 days): the pipeline is still filling when the horizon starts, so its first months get too "
            + "little marketing-sourced revenue; 3 months fill it."
        ])
    #expect(load(edited([("sales.cycleDays", "45"), ("simulation", #"{"warmUpMonths": 3}"#)])).warnings.isEmpty)
    let pipeline = #"{"opportunities": 10, "remainingDays": 20}"#
    #expect(
      load(edited([("sales.openPipeline", pipeline), ("simulation", #"{"warmUpMonths": 2}"#)])).warnings.map(
        \.warningDescription) == [
          "q3.json: warning: $.simulation.warmUpMonths: 2 months of warm-up with sales.openPipeline counts the "
            + "pipeline twice: the warm-up's leads already create the opportunities open on 2026-07-01; drop "
            + "openPipeline, or set warmUpMonths to 0."
        ])
  }
}
