/// The sections of format v1, one reader each.
///
/// Limits on whole numbers that DESIGN.md leaves open are set here, generously, so that a
/// value cannot overflow the engine: see `docs/scenario-format.md` for the table.
extension ScenarioDecoder {
  static let topLevelKeys = [
    "$schema", "name", "horizon", "calendar", "simulation", "marketing", "sales", "service", "escalation",
    "correlations",
  ]
  static let maximumMonths = 60
  /// Two years before the horizon: queues settle within weeks and the pipeline within one
  /// sales cycle, so more only costs time.
  static let maximumWarmUpMonths = 24
  static let maximumTrials = 1_000_000_000
  static let maximumStaff = 100_000
  /// The longest ramp of a hire (`sales.hires[i].rampMonths`), in months.
  static let maximumRampMonths = 24
  static let maximumAttempts = 100
  /// Ten years of five-day weeks: beyond any follow-up cadence.
  static let maximumGiveUpDays = 2_600.0
  static let maximumCustomers = 100_000_000
  static let maximumOpenOpportunities = 10_000_000

  // Upper limits on numbers (issue 6d): what a planner could mean, and small enough that every
  // quantity the engine derives (wall minutes, buffer sizes, sums of a horizon's money) stays
  // far inside the range of a `Double` and an `Int`.
  /// Expected leads per month of one source (any point, mean, sd or trend forecast).
  static let maximumLeadsPerMonth = 5_000_000.0
  /// One amount of money: a lead's value, a deal, a month's other revenue, a monthly goal.
  static let maximumMoney = 1e12
  /// Calendar days of a sales cycle or of an open opportunity's remaining time (about 27 years).
  static let maximumDays = 10_000.0
  /// Tickets per customer per month.
  static let maximumTicketsPerCustomer = 1_000.0
  /// Minutes of one attempt or one ticket: a week.
  static let maximumWorkMinutes = 10_080.0
  /// Business hours of a retry spacing or a response goal: a year of 24-hour days.
  static let maximumBusinessHours = 8_784.0
  /// Business minutes that count as a fast first touch: a year of 24-hour days.
  static let maximumFastWithinMinutes = 527_040.0
  /// Business minutes a ticket waits before it is abandoned: a year of 24-hour days (longer is
  /// the same as no patience at all, which leaving the key out says).
  static let maximumPatienceMinutes = 527_040.0
  /// The least hours per business day on this work: one minute.
  static let minimumHoursPerDay = 1.0 / 60
  /// The largest monthly count goal (leads, SQLs).
  static let maximumCountGoal = 1e12

  // MARK: Top level

  mutating func scenario(_ root: JSONNode) -> Scenario? {
    guard case .object = root.kind else {
      fail(root.offset, "$", "the scenario must be a JSON object", found: ScenarioDecoder.describe(root))
      return nil
    }
    guard
      let f = object(
        root, "$", keys: ScenarioDecoder.topLevelKeys, required: ["name", "horizon", "marketing", "sales"])
    else { return nil }
    if let n = f["$schema"] {
      _ = string(n, f.path("$schema"), "must be a string (the path or URL of the JSON Schema)")
    }
    var name: String?
    if let n = f["name"] { name = nonEmptyString(n, f.path("name")) }
    // The horizon and the calendar first: schedules and hours per day are checked against them.
    if let n = f["horizon"] { horizon = readHorizon(n, f.path("horizon")) }
    var calendar: CalendarSpec? = .standard
    if let n = f["calendar"] {
      calendar = readCalendar(n, f.path("calendar"))
    } else {
      openHoursPerDay = 8
      openHoursText = "the calendar is open 09:00–17:00, the default"
    }
    var simulation: SimulationSettings? = SimulationSettings()
    if let n = f["simulation"] { simulation = readSimulation(n, f.path("simulation")) }
    var marketing: Marketing?
    if let n = f["marketing"] { marketing = readMarketing(n, f.path("marketing")) }
    var sales: Sales?
    if let n = f["sales"] { sales = readSales(n, f.path("sales")) }
    var service: Service?
    var serviceIsValid = true
    if let n = f["service"] {
      service = readService(n, f.path("service"))
      serviceIsValid = service != nil
    }
    var escalation: Escalation? = Escalation()
    if let n = f["escalation"] { escalation = readEscalation(n, f.path("escalation")) }

    guard errors.isEmpty, let name, let horizon, let calendar, let simulation, let marketing, let sales,
      serviceIsValid, let escalation
    else { return nil }
    var scenario = Scenario(
      name: name, horizon: horizon, calendar: calendar, simulation: simulation, marketing: marketing,
      sales: sales, service: service, escalation: escalation)
    // Correlations last: their paths name inputs of the sections read above.
    if let n = f["correlations"] {
      guard let correlations = readCorrelations(n, f.path("correlations"), scenario: scenario) else { return nil }
      scenario.correlations = correlations
    }
    return scenario
  }

  private mutating func nonEmptyString(_ node: JSONNode, _ path: String) -> String? {
    guard case .string(let s) = node.kind, !s.isEmpty else {
      fail(node.offset, path, "must be a non-empty string", found: ScenarioDecoder.describe(node))
      return nil
    }
    return s
  }

  // MARK: Horizon, calendar, simulation

  mutating func readHorizon(_ node: JSONNode, _ path: String) -> Horizon? {
    guard let f = object(node, path, keys: ["start", "months"], required: ["start", "months"]) else { return nil }
    var start: CivilDate?
    if let n = f["start"], let date = date(n, f.path("start")) {
      if date.day == 1 {
        start = date
      } else {
        fail(
          n.offset, f.path("start"), "must be the first day of a month", found: ScenarioText.quoted(date.description))
      }
    }
    var months: Int?
    if let n = f["months"] {
      months = integer(
        n, f.path("months"), "must be a whole number of months from 1 to \(ScenarioDecoder.maximumMonths)",
        in: 1...ScenarioDecoder.maximumMonths)
    }
    guard let start, let months else { return nil }
    return Horizon(start: start, months: months)
  }

  mutating func readCalendar(_ node: JSONNode, _ path: String) -> CalendarSpec? {
    let keys = ["workdays", "open", "close", "holidays"]
    if case .string(let s) = node.kind {
      if s == "24x7" {
        openHoursPerDay = 24
        openMinuteOfDay = 0
        closeMinuteOfDay = 24 * 60
        openHoursText = "the calendar is 24x7"
        return .alwaysOpen
      }
      fail(
        node.offset, path, "", expected: "'24x7' or an object {workdays, open, close, holidays}",
        found: ScenarioText.quoted(s))
      return nil
    }
    let before = errors.count
    guard
      let f = object(
        node, path, keys: keys,
        requirement: "must be '24x7' or an object with keys 'workdays', 'open', 'close' and 'holidays'")
    else { return nil }

    var workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
    if let n = f["workdays"],
      let elements = array(n, f.path("workdays"), "must be an array of weekdays such as [\"mon\", \"tue\"]")
    {
      workdays = []
      if elements.isEmpty {
        fail(n.offset, f.path("workdays"), "must list at least one workday", found: "an empty array")
      }
      for (i, e) in elements.enumerated() {
        let p = f.path("workdays") + "[\(i)]"
        guard case .string(let s) = e.kind, let day = Weekday(rawValue: s) else {
          fail(e.offset, p, "", expected: "one of 'mon' … 'sun'", found: ScenarioDecoder.describe(e))
          continue
        }
        if workdays.contains(day) {
          fail(e.offset, p, "duplicate workday '\(s)'")
        }
        workdays.insert(day)
      }
    }

    var open: Int? = 9 * 60
    var close: Int? = 17 * 60
    if let n = f["open"] { open = time(n, f.path("open"), allowMidnightEnd: false) }
    if let n = f["close"] { close = time(n, f.path("close"), allowMidnightEnd: true) }
    if let o = open, let c = close, o >= c {
      if let n = f["close"] {
        fail(
          n.offset, f.path("close"), "must be later than open (\(ScenarioDecoder.clock(o)))",
          found: ScenarioDecoder.describe(n))
      } else if let n = f["open"] {
        fail(
          n.offset, f.path("open"), "must be earlier than close (17:00, the default)",
          found: ScenarioDecoder.describe(n))
      }
    }

    var holidays: [CivilDate] = []
    if let n = f["holidays"],
      let elements = array(n, f.path("holidays"), "must be an array of dates written YYYY-MM-DD")
    {
      // A set for the duplicate check: O(1) per holiday, so 300,000 holidays load in linear time.
      var seen: Set<CivilDate> = []
      seen.reserveCapacity(elements.count)
      for (i, e) in elements.enumerated() {
        let p = f.path("holidays") + "[\(i)]"
        guard let day = date(e, p) else { continue }
        if seen.insert(day).inserted {
          holidays.append(day)
        } else {
          fail(e.offset, p, "duplicate holiday \(day)")
        }
      }
    }

    guard errors.count == before, let open, let close else { return nil }
    openHoursPerDay = Double(close - open) / 60
    openMinuteOfDay = open
    closeMinuteOfDay = close
    openHoursText = "the calendar is open \(ScenarioDecoder.clock(open))–\(ScenarioDecoder.clock(close))"
    return .weekly(workdays: workdays, openMinute: open, closeMinute: close, holidays: holidays)
  }

  /// `HH:MM` for minutes after midnight.
  static func clock(_ minutes: Int) -> String {
    let h = minutes / 60
    let m = minutes % 60
    return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
  }

  mutating func readSimulation(_ node: JSONNode, _ path: String) -> SimulationSettings? {
    let before = errors.count
    guard let f = object(node, path, keys: ["trials", "seed", "warmUpMonths"]) else { return nil }
    var settings = SimulationSettings()
    if let n = f["trials"] {
      settings.trials = integer(
        n, f.path("trials"),
        "must be a whole number of trials from 1 to \(ScenarioText.grouped(ScenarioDecoder.maximumTrials))",
        in: 1...ScenarioDecoder.maximumTrials)
    }
    if let n = f["seed"] { settings.seed = seed(n, f.path("seed")) }
    if let n = f["warmUpMonths"],
      let months = integer(
        n, f.path("warmUpMonths"),
        "must be a whole number of months from 0 to \(ScenarioDecoder.maximumWarmUpMonths)",
        in: 0...ScenarioDecoder.maximumWarmUpMonths)
    {
      settings.warmUpMonths = months
    }
    return errors.count == before ? settings : nil
  }

  // MARK: Marketing

  mutating func readMarketing(_ node: JSONNode, _ path: String) -> Marketing? {
    let before = errors.count
    guard let f = object(node, path, keys: ["sources", "businessHoursShare", "goals"], required: ["sources"]) else {
      return nil
    }
    var sources: [LeadSource] = []
    if let n = f["sources"], let elements = array(n, f.path("sources"), "must be an array of lead sources") {
      if elements.isEmpty {
        fail(n.offset, f.path("sources"), "must list at least one lead source", found: "an empty array")
      }
      var names: [String: Int] = [:]
      for (i, e) in elements.enumerated() {
        if let source = readSource(e, f.path("sources") + "[\(i)]", index: i, names: &names) {
          sources.append(source)
        }
      }
    }
    var share: Double?
    if let n = f["businessHoursShare"] {
      share = number(
        n, f.path("businessHoursShare"), "must be a fixed share between 0 and 1", where: { $0 >= 0 && $0 <= 1 })
    }
    var goals = MarketingGoals()
    if let n = f["goals"],
      let g = object(n, f.path("goals"), keys: ["leadsPerMonth", "sqlsPerMonth", "leadValuePerMonth"])
    {
      if let n = g["leadsPerMonth"] {
        goals.leadsPerMonth = value(
          n, g.path("leadsPerMonth"),
          ValueSpec.nonNegative("number of leads per month", maximum: ScenarioDecoder.maximumCountGoal).goal)
      }
      if let n = g["sqlsPerMonth"] {
        goals.sqlsPerMonth = value(
          n, g.path("sqlsPerMonth"),
          ValueSpec.nonNegative("number of SQLs per month", maximum: ScenarioDecoder.maximumCountGoal).goal)
      }
      if let n = g["leadValuePerMonth"] {
        goals.leadValuePerMonth = value(
          n, g.path("leadValuePerMonth"),
          ValueSpec.nonNegative("lead value per month (currency units)", maximum: ScenarioDecoder.maximumMoney).goal)
      }
    }
    guard errors.count == before else { return nil }
    return Marketing(sources: sources, businessHoursShare: share, goals: goals)
  }

  private mutating func readSource(
    _ node: JSONNode, _ path: String, index: Int, names: inout [String: Int]
  ) -> LeadSource? {
    let before = errors.count
    guard
      let f = object(
        node, path, keys: ["name", "leadsPerMonth", "valuePerLead", "qualifyRate", "goals"],
        required: ["name", "leadsPerMonth"])
    else { return nil }
    var name: String?
    if let n = f["name"], let s = nonEmptyString(n, f.path("name")) {
      if let other = names[s] {
        fail(
          n.offset, f.path("name"),
          "source names must be unique; sources[\(other)] is also named \(ScenarioText.quoted(s))")
      } else {
        names[s] = index
      }
      name = s
    }
    var leads: Value?
    if let n = f["leadsPerMonth"] {
      leads = value(
        n, f.path("leadsPerMonth"),
        ValueSpec.nonNegative("number of leads per month", maximum: ScenarioDecoder.maximumLeadsPerMonth).trend)
    }
    var valuePerLead = Value.fixed(0)
    if let n = f["valuePerLead"],
      let v = value(
        n, f.path("valuePerLead"),
        ValueSpec.nonNegative("value per lead (currency units)", maximum: ScenarioDecoder.maximumMoney).trend)
    {
      valuePerLead = v
    }
    var qualifyRate = Value.fixed(1)
    if let n = f["qualifyRate"], let v = value(n, f.path("qualifyRate"), ValueSpec.unitInterval("a rate").trend) {
      qualifyRate = v
    }
    var leadsGoal: Value?
    if let n = f["goals"], let g = object(n, f.path("goals"), keys: ["leadsPerMonth"]) {
      if let n = g["leadsPerMonth"] {
        leadsGoal = value(
          n, g.path("leadsPerMonth"),
          ValueSpec.nonNegative("number of leads per month", maximum: ScenarioDecoder.maximumCountGoal).goal)
      }
    }
    guard errors.count == before, let name, let leads else { return nil }
    return LeadSource(
      name: name, leadsPerMonth: leads, valuePerLead: valuePerLead, qualifyRate: qualifyRate,
      leadsGoalPerMonth: leadsGoal)
  }

  // MARK: Sales

  static let salesKeys = [
    "reps", "hoursPerDay", "workWindows", "hires", "followUp", "opportunityRate", "closeRate", "dealSize", "cycleDays",
    "openPipeline",
    "otherRevenuePerMonth", "goals",
  ]

  mutating func readSales(_ node: JSONNode, _ path: String) -> Sales? {
    let before = errors.count
    guard
      let f = object(
        node, path, keys: ScenarioDecoder.salesKeys,
        required: ["reps", "followUp", "closeRate", "dealSize", "cycleDays"])
    else { return nil }
    let reps = f["reps"].flatMap { repCount($0, f.path("reps")) }
    let (hours, windows) = staffHours(f, path)
    var hires: [Hire] = []
    if let n = f["hires"], let read = readHires(n, f.path("hires"), reps: reps) { hires = read }
    var followUp: FollowUp?
    if let n = f["followUp"] { followUp = readFollowUp(n, f.path("followUp")) }
    var opportunityRate = OpportunityRate()
    if let n = f["opportunityRate"], let rate = readOpportunityRate(n, f.path("opportunityRate")) {
      opportunityRate = rate
    }
    var closeRate: Value?
    if let n = f["closeRate"] { closeRate = value(n, f.path("closeRate"), ValueSpec.unitInterval("a rate").trend) }
    var dealSize: Value?
    if let n = f["dealSize"] {
      dealSize = value(
        n, f.path("dealSize"),
        ValueSpec.nonNegative("deal size (currency units)", maximum: ScenarioDecoder.maximumMoney).trend)
    }
    var cycleDays: Value?
    if let n = f["cycleDays"] {
      cycleDays = value(
        n, f.path("cycleDays"),
        ValueSpec.nonNegative("number of calendar days", maximum: ScenarioDecoder.maximumDays).trend)
    }
    var openPipeline: OpenPipeline?
    if let n = f["openPipeline"] { openPipeline = readOpenPipeline(n, f.path("openPipeline")) }
    var otherRevenue = Value.fixed(0)
    if let n = f["otherRevenuePerMonth"],
      let v = value(
        n, f.path("otherRevenuePerMonth"),
        ValueSpec.nonNegative("revenue per month (currency units)", maximum: ScenarioDecoder.maximumMoney).trend)
    {
      otherRevenue = v
    }
    var goals = SalesGoals()
    if let n = f["goals"],
      let g = object(n, f.path("goals"), keys: ["revenuePerMonth", "firstTouch", "attemptsOnUnconnected"])
    {
      if let n = g["revenuePerMonth"] {
        goals.revenuePerMonth = value(
          n, g.path("revenuePerMonth"),
          ValueSpec.nonNegative("revenue per month (currency units)", maximum: ScenarioDecoder.maximumMoney).goal)
      }
      if let n = g["firstTouch"] { goals.firstTouch = readShareGoal(n, g.path("firstTouch")) }
      if let n = g["attemptsOnUnconnected"] {
        goals.attemptsOnUnconnected = number(
          n, g.path("attemptsOnUnconnected"),
          "must be a fixed number of attempts from 0 to \(ScenarioDecoder.maximumAttempts)",
          where: { $0 >= 0 && $0 <= Double(ScenarioDecoder.maximumAttempts) })
      }
    }
    guard errors.count == before, let reps, let hours, let followUp, let closeRate, let dealSize, let cycleDays else {
      return nil
    }
    var sales = Sales(
      reps: reps, hoursPerDay: hours, followUp: followUp, opportunityRate: opportunityRate, closeRate: closeRate,
      dealSize: dealSize, cycleDays: cycleDays, openPipeline: openPipeline, otherRevenuePerMonth: otherRevenue,
      goals: goals)
    sales.workWindows = windows
    sales.hires = hires
    return sales
  }

  /// A whole number of reps, 1 to ``maximumStaff`` (`sales.reps`, a hire's `reps`).
  private mutating func repCount(_ node: JSONNode, _ path: String) -> Int? {
    integer(
      node, path, "must be a whole number of reps from 1 to \(ScenarioText.grouped(ScenarioDecoder.maximumStaff))",
      in: 1...ScenarioDecoder.maximumStaff)
  }

  /// `[{from, reps, rampMonths}, …]`: reps who join on `from` (any day; their first month is
  /// the calendar month containing it) and ramp up over `rampMonths`; `reps` and every hire
  /// together stay within ``maximumStaff`` (the engine sizes one server per rep).
  private mutating func readHires(_ node: JSONNode, _ path: String, reps: Int?) -> [Hire]? {
    guard let elements = array(node, path, "must be an array of hires {from, reps, rampMonths}") else { return nil }
    let before = errors.count
    var hires: [Hire] = []
    for (i, e) in elements.enumerated() {
      guard let f = object(e, path + "[\(i)]", keys: ["from", "reps", "rampMonths"], required: ["from", "reps"])
      else { continue }
      var from: CivilDate?
      if let n = f["from"] { from = date(n, f.path("from")) }
      let count = f["reps"].flatMap { repCount($0, f.path("reps")) }
      var ramp: Int? = 0
      if let n = f["rampMonths"] {
        ramp = integer(
          n, f.path("rampMonths"), "must be a whole number of months from 0 to \(ScenarioDecoder.maximumRampMonths)",
          in: 0...ScenarioDecoder.maximumRampMonths)
      }
      if let from, let count, let ramp { hires.append(Hire(from: from, reps: count, rampMonths: ramp)) }
    }
    guard errors.count == before else { return nil }
    if let reps {
      let total = hires.reduce(reps) { $0 + $1.reps }
      if total > ScenarioDecoder.maximumStaff {
        fail(
          node.offset, path,
          "must keep reps and hires together at most \(ScenarioText.grouped(ScenarioDecoder.maximumStaff)) reps",
          found: "\(ScenarioText.grouped(total)) reps")
        return nil
      }
    }
    return hires
  }

  /// `hoursPerDay` and `workWindows` of a staff section: at least one of them; with both, the
  /// hours must be the windows' total.
  private mutating func staffHours(_ f: Fields, _ path: String) -> (Double?, [WorkWindow]) {
    var hours: Double?
    if let n = f["hoursPerDay"] { hours = hoursPerDay(n, f.path("hoursPerDay")) }
    guard let n = f["workWindows"] else {
      if f["hoursPerDay"] == nil { fail(f.node.offset, path, "missing required key 'hoursPerDay' (or 'workWindows')") }
      return (hours, [])
    }
    guard let windows = workWindows(n, f.path("workWindows")) else { return (nil, []) }
    let total = Double(windows.reduce(0) { $0 + $1.endMinute - $1.startMinute }) / 60
    if let given = hours, given != total, let h = f["hoursPerDay"] {
      fail(
        h.offset, f.path("hoursPerDay"),
        "must equal the work windows' total of \(ScenarioText.number(total)) hours (or be left out)",
        found: ScenarioDecoder.describe(h))
      return (nil, [])
    }
    return (total, windows)
  }

  /// `["HH:MM-HH:MM", …]`: increasing, non-overlapping windows inside the calendar's open hours.
  private mutating func workWindows(_ node: JSONNode, _ path: String) -> [WorkWindow]? {
    let shape = "must be a non-empty array of windows written \"HH:MM-HH:MM\", such as [\"09:00-13:00\"]"
    guard let elements = array(node, path, shape) else { return nil }
    if elements.isEmpty {
      fail(node.offset, path, shape, found: "an empty array")
      return nil
    }
    let before = errors.count
    var windows: [WorkWindow] = []
    let open = ScenarioDecoder.clock(openMinuteOfDay)
    let close = ScenarioDecoder.clock(closeMinuteOfDay)
    for (i, e) in elements.enumerated() {
      let p = path + "[\(i)]"
      guard case .string(let text) = e.kind else {
        fail(e.offset, p, "must be a window written \"HH:MM-HH:MM\"", found: ScenarioDecoder.describe(e))
        continue
      }
      let parts = text.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 2,
        let start = time(JSONNode(kind: .string(String(parts[0])), offset: e.offset), p, allowMidnightEnd: false),
        let end = time(JSONNode(kind: .string(String(parts[1])), offset: e.offset), p, allowMidnightEnd: true)
      else {
        if parts.count != 2 { fail(e.offset, p, "must be a window written \"HH:MM-HH:MM\"", found: ScenarioText.quoted(text)) }
        continue
      }
      guard start < end else {
        fail(e.offset, p, "must end after it starts", found: ScenarioText.quoted(text))
        continue
      }
      guard start >= openMinuteOfDay, end <= closeMinuteOfDay else {
        fail(
          e.offset, p, "must lie inside the calendar's open hours, \(open)–\(close)", found: ScenarioText.quoted(text))
        continue
      }
      if let last = windows.last, start < last.endMinute {
        fail(
          e.offset, p,
          "must start at or after the previous window's end (\(ScenarioDecoder.clock(last.endMinute)))",
          found: ScenarioText.quoted(text))
        continue
      }
      windows.append(WorkWindow(startMinute: start, endMinute: end))
    }
    return errors.count == before ? windows : nil
  }

  /// Hours per business day on this work: above 0, at most the calendar's open hours.
  private mutating func hoursPerDay(_ node: JSONNode, _ path: String) -> Double? {
    let limit = openHoursPerDay ?? 24
    let why = openHoursText.map { " (\($0))" } ?? ""
    return number(
      node, path,
      "must be a fixed number of hours per business day from 0.016667 (one minute) to "
        + "\(ScenarioText.number(limit))\(why)",
      where: { $0 >= ScenarioDecoder.minimumHoursPerDay && $0 <= limit })
  }

  private mutating func readFollowUp(_ node: JSONNode, _ path: String) -> FollowUp? {
    let required = ["maxAttempts", "minutesPerAttempt", "retryAfterHours", "connectRate"]
    guard let f = object(node, path, keys: required + ["giveUpAfterDays"], required: required) else { return nil }
    var maxAttempts: Int?
    if let n = f["maxAttempts"] {
      maxAttempts = integer(
        n, f.path("maxAttempts"), "must be a whole number of attempts from 1 to \(ScenarioDecoder.maximumAttempts)",
        in: 1...ScenarioDecoder.maximumAttempts)
    }
    var minutes: Double?
    if let n = f["minutesPerAttempt"] {
      minutes = number(
        n, f.path("minutesPerAttempt"),
        "must be a fixed number of minutes per attempt from 0 to \(ScenarioText.limit(ScenarioDecoder.maximumWorkMinutes)) (a week)",
        where: { $0 >= 0 && $0 <= ScenarioDecoder.maximumWorkMinutes })
    }
    var retry: Double?
    if let n = f["retryAfterHours"] {
      retry = number(
        n, f.path("retryAfterHours"),
        "must be a fixed number of business hours from 0 to \(ScenarioText.limit(ScenarioDecoder.maximumBusinessHours)) (a year)",
        where: { $0 >= 0 && $0 <= ScenarioDecoder.maximumBusinessHours })
    }
    var connect: Value?
    if let n = f["connectRate"] { connect = value(n, f.path("connectRate"), ValueSpec.unitInterval("a rate").trend) }
    var giveUp: Double? = FollowUp.defaultGiveUpAfterDays
    if let n = f["giveUpAfterDays"] {
      let limit = ScenarioDecoder.maximumGiveUpDays
      giveUp = number(
        n, f.path("giveUpAfterDays"),
        "must be a fixed number of business days above 0 and at most \(ScenarioText.grouped(Int(limit)))",
        where: { $0 > 0 && $0 <= limit })
    }
    guard let maxAttempts, let minutes, let retry, let connect, let giveUp else { return nil }
    return FollowUp(
      maxAttempts: maxAttempts, minutesPerAttempt: minutes, retryAfterHours: retry, connectRate: connect,
      giveUpAfterDays: giveUp)
  }

  /// `{"fast": rate, "slow": rate, "fastWithinMinutes": minutes}`, or one rate for every lead.
  private mutating func readOpportunityRate(_ node: JSONNode, _ path: String) -> OpportunityRate? {
    let keys = ["fast", "slow", "fastWithinMinutes"]
    guard case .object(let members) = node.kind, members.contains(where: { keys.contains($0.key) }) else {
      return value(node, path, .unitInterval("a rate")).map { OpportunityRate($0) }
    }
    guard let f = object(node, path, keys: keys, required: keys) else { return nil }
    var fast: Value?
    if let n = f["fast"] { fast = value(n, f.path("fast"), .unitInterval("a rate")) }
    var slow: Value?
    if let n = f["slow"] { slow = value(n, f.path("slow"), .unitInterval("a rate")) }
    var within: Double?
    if let n = f["fastWithinMinutes"] {
      within = number(
        n, f.path("fastWithinMinutes"),
        "must be a fixed number of business minutes from 0 to "
          + "\(ScenarioText.limit(ScenarioDecoder.maximumFastWithinMinutes)) (a year)",
        where: { $0 >= 0 && $0 <= ScenarioDecoder.maximumFastWithinMinutes })
    }
    guard let fast, let slow, let within else { return nil }
    return OpportunityRate(fast: fast, slow: slow, fastWithinMinutes: within)
  }

  private mutating func readOpenPipeline(_ node: JSONNode, _ path: String) -> OpenPipeline? {
    let keys = ["opportunities", "remainingDays"]
    guard let f = object(node, path, keys: keys, required: keys) else { return nil }
    var count: Int?
    if let n = f["opportunities"] {
      count = integer(
        n, f.path("opportunities"),
        "must be a whole number of opportunities from 0 to \(ScenarioText.grouped(ScenarioDecoder.maximumOpenOpportunities))",
        in: 0...ScenarioDecoder.maximumOpenOpportunities)
    }
    var remaining: Value?
    if let n = f["remainingDays"] {
      remaining = value(
        n, f.path("remainingDays"), .nonNegative("number of calendar days", maximum: ScenarioDecoder.maximumDays))
    }
    guard let count, let remaining else { return nil }
    return OpenPipeline(opportunities: count, remainingDays: remaining)
  }

  /// `{"withinHours": hours, "share": share}`.
  private mutating func readShareGoal(_ node: JSONNode, _ path: String) -> ShareGoal? {
    let keys = ["withinHours", "share"]
    guard let f = object(node, path, keys: keys, required: keys) else { return nil }
    var within: Double?
    if let n = f["withinHours"] {
      within = number(
        n, f.path("withinHours"),
        "must be a fixed positive number of business hours, at most "
          + "\(ScenarioText.limit(ScenarioDecoder.maximumBusinessHours)) (a year)",
        where: { $0 > 0 && $0 <= ScenarioDecoder.maximumBusinessHours })
    }
    var share: Value?
    if let n = f["share"] { share = value(n, f.path("share"), ValueSpec.unitInterval("a share").goal) }
    guard let within, let share else { return nil }
    return ShareGoal(withinHours: within, share: share)
  }

  // MARK: Service

  static let serviceKeys = [
    "existingCustomers", "agents", "hoursPerDay", "workWindows", "ticketsPerCustomerPerMonth", "handleMinutes",
    "patienceMinutes", "monthlyChurn", "goals",
  ]

  mutating func readService(_ node: JSONNode, _ path: String) -> Service? {
    let before = errors.count
    guard
      let f = object(
        node, path, keys: ScenarioDecoder.serviceKeys,
        required: ["existingCustomers", "agents", "ticketsPerCustomerPerMonth", "handleMinutes"])
    else { return nil }
    var customers: Int?
    if let n = f["existingCustomers"] {
      customers = integer(
        n, f.path("existingCustomers"),
        "must be a whole number of customers from 0 to \(ScenarioText.grouped(ScenarioDecoder.maximumCustomers))",
        in: 0...ScenarioDecoder.maximumCustomers)
    }
    var agents: Int?
    if let n = f["agents"] {
      agents = integer(
        n, f.path("agents"),
        "must be a whole number of agents from 1 to \(ScenarioText.grouped(ScenarioDecoder.maximumStaff))",
        in: 1...ScenarioDecoder.maximumStaff)
    }
    let (hours, windows) = staffHours(f, path)
    var tickets: Value?
    if let n = f["ticketsPerCustomerPerMonth"] {
      tickets = value(
        n, f.path("ticketsPerCustomerPerMonth"),
        ValueSpec.nonNegative(
          "number of tickets per customer per month", maximum: ScenarioDecoder.maximumTicketsPerCustomer
        ).trend)
    }
    var handle: Value?
    if let n = f["handleMinutes"] {
      handle = value(
        n, f.path("handleMinutes"),
        ValueSpec.nonNegative("number of minutes per ticket", maximum: ScenarioDecoder.maximumWorkMinutes).trend)
    }
    var patience: Value?
    if let n = f["patienceMinutes"] {
      patience = value(
        n, f.path("patienceMinutes"),
        ValueSpec.nonNegative(
          "number of business minutes a ticket waits", maximum: ScenarioDecoder.maximumPatienceMinutes
        ).trend)
    }
    var churn = Value.fixed(0)
    if let n = f["monthlyChurn"], let v = value(n, f.path("monthlyChurn"), ValueSpec.unitInterval("a rate").trend) {
      churn = v
    }
    var goals = ServiceGoals()
    if let n = f["goals"], let g = object(n, f.path("goals"), keys: ["firstResponse", "retention"]) {
      if let n = g["firstResponse"] { goals.firstResponse = readShareGoal(n, g.path("firstResponse")) }
      if let n = g["retention"] {
        goals.retention = value(n, g.path("retention"), ValueSpec.unitInterval("a share").goal)
      }
    }
    guard errors.count == before, let customers, let agents, let hours, let tickets, let handle else { return nil }
    var service = Service(
      existingCustomers: customers, agents: agents, hoursPerDay: hours, ticketsPerCustomerPerMonth: tickets,
      handleMinutes: handle, patienceMinutes: patience, monthlyChurn: churn, goals: goals)
    service.workWindows = windows
    return service
  }

  // MARK: Escalation

  mutating func readEscalation(_ node: JSONNode, _ path: String) -> Escalation? {
    let before = errors.count
    guard let f = object(node, path, keys: ["afterMonthsMissed", "cancelAfterMonthsMissed"]) else { return nil }
    var escalation = Escalation()
    let requirement = "must be a whole number of months from 1 to \(ScenarioDecoder.maximumMonths)"
    if let n = f["afterMonthsMissed"],
      let elements = array(n, f.path("afterMonthsMissed"), "must be an array of whole numbers of months, increasing")
    {
      var rungs: [Int] = []
      for (i, e) in elements.enumerated() {
        let p = f.path("afterMonthsMissed") + "[\(i)]"
        guard let months = integer(e, p, requirement, in: 1...ScenarioDecoder.maximumMonths) else { continue }
        if let last = rungs.last, months <= last {
          fail(e.offset, p, "must be greater than the rung before it (\(last))", found: ScenarioDecoder.describe(e))
          continue
        }
        rungs.append(months)
      }
      escalation.afterMonthsMissed = rungs
    }
    if let n = f["cancelAfterMonthsMissed"],
      let months = integer(n, f.path("cancelAfterMonthsMissed"), requirement, in: 1...ScenarioDecoder.maximumMonths)
    {
      escalation.cancelAfterMonthsMissed = months
    }
    return errors.count == before ? escalation : nil
  }
}
