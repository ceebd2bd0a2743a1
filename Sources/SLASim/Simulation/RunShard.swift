/// One of `count` disjoint pieces of a run (`slasim run --shard index/count`), and the merge of
/// a complete set into exactly the result of the whole run (issue 11, item 2).
///
/// Why a merge can be exact: a run's result depends only on its blocks' tallies folded in block
/// order (``SimulationEngine``). Shard `index` simulates the contiguous blocks
/// ``blocks(index:count:trials:)`` of the whole run, each from its own stream, so its trials
/// are the whole run's trials with those numbers. What it keeps adds exactly (counts, and the
/// quantile sketches, whose buckets are counts) or is kept per block (the KPI moments, whose
/// pairwise merge is not associative in floating point); ``merge(_:model:)`` adds the counts
/// and folds the per-block moments in block order, so every figure has the bits of the single
/// run's.
///
/// A shard holds O(blocks × KPIs) numbers: 256 trials share one entry, so a shard of 10⁶
/// trials holds about 4,000 moment summaries per KPI.
public struct RunShard: Sendable {
  /// This shard's place, `0 ..< count`.
  public let index: Int
  /// Shards in the set.
  public let count: Int
  /// Trials of the whole run (every shard of a set has the same).
  public let trials: Int
  public let seed: UInt64
  /// Blocks of the whole run this shard simulated (may be empty when `count` exceeds the blocks).
  public let blocks: Range<Int>
  /// Threads the shard ran on and its wall time (reported, never merged into a figure).
  public let threads: Int
  public let seconds: Double
  var tally: Tally
  /// Each block's KPI moments, in block order (``StreamingMoments`` merges are not associative).
  var blockMoments: [[StreamingMoments]]
  var sketches: [QuantileSketch]
  var chartSketches: ChartSketches

  /// The trials of the whole run that this shard simulates.
  public var trialRange: Range<Int> { Self.trialRange(blocks: blocks, trials: trials) }

  /// The blocks of shard `index` of `count` for a run of `trials` trials: the blocks are cut
  /// into `count` contiguous runs as equal as whole blocks allow (`⌊i·B/n⌋ ..< ⌊(i+1)·B/n⌋`).
  ///
  /// - Precondition: `0 <= index < count`, `trials >= 1`.
  public static func blocks(index: Int, count: Int, trials: Int) -> Range<Int> {
    precondition(count >= 1 && index >= 0 && index < count && trials >= 1, "shard \(index)/\(count) of \(trials) trials")
    let blockCount = (trials - 1) / SimulationEngine.blockSize + 1
    // `blockCount × index` cannot overflow: blockCount ≤ 2⁶³ / 256 and count is checked by the
    // command line to be at most ``maximumCount``.
    let lower = blockCount.multipliedFullWidth(by: index)
    let upper = blockCount.multipliedFullWidth(by: index + 1)
    let first = Int(truncatingIfNeeded: count.dividingFullWidth(lower).quotient)
    let end = Int(truncatingIfNeeded: count.dividingFullWidth(upper).quotient)
    return first..<end
  }

  /// The most shards a set may have (a batch array of a million tasks is far beyond any use).
  public static let maximumCount = 1_000_000

  /// The trials of a run of `trials` trials that lie in `blocks`.
  public static func trialRange(blocks: Range<Int>, trials: Int) -> Range<Int> {
    // Products past Int.max are past `trials` too: they clamp to it.
    func start(_ block: Int) -> Int {
      let (product, overflow) = block.multipliedReportingOverflow(by: SimulationEngine.blockSize)
      return overflow ? trials : Swift.min(trials, product)
    }
    let lower = start(blocks.lowerBound)
    return lower..<Swift.max(lower, start(blocks.upperBound))
  }
}

extension SimulationEngine {
  /// Simulates shard `index` of `count` of the run of `trials` trials at `seed`
  /// (``RunShard``), with what the report's charts need, so that the merge can draw them.
  ///
  /// - Parameters:
  ///   - trialRows: Called with each block's per-trial rows (numbered as in the whole run).
  ///   - progress: Called after each folded block with (this shard's trials done, its trials).
  public func runShard(
    index: Int, of count: Int, trials: Int, seed: UInt64, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil, trialRows: ((TrialRows) -> Void)? = nil
  ) async -> RunShard {
    let clock = ContinuousClock()
    let started = clock.now
    let model = self.model
    let blocks = RunShard.blocks(index: index, count: count, trials: trials)
    let range = RunShard.trialRange(blocks: blocks, trials: trials)
    let threads = Self.threadsUsed(requested: threads, trials: Swift.max(1, range.count))
    let outcomes = trialRows != nil
    var total = Tally(model: model, expectedTrials: 0, charts: true)
    var blockMoments: [[StreamingMoments]] = []
    blockMoments.reserveCapacity(blocks.count)
    var sketches = Self.makeSketches(model)
    var chartSketches = ChartSketches(model: model)
    await Self.simulate(
      model: model, trials: range, seed: seed, threads: threads,
      makeRecorder: { model, n in Tally(model: model, expectedTrials: n, charts: true, outcomes: outcomes) }
    ) { ready in
      if let trialRows { trialRows(TrialRows(model: model, firstTrial: range.lowerBound + total.trials, tally: ready)) }
      total.fold(ready)
      blockMoments.append(ready.kpiMoments)
      Self.addToSketches(&sketches, ready, model: model)
      if let readyCharts = ready.charts { chartSketches.add(readyCharts, model: model) }
      progress?(total.trials, range.count)
    }
    return RunShard(
      index: index, count: count, trials: trials, seed: seed, blocks: blocks, threads: threads,
      seconds: (clock.now - started).seconds, tally: total, blockMoments: blockMoments, sketches: sketches,
      chartSketches: chartSketches)
  }

  /// The result of the whole run from a complete set of its shards, in any order: the same
  /// figures, bit for bit, as ``run(trials:seed:threads:charts:progress:trialRows:)`` with
  /// the same trials and seed, but `seconds` (the shards' sum) and `threads` (the shards' sum).
  ///
  /// - Throws: ``ShardSetError`` for a set that is empty, mixed (different runs), has a shard
  ///   twice or misses one, or a shard that does not fit this scenario (corrupted).
  public func merge(_ shards: [RunShard], charts: Bool = false) throws(ShardSetError) -> SimulationResult {
    let model = self.model
    try RunShard.checkSet(shards, model: model)
    let ordered = shards.sorted { $0.index < $1.index }
    var total = Tally(model: model, expectedTrials: 0, charts: charts)
    var sketches = Self.makeSketches(model)
    var chartSketches = ChartSketches(model: model)
    for shard in ordered {
      // Counts add; the moments are folded block by block, exactly as the single run folds them.
      var counts = shard.tally
      counts.kpiMoments = Array(repeating: StreamingMoments(), count: total.kpiMoments.count)
      total.fold(counts)
      for block in shard.blockMoments {
        for k in total.kpiMoments.indices { total.kpiMoments[k].merge(block[k]) }
      }
      for k in sketches.indices { sketches[k].merge(shard.sketches[k]) }
      if charts { chartSketches.merge(shard.chartSketches) }
    }
    var result = SimulationResult(
      model: model, tally: total, sketches: sketches, seed: ordered[0].seed,
      threads: ordered.reduce(0) { $0 + $1.threads }, seconds: ordered.reduce(0) { $0 + $1.seconds })
    if charts, let counts = total.charts {
      result.charts = RunCharts(model: model, counts: counts, sketches: chartSketches)
    }
    return result
  }
}

/// Why a set of shards cannot be merged. Positions index the array given to
/// ``SimulationEngine/merge(_:charts:)`` (the command line turns them into file names).
public enum ShardSetError: Error, Sendable, Equatable {
  /// No shard at all.
  case empty
  /// Shards of different runs: `field` (`seed`, `trials` or `count`) differs between the
  /// shards at `first` and `other`.
  case mixed(field: String, first: Int, other: Int)
  /// Shard `index` given twice, at positions `first` and `other`.
  case repeated(index: Int, first: Int, other: Int)
  /// Shards of the set that were not given (their indices).
  case missing([Int])
  /// The shard at `position` does not fit the scenario or contradicts itself.
  case inconsistent(position: Int, why: String)
}

extension RunShard {
  /// Checks that `shards` are one complete set of one run that fits `model`.
  static func checkSet(_ shards: [RunShard], model: CompiledModel) throws(ShardSetError) {
    guard let first = shards.first else { throw .empty }
    for (p, shard) in shards.enumerated() {
      if shard.seed != first.seed { throw .mixed(field: "seed", first: 0, other: p) }
      if shard.trials != first.trials { throw .mixed(field: "trials", first: 0, other: p) }
      if shard.count != first.count { throw .mixed(field: "count", first: 0, other: p) }
    }
    guard first.count >= 1, first.count <= maximumCount, first.trials >= 1 else {
      throw .inconsistent(position: 0, why: "\(first.count) shards of \(first.trials) trials is out of range")
    }
    var seen = [Int?](repeating: nil, count: first.count)
    for (p, shard) in shards.enumerated() {
      guard shard.index >= 0 && shard.index < first.count else {
        throw .inconsistent(position: p, why: "shard index \(shard.index) is outside 0..<\(first.count)")
      }
      if let earlier = seen[shard.index] { throw .repeated(index: shard.index, first: earlier, other: p) }
      seen[shard.index] = p
    }
    let missing = seen.indices.filter { seen[$0] == nil }
    guard missing.isEmpty else { throw .missing(missing) }
    for (p, shard) in shards.enumerated() {
      if let why = shard.inconsistency(model: model) { throw .inconsistent(position: p, why: why) }
    }
    // Counts without a bound of their own (queue events, chart counts) must also add up
    // without overflow across the set; the others are at most each shard's trials.
    var events = 0
    var chartTotals = [Int](repeating: 0, count: first.tally.charts.map { $0.firstTouchBins.count + 2 * $0.weekSQLs.count } ?? 0)
    for (p, shard) in shards.enumerated() {
      var overflow = false
      (events, overflow) = events.addingReportingOverflow(shard.tally.queueEvents)
      if let c = shard.tally.charts {
        for (i, x) in (c.firstTouchBins + c.weekSQLs + c.weekWithin).enumerated() where i < chartTotals.count {
          let (sum, o) = chartTotals[i].addingReportingOverflow(x)
          chartTotals[i] = sum
          overflow = overflow || o
        }
      }
      if overflow { throw .inconsistent(position: p, why: "its event or chart counts overflow when added to the other shards'") }
    }
  }

  /// What is wrong with this shard for `model`, or `nil`: every array has the scenario's
  /// length, every count lies in `0 ... trials` of the shard, the moments and sketches hold
  /// one value per trial. So a corrupted file is refused instead of being merged into nonsense.
  func inconsistency(model: CompiledModel) -> String? {
    guard trials >= 1, count >= 1, count <= Self.maximumCount else { return "trials or shard count out of range" }
    guard blocks == Self.blocks(index: index, count: count, trials: trials) else {
      return "blocks \(blocks.lowerBound)..<\(blocks.upperBound) are not those of shard \(index) of \(count)"
    }
    let n = trialRange.count
    guard tally.trials == n else { return "it holds \(tally.trials) trials; shard \(index) of \(count) has \(n)" }
    let shape = Tally(model: model, expectedTrials: 0, charts: true)
    let t = tally
    let arrays: [(String, [Int], [Int])] = [
      ("goalMet", t.goalMet, shape.goalMet), ("goalMonthMet", t.goalMonthMet, shape.goalMonthMet),
      ("partyMet", t.partyMet, shape.partyMet), ("partyMonthMet", t.partyMonthMet, shape.partyMonthMet),
      ("jointMonthMet", t.jointMonthMet, shape.jointMonthMet), ("monthMissed", t.monthMissed, shape.monthMissed),
      ("rungReached", t.rungReached, shape.rungReached),
    ]
    for (name, values, expected) in arrays {
      guard values.count == expected.count else { return "\(name) has \(values.count) entries; the scenario needs \(expected.count)" }
      guard values.allSatisfy({ $0 >= 0 && $0 <= n }) else { return "\(name) holds a count outside 0…\(n)" }
    }
    for (name, value) in [("jointMet", t.jointMet), ("marketingAndSalesMet", t.marketingAndSalesMet),
      ("salesMetMarketingMissed", t.salesMetMarketingMissed), ("cancelReached", t.cancelReached)]
    where value < 0 || value > n {
      return "\(name) \(value) is outside 0…\(n)"
    }
    guard t.marketingAndSalesMet <= t.partyMet[0], t.salesMetMarketingMissed <= n - t.partyMet[0] else {
      return "the Sales-given-Marketing counts exceed Marketing's"
    }
    guard t.queueEvents >= 0 else { return "queueEvents is negative" }
    guard threads >= 1, threads <= Self.maximumCount, seconds.isFinite, seconds >= 0 else {
      return "its threads \(threads) or seconds \(seconds) are out of range"
    }
    guard blockMoments.count == blocks.count, blockMoments.allSatisfy({ $0.count == model.kpis.count }) else {
      return "its KPI moments do not hold one summary per KPI and block"
    }
    // Each block's summaries hold exactly that block's trials (so they add up to the shard's).
    for (b, block) in blockMoments.enumerated() {
      let size = Self.trialRange(blocks: (blocks.lowerBound + b)..<(blocks.lowerBound + b + 1), trials: trials).count
      guard block.allSatisfy({ $0.count == size }) else { return "block \(blocks.lowerBound + b)'s KPI moments do not hold its \(size) trials" }
    }
    guard sketches.count == model.kpis.count,
      sketches.allSatisfy({ $0.count == n && $0.relativeAccuracy == SimulationEngine.sketchAccuracy })
    else { return "its KPI sketches do not hold one value per trial at accuracy \(SimulationEngine.sketchAccuracy)" }
    guard let charts = t.charts, let shapeCharts = shape.charts,
      charts.firstTouchBins.count == shapeCharts.firstTouchBins.count,
      charts.weekSQLs.count == shapeCharts.weekSQLs.count, charts.weekWithin.count == shapeCharts.weekWithin.count,
      (charts.firstTouchBins + charts.weekSQLs + charts.weekWithin).allSatisfy({ $0 >= 0 }),
      zip(charts.weekWithin, charts.weekSQLs).allSatisfy({ $0 <= $1 })
    else { return "its chart counts do not fit the scenario" }
    let c = chartSketches
    let all = c.daily + c.revenue + c.depth
    guard c.daily.count == model.horizonDays, c.revenue.count == model.months, c.depth.count == model.months,
      all.allSatisfy({ $0.count == n && $0.relativeAccuracy == SimulationEngine.chartSketchAccuracy })
    else { return "its chart sketches do not fit the scenario" }
    return nil
  }
}

extension ChartSketches {
  /// Adds `other`'s values (sketches only count, so the order of merges does not matter).
  mutating func merge(_ other: ChartSketches) {
    for i in daily.indices { daily[i].merge(other.daily[i]) }
    for i in revenue.indices { revenue[i].merge(other.revenue[i]) }
    for i in depth.indices { depth[i].merge(other.depth[i]) }
  }
}
