import RealModule

/// Warnings about a valid scenario: likely modelling mistakes and goals that cannot be met.
///
/// Expected counts come from the means of the inputs (the same reverse-funnel arithmetic a
/// planner does by hand), so they are approximate and say so with "~".
extension ScenarioDecoder {
  /// A mean sales cycle longer than this (days) without an open pipeline leaves the first
  /// month with no marketing-sourced revenue (DESIGN.md §3, point 3).
  static let longCycleDays = 15.0

  mutating func addWarnings(for s: Scenario) {
    let start = s.horizon.start
    let monthStarts = (0..<s.horizon.months).map { start.firstOfMonth(adding: $0) }

    // Marketing
    if s.marketing.businessHoursShare != nil, s.calendar == .alwaysOpen {
      warn(
        "$.marketing.businessHoursShare",
        "is ignored with a 24x7 calendar: every minute is a business minute")
    }
    if let goal = s.marketing.goals.leadValuePerMonth, ScenarioMeans.largestFixed(goal) > 0,
      s.marketing.sources.allSatisfy({ $0.valuePerLead == .fixed(0) })
    {
      warn(
        "$.marketing.goals.leadValuePerMonth",
        "can never be met: no lead source has a valuePerLead (the default is 0)")
    }

    // Sales
    let warmUp = s.simulation.warmUpMonths
    if s.sales.openPipeline == nil {
      let cycle = ScenarioMeans.mean(s.sales.cycleDays, on: start)
      if cycle > ScenarioDecoder.longCycleDays {
        let days = ScenarioText.number(cycle.rounded())
        let needed = ScenarioDecoder.suggestedWarmUpMonths(cycleDays: cycle)
        if warmUp == 0 {
          warn(
            "$.sales",
            "no openPipeline while the mean sales cycle is ~\(days) days: the first months get no "
              + "marketing-sourced revenue, because opportunities created in the horizon close about \(days) days "
              + "later; add \"openPipeline\" with the CRM's open opportunities on \(start), or set "
              + "\"simulation.warmUpMonths\" to \(needed) to fill the pipeline from the first month's leads")
        } else if warmUp < needed {
          warn(
            "$.simulation.warmUpMonths",
            "\(ScenarioText.months(warmUp)) of warm-up is shorter than twice the mean sales cycle (~\(days) days): "
              + "the pipeline is still filling when the horizon starts, so its first months get too little "
              + "marketing-sourced revenue; \(needed) months fill it")
        }
      }
    } else if warmUp > 0 {
      warn(
        "$.simulation.warmUpMonths",
        "\(ScenarioText.months(warmUp)) of warm-up with sales.openPipeline counts the pipeline twice: the "
          + "warm-up's leads already create the opportunities open on \(start); drop openPipeline, or set "
          + "warmUpMonths to 0")
    }
    if let attempts = s.sales.goals.attemptsOnUnconnected, attempts > Double(s.sales.followUp.maxAttempts) {
      warn(
        "$.sales.goals.attemptsOnUnconnected",
        "can never be met: reps stop after followUp.maxAttempts (\(s.sales.followUp.maxAttempts)) attempts",
        found: ScenarioText.number(attempts))
    }
    if let goal = s.sales.goals.firstTouch {
      // Leads handed to Sales are the SQLs: leads × qualify rate, month by month.
      var sqls = 0.0
      for month in monthStarts {
        for source in s.marketing.sources {
          sqls +=
            ScenarioMeans.mean(source.leadsPerMonth, on: month) * ScenarioMeans.mean(source.qualifyRate, on: start)
        }
      }
      warnIfOneLateItemMisses(goal, expectedCount: sqls, noun: "leads", path: "$.sales.goals.firstTouch.share")
    }

    addCapacityWarnings(for: s)

    // Service
    if let service = s.service, let goal = service.goals.firstResponse {
      // Existing customers only: new customers and churn roughly offset over a short horizon.
      var tickets = 0.0
      for month in monthStarts {
        tickets += Double(service.existingCustomers) * ScenarioMeans.mean(service.ticketsPerCustomerPerMonth, on: month)
      }
      warnIfOneLateItemMisses(
        goal, expectedCount: tickets, noun: "tickets", path: "$.service.goals.firstResponse.share")
    }
  }

  /// Warm-up months that fill a pipeline of mean cycle `cycleDays`: twice the mean cycle
  /// (which covers most of a cycle distribution's spread), at most
  /// ``maximumWarmUpMonths``.
  static func suggestedWarmUpMonths(cycleDays: Double) -> Int {
    let months = (2 * cycleDays / (365.25 / 12)).rounded(.up)
    return months < Double(maximumWarmUpMonths) ? Swift.max(1, Int(months)) : maximumWarmUpMonths
  }

  /// Warm-up months that let a queue started empty settle: five relaxation times (1 − e⁻⁵ of
  /// the way), at least 1, at most ``maximumWarmUpMonths``.
  ///
  /// The relaxation time of an M/M/c queue at utilisation ρ is τ = 1 / (cμ(1 − √ρ)²)
  /// (Morse 1955; Abate & Whitt 1987, "Transient behavior of the M/M/1 queue", with the
  /// desk's whole rate cμ as the one server's). Here μ is per business day: a server gives
  /// `hoursPerDay` hours to items of `workHoursPerItem` hours, so τ = w / (h c (1 − √ρ)²)
  /// business days.
  static func suggestedWarmUpMonths(
    servers: Int, workHoursPerItem: Double, hoursPerDay: Double, utilisation: Double, businessDaysInFirstMonth: Double
  ) -> Int {
    let tau = relaxationDays(
      servers: servers, workHoursPerItem: workHoursPerItem, hoursPerDay: hoursPerDay, utilisation: utilisation)
    let months = (5 * tau / businessDaysInFirstMonth).rounded(.up)
    guard months.isFinite, utilisation < 1 else { return maximumWarmUpMonths }
    return months < Double(maximumWarmUpMonths) ? Swift.max(1, Int(months)) : maximumWarmUpMonths
  }

  /// A queue loaded at least this much in the first month takes long enough to settle from
  /// empty that the first month's figures are noticeably optimistic (3–8 points of a
  /// response share at 85%; docs/model.md, "Warm start"): `validate` suggests a warm-up.
  static let loadedQueueUtilisation = 0.7

  /// Relaxation time τ in business days, for the suggestion's text (see
  /// ``suggestedWarmUpMonths(servers:workHoursPerItem:hoursPerDay:utilisation:businessDaysInFirstMonth:)``).
  static func relaxationDays(servers: Int, workHoursPerItem: Double, hoursPerDay: Double, utilisation: Double)
    -> Double
  {
    let gap = 1 - utilisation.squareRoot()
    return workHoursPerItem / (hoursPerDay * Double(servers) * gap * gap)
  }

  /// Warns when the expected offered work of a month exceeds the staff's hours for it
  /// (utilisation above 100%: the queue grows all horizon), naming the busiest month; and
  /// suggests a warm-up when a queue that starts empty is loaded in the first month.
  ///
  /// Sales' work is expected SQLs × expected attempts per SQL × `minutesPerAttempt`, where an
  /// SQL gets attempts until it connects or reaches `maxAttempts`:
  /// `Σₖ₌₀^{A−1} (1 − p)ᵏ = (1 − (1 − p)^A) / p` for the mean connect rate p. Service's is the
  /// existing customers' expected tickets × mean handle minutes. Hours available are staff ×
  /// `hoursPerDay` × the month's business days.
  private mutating func addCapacityWarnings(for s: Scenario) {
    let start = s.horizon.start
    let months = s.horizon.months
    let calendar = BusinessCalendar(s.calendar)
    let clock = BusinessClock(
      calendar: calendar, origin: start,
      days: start.firstOfMonth(adding: months).daysSinceEpoch - start.daysSinceEpoch)
    let openMinutes = clock.openMinutesPerBusinessDay
    func businessDays(_ month: CivilDate) -> Double { clock.businessMinutes(inMonthStarting: month) / openMinutes }

    struct Busiest {
      var month: CivilDate
      var work: Double
      var hours: Double
      var utilisation: Double { hours > 0 ? work / hours : .infinity }
    }
    /// `staffHoursPerDay` by month: reps with hires counted at their month's capacity factor
    /// (a mid-month start counts its whole first month: a warning, not a result).
    func busiest(_ workInMonth: (CivilDate) -> Double, staffHoursPerDay: (CivilDate) -> Double) -> (Busiest, Bool)? {
      var worst: Busiest?
      var distinct = Set<Double>()
      for k in 0..<months {
        let month = start.firstOfMonth(adding: k)
        let b = Busiest(month: month, work: workInMonth(month), hours: staffHoursPerDay(month) * businessDays(month))
        distinct.insert(b.utilisation)
        if b.work > 0, b.utilisation > 1, worst.map({ b.utilisation > $0.utilisation }) ?? true { worst = b }
      }
      return worst.map { ($0, distinct.count > 1) }
    }
    func message(_ b: Busiest, varies: Bool, noun: String, staff: String, queue: String, abandons: Bool = false)
      -> String
    {
      let when = varies && months > 1 ? " in \(YearMonth.monthNames[b.month.month - 1]) \(b.month.year), the busiest month," : ""
      let percent = b.utilisation.isFinite ? ScenarioText.whole(100 * b.utilisation) + "%" : "∞"
      // With a patience the queue stays bounded, but the agents answer at most the tickets their
      // hours hold (a ticket's handle time does not depend on whether it waits), so about
      // 1 − 1/utilisation of the tickets or more abandon (answers after the horizon aside).
      let outcome =
        abandons
        ? "at least ~\(ScenarioText.whole(100 * (1 - 1 / b.utilisation)))% of \(noun) abandon before an answer"
        : "the \(queue) grows all horizon"
      return "the expected work on \(noun)\(when) is ~\(ScenarioText.whole(b.work)) \(staff)-hours\(when.isEmpty ? " a month" : "")"
        + " against \(ScenarioText.whole(b.hours)) available (utilisation \(percent)): " + outcome
    }

    /// Suggests `simulation.warmUpMonths` when the first month is loaded but not overloaded and
    /// the warm-up is shorter than the queue needs to settle.
    func suggestWarmUp(
      _ path: String, work: Double, servers: Int, hoursPerDay: Double, workHoursPerItem: Double, queue: String
    ) {
      let days = businessDays(start)
      let hours = Double(servers) * hoursPerDay * days
      guard hours > 0, work > 0, workHoursPerItem > 0 else { return }
      let utilisation = work / hours
      guard utilisation >= ScenarioDecoder.loadedQueueUtilisation, utilisation < 1 else { return }
      let needed = ScenarioDecoder.suggestedWarmUpMonths(
        servers: servers, workHoursPerItem: workHoursPerItem, hoursPerDay: hoursPerDay, utilisation: utilisation,
        businessDaysInFirstMonth: days)
      guard s.simulation.warmUpMonths < needed else { return }
      let tau = ScenarioDecoder.relaxationDays(
        servers: servers, workHoursPerItem: workHoursPerItem, hoursPerDay: hoursPerDay, utilisation: utilisation)
      let settle = ScenarioText.whole(Swift.max(1, (5 * tau).rounded()))
      let warmUp = s.simulation.warmUpMonths
      let now = warmUp == 0 ? "starts empty" : "has \(ScenarioText.months(warmUp)) of warm-up"
      warn(
        path,
        "the \(queue) \(now) but runs at ~\(ScenarioText.whole(100 * utilisation))% utilisation in the first month; "
          + "a queue that loaded takes ~\(settle) business days to settle, so the first month's figures are "
          + "optimistic; set \"simulation.warmUpMonths\" to \(needed) to start it loaded")
    }

    let followUp = s.sales.followUp
    func salesWork(_ month: CivilDate) -> Double {
      var sqls = 0.0
      for source in s.marketing.sources {
        sqls += ScenarioMeans.mean(source.leadsPerMonth, on: month) * ScenarioMeans.mean(source.qualifyRate, on: month)
      }
      let p = ScenarioMeans.mean(followUp.connectRate, on: month)
      let attempts =
        p > 0 ? (1 - Double.pow(1 - p, Double(followUp.maxAttempts))) / p : Double(followUp.maxAttempts)
      return sqls * attempts * followUp.minutesPerAttempt / 60
    }
    suggestWarmUp(
      "$.sales", work: salesWork(start), servers: s.sales.reps, hoursPerDay: s.sales.hoursPerDay,
      workHoursPerItem: followUp.minutesPerAttempt / 60, queue: "follow-up queue")
    if let service = s.service {
      let handle = ScenarioMeans.mean(service.handleMinutes, on: start)
      suggestWarmUp(
        "$.service",
        work: Double(service.existingCustomers) * ScenarioMeans.mean(service.ticketsPerCustomerPerMonth, on: start)
          * handle / 60, servers: service.agents, hoursPerDay: service.hoursPerDay, workHoursPerItem: handle / 60,
        queue: "ticket queue")
    }
    let sales = busiest(salesWork, staffHoursPerDay: { s.sales.capacity(monthStarting: $0) * s.sales.hoursPerDay })
    if let (b, varies) = sales {
      warn("$.sales", message(b, varies: varies, noun: "SQLs", staff: "rep", queue: "follow-up queue"))
    }
    if let service = s.service {
      let desk = busiest(
        { month in
          Double(service.existingCustomers) * ScenarioMeans.mean(service.ticketsPerCustomerPerMonth, on: month)
            * ScenarioMeans.mean(service.handleMinutes, on: month) / 60
        }, staffHoursPerDay: { _ in Double(service.agents) * service.hoursPerDay })
      if let (b, varies) = desk {
        warn(
          "$.service",
          message(
            b, varies: varies, noun: "tickets", staff: "agent", queue: "ticket queue",
            abandons: service.patienceMinutes != nil))
      }
    }
  }

  /// DOMAIN.md "Nines": 99.99% of ~2,600 leads allows 0.26 late leads, so one late lead misses.
  private mutating func warnIfOneLateItemMisses(_ goal: ShareGoal, expectedCount: Double, noun: String, path: String) {
    let share = ScenarioMeans.largestFixed(goal.share)
    let count = expectedCount.rounded()
    guard share >= 0.999, count >= 1 else { return }
    let allowedLate = count * (1 - share)
    guard allowedLate < 1 else { return }
    let singular = String(noun.dropLast())
    warn(
      path,
      "\(ScenarioText.percent(share)) of ~\(ScenarioText.grouped(Int(count))) \(noun) in the horizon allows "
        + "\(ScenarioMeans.twoDigits(allowedLate)) late \(noun): one late \(singular) misses the goal")
  }
}

/// Means of inputs, for warnings (the engine draws; this only estimates).
enum ScenarioMeans {
  /// The mean of a distribution in canonical parameters (a normal's truncation at 0 ignored).
  static func mean(_ d: Distribution) -> Double {
    switch d {
    case .fixed(let x): return x
    case .uniform(let a, let b): return (a + b) / 2
    case .triangular(let a, let m, let b): return (a + m + b) / 3
    case .pert(let a, let m, let b): return (a + 4 * m + b) / 6
    case .normal(let mean, _): return mean
    case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
    case .gamma(let shape, let scale): return shape * scale
    case .beta(let alpha, let beta): return alpha / (alpha + beta)
    case .exponential(let mean): return mean
    case .poisson(let mean): return mean
    case .empirical(let values): return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
  }

  /// The mean in force on `date`: the last point from on or before it (the first point before
  /// the schedule starts), ramped linearly between points for `"interpolate": "linear"`.
  static func mean(_ v: Value, on date: CivilDate) -> Double {
    switch v {
    case .trend(let t): return t.mean(on: date)
    case .distribution(let d): return mean(d)
    case .schedule(let s):
      guard let first = s.points.first else { return 0 }
      guard let index = s.points.lastIndex(where: { $0.from <= date }) else { return mean(first.value) }
      let point = s.points[index]
      guard s.interpolation == .linear, index + 1 < s.points.count else { return mean(point.value) }
      let next = s.points[index + 1]
      let t =
        Double(date.daysSinceEpoch - point.from.daysSinceEpoch)
        / Double(next.from.daysSinceEpoch - point.from.daysSinceEpoch)
      return mean(point.value) + t * (mean(next.value) - mean(point.value))
    }
  }

  /// The largest fixed number a goal takes (the goal is fixed or a schedule of fixed numbers).
  static func largestFixed(_ v: Value) -> Double {
    switch v {
    case .distribution(let d): return mean(d)
    case .schedule(let s): return s.points.map { mean($0.value) }.max() ?? 0
    case .trend(let t): return t.largestPointForecast
    }
  }

  /// Two significant digits: `0.26`.
  static func twoDigits(_ x: Double) -> String {
    guard x > 0 else { return "0" }
    var scale = 1.0
    while x * scale < 10 { scale *= 10 }
    return ScenarioText.number((x * scale).rounded() / scale)
  }

  private static func exp(_ x: Double) -> Double { Double.exp(x) }
}
