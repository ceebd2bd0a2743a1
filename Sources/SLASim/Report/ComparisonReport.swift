/// Renders a ``PairedComparison`` (`slasim compare`) as a terminal table, JSON or CSV.
///
/// Each side's own result is `run`'s tree under `a` and `b`; the differences `B − A` sit at
/// `parties.<party>.difference`, `parties.<party>.goals.<goalKey>.difference`,
/// `joint.difference` and `kpis.<id>.difference` (docs/compare.md, docs/output.md). An item
/// on one side only has `onlyIn` (`"a"` or `"b"`) instead of a difference.
public struct ComparisonReport: TreeReport, Sendable {
  public var result: PairedComparison
  /// The two files (as named on the command line), recorded in the output.
  public var files: (a: String, b: String)
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(result: PairedComparison, files: (a: String, b: String), includeTiming: Bool = true) {
    self.result = result
    self.files = files
    self.includeTiming = includeTiming
  }

  public func write<W: TreeWriter>(to w: inout W) {
    let r = result
    w.beginReport(
      scenarioName: r.a.scenarioName, seed: r.a.seed, threads: r.a.threads,
      seconds: includeTiming ? r.a.seconds : nil
    ) { w in
      w.integer("trials", r.a.trials)
      w.string("method", "common random numbers; paired Wald interval of per-trial differences")
    }
    for (key, side, file) in [("a", r.a, files.a), ("b", r.b, files.b)] {
      w.beginObject(key)
      w.string("file", file)
      w.beginObject("scenario")
      w.string("name", side.scenarioName)
      w.endObject()
      RunReport(result: side, includeTiming: includeTiming).writeBody(to: &w)
      w.endObject()
    }

    func item<T>(_ key: String, _ body: (inout W, PairedComparison.Item) -> T) -> T? {
      r.items.first { $0.key == key }.map { body(&w, $0) }
    }
    w.beginObject("parties")
    for party in Party.allCases {
      guard let p = r.items.first(where: { $0.key == party.rawValue }) else { continue }
      w.beginObject(party.rawValue)
      Self.difference(&w, p)
      w.beginObject("goals")
      for g in r.items where g.key.hasPrefix(party.rawValue + ".") {
        w.beginObject(String(g.key.dropFirst(party.rawValue.count + 1)))
        Self.difference(&w, g)
        w.endObject()
      }
      w.endObject()
      w.endObject()
    }
    w.endObject()
    w.beginObject("joint")
    _ = item("joint") { w, j in Self.difference(&w, j) }
    w.endObject()
    w.beginObject("kpis")
    for k in r.kpis {
      w.beginObject(k.kpi.rawValue)
      if let d = k.difference {
        Self.interval(&w, "difference", d, counts: false)
      } else {
        w.string("onlyIn", k.a == nil ? "b" : "a")
      }
      w.endObject()
    }
    w.endObject()
    w.endObject()
  }

  static func difference<W: TreeWriter>(_ w: inout W, _ item: PairedComparison.Item) {
    if let d = item.difference, let u = item.unpaired {
      interval(&w, "difference", d, counts: true)
      interval(&w, "unpairedDifference", u, counts: false)
    } else {
      w.string("onlyIn", item.a == nil ? "b" : "a")
    }
  }

  static func interval<W: TreeWriter>(_ w: inout W, _ key: String, _ d: PairedComparison.Difference, counts: Bool) {
    w.beginObject(key)
    w.number("estimate", d.estimate)
    w.number("low", d.low)
    w.number("high", d.high)
    if counts {
      w.integer("improvedTrials", d.improved)
      w.integer("worsenedTrials", d.worsened)
    }
    w.endObject()
  }

  /// The terminal table, 80 columns wide: P(A), P(B) and ΔP with its paired interval per
  /// party, goal and the joint, then the KPI means and their differences.
  public var table: String {
    let r = result
    let sameName = r.a.scenarioName == r.b.scenarioName
    var out = Format.title(sameName ? "compare: \(r.a.scenarioName)" : "\(r.a.scenarioName) → \(r.b.scenarioName)")
    out += Format.dotted(
      ["A \(files.a)", "B \(files.b)", "seed \(r.a.seed)", "\(Format.number(Double(r.a.trials))) trials each"]
        + (includeTiming ? Format.timing(threads: r.a.threads, seconds: r.a.seconds) : [])
        + ["slasim \(SLASimVersion.current)"])
    out += "\nProbability of meeting the SLA, B − A (common random numbers, paired 95%)\n"
    var t = TextTable(["", "P(A)", "P(B)", "ΔP, pp [95% paired]", "B>A", "B<A"])
    func summary(_ key: String) -> String {
      let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { return key == "joint" ? "all parties (joint)" : key }
      let goal = (r.a.parties + r.b.parties).first { $0.party.rawValue == parts[0] }?.goals.first { $0.key == parts[1] }
      let text = "  " + (goal?.summary ?? parts[1])
      return text.count <= 28 ? text : String(text.prefix(27)) + "…"
    }
    var oneSided = false
    for i in r.items {
      let a = i.a.map { Format.percent($0.estimate) } ?? "–"
      let b = i.b.map { Format.percent($0.estimate) } ?? "–"
      if let d = i.difference {
        let interval = d.low == d.high ? "" : " [\(Self.points(d.low)), \(Self.points(d.high))]"
        t.add([
          summary(i.key), a, b, Self.points(d.estimate) + interval, Format.number(Double(d.improved)),
          Format.number(Double(d.worsened)),
        ])
      } else {
        oneSided = true
        t.add([summary(i.key), a, b, "only in \(i.a == nil ? "B" : "A")"])
      }
    }
    out += t.rendered
    out += "(pp: percentage points; B>A, B<A: trials where only B, only A met it;\n"
    out += " no interval: no trial differs, so the difference is exactly 0)\n"
    if oneSided { out += "(a goal on one side only has no difference)\n" }

    out += "\nKPI means, B − A (paired 95%: difference ± half-width)\n"
    var k = TextTable(["", "mean A", "mean B", "B − A"])
    for item in r.kpis {
      func value(_ x: Double?) -> String {
        guard let x else { return "–" }
        return item.kpi.isPercentage ? Format.percent(x) : Format.significant(x, digits: 4)
      }
      // Percentages differ in percentage points.
      let scale = item.kpi.isPercentage ? 100.0 : 1.0
      let unit = item.kpi.isPercentage ? " pp" : ""
      if let d = item.difference {
        let half = (d.high - d.low) / 2
        let estimate = d.estimate == 0 ? "0" : (d.estimate > 0 ? "+" : "") + Format.significant(d.estimate * scale, digits: 3)
        let text = half == 0 ? estimate : "\(estimate) ± \(Format.significant(half * scale, digits: 2))"
        k.add([item.kpi.rawValue, value(item.a), value(item.b), text + unit])
      } else {
        k.add([item.kpi.rawValue, value(item.a), value(item.b), "only in \(item.a == nil ? "B" : "A")"])
      }
    }
    out += k.rendered
    return out
  }

  /// A difference of probabilities in percentage points: `+3.12`, `0`, `-0.05`.
  static func points(_ x: Double) -> String {
    if x == 0 { return "0" }
    let text = Format.number(x * 100, decimals: abs(x) < 0.01 ? 2 : 1)
    return x > 0 ? "+" + text : text
  }
}
