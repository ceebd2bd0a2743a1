/// Runs single trials with one persistent scratch: the benchmarks' handle on the kernel.
///
/// Not API (underscored): it exists so `Benchmarks/` can time the allocation-free kernel
/// without the engine's block and task machinery around it.
public struct _TrialRunner: ~Copyable {
  let model: CompiledModel
  var scratch: TrialScratch
  var rng: Xoshiro256StarStar
  var tally: Tally

  public init(scenario: Scenario, seed: UInt64) {
    model = CompiledModel(scenario)
    scratch = TrialScratch(model: model)
    rng = Xoshiro256StarStar(seed: seed)
    tally = Tally(model: model, expectedTrials: 0)
  }

  /// Simulates one trial and scores it (goals, escalation, KPI moments) as the engine does,
  /// without keeping KPI values (so memory stays flat however many trials run).
  public mutating func runAndScoreTrial() -> Int {
    model.simulateTrial(&scratch, using: &rng)
    model.record(scratch, into: &tally)
    tally.kpiValues.removeAll(keepingCapacity: true)
    return scratch.queueEvents
  }
}
