/// What the report's charts show of a run, beside the probabilities (issue 10): distributions
/// accumulated in constant memory while the trials ran (``ChartTally``), never kept trials.
///
/// Bands are quantiles across trials from sketches of relative accuracy
/// ``SimulationEngine/chartSketchAccuracy``; counts are exact.
public struct RunCharts: Sendable {
  /// The 10th, 50th and 90th percentiles across trials.
  public struct Band: Sendable, Equatable {
    public var p10: Double
    public var p50: Double
    public var p90: Double
  }

  /// The 5th, 25th, 50th, 75th and 95th percentiles across trials.
  public struct Spread: Sendable, Equatable {
    public var p05: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p95: Double
  }

  /// One horizon month of the marketing waterfall.
  public struct MonthLeads: Sendable {
    /// `YYYY-MM`.
    public var month: String
    /// Cumulative leads of the month by the end of each of its days (day 1 first).
    public var cumulative: [Band]
    /// The month's leads goal (``Marketing`` `leadsPerMonth`), if there is one: the waterfall's
    /// goal line grows by goal ÷ days a day (DOMAIN.md, "Reporting that teams expect").
    public var goal: Double?
  }

  /// One week of the horizon: SQLs that reached Sales in it and those touched within the SLA.
  public struct Week: Sendable {
    /// The week's first day, `YYYY-MM-DD` (weeks run from the horizon's first day).
    public var start: String
    public var sqls: Int
    public var within: Int
    /// `within / sqls`, or `nil` for a week without SQLs.
    public var share: Double? { sqls > 0 ? Double(within) / Double(sqls) : nil }
  }

  /// The distribution of first-touch times of the horizon's SQLs over all trials.
  public struct FirstTouch: Sendable {
    /// The SLA: first touch within this many business hours.
    public var withinHours: Double
    /// The share the goal asks, if Sales has a first-touch goal.
    public var goalShare: Double?
    /// Width of a bin in business hours; bin `k` covers `[k w, (k + 1) w)`.
    public var binHours: Double
    public var counts: [Int]
    /// First touches later than the last bin.
    public var later: Int
    /// SQLs given up without a single attempt (their first touch is late by definition).
    public var never: Int
    public var total: Int { counts.reduce(0, +) + later + never }
  }

  public var leadsByMonth: [MonthLeads]
  public var firstTouch: FirstTouch
  public var weeks: [Week]
  /// Revenue per horizon month across trials, and the quota in force (``Sales`` `revenuePerMonth`).
  public var revenue: [Spread]
  public var quota: [Double]?
  /// Mean attempts on unconnected leads per horizon month across trials, and the goal.
  public var depth: [Spread]
  public var depthGoal: [Double]?
  /// The most attempts a lead gets (``FollowUp`` `maxAttempts`): the depth axis's end.
  public var maxAttempts: Int
}

/// The engine's sketches of the chart figures of ``ChartTally``, folded block by block.
struct ChartSketches: Sendable {
  var daily: [QuantileSketch]
  var revenue: [QuantileSketch]
  var depth: [QuantileSketch]

  init(model: CompiledModel) {
    let sketch = QuantileSketch(relativeAccuracy: SimulationEngine.chartSketchAccuracy)
    daily = Array(repeating: sketch, count: model.horizonDays)
    revenue = Array(repeating: sketch, count: model.months)
    depth = Array(repeating: sketch, count: model.months)
  }

  /// Adds a block's raw values (trial-major, as ``ChartTally`` records them).
  mutating func add(_ c: ChartTally, model: CompiledModel) {
    let days = daily.count
    for (i, x) in c.dailyLeadValues.enumerated() { daily[i % days].add(x) }
    let m = model.months
    for (i, x) in c.monthValues.enumerated() {
      let k = i % (2 * m)
      if k < m { revenue[k].add(x) } else { depth[k - m].add(x) }
    }
  }
}

extension RunCharts {
  init(model: CompiledModel, counts: ChartTally, sketches: ChartSketches) {
    let scenario = model.scenario
    func band(_ s: QuantileSketch) -> Band { Band(p10: s.quantile(0.1), p50: s.quantile(0.5), p90: s.quantile(0.9)) }
    func spread(_ s: QuantileSketch) -> Spread {
      Spread(p05: s.quantile(0.05), p25: s.quantile(0.25), p50: s.quantile(0.5), p75: s.quantile(0.75), p95: s.quantile(0.95))
    }
    func targets(_ kind: GoalKind) -> [Double]? { model.goals.first { $0.kind == kind }?.targets }
    let leadsGoal = targets(.leads)
    let first = model.horizonFirstDay
    leadsByMonth = (0..<model.months).map { month in
      let days = (model.monthStartDay[model.warmUpMonths + month] - first)..<(model.monthStartDay[model.warmUpMonths + month + 1] - first)
      return MonthLeads(
        month: String(scenario.horizon.start.firstOfMonth(adding: month).description.prefix(7)),
        cumulative: days.map { band(sketches.daily[$0]) }, goal: leadsGoal?[month])
    }
    let bins = CompiledModel.firstTouchBinCount
    let firstTouchGoal = model.goals.first { $0.kind == .firstTouch }
    firstTouch = FirstTouch(
      withinHours: model.firstTouchWithinMinutes / 60, goalShare: firstTouchGoal?.targets.max(),
      binHours: model.firstTouchBinMinutes / 60, counts: Array(counts.firstTouchBins[0..<bins]),
      later: counts.firstTouchBins[bins], never: counts.firstTouchBins[bins + 1])
    let startDay = scenario.horizon.start.firstOfMonth(adding: 0).daysSinceEpoch
    weeks = counts.weekSQLs.indices.map { w in
      Week(
        start: CivilDate(daysSinceEpoch: startDay + 7 * w).description, sqls: counts.weekSQLs[w],
        within: counts.weekWithin[w])
    }
    revenue = sketches.revenue.map(spread)
    quota = targets(.revenue)
    depth = sketches.depth.map(spread)
    depthGoal = targets(.attemptsOnUnconnected)
    maxAttempts = model.maxAttempts
  }
}
