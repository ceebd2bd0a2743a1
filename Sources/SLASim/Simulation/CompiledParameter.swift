import RealModule

/// A scenario value compiled for the kernel: a run of schedule points in the model's point table.
///
/// A plain value or distribution is one point that holds for all time. A schedule is its
/// points in date order; before the first date the first point holds, and before
/// `heldBefore` the value in force at it holds.

struct CompiledParameter: Sendable, Equatable {
  /// Index of the first point in ``CompiledModel/points``.
  var firstPoint: Int
  var pointCount: Int
  /// Ramps linearly between points instead of stepping.
  var linear: Bool
  /// The horizon's start: warm-up months before it run on the inputs in force at it
  /// (``SimulationSettings/warmUpMonths``), so a schedule's earlier points and ramps never apply.
  var heldBefore = -Double.infinity
}

/// One schedule point: from `wallMinute` on, values come from `distribution`.

struct CompiledPoint: Sendable, Equatable, BitwiseCopyable {
  var wallMinute: Double
  var distribution: CompiledDistribution
}

/// The schedule segment in force at a time: the point before and the weight of the next one.

struct Segment {
  var point: Int
  /// 0 for a step (or outside the ramps); in (0, 1) inside a linear ramp toward `point + 1`.
  var weight: Double
}

extension CompiledParameter {
  /// Finds the segment in force at `wallMinute`.
  ///
  /// Linear scan: schedules have a handful of points.
  func segment(at time: Double, points: UnsafeBufferPointer<CompiledPoint>) -> Segment {
    if pointCount == 1 { return Segment(point: firstPoint, weight: 0) }
    let wallMinute = Swift.max(time, heldBefore)
    var i = firstPoint
    let last = firstPoint + pointCount - 1
    while i < last && points[i + 1].wallMinute <= wallMinute { i += 1 }
    if linear && i < last && wallMinute > points[i].wallMinute {
      let t0 = points[i].wallMinute
      let t1 = points[i + 1].wallMinute
      return Segment(point: i, weight: (wallMinute - t0) / (t1 - t0))
    }
    return Segment(point: i, weight: 0)
  }

  /// A rate drawn once per trial: this trial's draws of every point are in `drawn`
  /// (indexed like the point table); ramps interpolate the drawn values.
  func rate(at wallMinute: Double, points: UnsafeBufferPointer<CompiledPoint>, drawn: UnsafeMutablePointer<Double>)
    -> Double
  {
    let s = segment(at: wallMinute, points: points)
    if s.weight == 0 { return drawn[s.point] }
    return (1 - s.weight) * drawn[s.point] + s.weight * drawn[s.point + 1]
  }

  /// A fresh draw of the value in force at `wallMinute` (volumes per month, sizes per event).
  ///
  /// Inside a linear ramp it draws from both neighbouring points and interpolates the two
  /// draws: exact for fixed points, and the mean ramps linearly for distributions.
  func draw<G: RandomNumberGenerator>(
    at wallMinute: Double, points: UnsafeBufferPointer<CompiledPoint>, pool: UnsafeBufferPointer<Double>,
    using rng: inout G
  ) -> Double {
    let s = segment(at: wallMinute, points: points)
    let x = points[s.point].distribution.sample(pool: pool, using: &rng)
    if s.weight == 0 { return x }
    let y = points[s.point + 1].distribution.sample(pool: pool, using: &rng)
    return (1 - s.weight) * x + s.weight * y
  }

  /// Whether the value can change with time (a schedule of more than one point).
  var isScheduled: Bool { pointCount > 1 }

  /// The first step of this step schedule strictly after `t` and before `end`, or `end`.
  ///
  /// Plain values and linear ramps have no steps (a ramped volume is read where its piece
  /// starts); a trend's points fall on month starts. Steps before `heldBefore` do not apply.
  func nextStep(after t: Double, before end: Double, points: UnsafeBufferPointer<CompiledPoint>) -> Double {
    guard pointCount > 1, !linear else { return end }
    let after = Swift.max(t, heldBefore)
    for i in firstPoint..<(firstPoint + pointCount) where points[i].wallMinute > after {
      return Swift.min(points[i].wallMinute, end)
    }
    return end
  }
}

extension CompiledParameter {
  /// The probability of surviving a per-month hazard `c(t)` (this trial's drawn rate schedule)
  /// from wall minute `a` to `b`, pro rata over a month of `monthMinutes` minutes:
  /// `exp(∫ₐᵇ log(1 − c(t)) dt / monthMinutes)`.
  ///
  /// Inside one constant piece this is `(1 − c)^((b − a) / monthMinutes)`, computed with `pow`
  /// exactly as the unscheduled case; a step that falls inside `[a, b)` weights each rate by
  /// the time it is in force, so a month's churn is that month's own rate. On a linear ramp
  /// from `x` to `y`, `∫ log(1 − c)` has the closed form
  /// `L · ((g(1 − x) − g(1 − y)) / (y − x) − 1)` with `g(u) = u log u` (`g(0) = 0`).
  func survival(
    from a: Double, to b: Double, monthMinutes: Double, points: UnsafeBufferPointer<CompiledPoint>,
    drawn: UnsafeMutablePointer<Double>
  ) -> Double {
    if a < heldBefore {
      // Warm-up time: the rate in force at the horizon's start, constant.
      let c = rate(at: heldBefore, points: points, drawn: drawn)
      let held = Double.pow(1 - c, (Swift.min(b, heldBefore) - a) / monthMinutes)
      guard b > heldBefore else { return held }
      return held * survival(from: heldBefore, to: b, monthMinutes: monthMinutes, points: points, drawn: drawn)
    }
    let first = firstPoint
    let last = firstPoint + pointCount - 1
    var i = segment(at: a, points: points).point
    let next = i < last ? points[i + 1].wallMinute : Double.infinity
    // One constant piece: a plain rate, a step schedule with no step inside [a, b), or a ramp
    // schedule wholly before its first point or after its last.
    let constant =
      linear ? (b <= points[first].wallMinute || (i == last && a >= points[last].wallMinute)) : b <= next
    if constant { return Double.pow(1 - drawn[i], (b - a) / monthMinutes) }
    var logSurvival = 0.0
    var lo = a
    while lo < b {
      let ti = points[i].wallMinute
      if lo < ti {
        // Before the first point its value holds.
        let pieceEnd = Swift.min(ti, b)
        logSurvival += (pieceEnd - lo) * Double.log(onePlus: -drawn[i])
        lo = pieceEnd
        continue
      }
      let pieceEnd = i < last ? Swift.min(points[i + 1].wallMinute, b) : b
      if linear && i < last {
        let t1 = points[i + 1].wallMinute
        let x = drawn[i] + (drawn[i + 1] - drawn[i]) * (lo - ti) / (t1 - ti)
        let y = drawn[i] + (drawn[i + 1] - drawn[i]) * (pieceEnd - ti) / (t1 - ti)
        logSurvival += (pieceEnd - lo) * Self.meanLogOneMinus(from: x, to: y)
      } else {
        logSurvival += (pieceEnd - lo) * Double.log(onePlus: -drawn[i])
      }
      lo = pieceEnd
      i += 1
    }
    return Double.exp(logSurvival / monthMinutes)
  }

  /// The mean of `log(1 − c)` as `c` runs linearly from `x` to `y` (both in [0, 1]).
  static func meanLogOneMinus(from x: Double, to y: Double) -> Double {
    // Close values: the midpoint rule, whose error is O((y − x)²) and so below 1e-12 here;
    // the closed form would cancel catastrophically.
    if Swift.abs(y - x) < 1e-6 { return Double.log(onePlus: -(x + y) / 2) }
    func g(_ u: Double) -> Double { u > 0 ? u * Double.log(u) : 0 }
    return (g(1 - x) - g(1 - y)) / (y - x) - 1
  }
}
