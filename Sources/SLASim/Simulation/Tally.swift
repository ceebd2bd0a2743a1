/// Counts and moments of a run of trials: what a block hands back and what the engine folds.
///
/// Counts add exactly, so folding order cannot change them; moments are merged in block
/// order so their bits do not depend on the thread count. `kpiValues` holds the block's raw
/// KPI values (trial-major) until the engine moves them into its quantile sketches.

struct Tally: Sendable {
  var trials = 0
  var goalMet: [Int]
  var goalMonthMet: [Int]
  var partyMet: [Int]
  var partyMonthMet: [Int]
  var jointMet = 0
  var jointMonthMet: [Int]
  var marketingAndSalesMet = 0
  var salesMetMarketingMissed = 0
  var monthMissed: [Int]
  var rungReached: [Int]
  var cancelReached = 0
  var kpiMoments: [StreamingMoments]
  var kpiValues: [Double]
  var queueEvents = 0
  /// The report's chart figures, when asked for (``ChartTally``).
  var charts: ChartTally?
  /// With per-trial rows asked for (`--trials-csv`): each trial's outcomes, trial-major, one
  /// per goal then marketing, sales, service and joint (1 met, 0 missed); with `kpiValues`,
  /// the block's rows. Empty otherwise.
  var outcomes: [UInt8] = []
  let recordsOutcomes: Bool

  init(model: CompiledModel, expectedTrials: Int, charts: Bool = false, outcomes: Bool = false) {
    self.charts = charts ? ChartTally(model: model, expectedTrials: expectedTrials) : nil
    recordsOutcomes = outcomes
    if outcomes { self.outcomes.reserveCapacity(expectedTrials * (model.goals.count + 4)) }
    let months = model.months
    goalMet = Array(repeating: 0, count: model.goals.count)
    goalMonthMet = Array(repeating: 0, count: model.goals.count * months)
    partyMet = Array(repeating: 0, count: Party.allCases.count)
    partyMonthMet = Array(repeating: 0, count: Party.allCases.count * months)
    jointMonthMet = Array(repeating: 0, count: months)
    monthMissed = Array(repeating: 0, count: months)
    rungReached = Array(repeating: 0, count: model.rungs.count)
    kpiMoments = Array(repeating: StreamingMoments(), count: model.kpis.count)
    kpiValues = []
    kpiValues.reserveCapacity(expectedTrials * model.kpis.count)
  }

  /// Adds `other`'s counts and merges its moments after this tally's (block order).
  mutating func fold(_ other: Tally) {
    trials += other.trials
    func add(_ a: inout [Int], _ b: [Int]) {
      for i in a.indices { a[i] += b[i] }
    }
    add(&goalMet, other.goalMet)
    add(&goalMonthMet, other.goalMonthMet)
    add(&partyMet, other.partyMet)
    add(&partyMonthMet, other.partyMonthMet)
    jointMet += other.jointMet
    add(&jointMonthMet, other.jointMonthMet)
    marketingAndSalesMet += other.marketingAndSalesMet
    salesMetMarketingMissed += other.salesMetMarketingMissed
    add(&monthMissed, other.monthMissed)
    add(&rungReached, other.rungReached)
    cancelReached += other.cancelReached
    for i in kpiMoments.indices { kpiMoments[i].merge(other.kpiMoments[i]) }
    queueEvents += other.queueEvents
    if let otherCharts = other.charts { charts?.fold(otherCharts) }
  }
}

extension CompiledModel {
  /// Scores one trial's figures against the goals and records it in `tally` (DESIGN.md §3.6).
  func record(_ s: borrowing TrialScratch, into tally: inout Tally) {
    let m = months
    let fig = s.figures.base
    @inline(__always) func figure(_ f: Figure, _ month: Int) -> Double { fig[f.rawValue * m + month] }
    @inline(__always) func total(_ f: Figure) -> Double {
      var x = 0.0
      for month in 0..<m { x += fig[f.rawValue * m + month] }
      return x
    }

    tally.trials += 1
    tally.queueEvents += s.queueEvents
    var missedMonths: UInt64 = 0
    var partyMissedMonths: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var partyMissed: (Bool, Bool, Bool) = (false, false, false)
    for (g, goal) in goals.enumerated() {
      var allMonths = true
      for month in 0..<m {
        if goalMet(goal, month: month, fig: fig) {
          tally.goalMonthMet[g * m + month] += 1
        } else {
          allMonths = false
          missedMonths |= 1 << UInt64(month)
          switch goal.party {
          case .marketing: partyMissedMonths.0 |= 1 << UInt64(month)
          case .sales: partyMissedMonths.1 |= 1 << UInt64(month)
          case .service: partyMissedMonths.2 |= 1 << UInt64(month)
          }
        }
      }
      let met = horizonGoalMet(goal, allMonths: allMonths, fig: fig)
      if tally.recordsOutcomes { tally.outcomes.append(met ? 1 : 0) }
      if met {
        tally.goalMet[g] += 1
      } else {
        switch goal.party {
        case .marketing: partyMissed.0 = true
        case .sales: partyMissed.1 = true
        case .service: partyMissed.2 = true
        }
      }
    }
    if !partyMissed.0 { tally.partyMet[0] += 1 }
    if !partyMissed.1 { tally.partyMet[1] += 1 }
    if !partyMissed.2 { tally.partyMet[2] += 1 }
    if !partyMissed.0 && !partyMissed.1 && !partyMissed.2 { tally.jointMet += 1 }
    if tally.recordsOutcomes {
      tally.outcomes.append(partyMissed.0 ? 0 : 1)
      tally.outcomes.append(partyMissed.1 ? 0 : 1)
      tally.outcomes.append(partyMissed.2 ? 0 : 1)
      tally.outcomes.append(!partyMissed.0 && !partyMissed.1 && !partyMissed.2 ? 1 : 0)
    }
    if !partyMissed.1 {
      if partyMissed.0 { tally.salesMetMarketingMissed += 1 } else { tally.marketingAndSalesMet += 1 }
    }
    var run = 0
    var longestRun = 0
    for month in 0..<m {
      let bit: UInt64 = 1 << UInt64(month)
      if partyMissedMonths.0 & bit == 0 { tally.partyMonthMet[month] += 1 }
      if partyMissedMonths.1 & bit == 0 { tally.partyMonthMet[m + month] += 1 }
      if partyMissedMonths.2 & bit == 0 { tally.partyMonthMet[2 * m + month] += 1 }
      if missedMonths & bit == 0 {
        tally.jointMonthMet[month] += 1
        run = 0
      } else {
        tally.monthMissed[month] += 1
        run += 1
        longestRun = Swift.max(longestRun, run)
      }
    }
    for (k, rung) in rungs.enumerated() where longestRun >= rung { tally.rungReached[k] += 1 }
    if longestRun >= cancelAfter { tally.cancelReached += 1 }

    // KPIs: horizon totals and shares (an empty denominator counts as fully met).
    for (k, kpi) in kpis.enumerated() {
      let x: Double
      switch kpi {
      case .marketingLeads: x = total(.leads)
      case .marketingSQLs: x = total(.sqls)
      case .marketingLeadValue: x = total(.leadValue)
      case .salesFirstTouchWithinShare: x = share(total(.firstTouchedWithin), of: total(.firstTouched))
      case .salesAttemptsOnUnconnected:
        let n = total(.unconnected)
        x = n > 0 ? total(.unconnectedAttempts) / n : Double(maxAttempts)
      case .salesDeals: x = total(.deals)
      case .salesRevenue: x = total(.revenue)
      case .salesLeadsAbandoned: x = total(.abandoned)
      case .salesBacklog: x = Double(s.salesBacklog)
      case .salesRepUtilisation:
        x = share(s.repBusyMinutes, of: (Double(reps) * horizonBusinessMinutes + hires.horizonAvailableMinutes) * salesCapacityShare, empty: 0)
      case .serviceTickets: x = total(.tickets)
      case .serviceFirstResponseWithinShare: x = share(total(.ticketsWithin), of: total(.tickets))
      case .serviceAbandonedShare: x = share(total(.ticketsAbandoned), of: total(.tickets), empty: 0)
      case .serviceRetention: x = share(figure(.wonActive, m - 1), of: figure(.wonCumulative, m - 1))
      case .serviceBacklog: x = Double(s.serviceBacklog)
      case .serviceAgentUtilisation:
        x = share(s.agentBusyMinutes, of: Double(agents) * horizonBusinessMinutes * serviceCapacityShare, empty: 0)
      }
      tally.kpiMoments[k].add(x)
      tally.kpiValues.append(x)
    }
    tally.charts?.record(s, model: self)
  }

  /// `part / whole`, or `empty` (by default 1: a share of nothing is fully met) when `whole` is 0.
  func share(_ part: Double, of whole: Double, empty: Double = 1) -> Double { whole > 0 ? part / whole : empty }

  /// Whether `goal` is met in `month`.
  func goalMet(_ goal: CompiledGoal, month: Int, fig: UnsafeMutablePointer<Double>) -> Bool {
    let m = months
    let target = goal.targets[month]
    @inline(__always) func figure(_ f: Figure) -> Double { fig[f.rawValue * m + month] }
    switch goal.kind {
    case .leads: return figure(.leads) >= target
    case .sourceLeads: return fig[sourceLeadsRow(goal.source) * m + month] >= target
    case .sqls: return figure(.sqls) >= target
    case .leadValue: return figure(.leadValue) >= target
    case .revenue: return figure(.revenue) >= target
    case .firstTouch: return shareMet(figure(.firstTouchedWithin), of: figure(.firstTouched), target: target)
    case .attemptsOnUnconnected:
      let n = figure(.unconnected)
      return n == 0 || figure(.unconnectedAttempts) >= target * n
    case .firstResponse: return shareMet(figure(.ticketsWithin), of: figure(.tickets), target: target)
    case .retention: return shareMet(figure(.wonActive), of: figure(.wonCumulative), target: target)
    }
  }

  /// Whether `goal` is met over the whole horizon.
  ///
  /// `…PerMonth` goals need every month; share goals need the horizon's on-time count to
  /// reach each month's share of that month's items (one constant share: the horizon share);
  /// depth needs the horizon mean; retention is judged at the horizon's end.
  func horizonGoalMet(_ goal: CompiledGoal, allMonths: Bool, fig: UnsafeMutablePointer<Double>) -> Bool {
    let m = months
    func sumShare(_ within: Figure, _ items: Figure) -> Bool {
      var onTime = 0.0
      var required = 0.0
      for month in 0..<m {
        onTime += fig[within.rawValue * m + month]
        required += goal.targets[month] * fig[items.rawValue * m + month]
      }
      return onTime >= required * (1 - 1e-12)
    }
    switch goal.kind {
    case .leads, .sqls, .leadValue, .revenue, .sourceLeads: return allMonths
    case .firstTouch: return sumShare(.firstTouchedWithin, .firstTouched)
    case .firstResponse: return sumShare(.ticketsWithin, .tickets)
    case .attemptsOnUnconnected:
      var n = 0.0
      var attempts = 0.0
      for month in 0..<m {
        n += fig[Figure.unconnected.rawValue * m + month]
        attempts += fig[Figure.unconnectedAttempts.rawValue * m + month]
      }
      return n == 0 || attempts >= goal.targets[m - 1] * n
    case .retention:
      return goalMet(goal, month: m - 1, fig: fig)
    }
  }

  /// `part / whole ≥ target`, with an empty `whole` counting as met.
  ///
  /// The relative slack of 1e-12 keeps `55 / 100 ≥ 0.55` true although `0.55 × 100` rounds
  /// to 55.00000000000001.
  func shareMet(_ part: Double, of whole: Double, target: Double) -> Bool {
    whole == 0 || part >= target * whole * (1 - 1e-12)
  }
}
