import Foundation
import RealModule
import Testing

@testable import SLASim

/// Abandonment at the service desk (issue 8, item 4, simulation part; docs/model.md §4): a
/// ticket whose answer would start more than its `service.patienceMinutes` after its arrival
/// abandons, counts as a missed first response and in `service.abandonedShare`.
@Suite struct AbandonmentTests {
  /// DOMAIN.md's desk (200 tickets an hour, 3-minute exponential handling: 10 Erlangs, a
  /// 20-second target, 24x7, one 30-day month of ~144,000 tickets) with `agents` agents and
  /// the given patience.
  static func desk(agents: Int, patience: Value?) -> Scenario {
    var s = TestScenarios.erlang(agents: agents, arrivalsPerHour: 200, handleMinutes: 3, targetSeconds: 20)
    s.service?.patienceMinutes = patience
    return s
  }

  static func exponential(_ mean: Double) -> Value { .distribution(.exponential(mean: mean)) }

  static let monthMinutes = 30.0 * 1440

  // MARK: Known values

  /// The 24x7 desk with exponential handling and exponential patience is M/M/N+M, so each
  /// trial's abandoned share and share answered within 20 s estimate Erlang A's (Garnett,
  /// Mandelbaum and Reiman 2002, doi:10.1287/msom.4.3.208.7753; ``ErlangA``, itself checked
  /// to 1e-9 against the solved chain): below, at and above the load of 10 Erlangs.
  ///
  /// Tolerance: 4 standard errors of the mean over the 12 trials (σ estimated from the trials,
  /// so it includes the autocorrelation within a month), plus a bound on the bias of starting
  /// the desk empty. Every ticket in the system leaves at rate at least min(μ, θ) (answered at
  /// μ, or abandoning at θ), so the desk forgets its start within τ = max(handle, patience)
  /// minutes; starting empty can only help, by at most the figure itself (the abandoned share,
  /// or 1 − the service level) while it lasts, so the month's figure is off by at most
  /// figure × τ ÷ 43,200 minutes. Five times that is allowed: about 10⁻⁴, well below 4 SE.
  /// The cases share seed 84, so they see the same arrivals (common random numbers) and their
  /// errors are correlated: at this seed all four abandon about 1.5 SE more than Erlang A, and
  /// 96 trials at seeds 7 and 9 of the 10-agent case came within 0.5 SE of it.
  @Test(arguments: [(8, 1.0), (10, 1.0), (10, 3.0), (12, 2.0)])
  func deskWithExponentialPatienceAgreesWithErlangA(agents: Int, patienceMinutes: Double) async throws {
    let n = 12
    let scenario = Self.desk(agents: agents, patience: Self.exponential(patienceMinutes))
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 84, threads: 2)
    let analytic = ErlangA.evaluate(
      agents: agents, offeredLoad: 10, handleTime: 3, patience: patienceMinutes, target: 20.0 / 60)
    let transientShare = 5 * Swift.max(3, patienceMinutes) / Self.monthMinutes
    let abandoned = try #require(result.kpi(.serviceAbandonedShare))
    let within = try #require(result.kpi(.serviceFirstResponseWithinShare))
    let root = Double(n).squareRoot()
    #expect(
      abs(abandoned.mean - analytic.abandonProbability)
        < 4 * abandoned.sd / root + transientShare * analytic.abandonProbability,
      "abandoned \(abandoned.mean) vs Erlang A \(analytic.abandonProbability), se \(abandoned.sd / root)")
    #expect(
      abs(within.mean - analytic.serviceLevel)
        < 4 * within.sd / root + transientShare * (1 - analytic.serviceLevel),
      "within 20 s \(within.mean) vs Erlang A \(analytic.serviceLevel), se \(within.sd / root)")
    // Meaningful cases: between 1% and 40% of tickets abandon, measured to a few per mille.
    #expect(analytic.abandonProbability > 0.01 && analytic.abandonProbability < 0.4)
    #expect(abandoned.sd / root < 0.003)
  }

  /// Patience 0 makes the desk a loss system, abandoning at Erlang B's rate.
  ///
  /// A ticket that finds every agent busy leaves, so the abandoned share is Erlang B's blocking
  /// probability `B(N, A)`, whatever the handle-time law (B. A. Sevastyanov 1957, "An ergodic
  /// theorem for Markov processes and its application to telephone systems with refusals",
  /// Teor. Veroyatn. Primen. 2(1):106–116), so lognormal handling must give it too. `B` comes
  /// from Erlang's recursion `B(k) = A·B(k − 1) / (k + A·B(k − 1))`, `B(0) = 1`. An answered
  /// ticket never waits, so it is answered in time, and every ticket is one or the other. 5
  /// agents for 10 Erlangs: B = 0.5640, a saturated desk.
  ///
  /// Tolerance: 4 standard errors over 12 trials plus the empty start (a loss system forgets
  /// it within a few handle times: 5 × 3 minutes of 43,200, times the figure).
  @Test func zeroPatienceIsErlangBForAnyHandleTime() async throws {
    var scenario = Self.desk(agents: 5, patience: .fixed(0))
    scenario.service?.handleMinutes = .distribution(.lognormal(mu: Double.log(3) - 0.5, sigma: 1))
    let n = 12
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 85, threads: 2)
    var blocking = 1.0
    for k in 1...5 { blocking = 10 * blocking / (Double(k) + 10 * blocking) }
    #expect(abs(blocking - 0.5640) < 1e-4)
    let abandoned = try #require(result.kpi(.serviceAbandonedShare))
    let se = abandoned.sd / Double(n).squareRoot()
    #expect(
      abs(abandoned.mean - blocking) < 4 * se + 5 * 3 / Self.monthMinutes * blocking,
      "abandoned \(abandoned.mean) vs Erlang B \(blocking), se \(se)")
    // Carried load: the agents are busy A(1 − B)/N of the time (a loose check: its standard
    // error here is about 0.001).
    let utilisation = try #require(result.kpi(.serviceAgentUtilisation))
    #expect(abs(utilisation.mean - 10 * (1 - blocking) / 5) < 0.01, "utilisation \(utilisation.mean)")
    let within = try #require(result.kpi(.serviceFirstResponseWithinShare))
    #expect(abs(within.mean + abandoned.mean - 1) < 1e-12, "within \(within.mean) + abandoned \(abandoned.mean)")
  }

  /// Patience → ∞ is Erlang C: an exponential patience of 10¹² minutes (drawn, so the desk's
  /// stream differs from the run without patience) still agrees with Erlang C as the desk
  /// without patience does (`EngineKnownValueTests`, the same tolerance: 5 standard errors
  /// plus 0.001 for the empty start), and no ticket abandons (the chance that one of ~1.7
  /// million does is about 10⁻⁶).
  @Test func unboundedPatienceIsErlangC() async throws {
    let n = 12
    let scenario = Self.desk(agents: 14, patience: Self.exponential(1e12))
    let result = await SimulationEngine(scenario: scenario).run(trials: n, seed: 86, threads: 2)
    let analytic = ErlangC.serviceLevel(agents: 14, offeredLoad: 10, handleTime: 3, target: 20.0 / 60)
    let within = try #require(result.kpi(.serviceFirstResponseWithinShare))
    let se = within.sd / Double(n).squareRoot()
    #expect(abs(within.mean - analytic) < 5 * se + 0.001, "within \(within.mean) vs Erlang C \(analytic), se \(se)")
    #expect(result.kpi(.serviceAbandonedShare)?.mean == 0)
  }

  // MARK: Without patience, nothing changes

  /// A fixed patience that is never reached changes no bit of any trial.
  ///
  /// Each scenario without patience and with a fixed patience of 10¹² minutes (which draws
  /// nothing), trial by trial at the kernel: every figure, busy time, backlog and queue event
  /// is the same bits. The variants take each specialised loop.
  @Test(arguments: ["q3", "q3 warm-up", "q3 work windows", "q3 traced", "erlang"])
  func aPatienceNeverReachedChangesNoBit(_ variant: String) throws {
    var scenario: Scenario
    if variant == "erlang" {
      scenario = Self.desk(agents: 14, patience: nil)
    } else {
      scenario = try CommonRandomNumbersTests.shipped("q3")
    }
    if variant == "q3 warm-up" { scenario.simulation.warmUpMonths = 1 }
    if variant == "q3 work windows" {
      scenario.service?.workWindows = [WorkWindow(startMinute: 9 * 60, endMinute: 12 * 60)]
    }
    var patient = scenario
    patient.service?.patienceMinutes = .fixed(1e12)
    let plain = CompiledModel(scenario)
    let model = CompiledModel(patient)
    #expect(plain.points == Array(model.points.prefix(plain.points.count)))
    var a = TrialScratch(model: plain)
    var b = TrialScratch(model: model)
    a.isTracing = variant == "q3 traced"
    b.isTracing = a.isTracing
    var rngA = Xoshiro256StarStar(seed: 84)
    var rngB = Xoshiro256StarStar(seed: 84)
    for trial in 0..<(variant == "erlang" ? 2 : 20) {
      plain.simulateTrial(&a, using: &rngA)
      model.simulateTrial(&b, using: &rngB)
      let figuresA = CommonRandomNumbersTests.array(a.figures)
      let figuresB = CommonRandomNumbersTests.array(b.figures)
      #expect(figuresA == figuresB, "trial \(trial): figures differ")
      #expect(a.agentBusyMinutes == b.agentBusyMinutes && a.serviceBacklog == b.serviceBacklog, "trial \(trial)")
      #expect(a.queueEvents == b.queueEvents, "trial \(trial)")
    }
  }

  /// The same through the engine: the JSON result is the same text once the
  /// `service.abandonedShare` KPI (0 in every trial) is taken out; without patience it is absent.
  @Test func aPatienceNeverReachedGivesTheSameResult() async throws {
    let scenario = try CommonRandomNumbersTests.shipped("q3")
    var patient = scenario
    patient.service?.patienceMinutes = .fixed(1e12)
    let plain = await SimulationEngine(scenario: scenario).run(trials: 300, seed: 42, threads: 2)
    var result = await SimulationEngine(scenario: patient).run(trials: 300, seed: 42, threads: 2)
    #expect(plain.kpi(.serviceAbandonedShare) == nil)
    let abandoned = try #require(result.kpi(.serviceAbandonedShare))
    #expect([abandoned.mean, abandoned.sd, abandoned.p05, abandoned.p50, abandoned.p95] == [0, 0, 0, 0, 0])
    result.kpis.removeAll { $0.kpi == .serviceAbandonedShare }
    #expect(RunReport(result: result, includeTiming: false).json == RunReport(result: plain, includeTiming: false).json)
  }

  // MARK: Invariants

  /// Abandoned tickets are tickets, and never answered in time.
  ///
  /// On random scenarios (CausalityTests' generator, every calendar, churn, won customers,
  /// warm-ups) with a random patience, each month: abandoned ≤ tickets and answered in time
  /// plus abandoned ≤ tickets; tracing changes no figure; each trace event is consistent.
  @Test(arguments: 0..<40 as Range<UInt64>)
  func abandonedTicketsAreTicketsNotAnsweredInTime(seed: UInt64) {
    var g = TestGenerator(seed: seed)
    var scenario = CausalityTests.randomScenario(&g)
    let patience: [Value] = [
      .fixed(0), .fixed(30 * g.unit()), .distribution(.exponential(mean: 1 + 120 * g.unit())),
      .distribution(.uniform(min: 0, max: 600 * g.unit())),
    ]
    scenario.service?.patienceMinutes = patience[g.below(patience.count)]
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var traced = TrialScratch(model: model)
    traced.isTracing = true
    var rng = Xoshiro256StarStar(seed: seed)
    var tracedRNG = Xoshiro256StarStar(seed: seed)
    let m = model.months
    for _ in 0..<5 {
      model.simulateTrial(&scratch, using: &rng)
      model.simulateTrial(&traced, using: &tracedRNG)
      #expect(CommonRandomNumbersTests.array(scratch.figures) == CommonRandomNumbersTests.array(traced.figures))
      #expect(scratch.agentBusyMinutes == traced.agentBusyMinutes && scratch.serviceBacklog == traced.serviceBacklog)
      for month in 0..<m {
        let tickets = scratch.figures[Figure.tickets.rawValue * m + month]
        let within = scratch.figures[Figure.ticketsWithin.rawValue * m + month]
        let abandoned = scratch.figures[Figure.ticketsAbandoned.rawValue * m + month]
        #expect(abandoned >= 0 && abandoned <= tickets, "seed \(seed) month \(month): \(abandoned) of \(tickets)")
        #expect(within + abandoned <= tickets, "seed \(seed) month \(month): \(within) + \(abandoned) > \(tickets)")
      }
      var answered = 0.0
      var left = 0.0
      for i in 0..<traced.trace.count {
        let e = traced.trace[i]
        if e.kind == .ticketAnswered { answered += 1 }
        if e.kind == .ticketAbandoned {
          left += 1
          #expect(e.business >= 0, "seed \(seed): a patience of \(e.business) minutes")
        }
      }
      // Every ticket is traced once, answered or abandoned (warm-up tickets too, which the
      // figures do not count).
      func total(_ f: Figure) -> Double { (0..<m).reduce(0.0) { $0 + scratch.figures[f.rawValue * m + $1] } }
      #expect(left >= total(.ticketsAbandoned) && answered + left >= total(.tickets), "seed \(seed)")
      if model.warmUpMonths == 0 {
        #expect(left == total(.ticketsAbandoned) && answered + left == total(.tickets), "seed \(seed)")
      }
    }
  }

  // MARK: Common random numbers

  /// At one seed every staffing sees the same tickets, trial by trial (their patience and
  /// handle times are drawn in arrival order from the desk's stream), and from 8 to 13 agents
  /// each agent more lowers the mean abandoned share and raises the share answered in time.
  @Test func moreAgentsAbandonLessOnAverage() async throws {
    let staffing = Array(8...13)
    let models = staffing.map { CompiledModel(Self.desk(agents: $0, patience: Self.exponential(1))) }
    let m = models[0].months
    var abandonedSum = [Double](repeating: 0, count: staffing.count)
    var withinSum = [Double](repeating: 0, count: staffing.count)
    let trials = 4
    for key in 0..<UInt64(trials) {
      let runs = models.map { CommonRandomNumbersTests.trial($0, key: key).figures }
      for (k, figures) in runs.enumerated() {
        let tickets = figures[Figure.tickets.rawValue * m]
        #expect(tickets == runs[0][Figure.tickets.rawValue * m], "trial \(key): \(staffing[k]) agents")
        abandonedSum[k] += figures[Figure.ticketsAbandoned.rawValue * m] / tickets
        withinSum[k] += figures[Figure.ticketsWithin.rawValue * m] / tickets
      }
    }
    for k in 1..<staffing.count {
      #expect(abandonedSum[k] < abandonedSum[k - 1], "\(staffing[k]) agents: \(abandonedSum)")
      #expect(withinSum[k] > withinSum[k - 1], "\(staffing[k]) agents: \(withinSum)")
    }
  }

  /// One agent more can lose more tickets on a sample path.
  ///
  /// Unlike the desk without patience, where one agent more never makes a ticket wait longer,
  /// abandonment is monotone in the agents only on average: an extra agent can answer a long
  /// ticket that would have abandoned, and the tickets behind it then wait for it. Seven
  /// tickets (arrival, handle, patience in minutes) through the kernel's own serving step: one
  /// agent loses two, two agents lose three.
  @Test func oneMoreAgentCanLoseMoreTicketsOnOnePath() {
    let tickets: [(arrival: Double, handle: Double, patience: Double)] = [
      (0, 10, .infinity), (1, 10, .infinity), (12, 20, 1), (14, 40, 1), (25, 1, 0), (26, 1, 0), (27, 1, 0),
    ]
    func abandoned(agents: Int) -> [Bool] {
      let model = CompiledModel(Self.desk(agents: agents, patience: .fixed(0)))
      var free = [Double](repeating: 0, count: agents)
      var noWindow = 0.0
      return free.withUnsafeMutableBufferPointer { f in
        withUnsafeMutablePointer(to: &noWindow) { w in
          let windows = WindowTable(starts: w, ends: w, count: 0, dayLength: 1440)
          return tickets.map { t in
            let start = model.serve(
              arrival: t.arrival, handle: t.handle, patience: t.patience, free: f.baseAddress!, windows: windows,
              features: Abandoning<PlainQueue>.self)
            return start - t.arrival > t.patience
          }
        }
      }
    }
    #expect(abandoned(agents: 1) == [false, false, true, true, false, false, false])
    #expect(abandoned(agents: 2) == [false, false, false, false, true, true, true])
  }

  // MARK: Reporting

  /// `service.abandonedShare` is in the table (as a percentage), the JSON and the CSV when the
  /// scenario sets a patience, and in none of them otherwise.
  @Test func theKPIIsReportedOnlyWithAPatience() async throws {
    let scenario = Self.desk(agents: 10, patience: Self.exponential(1))
    let with = RunReport(result: await SimulationEngine(scenario: scenario).run(trials: 2, seed: 1, threads: 1))
    #expect(with.json.contains("\"service.abandonedShare\": {"))
    #expect(with.csv.contains("kpis.service.abandonedShare.mean,"))
    let line = try #require(with.table.split(separator: "\n").first { $0.hasPrefix("service.abandonedShare") })
    #expect(line.contains("%"))
    let plain = SimulationEngine(scenario: Self.desk(agents: 10, patience: nil))
    let without = RunReport(result: await plain.run(trials: 2, seed: 1, threads: 1))
    for text in [without.json, without.csv, without.table] { #expect(!text.contains("abandonedShare")) }
  }

  // MARK: Decoding

  static func loaded(_ patience: String) -> ScenarioLoadResult {
    load(edited([("service", serviceSection), ("service.patienceMinutes", patience)]))
  }

  @Test func patienceTakesEveryFormOfADuration() throws {
    for text in [
      "0", "30", "527040", #"{"exponential": {"mean": 5}}"#, #"{"gamma": {"mean": 10, "sd": 4}}"#,
      #"{"schedule": [{"from": "2026-07-01", "value": 5}, {"from": "2026-08-01", "value": {"uniform": {"min": 1, "max": 9}}}]}"#,
    ] {
      let result = Self.loaded(text)
      #expect(result.errors.isEmpty, "\(text): \(result.errors)")
      #expect(result.scenario?.service?.patienceMinutes != nil, "\(text)")
    }
    #expect(try #require(load(edited([("service", serviceSection)])).scenario).service?.patienceMinutes == nil)
  }

  @Test func aNegativeOrHugePatienceIsRefusedAtItsPath() {
    #expect(
      Self.loaded("-5").errors.map(\.description) == [
        "q3.json: $.service.patienceMinutes: must be a non-negative number of business minutes a ticket waits; found -5."
      ])
    #expect(
      Self.loaded(#"{"exponential": {"mean": -1}}"#).errors.map(\.description) == [
        "q3.json: $.service.patienceMinutes.exponential.mean: must be positive for an exponential distribution; found -1."
      ])
    #expect(
      Self.loaded("600000").errors.map(\.description) == [
        "q3.json: $.service.patienceMinutes: must be at most 527,040, the largest number of business minutes a "
          + "ticket waits; found 600000."
      ])
  }

  /// A patience belongs to the desk: without a service section there is none to give it to
  /// (an unknown top-level key), and a service section needs its required keys as always.
  @Test func aPatienceWithoutADeskIsRefused() {
    #expect(
      load(edited([("patienceMinutes", "30")])).errors.map(\.description) == [
        "q3.json: $: unknown key 'patienceMinutes'; expected one of '$schema', 'name', 'horizon', 'calendar', "
          + "'simulation', 'marketing', 'sales', 'service', 'escalation' or 'correlations'."
      ])
    let messages = load(edited([("service", #"{"patienceMinutes": 30}"#)])).errors.map(\.description)
    #expect(messages.first == "q3.json: $.service: missing required key 'existingCustomers'.")
    #expect(messages.allSatisfy { $0.hasPrefix("q3.json: $.service: missing required key") }, "\(messages)")
  }

  /// The capacity warning of an overloaded desk with a patience says how many tickets abandon
  /// at least, instead of a queue that grows all horizon.
  @Test func anOverloadedDeskWithPatienceWarnsOfAbandonment() {
    let overloaded = [("service", serviceSection), ("service.handleMinutes", "240")]
    let plain = load(edited(overloaded)).warnings.map(\.description)
    let patient = load(edited(overloaded + [("service.patienceMinutes", "60")])).warnings.map(\.description)
    #expect(plain.contains { $0.hasSuffix("the ticket queue grows all horizon.") }, "\(plain)")
    #expect(patient.contains { $0.contains("% of tickets abandon before an answer.") }, "\(patient)")
    #expect(!patient.contains { $0.contains("grows all horizon") }, "\(patient)")
  }
}
