/// Renders a ``SimulationResult`` as JSON, CSV or a terminal table.
///
/// The JSON field paths are the stable contract of DESIGN.md §5 (documented in
/// `docs/output.md`); the CSV is the same tree flattened to `field,value` rows whose field
/// is the JSON path, so scripts can use either.
public struct RunReport: TreeReport, Sendable {
  public var result: SimulationResult
  /// Scenario warnings, recorded in JSON and CSV (the command line prints them to stderr).
  public var warnings: [String]
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(result: SimulationResult, warnings: [String] = [], includeTiming: Bool = true) {
    self.result = result
    self.warnings = warnings
    self.includeTiming = includeTiming
  }

  public func write<W: TreeWriter>(to w: inout W) { write(to: &w, charts: false) }

  /// Everything after the `run` object, in the open top object: months, parties, joint,
  /// escalation, KPIs, plan and warnings (`compare` writes it under `a` and `b`).
  func writeBody<W: TreeWriter>(to w: inout W) {
    let r = result
    w.beginArray("months")
    for month in r.months { w.string(nil, month) }
    w.endArray()

    w.beginObject("parties")
    for party in r.parties {
      w.beginObject(party.party.rawValue)
      Self.probability(&w, "probability", party.probability)
      monthly(&w, party.byMonth, targets: nil)
      w.beginObject("goals")
      for goal in party.goals {
        w.beginObject(goal.key)
        Self.probability(&w, "probability", goal.probability)
        monthly(&w, goal.byMonth, targets: goal.targets)
        w.endObject()
      }
      w.endObject()
      w.endObject()
    }
    w.endObject()

    w.beginObject("joint")
    Self.probability(&w, "probability", r.joint)
    monthly(&w, r.jointByMonth, targets: nil)
    w.endObject()

    w.beginObject("conditional")
    Self.probability(&w, "salesGivenMarketingMet", r.salesGivenMarketingMet)
    Self.probability(&w, "salesGivenMarketingMissed", r.salesGivenMarketingMissed)
    w.endObject()

    w.beginObject("escalation")
    w.beginArray("monthMissed")
    for (i, p) in r.monthMissed.enumerated() {
      w.beginObject()
      w.string("month", r.months[i])
      Self.probability(&w, "probability", p)
      w.endObject()
    }
    w.endArray()
    w.beginArray("rungs")
    for rung in r.rungs {
      w.beginObject()
      w.integer("monthsMissed", rung.monthsMissed)
      Self.probability(&w, "probability", rung.probability)
      w.endObject()
    }
    w.endArray()
    w.beginObject("cancel")
    w.integer("monthsMissed", r.cancel.monthsMissed)
    Self.probability(&w, "probability", r.cancel.probability)
    w.endObject()
    w.endObject()

    w.beginObject("kpis")
    for k in r.kpis {
      w.beginObject(k.kpi.rawValue)
      w.number("mean", k.mean)
      w.number("sd", k.sd)
      // The Monte Carlo standard error of the mean, sd / √trials.
      w.number("meanStdError", k.sd / Double(r.trials).squareRoot())
      w.number("p05", k.p05)
      w.number("p25", k.p25)
      w.number("p50", k.p50)
      w.number("p75", k.p75)
      w.number("p95", k.p95)
      w.endObject()
    }
    w.endObject()

    if let plan = r.plan, !plan.isEmpty {
      func average(_ f: (ReverseFunnel) -> Double) -> Double { plan.map(f).reduce(0, +) / Double(plan.count) }
      w.beginObject("plan")
      w.number("marketingRevenueGoal", average(\.marketingRevenueGoal))
      w.number("customersNeeded", average(\.customersNeeded))
      w.number("leadsNeeded", average(\.leadsNeeded))
      w.beginArray("byMonth")
      for (i, p) in plan.enumerated() {
        w.beginObject()
        w.string("month", r.months[i])
        w.number("salesQuota", p.salesQuota)
        w.number("marketingShare", p.marketingShare)
        w.number("marketingRevenueGoal", p.marketingRevenueGoal)
        w.number("averageDealSize", p.averageDealSize)
        w.number("leadToCustomerRate", p.leadToCustomerRate)
        w.number("customersNeeded", p.customersNeeded)
        w.number("leadsNeeded", p.leadsNeeded)
        w.number("expectedLeads", p.expectedLeads)
        w.number("expectedLeadValue", p.expectedLeadValue)
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.beginArray("warnings")
    for warning in warnings { w.string(nil, warning) }
    w.endArray()
  }

  private func monthly<W: TreeWriter>(_ w: inout W, _ estimates: [ProportionEstimate], targets: [Double]?) {
    w.beginArray("byMonth")
    for (i, p) in estimates.enumerated() {
      w.beginObject()
      w.string("month", result.months[i])
      if let targets { w.number("target", targets[i]) }
      Self.probability(&w, "probability", p)
      w.endObject()
    }
    w.endArray()
  }

  static func probability<W: TreeWriter>(_ w: inout W, _ key: String, _ p: ProportionEstimate) {
    w.beginObject(key)
    w.number("estimate", p.estimate)
    w.number("low", p.low)
    w.number("high", p.high)
    w.number("stdError", p.stdError)
    w.integer("successes", p.successes)
    w.integer("trials", p.trials)
    w.endObject()
  }
}
