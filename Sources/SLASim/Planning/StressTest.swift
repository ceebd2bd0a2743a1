/// A response-time goal the stress test reads: what it counts and which staff answer it.
public enum ResponseGoal: String, Sendable, CaseIterable {
  /// `sales.goals.firstTouch`: SQLs first touched within the time; reps answer it.
  case firstTouch
  /// `service.goals.firstResponse`: tickets answered within the time; agents answer it.
  case firstResponse

  public var party: Party { self == .firstTouch ? .sales : .service }
  /// The staff that answer it: `sales.reps` or `service.agents`.
  public var staffPath: String { self == .firstTouch ? "sales.reps" : "service.agents" }
  /// What is late: `leads` or `tickets`.
  public var items: String { self == .firstTouch ? "leads" : "tickets" }
  var withinFigure: Figure { self == .firstTouch ? .firstTouchedWithin : .ticketsWithin }
  var itemsFigure: Figure { self == .firstTouch ? .firstTouched : .tickets }

  /// The goals of `scenario` a stress test can read, with their times in business hours.
  static func present(in scenario: Scenario) -> [(goal: ResponseGoal, withinHours: Double)] {
    var out: [(ResponseGoal, Double)] = []
    if let g = scenario.sales.goals.firstTouch { out.append((.firstTouch, g.withinHours)) }
    if let g = scenario.service?.goals.firstResponse { out.append((.firstResponse, g.withinHours)) }
    return out.map { (goal: $0.0, withinHours: $0.1) }
  }
}

/// Per-trial counts of a stress test: for each response goal and level, the trials that meet
/// it over the horizon; the trials with no late item; the late items' moments.
///
/// A trial meets level ℓ when its on-time count reaches `Σₘ ℓ · itemsₘ` (the horizon rule of
/// `run`, ``CompiledModel/horizonGoalMet(_:allMonths:fig:)``, with the same sum in the same
/// order), so a level here has exactly the verdict of `solve` on the goal with share ℓ.
struct StressCounts: TrialRecorder {
  let goals: [ResponseGoal]
  let levels: [Double]
  var trials = 0
  /// Goal-major: `met[g * levels.count + l]`.
  var met: [Int]
  var noneLate: [Int]
  var late: [StreamingMoments]
  var items: [StreamingMoments]

  init(goals: [ResponseGoal], levels: [Double]) {
    self.goals = goals
    self.levels = levels
    met = Array(repeating: 0, count: goals.count * levels.count)
    noneLate = Array(repeating: 0, count: goals.count)
    late = Array(repeating: StreamingMoments(), count: goals.count)
    items = Array(repeating: StreamingMoments(), count: goals.count)
  }

  mutating func record(_ s: borrowing TrialScratch, model: CompiledModel) {
    let m = model.months
    let fig = s.figures.base
    trials += 1
    for (g, goal) in goals.enumerated() {
      let within = goal.withinFigure.rawValue * m
      let counted = goal.itemsFigure.rawValue * m
      var onTime = 0.0
      var all = 0.0
      for month in 0..<m {
        onTime += fig[within + month]
        all += fig[counted + month]
      }
      for (l, level) in levels.enumerated() {
        var required = 0.0
        for month in 0..<m { required += level * fig[counted + month] }
        if onTime >= required * (1 - 1e-12) { met[g * levels.count + l] += 1 }
      }
      let lateItems = all - onTime
      if lateItems <= 0 { noneLate[g] += 1 }
      late[g].add(lateItems)
      items[g].add(all)
    }
  }

  /// Adds `other`'s counts (a later block's) to these.
  mutating func fold(_ other: StressCounts) {
    trials += other.trials
    for i in met.indices { met[i] += other.met[i] }
    for g in goals.indices {
      noneLate[g] += other.noneLate[g]
      late[g].merge(other.late[g])
      items[g].merge(other.items[g])
    }
  }

  func probability(goal g: Int, level l: Int) -> ProportionEstimate {
    ProportionEstimate(successes: met[g * levels.count + l], trials: trials)
  }
}

/// One level of one response goal, side by side with the others (DESIGN.md: `stress`).
public struct StressLevel: Sendable {
  public var goal: ResponseGoal
  public var level: Double
  public var nines: Nines
  /// The probability of meeting the level over the horizon at today's staffing.
  public var probability: ProportionEstimate
  /// Half the interval's width over the estimate (`nil` when the estimate is 0).
  public var relativeError: Double? {
    probability.estimate > 0 ? (probability.high - probability.low) / 2 / probability.estimate : nil
  }
  /// The least staff meeting the level with the stress test's confidence, and how the search ended.
  public var staffNeeded: CandidateEvaluation
  public var staffStatus: SearchStatus
  public var staffNeighbour: CandidateEvaluation?
  /// Late items the level allows at the expected volume, per month and over the horizon.
  public var allowedMissesPerMonth: Double
  public var allowedMissesPerHorizon: Double
  /// The mean number late over the horizon at today's staffing, and its standard error.
  public var expectedMisses: Double
  public var expectedMissesStdError: Double
  public var probabilityNoneLate: ProportionEstimate
  /// The level allows less than one late item over the horizon: the first late one breaches it.
  public var firstMissBreaches: Bool { allowedMissesPerHorizon < 1 }
}

/// A stress test's findings for one response goal.
public struct StressGoal: Sendable {
  public var goal: ResponseGoal
  public var withinHours: Double
  /// Today's staff (reps or agents).
  public var currentStaff: Int
  /// Trials at today's staffing.
  public var trials: Int
  /// The mean number of items (first-touched leads, tickets) over the horizon, and per month.
  public var expectedItems: Double
  public var expectedItemsPerMonth: Double
  /// Every pair of adjacent levels was ranked by the stopping rule (else the trials ran out).
  public var ranked: Bool
  public var levels: [StressLevel]
  /// Each staffing simulated for this goal: staff, trials and each level's probability.
  public var staffings: [StressStaffing]
}

public struct StressStaffing: Sendable {
  public var staff: Int
  public var trials: Int
  public var probabilities: [ProportionEstimate]
}

/// What `stress` found.
public struct StressResult: Sendable {
  public var scenarioName: String
  public var seed: UInt64
  public var schedule: TrialSchedule
  public var confidence: Double
  /// The ranking precision of the stopping rule (``SimulationEngine/rankingPrecision``).
  public var rankingPrecision: Double
  public var threads: Int
  public var seconds: Double
  public var months: Int
  public var goals: [StressGoal]
  /// Trials simulated in all, over every staffing.
  public var totalTrials: Int
}

extension SimulationEngine {
  /// Two adjacent levels count as ranked when the 95% upper bound of their difference is at most this.
  public static let rankingPrecision = 0.005

  /// Whether every pair of adjacent levels (ascending) of goal `g` is ranked in `counts`:
  /// their 95% intervals are disjoint, or the 95% Wilson upper bound of their difference is at
  /// most ``rankingPrecision``. The levels are nested trial by trial (a trial meeting 99.99%
  /// meets 99.9%), so the difference is the share of trials meeting the lower level only.
  static func ranked(_ counts: StressCounts, goal g: Int) -> Bool {
    let order = counts.levels.indices.sorted { counts.levels[$0] < counts.levels[$1] }
    for (a, b) in zip(order, order.dropFirst()) {
      let lower = counts.probability(goal: g, level: a)
      let higher = counts.probability(goal: g, level: b)
      if lower.low > higher.high { continue }
      let d = counts.met[g * counts.levels.count + a] - counts.met[g * counts.levels.count + b]
      let difference = ProportionEstimate(successes: Swift.max(0, d), trials: counts.trials)
      if difference.high > rankingPrecision { return false }
    }
    return true
  }

  /// The stress test of the nines (DESIGN.md: `stress`): for each response-time goal and each
  /// level, the probability of meeting it at today's staffing, the staff needed to meet it with
  /// probability `confidence`, what the level allows, and what today's staffing leaves late.
  ///
  /// One simulation at one staffing answers every level at once (``StressCounts``), so the
  /// staff search needs one simulation per staffing value. Trials at today's staffing double
  /// from `schedule.initial` until every pair of adjacent levels is ranked
  /// (``ranked(_:goal:)``) or `schedule.maximum` is reached; the staff search decides each
  /// staffing like `solve` (``Verdict/decide(_:target:isLast:)``, ``MonotoneSearch``) on the
  /// same trials, so its answer is `solve`'s for the goal with share ℓ, same seed and schedule.
  ///
  /// - Parameter levels: Shares in (0, 1), e.g. 0.99, 0.999.
  public func stress(
    levels: [Double], confidence: Double, schedule: TrialSchedule, seed: UInt64, threads: Int,
    progress: (@Sendable (SearchProgress) -> Void)? = nil
  ) async -> StressResult {
    let clock = ContinuousClock()
    let started = clock.now
    let base = model
    let present = ResponseGoal.present(in: base.scenario)
    let goals = present.map(\.goal)
    let threads = Self.threadsUsed(requested: threads, trials: schedule.maximum)
    let counter = ProgressCounter(progress)
    let variables = ScenarioVariable.all(in: base.scenario)

    /// A staffing's counts at each checkpoint reached so far (cumulative).
    struct Staffing {
      var model: CompiledModel
      var label: String
      var atCheckpoint: [StressCounts]
    }
    // Keyed by (reps, agents): today's staffing serves both goals.
    var staffings: [[Int]: Staffing] = [:]
    var order: [[Int]] = []
    let today = [base.reps, base.agents]

    func counts(_ key: [Int], checkpoint k: Int) async -> StressCounts {
      if staffings[key] == nil {
        let model = base.setting(reps: key[0], agents: key[1])
        let label = key == today ? "today's staffing" : key[0] != today[0] ? "\(key[0]) reps" : "\(key[1]) agents"
        staffings[key] = Staffing(model: model, label: label, atCheckpoint: [])
        order.append(key)
        counter.evaluations += 1
      }
      while let staffing = staffings[key], staffing.atCheckpoint.count <= k {
        let done = staffing.atCheckpoint.last?.trials ?? 0
        let checkpoint = schedule.checkpoints[staffing.atCheckpoint.count]
        var total = staffing.atCheckpoint.last ?? StressCounts(goals: goals, levels: levels)
        await Self.simulate(
          model: staffing.model, trials: done..<checkpoint, seed: seed, threads: threads,
          makeRecorder: { _, _ in StressCounts(goals: goals, levels: levels) }
        ) { block in
          total.fold(block)
          counter.add(block.trials, candidate: staffing.label, candidateTrials: total.trials, checkpoint: checkpoint)
        }
        staffings[key]?.atCheckpoint.append(total)
      }
      return staffings[key]?.atCheckpoint[k] ?? StressCounts(goals: goals, levels: levels)
    }

    // Today's staffing: double until the levels are ranked.
    for k in schedule.checkpoints.indices {
      let c = await counts(today, checkpoint: k)
      if goals.indices.allSatisfy({ Self.ranked(c, goal: $0) }) { break }
    }

    // The staff search for each goal and level, on cached staffings.
    var staffResults: [[(SearchStatus, CandidateEvaluation, CandidateEvaluation?)]] = []
    for (g, goal) in goals.enumerated() {
      guard let variable = variables.first(where: { $0.path == goal.staffPath }) else { continue }
      var perLevel: [(SearchStatus, CandidateEvaluation, CandidateEvaluation?)] = []
      for l in levels.indices {
        func key(_ staff: Double) -> [Int] {
          goal == .firstTouch ? [Int(staff), today[1]] : [today[0], Int(staff)]
        }
        func evaluate(_ staff: Double) async -> CandidateEvaluation {
          let verdict = await Verdict.sequential(schedule, target: confidence) { k in
            await counts(key(staff), checkpoint: k).probability(goal: g, level: l)
          }
          return CandidateEvaluation(value: staff, verdict: verdict)
        }
        let outcome = await MonotoneSearch(variable: variable, tolerance: 1).run { await evaluate($0).verdict }
        let answer = await evaluate(outcome.answer)
        var neighbour: CandidateEvaluation?
        if let n = outcome.neighbour { neighbour = await evaluate(n) }
        perLevel.append((outcome.status, answer, neighbour))
      }
      staffResults.append(perLevel)
    }

    let months = base.months
    var results: [StressGoal] = []
    let todayCounts = staffings[today]?.atCheckpoint.last ?? StressCounts(goals: goals, levels: levels)
    for (g, entry) in present.enumerated() {
      let expectedItems = todayCounts.items[g].mean
      let levelResults = levels.enumerated().map { l, level in
        let nines = Nines(level: level)
        let search = staffResults[g][l]
        return StressLevel(
          goal: entry.goal, level: level, nines: nines, probability: todayCounts.probability(goal: g, level: l),
          staffNeeded: search.1, staffStatus: search.0, staffNeighbour: search.2,
          allowedMissesPerMonth: nines.allowedMisses(volume: expectedItems / Double(months)),
          allowedMissesPerHorizon: nines.allowedMisses(volume: expectedItems),
          expectedMisses: todayCounts.late[g].mean,
          expectedMissesStdError: todayCounts.late[g].standardDeviation / Double(Swift.max(1, todayCounts.trials)).squareRoot(),
          probabilityNoneLate: ProportionEstimate(successes: todayCounts.noneLate[g], trials: todayCounts.trials))
      }
      let staffingsOfGoal: [StressStaffing] = order.compactMap { key in
        guard key == today || (entry.goal == .firstTouch ? key[1] == today[1] : key[0] == today[0]),
          let s = staffings[key], let last = s.atCheckpoint.last
        else { return nil }
        return StressStaffing(
          staff: entry.goal == .firstTouch ? key[0] : key[1], trials: last.trials,
          probabilities: levels.indices.map { last.probability(goal: g, level: $0) })
      }.sorted { $0.staff < $1.staff }
      results.append(
        StressGoal(
          goal: entry.goal, withinHours: entry.withinHours,
          currentStaff: entry.goal == .firstTouch ? today[0] : today[1], trials: todayCounts.trials,
          expectedItems: expectedItems, expectedItemsPerMonth: expectedItems / Double(months),
          ranked: Self.ranked(todayCounts, goal: g), levels: levelResults, staffings: staffingsOfGoal))
    }
    return StressResult(
      scenarioName: base.scenario.name, seed: seed, schedule: schedule, confidence: confidence,
      rankingPrecision: Self.rankingPrecision, threads: threads, seconds: (clock.now - started).seconds,
      months: months, goals: results, totalTrials: counter.totalTrials)
  }
}

extension CompiledModel {
  /// This model with `reps` reps and `agents` agents.
  func setting(reps: Int, agents: Int) -> CompiledModel {
    var model = self
    model.reps = reps
    model.agents = agents
    return model
  }
}

extension SimulationEngine {
  /// Whether the scenario has a goal `stress` reads (`sales.goals.firstTouch`, `service.goals.firstResponse`).
  public var hasResponseGoals: Bool { !ResponseGoal.present(in: model.scenario).isEmpty }
}
