/// The three parties of an SLA.
public enum Party: String, Sendable, CaseIterable, Codable {
  case marketing, sales, service
}

/// What a goal measures; the kernel computes one monthly figure per kind.

enum GoalKind: Int, Sendable {
  case leads, sqls, leadValue, revenue, firstTouch, attemptsOnUnconnected, firstResponse, retention
  /// One source's leads (``LeadSource/leadsGoalPerMonth``; the source is ``CompiledGoal/source``).
  case sourceLeads
}

/// A goal with its target for each month of the horizon.

struct CompiledGoal: Sendable {
  var party: Party
  /// The key in the scenario's `goals` object (the JSON result uses it).
  var key: String
  var kind: GoalKind
  /// Target per month (a share for share goals, a mean attempt count for depth).
  var targets: [Double]
  /// The source a ``GoalKind/sourceLeads`` goal counts (0 for every other kind).
  var source = 0
}

/// A scenario compiled once into flat, index-addressed arrays for the trial kernel.
///
/// Memory layout: every parameter is a run of ``CompiledPoint``s in `points`; empirical
/// values share `pool`; per-month quantities are arrays indexed by month (with one extra
/// entry for the horizon's end where a boundary is stored). Times are minutes from the
/// first simulated month's midnight: "wall" minutes on the clock, "business" minutes of open
/// time. The simulated months are the warm-up months, then the horizon's.

struct CompiledModel: Sendable {
  let scenario: Scenario
  /// The horizon's months: the months that are counted.
  let months: Int
  /// Months simulated before the horizon, whose figures are not counted
  /// (``SimulationSettings/warmUpMonths``).
  let warmUpMonths: Int
  /// Warm-up and horizon months. The kernel's month index runs over these; the horizon's
  /// first month is index `warmUpMonths`.
  var simulatedMonths: Int { warmUpMonths + months }
  let clock: BusinessClock
  let alwaysOpen: Bool
  /// Simulated month boundaries (simulatedMonths + 1 entries) in wall, business and closed
  /// ("non-business") minutes.
  let monthStartWall: [Double]
  let monthStartBusiness: [Double]
  let monthStartClosed: [Double]
  /// The simulated day (wall minutes `[1440 d, 1440 (d + 1))`) each simulated month starts on,
  /// simulatedMonths + 1 entries: the report's daily charts count leads by these days.
  let monthStartDay: [Int]
  /// `B(1440 d)`, the business minute at which simulated day `d` starts, for every simulated
  /// day and one more: an arrival inside open time at business minute `b` is on the last day
  /// whose start is at most `b`.
  let dayStartBusiness: [Double]
  /// The horizon's start: wall minute 0 unless there is a warm-up.
  var horizonStartWall: Double { monthStartWall[warmUpMonths] }
  var horizonStartBusiness: Double { monthStartBusiness[warmUpMonths] }
  var horizonEndWall: Double { monthStartWall[simulatedMonths] }
  var horizonEndBusiness: Double { monthStartBusiness[simulatedMonths] }
  /// Business minutes in the horizon (the utilisation KPIs' denominators, per person).
  var horizonBusinessMinutes: Double { horizonEndBusiness - horizonStartBusiness }
  /// Share of leads arriving in business hours, per simulated month.
  let businessShare: [Double]

  var points: [CompiledPoint]
  let pool: [Double]
  /// Points of every parameter drawn once per trial (rates): `[first, first + count)` runs.
  let ratePointRuns: [CompiledParameter]
  /// The distinct trends drawn in each trial (fields on the same history, series and model share one).
  let trendDraws: [CompiledTrendDraw]
  /// Each field that follows a trend: where its monthly points are and how to scale the draw.
  let trendUses: [CompiledTrendUse]
  /// Coefficients of all trend draws together (the scratch buffer's size).
  let trendCoefficientCount: Int
  /// The scenario's `correlations`, or `nil` when it has none (every input then draws exactly
  /// as it would without the feature).
  var copula: CompiledCopula? = nil

  // Marketing.
  let sourceLeads: [CompiledParameter]
  let sourceValue: [CompiledParameter]
  let sourceQualify: [CompiledParameter]

  // Sales.
  var reps: Int
  var attemptBusinessMinutes: Double
  let retryBusinessMinutes: Double
  let maxAttempts: Int
  /// The reps' work windows as offsets from a business day's opening (empty: `hoursPerDay`
  /// stretches each attempt instead), and the share of open time they cover.
  let salesWindowStarts: [Double]
  let salesWindowEnds: [Double]
  let salesCapacityShare: Double
  /// Hires (``Sales/hires``) as groups of servers after the `reps` ones; none without hires,
  /// and then the queue runs exactly as it always has (see ``CompiledHires``).
  let hires: CompiledHires
  /// No attempt starts later than this many business minutes after the lead's arrival.
  let giveUpBusinessMinutes: Double
  let connectRate: CompiledParameter
  let fastRate: CompiledParameter
  let slowRate: CompiledParameter
  let fastWithinMinutes: Double
  let closeRate: CompiledParameter
  let dealSize: CompiledParameter
  let cycleDays: CompiledParameter
  let openOpportunities: Int
  let remainingDays: CompiledParameter
  let otherRevenue: CompiledParameter
  /// Business minutes within which a first touch counts for the firstTouch goal and KPI.
  var firstTouchWithinMinutes: Double

  // Service.
  let hasService: Bool
  let existingCustomers: Int
  var agents: Int
  var handleStretch: Double
  /// The agents' work windows, as for Sales.
  let serviceWindowStarts: [Double]
  let serviceWindowEnds: [Double]
  let serviceCapacityShare: Double
  let ticketsPerCustomer: CompiledParameter
  let handleMinutes: CompiledParameter
  let churn: CompiledParameter
  /// Business minutes a ticket waits before it is abandoned (``Service/patienceMinutes``),
  /// drawn per ticket after its handle time; `nil`: tickets never abandon, and the desk runs
  /// exactly as without the field.
  let patienceMinutes: CompiledParameter?
  var firstResponseWithinMinutes: Double

  // Goals and escalation.
  var goals: [CompiledGoal]
  let rungs: [Int]
  let cancelAfter: Int
  let kpis: [KPI]

  /// Rows of a trial's figures: every ``Figure``, then each source's leads (its row is
  /// ``sourceLeadsRow(_:)``), each row one entry per month.
  var figureRows: Int { Figure.allCases.count + sourceLeads.count }
  /// The figure row counting source `k`'s leads by arrival month.
  @inline(__always) func sourceLeadsRow(_ k: Int) -> Int { Figure.allCases.count + k }

  /// Days of business-time table kept after the horizon, for queues that drain after it ends.
  static let drainDays = 3 * 366

  init(_ scenario: Scenario) {
    self.scenario = scenario
    let start = scenario.horizon.start
    months = scenario.horizon.months
    warmUpMonths = scenario.simulation.warmUpMonths
    let calendar = BusinessCalendar(scenario.calendar)
    if case .alwaysOpen = scenario.calendar { alwaysOpen = true } else { alwaysOpen = false }
    // The warm-up runs on the calendar of the months before the horizon (their weekdays and
    // holidays), with the inputs in force at the horizon's start.
    let firstSimulated = start.firstOfMonth(adding: -warmUpMonths)
    let end = start.firstOfMonth(adding: months)
    clock = BusinessClock(
      calendar: calendar, origin: firstSimulated,
      days: end.daysSinceEpoch - firstSimulated.daysSinceEpoch + Self.drainDays)
    var wall: [Double] = []
    var business: [Double] = []
    var closed: [Double] = []
    for m in -warmUpMonths...months {
      let t = clock.wallMinute(of: start.firstOfMonth(adding: m))
      let b = clock.businessMinutes(atWallMinute: t)
      wall.append(t)
      business.append(b)
      closed.append(t - b)
    }
    monthStartWall = wall
    monthStartBusiness = business
    monthStartClosed = closed
    // Month starts are whole days of 1440 minutes from the origin's midnight (BusinessClock).
    let startDays = wall.map { Int(($0 / 1440).rounded(.down)) }
    monthStartDay = startDays
    let dayClock = clock
    dayStartBusiness = (0...(startDays[startDays.count - 1])).map { dayClock.businessMinutes(atWallMinute: Double($0) * 1440) }
    businessShare = (0..<(warmUpMonths + months)).map { m in
      let open = business[m + 1] - business[m]
      let total = wall[m + 1] - wall[m]
      if open >= total { return 1 }
      if open <= 0 { return 0 }
      return scenario.marketing.businessHoursShare ?? open / total
    }

    var builder = ParameterBuilder(origin: start, clock: clock, months: months)
    let marketing = scenario.marketing
    sourceLeads = marketing.sources.map { builder.add($0.leadsPerMonth, nonNegative: true, perTrial: false) }
    sourceValue = marketing.sources.map { builder.add($0.valuePerLead, nonNegative: true, perTrial: false) }
    sourceQualify = marketing.sources.map { builder.add($0.qualifyRate, nonNegative: true, perTrial: true) }

    let sales = scenario.sales
    reps = sales.reps
    let openMinutes = clock.openMinutesPerBusinessDay
    // DESIGN.md §3.2: a rep gives hoursPerDay of each business day to marketing leads, so
    // each attempt occupies (open hours per day ÷ hoursPerDay) times its own length.
    // With work windows reps work at full speed inside them instead (a window covering the
    // whole open day is the same as hoursPerDay equal to the open hours, so it is dropped).
    let salesWindows = CompiledModel.windowOffsets(sales.workWindows, calendar: scenario.calendar, openMinutes: openMinutes)
    salesWindowStarts = salesWindows.starts
    salesWindowEnds = salesWindows.ends
    salesCapacityShare = salesWindows.share
    attemptBusinessMinutes =
      salesWindows.starts.isEmpty
      ? sales.followUp.minutesPerAttempt * openMinutes / (sales.hoursPerDay * 60) : sales.followUp.minutesPerAttempt
    hires = CompiledHires(
      sales.hires, firstSimulated: firstSimulated, horizonEnd: end, horizonStartBusiness: business[warmUpMonths],
      monthStartBusiness: business, clock: clock)
    retryBusinessMinutes = sales.followUp.retryAfterHours * 60
    maxAttempts = sales.followUp.maxAttempts
    // A business day is one day's open time, so N business days after an arrival is the same
    // business minute N business days later.
    giveUpBusinessMinutes = sales.followUp.giveUpAfterDays * openMinutes
    connectRate = builder.add(sales.followUp.connectRate, nonNegative: true, perTrial: true)
    fastRate = builder.add(sales.opportunityRate.fast, nonNegative: true, perTrial: true)
    slowRate = builder.add(sales.opportunityRate.slow, nonNegative: true, perTrial: true)
    fastWithinMinutes = sales.opportunityRate.fastWithinMinutes
    closeRate = builder.add(sales.closeRate, nonNegative: true, perTrial: true)
    dealSize = builder.add(sales.dealSize, nonNegative: true, perTrial: false)
    cycleDays = builder.add(sales.cycleDays, nonNegative: true, perTrial: false)
    openOpportunities = sales.openPipeline?.opportunities ?? 0
    remainingDays = builder.add(sales.openPipeline?.remainingDays ?? .fixed(0), nonNegative: true, perTrial: false)
    otherRevenue = builder.add(sales.otherRevenuePerMonth, nonNegative: true, perTrial: false)
    firstTouchWithinMinutes = (sales.goals.firstTouch?.withinHours ?? 1) * 60

    let service = scenario.service
    hasService = service != nil
    existingCustomers = service?.existingCustomers ?? 0
    agents = service?.agents ?? 1
    let serviceWindows = CompiledModel.windowOffsets(
      service?.workWindows ?? [], calendar: scenario.calendar, openMinutes: openMinutes)
    serviceWindowStarts = serviceWindows.starts
    serviceWindowEnds = serviceWindows.ends
    serviceCapacityShare = serviceWindows.share
    handleStretch = serviceWindows.starts.isEmpty ? (service.map { openMinutes / ($0.hoursPerDay * 60) } ?? 1) : 1
    ticketsPerCustomer = builder.add(
      service?.ticketsPerCustomerPerMonth ?? .fixed(0), nonNegative: true, perTrial: false)
    handleMinutes = builder.add(service?.handleMinutes ?? .fixed(0), nonNegative: true, perTrial: false)
    churn = builder.add(service?.monthlyChurn ?? .fixed(0), nonNegative: true, perTrial: true)
    // Added last, and only when set: the points before it (and so every rate's stream, indexed
    // by point) are the same as without patience.
    patienceMinutes = service?.patienceMinutes.map { builder.add($0, nonNegative: true, perTrial: false) }
    firstResponseWithinMinutes = (service?.goals.firstResponse?.withinHours ?? 4) * 60

    points = builder.points
    pool = builder.pool
    ratePointRuns = builder.rateRuns
    trendDraws = builder.trendDraws
    trendUses = builder.trendUses
    trendCoefficientCount = builder.trendCoefficientCount

    var compiledGoals: [CompiledGoal] = []
    let monthCount = months
    let targetBuilder = builder
    func goal(_ party: Party, _ key: String, _ kind: GoalKind, _ value: Value?) {
      guard let value else { return }
      compiledGoals.append(
        CompiledGoal(
          party: party, key: key, kind: kind, targets: targetBuilder.monthlyTargets(value, months: monthCount)))
    }
    goal(.marketing, "leadsPerMonth", .leads, marketing.goals.leadsPerMonth)
    goal(.marketing, "sqlsPerMonth", .sqls, marketing.goals.sqlsPerMonth)
    goal(.marketing, "leadValuePerMonth", .leadValue, marketing.goals.leadValuePerMonth)
    for (k, source) in marketing.sources.enumerated() {
      goal(.marketing, "sources[\(source.name)].leadsPerMonth", .sourceLeads, source.leadsGoalPerMonth)
      if source.leadsGoalPerMonth != nil { compiledGoals[compiledGoals.count - 1].source = k }
    }
    goal(.sales, "revenuePerMonth", .revenue, sales.goals.revenuePerMonth)
    goal(.sales, "firstTouch", .firstTouch, sales.goals.firstTouch?.share)
    goal(.sales, "attemptsOnUnconnected", .attemptsOnUnconnected, sales.goals.attemptsOnUnconnected.map { .fixed($0) })
    if let service {
      goal(.service, "firstResponse", .firstResponse, service.goals.firstResponse?.share)
      goal(.service, "retention", .retention, service.goals.retention)
    }
    goals = compiledGoals
    rungs = scenario.escalation.afterMonthsMissed
    cancelAfter = scenario.escalation.cancelAfterMonthsMissed
    let abandons = service?.patienceMinutes != nil
    kpis = KPI.allCases.filter { (service != nil || !$0.isService) && (abandons || $0 != .serviceAbandonedShare) }
    // Last: it reads the parameters and trend draws compiled above.
    copula = CompiledCopula(scenario: scenario, model: self)
  }

  /// Work windows as offsets from a business day's opening, and the share of the open day they
  /// cover; none for a single window that covers the whole open day.
  static func windowOffsets(_ windows: [WorkWindow], calendar: CalendarSpec, openMinutes: Double)
    -> (starts: [Double], ends: [Double], share: Double)
  {
    var open = 0.0
    if case .weekly(_, let openMinute, _, _) = calendar { open = Double(openMinute) }
    let starts = windows.map { Double($0.startMinute) - open }
    let ends = windows.map { Double($0.endMinute) - open }
    if starts.isEmpty || (starts == [0] && ends == [openMinutes]) { return ([], [], 1) }
    let total = zip(starts, ends).reduce(0) { $0 + $1.1 - $1.0 }
    return (starts, ends, total / openMinutes)
  }

  /// Index of the simulated month containing `wallMinute` (which must be inside them).
  func monthIndex(ofWallMinute t: Double, starts: UnsafeBufferPointer<Double>) -> Int {
    var lo = 0
    var hi = simulatedMonths - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if starts[mid] <= t { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }
}

/// Hired reps as the follow-up queue sees them: groups of servers that start work at a
/// business minute and work at a share of a full rep's speed that changes by month.
///
/// A hire in its k-th month (the first is the calendar month containing `from`) works
/// `hoursPerDay × k/(rampMonths + 1)` hours a day: each attempt it starts takes the same work
/// as a full rep's, done at that share of the speed, so an attempt that runs into the next
/// month finishes at the next month's speed (``attemptEnd(group:start:work:fullFrom:factors:monthStartBusiness:months:)``).
/// After the last simulated month (while queues drain) the speed of the month after the horizon
/// holds. Hires whose first month starts after that month never work before the horizon's
/// queues drain and are left out.
///
/// Memory layout: `factors` is group-major, `simulatedMonths + 1` entries per group (the last
/// is the drain's).
struct CompiledHires: Sendable {
  /// Servers per group, and the sum (the servers after the `reps` ones).
  let reps: [Int]
  let servers: Int
  /// The business minute each group starts work (its `from`, or 0 if before the simulation).
  let startBusiness: [Double]
  /// From this business minute on the group works at full speed (`.infinity`: not before the
  /// drain).
  let fullFromBusiness: [Double]
  let factors: [Double]
  /// Business minutes the hires are at work in the horizon, summed over their reps (for the
  /// utilisation KPI's denominator; 0 without hires).
  let horizonAvailableMinutes: Double
  var groups: Int { reps.count }

  init(
    _ hires: [Hire], firstSimulated: CivilDate, horizonEnd: CivilDate, horizonStartBusiness: Double,
    monthStartBusiness: [Double], clock: BusinessClock
  ) {
    let months = monthStartBusiness.count - 1
    let horizonEndBusiness = monthStartBusiness[months]
    var reps: [Int] = []
    var start: [Double] = []
    var full: [Double] = []
    var factors: [Double] = []
    var available = 0.0
    // The month starting at the horizon's end is the drain's: a hire not working by then is left out.
    for hire in hires where hire.capacityFactor(monthStarting: horizonEnd) > 0 {
      func business(_ date: CivilDate) -> Double {
        date < firstSimulated ? 0 : clock.businessMinutes(atWallMinute: clock.wallMinute(of: date))
      }
      let b = business(hire.from)
      let fullMonth = hire.from.firstOfMonth(adding: hire.rampMonths)
      reps.append(hire.reps)
      start.append(b)
      full.append(hire.rampMonths == 0 ? b : horizonEnd < fullMonth ? .infinity : business(fullMonth))
      for m in 0...months { factors.append(hire.capacityFactor(monthStarting: firstSimulated.firstOfMonth(adding: m))) }
      available += Double(hire.reps) * Swift.max(0, horizonEndBusiness - Swift.max(b, horizonStartBusiness))
    }
    self.reps = reps
    servers = reps.reduce(0, +)
    startBusiness = start
    fullFromBusiness = full
    self.factors = factors
    horizonAvailableMinutes = available
  }

  /// When an attempt of `work` full-speed business minutes started at `start` by a server of
  /// `group` ends: at the group's speed in each month it runs through.
  @inline(__always)
  func attemptEnd(
    group g: Int, start: Double, work: Double, fullFrom: UnsafePointer<Double>, factors: UnsafePointer<Double>,
    monthStartBusiness mb: UnsafePointer<Double>, months: Int
  ) -> Double {
    if start >= fullFrom[g] { return start + work }
    // The month containing `start` (`months`: the drain after the last simulated month).
    var m = months
    if start < mb[months] {
      var lo = 0
      var hi = months - 1
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if mb[mid] <= start { lo = mid } else { hi = mid - 1 }
      }
      m = lo
    }
    let row = factors + g * (months + 1)
    var t = start
    var left = work
    while true {
      let f = row[m]
      let boundary = m < months ? mb[m + 1] : .infinity
      if f > 0 {
        let capacity = (boundary - t) * f
        if left <= capacity { return t + left / f }
        left -= capacity
      }
      t = boundary
      m += 1
      if t >= fullFrom[g] { return t + left }
    }
  }
}

/// One trend drawn per trial: its forecaster and where its coefficients go in the scratch.
struct CompiledTrendDraw: Sendable {
  var forecaster: TrendForecaster
  /// The history file it was fitted to (resolved against the scenario's folder).
  var history: String
  var coefficientOffset: Int
  /// What makes two trends the same draw: history file, series and model.
  var key: String
}

/// A field that follows a trend: a step schedule of one point per horizon month, whose values
/// the kernel overwrites at the start of each trial with the scaled, clamped draw.
struct CompiledTrendUse: Sendable {
  var drawIndex: Int
  var firstPoint: Int
  var scale: Double
  /// 1 for rates, else the cap (``TrendSpec/cap``).
  var cap: Double
}

/// Collects parameters into the model's point table while compiling.
struct ParameterBuilder {
  let origin: CivilDate
  let clock: BusinessClock
  let months: Int
  var points: [CompiledPoint] = []
  var pool: [Double] = []
  var rateRuns: [CompiledParameter] = []
  var trendDraws: [CompiledTrendDraw] = []
  var trendUses: [CompiledTrendUse] = []
  var trendCoefficientCount = 0

  mutating func add(_ value: Value, nonNegative: Bool, perTrial: Bool) -> CompiledParameter {
    let first = points.count
    switch value {
    case .trend(let trend):
      // One point per month, from the month's first minute (the first from −∞): a step
      // schedule whose values each trial overwrites. The point forecast stands in until then
      // (buffer sizing reads it).
      precondition(
        trend.forecaster.horizon == months
          && trend.forecaster.months.first.map { $0.year == origin.year && $0.month == origin.month } != false,
        "trend on \(trend.column) covers \(trend.forecaster.months.first.map(String.init(describing:)) ?? "-") "
          + "+ \(trend.forecaster.horizon) months, not the horizon \(origin) + \(months) months")
      let key = "\(trend.resolvedHistory)\u{0}\(trend.column)\u{0}\(trend.model)"
      let drawIndex: Int
      if let known = trendDraws.firstIndex(where: { $0.key == key }) {
        drawIndex = known
      } else {
        drawIndex = trendDraws.count
        trendDraws.append(
          CompiledTrendDraw(
            forecaster: trend.forecaster, history: trend.resolvedHistory, coefficientOffset: trendCoefficientCount,
            key: key))
        trendCoefficientCount += trend.forecaster.coefficientCount
      }
      trendUses.append(CompiledTrendUse(drawIndex: drawIndex, firstPoint: first, scale: trend.scale, cap: trend.cap))
      for m in 0..<months {
        points.append(
          CompiledPoint(
            wallMinute: m == 0 ? -.infinity : clock.wallMinute(of: origin.firstOfMonth(adding: m)),
            distribution: .fixed(trend.pointForecast(month: m))))
      }
    case .distribution(let d):
      points.append(
        CompiledPoint(
          wallMinute: -.infinity, distribution: CompiledDistribution(d, nonNegative: nonNegative, pool: &pool)))
    case .schedule(let schedule):
      for p in schedule.points {
        points.append(
          CompiledPoint(
            wallMinute: clock.wallMinute(of: p.from),
            distribution: CompiledDistribution(p.value, nonNegative: nonNegative, pool: &pool)))
      }
    }
    let linear: Bool
    if case .schedule(let s) = value { linear = s.interpolation == .linear } else { linear = false }
    let parameter = CompiledParameter(
      firstPoint: first, pointCount: points.count - first, linear: linear, heldBefore: clock.wallMinute(of: origin))
    if perTrial { rateRuns.append(parameter) }
    return parameter
  }

  /// Each month's target (goals are fixed numbers or schedules of them): the value in force on
  /// the month's first day (a ramp's value then), or, when a step schedule steps inside the
  /// month, the mean of its values weighted by the time each is in force in the month.
  func monthlyTargets(_ value: Value, months: Int) -> [Double] {
    var local = ParameterBuilder(origin: origin, clock: clock, months: months)
    let parameter = local.add(value, nonNegative: false, perTrial: false)
    return (0..<months).map { m in
      let t0 = clock.wallMinute(of: origin.firstOfMonth(adding: m))
      let t1 = clock.wallMinute(of: origin.firstOfMonth(adding: m + 1))
      return local.points.withUnsafeBufferPointer { pts in
        func value(at t: Double) -> Double {
          let s = parameter.segment(at: t, points: pts)
          let x = pts[s.point].distribution.fixedValue ?? 0
          if s.weight == 0 { return x }
          let y = pts[s.point + 1].distribution.fixedValue ?? 0
          return (1 - s.weight) * x + s.weight * y
        }
        var pieceEnd = parameter.nextStep(after: t0, before: t1, points: pts)
        guard pieceEnd < t1 else { return value(at: t0) }
        var pieceStart = t0
        var weighted = 0.0
        while pieceStart < t1 {
          weighted += value(at: pieceStart) * (pieceEnd - pieceStart)
          pieceStart = pieceEnd
          pieceEnd = parameter.nextStep(after: pieceStart, before: t1, points: pts)
        }
        return weighted / (t1 - t0)
      }
    }
  }
}

extension CompiledGoal {
  /// A short statement of the goal for tables: `firstTouch: 99.9% within 1 h`.
  func summary(_ scenario: Scenario) -> String {
    let distinct = targets.reduce(into: [Double]()) { if $0.last != $1 { $0.append($1) } }
    // A changing target shows its first and last values.
    func list(_ f: (Double) -> String) -> String {
      guard let first = distinct.first, let last = distinct.last else { return "" }
      return distinct.count == 1 ? f(first) : "\(f(first)) → \(f(last))"
    }
    switch kind {
    case .leads, .sqls, .leadValue, .revenue, .sourceLeads:
      return "\(key) ≥ \(list { Format.number($0) })"
    case .attemptsOnUnconnected:
      return "\(key) ≥ \(list { Format.auto($0) })"
    case .firstTouch, .firstResponse:
      let hours =
        (kind == .firstTouch
          ? scenario.sales.goals.firstTouch?.withinHours : scenario.service?.goals.firstResponse?.withinHours) ?? 0
      return "\(key): \(list { Format.goalPercent($0) }) within \(Format.auto(hours)) h"
    case .retention:
      return "\(key) ≥ \(list { Format.goalPercent($0) })"
    }
  }
}
