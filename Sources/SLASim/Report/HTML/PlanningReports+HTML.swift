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
