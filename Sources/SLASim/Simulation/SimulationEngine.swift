/// Runs a scenario's trials on all cores with results that do not depend on the thread count.
///
/// Reproducibility recipe (see the "Reproducibility" article): trials are cut into blocks of
/// ``blockSize`` (a constant, never derived from the thread count); block `i` draws from
/// `Xoshiro256StarStar(seed: streamSeed(master: seed, index: i))`; blocks run as tasks and
/// their tallies are folded strictly in block order. Quantile sketches only add counts, so
/// their order does not matter either. At most a window of finished blocks waits to be
/// folded, so memory does not grow with the number of trials.
public struct SimulationEngine: Sendable {
  /// Trials per block.
  ///
  /// Changing it changes result bits (recorded in CHANGELOG.md).
  public static let blockSize = 256
  /// Relative accuracy of the KPI quantile sketches.
  public static let sketchAccuracy = 0.001

  let model: CompiledModel

  /// Compiles `scenario` (already validated by ``ScenarioLoader``).
  public init(scenario: Scenario) {
    model = CompiledModel(scenario)
  }

  /// The history files the scenario's trends were fitted to, each once (resolved paths).
  public var historyFiles: [String] {
    model.trendDraws.map(\.history).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
  }

  /// Simulates `trials` trials.
  ///
  /// - Parameters:
  ///   - trials: Number of trials; must be positive.
  ///   - seed: Master seed; the same seed, scenario and version give the same bits.
  ///   - threads: Blocks run at once (1 or more); does not change the result.
  ///   - progress: Called after each folded block with (trials done, trials in all).
  /// - Returns: Probabilities with Wilson intervals, KPI quantiles, escalation and the plan.
  /// - Complexity: O(`trials` × events per trial), independent of `threads`.
  public func run(
    trials: Int, seed: UInt64, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> SimulationResult {
    precondition(trials > 0, "trials must be positive, got \(trials)")
    precondition(threads > 0, "threads must be positive, got \(threads)")
    let clock = ContinuousClock()
    let started = clock.now
    let model = self.model
    let blockSize = Self.blockSize
    let blockCount = (trials + blockSize - 1) / blockSize
    // More threads than blocks would only allocate idle slots (issue 6e).
    let threads = Self.threadsUsed(requested: threads, trials: trials)
    let window = 4 * threads
    var total = Tally(model: model, expectedTrials: 0)
    var sketches = model.kpis.map { _ in QuantileSketch(relativeAccuracy: Self.sketchAccuracy) }

    await withTaskGroup(of: (Int, Tally).self) { group in
      var pending = [Tally?](repeating: nil, count: window)
      var nextBlock = 0
      var folded = 0
      var inFlight = 0
      // Keep `threads` blocks running, but never more than `window` blocks ahead of the
      // fold: that bounds the finished blocks held in memory.
      func launchWhilePossible() {
        while inFlight < threads && nextBlock < blockCount && nextBlock < folded + window {
          let index = nextBlock
          let count = Swift.min(blockSize, trials - index * blockSize)
          group.addTask { (index, model.simulateBlock(index: index, trials: count, seed: seed)) }
          nextBlock += 1
          inFlight += 1
        }
      }
      launchWhilePossible()
      while let (index, tally) = await group.next() {
        inFlight -= 1
        pending[index % window] = tally
        while folded < nextBlock, let ready = pending[folded % window] {
          pending[folded % window] = nil
          total.fold(ready)
          let kpiCount = model.kpis.count
          for (i, x) in ready.kpiValues.enumerated() {
            let k = i % kpiCount
            sketches[k].add(model.kpis[k].isShare ? 1 - x : x)
          }
          folded += 1
          progress?(total.trials, trials)
        }
        launchWhilePossible()
      }
    }
    let seconds = (clock.now - started).seconds
    return SimulationResult(
      model: model, tally: total, sketches: sketches, seed: seed, threads: threads, seconds: seconds)
  }
}

extension CompiledModel {
  /// Simulates block `index` of a run: `trials` trials from the block's own stream.
  func simulateBlock(index: Int, trials: Int, seed: UInt64) -> Tally {
    var rng = Xoshiro256StarStar(seed: streamSeed(master: seed, index: UInt64(index)))
    var scratch = TrialScratch(model: self)
    var tally = Tally(model: self, expectedTrials: trials)
    for _ in 0..<trials {
      simulateTrial(&scratch, using: &rng)
      record(scratch, into: &tally)
    }
    return tally
  }
}

extension Duration {
  var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}
