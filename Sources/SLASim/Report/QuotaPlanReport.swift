/// Renders a ``QuotaPlan`` (`slasim plan`) as a terminal table, JSON or CSV.
///
/// Field paths are documented in docs/plan.md; the CSV is the JSON tree flattened to
/// `field,value` rows, as for `run`.
public struct QuotaPlanReport: TreeReport, Sendable {
  public var plan: QuotaPlan
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(plan: QuotaPlan, includeTiming: Bool = true) {
    self.plan = plan
    self.includeTiming = includeTiming
  }

  public func write<W: TreeWriter>(to w: inout W) {
    let p = plan
    w.beginReport(
      scenarioName: p.scenarioName, seed: p.seed, threads: p.threads, seconds: includeTiming ? p.seconds : nil
    ) { w in
      w.integer("trials", p.trials)
      w.integer("passes", 3)
    }
    w.number("annualRevenue", p.annualRevenue)
    w.string("split", p.method.rawValue)
    w.integer("horizonMonths", p.months.count)
    w.number("overAssign", p.overAssign)

    w.beginObject("expectedRevenue")
    w.number("total", p.revenueMean.reduce(0, +))
    w.beginArray("months")
    for m in p.months.indices {
      w.beginObject()
      w.string("month", p.months[m].yearMonthText)
      w.number("mean", p.revenueMean[m])
      w.number("stdError", p.revenueStdError[m])
      w.endObject()
    }
    w.endArray()
    w.endObject()

    w.beginObject("splits")
    for split in p.splits { Self.write(split, months: p.months, key: split.name, to: &w) }
    w.endObject()
    if let assigned = p.assigned {
      Self.write(assigned, months: p.months, key: "assigned", to: &w)
    } else {
      w.null("assigned")
    }

    w.beginObject("reps")
    w.beginArray("capacity")
    for c in p.capacity { w.number(nil, c) }
    w.endArray()
    w.beginArray("groups")
    for g in p.repGroups {
      w.beginObject()
      w.string("name", g.name)
      w.integer("reps", g.reps)
      if let hire = g.hire {
        w.string("from", hire.from.description)
        w.integer("rampMonths", hire.rampMonths)
      } else {
        w.null("from")
        w.null("rampMonths")
      }
      w.beginArray("months")
      for m in p.months.indices {
        w.beginObject()
        w.string("month", p.months[m].yearMonthText)
        w.number("capacityFactor", g.capacityFactors[m])
        w.number("quota", g.quotas[m])
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.endObject()

    w.beginArray("leadsNeeded")
    for m in p.months.indices {
      if m < p.leadsNeeded.count, let x = p.leadsNeeded[m] { w.number(nil, x) } else { w.null(nil) }
    }
    w.endArray()
    w.beginObject("sources")
    for s in p.sources {
      w.beginObject(s.name)
      w.beginArray("months")
      for m in p.months.indices {
        w.beginObject()
        w.string("month", p.months[m].yearMonthText)
        w.number("expectedLeads", s.expectedLeads[m])
        if let x = s.leadsNeeded[m] { w.number("leadsNeeded", x) } else { w.null("leadsNeeded") }
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.endObject()
    if let delivered = p.delivered {
      Self.write(delivered, months: p.months, key: "delivered", to: &w)
    } else {
      w.null("delivered")
    }
    w.endObject()
  }

  static func write<W: TreeWriter>(_ s: QuotaSplit, months: [CivilDate], key: String, to w: inout W) {
    w.beginObject(key)
    w.number("total", s.total)
    if let c = s.commonProbability { w.number("commonProbability", c) } else { w.null("commonProbability") }
    RunReport.probability(&w, "allMonthsProbability", s.allMonths)
    RunReport.probability(&w, "annualProbability", s.annual)
    w.beginArray("months")
    for m in months.indices {
      w.beginObject()
      w.string("month", months[m].yearMonthText)
      w.number("quota", s.quotas[m])
      RunReport.probability(&w, "probability", s.monthProbabilities[m])
      w.endObject()
    }
    w.endArray()
    w.endObject()
  }

  /// The terminal table, 80 columns wide.
  public var table: String {
    let p = plan
    let n = p.months.count
    var out = Format.title(p.scenarioName)
    out += Format.dotted(
      [
        "plan \(Format.number(p.annualRevenue, decimals: 2)) over \(n) month\(n == 1 ? "" : "s")"
          + (n == 12 ? "" : " (not a 12-month year)"),
        "seed \(p.seed)", "\(Format.number(Double(p.trials))) trials × 3 passes",
      ] + (includeTiming ? Format.timing(threads: p.threads, seconds: p.seconds) : [])
        + ["slasim \(SLASimVersion.current)"])

    // Money in full where it fits 80 columns, else in thousands.
    let splits = p.splits
    func splitTable(_ money: (Double) -> String) -> String {
      var t = TextTable(["month", "expected"] + splits.flatMap { [$0.name, "P"] })
      for m in 0..<n {
        t.add(
          [p.months[m].yearMonthText, money(p.revenueMean[m])]
            + splits.flatMap { [money($0.quotas[m]), Format.percent($0.monthProbabilities[m].estimate)] })
      }
      t.add(["total", money(p.revenueMean.reduce(0, +))] + splits.flatMap { [money($0.total), ""] })
      return t.rendered
    }
    let (table, inThousands) = Self.fitting { splitTable($0) }
    out += "\nMonthly quotas by split, each with P(month's revenue ≥ quota)"
    out += inThousands ? " (money in thousands)\n" : "\n"
    out += table

    var summary = TextTable([""] + splits.map(\.name))
    summary.add(["every month met"] + splits.map { Format.percent($0.allMonths.estimate) })
    summary.add(["year's total met"] + splits.map { Format.percent($0.annual.estimate) })
    if let common = splits.first(where: { $0.commonProbability != nil })?.commonProbability {
      summary.add(["common level"] + splits.map { $0.commonProbability == nil ? "" : Format.percent(common) })
    }
    out += "\n" + summary.rendered
    out += "(every estimate has a 95% interval in --format json; ± about "
    out += "\(Format.significant(100 * Self.widestHalfWidth(splits), digits: 2)) points here)\n"

    if let a = p.assigned {
      out += "\nOver-assigned: reps' quotas add up to \(Format.auto(p.overAssign)) × the target = "
      out += "\(Format.number(a.total, decimals: 0))\n"
      out += "  company at the target: every month \(Format.percent(p.chosen.allMonths.estimate)), "
      out += "year \(Format.percent(p.chosen.annual.estimate))\n"
      out += "  company at \(Format.auto(p.overAssign)) × target: every month \(Format.percent(a.allMonths.estimate)), "
      out += "year \(Format.percent(a.annual.estimate))\n"
    }

    out += "\nEach rep's quota by month (\(p.method.rawValue)"
    out += p.overAssign == 1 ? ")\n" : ", × \(Format.auto(p.overAssign)))\n"
    func repTable(_ money: (Double) -> String) -> String {
      var t = TextTable(["month", "capacity"] + p.repGroups.map(Self.shortName))
      for m in 0..<n {
        t.add(
          [p.months[m].yearMonthText, Format.significant(p.capacity[m], digits: 3)]
            + p.repGroups.map { $0.capacityFactors[m] == 0 ? "–" : money($0.quotas[m]) })
      }
      return t.rendered
    }
    let (reps, repsInThousands) = Self.fitting { repTable($0) }
    out += reps
    out += "(capacity in full-rep equivalents\(repsInThousands ? "; money in thousands" : ""))\n"

    out += "\nLeads to deliver for the \(p.method.rawValue) quotas (reverse funnel)\n"
    var leads = TextTable(
      ["month", "expected", "needed"] + p.sources.map(\.name) + (p.delivered == nil ? [] : ["P if delivered"]))
    for m in 0..<n {
      let expected = p.sources.reduce(0) { $0 + $1.expectedLeads[m] }
      let needed = m < p.leadsNeeded.count ? p.leadsNeeded[m] : nil
      leads.add(
        [p.months[m].yearMonthText, Format.number(expected), needed.map { Format.number($0.rounded(.up)) } ?? "none reaches"]
          + p.sources.map { s in s.leadsNeeded[m].map { Format.number($0.rounded(.up)) } ?? "–" }
          + (p.delivered.map { [Format.percent($0.monthProbabilities[m].estimate)] } ?? []))
    }
    out += leads.rendered
    if p.delivered == nil {
      out += "(no number of leads reaches some month's quota: the funnel converts none into revenue)\n"
    } else {
      out += Format.wrapped(
        "(P if delivered: each month's P(revenue ≥ quota) when every source delivers exactly these leads, "
          + "arrivals still random. The reverse funnel plans the mean, leads whose expected revenue is the "
          + "quota, and counts a lead's revenue in the month it arrives: expect about half, less where deals "
          + "close months after their lead.)", indent: "")
    }
    return out
  }

  /// `reps ×6`, `hire 2027-03 ×2`.
  static func shortName(_ g: RepQuotaGroup) -> String {
    guard let hire = g.hire else { return "rep ×\(g.reps)" }
    return "hire \(hire.from.yearMonthText) ×\(g.reps)"
  }

  /// The table drawn with money in full when every line fits 80 columns, else in thousands.
  static func fitting(_ draw: ((Double) -> String) -> String) -> (String, inThousands: Bool) {
    let full = draw { Format.number($0) }
    if full.split(separator: "\n").allSatisfy({ $0.count <= 80 }) { return (full, false) }
    return (draw { Format.number($0 / 1000) }, true)
  }

  /// The widest 95% half-interval among the splits' month estimates.
  static func widestHalfWidth(_ splits: [QuotaSplit]) -> Double {
    splits.flatMap(\.monthProbabilities).map { ($0.high - $0.low) / 2 }.max() ?? 0
  }
}
