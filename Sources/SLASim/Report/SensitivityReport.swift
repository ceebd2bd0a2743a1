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
      w.endObject()
    }
    w.endArray()
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
    return out
  }

  /// One tornado: P at the input's low and high setting, the swing in points, and a bar.
  func bars(_ t: Tornado) -> String {
    let widest = t.bars.first?.swing ?? 0
    let moving = t.bars.filter { $0.swing > 0 }
    guard !moving.isEmpty else { return "(no input moves it)\n" }
    var rows: [[String]] = []
    for bar in moving {
      rows.append([
        result.inputs[bar.input].path, Format.percent(bar.probabilityAtLow.estimate),
        Format.percent(bar.probabilityAtHigh.estimate), Format.significant(100 * bar.swing, digits: 2),
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
    let note = "(swing: |P(high) − P(low)| in percentage points"
      + (still > 0 ? "; \(still) other input\(still == 1 ? "" : "s") did not move it)" : ")")
    return (room >= 4 ? withBars : table).rendered + Format.wrapped(note, indent: "")
  }
}
