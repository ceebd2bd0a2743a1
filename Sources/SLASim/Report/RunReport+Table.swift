extension RunReport {
  /// The terminal table: probabilities per party and goal (horizon and months), the joint and
  /// conditional probabilities, the escalation ladder, KPI quantiles and the reverse funnel.
  public var table: String {
    let r = result
    var out = ""
    out += Format.title(r.scenarioName)
    out +=
      "seed \(r.seed) · \(Format.number(Double(r.trials))) trials · \(r.threads) thread\(r.threads == 1 ? "" : "s")"
    out += " · \(Format.number(r.seconds, decimals: 1)) s · slasim \(SLASimVersion.current)\n"
    if let p = r.precision {
      func points(_ x: Double) -> String { "±\(Format.number(100 * x, decimals: 2)) pp" }
      out +=
        p.met
        ? "stopped on precision: every probability within \(points(p.target.halfWidth)) (95%) after "
          + "\(Format.number(Double(r.trials))) trials\n"
        : "stopped at --max-trials \(Format.number(Double(p.target.maxTrials))) before precision "
          + "\(points(p.target.halfWidth)): widest \(points(p.widestHalfWidth)), \(p.widest)\n"
    }
    if r.warmUpMonths > 0, let first = r.months.first {
      let warmUp = r.warmUpMonths == 1 ? "a month" : "\(r.warmUpMonths) months"
      out += "after \(warmUp) of warm-up before \(first), not counted\n"
    }

    out += "\nProbability of meeting the SLA (95% Wilson interval)\n"
    var t = TextTable(["", "horizon"] + r.months)
    for party in r.parties {
      t.add(
        [party.party.rawValue, Format.estimate(party.probability)] + party.byMonth.map { Format.percent($0.estimate) })
      for goal in party.goals {
        t.add(
          ["  " + goal.summary, Format.estimate(goal.probability)] + goal.byMonth.map { Format.percent($0.estimate) })
      }
    }
    t.add(["all parties (joint)", Format.estimate(r.joint)] + r.jointByMonth.map { Format.percent($0.estimate) })
    out += t.rendered

    out += "\nSales given Marketing\n"
    var c = TextTable(["", "probability", "trials"])
    c.add([
      "P(sales meets | marketing met)", Format.estimate(r.salesGivenMarketingMet),
      Format.number(Double(r.salesGivenMarketingMet.trials)),
    ])
    c.add([
      "P(sales meets | marketing missed)", Format.estimate(r.salesGivenMarketingMissed),
      Format.number(Double(r.salesGivenMarketingMissed.trials)),
    ])
    out += c.rendered

    out += "\nEscalation ladder (a month is missed when any party misses a monthly goal)\n"
    var e = TextTable(["", "probability"])
    for (i, p) in r.monthMissed.enumerated() { e.add(["month \(r.months[i]) missed", Format.estimate(p)]) }
    let names = ["teams review, action plan", "executives review", "executives take over"]
    for (k, rung) in r.rungs.enumerated() {
      let name = k < names.count ? " (\(names[k]))" : ""
      e.add([
        "\(rung.monthsMissed) month\(rung.monthsMissed == 1 ? "" : "s") missed in a row\(name)",
        Format.estimate(rung.probability),
      ])
    }
    e.add(["cancel or rewrite: \(r.cancel.monthsMissed) months in a row", Format.estimate(r.cancel.probability)])
    out += e.rendered

    out += "\nKPIs over the horizon\n"
    var k = TextTable(["", "mean", "sd", "p05", "p25", "p50", "p75", "p95"])
    for kpi in r.kpis {
      let f: (Double) -> String = kpi.kpi.isPercentage ? { Format.percent($0) } : { Format.auto($0) }
      k.add([
        kpi.kpi.rawValue, f(kpi.mean),
        kpi.kpi.isPercentage ? Format.number(kpi.sd * 100, decimals: 2) + " pp" : Format.auto(kpi.sd),
        f(kpi.p05), f(kpi.p25), f(kpi.p50), f(kpi.p75), f(kpi.p95),
      ])
    }
    out += k.rendered

    if let plan = r.plan {
      out += "\nReverse funnel plan (deterministic, from input means) beside the simulation\n"
      var p = TextTable([""] + r.months)
      p.add(["sales quota"] + plan.map { Format.number($0.salesQuota) })
      p.add(["× marketing share"] + plan.map { Format.percent($0.marketingShare) })
      p.add(["= marketing revenue goal"] + plan.map { Format.number($0.marketingRevenueGoal) })
      p.add(["÷ average deal size"] + plan.map { Format.auto($0.averageDealSize) })
      p.add(["= customers needed"] + plan.map { Format.auto($0.customersNeeded) })
      p.add(["÷ lead-to-customer rate"] + plan.map { Format.percent($0.leadToCustomerRate) })
      p.add(["= leads needed"] + plan.map { Format.auto($0.leadsNeeded) })
      p.add(["leads Marketing plans (input means)"] + plan.map { Format.auto($0.expectedLeads) })
      p.add(["lead value Marketing plans"] + plan.map { Format.number($0.expectedLeadValue) })
      out += p.rendered
      if let leads = r.kpi(.marketingLeads), let deals = r.kpi(.salesDeals) {
        let months = Double(r.months.count)
        out +=
          "simulated: \(Format.auto(leads.mean / months)) leads and \(Format.auto(deals.mean / months)) deals a month on average\n"
      }
    }
    return out
  }
}
