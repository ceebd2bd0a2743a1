/// One block's trials, row by row: each trial's KPI values and whether it met each goal, each
/// party's goals and all of them (`--trials-csv`). Handed out in trial order while the run
/// goes on, so the rows of a million trials never sit in memory together.
public struct TrialRows: Sendable {
  /// The index of the first trial of these rows in the run (trial `t` is always the same trial).
  public let firstTrial: Int
  public let count: Int
  /// The KPIs, in the order of the run's ``SimulationResult/kpis``.
  public let kpis: [KPI]
  /// The goals' keys, each with its party, in the scenario's order.
  public let goals: [(party: Party, key: String)]
  /// The parties the scenario has, in order (service only when it has one).
  public let parties: [Party]
  let kpiValues: [Double]
  let outcomes: [UInt8]

  init(model: CompiledModel, firstTrial: Int, tally: Tally) {
    self.firstTrial = firstTrial
    count = tally.trials
    kpis = model.kpis
    goals = model.goals.map { ($0.party, $0.key) }
    parties = Party.allCases.filter { $0 != .service || model.hasService }
    kpiValues = tally.kpiValues
    outcomes = tally.outcomes
  }

  private var outcomeStride: Int { goals.count + 4 }

  /// Row `row`'s value of KPI `k` (its index in ``kpis``).
  public func kpi(row: Int, _ k: Int) -> Double { kpiValues[row * kpis.count + k] }
  /// Whether row `row` met goal `g` (its index in ``goals``) over the horizon.
  public func goalMet(row: Int, _ g: Int) -> Bool { outcomes[row * outcomeStride + g] == 1 }
  /// Whether row `row`'s `party` met every goal of its own over the horizon.
  public func partyMet(row: Int, _ party: Party) -> Bool {
    let index = Party.allCases.firstIndex(of: party) ?? 0
    return outcomes[row * outcomeStride + goals.count + index] == 1
  }
  /// Whether row `row` met every goal of every party.
  public func jointMet(row: Int) -> Bool { outcomes[row * outcomeStride + goals.count + 3] == 1 }
}
