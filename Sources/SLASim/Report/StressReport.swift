/// Renders a ``StressResult`` (`slasim stress`) as a terminal table, JSON or CSV.
///
/// Field paths are documented in docs/stress.md; the CSV is the JSON tree flattened to
/// `field,value` rows, as for `run`.
public struct StressReport: TreeReport, Sendable {
  public var result: StressResult
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(result: StressResult, includeTiming: Bool = true) {
    self.result = result
    self.includeTiming = includeTiming
  }

  /// `sales.firstTouch`.
  static func name(_ goal: ResponseGoal) -> String { "\(goal.party.rawValue).\(goal.rawValue)" }

  public func write<W: TreeWriter>(to w: inout W) {
    let r = result
    w.beginReport(
      scenarioName: r.scenarioName, seed: r.seed, threads: r.threads, seconds: includeTiming ? r.seconds : nil
    ) { w in
      w.integer("initialTrials", r.schedule.initial)
      w.integer("maxTrials", r.schedule.maximum)
      w.integer("totalTrials", r.totalTrials)
    }
    w.number("confidence", r.confidence)
    w.number("rankingPrecision", r.rankingPrecision)

    w.beginArray("goals")
    for g in r.goals {
      w.beginObject()
      w.string("goal", Self.name(g.goal))
      w.number("withinHours", g.withinHours)
      w.string("staff", g.goal.staffPath)
      w.integer("currentStaff", g.currentStaff)
      w.integer("trials", g.trials)
      w.number("expectedItems", g.expectedItems)
      w.number("expectedItemsPerMonth", g.expectedItemsPerMonth)
      w.bool("ranked", g.ranked)
      w.beginArray("staffings")
      for s in g.staffings {
        w.beginObject()
        w.integer("staff", s.staff)
        w.integer("trials", s.trials)
        w.beginArray("levels")
        for (level, p) in zip(g.levels, s.probabilities) {
          w.beginObject()
          w.number("level", level.level)
          w.number("estimate", p.estimate)
          w.number("low", p.low)
          w.number("high", p.high)
          w.endObject()
        }
        w.endArray()
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.endArray()

    w.beginArray("levels")
    for g in r.goals {
      for l in g.levels {
        w.beginObject()
        w.string("goal", Self.name(l.goal))
        w.number("level", l.level)
        RunReport.probability(&w, "probability", l.probability)
        if let e = l.relativeError { w.number("relativeError", e) } else { w.null("relativeError") }
        if l.staffStatus == .unreachable || l.staffStatus == .plateau { w.null("staffNeeded") } else { w.integer("staffNeeded", Int(l.staffNeeded.value)) }
        w.string("staffStatus", l.staffStatus.rawValue)
        w.bool("staffNeededAmbiguous", l.staffNeeded.ambiguous || (l.staffNeighbour?.ambiguous ?? false))
        RunReport.probability(&w, "staffNeededProbability", l.staffNeeded.probability)
        w.number("allowedMissesPerMonth", l.allowedMissesPerMonth)
        w.number("allowedMissesPerHorizon", l.allowedMissesPerHorizon)
        w.bool("firstMissBreaches", l.firstMissBreaches)
        w.number("expectedMisses", l.expectedMisses)
        w.number("expectedMissesStdError", l.expectedMissesStdError)
        RunReport.probability(&w, "probabilityNoneLate", l.probabilityNoneLate)
        w.number("allowedDowntimeMinutesPerYear", l.nines.allowedMinutesPerYear)
        w.number("allowedDowntimeMinutesPerMonth", l.nines.allowedMinutesPerMonth)
        w.endObject()
      }
    }
    w.endArray()
    w.endObject()
  }

  /// The terminal table, 80 columns wide: per goal, today's probabilities and the staff needed,
  /// then what each level allows, then P(meet) at every staffing simulated.
  public var table: String {
    let r = result
    var out = Format.title(r.scenarioName)
    out += Format.dotted(
      ["seed \(r.seed)", "trials \(Format.trialRange(r.schedule)) a staffing, \(Format.number(Double(r.totalTrials))) in all"]
        + (includeTiming ? Format.timing(threads: r.threads, seconds: r.seconds) : [])
        + ["slasim \(SLASimVersion.current)"])
    for g in r.goals {
      let staffUnit = g.goal == .firstTouch ? "reps" : "agents"
      let what = g.goal == .firstTouch ? "leads first touched" : "tickets answered"
      out += "\n\(Self.name(g.goal)): \(what) within \(Format.auto(g.withinHours)) business hour"
      out += g.withinHours == 1 ? "\n" : "s\n"
      out += "today \(g.currentStaff) \(staffUnit) · ~\(Format.auto(g.expectedItems)) \(g.goal.items) in the horizon "
      out += "(\(Format.auto(g.expectedItemsPerMonth)) a month) · \(Format.number(Double(g.trials))) trials\n"
      if let today = g.levels.first {
        out += "late today: \(Format.significant(today.expectedMisses, digits: 3)) "
        out += "± \(Format.significant(today.expectedMissesStdError, digits: 2)) on average, "
        out += "none late in \(Format.estimate(today.probabilityNoneLate)) of trials\n"
      }
      out += "\n"

      var t = TextTable(["level", "P(meet) today", "±rel", "\(staffUnit) for \(Format.goalPercent(r.confidence))"])
      for l in g.levels {
        t.add([
          Format.goalPercent(l.level), Format.estimate(l.probability),
          l.relativeError.map { Format.significant($0 * 100, digits: 2) + "%" } ?? "–", Self.staff(l),
        ])
      }
      out += t.rendered
      if !g.ranked {
        out += "(not every pair of levels could be ranked within --max-trials)\n"
      }
      if g.levels.contains(where: { $0.staffNeeded.ambiguous || ($0.staffNeighbour?.ambiguous ?? false) }) {
        out += "(? : the staff's 95% interval still contains \(Format.goalPercent(r.confidence)) at --max-trials)\n"
      }

      if g.levels.contains(where: { $0.staffStatus == .plateau }) {
        out += "(none (flat): more \(staffUnit) stopped changing P(meet) below \(Format.goalPercent(r.confidence)); "
        out += "another input limits it)\n"
      }

      out += "\nWhat each level allows\n"
      var a = TextTable(["level", "late a month", "late in horizon", "downtime a year", "a month"])
      for l in g.levels {
        a.add([
          Format.goalPercent(l.level), Format.significant(l.allowedMissesPerMonth, digits: 3),
          Format.significant(l.allowedMissesPerHorizon, digits: 3),
          "\(Format.significant(l.nines.allowedMinutesPerYear, digits: 4)) min",
          "\(Format.significant(l.nines.allowedMinutesPerMonth, digits: 4)) min",
        ])
      }
      out += a.rendered
      for l in g.levels where l.firstMissBreaches {
        let item = String(g.goal.items.dropLast())
        let allows = "\(Format.goalPercent(l.level)) of ~\(Format.auto(g.expectedItems)) \(g.goal.items) allows "
          + Format.significant(l.allowedMissesPerHorizon, digits: 2)
        let long = "\(allows) late \(g.goal.items): one late \(item) breaches it."
        out += (long.count <= 80 ? long : "\(allows) late: one late \(item) breaches it.") + "\n"
      }

      out += "\nP(meet) by \(staffUnit == "reps" ? "reps" : "agents") simulated\n"
      var s = TextTable([staffUnit, "trials"] + g.levels.map { Format.goalPercent($0.level) })
      for staffing in g.staffings {
        s.add(
          ["\(staffing.staff)\(staffing.staff == g.currentStaff ? " (today)" : "")", Format.number(Double(staffing.trials))]
            + staffing.probabilities.map { Format.percent($0.estimate) })
      }
      out += s.rendered
    }
    return out
  }

  /// `5`, `5?` (ambiguous), `≤ 1`, `> 100,000`.
  static func staff(_ l: StressLevel) -> String {
    let n = Format.number(l.staffNeeded.value)
    switch l.staffStatus {
    case .found: return n + (l.staffNeeded.ambiguous || (l.staffNeighbour?.ambiguous ?? false) ? "?" : "")
    case .leastValueMeets: return "≤ \(n)"
    case .unreachable: return "> \(n)"
    case .plateau: return "none (flat)"
    }
  }
}
