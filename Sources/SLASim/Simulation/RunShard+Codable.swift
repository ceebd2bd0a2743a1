/// The shard file's numbers (`slasim run --shard`): every field the merge needs, written so
/// that decoding gives back the same bits (doubles as their shortest round-trip decimal, the
/// seed as a string so that no JSON tool rounds it). The command line wraps this in the file's
/// provenance (version, scenario, hash).
extension RunShard: Codable {
  private enum CodingKeys: String, CodingKey {
    case index, count, trials, seed, firstBlock, endBlock, threads, seconds, counts, blockMoments, sketches, charts
  }

  private enum CountKeys: String, CodingKey {
    case trials, goalMet, goalMonthMet, partyMet, partyMonthMet, jointMet, jointMonthMet, marketingAndSalesMet
    case salesMetMarketingMissed, monthMissed, rungReached, cancelReached, queueEvents
    case firstTouchBins, weekSQLs, weekWithin
  }

  private enum ChartKeys: String, CodingKey { case daily, revenue, depth }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(index, forKey: .index)
    try c.encode(count, forKey: .count)
    try c.encode(trials, forKey: .trials)
    try c.encode(String(seed), forKey: .seed)
    try c.encode(blocks.lowerBound, forKey: .firstBlock)
    try c.encode(blocks.upperBound, forKey: .endBlock)
    try c.encode(threads, forKey: .threads)
    try c.encode(seconds, forKey: .seconds)
    var n = c.nestedContainer(keyedBy: CountKeys.self, forKey: .counts)
    let t = tally
    try n.encode(t.trials, forKey: .trials)
    try n.encode(t.goalMet, forKey: .goalMet)
    try n.encode(t.goalMonthMet, forKey: .goalMonthMet)
    try n.encode(t.partyMet, forKey: .partyMet)
    try n.encode(t.partyMonthMet, forKey: .partyMonthMet)
    try n.encode(t.jointMet, forKey: .jointMet)
    try n.encode(t.jointMonthMet, forKey: .jointMonthMet)
    try n.encode(t.marketingAndSalesMet, forKey: .marketingAndSalesMet)
    try n.encode(t.salesMetMarketingMissed, forKey: .salesMetMarketingMissed)
    try n.encode(t.monthMissed, forKey: .monthMissed)
    try n.encode(t.rungReached, forKey: .rungReached)
    try n.encode(t.cancelReached, forKey: .cancelReached)
    try n.encode(t.queueEvents, forKey: .queueEvents)
    try n.encode(t.charts?.firstTouchBins ?? [], forKey: .firstTouchBins)
    try n.encode(t.charts?.weekSQLs ?? [], forKey: .weekSQLs)
    try n.encode(t.charts?.weekWithin ?? [], forKey: .weekWithin)
    // [count, mean, Σ(x − mean)², min, max] per KPI and block: a fifth of the keyed form's size.
    try c.encode(
      blockMoments.map { block in
        block.map { m in m.count > 0 ? [Double(m.count), m.mean, m.sumOfSquaredDeviations, m.min, m.max] : [0] }
      }, forKey: .blockMoments)
    try c.encode(sketches, forKey: .sketches)
    var charts = c.nestedContainer(keyedBy: ChartKeys.self, forKey: .charts)
    try charts.encode(chartSketches.daily, forKey: .daily)
    try charts.encode(chartSketches.revenue, forKey: .revenue)
    try charts.encode(chartSketches.depth, forKey: .depth)
  }

  /// Decodes a shard; the merge checks it against the scenario (``inconsistency(model:)``).
  ///
  /// - Throws: `DecodingError` for a missing or mistyped field, a seed that is not a whole
  ///   number 0 … 2⁶⁴ − 1, or a moment summary that is not five finite numbers (or `[0]`).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    index = try c.decode(Int.self, forKey: .index)
    count = try c.decode(Int.self, forKey: .count)
    trials = try c.decode(Int.self, forKey: .trials)
    let seedText = try c.decode(String.self, forKey: .seed)
    guard !seedText.isEmpty, seedText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let seed = UInt64(seedText) else {
      throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "must be a whole number 0 … 2^64 − 1 in a string")
    }
    self.seed = seed
    let first = try c.decode(Int.self, forKey: .firstBlock)
    let end = try c.decode(Int.self, forKey: .endBlock)
    guard first >= 0, end >= first else {
      throw DecodingError.dataCorruptedError(forKey: .endBlock, in: c, debugDescription: "blocks must run forwards from 0")
    }
    blocks = first..<end
    threads = try c.decode(Int.self, forKey: .threads)
    seconds = try c.decode(Double.self, forKey: .seconds)
    let n = try c.nestedContainer(keyedBy: CountKeys.self, forKey: .counts)
    tally = Tally(
      trials: try n.decode(Int.self, forKey: .trials), goalMet: try n.decode([Int].self, forKey: .goalMet),
      goalMonthMet: try n.decode([Int].self, forKey: .goalMonthMet), partyMet: try n.decode([Int].self, forKey: .partyMet),
      partyMonthMet: try n.decode([Int].self, forKey: .partyMonthMet), jointMet: try n.decode(Int.self, forKey: .jointMet),
      jointMonthMet: try n.decode([Int].self, forKey: .jointMonthMet),
      marketingAndSalesMet: try n.decode(Int.self, forKey: .marketingAndSalesMet),
      salesMetMarketingMissed: try n.decode(Int.self, forKey: .salesMetMarketingMissed),
      monthMissed: try n.decode([Int].self, forKey: .monthMissed), rungReached: try n.decode([Int].self, forKey: .rungReached),
      cancelReached: try n.decode(Int.self, forKey: .cancelReached), queueEvents: try n.decode(Int.self, forKey: .queueEvents),
      charts: ChartTally(
        firstTouchBins: try n.decode([Int].self, forKey: .firstTouchBins), weekSQLs: try n.decode([Int].self, forKey: .weekSQLs),
        weekWithin: try n.decode([Int].self, forKey: .weekWithin)))
    let compact = try c.decode([[[Double]]].self, forKey: .blockMoments)
    blockMoments = try compact.map { block in
      try block.map { m in
        if m == [0] { return StreamingMoments() }
        guard m.count == 5, m.allSatisfy(\.isFinite), m[0] >= 1, m[0] < 0x1p53, m[0] == m[0].rounded(), m[2] >= 0, m[3] <= m[4] else {
          throw DecodingError.dataCorruptedError(
            forKey: .blockMoments, in: c, debugDescription: "a summary is [count, mean, sum of squared deviations, min, max] or [0]")
        }
        return StreamingMoments(count: Int(m[0]), mean: m[1], sumOfSquaredDeviations: m[2], min: m[3], max: m[4])
      }
    }
    sketches = try c.decode([QuantileSketch].self, forKey: .sketches)
    let charts = try c.nestedContainer(keyedBy: ChartKeys.self, forKey: .charts)
    chartSketches = ChartSketches(
      daily: try charts.decode([QuantileSketch].self, forKey: .daily),
      revenue: try charts.decode([QuantileSketch].self, forKey: .revenue),
      depth: try charts.decode([QuantileSketch].self, forKey: .depth))
  }
}

extension Tally {
  /// A tally with these counts and no moments, values or outcomes (a decoded shard's).
  init(
    trials: Int, goalMet: [Int], goalMonthMet: [Int], partyMet: [Int], partyMonthMet: [Int], jointMet: Int,
    jointMonthMet: [Int], marketingAndSalesMet: Int, salesMetMarketingMissed: Int, monthMissed: [Int],
    rungReached: [Int], cancelReached: Int, queueEvents: Int, charts: ChartTally
  ) {
    self.trials = trials
    self.goalMet = goalMet
    self.goalMonthMet = goalMonthMet
    self.partyMet = partyMet
    self.partyMonthMet = partyMonthMet
    self.jointMet = jointMet
    self.jointMonthMet = jointMonthMet
    self.marketingAndSalesMet = marketingAndSalesMet
    self.salesMetMarketingMissed = salesMetMarketingMissed
    self.monthMissed = monthMissed
    self.rungReached = rungReached
    self.cancelReached = cancelReached
    self.queueEvents = queueEvents
    self.charts = charts
    kpiMoments = []
    kpiValues = []
    recordsOutcomes = false
  }
}

extension ChartTally {
  /// Chart counts without raw values (a decoded shard's).
  init(firstTouchBins: [Int], weekSQLs: [Int], weekWithin: [Int]) {
    self.firstTouchBins = firstTouchBins
    self.weekSQLs = weekSQLs
    self.weekWithin = weekWithin
  }
}

extension ChartSketches {
  init(daily: [QuantileSketch], revenue: [QuantileSketch], depth: [QuantileSketch]) {
    self.daily = daily
    self.revenue = revenue
    self.depth = depth
  }
}
