import RealModule

/// One trial: one possible horizon of leads, follow-up, pipeline and service (DESIGN.md §3).
///
/// The kernel touches only the compiled model's scalars, the scratch buffers and the
/// generator: no allocation once buffers have grown, no dictionaries, strings, existentials
/// or locks. Figures land in `scratch.figures` (see ``Figure``).
extension CompiledModel {
  func simulateTrial<G: RandomNumberGenerator>(_ s: inout TrialScratch, using rng: inout G) {
    let m = months
    s.figures.reset(count: Figure.allCases.count * m, to: 0)
    s.queueEvents = 0
    // Trends first: their monthly values become this trial's points (read below as rates,
    // volumes or sizes like any other point). A scenario without trends draws nothing here.
    if !trendDraws.isEmpty { drawTrends(&s, using: &rng) }
    let pts = UnsafeBufferPointer(start: s.points.base, count: s.points.count)
    let pool = UnsafeBufferPointer(start: s.pool.base, count: s.pool.count)

    // Rates: drawn once per trial (every point of every rate parameter).
    s.rateDraws.reset(count: pts.count, to: 0)
    for run in ratePointRuns {
      for p in run.firstPoint..<(run.firstPoint + run.pointCount) {
        s.rateDraws[p] = pts[p].distribution.sample(pool: pool, using: &rng)
      }
    }

    s.customerWall.removeAll()
    s.customerMonth.removeAll()
    generateLeads(&s, pts: pts, pool: pool, using: &rng)
    runFollowUp(&s, pts: pts, pool: pool, using: &rng)
    resolveOpenPipeline(&s, pts: pts, pool: pool, using: &rng)
    // Sales-sourced revenue: a volume, drawn once per month.
    let revenue = s.figures.base + Figure.revenue.rawValue * m
    for month in 0..<m {
      revenue[month] += otherRevenue.draw(at: s.monthStartWall[month], points: pts, pool: pool, using: &rng)
    }
    if hasService {
      runServiceDesk(&s, pts: pts, pool: pool, using: &rng)
    }
  }

  /// Draws each trend once (coefficients and residual SD, then every horizon month from the
  /// prediction distribution given them; ``TrendForecaster``) and writes each field's scaled,
  /// clamped monthly values into its points as fixed values.
  func drawTrends<G: RandomNumberGenerator>(_ s: inout TrialScratch, using rng: inout G) {
    let m = months
    let coefficients = s.trendCoefficients.base
    let values = s.trendValues.base
    for k in 0..<trendDraws.count {
      let forecaster = trendDraws[k].forecaster
      forecaster.draw(
        coefficients: UnsafeMutableBufferPointer(
          start: coefficients + trendDraws[k].coefficientOffset, count: forecaster.coefficientCount),
        values: UnsafeMutableBufferPointer(start: values + k * m, count: m), using: &rng)
    }
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
  func generateLeads<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) {
    let m = months
    let fig = s.figures.base
    let sourceCount = sourceLeads.count
    s.sqlArrival.removeAll()
    s.sqlMonth.removeAll()
    s.sourceLambda.reset(count: sourceCount, to: 0)
    let drawn = s.rateDraws.base
    for month in 0..<m {
      let monthStart = s.monthStartWall[month]
      var total = 0.0
      for k in 0..<sourceCount {
        // A heavy-tailed draw is capped at the field's limit (issue 6d), so a month never holds more leads.
        let lambda = Swift.min(
          Swift.max(0, sourceLeads[k].draw(at: monthStart, points: pts, pool: pool, using: &rng)),
          ScenarioDecoder.maximumLeadsPerMonth)
        total += lambda
        s.sourceLambda[k] = total  // cumulative, for picking a lead's source
      }
      guard total > 0 else { continue }
      let share = s.businessShare[month]
      // Business-hours arrivals: a Poisson process in business minutes of the month.
      s.openArrivals.removeAll()
      let b0 = s.monthStartBusiness[month]
      let b1 = s.monthStartBusiness[month + 1]
      // A vanishing volume (a subnormal mean) gives an infinite gap: no arrivals then.
      if share > 0 && b1 > b0 && (b1 - b0) / (total * share) < .infinity {
        let meanGap = (b1 - b0) / (total * share)
        var t = b0 + Sample.exponential(mean: meanGap, using: &rng)
        while t < b1 {
          s.openArrivals.append(t)
          t += Sample.exponential(mean: meanGap, using: &rng)
        }
      }
      // Closed-hours arrivals: a Poisson process in closed minutes, mapped to the wall
      // clock; in business time each waits for the next opening.
      s.closedArrivals.removeAll()
      s.closedArrivalsWall.removeAll()
      let c0 = s.monthStartClosed[month]
      let c1 = s.monthStartClosed[month + 1]
      if share < 1 && c1 > c0 && (c1 - c0) / (total * (1 - share)) < .infinity {
        let meanGap = (c1 - c0) / (total * (1 - share))
        var x = c0 + Sample.exponential(mean: meanGap, using: &rng)
        while x < c1 {
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
        } else {
          business = s.closedArrivals[j]
          wall = s.closedArrivalsWall[j]
          j += 1
        }
        // Source: P(k) = lambda_k / total.
        let u = Sample.uniform(using: &rng) * total
        var k = 0
        while k < sourceCount - 1 && s.sourceLambda[k] <= u { k += 1 }
        let valueParameter = sourceValue[k]
        let qualifyParameter = sourceQualify[k]
        if wall.isNaN && (valueParameter.isScheduled || qualifyParameter.isScheduled) {
          wall = clock.wallMinute(atBusinessMinute: business)
        }
        fig[Figure.leadValue.rawValue * m + month] += valueParameter.draw(
          at: wall, points: pts, pool: pool, using: &rng)
        let q = qualifyParameter.rate(at: wall, points: pts, drawn: drawn)
        if q >= 1 || (q > 0 && Sample.uniform(using: &rng) < q) {
          s.sqlArrival.append(business)
          s.sqlMonth.append(Int32(month))
          fig[Figure.sqls.rawValue * m + month] += 1
        }
      }
    }
  }

  /// DESIGN.md §3.2–3.3: the follow-up queue in business time, then the pipeline.
  ///
  /// `reps` servers; first attempts first-come first-served and before any retry; an
  /// unconnected lead becomes ready again `retryAfterHours` after its attempt ends, up to
  /// `maxAttempts`. Every attempt takes the same time, so attempts start in non-decreasing
  /// order and end in start order: the reps' free times form a FIFO ring and so do retries,
  /// which makes each attempt O(1).
  func runFollowUp<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) {
    let m = months
    let fig = s.figures.base
    let n = s.sqlArrival.count
    s.sqlFirstTouch.reset(count: n, to: 0)
    s.sqlAttempts.reset(count: n, to: 0)
    s.retryLead.reset(count: Swift.max(n, 1), to: 0)
    s.retryReady.reset(count: Swift.max(n, 1), to: 0)
    s.repFree.reset(count: reps, to: 0)
    let drawn = s.rateDraws.base
    let arrival = s.sqlArrival.base
    let ringSize = Swift.max(n, 1)
    var retryHead = 0
    var retryCount = 0
    var repHead = 0
    var next = 0
    var events = 0
    let duration = attemptBusinessMinutes
    while next < n || retryCount > 0 {
      let free = s.repFree[repHead]
      let firstReady = next < n ? arrival[next] : .infinity
      let retryReady = retryCount > 0 ? s.retryReady[retryHead] : .infinity
      let lead: Int
      let start: Double
      if firstReady <= free {
        lead = next
        next += 1
        start = free
      } else if retryReady <= free {
        lead = Int(s.retryLead[retryHead])
        retryHead = retryHead + 1 == ringSize ? 0 : retryHead + 1
        retryCount -= 1
        start = free
      } else if firstReady <= retryReady {
        lead = next
        next += 1
        start = firstReady
      } else {
        lead = Int(s.retryLead[retryHead])
        retryHead = retryHead + 1 == ringSize ? 0 : retryHead + 1
        retryCount -= 1
        start = retryReady
      }
      let end = start + duration
      s.repFree[repHead] = end
      repHead = repHead + 1 == reps ? 0 : repHead + 1
      events += 1

      let month = Int(s.sqlMonth[lead])
      let attempts = s.sqlAttempts[lead] + 1
      s.sqlAttempts[lead] = attempts
      if attempts == 1 {
        let wait = start - arrival[lead]
        s.sqlFirstTouch[lead] = wait
        fig[Figure.firstTouched.rawValue * m + month] += 1
        if wait <= firstTouchWithinMinutes { fig[Figure.firstTouchedWithin.rawValue * m + month] += 1 }
      }
      let connect =
        connectRate.isScheduled
        ? connectRate.rate(at: clock.wallMinute(atBusinessMinute: start), points: pts, drawn: drawn)
        : drawn[connectRate.firstPoint]
      if connect >= 1 || (connect > 0 && Sample.uniform(using: &rng) < connect) {
        let connectedWall = clock.wallMinute(atBusinessMinute: end)
        let fast = s.sqlFirstTouch[lead] <= fastWithinMinutes
        let rate = (fast ? fastRate : slowRate).rate(at: connectedWall, points: pts, drawn: drawn)
        if rate >= 1 || (rate > 0 && Sample.uniform(using: &rng) < rate) {
          let days = cycleDays.draw(at: connectedWall, points: pts, pool: pool, using: &rng)
          resolveOpportunity(&s, closesAt: connectedWall + days * 1440, pts: pts, pool: pool, using: &rng)
        }
      } else if Int(attempts) < maxAttempts {
        let tail = (retryHead + retryCount) % ringSize
        s.retryLead[tail] = Int32(lead)
        s.retryReady[tail] = end + retryBusinessMinutes
        retryCount += 1
      } else {
        fig[Figure.unconnected.rawValue * m + month] += 1
        fig[Figure.unconnectedAttempts.rawValue * m + month] += Double(attempts)
      }
    }
    s.queueEvents += events
  }

  /// An opportunity resolving at `closeWall`: won with the close rate then in force, with a
  /// deal size; it counts only inside the horizon (DESIGN.md §3.3, §3.5).
  func resolveOpportunity<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, closesAt closeWall: Double, pts: UnsafeBufferPointer<CompiledPoint>,
    pool: UnsafeBufferPointer<Double>, using rng: inout G
  ) {
    guard closeWall < horizonEndWall else { return }
    let rate = closeRate.rate(at: closeWall, points: pts, drawn: s.rateDraws.base)
    guard rate >= 1 || (rate > 0 && Sample.uniform(using: &rng) < rate) else { return }
    let size = dealSize.draw(at: closeWall, points: pts, pool: pool, using: &rng)
    let month = monthIndex(
      ofWallMinute: closeWall, starts: UnsafeBufferPointer(start: s.monthStartWall.base, count: months + 1))
    let fig = s.figures.base
    fig[Figure.revenue.rawValue * months + month] += size
    fig[Figure.deals.rawValue * months + month] += 1
    s.customerWall.append(closeWall)
    s.customerMonth.append(Int32(month))
  }

  /// The CRM's open opportunities: each resolves after its remaining days.
  func resolveOpenPipeline<G: RandomNumberGenerator>(
    _ s: inout TrialScratch, pts: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) {
    for _ in 0..<openOpportunities {
      let days = remainingDays.draw(at: 0, points: pts, pool: pool, using: &rng)
      resolveOpportunity(&s, closesAt: days * 1440, pts: pts, pool: pool, using: &rng)
    }
  }
}
