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
  /// Relative accuracy of the chart sketches (``RunCharts``): half a percent is finer than a
  /// chart's pixel, and the daily sketches of a long horizon stay small.
  public static let chartSketchAccuracy = 0.005

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
  ///   - charts: Also accumulate what the HTML report's and notebook's charts need
  ///     (``SimulationResult/charts``), in memory that does not grow with `trials`. Changes
  ///     no other figure.
  ///   - precision: Run until every reported probability's 95% half-width is at most
  ///     ``PrecisionTarget/halfWidth`` (checked after each block, in block order) or
  ///     ``PrecisionTarget/maxTrials`` trials; `trials` is then ignored.
  ///   - trialRows: Called with each block's per-trial rows, in trial order (`--trials-csv`).
  ///   - progress: Called after each folded block with (trials done, trials in all).
  /// - Returns: Probabilities with Wilson intervals, KPI quantiles, escalation and the plan.
  /// - Complexity: O(`trials` × events per trial), independent of `threads`.
  public func run(
    trials: Int, seed: UInt64, threads: Int, charts: Bool = false, precision: PrecisionTarget? = nil,
    progress: (@Sendable (Int, Int) -> Void)? = nil, trialRows: ((TrialRows) -> Void)? = nil
  ) async -> SimulationResult {
    let trials = precision?.maxTrials ?? trials
    precondition(trials > 0, "trials must be positive, got \(trials)")
    precondition(threads > 0, "threads must be positive, got \(threads)")
    let clock = ContinuousClock()
    let started = clock.now
    let model = self.model
    let threads = Self.threadsUsed(requested: threads, trials: trials)
    let outcomes = trialRows != nil
    var total = Tally(model: model, expectedTrials: 0, charts: charts)
    var sketches = Self.makeSketches(model)
    var chartSketches = charts ? ChartSketches(model: model) : nil
    var precisionMet = false
    await Self.simulateBlocks(trials: 0..<trials, threads: threads) { index, blockTrials in
      var recorder = Tally(model: model, expectedTrials: blockTrials.count, charts: charts, outcomes: outcomes)
      model.simulateBlock(index: index, trials: blockTrials, seed: seed, into: &recorder)
      return recorder
    } foldUntil: { ready in
      if let trialRows { trialRows(TrialRows(model: model, firstTrial: total.trials, tally: ready)) }
      total.fold(ready)
      Self.addToSketches(&sketches, ready, model: model)
      if let readyCharts = ready.charts { chartSketches?.add(readyCharts, model: model) }
      progress?(total.trials, trials)
      guard let precision else { return true }
      precisionMet = total.widestHalfWidth(model: model, named: false).0 <= precision.halfWidth
      return !precisionMet
    }
    let seconds = (clock.now - started).seconds
    var result = SimulationResult(
      model: model, tally: total, sketches: sketches, seed: seed, threads: threads, seconds: seconds)
    if let precision {
      let (widest, name) = total.widestHalfWidth(model: model, named: true)
      result.precision = PrecisionOutcome(target: precision, met: precisionMet, widestHalfWidth: widest, widest: name ?? "")
    }
    if let counts = total.charts, let chartSketches {
      result.charts = RunCharts(model: model, counts: counts, sketches: chartSketches)
    }
    return result
  }

  /// Simulates trials `trials` of the run at `seed` (trial `t` is always the same trial,
  /// whatever range it is simulated in: trial `t` is the `t mod blockSize`-th of block
  /// `t / blockSize`), each block into a fresh recorder, and hands the recorders to `fold`
  /// strictly in block order.
  ///
  /// So a run can be extended: trials `0..<n` then `n..<2n` see exactly the trials of `0..<2n`
  /// (`solve` and `stress` add trials this way). At most a window of finished blocks waits to
  /// be folded, so memory does not grow with the number of trials.
  static func simulate<R: TrialRecorder>(
    model: CompiledModel, trials: Range<Int>, seed: UInt64, threads: Int,
    makeRecorder: @escaping @Sendable (CompiledModel, Int) -> R, fold: (R) -> Void
  ) async {
    await simulateBlocks(trials: trials, threads: threads) { index, blockTrials in
      var recorder = makeRecorder(model, blockTrials.count)
      model.simulateBlock(index: index, trials: blockTrials, seed: seed, into: &recorder)
      return recorder
    } fold: { fold($0) }
  }

  /// One empty KPI quantile sketch per KPI of `model`.
  static func makeSketches(_ model: CompiledModel) -> [QuantileSketch] {
    model.kpis.map { _ in QuantileSketch(relativeAccuracy: sketchAccuracy) }
  }

  /// Adds a block's raw KPI values to the sketches (shares as `1 − share`, see ``KPI/isShare``).
  static func addToSketches(_ sketches: inout [QuantileSketch], _ tally: Tally, model: CompiledModel) {
    let kpiCount = model.kpis.count
    for (i, x) in tally.kpiValues.enumerated() {
      let k = i % kpiCount
      sketches[k].add(model.kpis[k].isShare ? 1 - x : x)
    }
  }

  /// The block machinery under ``simulate(model:trials:seed:threads:makeRecorder:fold:)``:
  /// runs `runBlock(index, trials of that block)` for each block touching `trials`, at most
  /// `threads` at once, and hands the results to `fold` strictly in block order
  /// (`compare` runs two models per block through it).
  static func simulateBlocks<R: Sendable>(
    trials: Range<Int>, threads: Int, runBlock: @escaping @Sendable (Int, Range<Int>) -> R, fold: (R) -> Void
  ) async {
    await simulateBlocks(trials: trials, threads: threads, runBlock: runBlock) { (ready: R) -> Bool in
      fold(ready)
      return true
    }
  }

  /// ``simulateBlocks(trials:threads:runBlock:fold:)`` with a `fold` that can end the run: once
  /// it returns `false`, no block after that one is folded (blocks already running are
  /// discarded), so where a run stops depends only on the blocks before it, in block order.
  static func simulateBlocks<R: Sendable>(
    trials: Range<Int>, threads: Int, runBlock: @escaping @Sendable (Int, Range<Int>) -> R, foldUntil fold: (R) -> Bool
  ) async {
    guard !trials.isEmpty else { return }
    let firstBlock = trials.lowerBound / blockSize
    let endBlock = (trials.upperBound - 1) / blockSize + 1
    let threads = Swift.max(1, Swift.min(threads, endBlock - firstBlock))
    let window = 4 * threads
    await withTaskGroup(of: (Int, R).self) { group in
      var pending = [R?](repeating: nil, count: window)
      var nextBlock = firstBlock
      var folded = firstBlock
      var inFlight = 0
      // Keep `threads` blocks running, but never more than `window` blocks ahead of the
      // fold: that bounds the finished blocks held in memory.
      func launchWhilePossible() {
        while inFlight < threads && nextBlock < endBlock && nextBlock < folded + window {
          let index = nextBlock
          let blockTrials = Swift.max(trials.lowerBound, index * blockSize)..<Swift.min(trials.upperBound, (index + 1) * blockSize)
          group.addTask { (index, runBlock(index, blockTrials)) }
          nextBlock += 1
          inFlight += 1
        }
      }
      launchWhilePossible()
      var stopped = false
      while let (index, recorder) = await group.next() {
        inFlight -= 1
        guard !stopped else { continue }
        pending[index % window] = recorder
        while folded < nextBlock, let ready = pending[folded % window] {
          pending[folded % window] = nil
          folded += 1
          guard fold(ready) else {
            stopped = true
            group.cancelAll()
            break
          }
        }
        if !stopped { launchWhilePossible() }
      }
    }
  }
}

/// What a block records of each of its trials (``Tally`` for `run`, the stress test's counts
/// for `stress`): a value type filled in by one block and folded by the engine in block order.
protocol TrialRecorder: Sendable {
  mutating func record(_ scratch: borrowing TrialScratch, model: CompiledModel)
}

extension Tally: TrialRecorder {
  mutating func record(_ scratch: borrowing TrialScratch, model: CompiledModel) {
    model.record(scratch, into: &self)
  }
}

extension CompiledModel {
  /// Simulates block `index` of a run: `trials` trials from the block's own stream.
  func simulateBlock(index: Int, trials: Int, seed: UInt64) -> Tally {
    var tally = Tally(model: self, expectedTrials: trials)
    simulateBlock(index: index, trials: index * SimulationEngine.blockSize..<(index * SimulationEngine.blockSize + trials), seed: seed, into: &tally)
    return tally
  }

  /// Simulates the trials `trials` (inside block `index`) into `recorder`.
  ///
  /// A trial takes exactly one number from the block's generator (its key, ``TrialStreams``),
  /// so the trials before `trials.lowerBound` are skipped by drawing their keys.
  func simulateBlock<R: TrialRecorder>(index: Int, trials: Range<Int>, seed: UInt64, into recorder: inout R) {
    var rng = Xoshiro256StarStar(seed: streamSeed(master: seed, index: UInt64(index)))
    for _ in (index * SimulationEngine.blockSize)..<trials.lowerBound { _ = rng.next() }
    var scratch = TrialScratch(model: self)
    for _ in trials {
      simulateTrial(&scratch, using: &rng)
      recorder.record(scratch, model: self)
    }
  }
}

extension Duration {
  var seconds: Double {
    let (s, attoseconds) = components
    return Double(s) + Double(attoseconds) * 1e-18
  }
}
