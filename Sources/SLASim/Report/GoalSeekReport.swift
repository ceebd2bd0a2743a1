/// Renders a ``GoalSeekResult`` (`slasim solve`) as a terminal table, JSON or CSV.
///
/// Field paths are documented in docs/solve.md; the CSV is the JSON tree flattened to
/// `field,value` rows, as for `run`.
public struct GoalSeekReport: TreeReport, Sendable {
  public var result: GoalSeekResult
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(result: GoalSeekResult, includeTiming: Bool = true) {
    self.result = result
    self.includeTiming = includeTiming
  }

  public func write<W: TreeWriter>(to w: inout W) {
    let r = result
    w.beginReport(
      scenarioName: r.scenarioName, seed: r.seed, threads: r.threads, seconds: includeTiming ? r.seconds : nil
    ) { w in
      w.integer("initialTrials", r.schedule.initial)
      w.integer("maxTrials", r.schedule.maximum)
    }

    w.beginObject("solution")
    w.string("status", r.status.rawValue)
    w.number("value", r.solution.value)
    w.string("unit", r.variable.unit)
    RunReport.probability(&w, "probability", r.solution.probability)
    w.integer("trials", r.solution.trials)
    w.bool("ambiguous", r.isAmbiguous)
    if let n = r.neighbour {
      w.beginObject("neighbour")
      w.number("value", n.value)
      RunReport.probability(&w, "probability", n.probability)
      w.integer("trials", n.trials)
      w.endObject()
    } else {
      w.null("neighbour")
    }
    w.endObject()

    w.beginObject("search")
    w.string("variable", r.variable.path)
    w.string("seek", r.variable.seek.rawValue)
    w.number("scenarioValue", r.variable.current)
    w.string("goal", r.goal.description)
    w.number("target", r.target)
    w.number("tolerance", r.tolerance)
    w.integer("totalTrials", r.totalTrials)
    w.beginArray("evaluations")
    for e in r.evaluations {
      w.beginObject()
      w.number("value", e.value)
      w.integer("trials", e.trials)
      RunReport.probability(&w, "probability", e.probability)
      w.bool("meets", e.meets)
      w.bool("ambiguous", e.ambiguous)
      w.endObject()
    }
    w.endArray()
    w.endObject()
    w.endObject()
  }

  /// The terminal table: the answer and its neighbour in words, then every evaluation.
  public var table: String {
    let r = result
    let v = r.variable
    let goal = "P(\(r.goal))"
    var out = Format.title(r.scenarioName)
    out += Format.dotted(
      ["seed \(r.seed)", "trials \(Format.trialRange(r.schedule)) a value"]
        + (includeTiming ? Format.timing(threads: r.threads, seconds: r.seconds) : [])
        + ["slasim \(SLASimVersion.current)"])
    out += "\n"
    let which = v.seek == .smallest ? "smallest" : "largest"
    out += "The \(which) \(v.path) with \(goal) ≥ \(Format.goalPercent(r.target))"
    out += v.isInteger ? "\n" : " (to within \(Self.value(r.tolerance, v)))\n"
    switch r.status {
    case .found:
      var t = TextTable(["", v.path, goal, "trials"])
      t.add(["  answer", Self.value(r.solution.value, v), Format.estimate(r.solution.probability),
             Format.number(Double(r.solution.trials))])
      if let n = r.neighbour {
        t.add([
          "  " + (v.isInteger ? "one less" : v.seek == .smallest ? "just below" : "just above"),
          Self.value(n.value, v), Format.estimate(n.probability), Format.number(Double(n.trials)),
        ])
      }
      out += "\n" + t.rendered
    case .leastValueMeets:
      out += Format.wrapped(
        "Even \(Self.value(r.solution.value, v)), the \(v.seek == .smallest ? "least" : "largest") value "
          + "allowed, meets it: \(goal) \(Format.estimate(r.solution.probability)).")
    case .unreachable:
      out += Format.wrapped(
        "No value reaches it: at \(Self.value(r.solution.value, v)), the \(v.seek == .smallest ? "largest" : "least") "
          + "value allowed, \(goal) is \(Format.estimate(r.solution.probability)).")
    case .plateau:
      let p = r.solution.probability
      let from = r.evaluations.first { $0.probability.successes == p.successes && $0.probability.trials == p.trials }
      out += Format.wrapped(
        "No value reaches it: \(goal) stays at \(Format.estimate(p)) from "
          + "\(Self.value(from?.value ?? r.solution.value, v)) to \(Self.value(r.solution.value, v)), with as many "
          + "trials succeeding; more does not change it, so the search stopped: another input limits it.")
    }
    if r.isAmbiguous {
      out += Format.wrapped(
        "Ambiguous: after \(Format.number(Double(r.schedule.maximum))) trials (--max-trials) the 95% interval of "
          + "\(r.solution.ambiguous ? "the answer" : "its neighbour") still contains \(Format.goalPercent(r.target)); "
          + "the answer is the estimate's side, not a confident one. More trials decide it.")
    }
    out += "  the scenario's value: \(Self.value(v.current, v))\n"

    out += "\nEvaluations, in search order (\(Format.number(Double(r.totalTrials))) trials in all)\n"
    var t = TextTable([v.path, "trials", goal, "meets"])
    for e in r.evaluations {
      t.add([
        Self.value(e.value, v), Format.number(Double(e.trials)), Format.estimate(e.probability),
        e.ambiguous ? (e.meets ? "yes?" : "no?") : (e.meets ? "yes" : "no"),
      ])
    }
    out += t.rendered
    if r.evaluations.contains(where: \.ambiguous) {
      out += "(? : the interval still contains the target at --max-trials)\n"
    }
    return out
  }

  /// A value of `variable` for people: `5 reps`, `3.25 hours a day`, `99.95%`, `447,265`.
  static func value(_ x: Double, _ variable: ScenarioVariable) -> String {
    if variable.isInteger {
      let n = Int(x)
      return "\(Format.number(x)) \(n == 1 ? String(variable.unit.dropLast()) : variable.unit)"
    }
    if variable.unit == "share" { return Format.goalPercent(x) }
    let digits = Format.auto(x)
    return variable.unit == "a month" ? digits : "\(digits) \(variable.unit)"
  }
}
