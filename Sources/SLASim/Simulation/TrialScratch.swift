import RealModule

/// The monthly figures one trial produces, stored as `figure × months + month` (the
/// horizon's months; while a trial runs, every simulated month's, warm-up included).

enum Figure: Int, CaseIterable {
  case leads, sqls, leadValue
  case firstTouched, firstTouchedWithin, unconnected, unconnectedAttempts, deals, revenue
  case tickets, ticketsWithin, wonCumulative, wonActive
  /// SQLs given up before `maxAttempts` without connecting (by arrival month).
  case abandoned
  /// Tickets abandoned before an answer (``Service/patienceMinutes``; by arrival month).
  /// They count in `tickets` and not in `ticketsWithin`.
  case ticketsAbandoned
}

/// One event of a traced trial (tests only: see ``TrialScratch/isTracing``).

struct TraceEvent: BitwiseCopyable, Equatable {
  enum Kind: UInt8, BitwiseCopyable {
    /// An SQL arrives (`entity` the lead, `business` its business minute).
    case sqlArrival
    /// An attempt starts (`entity` the lead).
    case attemptStart
    /// An attempt connects; `wall` is when it ends.
    case connection
    /// An opportunity from lead `entity` resolves at `wall` (won or not; inside the horizon or not).
    case opportunityResolves
    /// Customer `entity` (an index into the customers won) is won at `wall`.
    case customerWon
    /// Customer `entity`, won this month, raises a ticket at `wall`.
    case customerTicket
    /// A ticket that arrived at `wall` is answered after `business` business minutes.
    case ticketAnswered
    /// A ticket that arrived at `wall` is abandoned after `business` business minutes (its
    /// patience), before an agent would have answered it.
    case ticketAbandoned
  }
  var kind: Kind
  var entity: Int32
  var wall: Double
  var business: Double
}

/// Daily work windows in business time, read through plain pointers in the queues.
///
/// Business days are consecutive runs of `dayLength` business minutes (a calendar's open
/// minutes per business day), so a window is an offset range within each run.
struct WindowTable {
  var starts: UnsafeMutablePointer<Double>
  var ends: UnsafeMutablePointer<Double>
  var count: Int
  var dayLength: Double

  /// The earliest business minute at or after `t` inside a window: `t` itself inside one (a
  /// window's end belongs to the next window, or the next day's first).
  @inline(__always)
  func nextStart(atOrAfter t: Double) -> Double {
    // Only the test is inlined into the queues' loops: without windows they pay one compare.
    count == 0 ? t : nextStartInWindows(atOrAfter: t)
  }

  @inline(never)
  func nextStartInWindows(atOrAfter t: Double) -> Double {
    guard t < .infinity else { return t }
    var day = (t / dayLength).rounded(.down)
    var r = t - day * dayLength
    if r < 0 {
      day -= 1
      r += dayLength
    } else if r >= dayLength {
      day += 1
      r -= dayLength
    }
    for i in 0..<count where r < ends[i] {
      return r >= starts[i] ? t : day * dayLength + starts[i]
    }
    return (day + 1) * dayLength + starts[0]
  }
}

/// Everything a trial writes, reused by every trial of a block so that a trial allocates nothing.
///
/// Buffers grow to the largest trial seen and stay there. The model's small read-only
/// tables are copied in once per block so the kernel reads them through plain pointers
/// (no bounds checks, no reference counting).

struct TrialScratch: ~Copyable {
  // Copies of the model's tables.
  var points: ScratchBuffer<CompiledPoint>
  var pool: ScratchBuffer<Double>
  var monthStartWall: ScratchBuffer<Double>
  var monthStartBusiness: ScratchBuffer<Double>
  var monthStartClosed: ScratchBuffer<Double>
  var businessShare: ScratchBuffer<Double>
  var dayStartBusiness: ScratchBuffer<Double>
  var salesWindowStarts: ScratchBuffer<Double>
  var salesWindowEnds: ScratchBuffer<Double>
  var serviceWindowStarts: ScratchBuffer<Double>
  var serviceWindowEnds: ScratchBuffer<Double>

  // Per-trial state.
  var figures: ScratchBuffer<Double>
  var rateDraws: ScratchBuffer<Double>
  /// Each trend draw's coefficients (``CompiledTrendDraw/coefficientOffset``).
  var trendCoefficients: ScratchBuffer<Double>
  /// Each trend draw's monthly values, `draw × months + month`.
  var trendValues: ScratchBuffer<Double>
  /// The copula's normal scores and values, `member × simulatedMonths + month` (``CompiledCopula``).
  var copulaScores: ScratchBuffer<Double>
  var copulaValues: ScratchBuffer<Double>
  var sourceLambda: ScratchBuffer<Double>
  var openArrivals: ScratchBuffer<Double>
  var closedArrivals: ScratchBuffer<Double>
  var closedArrivalsWall: ScratchBuffer<Double>
  /// Leads that arrived on each simulated day (wall clock), for the report's waterfall.
  var dailyLeads: ScratchBuffer<Double>
  var sqlArrival: ScratchBuffer<Double>
  var sqlMonth: ScratchBuffer<Int32>
  /// Each SQL's own random stream (a ``SplitMix64`` state, ``TrialStreams``), carried from its
  /// arrival through its attempts to its deal.
  var sqlStream: ScratchBuffer<UInt64>
  var sqlFirstTouch: ScratchBuffer<Double>
  var sqlAttempts: ScratchBuffer<Int32>
  var retryLead: ScratchBuffer<Int32>
  var retryReady: ScratchBuffer<Double>
  var repFree: ScratchBuffer<Double>
  /// With hires (``CompiledHires``): each server's hire group (−1 for the `reps`), a min-heap
  /// of servers by (free time, index), the retries' insertion order (the retry heap's tie
  /// break), and the hires' speeds and full-speed times.
  var serverGroup: ScratchBuffer<Int32>
  var serverHeap: ScratchBuffer<Int32>
  var retrySeq: ScratchBuffer<Int>
  var hireFactors: ScratchBuffer<Double>
  var hireFullFrom: ScratchBuffer<Double>
  var customerWall: ScratchBuffer<Double>
  var customerMonth: ScratchBuffer<Int32>
  /// Wall minutes of the tickets of customers won this month.
  var newCustomerTickets: ScratchBuffer<Double>
  var agentFree: ScratchBuffer<Double>
  /// The current month's pieces of constant ticket rate: where each ends, and its rate per
  /// customer per minute.
  var ticketPieceEnd: ScratchBuffer<Double>
  var ticketPieceRate: ScratchBuffer<Double>
  /// Attempts plus tickets served or abandoned in the last trial (the benchmark's "queue events").
  var queueEvents: Int = 0
  /// Business minutes the reps (agents) were busy inside the horizon, stretched as attempts
  /// (tickets) are: the utilisation KPIs' numerators.
  var repBusyMinutes = 0.0
  var agentBusyMinutes = 0.0
  /// SQLs still waiting for a first touch, and tickets for a first response, at the horizon's end.
  var salesBacklog = 0
  var serviceBacklog = 0
  /// When set, the kernel records every event of a trial in `trace` so that tests can check
  /// causality (nothing happens before the event that causes it). Off in runs: one
  /// predictable branch per event.
  var isTracing = false
  var trace: ScratchBuffer<TraceEvent>

  init(model: CompiledModel) {
    func copy<T: BitwiseCopyable>(_ array: [T]) -> ScratchBuffer<T> {
      var b = ScratchBuffer<T>(capacity: array.count)
      for x in array { b.append(x) }
      return b
    }
    points = copy(model.points)
    pool = copy(model.pool)
    monthStartWall = copy(model.monthStartWall)
    monthStartBusiness = copy(model.monthStartBusiness)
    monthStartClosed = copy(model.monthStartClosed)
    businessShare = copy(model.businessShare)
    dayStartBusiness = copy(model.dayStartBusiness)
    dailyLeads = ScratchBuffer(capacity: model.dayStartBusiness.count)
    salesWindowStarts = copy(model.salesWindowStarts)
    salesWindowEnds = copy(model.salesWindowEnds)
    serviceWindowStarts = copy(model.serviceWindowStarts)
    serviceWindowEnds = copy(model.serviceWindowEnds)
    figures = ScratchBuffer(capacity: model.figureRows * model.simulatedMonths)
    rateDraws = ScratchBuffer(capacity: model.points.count)
    trendCoefficients = ScratchBuffer(capacity: model.trendCoefficientCount)
    trendCoefficients.reset(count: model.trendCoefficientCount, to: 0)
    trendValues = ScratchBuffer(capacity: model.trendDraws.count * model.months)
    trendValues.reset(count: model.trendDraws.count * model.months, to: 0)
    sourceLambda = ScratchBuffer(capacity: model.sourceLeads.count)
    copulaScores = ScratchBuffer(capacity: (model.copula?.count ?? 0) * model.simulatedMonths)
    copulaValues = ScratchBuffer(capacity: (model.copula?.count ?? 0) * model.simulatedMonths)
    // Capacities from the expected volumes so that growth is rare; they grow if needed.
    let expected = model.expectedVolumes
    openArrivals = ScratchBuffer(capacity: TrialScratch.capacity(expected.leadsPerMonth * 1.5))
    closedArrivals = ScratchBuffer(capacity: TrialScratch.capacity(expected.leadsPerMonth * 1.5))
    closedArrivalsWall = ScratchBuffer(capacity: TrialScratch.capacity(expected.leadsPerMonth * 1.5))
    let sqls = TrialScratch.capacity(expected.sqls * 1.3)
    sqlArrival = ScratchBuffer(capacity: sqls)
    sqlMonth = ScratchBuffer(capacity: sqls)
    sqlStream = ScratchBuffer(capacity: sqls)
    sqlFirstTouch = ScratchBuffer(capacity: sqls)
    sqlAttempts = ScratchBuffer(capacity: sqls)
    retryLead = ScratchBuffer(capacity: sqls)
    retryReady = ScratchBuffer(capacity: sqls)
    repFree = ScratchBuffer(capacity: model.reps + model.hires.servers)
    let hired = model.hires.groups > 0
    serverGroup = ScratchBuffer(capacity: hired ? model.reps + model.hires.servers : 0)
    serverHeap = ScratchBuffer(capacity: hired ? model.reps + model.hires.servers : 0)
    retrySeq = ScratchBuffer(capacity: hired ? sqls : 0)
    hireFactors = copy(model.hires.factors)
    hireFullFrom = copy(model.hires.fullFromBusiness)
    customerWall = ScratchBuffer(capacity: TrialScratch.capacity(expected.deals * 1.5))
    customerMonth = ScratchBuffer(capacity: TrialScratch.capacity(expected.deals * 1.5))
    newCustomerTickets = ScratchBuffer(capacity: 256)
    agentFree = ScratchBuffer(capacity: model.agents)
    ticketPieceEnd = ScratchBuffer(capacity: model.ticketsPerCustomer.pointCount + 1)
    ticketPieceRate = ScratchBuffer(capacity: model.ticketsPerCustomer.pointCount + 1)
    trace = ScratchBuffer(capacity: 0)
  }

  mutating func record(_ kind: TraceEvent.Kind, _ entity: Int, wall: Double, business: Double = .nan) {
    trace.append(TraceEvent(kind: kind, entity: Int32(truncatingIfNeeded: entity), wall: wall, business: business))
  }
}

extension TrialScratch {
  /// The largest initial capacity of a volume buffer: buffers start no larger than this and
  /// grow on demand (validation bounds volumes; this keeps a rough mean of any size, even NaN
  /// or infinite, from trapping in `Int(_:)` or reserving memory no trial uses).
  static let maximumInitialCapacity = 1 << 24

  /// The initial capacity for `expected` elements: 64 more, at most ``maximumInitialCapacity``.
  static func capacity(_ expected: Double) -> Int {
    guard expected < Double(maximumInitialCapacity - 64) else { return maximumInitialCapacity }
    return expected > 0 ? Int(expected) + 64 : 64
  }
}

extension CompiledModel {
  /// Rough expected volumes for sizing scratch buffers (not used for any result).
  var expectedVolumes: (leadsPerMonth: Double, sqls: Double, deals: Double) {
    var leads = 0.0
    var sqls = 0.0
    for (i, source) in scenario.marketing.sources.enumerated() {
      let l = source.leadsPerMonth.roughMean
      leads += l
      sqls += l * sourceQualify[i].roughMean(points)
    }
    let horizonSQLs = sqls * Double(simulatedMonths)
    let deals = horizonSQLs + Double(openOpportunities)
    return (max(leads, 0), max(horizonSQLs, 0), max(deals, 0))
  }
}

extension Value {
  /// The largest mean among the points (for sizing only).
  var roughMean: Double {
    switch self {
    case .distribution(let d): return d.mean.isFinite ? d.mean : 0
    case .schedule(let s): return s.points.map { $0.value.mean }.filter(\.isFinite).max() ?? 0
    case .trend(let t): return t.largestPointForecast
    }
  }
}

extension CompiledParameter {
  func roughMean(_ points: [CompiledPoint]) -> Double {
    var m = 0.0
    for p in points[firstPoint..<(firstPoint + pointCount)] {
      switch p.distribution {
      case .fixed(let x): m = max(m, x)
      case .poisson(let mean), .exponential(let mean): m = max(m, mean)
      case .normal(let mean, let sd, _): m = max(m, mean + sd)
      case .gamma(let shape, let scale): m = max(m, shape * scale)
      case .beta(let a, let b): m = max(m, a / (a + b))
      case .uniform(let a, let w): m = max(m, a + w)
      case .triangular(_, _, let b): m = max(m, b)
      case .pert(let a, let w, _, _): m = max(m, a + w)
      case .lognormal(let mu, let sigma): m = max(m, Double.exp(mu + sigma * sigma / 2))
      case .empirical: m = max(m, 1)
      }
    }
    return m.isFinite ? m : 0
  }
}
