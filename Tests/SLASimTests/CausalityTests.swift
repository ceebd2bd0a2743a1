import Testing

@testable import SLASim

/// Nothing happens before the event that causes it, over seeded random scenarios: a lead is
/// attempted after it arrives, connects after its attempt starts, resolves after it connects;
/// a customer is won inside the horizon, in the month its deal is counted, and raises tickets
/// only after it is won; no ticket is answered before it arrives (issue 6, item 1c).
@Suite struct CausalityTests {
  /// A random, valid scenario: calendars with odd hours, holidays and few workdays; zero-minute
  /// attempts and zero retry gaps; step schedules on rates, volumes and sizes, some stepping on
  /// a month's first day and some mid-month; cycles of zero days; warm-ups.
  static func randomScenario(_ g: inout TestGenerator) -> Scenario {
    let start = CivilDate(daysSinceEpoch: 0).firstOfMonth(adding: (2026 - 1970) * 12 + g.below(24))
    let months = 1 + g.below(4)
    func day(_ offset: Int) -> CivilDate { CivilDate(daysSinceEpoch: start.daysSinceEpoch + offset) }
    let horizonDays = start.firstOfMonth(adding: months).daysSinceEpoch - start.daysSinceEpoch
    let calendar: CalendarSpec
    var openHours = 24.0
    switch g.below(3) {
    case 0: calendar = .alwaysOpen
    case 1: calendar = .standard; openHours = 8
    default:
      var days = Set<Weekday>()
      for w in Weekday.allCases where g.unit() < 0.6 { days.insert(w) }
      if days.isEmpty { days.insert(.wednesday) }
      let open = 30 * g.below(30)
      let close = open + 30 * (1 + g.below((1440 - open) / 30))
      var holidays: [CivilDate] = []
      for _ in 0..<g.below(5) {
        let h = day(g.below(horizonDays))
        if !holidays.contains(h) { holidays.append(h) }
      }
      calendar = .weekly(workdays: days, openMinute: open, closeMinute: close, holidays: holidays.sorted())
      openHours = Double(close - open) / 60
    }
    /// A rate: fixed, a beta, or a step schedule (from a month's first day or mid-month).
    func rate() -> Value {
      switch g.below(3) {
      case 0: return .fixed([0, 1, g.unit()][g.below(3)])
      case 1: return .distribution(.beta(alpha: 1 + 5 * g.unit(), beta: 1 + 5 * g.unit()))
      default:
        var points = [SchedulePoint(from: start, value: .fixed(g.unit()))]
        var offset = 0
        for _ in 0..<(1 + g.below(3)) {
          offset += 1 + g.below(horizonDays)
          points.append(SchedulePoint(from: day(offset), value: .fixed(g.unit())))
        }
        return .schedule(Schedule(points: points, interpolation: g.below(2) == 0 ? .step : .linear))
      }
    }
    func nonNegative(scale: Double) -> Value {
      switch g.below(4) {
      case 0: return .fixed(0)
      case 1: return .fixed(scale * g.unit())
      case 2: return .distribution(.exponential(mean: scale * (0.1 + g.unit())))
      default:
        return .schedule(
          Schedule(points: [
            SchedulePoint(from: start, value: .fixed(scale * g.unit())),
            SchedulePoint(from: day(1 + g.below(horizonDays)), value: .exponential(mean: scale)),
          ]))
      }
    }
    var sources: [LeadSource] = []
    for k in 0..<(1 + g.below(3)) {
      sources.append(
        LeadSource(
          name: "s\(k)", leadsPerMonth: g.below(5) == 0 ? .fixed(0) : nonNegative(scale: 120),
          valuePerLead: nonNegative(scale: 100), qualifyRate: rate()))
    }
    let sales = Sales(
      reps: 1 + g.below(4), hoursPerDay: openHours * (0.05 + 0.95 * g.unit()),
      followUp: FollowUp(
        maxAttempts: 1 + g.below(6), minutesPerAttempt: g.below(3) == 0 ? 0 : 60 * g.unit(),
        retryAfterHours: g.below(4) == 0 ? 0 : 10 * g.unit(), connectRate: rate()),
      opportunityRate: OpportunityRate(fast: rate(), slow: rate(), fastWithinMinutes: 120 * g.unit()),
      closeRate: rate(), dealSize: nonNegative(scale: 1000), cycleDays: nonNegative(scale: 30),
      openPipeline: g.below(2) == 0
        ? nil : OpenPipeline(opportunities: g.below(30), remainingDays: nonNegative(scale: 60)),
      goals: SalesGoals(revenuePerMonth: .fixed(1000)))
    var service = Service(
      existingCustomers: g.below(40), agents: 1 + g.below(3), hoursPerDay: openHours * (0.05 + 0.95 * g.unit()),
      ticketsPerCustomerPerMonth: nonNegative(scale: 3), handleMinutes: nonNegative(scale: 40), monthlyChurn: rate())
    let marketing = Marketing(sources: sources, businessHoursShare: g.below(2) == 0 ? nil : g.unit())
    // A third of the scenarios warm up for a month or two first.
    let warmUp = g.below(3) == 0 ? 1 + g.below(2) : 0
    // A third of the desks lose impatient tickets (drawn last, so the rest of each scenario is
    // the one it was before patience existed).
    if g.below(3) == 0 { service.patienceMinutes = nonNegative(scale: 60) }
    return Scenario(
      name: "random", horizon: Horizon(start: start, months: months), calendar: calendar,
      simulation: SimulationSettings(warmUpMonths: warmUp), marketing: marketing, sales: sales, service: service)
  }

  @Test(arguments: 0..<120 as Range<UInt64>)
  func nothingHappensBeforeItsCause(seed: UInt64) { Self.checkCausality(seed: seed) }

  /// The same over 5,000 more scenarios (`SLASIM_LONG_TESTS=1`, about a minute).
  @Test(.enabled(if: longTests), arguments: 120..<5120 as Range<UInt64>)
  func nothingHappensBeforeItsCauseLong(seed: UInt64) { Self.checkCausality(seed: seed) }

  static func checkCausality(seed: UInt64) {
    var g = TestGenerator(seed: seed)
    let scenario = Self.randomScenario(&g)
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    scratch.isTracing = true
    var rng = Xoshiro256StarStar(seed: seed)
    // The same trials untraced: tracing takes the queues' general loops (``FullQueue``), an
    // untraced plain scenario the specialised ones, and both must give the same figures.
    var plain = TrialScratch(model: model)
    var plainRNG = Xoshiro256StarStar(seed: seed)
    let m = model.months
    for _ in 0..<5 {
      model.simulateTrial(&scratch, using: &rng)
      model.simulateTrial(&plain, using: &plainRNG)
      if Array(UnsafeBufferPointer(start: plain.figures.base, count: plain.figures.count))
        != Array(UnsafeBufferPointer(start: scratch.figures.base, count: scratch.figures.count))
      {
        Issue.record("seed \(seed): tracing changed the figures")
      }
      if plain.agentBusyMinutes != scratch.agentBusyMinutes || plain.serviceBacklog != scratch.serviceBacklog
        || plain.repBusyMinutes != scratch.repBusyMinutes || plain.salesBacklog != scratch.salesBacklog
      {
        Issue.record("seed \(seed): tracing changed the capacity figures")
      }
      var arrivalWall: [Int32: Double] = [:]
      var arrivalBusiness: [Int32: Double] = [:]
      var lastStart: [Int32: Double] = [:]
      var connected: [Int32: Double] = [:]
      var wonAt: [Int32: Double] = [:]
      var dealsByMonth = [Double](repeating: 0, count: m)
      var failures = 0
      func check(_ ok: Bool, _ what: @autoclosure () -> String) {
        guard !ok else { return }
        failures += 1
        if failures <= 5 { Issue.record("seed \(seed): \(what())") }
      }
      for i in 0..<scratch.trace.count {
        let e = scratch.trace[i]
        switch e.kind {
        case .sqlArrival:
          check(e.wall >= 0 && e.wall < model.horizonEndWall, "SQL \(e.entity) arrives at \(e.wall), outside the horizon")
          arrivalWall[e.entity] = e.wall
          arrivalBusiness[e.entity] = e.business
        case .attemptStart:
          guard let arrived = arrivalWall[e.entity], let business = arrivalBusiness[e.entity] else {
            check(false, "lead \(e.entity) attempted before it arrived")
            continue
          }
          check(e.wall >= arrived, "lead \(e.entity) attempted at \(e.wall), before its arrival at \(arrived)")
          check(e.business >= business, "lead \(e.entity) attempted at business \(e.business) < \(business)")
          check(e.business >= lastStart[e.entity] ?? 0, "lead \(e.entity)'s attempts out of order")
          lastStart[e.entity] = e.business
        case .connection:
          let arrived = arrivalWall[e.entity] ?? .infinity
          check(e.wall >= arrived, "lead \(e.entity) connected at \(e.wall), before its arrival at \(arrived)")
          connected[e.entity] = e.wall
        case .opportunityResolves:
          let at = connected[e.entity] ?? .infinity
          check(e.wall >= at, "lead \(e.entity)'s opportunity resolves at \(e.wall), before it connected at \(at)")
        case .customerWon:
          // Not in a warm-up month: `existingCustomers` is the base on the horizon's first day.
          check(
            e.wall >= model.horizonStartWall && e.wall < model.horizonEndWall,
            "customer \(e.entity) won at \(e.wall), outside the horizon")
          wonAt[e.entity] = e.wall
          let w = model.warmUpMonths
          var month = w
          while month + 1 < w + m && model.monthStartWall[month + 1] <= e.wall { month += 1 }
          dealsByMonth[month - w] += 1
        case .customerTicket:
          let at = wonAt[e.entity] ?? .infinity
          check(e.wall >= at, "customer \(e.entity) raised a ticket at \(e.wall), before it was won at \(at)")
        case .ticketAnswered:
          check(e.business >= 0, "a ticket answered \(-e.business) business minutes before it arrived")
        case .ticketAbandoned:
          check(e.business >= 0, "a ticket abandoned after a patience of \(e.business) business minutes")
        }
      }
      for month in 0..<m {
        check(
          scratch.figures[Figure.deals.rawValue * m + month] == dealsByMonth[month],
          "month \(month): \(scratch.figures[Figure.deals.rawValue * m + month]) deals counted, "
            + "\(dealsByMonth[month]) won in it")
      }
    }
  }
}
