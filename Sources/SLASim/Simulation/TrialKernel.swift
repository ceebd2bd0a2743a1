import RealModule

/// One trial: one possible horizon of leads, follow-up, pipeline and service (DESIGN.md §3).
///
/// The kernel touches only the compiled model's scalars, the scratch buffers and the
/// generator: no allocation once buffers have grown, no dictionaries, strings, existentials
/// or locks. Figures land in `scratch.figures` (see ``Figure``).
extension CompiledModel {
  ///
  /// The trial takes exactly one number from `rng`, its key; every entity then draws from its
  /// own stream (``TrialStreams``), so that two staffings at one seed see the same leads, the
  /// same outcomes and the same deals (common random numbers).
  func simulateTrial<G: RandomNumberGenerator>(_ s: inout TrialScratch, using rng: inout G) {
    simulateTrial(&s, streams: TrialStreams(trialKey: rng.next()))
  }

  /// One trial on the given streams (``TrialStreams``; a Sobol row mixes two trials' streams).
  func simulateTrial(_ s: inout TrialScratch, streams: TrialStreams) {
    // Figures of every simulated month, warm-up included (`figure × simulatedMonths + month`);
    // the warm-up's are dropped at the end.
    let m = simulatedMonths
    s.figures.reset(count: figureRows * m, to: 0)
    s.queueEvents = 0
    s.agentBusyMinutes = 0
    s.serviceBacklog = 0
    if s.isTracing { s.trace.removeAll() }
    // Trends first: their monthly values become this trial's points (read below as rates,
    // volumes or sizes like any other point). A scenario without trends draws nothing here.
    if !trendDraws.isEmpty {
      drawTrends(&s, streams: streams)
    } else if let copula {
      correlateInputs(&s, copula: copula, streams: streams)
    }
    let pts = UnsafeBufferPointer(start: s.points.base, count: s.points.count)
    let pool = UnsafeBufferPointer(start: s.pool.base, count: s.pool.count)

    // Rates: drawn once per trial (every point of every rate parameter).
    s.rateDraws.reset(count: pts.count, to: 0)
    for run in ratePointRuns {
      for p in run.firstPoint..<(run.firstPoint + run.pointCount) {
        var g = streams.stream(.rate, UInt64(p))
        s.rateDraws[p] = pts[p].distribution.sample(pool: pool, using: &g)
      }
    }
    if let copula {
      // Correlated rates take the copula's values instead (their streams gave its scores).
      let sm = simulatedMonths
      for j in 0..<copula.count {
        if case .rate(let p) = copula.members[j].input { s.rateDraws[p] = s.copulaValues[j * sm] }
      }
    }

    s.customerWall.removeAll()
    s.customerMonth.removeAll()
    generateLeads(&s, pts: pts, pool: pool, streams: streams)
    runFollowUp(&s, pts: pts, pool: pool)
    resolveOpenPipeline(&s, pts: pts, pool: pool, streams: streams)
    // Sales-sourced revenue: a volume, drawn once per month, or once per piece of the month
    // when a step falls inside it (each piece's draw weighted by its share of the month).
    // None is drawn for warm-up months, which are not counted.
    let revenue = s.figures.base + Figure.revenue.rawValue * m
    for month in warmUpMonths..<m {
      let t0 = s.monthStartWall[month]
      let t1 = s.monthStartWall[month + 1]
      var pieceStart = t0
      var piece = 0
      while pieceStart < t1 {
        let pieceEnd = otherRevenue.nextStep(after: pieceStart, before: t1, points: pts)
        var g = streams.stream(.otherRevenue, TrialStreams.entity(month: month, piece))
        piece += 1
        let member = copula?.otherRevenueMember ?? -1
        let x =
          member >= 0
          ? s.copulaValues[member * m + month] : otherRevenue.draw(at: pieceStart, points: pts, pool: pool, using: &g)
        revenue[month] += pieceStart == t0 && pieceEnd == t1 ? x : x * ((pieceEnd - pieceStart) / (t1 - t0))
        pieceStart = pieceEnd
      }
    }
    if hasService {
      var desk = streams.stream(.serviceDesk)
      runServiceDesk(&s, pts: pts, pool: pool, using: &desk)
    }
    if warmUpMonths > 0 { dropWarmUpFigures(&s) }
  }

  /// Moves the horizon months' figures to the front, `figure × months + month`, dropping the
  /// warm-up's (in place: each figure moves to a lower index, in increasing order).
  func dropWarmUpFigures(_ s: inout TrialScratch) {
    let fig = s.figures.base
    let stride = simulatedMonths
    for f in 0..<figureRows {
      for month in 0..<months { fig[f * months + month] = fig[f * stride + warmUpMonths + month] }
    }
    s.figures.count = figureRows * months
  }

  /// Draws each trend once (coefficients and residual SD, then every horizon month from the
  /// prediction distribution given them; ``TrendForecaster``) and writes each field's scaled,
  /// clamped monthly values into its points as fixed values.
  func drawTrends(_ s: inout TrialScratch, streams: TrialStreams) {
    let m = months
    let coefficients = s.trendCoefficients.base
    let values = s.trendValues.base
    for k in 0..<trendDraws.count {
      let forecaster = trendDraws[k].forecaster
      var rng = streams.stream(.trend, UInt64(k))
      forecaster.draw(
        coefficients: UnsafeMutableBufferPointer(
          start: coefficients + trendDraws[k].coefficientOffset, count: forecaster.coefficientCount),
        values: UnsafeMutableBufferPointer(start: values + k * m, count: m),
        modelScale: copula.map { $0.trendMember[k] >= 0 } ?? false, using: &rng)
    }
    // A correlated trend's months come back from the copula transformed, as the others' are.
    if let copula { correlateInputs(&s, copula: copula, streams: streams) }
    let points = s.points.base
    for use in trendUses {
      for month in 0..<m {
        let x = TrendSpec.clamp(use.scale * values[use.drawIndex * m + month], cap: use.cap)
        points[use.firstPoint + month].distribution = .fixed(x)
      }
    }
  }

  /// DESIGN.md §3.1: Poisson lead arrivals per month, split into business and closed hours,
  /// assigned to sources in proportion to their volumes (Poisson splitting), qualified by
  /// each source's rate.
  ///
  /// SQLs are written in business-time order.
  func generateLeads(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    streams: TrialStreams
  ) {
    let m = simulatedMonths
    let fig = s.figures.base
    let sourceCount = sourceLeads.count
    s.sqlArrival.removeAll()
    s.sqlMonth.removeAll()
    s.sqlStream.removeAll()
    s.sourceLambda.reset(count: sourceCount, to: 0)
    let drawn = s.rateDraws.base
    // Leads by arrival day: a closed-hours arrival has its wall minute; a business-hours one
    // is on the last day starting at or before its business minute (business minutes only
    // grow, so one pointer walks the days).
    let days = s.dayStartBusiness.count - 1
    s.dailyLeads.reset(count: days, to: 0)
    let dailyLeads = s.dailyLeads.base
    let dayStart = s.dayStartBusiness.base
    var openDay = 0
    for month in 0..<m {
      let monthStart = s.monthStartWall[month]
      let monthEnd = s.monthStartWall[month + 1]
      let share = s.businessShare[month]
      let b0 = s.monthStartBusiness[month]
      let b1 = s.monthStartBusiness[month + 1]
      let c0 = s.monthStartClosed[month]
      let c1 = s.monthStartClosed[month + 1]
      // Pieces of the month between the steps of any source's volume schedule (one piece
      // unless a step falls inside the month): within a piece every source's rate is constant,
      // so arrivals are a Poisson process of piecewise-constant rate, exact. A piece's
      // business-hours arrivals have the month's intensity per business minute, total × share
      // ÷ the month's business minutes, and likewise for closed minutes, so a month's expected
      // count is the time-weighted mean of the volumes in force during it.
      var pieceStart = monthStart
      var piece = 0
      // Leads are numbered within their month, in arrival order: their streams' entities.
      var leadInMonth = 0
      while pieceStart < monthEnd {
        defer { piece += 1 }
        var pieceEnd = monthEnd
        for k in 0..<sourceCount {
          pieceEnd = sourceLeads[k].nextStep(after: pieceStart, before: pieceEnd, points: pts)
        }
        defer { pieceStart = pieceEnd }
        let whole = pieceStart == monthStart && pieceEnd == monthEnd
        let p0 = whole ? b0 : clock.businessMinutes(atWallMinute: pieceStart)
        let p1 = whole ? b1 : clock.businessMinutes(atWallMinute: pieceEnd)
        let q0 = whole ? c0 : clock.nonBusinessMinutes(atWallMinute: pieceStart)
        let q1 = whole ? c1 : clock.nonBusinessMinutes(atWallMinute: pieceEnd)
      var total = 0.0
      for k in 0..<sourceCount {
        // A heavy-tailed draw is capped at the field's limit (issue 6d), so a month never holds more leads.
        var volume = streams.stream(.leadVolume, TrialStreams.entity(month: month, piece: piece, source: k))
        // A correlated volume is the copula's value for the month, in every piece of it.
        let member = copula?.sourceMember[k] ?? -1
        let drawnVolume =
          member >= 0
          ? s.copulaValues[member * m + month]
          : sourceLeads[k].draw(at: pieceStart, points: pts, pool: pool, using: &volume)
        let lambda = Swift.min(Swift.max(0, drawnVolume), ScenarioDecoder.maximumLeadsPerMonth)
        total += lambda
        s.sourceLambda[k] = total  // cumulative, for picking a lead's source
      }
      guard total > 0 else { continue }
      var rng = streams.stream(.arrivals, TrialStreams.entity(month: month, piece))
      // Business-hours arrivals: a Poisson process in business minutes of the month.
      s.openArrivals.removeAll()
      // A vanishing volume (a subnormal mean) gives an infinite gap: no arrivals then.
      if share > 0 && p1 > p0 && (b1 - b0) / (total * share) < .infinity {
        let meanGap = (b1 - b0) / (total * share)
        var t = p0 + Sample.exponential(mean: meanGap, using: &rng)
        while t < p1 {
          s.openArrivals.append(t)
          t += Sample.exponential(mean: meanGap, using: &rng)
        }
      }
      // Closed-hours arrivals: a Poisson process in closed minutes, mapped to the wall
      // clock; in business time each waits for the next opening.
      s.closedArrivals.removeAll()
      s.closedArrivalsWall.removeAll()
      if share < 1 && q1 > q0 && (c1 - c0) / (total * (1 - share)) < .infinity {
        let meanGap = (c1 - c0) / (total * (1 - share))
        var x = q0 + Sample.exponential(mean: meanGap, using: &rng)
        while x < q1 {
          let wall = clock.wallMinute(atNonBusinessMinute: x)
          s.closedArrivals.append(clock.businessMinutes(atWallMinute: wall))
          s.closedArrivalsWall.append(wall)
          x += Sample.exponential(mean: meanGap, using: &rng)
        }
      }
      // Merge the two ordered streams.
      var i = 0
      var j = 0
      let nOpen = s.openArrivals.count
      let nClosed = s.closedArrivals.count
      fig[Figure.leads.rawValue * m + month] += Double(nOpen + nClosed)
      while i < nOpen || j < nClosed {
        let business: Double
        var wall: Double
        if j >= nClosed || (i < nOpen && s.openArrivals[i] <= s.closedArrivals[j]) {
          business = s.openArrivals[i]
          wall = .nan  // computed only when a scheduled parameter needs it
          i += 1
          while openDay + 1 < days && dayStart[openDay + 1] <= business { openDay += 1 }
          dailyLeads[openDay] += 1
        } else {
          business = s.closedArrivals[j]
          wall = s.closedArrivalsWall[j]
          j += 1
          // A wall minute inside the month, so a day inside the table.
          dailyLeads[Swift.min(Int((wall / 1440).rounded(.down)), days - 1)] += 1
        }
        // Source: P(k) = lambda_k / total, from the lead's own stream.
        var lead = streams.stream(.lead, TrialStreams.entity(month: month, leadInMonth))
        leadInMonth += 1
        let u = Sample.uniform(using: &lead) * total
        var k = 0
        while k < sourceCount - 1 && s.sourceLambda[k] <= u { k += 1 }
        fig[sourceLeadsRow(k) * m + month] += 1
        let valueParameter = sourceValue[k]
        let qualifyParameter = sourceQualify[k]
        if wall.isNaN && (valueParameter.isScheduled || qualifyParameter.isScheduled) {
          // Strictly inside open time (the arrival is a business-hours one), so either inverse of B.
          wall = clock.nextOpeningWallMinute(atBusinessMinute: business)
        }
        fig[Figure.leadValue.rawValue * m + month] += valueParameter.draw(
          at: wall, points: pts, pool: pool, using: &lead)
        let q = qualifyParameter.rate(at: wall, points: pts, drawn: drawn)
        if q >= 1 || (q > 0 && Sample.uniform(using: &lead) < q) {
          s.sqlArrival.append(business)
          s.sqlMonth.append(Int32(month))
          s.sqlStream.append(lead._state)
          if s.isTracing {
            s.record(
              .sqlArrival, s.sqlArrival.count - 1,
              wall: wall.isNaN ? clock.wallMinute(atBusinessMinute: business) : wall, business: business)
          }
          fig[Figure.sqls.rawValue * m + month] += 1
        }
      }
      }
    }
  }

  /// DESIGN.md §3.2–3.3: the follow-up queue in business time, then the pipeline.
  ///
  /// `reps` servers; first attempts first-come first-served and before any retry; an
  /// unconnected lead becomes ready again `retryAfterHours` after its attempt ends, up to
  /// `maxAttempts`, and no attempt starts later than `giveUpAfterDays` business days after the
  /// lead's arrival (the lead is then abandoned). Every attempt takes the same time, so
  /// attempts start in non-decreasing order and end in start order: the reps' free times form
  /// a FIFO ring and so do retries, which makes each attempt O(1). Giving up keeps that order:
  /// it only removes leads from the rings.
  func runFollowUp(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>
  ) {
    let m = simulatedMonths
    let fig = s.figures.base
    let n = s.sqlArrival.count
    s.sqlFirstTouch.reset(count: n, to: 0)
    s.sqlAttempts.reset(count: n, to: 0)
    s.retryLead.reset(count: Swift.max(n, 1), to: 0)
    s.retryReady.reset(count: Swift.max(n, 1), to: 0)
    // With hires the reps no longer free up in start order (a ramping hire is slower): the
    // servers and the retries become min-heaps, keyed (free time, server) and (ready time,
    // insertion order), which serve in the order the rings would when every server is the
    // same. Without hires the rings run exactly as before.
    let hired = hires.groups > 0
    let servers = reps + hires.servers
    s.repFree.reset(count: servers, to: 0)
    if hired {
      s.serverGroup.reset(count: servers, to: -1)
      s.serverHeap.reset(count: servers, to: 0)
      s.retrySeq.reset(count: Swift.max(n, 1), to: 0)
      var i = reps
      for g in 0..<hires.groups {
        for _ in 0..<hires.reps[g] {
          s.repFree[i] = hires.startBusiness[g]
          s.serverGroup[i] = Int32(g)
          i += 1
        }
      }
      for k in 0..<servers { s.serverHeap[k] = Int32(k) }
      var k = servers / 2 - 1
      while k >= 0 {
        siftDownServer(s.serverHeap.base, count: servers, from: k, free: s.repFree.base)
        k -= 1
      }
    }
    let heap = s.serverHeap.base
    let serverFree = s.repFree.base
    let serverGroup = s.serverGroup.base
    let retryLead = s.retryLead.base
    let retryReadyAt = s.retryReady.base
    let retrySeq = s.retrySeq.base
    var retrySerial = 0
    let drawn = s.rateDraws.base
    let arrival = s.sqlArrival.base
    let ringSize = Swift.max(n, 1)
    var retryHead = 0
    var retryCount = 0
    var repHead = 0
    var next = 0
    var events = 0
    let duration = attemptBusinessMinutes
    let horizonStart = horizonStartBusiness
    let horizonEnd = horizonEndBusiness
    var busy = 0.0
    var backlog = 0
    let windows = WindowTable(
      starts: s.salesWindowStarts.base, ends: s.salesWindowEnds.base, count: s.salesWindowStarts.count,
      dayLength: clock.openMinutesPerBusinessDay)

    /// A lead given up after `attempts` attempts without connecting (DESIGN.md §3.2, issue 6).
    @inline(__always) func abandon(_ lead: Int, attempts: Int32, deadline: Double) {
      let month = Int(s.sqlMonth[lead])
      if attempts == 0 {
        // Never touched: its first touch is late, and it waits past the horizon's end when
        // its deadline does.
        fig[Figure.firstTouched.rawValue * m + month] += 1
        if deadline >= horizonEnd { backlog += 1 }
      }
      fig[Figure.unconnected.rawValue * m + month] += 1
      fig[Figure.unconnectedAttempts.rawValue * m + month] += Double(attempts)
      fig[Figure.abandoned.rawValue * m + month] += 1
    }

    /// The next retry to serve, taken off its ring or heap.
    @inline(__always) func popRetry() -> Int {
      let lead = Int(retryLead[retryHead])
      if hired {
        retryCount -= 1
        retryLead[0] = retryLead[retryCount]
        retryReadyAt[0] = retryReadyAt[retryCount]
        retrySeq[0] = retrySeq[retryCount]
        siftDownRetry(lead: retryLead, ready: retryReadyAt, seq: retrySeq, count: retryCount, from: 0)
      } else {
        retryHead = retryHead + 1 == ringSize ? 0 : retryHead + 1
        retryCount -= 1
      }
      return lead
    }

    while next < n || retryCount > 0 {
      let free = hired ? serverFree[Int(heap[0])] : s.repFree[repHead]
      let firstReady = next < n ? arrival[next] : .infinity
      let retryReady = retryCount > 0 ? s.retryReady[retryHead] : .infinity
      let lead: Int
      let start: Double
      if windows.count > 0 {
        // Attempts start only inside a work window: at the first window moment at or after the
        // rep is free and something is ready; first attempts ready by then go first.
        let t = windows.nextStart(atOrAfter: Swift.max(free, Swift.min(firstReady, retryReady)))
        start = t
        if firstReady <= t {
          lead = next
          next += 1
        } else {
          lead = popRetry()
        }
      } else if firstReady <= free {
        lead = next
        next += 1
        start = free
      } else if retryReady <= free {
        lead = popRetry()
        start = free
      } else if firstReady <= retryReady {
        lead = next
        next += 1
        start = firstReady
      } else {
        lead = popRetry()
        start = retryReady
      }
      let deadline = arrival[lead] + giveUpBusinessMinutes
      if start > deadline {
        // No attempt starts after the deadline; the rep stays free for the next lead.
        abandon(lead, attempts: s.sqlAttempts[lead], deadline: deadline)
        continue
      }
      let end: Double
      if hired {
        let server = Int(heap[0])
        let g = Int(serverGroup[server])
        end =
          g < 0
          ? start + duration
          : hires.attemptEnd(
            group: g, start: start, work: duration, fullFrom: s.hireFullFrom.base, factors: s.hireFactors.base,
            monthStartBusiness: s.monthStartBusiness.base, months: m)
        serverFree[server] = end
        siftDownServer(heap, count: servers, from: 0, free: serverFree)
      } else {
        end = start + duration
        s.repFree[repHead] = end
        repHead = repHead + 1 == reps ? 0 : repHead + 1
      }
      events += 1
      // Busy time inside the horizon (not the warm-up), for the utilisation KPI.
      busy +=
        Swift.min(Swift.max(end, horizonStart), horizonEnd) - Swift.min(Swift.max(start, horizonStart), horizonEnd)
      if s.isTracing {
        s.record(.attemptStart, lead, wall: clock.nextOpeningWallMinute(atBusinessMinute: start), business: start)
      }
      let month = Int(s.sqlMonth[lead])
      let attempts = s.sqlAttempts[lead] + 1
      s.sqlAttempts[lead] = attempts
      if attempts == 1 {
        let wait = start - arrival[lead]
        s.sqlFirstTouch[lead] = wait
        fig[Figure.firstTouched.rawValue * m + month] += 1
        if wait <= firstTouchWithinMinutes { fig[Figure.firstTouchedWithin.rawValue * m + month] += 1 }
        if start >= horizonEnd { backlog += 1 }
      }
      // An attempt starts at the latest wall minute of its business minute (an attempt at
      // business minute b that is also a closing time starts at the next opening, never at
      // the close before); it ends at the earliest wall minute of its end (work that reaches
      // a closing time ends there). A zero-length attempt ends when it starts.
      // The lead's own stream: its attempts' outcomes and its deal do not depend on the order
      // in which the queue serves leads.
      var rng = SplitMix64(seed: s.sqlStream[lead])
      defer { s.sqlStream[lead] = rng._state }
      let connect =
        connectRate.isScheduled
        ? connectRate.rate(at: clock.nextOpeningWallMinute(atBusinessMinute: start), points: pts, drawn: drawn)
        : drawn[connectRate.firstPoint]
      if connect >= 1 || (connect > 0 && Sample.uniform(using: &rng) < connect) {
        let connectedWall =
          end > start
          ? clock.wallMinute(atBusinessMinute: end) : clock.nextOpeningWallMinute(atBusinessMinute: start)
        if s.isTracing { s.record(.connection, lead, wall: connectedWall, business: end) }
        let fast = s.sqlFirstTouch[lead] <= fastWithinMinutes
        let rate = (fast ? fastRate : slowRate).rate(at: connectedWall, points: pts, drawn: drawn)
        if rate >= 1 || (rate > 0 && Sample.uniform(using: &rng) < rate) {
          let days = cycleDays.draw(at: connectedWall, points: pts, pool: pool, using: &rng)
          if s.isTracing { s.record(.opportunityResolves, lead, wall: connectedWall + days * 1440) }
          resolveOpportunity(&s, closesAt: connectedWall + days * 1440, pts: pts, pool: pool, using: &rng)
        }
      } else if Int(attempts) < maxAttempts {
        let ready = end + retryBusinessMinutes
        if ready > deadline {
          // The next attempt could not start in time: given up now rather than at its turn.
          abandon(lead, attempts: attempts, deadline: deadline)
        } else {
          if hired {
            retrySeq[retryCount] = retrySerial
            retrySerial += 1
            retryLead[retryCount] = Int32(lead)
            retryReadyAt[retryCount] = ready
            siftUpRetry(lead: retryLead, ready: retryReadyAt, seq: retrySeq, at: retryCount)
          } else {
            let tail = (retryHead + retryCount) % ringSize
            s.retryLead[tail] = Int32(lead)
            s.retryReady[tail] = ready
          }
          retryCount += 1
        }
      } else {
        fig[Figure.unconnected.rawValue * m + month] += 1
        fig[Figure.unconnectedAttempts.rawValue * m + month] += Double(attempts)
      }
    }
    s.queueEvents += events
    s.repBusyMinutes = busy
    s.salesBacklog = backlog
  }

  /// Restores the server heap below `k`: servers ordered by free time, then index.
  @inline(__always)
  func siftDownServer(_ heap: UnsafeMutablePointer<Int32>, count: Int, from k: Int, free: UnsafePointer<Double>) {
    @inline(__always) func less(_ a: Int32, _ b: Int32) -> Bool {
      let fa = free[Int(a)]
      let fb = free[Int(b)]
      return fa < fb || (fa == fb && a < b)
    }
    var i = k
    let item = heap[i]
    while true {
      var child = 2 * i + 1
      if child >= count { break }
      if child + 1 < count && less(heap[child + 1], heap[child]) { child += 1 }
      if !less(heap[child], item) { break }
      heap[i] = heap[child]
      i = child
    }
    heap[i] = item
  }

  /// Restores the retry heap below `k`: retries ordered by ready time, then insertion order.
  @inline(__always)
  func siftDownRetry(
    lead: UnsafeMutablePointer<Int32>, ready: UnsafeMutablePointer<Double>, seq: UnsafeMutablePointer<Int>,
    count: Int, from k: Int
  ) {
    var i = k
    let (l, r, q) = (lead[i], ready[i], seq[i])
    while true {
      var child = 2 * i + 1
      if child >= count { break }
      if child + 1 < count && (ready[child + 1], seq[child + 1]) < (ready[child], seq[child]) { child += 1 }
      if !((ready[child], seq[child]) < (r, q)) { break }
      (lead[i], ready[i], seq[i]) = (lead[child], ready[child], seq[child])
      i = child
    }
    (lead[i], ready[i], seq[i]) = (l, r, q)
  }

  /// Moves the retry at `k` up the heap to its place.
  @inline(__always)
  func siftUpRetry(
    lead: UnsafeMutablePointer<Int32>, ready: UnsafeMutablePointer<Double>, seq: UnsafeMutablePointer<Int>, at k: Int
  ) {
    var i = k
    let (l, r, q) = (lead[i], ready[i], seq[i])
    while i > 0 {
      let parent = (i - 1) / 2
      if !((r, q) < (ready[parent], seq[parent])) { break }
      (lead[i], ready[i], seq[i]) = (lead[parent], ready[parent], seq[parent])
      i = parent
    }
    (lead[i], ready[i], seq[i]) = (l, r, q)
  }

  /// An opportunity resolving at `closeWall`: won with the close rate then in force, with a
  /// deal size; it counts only inside the horizon (DESIGN.md §3.3, §3.5). One resolving in
  /// the warm-up is not counted and does not become a customer: `existingCustomers` is the
  /// base at the horizon's start.
  func resolveOpportunity<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, closesAt closeWall: Double, pts: UnsafeBufferPointer<CompiledPoint>,
    pool: UnsafeBufferPointer<Double>, using rng: inout G
  ) {
    guard closeWall < horizonEndWall && closeWall >= horizonStartWall else { return }
    let rate = closeRate.rate(at: closeWall, points: pts, drawn: s.rateDraws.base)
    guard rate >= 1 || (rate > 0 && Sample.uniform(using: &rng) < rate) else { return }
    let size = dealSize.draw(at: closeWall, points: pts, pool: pool, using: &rng)
    let m = simulatedMonths
    let month = monthIndex(
      ofWallMinute: closeWall, starts: UnsafeBufferPointer(start: s.monthStartWall.base, count: m + 1))
    let fig = s.figures.base
    fig[Figure.revenue.rawValue * m + month] += size
    fig[Figure.deals.rawValue * m + month] += 1
    s.customerWall.append(closeWall)
    s.customerMonth.append(Int32(month))
    if s.isTracing { s.record(.customerWon, s.customerWall.count - 1, wall: closeWall) }
  }

  /// The CRM's open opportunities: each resolves its remaining days after the horizon's start.
  func resolveOpenPipeline(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    streams: TrialStreams
  ) {
    let start = horizonStartWall
    for o in 0..<openOpportunities {
      var rng = streams.stream(.openOpportunity, UInt64(o))
      let days = remainingDays.draw(at: start, points: pts, pool: pool, using: &rng)
      resolveOpportunity(&s, closesAt: start + days * 1440, pts: pts, pool: pool, using: &rng)
    }
  }
}
