/// What the report's charts need of every trial, in memory that does not grow with the number
/// of trials: fixed-bin counts that add, and each block's raw daily and monthly values, which
/// the engine moves into quantile sketches (as it does with the KPIs' values).
///
/// Recorded only when asked for (``SimulationEngine/run(trials:seed:threads:charts:progress:trialRows:)``):
/// a run for the table or JSON alone does none of this work (the kernel's one addition to every
/// run is counting each lead's arrival day, ``TrialScratch/dailyLeads``).
struct ChartTally: Sendable {
  /// Cumulative leads of its month by the end of each horizon day, trial-major
  /// (``CompiledModel/horizonDays`` values per trial).
  var dailyLeadValues: [Double] = []
  /// Each horizon month's revenue, then each month's mean attempts on unconnected leads,
  /// trial-major (2 × months values per trial).
  var monthValues: [Double] = []
  /// Horizon SQLs by business-hour bin of their first touch (``CompiledModel/firstTouchBinMinutes``
  /// wide), then one count of later first touches, then one of SQLs never touched.
  var firstTouchBins: [Int]
  /// Horizon SQLs of each week of the horizon (by the day they reach Sales), and how many of
  /// them were first touched within the SLA.
  var weekSQLs: [Int]
  var weekWithin: [Int]

  init(model: CompiledModel, expectedTrials: Int) {
    firstTouchBins = Array(repeating: 0, count: CompiledModel.firstTouchBinCount + 2)
    weekSQLs = Array(repeating: 0, count: model.horizonWeeks)
    weekWithin = Array(repeating: 0, count: model.horizonWeeks)
    dailyLeadValues.reserveCapacity(expectedTrials * model.horizonDays)
    monthValues.reserveCapacity(expectedTrials * 2 * model.months)
  }

  /// Adds `other`'s counts (its raw values go to the sketches, not here).
  mutating func fold(_ other: ChartTally) {
    for i in firstTouchBins.indices { firstTouchBins[i] += other.firstTouchBins[i] }
    for i in weekSQLs.indices {
      weekSQLs[i] += other.weekSQLs[i]
      weekWithin[i] += other.weekWithin[i]
    }
  }
}

extension CompiledModel {
  /// First-touch bins below the overflow: 24 bins of a quarter of the SLA each, so the SLA
  /// line falls on a bin edge and the chart spans six times the SLA.
  static let firstTouchBinCount = 24
  var firstTouchBinMinutes: Double { firstTouchWithinMinutes / 4 }
  /// The horizon's first simulated day and its length in days.
  var horizonFirstDay: Int { monthStartDay[warmUpMonths] }
  var horizonDays: Int { monthStartDay[simulatedMonths] - horizonFirstDay }
  /// Weeks of seven days from the horizon's first day (the last may be shorter).
  var horizonWeeks: Int { (horizonDays + 6) / 7 }
}

extension ChartTally {
  /// Records the chart figures of the trial in `s` (its figures already moved to the horizon's months).
  mutating func record(_ s: borrowing TrialScratch, model: CompiledModel) {
    let m = model.months
    let warmUpMonths = model.warmUpMonths
    let monthStartDay = model.monthStartDay
    let horizonFirstDay = model.horizonFirstDay
    let firstTouchWithinMinutes = model.firstTouchWithinMinutes
    let fig = s.figures.base
    let daily = s.dailyLeads.base
    for month in 0..<m {
      var cumulative = 0.0
      for day in monthStartDay[warmUpMonths + month]..<monthStartDay[warmUpMonths + month + 1] {
        cumulative += daily[day]
        dailyLeadValues.append(cumulative)
      }
    }
    for month in 0..<m { monthValues.append(fig[Figure.revenue.rawValue * m + month]) }
    for month in 0..<m {
      let n = fig[Figure.unconnected.rawValue * m + month]
      // As the depth KPI: no unconnected lead counts as the deepest follow-up.
      monthValues.append(n > 0 ? fig[Figure.unconnectedAttempts.rawValue * m + month] / n : Double(model.maxAttempts))
    }
    // SQLs are in business-time order, so one pointer walks the days they reach Sales on.
    let dayStart = s.dayStartBusiness.base
    let lastDay = s.dayStartBusiness.count - 2
    let weeks = model.horizonWeeks
    var day = 0
    let binWidth = model.firstTouchBinMinutes
    let bins = CompiledModel.firstTouchBinCount
    for i in 0..<s.sqlArrival.count where Int(s.sqlMonth[i]) >= warmUpMonths {
      let arrival = s.sqlArrival[i]
      while day < lastDay && dayStart[day + 1] <= arrival { day += 1 }
      let week = Swift.min(Swift.max(0, (day - horizonFirstDay) / 7), weeks - 1)
      weekSQLs[week] += 1
      guard s.sqlAttempts[i] > 0 else {
        firstTouchBins[bins + 1] += 1
        continue
      }
      let wait = s.sqlFirstTouch[i]
      if wait <= firstTouchWithinMinutes { weekWithin[week] += 1 }
      // `wait / binWidth` is non-negative; the comparison keeps a huge wait out of `Int(_:)`.
      let bin = wait < binWidth * Double(bins) ? Int(wait / binWidth) : bins
      firstTouchBins[bin] += 1
    }
  }
}
