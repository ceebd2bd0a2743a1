/// The `run` command's HTML report (issue 10): the probabilities and the charts DOMAIN.md
/// asks for, drawn from the same ``SimulationResult`` as the table, JSON and CSV.
extension RunReport {
  /// The self-contained HTML page. `inputs` are the scenario's values (``ScenarioInputs``).
  ///
  /// - Precondition: the run recorded its charts (``SimulationEngine/run(trials:seed:threads:charts:progress:trialRows:)``
  ///   with `charts: true`); without them the page has the probabilities and tables only.
  public func html(inputs: [(path: String, value: String)]) throws -> String {
    let r = result
    var cards: [HTMLPage.Card] = r.parties.map { party in
      HTMLPage.Card(
        label: party.party.rawValue, value: Format.percent(party.probability.estimate),
        detail: "P(every goal met), 95% CI \(Format.percent(party.probability.low))–\(Format.percent(party.probability.high))")
    }
    cards.append(
      HTMLPage.Card(
        label: "all parties", value: Format.percent(r.joint.estimate),
        detail: "joint, 95% CI \(Format.percent(r.joint.low))–\(Format.percent(r.joint.high))"))
    cards.append(
      HTMLPage.Card(
        label: "trials", value: Format.number(Double(r.trials)),
        detail: "seed \(r.seed) · slasim \(SLASimVersion.current)"))

    var sections = [goalsSection()]
    if let charts = r.charts {
      sections.append(waterfallSection(charts))
      sections.append(speedSection(charts))
      sections.append(depthSection(charts))
      sections.append(revenueSection(charts))
    }
    sections.append(escalationSection())
    if let plan = planSection() { sections.append(plan) }
    sections.append(kpiSection())
    sections.append(
      HTMLPage.Section(
        id: "inputs", heading: "The scenario's inputs",
        intro: "Every value of the scenario file, by its JSON path. Distributions are drawn per trial, month, lead or deal as docs/model.md says.",
        tables: [HTMLPage.Table(caption: "Scenario", header: ["path", "value"], rows: inputs.map { [$0.path, $0.value] }, numeric: false)]))
    let warmUp = r.warmUpMonths > 0 ? ", after \(r.warmUpMonths) warm-up month\(r.warmUpMonths == 1 ? "" : "s")" : ""
    let page = HTMLPage(
      title: r.scenarioName,
      subtitle: "\(r.months.first ?? "") to \(r.months.last ?? "")\(warmUp): the probability that each party meets its SLA, alone and together, from \(Format.number(Double(r.trials))) simulated trials.",
      cards: cards, sections: sections + warningsSection(),
      footer: "slasim \(SLASimVersion.current) · random stream version \(SLASimVersion.randomStream) · seed \(r.seed) · \(Format.number(Double(r.trials))) trials in blocks of \(SimulationEngine.blockSize). Intervals are 95% Wilson intervals; bands are percentiles across trials. The same scenario, seed and version give the same figures.")
    return try page.render()
  }

  private func warningsSection() -> [HTMLPage.Section] {
    guard !warnings.isEmpty else { return [] }
    return [HTMLPage.Section(id: "warnings", heading: "Warnings", intro: "What validation noticed about the scenario.", notes: warnings)]
  }

  // MARK: Probabilities

  private func goalsSection() -> HTMLPage.Section {
    let r = result
    let goals = r.parties.flatMap { p in p.goals.map { (party: p.party, goal: $0) } }
    let series: [(label: String, byMonth: [ProportionEstimate])] =
      goals.map { ("\($0.party.rawValue): \($0.goal.key)", $0.goal.byMonth) } + [("all parties", r.jointByMonth)]
    let legendRows = SVGChart.legendRows(series.map(\.label), width: 640 - 66 - 16)
    var chart = SVGChart(
      title: "Probability of meeting each goal, by month",
      description: "For each month, each goal's probability of being met with its 95% interval, and the joint probability of every goal of every party.",
      height: 300 + SVGChart.legendRowHeight * Double(legendRows - 1),
      margin: (16 + SVGChart.legendRowHeight * Double(legendRows), 16, 46, 66))
    let m = r.months.count
    let x = chart.xScale(0...Double(m))
    let y = chart.yScale(0...1)
    chart.yAxis(y, ticks: stride(from: 0.0, through: 1, by: 0.2).map { ($0, Format.percent($0)) }, label: "P(goal met in the month)")
    chart.monthAxis(r.months, x)
    let palette: [SVGChart.Colour] = [.blue, .orange, .green, .vermillion, .sky, .purple, .grey, .yellow]
    let slot = (x(1) - x(0)) * 0.8 / Double(Swift.max(series.count, 1))
    for (k, s) in series.enumerated() {
      let colour: SVGChart.Colour = k == series.count - 1 ? .black : palette[k % palette.count]
      chart.legend(s.label, colour: colour, box: true)
      for (i, p) in s.byMonth.enumerated() {
        let cx = x(Double(i) + 0.1) + slot * (Double(k) + 0.5)
        chart.intervalPoint(
          x: cx, y: y(p.estimate), low: y(p.low), high: y(p.high), colour: colour, square: k % 2 == 1,
          tip: "\(s.label), \(r.months[i]): \(Format.percent(p.estimate)) (\(Format.percent(p.low))–\(Format.percent(p.high)))")
      }
    }
    var rows: [[String]] = []
    for party in r.parties {
      rows.append([party.party.rawValue, interval(party.probability)] + party.byMonth.map { Format.percent($0.estimate) })
      for goal in party.goals {
        rows.append(["\u{2003}" + goal.summary, interval(goal.probability)] + goal.byMonth.map { Format.percent($0.estimate) })
      }
    }
    rows.append(["all parties (joint)", interval(r.joint)] + r.jointByMonth.map { Format.percent($0.estimate) })
    let monthsShown = m <= 4
    return HTMLPage.Section(
      id: "goals", heading: "Goals by month",
      intro: "Each goal's probability of being met in each month, with its 95% interval; the series are in the legend's order within each month. The table gives the horizon's probability with its interval.",
      charts: [chart.render(id: "goals")],
      tables: [
        HTMLPage.Table(
          caption: "Probability of meeting the SLA",
          header: ["", "horizon (95% CI)"] + (monthsShown ? r.months : []),
          rows: monthsShown ? rows : rows.map { Array($0.prefix(2)) })
      ],
      notes: [
        "P(sales meets | marketing met) = \(interval(r.salesGivenMarketingMet)); P(sales meets | marketing missed) = \(interval(r.salesGivenMarketingMissed))."
      ])
  }

  // MARK: Marketing

  private func waterfallSection(_ c: RunCharts) -> HTMLPage.Section {
    let svgs = c.leadsByMonth.enumerated().map { (i, month) -> String in
      let n = month.cumulative.count
      let top = LinearScale.niceUpper(Swift.max(month.cumulative.last?.p90 ?? 0, month.goal ?? 0) * 1.05)
      var chart = SVGChart(
        title: "Leads in \(month.month): the waterfall",
        description: "Cumulative leads by day of \(month.month): the simulated median with its 10–90% band across trials"
          + (month.goal.map { ", against the goal line growing by \(Format.auto($0 / Double(n))) a day to \(Format.auto($0))" } ?? "") + ".",
        width: 320, height: 230, margin: (30, 10, 40, 52))
      let x = chart.xScale(0...Double(n))
      let y = chart.yScale(0...top)
      chart.xAxis(x, ticks: [0, 10, 20, 30].filter { $0 <= n }.map { (Double($0), "\($0)") }, label: "day of \(month.month)")
      chart.yAxis(y, ticks: LinearScale.niceTicks(0...top, count: 4).map { ($0, Format.auto($0)) }, label: "cumulative leads")
      let upper = month.cumulative.enumerated().map { (x(Double($0 + 1)), y($1.p90)) }
      let lower = month.cumulative.enumerated().map { (x(Double($0 + 1)), y($1.p10)) }
      chart.band(upper: [(x(0), y(0))] + upper, lower: [(x(0), y(0))] + lower, colour: .sky, tip: "10–90% of trials")
      chart.polyline(
        [(x(0), y(0))] + month.cumulative.enumerated().map { (x(Double($0 + 1)), y($1.p50)) }, colour: .blue,
        tip: "median: \(Format.auto(month.cumulative.last?.p50 ?? 0)) leads by the month's end")
      if let goal = month.goal {
        chart.polyline(
          [(x(0), y(0)), (x(Double(n)), y(goal))], colour: .vermillion, dashed: true,
          tip: "goal line: \(Format.auto(goal)) leads, \(Format.auto(goal / Double(n))) a day")
      }
      chart.legend("median", colour: .blue)
      chart.legend("10–90%", colour: .sky, box: true)
      if month.goal != nil { chart.legend("goal", colour: .vermillion, dashed: true) }
      return chart.render(id: "waterfall-\(i)")
    }
    let rows = c.leadsByMonth.map { month -> [String] in
      let end = month.cumulative.last ?? RunCharts.Band(p10: 0, p50: 0, p90: 0)
      return [month.month, month.goal.map(Format.auto) ?? "–", Format.auto(end.p10), Format.auto(end.p50), Format.auto(end.p90)]
    }
    return HTMLPage.Section(
      id: "waterfall", heading: "Marketing: the leads waterfall",
      intro: "Cumulative leads by day of each month. The dashed goal line grows by g/n a day (g the month's goal, n its days); the blue line is the simulated median and the band holds 80% of trials. A median under the line mid-month is a month at risk.",
      charts: svgs, grid: true,
      tables: [HTMLPage.Table(caption: "Leads by the month's end", header: ["month", "goal", "p10", "median", "p90"], rows: rows)])
  }

  // MARK: Sales

  private func speedSection(_ c: RunCharts) -> HTMLPage.Section {
    let f = c.firstTouch
    let total = Double(Swift.max(f.total, 1))
    let bins = f.counts.count
    var chart = SVGChart(
      title: "Speed of follow-up: time to first touch",
      description: "Share of the horizon's SQLs over all trials by business hours to their first attempt, in bins of \(Format.auto(f.binHours)) h, against the SLA of \(Format.auto(f.withinHours)) business hours; the last bars are later touches and leads never touched.")
    let shares = f.counts.map { Double($0) / total } + [Double(f.later) / total, Double(f.never) / total]
    let top = LinearScale.niceUpper((shares.max() ?? 0) * 1.05)
    let x = chart.xScale(0...Double(bins + 5))
    let y = chart.yScale(0...top)
    chart.yAxis(y, ticks: LinearScale.niceTicks(0...top, count: 4).map { ($0, Format.percent($0)) }, label: "share of SQLs")
    var ticks: [(Double, String)] = stride(from: 0, to: bins, by: 4).map { (Double($0), Format.auto(Double($0) * f.binHours)) }
    ticks.append((Double(bins) + 2, "later"))
    ticks.append((Double(bins) + 4, "never"))
    chart.xAxis(x, ticks: ticks, label: "business hours to first touch")
    for (k, count) in f.counts.enumerated() {
      let inside = Double(k + 1) * f.binHours <= f.withinHours * (1 + 1e-12)
      chart.bar(
        x0: x(Double(k)) + 0.5, x1: x(Double(k + 1)) - 0.5, y0: y(0), y1: y(shares[k]), colour: inside ? .blue : .orange,
        tip: "\(Format.auto(Double(k) * f.binHours))–\(Format.auto(Double(k + 1) * f.binHours)) h: \(Format.percent(shares[k])) (\(Format.number(Double(count))) SQLs)")
    }
    chart.bar(x0: x(Double(bins) + 1), x1: x(Double(bins) + 3) - 1, y0: y(0), y1: y(shares[bins]), colour: .vermillion, tip: "later than \(Format.auto(Double(bins) * f.binHours)) h: \(Format.percent(shares[bins]))")
    chart.bar(x0: x(Double(bins) + 3), x1: x(Double(bins) + 5) - 1, y0: y(0), y1: y(shares[bins + 1]), colour: .vermillion, tip: "never touched: \(Format.percent(shares[bins + 1]))")
    chart.verticalRule(x: x(f.withinHours / f.binHours), colour: .black, label: "SLA \(Format.auto(f.withinHours)) h")
    chart.legend("within the SLA", colour: .blue, box: true)
    chart.legend("later", colour: .orange, box: true)

    var weekly = SVGChart(
      title: "Share of SQLs first touched within the SLA, by week",
      description: "For each week of the horizon, the share of the SQLs reaching Sales that week that were first touched within \(Format.auto(f.withinHours)) business hours, pooled over all trials"
        + (f.goalShare.map { ", against the goal of \(Format.goalPercent($0))" } ?? "") + ".")
    let shown = c.weeks.compactMap { w in w.share.map { (w, $0) } }
    let low = Swift.min(shown.map(\.1).min() ?? 0, f.goalShare ?? 1)
    let bottom = Swift.max(0, (low * 20).rounded(.down) / 20 - 0.05)
    let wx = weekly.xScale(0...Double(Swift.max(c.weeks.count, 1)))
    let wy = weekly.yScale(bottom...1)
    weekly.yAxis(wy, ticks: LinearScale.niceTicks(bottom...1, count: 5).map { ($0, Format.percent($0)) }, label: "share within the SLA")
    let step = Swift.max(1, c.weeks.count / 8)
    weekly.xAxis(wx, ticks: stride(from: 0, to: c.weeks.count, by: step).map { (Double($0) + 0.5, String(c.weeks[$0].start.dropFirst(5))) }, label: "week starting (MM-DD)")
    let indexed = c.weeks.enumerated().compactMap { (i, w) in w.share.map { (i, $0) } }
    weekly.polyline(indexed.map { (wx(Double($0.0) + 0.5), wy($0.1)) }, colour: .blue, tip: "share within the SLA by week")
    for (i, share) in indexed {
      weekly.intervalPoint(
        x: wx(Double(i) + 0.5), y: wy(share), low: wy(share), high: wy(share), colour: .blue,
        tip: "week of \(c.weeks[i].start): \(Format.percent(share)) of \(Format.number(Double(c.weeks[i].sqls))) SQLs")
    }
    if let goal = f.goalShare {
      weekly.horizontalRule(y: wy(goal), colour: .vermillion, label: "goal \(Format.goalPercent(goal))")
      weekly.legend("goal", colour: .vermillion, dashed: true)
    }
    weekly.legend("pooled share", colour: .blue)
    // The weeks' on-time counts are exact (a wait of exactly the SLA is on time but in the bin after the line).
    let within = c.weeks.map(\.within).reduce(0, +)
    return HTMLPage.Section(
      id: "speed", heading: "Sales: speed of follow-up",
      intro: "How long SQLs wait for their first attempt, in business hours, against the SLA line; then the share within the SLA week by week. A queue is where averages lie: the tail right of the line is what breaches the SLA.",
      charts: [chart.render(id: "speed"), weekly.render(id: "speed-weekly")],
      notes: [
        "Over all trials, \(Format.percent(Double(within) / total)) of SQLs were first touched within \(Format.auto(f.withinHours)) business hours, \(Format.percent(Double(f.later) / total)) after \(Format.auto(Double(bins) * f.binHours)) h, and \(Format.percent(Double(f.never) / total)) never (given up before a first attempt)."
      ])
  }

  private func depthSection(_ c: RunCharts) -> HTMLPage.Section {
    let chart = boxesByMonth(
      id: "depth", title: "Depth of follow-up: attempts on unconnected leads",
      description: "For each month, the distribution across trials of the mean number of attempts made on leads that never connected (box 25–75%, whiskers 5–95%, line the median)"
        + (c.depthGoal.map { ", against the goal of \(Format.auto($0.max() ?? 0)) attempts" } ?? "") + ".",
      spreads: c.depth, goal: c.depthGoal, goalLabel: "goal", top: Double(c.maxAttempts), yLabel: "attempts per unconnected lead",
      colour: .green, format: Format.auto)
    return HTMLPage.Section(
      id: "depth", heading: "Sales: depth of follow-up",
      intro: "The mean number of attempts on leads that never connected, per month, across trials. Reps short of hours give up early: the box falls under the goal line.",
      charts: [chart])
  }

  private func revenueSection(_ c: RunCharts) -> HTMLPage.Section {
    let r = result
    let high = Swift.max(c.revenue.map(\.p95).max() ?? 0, c.quota?.max() ?? 0)
    let chart = boxesByMonth(
      id: "revenue", title: "Revenue per month",
      description: "For each month, the distribution of revenue across trials (box 25–75%, whiskers 5–95%, line the median)"
        + (c.quota != nil ? ", against the month's quota." : "."),
      spreads: c.revenue, goal: c.quota, goalLabel: "quota", top: LinearScale.niceUpper(high * 1.05),
      yLabel: "revenue (currency units)", colour: .blue, format: { Format.number($0) })
    let rows = c.revenue.enumerated().map { (i, s) in
      [r.months[i], c.quota.map { Format.number($0[i]) } ?? "–", Format.number(s.p05), Format.number(s.p50), Format.number(s.p95)]
    }
    return HTMLPage.Section(
      id: "revenue", heading: "Sales: revenue against quota",
      intro: "Revenue per month across trials (marketing-sourced deals plus other revenue) with the quota line.",
      charts: [chart],
      tables: [HTMLPage.Table(caption: "Revenue per month", header: ["month", "quota", "p05", "median", "p95"], rows: rows)])
  }

  /// One box per month (25–75%, whiskers 5–95%, the median) from 0 to `top`, with the goal
  /// in force each month as a dashed step line.
  private func boxesByMonth(
    id: String, title: String, description: String, spreads: [RunCharts.Spread], goal: [Double]?, goalLabel: String,
    top: Double, yLabel: String, colour: SVGChart.Colour, format: (Double) -> String
  ) -> String {
    let months = result.months
    var chart = SVGChart(title: title, description: description)
    let x = chart.xScale(0...Double(months.count))
    let y = chart.yScale(0...top)
    chart.yAxis(y, ticks: LinearScale.niceTicks(0...top, count: 5).map { ($0, format($0)) }, label: yLabel)
    chart.monthAxis(months, x)
    let half = Swift.min(18, (x(1) - x(0)) * 0.3)
    for (i, s) in spreads.enumerated() {
      chart.box(
        x: x(Double(i) + 0.5), halfWidth: half, p05: y(s.p05), p25: y(s.p25), p50: y(s.p50), p75: y(s.p75), p95: y(s.p95),
        colour: colour, tip: "\(months[i]): median \(format(s.p50)) (5–95%: \(format(s.p05))–\(format(s.p95)))")
    }
    if let goal {
      chart.polyline(
        goal.enumerated().flatMap { (i, g) in [(x(Double(i)), y(g)), (x(Double(i + 1)), y(g))] }, colour: .vermillion,
        dashed: true, tip: "\(goalLabel) by month: \(goal.map(format).joined(separator: ", "))")
      chart.legend(goalLabel, colour: .vermillion, dashed: true)
    }
    chart.legend("trials 25–75%, median", colour: colour, box: true)
    return chart.render(id: id)
  }

  // MARK: Escalation, plan, KPIs

  private func escalationSection() -> HTMLPage.Section {
    let r = result
    let names = ["teams review, action plan", "executives review", "executives take over"]
    var items: [(label: String, p: ProportionEstimate)] = r.rungs.enumerated().map { (k, rung) in
      ("\(rung.monthsMissed) in a row" + (k < names.count ? ": \(names[k])" : ""), rung.probability)
    }
    items.append(("\(r.cancel.monthsMissed) in a row: cancel or rewrite", r.cancel.probability))
    var chart = SVGChart(
      title: "The escalation ladder",
      description: "Probability of reaching each rung of the escalation ladder (months missed in a row, a month being missed when any party misses a monthly goal), with 95% intervals.",
      height: 60 + 34 * Double(items.count), margin: (30, 24, 40, 230))
    let x = chart.xScale(0...1)
    chart.xAxis(x, ticks: stride(from: 0.0, through: 1, by: 0.2).map { ($0, Format.percent($0)) }, label: "probability")
    for (k, item) in items.enumerated() {
      let top = chart.plotTop + Double(k) * 34 + 6
      chart.bar(x0: x(0), x1: x(item.p.estimate), y0: top, y1: top + 20, colour: k == items.count - 1 ? .vermillion : .orange, tip: "\(item.label): \(interval(item.p))")
      chart.intervalPoint(x: x(item.p.estimate), y: top + 10, low: top + 10, high: top + 10, colour: .black, tip: interval(item.p))
      chart.label("\(Format.percent(item.p.low))–\(Format.percent(item.p.high))", x: Swift.min(x(item.p.high) + 6, chart.plotRight - 60), y: top + 14)
      chart.label(item.label, x: chart.plotLeft - 8, y: top + 14, anchor: "end")
    }
    let rows = r.monthMissed.enumerated().map { [r.months[$0], interval($1)] }
    return HTMLPage.Section(
      id: "escalation", heading: "The escalation ladder",
      intro: "A month is missed when any party misses a monthly goal in it. Missed months in a row climb the ladder the scenario sets, up to cancelling or rewriting the SLA.",
      charts: [chart.render(id: "escalation")],
      tables: [HTMLPage.Table(caption: "Probability that the month is missed", header: ["month", "probability (95% CI)"], rows: rows)])
  }

  private func planSection() -> HTMLPage.Section? {
    let r = result
    guard let plan = r.plan, !plan.isEmpty else { return nil }
    var header = ["month", "sales quota", "marketing revenue goal", "leads needed", "leads planned"]
    let simulated = r.charts?.leadsByMonth.map { $0.cumulative.last?.p50 ?? 0 }
    if simulated != nil { header.append("leads simulated (median)") }
    let rows = plan.enumerated().map { (i, p) -> [String] in
      var row = [r.months[i], Format.number(p.salesQuota), Format.number(p.marketingRevenueGoal), Format.auto(p.leadsNeeded), Format.auto(p.expectedLeads)]
      if let simulated { row.append(Format.auto(simulated[i])) }
      return row
    }
    var charts: [String] = []
    if let months = r.charts?.leadsByMonth {
      var chart = SVGChart(
        title: "Leads needed against leads simulated",
        description: "For each month, the leads the reverse funnel says the quota needs, the leads Marketing plans from the input means, and the simulated leads (median with 10–90% across trials).")
      let m = plan.count
      let high = Swift.max(plan.map { Swift.max($0.leadsNeeded, $0.expectedLeads) }.max() ?? 0, months.map { $0.cumulative.last?.p90 ?? 0 }.max() ?? 0)
      let top = LinearScale.niceUpper(high * 1.05)
      let x = chart.xScale(0...Double(m))
      let y = chart.yScale(0...top)
      chart.yAxis(y, ticks: LinearScale.niceTicks(0...top, count: 5).map { ($0, Format.auto($0)) }, label: "leads per month")
      chart.monthAxis(r.months, x)
      let w = (x(1) - x(0)) * 0.25
      for (i, p) in plan.enumerated() {
        let c = x(Double(i) + 0.5)
        chart.bar(x0: c - w, x1: c, y0: y(0), y1: y(p.leadsNeeded), colour: .orange, tip: "\(r.months[i]): \(Format.auto(p.leadsNeeded)) leads needed")
        let end = months[i].cumulative.last ?? RunCharts.Band(p10: 0, p50: 0, p90: 0)
        chart.bar(x0: c, x1: c + w, y0: y(0), y1: y(end.p50), colour: .blue, tip: "\(r.months[i]): \(Format.auto(end.p50)) leads simulated (median)")
        chart.intervalPoint(x: c + w / 2, y: y(end.p50), low: y(end.p10), high: y(end.p90), colour: .black, tip: "10–90%: \(Format.auto(end.p10))–\(Format.auto(end.p90))")
      }
      chart.legend("needed (reverse funnel)", colour: .orange, box: true)
      chart.legend("simulated median, 10–90%", colour: .blue, box: true)
      charts.append(chart.render(id: "plan"))
    }
    return HTMLPage.Section(
      id: "plan", heading: "The reverse-funnel plan beside the simulation",
      intro: "The deterministic plan from input means: quota × marketing share ÷ average deal ÷ lead-to-customer rate = leads needed. The simulation carries the variability the plan leaves out; the plan counts a lead's revenue in the month the lead arrives.",
      charts: charts,
      tables: [HTMLPage.Table(caption: "Reverse funnel by month", header: header, rows: rows)])
  }

  private func kpiSection() -> HTMLPage.Section {
    let rows = result.kpis.map { k -> [String] in
      let f: (Double) -> String = k.kpi.isPercentage ? { Format.percent($0) } : { Format.auto($0) }
      return [k.kpi.rawValue, f(k.mean), f(k.p05), f(k.p50), f(k.p95)]
    }
    return HTMLPage.Section(
      id: "kpis", heading: "KPIs over the horizon",
      intro: "Each KPI's mean and percentiles across trials.",
      tables: [HTMLPage.Table(caption: "KPIs", header: ["KPI", "mean", "p05", "median", "p95"], rows: rows)])
  }

  private func interval(_ p: ProportionEstimate) -> String {
    "\(Format.percent(p.estimate)) (\(Format.percent(p.low))–\(Format.percent(p.high)))"
  }
}


extension SVGChart {
  /// Month labels under the plot, one per unit of `x` from 0: `YYYY-MM` for up to six months,
  /// else the month's short name with the year (or years) in the axis title, so that twelve
  /// labels fit.
  mutating func monthAxis(_ months: [String], _ x: LinearScale) {
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard months.count > 6 else {
      categoryAxis(months.indices.map { (x(Double($0) + 0.5), months[$0]) }, label: "month")
      return
    }
    let labels = months.indices.map { i -> (x: Double, text: String) in
      let number = Int(months[i].suffix(2)) ?? 0
      return (x(Double(i) + 0.5), (1...12).contains(number) ? names[number - 1] : months[i])
    }
    let years = months.map { String($0.prefix(4)) }
    let span = years.first == years.last ? years.first ?? "" : "\(years.first ?? "")–\(years.last ?? "")"
    categoryAxis(labels, label: "month (\(span))")
  }
}
