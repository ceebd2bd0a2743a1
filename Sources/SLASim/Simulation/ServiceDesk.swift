import RealModule

extension CompiledModel {
  /// DESIGN.md §3.4: tickets from active customers, answered first-come first-served by
  /// `agents` in business time; churn at each month end; retention of the customers won.
  ///
  /// Customers active at a month's start (existing survivors and earlier wins) raise tickets
  /// as one Poisson process over the month; a customer won during the month raises its own
  /// from its close time. At each month end each customer churns with probability
  /// `monthlyChurn` (pro rata, `1 − (1 − c)^f`, for the fraction f of the month a new
  /// customer was active).
  ///
  /// With `patienceMinutes` a ticket abandons when the answer it would get starts more than
  /// its patience after its arrival (abandonment by virtual waiting time, as in Erlang A): it
  /// counts as a ticket not answered in time and occupies no agent.
  func runServiceDesk<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) {
    // The plain desk's serving loop carries no test for work windows, a warm-up or tracing:
    // 3.44 → 3.14 ms on the busy-desk benchmark (docs/performance.md). Both give the same bits.
    // Abandonment has loops of its own, so a desk without patience carries no test for it.
    let plain = serviceWindowStarts.isEmpty && warmUpMonths == 0 && !s.isTracing
    switch (plain, patienceMinutes != nil) {
    case (true, false): runServiceDesk(&s, pts: pts, pool: pool, using: &rng, features: PlainQueue.self)
    case (false, false): runServiceDesk(&s, pts: pts, pool: pool, using: &rng, features: FullQueue.self)
    case (true, true): runServiceDesk(&s, pts: pts, pool: pool, using: &rng, features: Abandoning<PlainQueue>.self)
    case (false, true): runServiceDesk(&s, pts: pts, pool: pool, using: &rng, features: Abandoning<FullQueue>.self)
    }
  }

  func runServiceDesk<G: RandomNumberGenerator, F: QueueFeatures>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G, features: F.Type
  ) {
    let m = simulatedMonths
    let fig = s.figures.base
    let drawn = s.rateDraws.base
    var existingActive = existingCustomers
    var wonActive = 0
    var wonTotal = 0
    // FCFS with `agents` servers and per-ticket handle times: the next free agent takes the
    // next ticket (see ``serve(arrival:handle:patience:free:windows:features:)``). Agents stay busy across months.
    s.agentFree.reset(count: agents, to: 0)
    var events = 0
    let horizonStart = horizonStartBusiness
    let horizonEnd = horizonEndBusiness
    let windows = WindowTable(
      starts: s.serviceWindowStarts.base, ends: s.serviceWindowEnds.base, count: s.serviceWindowStarts.count,
      dayLength: clock.openMinutesPerBusinessDay)
    var busy = 0.0
    var backlog = 0
    // Without patience this placeholder is never read (the loop's `F.abandonment` is false).
    let patience = patienceMinutes ?? handleMinutes
    // An unscheduled exponential handle time is drawn directly in the ticket loop (skipping the
    // general parameter lookup and distribution switch: 6% of the busy-desk benchmark).
    var exponentialHandleMean = 0.0
    if !handleMinutes.isScheduled, case .exponential(let mean) = pts[handleMinutes.firstPoint].distribution {
      exponentialHandleMean = mean
    }
    for month in 0..<m {
      let t0 = s.monthStartWall[month]
      let t1 = s.monthStartWall[month + 1]
      // The month's ticket-rate pieces, its churn and its new customers' tickets are set up
      // out of line, so the serving loop below stays small enough to inline its draws.
      drawTicketPieces(&s, t0: t0, t1: t1, pts: pts, pool: pool, using: &rng)
      let (wonThisMonth, survivorsThisMonth) = raiseNewCustomerTickets(
        &s, month: month, t0: t0, t1: t1, pts: pts, drawn: drawn, using: &rng)

      // The base's tickets: a Poisson process over the month, generated in order and served
      // as they come, merged with the new customers' by wall time (the same order as
      // business time, which is non-decreasing in wall time). A month's tickets all come
      // before the next month's in business time too, so months are served in turn.
      let active = existingActive + wonActive
      var j = 0
      let newTickets = s.newCustomerTickets.count
      var tickets = 0  // answered or abandoned
      var answeredInTime = 0
      var abandoned = 0
      // One pass per piece of constant ticket rate (one unless the schedule steps inside the
      // month). Within a piece the base's rate and the piece's end are constants, which keeps
      // the serving loop as small as before pieces existed (3.14 → 2.82 ms on the busy-desk
      // benchmark, docs/performance.md). The base's stream restarts at each step; the new customers'
      // tickets before a step are served before the restart, as they arrive before it.
      var piece = 0
      var pieceStart = t0
      while true {
        let pieceEnd = s.ticketPieceEnd[piece]
        let meanGap = Self.meanGap(customers: active, ratePerMinute: s.ticketPieceRate[piece])
        var nextBase = meanGap.isFinite ? pieceStart + Sample.exponential(mean: meanGap, using: &rng) : .infinity
        while true {
          let nextNew = j < newTickets ? s.newCustomerTickets[j] : .infinity
          let wall: Double
          if nextBase < pieceEnd && nextBase <= nextNew {
            wall = nextBase
            nextBase += Sample.exponential(mean: meanGap, using: &rng)
          } else if nextNew < pieceEnd {
            wall = nextNew
            j += 1
          } else {
            break
          }
          let arrival = clock.businessMinutes(atWallMinute: wall)
          let handle: Double
          if exponentialHandleMean > 0 {
            // The M/M/N case, the commonest handle-time law: a direct ziggurat draw.
            handle = Sample.exponential(mean: exponentialHandleMean, using: &rng) * handleStretch
          } else {
            handle = handleMinutes.draw(at: wall, points: pts, pool: pool, using: &rng) * handleStretch
          }
          let start: Double
          if F.abandonment {
            // Abandonment by virtual waiting time: the ticket's patience, drawn after its handle
            // time, against the start it would get; a ticket that would wait longer leaves at
            // `arrival + patience` without occupying an agent, and is not answered in time.
            let limit = patience.draw(at: wall, points: pts, pool: pool, using: &rng)
            start = serve(
              arrival: arrival, handle: handle, patience: limit, free: s.agentFree.base, windows: windows,
              features: F.self)
            if start - arrival > limit {
              tickets += 1
              abandoned += 1
              // Still waiting at the horizon's end if it leaves after it.
              if arrival + limit >= horizonEnd { backlog += 1 }
              if F.tracing && s.isTracing { s.record(.ticketAbandoned, -1, wall: wall, business: limit) }
              continue
            }
          } else {
            start = serve(arrival: arrival, handle: handle, free: s.agentFree.base, windows: windows, features: F.self)
          }
          busy += Self.busyInHorizon(
            start: start, handle: handle, horizonStart: horizonStart, horizonEnd: horizonEnd, features: F.self)
          if start >= horizonEnd { backlog += 1 }
          if F.tracing && s.isTracing { s.record(.ticketAnswered, -1, wall: wall, business: start - arrival) }
          tickets += 1
          if start - arrival <= firstResponseWithinMinutes { answeredInTime += 1 }
        }
        guard pieceEnd < t1 else { break }
        pieceStart = pieceEnd
        piece += 1
      }
      fig[Figure.tickets.rawValue * m + month] = Double(tickets)
      fig[Figure.ticketsWithin.rawValue * m + month] = Double(answeredInTime)
      if F.abandonment { fig[Figure.ticketsAbandoned.rawValue * m + month] = Double(abandoned) }
      events += tickets

      // The warm-up keeps the base as it is at the horizon's start (`existingCustomers`).
      guard month >= warmUpMonths else { continue }
      let keep = churn.survival(from: t0, to: t1, monthMinutes: t1 - t0, points: pts, drawn: drawn)
      existingActive = Sample.binomial(count: existingActive, probability: keep, using: &rng)
      wonActive = Sample.binomial(count: wonActive, probability: keep, using: &rng) + survivorsThisMonth
      wonTotal += wonThisMonth
      fig[Figure.wonCumulative.rawValue * m + month] = Double(wonTotal)
      fig[Figure.wonActive.rawValue * m + month] = Double(wonActive)
    }
    s.queueEvents += events
    s.agentBusyMinutes = busy
    s.serviceBacklog = backlog
  }

  /// The mean gap between tickets of `customers` customers raising `ratePerMinute` each;
  /// infinite when they raise none.
  static func meanGap(customers: Int, ratePerMinute: Double) -> Double {
    customers > 0 && ratePerMinute > 0 ? 1 / (Double(customers) * ratePerMinute) : .infinity
  }

  /// The month's pieces between the steps of the ticket-rate schedule (one unless a step
  /// falls inside the month), each with its own draw: tickets are a Poisson process of
  /// piecewise-constant rate, restarted at each step (memoryless, so exact).
  @inline(never)
  func drawTicketPieces<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, t0: Double, t1: Double, pts: UnsafeBufferPointer<CompiledPoint>,
    pool: UnsafeBufferPointer<Double>, using rng: inout G
  ) {
    s.ticketPieceEnd.removeAll()
    s.ticketPieceRate.removeAll()
    var pieceStart = t0
    while pieceStart < t1 {
      let pieceEnd = ticketsPerCustomer.nextStep(after: pieceStart, before: t1, points: pts)
      let perCustomer = ticketsPerCustomer.draw(at: pieceStart, points: pts, pool: pool, using: &rng)
      s.ticketPieceEnd.append(pieceEnd)
      // A heavy-tailed draw is capped at the field's limit (issue 6d).
      s.ticketPieceRate.append(
        Swift.min(Swift.max(0, perCustomer), ScenarioDecoder.maximumTicketsPerCustomer) / (t1 - t0))
      pieceStart = pieceEnd
    }
  }

  /// Customers won in `month` raise tickets from their close time; they are few, so their
  /// tickets are collected and sorted, to be merged with the base's stream. Each then stays to
  /// the month's end with the pro-rata survival of its part of the month.
  ///
  /// - Returns: The customers won this month and how many of them are still active at its end.
  @inline(never)
  func raiseNewCustomerTickets<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, month: Int, t0: Double, t1: Double, pts: UnsafeBufferPointer<CompiledPoint>,
    drawn: UnsafeMutablePointer<Double>, using rng: inout G
  ) -> (won: Int, survivors: Int) {
    s.newCustomerTickets.removeAll()
    let pieces = s.ticketPieceEnd.count
    var wonThisMonth = 0
    var survivorsThisMonth = 0
    for k in 0..<s.customerWall.count where Int(s.customerMonth[k]) == month {
      let wonAt = s.customerWall[k]
      wonThisMonth += 1
      var piece = 0
      while s.ticketPieceEnd[piece] <= wonAt && piece + 1 < pieces { piece += 1 }
      var t = wonAt
      while piece < pieces {
        let ratePerMinute = s.ticketPieceRate[piece]
        let end = s.ticketPieceEnd[piece]
        // (A subnormal rate would give an infinite gap: no tickets then.)
        if ratePerMinute > 0 && 1 / ratePerMinute < .infinity {
          let meanGap = 1 / ratePerMinute
          t += Sample.exponential(mean: meanGap, using: &rng)
          while t < end {
            if s.isTracing { s.record(.customerTicket, k, wall: t) }
            s.newCustomerTickets.append(t)
            t += Sample.exponential(mean: meanGap, using: &rng)
          }
        }
        t = end
        piece += 1
      }
      let survive = churn.survival(from: wonAt, to: t1, monthMinutes: t1 - t0, points: pts, drawn: drawn)
      if survive >= 1 || Sample.uniform(using: &rng) < survive { survivorsThisMonth += 1 }
    }
    sortInPlace(s.newCustomerTickets.base, count: s.newCustomerTickets.count) { $0 < $1 }
    return (wonThisMonth, survivorsThisMonth)
  }

  /// Up to this many agents the desk finds the next free agent by a linear scan, above it
  /// with a binary heap.
  ///
  /// Measured on the 14-agent Erlang C desk (docs/performance.md): the scan takes 25% less
  /// time than the heap and 40% less than a branch-free tournament tree.
  static let linearScanAgents = 24

  /// Busy minutes inside the horizon `[horizonStart, horizonEnd)` of an answer from `start` for
  /// `handle` minutes (without a warm-up every start is at or after the horizon's start).
  @inline(__always)
  static func busyInHorizon<F: QueueFeatures>(
    start: Double, handle: Double, horizonStart: Double, horizonEnd: Double, features: F.Type
  ) -> Double {
    F.warmUp
      ? Swift.min(Swift.max(start + handle, horizonStart), horizonEnd)
        - Swift.min(Swift.max(start, horizonStart), horizonEnd)
      : Swift.min(start + handle, horizonEnd) - Swift.min(start, horizonEnd)
  }

  /// Gives a ticket arriving at business minute `arrival` to the earliest free agent and
  /// returns when its answer starts.
  ///
  /// With abandonment (`F.abandonment`) a ticket whose answer would start more than `patience`
  /// business minutes after `arrival` is given to no one (every agent's free time stays as it
  /// was) and the start it would have had is returned; without, `patience` is not read and the
  /// test is compiled out.
  @inline(__always)
  func serve<F: QueueFeatures>(
    arrival: Double, handle: Double, patience: Double = .infinity, free: UnsafeMutablePointer<Double>,
    windows: WindowTable, features: F.Type
  ) -> Double {
    if agents <= Self.linearScanAgents {
      // A branch-free scan: no unpredictable branches, and the free times fit in a cache line or three.
      var best = 0
      var earliest = free[0]
      for a in 1..<agents {
        let f = free[a]
        best = f < earliest ? a : best
        earliest = Swift.min(f, earliest)
      }
      // With work windows an answer starts only inside one (and runs to its end).
      let ready = Swift.max(arrival, earliest)
      let start = F.windows ? windows.nextStart(atOrAfter: ready) : ready
      if !F.abandonment || start - arrival <= patience { free[best] = start + handle }
      return start
    }
    // Many agents: a binary min-heap of free times.
    let ready = Swift.max(arrival, free[0])
    let start = F.windows ? windows.nextStart(atOrAfter: ready) : ready
    if !F.abandonment || start - arrival <= patience { replaceMin(free, count: agents, with: start + handle) }
    return start
  }
}

/// Replaces the minimum of a binary min-heap of `count` values with `value` and restores order.
func replaceMin(_ heap: UnsafeMutablePointer<Double>, count: Int, with value: Double) {
  var i = 0
  while true {
    let left = 2 * i + 1
    if left >= count { break }
    let right = left + 1
    let child = right < count && heap[right] < heap[left] ? right : left
    if heap[child] >= value { break }
    heap[i] = heap[child]
    i = child
  }
  heap[i] = value
}

/// What a trial's queues handle beyond the plain case. The serving loops are specialised for
/// each conformance, so the plain case (no work windows, no warm-up, no trace: every shipped
/// scenario) carries no test for them; both give the same bits where both apply.
protocol QueueFeatures {
  /// Work windows: a start waits for the next window.
  static var windows: Bool { get }
  /// A warm-up: busy time before the horizon's start is not counted.
  static var warmUp: Bool { get }
  /// The trial may be traced (tests only).
  static var tracing: Bool { get }
  /// Tickets abandon after their patience (``Service/patienceMinutes``; the desk only).
  static var abandonment: Bool { get }
}

extension QueueFeatures {
  static var abandonment: Bool { false }
}

/// `Base`'s features, with abandonment.
enum Abandoning<Base: QueueFeatures>: QueueFeatures {
  static var windows: Bool { Base.windows }
  static var warmUp: Bool { Base.warmUp }
  static var tracing: Bool { Base.tracing }
  static var abandonment: Bool { true }
}

enum PlainQueue: QueueFeatures {
  static var windows: Bool { false }
  static var warmUp: Bool { false }
  static var tracing: Bool { false }
}

enum FullQueue: QueueFeatures {
  static var windows: Bool { true }
  static var warmUp: Bool { true }
  static var tracing: Bool { true }
}
