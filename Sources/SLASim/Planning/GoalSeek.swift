/// The probability `solve` holds: a party's whole SLA, one of its goals, or every party's.
public enum GoalSelector: Sendable, Equatable, CustomStringConvertible {
  case party(Party)
  case goal(Party, key: String)
  case joint

  /// `sales`, `sales.firstTouch`, `joint`.
  public var description: String {
    switch self {
    case .party(let party): return party.rawValue
    case .goal(let party, let key): return "\(party.rawValue).\(key)"
    case .joint: return "joint"
    }
  }

  /// Reads `PARTY`, `PARTY.GOALKEY` or `joint` against the goals `scenario` has.
  ///
  /// - Throws: A message naming the valid choices, when the party or goal is not in the scenario.
  public static func parse(_ text: String, scenario: Scenario) throws(GoalSelectorError) -> GoalSelector {
    let goals = CompiledModel.goalValues(scenario)
    let valid = choices(goals: goals)
    if text == "joint" { return .joint }
    let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
    guard let first = parts.first, let party = Party(rawValue: first) else {
      throw GoalSelectorError(text: text, reason: "is not a party, a party's goal or 'joint'", valid: valid)
    }
    if party == .service && scenario.service == nil {
      throw GoalSelectorError(text: text, reason: "names the service party, which this scenario does not have", valid: valid)
    }
    if parts.count == 1 {
      guard goals.contains(where: { $0.party == party }) else {
        throw GoalSelectorError(text: text, reason: "names a party with no goals in this scenario", valid: valid)
      }
      return .party(party)
    }
    guard goals.contains(where: { $0.party == party && $0.key == parts[1] }) else {
      throw GoalSelectorError(text: text, reason: "is not a goal of this scenario", valid: valid)
    }
    return .goal(party, key: parts[1])
  }

  /// Every selector `scenario`'s goals allow: parties, their goals, and `joint`.
  public static func validChoices(in scenario: Scenario) -> [String] {
    choices(goals: CompiledModel.goalValues(scenario))
  }

  /// Every selector the goals allow.
  static func choices(goals: [(party: Party, key: String, path: String, value: Double?)]) -> [String] {
    var out: [String] = []
    for party in Party.allCases where goals.contains(where: { $0.party == party }) {
      out.append(party.rawValue)
      for goal in goals where goal.party == party { out.append("\(party.rawValue).\(goal.key)") }
    }
    return out + ["joint"]
  }

  /// The trials of `tally` that met this selector's probability.
  func successes(in tally: Tally, model: CompiledModel) -> Int {
    switch self {
    case .joint: return tally.jointMet
    case .party(let party): return tally.partyMet[Party.allCases.firstIndex(of: party) ?? 0]
    case .goal(let party, let key):
      guard let g = model.goals.firstIndex(where: { $0.party == party && $0.key == key }) else { return 0 }
      return tally.goalMet[g]
    }
  }
}

/// A `--goal` that the scenario does not have.
public struct GoalSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
  public let text: String
  public let reason: String
  public let valid: [String]
  public var description: String {
    "--goal '\(text)' \(reason). Valid: \(valid.joined(separator: ", "))."
  }
}

/// One candidate value of a search, as decided.
public struct CandidateEvaluation: Sendable, Equatable {
  public var value: Double
  /// Trials simulated for it (the checkpoint its verdict was taken at).
  public var trials: Int
  public var probability: ProportionEstimate
  public var meets: Bool
  public var ambiguous: Bool

  /// `value`'s evaluation from its verdict.
  init(value: Double, verdict: Verdict) {
    self.value = value
    trials = verdict.probability.trials
    probability = verdict.probability
    meets = verdict.meets
    ambiguous = verdict.ambiguous
  }

  /// The verdict it was decided by.
  var verdict: Verdict { Verdict(meets: meets, ambiguous: ambiguous, probability: probability) }
}

/// What `solve` found: the least capable value meeting the target, its neighbour, and every
/// evaluation in the order made.
public struct GoalSeekResult: Sendable {
  public var scenarioName: String
  public var variable: ScenarioVariable
  public var goal: GoalSelector
  public var target: Double
  public var seed: UInt64
  public var schedule: TrialSchedule
  /// The bracket width a real search stops at (1 for an integer).
  public var tolerance: Double
  public var threads: Int
  public var seconds: Double
  public var status: SearchStatus
  /// The answer's evaluation (the range's end, or the last value tried on a plateau, when the status is not `found`).
  public var solution: CandidateEvaluation
  /// One step less capable than the answer (present when the status is `found`).
  public var neighbour: CandidateEvaluation?
  public var evaluations: [CandidateEvaluation]
  /// Trials simulated in all.
  public var totalTrials: Int { evaluations.reduce(0) { $0 + $1.trials } }
  /// The answer or its neighbour was decided on an interval that still contained the target.
  public var isAmbiguous: Bool { solution.ambiguous || (neighbour?.ambiguous ?? false) }
}

/// Progress of a search, for a progress line: after each block folded.
public struct SearchProgress: Sendable {
  /// What is being evaluated, for people: `sales.reps = 4`.
  public var candidate: String
  /// Trials of this candidate so far, and the checkpoint it is running to.
  public var candidateTrials: Int
  public var candidateTarget: Int
  /// Trials simulated since the search began, and candidates evaluated.
  public var totalTrials: Int
  public var evaluations: Int
}

/// Counts simulated trials and reports progress; called from the engine's fold, one block at a time.
final class ProgressCounter: @unchecked Sendable {
  var totalTrials = 0
  var evaluations = 0
  let report: (@Sendable (SearchProgress) -> Void)?
  init(_ report: (@Sendable (SearchProgress) -> Void)?) { self.report = report }

  /// Counts a block of `trials` just folded into `candidate`, now at `candidateTrials` of
  /// `checkpoint`, and reports the search's progress.
  func add(_ trials: Int, candidate: String, candidateTrials: Int, checkpoint: Int) {
    totalTrials += trials
    report?(
      SearchProgress(
        candidate: candidate, candidateTrials: candidateTrials, candidateTarget: checkpoint,
        totalTrials: totalTrials, evaluations: evaluations))
  }
}

extension SimulationEngine {
  /// Goal seek under uncertainty (DESIGN.md: `solve`): the least capable value of `variable`
  /// whose probability of `goal` is at least `target`, on common random numbers.
  ///
  /// Every candidate runs the same trials of the same seed (`schedule.initial` of them, more
  /// while its interval straddles the target, ``Verdict/decide(_:target:isLast:)``); the
  /// scenario is compiled once and each candidate changes one field of the compiled model.
  /// The search is ``MonotoneSearch``.
  ///
  /// - Parameters:
  ///   - tolerance: The bracket width a real search stops at; `nil` for the default
  ///     (``MonotoneSearch/defaultTolerance(_:)``). Ignored for integers.
  ///   - target: In (0, 1).
  public func solve(
    variable: ScenarioVariable, goal: GoalSelector, target: Double, schedule: TrialSchedule, seed: UInt64,
    threads: Int, tolerance: Double? = nil, progress: (@Sendable (SearchProgress) -> Void)? = nil
  ) async -> GoalSeekResult {
    let clock = ContinuousClock()
    let started = clock.now
    let tolerance = variable.isInteger ? 1 : (tolerance ?? MonotoneSearch.defaultTolerance(variable))
    let counter = ProgressCounter(progress)
    var evaluations: [CandidateEvaluation] = []
    var cache: [Double: CandidateEvaluation] = [:]
    let base = model
    let threads = Self.threadsUsed(requested: threads, trials: schedule.maximum)

    func evaluate(_ value: Double) async -> CandidateEvaluation {
      if let known = cache[value] { return known }
      let candidate = base.setting(variable, to: value)
      var tally = Tally(model: candidate, expectedTrials: 0)
      var done = 0
      counter.evaluations += 1
      let label = "\(variable.path) = \(Format.auto(value))"
      let verdict = await Verdict.sequential(schedule, target: target) { k in
        let checkpoint = schedule.checkpoints[k]
        await Self.simulate(
          model: candidate, trials: done..<checkpoint, seed: seed, threads: threads,
          makeRecorder: { model, count in Tally(model: model, expectedTrials: count) }
        ) { block in
          tally.fold(block)
          counter.add(block.trials, candidate: label, candidateTrials: tally.trials, checkpoint: checkpoint)
        }
        done = checkpoint
        return ProportionEstimate(successes: goal.successes(in: tally, model: candidate), trials: tally.trials)
      }
      let evaluation = CandidateEvaluation(value: value, verdict: verdict)
      cache[value] = evaluation
      evaluations.append(evaluation)
      return evaluation
    }

    let search = MonotoneSearch(variable: variable, tolerance: tolerance)
    let outcome = await search.run { await evaluate($0).verdict }
    let solution = await evaluate(outcome.answer)
    var neighbour: CandidateEvaluation?
    if let value = outcome.neighbour { neighbour = await evaluate(value) }
    return GoalSeekResult(
      scenarioName: base.scenario.name, variable: variable, goal: goal, target: target, seed: seed,
      schedule: schedule, tolerance: tolerance, threads: threads, seconds: (clock.now - started).seconds,
      status: outcome.status, solution: solution, neighbour: neighbour, evaluations: evaluations)
  }
}
