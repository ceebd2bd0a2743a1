/// How `slasim plan` splits the annual revenue target across the horizon's months.
public enum QuotaSplitMethod: String, Sendable, CaseIterable {
  /// Every month's quota has the same probability of being met (the default).
  case equalRisk = "equal-risk"
  /// The target divided by the number of months.
  case even
  /// In proportion to each month's expected revenue.
  case forecast
}

/// One way of splitting the target, scored by simulation: each month's quota and the
/// probability of meeting it, of meeting every month, and of reaching the total.
public struct QuotaSplit: Sendable {
  /// `equal-risk`, `even`, `forecast`, or `assigned` (the reps' quotas under `--over-assign`).
  public var name: String
  /// Whole cents, summing to ``total`` to the cent.
  public var quotas: [Double]
  public var total: Double
  public var monthProbabilities: [ProportionEstimate]
  /// Every month met in the same trial.
  public var allMonths: ProportionEstimate
  /// The horizon's revenue reaching ``total``.
  public var annual: ProportionEstimate
  /// Equal-risk only: the level of the monthly revenue distributions the quotas sit at (see
  /// docs/plan.md); `nil` for the other splits.
  public var commonProbability: Double?
}

/// Reps who share one capacity profile (the scenario's `reps`, or one `hires` entry), and
/// the quota of each of them by month.
public struct RepQuotaGroup: Sendable {
  /// `reps`, or `hires from 2027-03 (ramp 3 months)`.
  public var name: String
  public var reps: Int
  /// The hire entry, `nil` for the scenario's `reps`.
  public var hire: Hire?
  /// Each rep's share of a full rep's hours, by month (1 for the scenario's `reps`).
  public var capacityFactors: [Double]
  /// Each rep's quota by month.
  public var quotas: [Double]
}

/// The leads one source must deliver each month for the planned quotas (reverse funnel).
public struct SourceLeadPlan: Sendable {
  public var name: String
  /// The scenario's expected leads from the source, by month.
  public var expectedLeads: [Double]
  /// The leads the source must deliver, by month; `nil` where no number of leads reaches the
  /// quota (a funnel that converts no lead into a customer).
  public var leadsNeeded: [Double?]
}

/// The result of `slasim plan` (docs/plan.md).
public struct QuotaPlan: Sendable {
  public var scenarioName: String
  public var seed: UInt64
  public var threads: Int
  public var seconds: Double
  public var trials: Int
  /// Each horizon month's first day.
  public var months: [CivilDate]
  public var annualRevenue: Double
  public var method: QuotaSplitMethod
  /// Each month's simulated revenue: mean and standard error of the mean.
  public var revenueMean: [Double]
  public var revenueStdError: [Double]
  /// `equal-risk`, `even` and `forecast`, in that order.
  public var splits: [QuotaSplit]
  /// `--over-assign`'s factor F (1 when not given).
  public var overAssign: Double
  /// The company's probabilities when the reps' quotas, F × the chosen split, are the target;
  /// `nil` when F is 1.
  public var assigned: QuotaSplit?
  /// Full-rep equivalents by month (``Sales/capacity(monthStarting:)``).
  public var capacity: [Double]
  public var repGroups: [RepQuotaGroup]
  /// Total leads needed by month (reverse funnel at the chosen quotas); `nil` where unreachable.
  public var leadsNeeded: [Double?]
  public var sources: [SourceLeadPlan]
  /// The chosen quotas' probabilities when every source delivers exactly its planned leads a
  /// month (its volume fixed at the plan, arrivals still Poisson); `nil` when a month's
  /// leads are unreachable.
  public var delivered: QuotaSplit?

  /// The split the planner asked for.
  public var chosen: QuotaSplit {
    splits.first { $0.name == method.rawValue } ?? splits[0]
  }
}

extension SimulationEngine {
  /// Relative accuracy of the monthly revenue histograms that place the equal-risk quotas
  /// (a quota is within 0.02% below the order statistic it stands for).
  static let planHistogramAccuracy = 1e-4

  /// Splits `annualRevenue` over the horizon's months (docs/plan.md).
  ///
  /// Three simulations of the same trials (`0..<trials` at `seed`, so the same trials each
  /// time): the first gives each month's revenue distribution (constant-memory histograms),
  /// from which the splits are computed; the second scores every split's quotas on the same
  /// trials, exactly; the third runs the scenario with each source delivering its planned
  /// leads and scores the chosen split.
  ///
  /// - Parameters:
  ///   - annualRevenue: The target over the whole horizon, at least 0.
  ///   - overAssign: F ≥ 1: the reps' quotas add up to F × the target.
  ///   - progress: Called after each block with (trials done, trials in all three passes).
  public func plan(
    annualRevenue: Double, method: QuotaSplitMethod, overAssign: Double, trials: Int, seed: UInt64, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> QuotaPlan {
    precondition(trials > 0 && threads > 0, "trials and threads must be positive")
    precondition(annualRevenue >= 0 && annualRevenue.isFinite, "annualRevenue \(annualRevenue) is not a finite amount ≥ 0")
    precondition(overAssign >= 1 && overAssign.isFinite, "overAssign \(overAssign) is below 1")
    let clock = ContinuousClock()
    let started = clock.now
    let model = self.model
    let months = model.months
    let scenario = model.scenario
    let threads = Self.threadsUsed(requested: threads, trials: trials)
    let total = 3 * trials
    var done = 0

    // Pass 1: each month's revenue distribution.
    var histograms = Array(repeating: FloorHistogram(relativeAccuracy: Self.planHistogramAccuracy), count: months)
    var moments = Array(repeating: StreamingMoments(), count: months)
    await Self.simulate(
      model: model, trials: 0..<trials, seed: seed, threads: threads,
      makeRecorder: { model, count in MonthlyRevenueRecorder(months: model.months, expectedTrials: count) }
    ) { block in
      for (i, x) in block.values.enumerated() {
        histograms[i % months].add(x)
        moments[i % months].add(x)
      }
      done += block.values.count / Swift.max(months, 1)
      progress?(done, total)
    }

    let target = QuotaArithmetic.wholeCents(annualRevenue)
    let equalRisk = QuotaArithmetic.equalRisk(histograms.map { $0.steps() }, trials: trials, total: target)
    let means = moments.map(\.mean)
    let meanTotal = means.reduce(0, +)
    let forecastQuotas =
      meanTotal > 0 ? QuotaArithmetic.cents(means.map { $0 / meanTotal * target }, total: target)
      : QuotaArithmetic.cents(Array(repeating: target / Double(months), count: months), total: target)
    let evenQuotas = QuotaArithmetic.cents(Array(repeating: target / Double(months), count: months), total: target)
    var candidates: [(name: String, quotas: [Double], total: Double)] = [
      (QuotaSplitMethod.equalRisk.rawValue, equalRisk.quotas, target),
      (QuotaSplitMethod.even.rawValue, evenQuotas, target),
      (QuotaSplitMethod.forecast.rawValue, forecastQuotas, target),
    ]
    let chosenQuotas = candidates.first { $0.name == method.rawValue }?.quotas ?? equalRisk.quotas
    if overAssign != 1 {
      let assignedTotal = QuotaArithmetic.wholeCents(overAssign * target)
      candidates.append(("assigned", QuotaArithmetic.cents(chosenQuotas.map { $0 * overAssign }, total: assignedTotal), assignedTotal))
    }

    // Pass 2: every split's quotas on the same trials.
    let scored = await Self.score(
      model: model, quotas: candidates.map(\.quotas), totals: candidates.map(\.total), trials: trials, seed: seed,
      threads: threads
    ) { n in
      progress?(done + n, total)
    }
    done += trials
    var splits = candidates.indices.map { i in
      QuotaSplit(
        name: candidates[i].name, quotas: candidates[i].quotas, total: candidates[i].total,
        monthProbabilities: (0..<months).map { scored.month(split: i, $0) }, allMonths: scored.allMonths(split: i),
        annual: scored.annual(split: i), commonProbability: i == 0 ? equalRisk.level : nil)
    }
    let assigned = overAssign != 1 ? splits.removeLast() : nil

    // Reps: each month's quota in proportion to capacity.
    let monthStarts = (0..<months).map { scenario.horizon.start.firstOfMonth(adding: $0) }
    let capacity = monthStarts.map { scenario.sales.capacity(monthStarting: $0) }
    var groups = [
      RepQuotaGroup(
        name: "reps", reps: scenario.sales.reps, hire: nil, capacityFactors: Array(repeating: 1, count: months), quotas: [])
    ]
    for hire in scenario.sales.hires {
      let ramp = hire.rampMonths == 0 ? "" : " (ramp \(hire.rampMonths) month\(hire.rampMonths == 1 ? "" : "s"))"
      groups.append(
        RepQuotaGroup(
          name: "hires from \(hire.from.yearMonthText)\(ramp)", reps: hire.reps, hire: hire,
          capacityFactors: monthStarts.map { hire.capacityFactor(monthStarting: $0) }, quotas: []))
    }
    for g in groups.indices {
      groups[g].quotas = (0..<months).map { m in
        capacity[m] > 0 ? overAssign * chosenQuotas[m] * groups[g].capacityFactors[m] / capacity[m] : 0
      }
    }

    // Sources: the reverse funnel at the chosen quotas, split in each month's expected mix.
    let planned = QuotaArithmetic.scenario(scenario, revenueGoals: chosenQuotas)
    let funnels = ReverseFunnel.monthlyPlans(for: planned) ?? []
    let leadsNeeded: [Double?] = funnels.map { $0.leadsNeeded.isFinite ? $0.leadsNeeded : nil }
    let expected = scenario.marketing.sources.map { source in monthStarts.map { source.leadsPerMonth.mean(on: $0) } }
    let sources = scenario.marketing.sources.indices.map { k in
      SourceLeadPlan(
        name: scenario.marketing.sources[k].name, expectedLeads: expected[k],
        leadsNeeded: (0..<months).map { m in
          guard m < leadsNeeded.count, let needed = leadsNeeded[m] else { return nil }
          let all = expected.reduce(0) { $0 + $1[m] }
          return all > 0 ? needed * expected[k][m] / all : needed / Double(expected.count)
        })
    }

    // Pass 3: the chosen quotas when Marketing delivers the plan.
    var delivered: QuotaSplit?
    if sources.allSatisfy({ $0.leadsNeeded.allSatisfy { $0 != nil } }) {
      let deliveredScenario = QuotaArithmetic.scenario(
        planned, sourceLeads: sources.map { $0.leadsNeeded.map { $0 ?? 0 } })
      let deliveredModel = CompiledModel(deliveredScenario)
      let check = await Self.score(
        model: deliveredModel, quotas: [chosenQuotas], totals: [target], trials: trials, seed: seed, threads: threads
      ) { n in
        progress?(done + n, total)
      }
      delivered = QuotaSplit(
        name: "delivered", quotas: chosenQuotas, total: target,
        monthProbabilities: (0..<months).map { check.month(split: 0, $0) }, allMonths: check.allMonths(split: 0),
        annual: check.annual(split: 0), commonProbability: nil)
    }
    done += trials
    progress?(done, total)

    return QuotaPlan(
      scenarioName: scenario.name, seed: seed, threads: threads, seconds: (clock.now - started).seconds,
      trials: trials, months: monthStarts, annualRevenue: target, method: method, revenueMean: means,
      revenueStdError: moments.map { $0.count > 0 ? $0.standardDeviation / Double($0.count).squareRoot() : 0 },
      splits: splits, overAssign: overAssign, assigned: assigned, capacity: capacity, repGroups: groups,
      leadsNeeded: leadsNeeded, sources: sources, delivered: delivered)
  }

  /// Scores `quotas` (one array of monthly quotas per split, with its horizon total) on trials
  /// `0..<trials` at `seed`; `progress` gets the trials scored so far.
  static func score(
    model: CompiledModel, quotas: [[Double]], totals: [Double], trials: Int, seed: UInt64, threads: Int,
    progress: (Int) -> Void
  ) async -> QuotaScores {
    var scores = QuotaScores(quotas: quotas, totals: totals)
    await simulate(
      model: model, trials: 0..<trials, seed: seed, threads: threads,
      makeRecorder: { _, _ in QuotaScores(quotas: quotas, totals: totals) }
    ) { block in
      scores.fold(block)
      progress(scores.trials)
    }
    return scores
  }
}

/// Pass 1 of a plan: one block's monthly revenues, trial-major (a block's worth of numbers,
/// handed to the histograms in block order and then dropped).
struct MonthlyRevenueRecorder: TrialRecorder {
  let months: Int
  var values: [Double] = []

  init(months: Int, expectedTrials: Int) {
    self.months = months
    values.reserveCapacity(months * expectedTrials)
  }

  mutating func record(_ s: borrowing TrialScratch, model: CompiledModel) {
    let revenue = s.figures.base + Figure.revenue.rawValue * months
    for month in 0..<months { values.append(revenue[month]) }
  }
}

/// Pass 2 of a plan: for each split, the trials meeting each month's quota, every month, and
/// the horizon total. A month is met when its revenue reaches the quota, as `run` scores
/// `sales.goals.revenuePerMonth` (``CompiledModel/goalMet(_:month:fig:)``).
struct QuotaScores: TrialRecorder {
  let quotas: [[Double]]
  let totals: [Double]
  var trials = 0
  /// Split-major: `monthMet[split * months + month]`.
  var monthMet: [Int]
  var allMet: [Int]
  var totalMet: [Int]

  init(quotas: [[Double]], totals: [Double]) {
    self.quotas = quotas
    self.totals = totals
    monthMet = Array(repeating: 0, count: quotas.reduce(0) { $0 + $1.count })
    allMet = Array(repeating: 0, count: quotas.count)
    totalMet = Array(repeating: 0, count: quotas.count)
  }

  mutating func record(_ s: borrowing TrialScratch, model: CompiledModel) {
    let m = model.months
    let revenue = s.figures.base + Figure.revenue.rawValue * m
    trials += 1
    var horizon = 0.0
    for month in 0..<m { horizon += revenue[month] }
    for (i, q) in quotas.enumerated() {
      var all = true
      for month in 0..<m {
        if revenue[month] >= q[month] { monthMet[i * m + month] += 1 } else { all = false }
      }
      if all { allMet[i] += 1 }
      if horizon >= totals[i] { totalMet[i] += 1 }
    }
  }

  mutating func fold(_ other: QuotaScores) {
    trials += other.trials
    for i in monthMet.indices { monthMet[i] += other.monthMet[i] }
    for i in allMet.indices {
      allMet[i] += other.allMet[i]
      totalMet[i] += other.totalMet[i]
    }
  }

  func month(split: Int, _ month: Int) -> ProportionEstimate {
    ProportionEstimate(successes: monthMet[split * quotas[split].count + month], trials: trials)
  }
  func allMonths(split: Int) -> ProportionEstimate { ProportionEstimate(successes: allMet[split], trials: trials) }
  func annual(split: Int) -> ProportionEstimate { ProportionEstimate(successes: totalMet[split], trials: trials) }
}

/// The arithmetic of a plan, apart from the simulation (docs/plan.md).
enum QuotaArithmetic {
  /// `x` rounded to whole cents.
  static func wholeCents(_ x: Double) -> Double { (x * 100).rounded() / 100 }

  /// `quotas` (non-negative) rounded to whole cents that add up to `total` (whole cents)
  /// exactly: each is scaled so that they sum to `total`, floored to a cent, and the cents
  /// left over go one each to the largest remainders (the earlier month on a tie).
  static func cents(_ quotas: [Double], total: Double) -> [Double] {
    guard !quotas.isEmpty else { return [] }
    let totalCents = Int64((total * 100).rounded())
    let sum = quotas.reduce(0, +)
    let shares = sum > 0 ? quotas.map { $0 / sum } : Array(repeating: 1 / Double(quotas.count), count: quotas.count)
    let exact = shares.map { $0 * Double(totalCents) }
    var whole = exact.map { Int64($0.rounded(.down)) }
    var left = totalCents - whole.reduce(0, +)
    let order = exact.indices.sorted { a, b in
      let ra = exact[a] - Double(whole[a])
      let rb = exact[b] - Double(whole[b])
      return ra != rb ? ra > rb : a < b
    }
    var i = 0
    while left > 0 {
      whole[order[i % order.count]] += 1
      left -= 1
      i += 1
    }
    while left < 0 {
      let j = order[order.count - 1 - i % order.count]
      if whole[j] > 0 {
        whole[j] -= 1
        left += 1
      }
      i += 1
    }
    return whole.map { Double($0) / 100 }
  }

  /// The value at rank `r` (0-based) of one month's (floor, cumulative count) steps.
  static func value(_ steps: [(floor: Double, cumulative: Int)], rank r: Int) -> Double {
    var lo = 0
    var hi = steps.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if steps[mid].cumulative > r { hi = mid } else { lo = mid + 1 }
    }
    return steps[lo].floor
  }

  /// The equal-risk quotas: every month's revenue quantile at one common rank, found by
  /// bisection so that they add up to `total`.
  ///
  /// `S(r) = Σₘ Qₘ(r)`, with `Qₘ(r)` month m's value at rank r, never decreases in r, so the
  /// largest r with `S(r) ≤ total` is found by bisection; the quotas are then interpolated
  /// between ranks r and r + 1 by the one fraction λ that makes them sum to `total`. Each
  /// month's quota is met by about `n − r − λ` of the `n` trials: `level = (n − r − λ)/n`.
  static func equalRisk(
    _ steps: [[(floor: Double, cumulative: Int)]], trials n: Int, total: Double
  ) -> (quotas: [Double], level: Double) {
    let months = steps.count
    guard months > 0, n > 0, steps.allSatisfy({ !$0.isEmpty }) else { return ([], 0) }
    func values(_ r: Int) -> [Double] { steps.map { value($0, rank: r) } }
    func sum(_ r: Int) -> Double { steps.reduce(0) { $0 + value($1, rank: r) } }
    let lowest = values(0)
    let lowestSum = lowest.reduce(0, +)
    if total <= lowestSum {
      // Below every trial's revenue: every month is met in every trial.
      return (cents(lowestSum > 0 ? lowest : Array(repeating: 1, count: months), total: total), 1)
    }
    let highest = values(n - 1)
    let highestSum = highest.reduce(0, +)
    if total >= highestSum {
      // At or beyond the best trial in every month at once.
      return (cents(highestSum > 0 ? highest : Array(repeating: 1, count: months), total: total), total == highestSum ? 1 / Double(n) : 0)
    }
    // sum(lo) ≤ total < sum(hi)
    var lo = 0
    var hi = n - 1
    while hi - lo > 1 {
      let mid = lo + (hi - lo) / 2
      if sum(mid) <= total { lo = mid } else { hi = mid }
    }
    let a = values(lo)
    let b = values(hi)
    let sa = a.reduce(0, +)
    let sb = b.reduce(0, +)
    let lambda = sb > sa ? (total - sa) / (sb - sa) : 0
    let quotas = zip(a, b).map { $0 + lambda * ($1 - $0) }
    return (cents(quotas, total: total), (Double(n - lo) - lambda) / Double(n))
  }

  /// `scenario` with `sales.goals.revenuePerMonth` set to `revenueGoals`, a step schedule of
  /// one value per horizon month.
  static func scenario(_ scenario: Scenario, revenueGoals: [Double]) -> Scenario {
    var out = scenario
    out.sales.goals.revenuePerMonth = monthlySchedule(revenueGoals, start: scenario.horizon.start)
    return out
  }

  /// `scenario` with each source's `leadsPerMonth` fixed at `sourceLeads[k]`, by month.
  static func scenario(_ scenario: Scenario, sourceLeads: [[Double]]) -> Scenario {
    var out = scenario
    for k in out.marketing.sources.indices {
      out.marketing.sources[k].leadsPerMonth = monthlySchedule(sourceLeads[k], start: scenario.horizon.start)
    }
    return out
  }

  /// A step schedule of fixed values, one from each month's first day.
  static func monthlySchedule(_ values: [Double], start: CivilDate) -> Value {
    .schedule(
      Schedule(
        points: values.enumerated().map { SchedulePoint(from: start.firstOfMonth(adding: $0), value: .fixed($1)) },
        interpolation: .step))
  }
}

extension CivilDate {
  /// `2027-03`.
  var yearMonthText: String { String(description.prefix(7)) }
}
