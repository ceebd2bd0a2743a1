/// Renders a ``SensitivityResult`` (`slasim sensitivity`) as a terminal table, JSON or CSV.
///
/// Field paths are documented in docs/sensitivity.md.
public struct SensitivityReport: TreeReport, Sendable {
  public var result: SensitivityResult
  /// Whether to include `run.seconds` and `run.threads` (omit them to compare runs bit for bit).
  public var includeTiming: Bool

  public init(result: SensitivityResult, includeTiming: Bool = true) {
    self.result = result
    self.includeTiming = includeTiming
  }

  public func write<W: TreeWriter>(to w: inout W) {
    let r = result
    w.beginReport(
      scenarioName: r.scenarioName, seed: r.seed, threads: r.threads, seconds: includeTiming ? r.seconds : nil
    ) { w in
      w.integer("trials", r.trials)
      w.integer("runs", r.runs)
      w.integer("totalTrials", r.runs * r.trials)
    }
    w.beginObject("method")
    w.number("lowPercentile", SensitivityAnalysis.lowPercentile)
    w.number("highPercentile", SensitivityAnalysis.highPercentile)
    w.number("fixedStep", SensitivityAnalysis.fixedStep)
    w.endObject()
    w.beginArray("inputs")
    for input in r.inputs {
      w.beginObject()
      w.string("path", input.path)
      w.string("treatment", input.treatment.rawValue)
      w.string("drawn", input.drawn)
      w.number("base", input.base)
      w.number("low", input.low)
      w.number("high", input.high)
      w.beginArray("correlatedWith")
      for partner in input.correlatedWith { w.string(nil, partner) }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.beginObject("parties")
    for t in r.parties where t.party != nil {
      w.beginObject(t.party?.rawValue)
      write(t, to: &w)
      w.endObject()
    }
    w.endObject()
    w.beginObject("joint")
    write(r.joint, to: &w)
    w.endObject()
    w.beginArray("notes")
    for note in r.notes { w.string(nil, note) }
    w.endArray()
    if let sobol = r.sobol { write(sobol, to: &w) }
    w.endObject()
  }

  func write<W: TreeWriter>(_ t: Tornado, to w: inout W) {
    RunReport.probability(&w, "base", t.base)
    w.beginArray("inputs")
    for bar in t.bars {
      let input = result.inputs[bar.input]
      w.beginObject()
      w.string("path", input.path)
      w.number("low", input.low)
      w.number("high", input.high)
      RunReport.probability(&w, "probabilityAtLow", bar.probabilityAtLow)
      RunReport.probability(&w, "probabilityAtHigh", bar.probabilityAtHigh)
      w.number("swing", bar.swing)
      ComparisonReport.interval(&w, "difference", bar.difference, counts: true)
      w.endObject()
    }
    w.endArray()
  }

  func write<W: TreeWriter>(_ sobol: SobolResult, to w: inout W) {
    let e = sobol.estimate
    w.beginObject("sobol")
    w.integer("baseRows", e.baseRows)
    w.integer("runs", e.runs)
    w.integer("bootstrapReplicates", e.bootstrapReplicates)
    w.string("method", SobolResult.method)
    w.integer("correlationsLeftOut", sobol.correlationsLeftOut)
    w.beginArray("factors")
    for f in sobol.factors { w.string(nil, f) }
    w.endArray()
    w.beginObject("outputs")
    for out in e.outputs {
      w.beginObject(out.name)
      w.number("mean", out.mean)
      w.number("variance", out.variance)
      w.beginArray("inputs")
      if let first = out.firstOrder, let total = out.total {
        for (i, path) in sobol.factors.enumerated() {
          w.beginObject()
          w.string("path", path)
          for (key, index) in [("firstOrder", first[i]), ("total", total[i])] {
            w.beginObject(key)
            w.number("estimate", index.estimate)
            w.number("low", index.low)
            w.number("high", index.high)
            w.endObject()
          }
          w.endObject()
        }
      }
      w.endArray()
      w.endObject()
    }
    w.endObject()
    w.endObject()
  }

  /// The Sobol section of the table: per output, each input's first-order and total index
  /// with its 95% interval, in two columns of `0.42 [0.39, 0.45]`.
  func sobolTable(_ sobol: SobolResult) -> String {
    let e = sobol.estimate
    var out = "\nSobol indices: \(Format.number(Double(e.baseRows))) rows × (\(e.factorCount) inputs + 2) = "
      + "\(Format.number(Double(e.runs))) model runs\n"
    out += Format.wrapped(
      "(first order: the share of the output's variance the input explains alone; total: with its interactions; "
        + "95% intervals from \(e.bootstrapReplicates) Poisson-bootstrap replicates)", indent: "")
    if sobol.correlationsLeftOut > 0 {
      out += Format.wrapped(
        "The indices assume independent inputs: the scenario's \(sobol.correlationsLeftOut) correlation"
          + "\(sobol.correlationsLeftOut == 1 ? " is" : "s are") left out of these runs.", indent: "")
    }
    func cell(_ i: SobolIndex) -> String {
      "\(Format.number(i.estimate, decimals: 2)) [\(Format.number(i.low, decimals: 2)), \(Format.number(i.high, decimals: 2))]"
    }
    for o in e.outputs {
      let title = o.name == "joint" ? "all parties (joint)" : o.name == "revenue" ? "revenue over the horizon" : "\(o.name) meets its SLA"
      out += "\n" + title
      guard let first = o.firstOrder, let total = o.total else {
        out += ": does not vary (\(o.mean == 0 ? "never" : "always") met in these runs)\n"
        continue
      }
      out += "\n"
      var t = TextTable(["input", "first order", "total"])
      let order = sobol.factors.indices.sorted { total[$0].estimate > total[$1].estimate }
      for i in order { t.add([sobol.factors[i], cell(first[i]), cell(total[i])]) }
      out += t.rendered
      let explained = first.reduce(0) { $0 + $1.estimate }
      out += Format.wrapped(
        "(first-order sum \(Format.number(explained, decimals: 2)): the rest is interactions and each trial's own "
          + "noise, its leads, attempts and deals)", indent: "")
    }
    return out
  }

  /// The terminal table, 80 columns wide: the inputs and their settings, then one tornado per
  /// party and for the joint probability, widest bar first.
  public var table: String {
    let r = result
    var out = Format.title(r.scenarioName)
    out += Format.dotted(
      [
        "seed \(r.seed)", "\(Format.number(Double(r.trials))) trials a run",
        "\(r.runs) runs (\(Format.number(Double(r.runs * r.trials))) trials)",
      ] + (includeTiming ? Format.timing(threads: r.threads, seconds: r.seconds) : [])
        + ["slasim \(SLASimVersion.current)"])
    out += "\n" + Format.wrapped("Inputs moved one at a time, on the same trials (uncertain: P10 and P90; fixed: ±10%)", indent: "")
    var inputs = TextTable(["input", "low", "as written", "high", "moved"])
    for input in r.inputs {
      inputs.add([
        input.path, Format.significant(input.low, digits: 4), Format.significant(input.base, digits: 4),
        Format.significant(input.high, digits: 4), input.treatment == .percentiles ? "P10–P90" : "±10%",
      ])
    }
    out += inputs.rendered
    out += Format.wrapped("(a schedule or trend shows its horizon average; --format json says when each is drawn)", indent: "")
    for t in r.parties + [r.joint] {
      out += "\n" + (t.party.map { "\($0.rawValue) meets its SLA" } ?? "all parties (joint)")
      out += ": \(Format.estimate(t.base)) as written\n"
      out += bars(t)
    }
    if !r.notes.isEmpty {
      out += "\n"
      for note in r.notes { out += Format.wrapped(note, indent: "") }
    }
    if let sobol = r.sobol { out += sobolTable(sobol) }
    return out
  }

  /// One tornado: P at the input's low and high setting, the swing in points, and a bar.
  func bars(_ t: Tornado) -> String {
    let widest = t.bars.first?.swing ?? 0
    let moving = t.bars.filter { $0.swing > 0 }
    guard !moving.isEmpty else { return "(no input moves it)\n" }
    var rows: [[String]] = []
    for bar in moving {
      let d = bar.difference
      let halfWidth = 100 * Swift.max(d.high - d.estimate, d.estimate - d.low)
      rows.append([
        result.inputs[bar.input].path, Format.percent(bar.probabilityAtLow.estimate),
        Format.percent(bar.probabilityAtHigh.estimate),
        Format.significant(100 * bar.swing, digits: 2) + " ±" + Format.significant(halfWidth, digits: 2),
      ])
    }
    let header = ["input", "at low", "at high", "swing"]
    var table = TextTable(header)
    for row in rows { table.add(row) }
    let width = table.rendered.split(separator: "\n").map(\.count).max() ?? 0
    let room = Swift.max(0, 80 - width - 2)
    var withBars = TextTable(header + [""])
    for (row, bar) in zip(rows, moving) {
      let cells = widest > 0 ? Int((Double(room) * bar.swing / widest).rounded()) : 0
      withBars.add(row + [String(repeating: "█", count: cells) + String(repeating: " ", count: room - cells)])
    }
    let still = t.bars.count - moving.count
    let note = "(swing: |P(high) − P(low)| in percentage points, ± its paired 95% half-width from the trials "
      + "where one setting meets it and the other does not"
      + (still > 0 ? "; \(still) other input\(still == 1 ? "" : "s") did not move it)" : ")")
    return (room >= 4 ? withBars : table).rendered + Format.wrapped(note, indent: "")
  }
}
