import RealModule

extension CompiledModel {
  /// Up to this many agents the desk finds the next free agent by a linear scan, above it
  /// with a binary heap (measured: the scan is faster for the 14-agent Erlang C desk).
  static let linearScanAgents = 24

  /// DESIGN.md §3.4: tickets from active customers, answered first-come first-served by
  /// `agents` in business time; churn at each month end; retention of the customers won.
  ///
  /// Customers active at a month's start (existing survivors and earlier wins) raise tickets
  /// as one Poisson process over the month; a customer won during the month raises its own
  /// from its close time. At each month end each customer churns with probability
  /// `monthlyChurn` (pro rata, `1 − (1 − c)^f`, for the fraction f of the month a new
  /// customer was active).
  func runServiceDesk<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) {
    let m = months
    let fig = s.figures.base
    let drawn = s.rateDraws.base
    s.tickets.removeAll()
    s.newCustomerTickets.removeAll()
    var existingActive = existingCustomers
    var wonActive = 0
    var wonTotal = 0
    let customers = s.customerWall.count
    for month in 0..<m {
      let t0 = s.monthStartWall[month]
      let t1 = s.monthStartWall[month + 1]
      let perCustomer = ticketsPerCustomer.draw(at: t0, points: pts, pool: pool, using: &rng)
      let ratePerMinute = Swift.max(0, perCustomer) / (t1 - t0)
      let active = existingActive + wonActive
      if active > 0 && ratePerMinute > 0 {
        let meanGap = 1 / (Double(active) * ratePerMinute)
        var t = t0 + Sample.exponential(mean: meanGap, using: &rng)
        while t < t1 {
          s.tickets.append(Ticket(business: clock.businessMinutes(atWallMinute: t), wall: t, month: Int32(month)))
          t += Sample.exponential(mean: meanGap, using: &rng)
        }
      }
      // A schedule's churn is the one in force at the month's end; a trend's is the month's own.
      let c = churn.rate(at: churn.followsTrend ? t0 : t1, points: pts, drawn: drawn)
      var wonThisMonth = 0
      var survivorsThisMonth = 0
      for k in 0..<customers where Int(s.customerMonth[k]) == month {
        let wonAt = s.customerWall[k]
        wonThisMonth += 1
        if ratePerMinute > 0 {
          let meanGap = 1 / ratePerMinute
          var t = wonAt + Sample.exponential(mean: meanGap, using: &rng)
          while t < t1 {
            s.newCustomerTickets.append(Ticket(business: clock.businessMinutes(atWallMinute: t), wall: t, month: Int32(month)))
            t += Sample.exponential(mean: meanGap, using: &rng)
          }
        }
        let survive = Double.pow(1 - c, (t1 - wonAt) / (t1 - t0))
        if survive >= 1 || Sample.uniform(using: &rng) < survive { survivorsThisMonth += 1 }
      }
      existingActive = Sample.binomial(count: existingActive, probability: 1 - c, using: &rng)
      wonActive = Sample.binomial(count: wonActive, probability: 1 - c, using: &rng) + survivorsThisMonth
      wonTotal += wonThisMonth
      fig[Figure.wonCumulative.rawValue * m + month] = Double(wonTotal)
      fig[Figure.wonActive.rawValue * m + month] = Double(wonActive)
    }

    // New customers' tickets arrive out of order relative to the month stream: sort them
    // (few) and merge on the fly.
    sortInPlace(s.newCustomerTickets.base, count: s.newCustomerTickets.count) { a, b in
      a.business < b.business || (a.business == b.business && a.wall < b.wall)
    }

    // FCFS with `agents` servers and per-ticket handle times: the next free agent takes the
    // next ticket. `agentFree` holds each agent's free time, as a binary min-heap when there
    // are many agents.
    s.agentFree.reset(count: agents, to: 0)
    let heap = s.agentFree.base
    let within = firstResponseWithinMinutes
    var i = 0
    var j = 0
    let nBase = s.tickets.count
    let nNew = s.newCustomerTickets.count
    while i < nBase || j < nNew {
      let ticket: Ticket
      if j >= nNew || (i < nBase && s.tickets[i].business <= s.newCustomerTickets[j].business) {
        ticket = s.tickets[i]
        i += 1
      } else {
        ticket = s.newCustomerTickets[j]
        j += 1
      }
      let handle = handleMinutes.draw(at: ticket.wall, points: pts, pool: pool, using: &rng) * handleStretch
      let start: Double
      if agents <= Self.linearScanAgents {
        // Few agents: a branch-free scan for the earliest free one beats a heap's
        // unpredictable branches.
        var best = 0
        var earliest = heap[0]
        for a in 1..<agents {
          let f = heap[a]
          best = f < earliest ? a : best
          earliest = Swift.min(f, earliest)
        }
        start = Swift.max(ticket.business, earliest)
        heap[best] = start + handle
      } else {
        start = Swift.max(ticket.business, heap[0])
        replaceMin(heap, count: agents, with: start + handle)
      }
      let month = Int(ticket.month)
      fig[Figure.tickets.rawValue * m + month] += 1
      if start - ticket.business <= within { fig[Figure.ticketsWithin.rawValue * m + month] += 1 }
    }
    s.queueEvents += nBase + nNew
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
