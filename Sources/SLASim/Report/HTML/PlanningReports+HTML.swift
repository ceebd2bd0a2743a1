/// The HTML reports of `compare`, `sensitivity` and `stress`: each drawn from its command's one
/// result model, as its table and JSON are.
extension ComparisonReport {
  /// ΔP = P(B) − P(A) for every party, goal and the joint, with paired 95% intervals.
  public func html() throws -> String {
    let r = result
    let paired = r.items.compactMap { item in item.difference.map { (item, $0) } }
    let rows = paired.map { item, d in
      IntervalRow(
        label: item.key, bar: nil, estimate: d.estimate, low: d.low, high: d.high,
        tip: "\(item.key): \(Self.points(d.estimate)) pp [\(Self.points(d.low)), \(Self.points(d.high))]; B better in \(d.improved) trials, worse in \(d.worsened)")
    }
    let extent = Swift.max(0.01, paired.map { Swift.max(abs($0.1.low), abs($0.1.high)) }.max() ?? 0)
    let edge = LinearScale.niceUpper(extent * 1.1)
    let chart = SVGChart.intervalRows(
      id: "delta", title: "What B changes: ΔP = P(B) − P(A)",
      description: "For each party, goal and all parties together, the difference in the probability of meeting it, B minus A, on the same trials (common random numbers), with its paired 95% interval.",
      rows: rows, domain: -edge...edge, reference: 0, referenceLabel: "no change", axisLabel: "ΔP (percentage points)",
      tick: { Self.points($0) })
    let table = HTMLPage.Table(
      caption: "Probability of meeting the SLA, B − A", header: ["", "P(A)", "P(B)", "ΔP, pp", "95% paired", "B>A", "B<A"],
      rows: r.items.map { item in
        let a = item.a.map { Format.percent($0.estimate) } ?? "–"
        let b = item.b.map { Format.percent($0.estimate) } ?? "–"
        guard let d = item.difference else { return [item.key, a, b, "only in \(item.a == nil ? "B" : "A")", "", "", ""] }
        return [item.key, a, b, Self.points(d.estimate), "\(Self.points(d.low)) to \(Self.points(d.high))", Format.number(Double(d.improved)), Format.number(Double(d.worsened))]
      })
    let kpis = HTMLPage.Table(
      caption: "KPI means, B − A", header: ["KPI", "mean A", "mean B", "B − A", "95% paired"],
      rows: r.kpis.map { item in
        let f: (Double?) -> String = { x in x.map { item.kpi.isPercentage ? Format.percent($0) : Format.significant($0, digits: 4) } ?? "–" }
        guard let d = item.difference else { return [item.kpi.rawValue, f(item.a), f(item.b), "–", ""] }
        let scale = item.kpi.isPercentage ? 100.0 : 1
        return [item.kpi.rawValue, f(item.a), f(item.b), Format.significant(d.estimate * scale, digits: 3), "\(Format.significant(d.low * scale, digits: 3)) to \(Format.significant(d.high * scale, digits: 3))"]
      })
    let joint = r.items.first { $0.key == "joint" }?.difference
    let page = HTMLPage(
      title: r.a.scenarioName == r.b.scenarioName ? "compare: \(r.a.scenarioName)" : "\(r.a.scenarioName) → \(r.b.scenarioName)",
      subtitle: "A \(files.a), B \(files.b): the same \(Format.number(Double(r.a.trials))) trials on both (common random numbers), so the difference is what the change buys.",
      cards: [
        HTMLPage.Card(label: "all parties, A", value: Format.percent(r.a.joint.estimate), detail: "95% CI \(Format.percent(r.a.joint.low))–\(Format.percent(r.a.joint.high))"),
        HTMLPage.Card(label: "all parties, B", value: Format.percent(r.b.joint.estimate), detail: "95% CI \(Format.percent(r.b.joint.low))–\(Format.percent(r.b.joint.high))"),
        HTMLPage.Card(label: "ΔP joint", value: joint.map { Self.points($0.estimate) + " pp" } ?? "–", detail: joint.map { "paired 95%: \(Self.points($0.low)) to \(Self.points($0.high))" } ?? ""),
      ],
      sections: [
        HTMLPage.Section(
          id: "delta", heading: "Difference in the probability of meeting the SLA",
          intro: "Points are B − A; bars the paired 95% interval from the trials where exactly one side meets the goal. An interval that does not cross the line is a change the trials can tell.",
          charts: [chart], tables: [table, kpis])
      ],
      footer: HTMLPage.footer(seed: r.a.seed, trials: "\(Format.number(Double(r.a.trials))) trials on each side"))
    return try page.render()
  }
}

extension SensitivityReport {
  /// One tornado per party and the joint: each input's P at its low and high settings.
  public func html() throws -> String {
    let r = result
    func tornado(_ t: Tornado, id: String) -> String {
      let name = t.party?.rawValue ?? "all parties"
      let rows = t.bars.map { bar -> IntervalRow in
        let path = r.inputs[bar.input].path
        let (lo, hi) = (bar.probabilityAtLow.estimate, bar.probabilityAtHigh.estimate)
        return IntervalRow(
          label: path, bar: (Swift.min(lo, hi), Swift.max(lo, hi)), estimate: hi, low: hi, high: hi,
          tip: "\(path): P = \(Format.percent(lo)) at its low setting, \(Format.percent(hi)) at its high; swing \(ComparisonReport.points(bar.difference.estimate)) pp [\(ComparisonReport.points(bar.difference.low)), \(ComparisonReport.points(bar.difference.high))]")
      }
      let values = t.bars.flatMap { [$0.probabilityAtLow.estimate, $0.probabilityAtHigh.estimate] } + [t.base.estimate]
      let low = Swift.max(0, ((values.min() ?? 0) * 20).rounded(.down) / 20)
      let high = Swift.min(1, ((values.max() ?? 1) * 20).rounded(.up) / 20)
      return SVGChart.intervalRows(
        id: id, title: "Tornado: what moves P(\(name) meets its SLA)",
        description: "For each input, widest swing first, the probability with the input at its low and at its high setting (the bar; the point marks the high setting), against the probability as the scenario stands.",
        rows: rows, domain: low...Swift.max(high, low + 0.05), reference: t.base.estimate,
        referenceLabel: "as is \(Format.percent(t.base.estimate))", axisLabel: "P(meets its SLA)", tick: { Format.percent($0) })
    }
    let tornadoes = r.parties + [r.joint]
    let inputs = HTMLPage.Table(
      caption: "Inputs moved", header: ["input", "low", "base", "high", "how"],
      rows: r.inputs.map { [$0.path, Format.auto($0.low), Format.auto($0.base), Format.auto($0.high), $0.drawn] })
    let page = HTMLPage(
      title: "sensitivity: \(r.scenarioName)",
      subtitle: "Each input moved one at a time to its low and high setting on the same \(Format.number(Double(r.trials))) trials (\(r.runs) runs).",
      cards: tornadoes.map { t in
        HTMLPage.Card(label: t.party?.rawValue ?? "all parties", value: Format.percent(t.base.estimate), detail: t.bars.first.map { "moved most by \(r.inputs[$0.input].path)" } ?? "no input moves it")
      },
      sections: [
        HTMLPage.Section(
          id: "tornado", heading: "Tornado",
          intro: "The wider the bar, the more the input moves the probability. Bars are ordered by their swing; the line is the probability as the scenario stands.",
          charts: tornadoes.enumerated().map { tornado($1, id: "tornado-\($0)") }, tables: [inputs], notes: r.notes)
      ],
      footer: HTMLPage.footer(seed: r.seed, trials: "\(Format.number(Double(r.trials))) trials a run"))
    return try page.render()
  }
}

extension StressReport {
  /// The nines table and P(meet) against staff for each level, per response goal.
  public func html() throws -> String {
    let r = result
    var sections: [HTMLPage.Section] = []
    for (g, goal) in r.goals.enumerated() {
      let unit = goal.goal == .firstTouch ? "reps" : "agents"
      var chart = SVGChart(
        title: "\(Self.name(goal.goal)): P(meet) against \(unit), by level",
        description: "For each target level, the probability of meeting it with each number of \(unit) simulated, with 95% intervals, against the required confidence of \(Format.goalPercent(r.confidence)).")
      let staffs = goal.staffings.map(\.staff)
      let lo = Double(staffs.min() ?? goal.currentStaff) - 0.5
      let hi = Double(staffs.max() ?? goal.currentStaff) + 0.5
      let x = chart.xScale(lo...hi)
      let y = chart.yScale(0...1)
      chart.yAxis(y, ticks: stride(from: 0.0, through: 1, by: 0.2).map { ($0, Format.percent($0)) }, label: "P(meets the level)")
      let step = Swift.max(1, (staffs.count + 9) / 10)
      chart.xAxis(x, ticks: stride(from: 0, to: staffs.sorted().count, by: step).map { i in let s = staffs.sorted()[i]; return (Double(s), "\(s)") }, label: "\(unit)")
      let palette: [SVGChart.Colour] = [.blue, .orange, .green, .vermillion, .purple, .sky]
      for (k, level) in goal.levels.enumerated() {
        let colour = palette[k % palette.count]
        let points = goal.staffings.sorted { $0.staff < $1.staff }.compactMap { s -> (Int, ProportionEstimate)? in
          k < s.probabilities.count ? (s.staff, s.probabilities[k]) : nil
        }
        chart.polyline(points.map { (x(Double($0.0)), y($0.1.estimate)) }, colour: colour, dashed: k % 2 == 1, tip: "level \(Format.goalPercent(level.level))")
        for (staff, p) in points {
          chart.intervalPoint(
            x: x(Double(staff)), y: y(p.estimate), low: y(p.low), high: y(p.high), colour: colour, square: k % 2 == 1,
            tip: "\(Format.goalPercent(level.level)) with \(staff) \(unit): \(Format.percent(p.estimate)) (\(Format.percent(p.low))–\(Format.percent(p.high)))")
        }
        chart.legend(Format.goalPercent(level.level), colour: colour, dashed: k % 2 == 1)
      }
      chart.horizontalRule(y: y(r.confidence), colour: .black, label: "required confidence \(Format.goalPercent(r.confidence))")
      chart.verticalRule(x: x(Double(goal.currentStaff)), colour: .grey, label: "today \(goal.currentStaff)")
      let table = HTMLPage.Table(
        caption: "The nines", header: ["level", "P(meet) today (95% CI)", "allowed late a month", "late today (mean)", "\(unit) for \(Format.goalPercent(r.confidence))"],
        rows: goal.levels.map { l in
          [Format.goalPercent(l.level), "\(Format.percent(l.probability.estimate)) (\(Format.percent(l.probability.low))–\(Format.percent(l.probability.high)))",
           Format.significant(l.allowedMissesPerMonth, digits: 3), Format.significant(l.expectedMisses, digits: 3), Self.staff(l)]
        })
      sections.append(
        HTMLPage.Section(
          id: "goal-\(g)", heading: "\(Self.name(goal.goal)): within \(Format.auto(goal.withinHours)) business hours",
          intro: "Today \(goal.currentStaff) \(unit), about \(Format.auto(goal.expectedItemsPerMonth)) \(goal.goal.items) a month. Each extra nine allows ten times fewer late \(goal.goal.items); the curves show how many \(unit) each level needs.",
          charts: [chart.render(id: "stress-\(g)")], tables: [table]))
    }
    let page = HTMLPage(
      title: "stress: \(r.scenarioName)",
      subtitle: "The response-time targets side by side, at \(Format.goalPercent(r.confidence)) confidence, over \(r.months) month\(r.months == 1 ? "" : "s").",
      cards: r.goals.flatMap { g in
        g.levels.map { l in
          HTMLPage.Card(label: "\(Self.name(g.goal)) \(Format.goalPercent(l.level))", value: Format.percent(l.probability.estimate), detail: "needs \(Self.staff(l)) \(g.goal == .firstTouch ? "reps" : "agents")")
        }
      },
      sections: sections,
      footer: HTMLPage.footer(seed: r.seed, trials: "\(Format.number(Double(r.totalTrials))) trials in all"))
    return try page.render()
  }
}

extension QuotaPlanReport {
  /// The splits of the annual quota by month, and each month's probability under each split.
  public func html() throws -> String {
    let p = plan
    let months = p.months.map { String($0.description.prefix(7)) }
    let splits = p.splits + (p.assigned.map { [$0] } ?? [])
    let palette: [SVGChart.Colour] = [.blue, .orange, .green, .purple]
    let m = months.count
    var quotas = SVGChart(
      title: "The quota split by month",
      description: "Each split's monthly quota (bars, one colour per split) against the simulated mean revenue per month (the line).")
    let top = LinearScale.niceUpper(Swift.max(splits.flatMap(\.quotas).max() ?? 0, p.revenueMean.max() ?? 0) * 1.05)
    let x = quotas.xScale(0...Double(m))
    let y = quotas.yScale(0...top)
    quotas.yAxis(y, ticks: LinearScale.niceTicks(0...top, count: 5).map { ($0, Format.auto($0)) }, label: "quota per month (currency units)")
    quotas.monthAxis(months, x)
    let width = (x(1) - x(0)) * 0.8 / Double(Swift.max(splits.count, 1))
    for (k, split) in splits.enumerated() {
      let colour = palette[k % palette.count]
      for (i, q) in split.quotas.enumerated() {
        let left = x(Double(i) + 0.1) + width * Double(k)
        quotas.bar(x0: left, x1: left + width - 1, y0: y(0), y1: y(q), colour: colour, tip: "\(split.name), \(months[i]): \(Format.number(q))")
      }
      quotas.legend(split.name, colour: colour, box: true)
    }
    quotas.polyline(p.revenueMean.enumerated().map { (x(Double($0) + 0.5), y($1)) }, colour: .black, tip: "simulated mean revenue per month")
    quotas.legend("mean revenue", colour: .black)

    var risk = SVGChart(
      title: "P(the month's quota is met), by split",
      description: "For each month and split, the probability that the month's revenue reaches its quota, with 95% intervals; equal risk holds it level.")
    let ry = risk.yScale(0...1)
    let rx = risk.xScale(0...Double(m))
    risk.yAxis(ry, ticks: stride(from: 0.0, through: 1, by: 0.2).map { ($0, Format.percent($0)) }, label: "P(quota met in the month)")
    risk.monthAxis(months, rx)
    for (k, split) in splits.enumerated() {
      let colour = palette[k % palette.count]
      for (i, e) in split.monthProbabilities.enumerated() {
        let cx = rx(Double(i) + 0.1) + width * (Double(k) + 0.5)
        risk.intervalPoint(
          x: cx, y: ry(e.estimate), low: ry(e.low), high: ry(e.high), colour: colour, square: k % 2 == 1,
          tip: "\(split.name), \(months[i]): \(Format.percent(e.estimate)) (\(Format.percent(e.low))–\(Format.percent(e.high)))")
      }
      risk.legend(split.name, colour: colour, box: true)
    }
    let table = HTMLPage.Table(
      caption: "Quotas by month", header: ["month"] + splits.map(\.name) + ["mean revenue"],
      rows: months.indices.map { i in [months[i]] + splits.map { Format.number($0.quotas[i]) } + [Format.number(p.revenueMean[i])] })
    let summary = HTMLPage.Table(
      caption: "Each split over the year", header: ["split", "total", "P(every month met)", "P(the year's total met)"],
      rows: splits.map { s in
        [s.name, Format.number(s.total), "\(Format.percent(s.allMonths.estimate)) (\(Format.percent(s.allMonths.low))–\(Format.percent(s.allMonths.high)))",
         "\(Format.percent(s.annual.estimate)) (\(Format.percent(s.annual.low))–\(Format.percent(s.annual.high)))"]
      })
    let page = HTMLPage(
      title: "plan: \(p.scenarioName)",
      subtitle: "\(Format.number(p.annualRevenue)) over \(m) months, split three ways, each checked on the same \(Format.number(Double(p.trials))) trials.",
      cards: splits.map { s in
        HTMLPage.Card(label: s.name, value: Format.percent(s.annual.estimate), detail: "P(the year's total met); every month: \(Format.percent(s.allMonths.estimate))")
      },
      sections: [
        HTMLPage.Section(
          id: "splits", heading: "The three splits",
          intro: "Equal risk gives every month the same chance of meeting its quota; even gives every month the same quota; forecast follows the mean revenue. Bars are the quotas, the line the simulated mean revenue.",
          charts: [quotas.render(id: "quotas"), risk.render(id: "risk")], tables: [table, summary])
      ],
      footer: HTMLPage.footer(seed: p.seed, trials: "\(Format.number(Double(p.trials))) trials a pass"))
    return try page.render()
  }
}

extension GoalSeekReport {
  /// The search: P(goal) at every value tried, against the target, with the answer marked.
  public func html() throws -> String {
    let r = result
    let v = r.variable
    let goal = "P(\(r.goal))"
    let values = r.evaluations.map(\.value)
    let lo = values.min() ?? 0
    let hi = values.max() ?? 1
    let pad = Swift.max((hi - lo) * 0.05, v.isInteger ? 0.5 : 1e-9)
    var chart = SVGChart(
      title: "\(goal) against \(v.path)",
      description: "Every value the search tried, with the estimated probability and its 95% interval, against the target of \(Format.goalPercent(r.target)); the answer is marked.")
    let x = chart.xScale((lo - pad)...(hi + pad))
    let y = chart.yScale(0...1)
    chart.yAxis(y, ticks: stride(from: 0.0, through: 1, by: 0.2).map { ($0, Format.percent($0)) }, label: goal)
    chart.xAxis(x, ticks: LinearScale.niceTicks((lo - pad)...(hi + pad), count: 6).filter { !v.isInteger || $0 == $0.rounded() }.map { ($0, Format.auto($0)) }, label: "\(v.path) (\(v.unit))")
    for e in r.evaluations.sorted(by: { $0.value < $1.value }) {
      let answer = e.value == r.solution.value
      chart.intervalPoint(
        x: x(e.value), y: y(e.probability.estimate), low: y(e.probability.low), high: y(e.probability.high),
        colour: answer ? .vermillion : e.meets ? .blue : .orange, square: !e.meets,
        tip: "\(Self.value(e.value, v)): \(Format.estimate(e.probability)) over \(Format.number(Double(e.trials))) trials\(answer ? " (the answer)" : "")")
    }
    chart.horizontalRule(y: y(r.target), colour: .black, label: "target \(Format.goalPercent(r.target))")
    chart.legend("meets", colour: .blue, box: true)
    chart.legend("does not", colour: .orange, box: true)
    chart.legend("answer", colour: .vermillion, box: true)
    let table = HTMLPage.Table(
      caption: "Evaluations, in search order", header: [v.path, "trials", goal, "meets"],
      rows: r.evaluations.map { e in
        [Self.value(e.value, v), Format.number(Double(e.trials)), Format.estimate(e.probability), e.ambiguous ? (e.meets ? "yes?" : "no?") : (e.meets ? "yes" : "no")]
      })
    let which = v.seek == .smallest ? "smallest" : "largest"
    let answer: String
    switch r.status {
    case .found: answer = Self.value(r.solution.value, v)
    case .leastValueMeets: answer = "≤ " + Self.value(r.solution.value, v)
    case .unreachable: answer = "none"
    case .plateau: answer = "none (flat)"
    }
    let page = HTMLPage(
      title: "solve: \(r.scenarioName)",
      subtitle: "The \(which) \(v.path) with \(goal) ≥ \(Format.goalPercent(r.target)).",
      cards: [
        HTMLPage.Card(label: "answer", value: answer, detail: "\(goal) \(Format.estimate(r.solution.probability))"),
        HTMLPage.Card(label: "today", value: Self.value(v.current, v), detail: "the scenario's value"),
        HTMLPage.Card(label: "trials", value: Format.number(Double(r.totalTrials)), detail: "\(r.evaluations.count) values tried"),
      ],
      sections: [
        HTMLPage.Section(
          id: "search", heading: "The search",
          intro: "Each value tried gets trials until its interval is clear of the target (or --max-trials). Above the line meets the goal.",
          charts: [chart.render(id: "solve")], tables: [table],
          notes: r.isAmbiguous ? ["Ambiguous: the interval still contains the target at --max-trials; more trials decide it."] : [])
      ],
      footer: HTMLPage.footer(seed: r.seed, trials: "\(Format.number(Double(r.totalTrials))) trials in all"))
    return try page.render()
  }
}
