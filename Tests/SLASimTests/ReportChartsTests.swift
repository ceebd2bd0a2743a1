import Foundation
import Testing

@testable import SLASim

/// The report's chart data (issue 10, item 1): accumulated in constant memory while the trials
/// run, and checked here against the run's own exact counts, not against a snapshot.
///
/// Tolerances: the chart sketches have relative accuracy 0.005 and the KPI sketches 0.001, so
/// two quantiles of the same values differ by less than 0.6% of the value (plus one lead for
/// the sketches' rounding of small counts); counts are compared exactly.
@Suite struct ReportChartsTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func shipped(_ name: String) throws -> Scenario {
    let file = root.appendingPathComponent("scenarios/\(name)").path
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let loaded = ScenarioLoader.load(text, file: file)
    return try #require(loaded.scenario, "\(loaded.errors)")
  }

  /// q3 over one month: its waterfall's last day is the month's leads, which is the leads KPI.
  static func oneMonth() throws -> Scenario {
    var s = try shipped("q3.json")
    s.horizon.months = 1
    return s
  }

  static func rows(_ scenario: Scenario, trials: Int, seed: UInt64, threads: Int = 2) async -> (SimulationResult, [TrialRows]) {
    let box = RowsBox()
    let result = await SimulationEngine(scenario: scenario).run(
      trials: trials, seed: seed, threads: threads, charts: true, trialRows: { box.rows.append($0) })
    return (result, box.rows)
  }

  final class RowsBox: @unchecked Sendable { var rows: [TrialRows] = [] }

  @Test func waterfallEndsAtTheMonthsLeadsAndNeverFalls() async throws {
    let result = await SimulationEngine(scenario: try Self.oneMonth()).run(trials: 1500, seed: 11, threads: 2, charts: true)
    let charts = try #require(result.charts)
    let month = try #require(charts.leadsByMonth.first)
    #expect(month.cumulative.count == 31)  // July
    #expect(month.goal == 200)
    let leads = try #require(result.kpi(.marketingLeads))
    let last = try #require(month.cumulative.last)
    #expect(abs(last.p50 - leads.p50) <= 0.006 * leads.p50 + 1, "last day's median \(last.p50), leads KPI median \(leads.p50)")
    for (a, b) in zip(month.cumulative, month.cumulative.dropFirst()) {
      #expect(a.p10 <= b.p10 && a.p50 <= b.p50 && a.p90 <= b.p90)
      #expect(b.p10 <= b.p50 && b.p50 <= b.p90)
    }
    // Leads arrive through the whole month: the median after the 15th holds about half.
    let mid = month.cumulative[14].p50 / last.p50
    #expect(mid > 0.35 && mid < 0.65, "median share by the 15th: \(mid)")
  }

  /// Every horizon SQL is counted once in the first-touch histogram and once in a week, and the
  /// weeks' within-SLA counts add up to the trials' own on-time counts exactly.
  @Test func firstTouchCountsAddUpToTheTrials() async throws {
    let scenario = try Self.shipped("q3.json")
    let (result, blocks) = await Self.rows(scenario, trials: 700, seed: 5)
    let charts = try #require(result.charts)
    let kpis = blocks[0].kpis
    let sqlColumn = try #require(kpis.firstIndex(of: .marketingSQLs))
    let shareColumn = try #require(kpis.firstIndex(of: .salesFirstTouchWithinShare))
    var sqls = 0.0
    var within = 0.0
    for block in blocks {
      for row in 0..<block.count {
        let n = block.kpi(row: row, sqlColumn)
        sqls += n
        within += (block.kpi(row: row, shareColumn) * n).rounded()
      }
    }
    #expect(Double(charts.firstTouch.total) == sqls)
    #expect(Double(charts.weeks.map(\.sqls).reduce(0, +)) == sqls)
    #expect(Double(charts.weeks.map(\.within).reduce(0, +)) == within)
    // q3's reps are ample: almost every SQL is touched within the hour, none never.
    #expect(Double(charts.firstTouch.counts.prefix(4).reduce(0, +)) / sqls > 0.95)
    #expect(charts.weeks.count == 14)  // 92 days
    #expect(charts.weeks.first?.start == "2026-07-01" && charts.weeks.last?.start == "2026-09-30")
    #expect(charts.firstTouch.binHours == 0.25 && charts.firstTouch.withinHours == 1 && charts.firstTouch.goalShare == 0.999)
  }

  @Test func revenueAndDepthBandsAreOrderedAndCarryTheGoals() async throws {
    let result = await SimulationEngine(scenario: try Self.shipped("q3.json")).run(trials: 600, seed: 3, threads: 2, charts: true)
    let charts = try #require(result.charts)
    #expect(charts.quota == [450_000, 450_000, 450_000])
    #expect(charts.depthGoal == [6, 6, 6])
    for s in charts.revenue + charts.depth {
      #expect(s.p05 <= s.p25 && s.p25 <= s.p50 && s.p50 <= s.p75 && s.p75 <= s.p95)
    }
    for s in charts.depth { #expect(s.p95 <= Double(charts.maxAttempts)) }
    // The horizon's revenue median is not the sum of the months' medians, but it lies between
    // three times the smallest and three times the largest.
    let revenue = try #require(result.kpi(.salesRevenue))
    let medians = charts.revenue.map(\.p50)
    #expect(revenue.p50 >= 3 * (medians.min() ?? 0) * 0.9 && revenue.p50 <= 3 * (medians.max() ?? 0) * 1.1)
  }

  /// Charts change no other figure, and do not depend on the thread count.
  @Test func chartsChangeNothingElseAndIgnoreThreads() async throws {
    let scenario = try Self.shipped("q3.json")
    let engine = SimulationEngine(scenario: scenario)
    let plain = await engine.run(trials: 600, seed: 8, threads: 2)
    let one = await engine.run(trials: 600, seed: 8, threads: 1, charts: true)
    let two = await engine.run(trials: 600, seed: 8, threads: 2, charts: true)
    func json(_ r: SimulationResult) -> String { RunReport(result: r, includeTiming: false).json }
    #expect(json(plain) == json(two))
    #expect(RunReport(result: one, includeTiming: false).notebook == RunReport(result: two, includeTiming: false).notebook)
    #expect(try RunReport(result: one, includeTiming: false).html(inputs: []) == RunReport(result: two, includeTiming: false).html(inputs: []))
  }

  /// `--trials-csv`'s rows give back the run's probabilities exactly: each `met` column's sum is
  /// the estimate's success count.
  @Test func trialRowsRecomputeTheProbabilitiesExactly() async throws {
    let scenario = try Self.shipped("q3.json")
    let (result, blocks) = await Self.rows(scenario, trials: 900, seed: 21, threads: 2)
    #expect(blocks.map(\.count).reduce(0, +) == 900)
    #expect(blocks.map(\.firstTrial) == stride(from: 0, to: 900, by: 256).map { $0 })
    let csv = TrialsCSV.header(blocks[0]) + blocks.map(TrialsCSV.lines).joined()
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 901)
    let header = lines[0].split(separator: ",").map(String.init)
    func sum(_ column: String) throws -> Int {
      let c = try #require(header.firstIndex(of: column), "no column \(column)")
      return lines.dropFirst().reduce(0) { $0 + (Int($1.split(separator: ",")[c]) ?? -1_000_000) }
    }
    for party in result.parties {
      #expect(try sum("met.\(party.party.rawValue)") == party.probability.successes)
      for goal in party.goals {
        #expect(try sum("goal.\(party.party.rawValue).\(goal.key)") == goal.probability.successes)
      }
    }
    #expect(try sum("met.joint") == result.joint.successes)
    // KPI columns hold the values the moments were taken of: the means agree to rounding.
    let c = try #require(header.firstIndex(of: "sales.revenue"))
    let mean = lines.dropFirst().reduce(0.0) { $0 + (Double($1.split(separator: ",")[c]) ?? .nan) } / 900
    let kpi = try #require(result.kpi(.salesRevenue))
    #expect(abs(mean - kpi.mean) <= 1e-9 * kpi.mean)
  }
}

/// The HTML report and the notebook: self-contained, described for screen readers, escaped.
@Suite struct ReportRenderingTests {
  static func report(name: String = "Q3") async throws -> RunReport {
    var scenario = try ReportChartsTests.shipped("q3.json")
    scenario.name = name
    let result = await SimulationEngine(scenario: scenario).run(trials: 300, seed: 2, threads: 2, charts: true)
    return RunReport(result: result, includeTiming: false)
  }

  @Test func htmlIsSelfContainedAndEveryChartIsDescribed() async throws {
    let html = try await Self.report().html(inputs: [("horizon.months", "3")])
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    // No script, stylesheet, font or image from anywhere: the only URL is SVG's namespace.
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("src="))
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "://") == nil)
    let charts = html.components(separatedBy: "<svg ").dropFirst()
    #expect(charts.count == 10, "one goals chart, three waterfalls, two speed, depth, revenue, escalation, plan")
    for chart in charts {
      #expect(chart.contains("<title id=") && chart.contains("<desc id="))
      #expect(chart.contains("class=\"mark\""))
    }
    #expect(html.contains("@page { size: A4"))
  }

  @Test func namesAreEscaped() async throws {
    let html = try await Self.report(name: "<script>alert('x')</script> & co").html(inputs: [("name", "\"<b>\"")])
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;"))
    #expect(!html.contains("<b>"))
  }

  /// The notebook is nbformat 4.5 with unique cell ids, and its data cell holds exactly the
  /// JSON report plus the charts.
  @Test func notebookEmbedsTheResult() async throws {
    let report = try await Self.report()
    let text = report.notebook
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["nbformat"] as? Int == 4 && object["nbformat_minor"] as? Int == 5)
    let cells = try #require(object["cells"] as? [[String: Any]])
    let ids = cells.compactMap { $0["id"] as? String }
    #expect(ids.count == cells.count && Set(ids).count == ids.count)
    #expect(cells.first?["cell_type"] as? String == "markdown")
    let load = try #require(cells.first { $0["id"] as? String == "load" })
    let source = (load["source"] as? [String] ?? []).joined()
    let start = try #require(source.range(of: "json.loads("))
    let end = try #require(source.range(of: ")\nrun = data.get(", range: start.upperBound..<source.endIndex))
    let literal = String(source[start.upperBound..<end.lowerBound])
    // The Python literal is a JSON string literal: decode it as one, then the document inside.
    let embedded = try #require(try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String)
    let data = try #require(try JSONSerialization.jsonObject(with: Data(embedded.utf8)) as? [String: Any])
    #expect(data["charts"] != nil)
    var plain = JSONWriter(pretty: false)
    report.write(to: &plain)
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(plain.text.utf8)) as? [String: Any])
    for key in expected.keys { #expect(data[key] != nil, "\(key)") }
    var withoutCharts = data
    withoutCharts["charts"] = nil
    #expect(NSDictionary(dictionary: withoutCharts).isEqual(to: expected))
  }

  @Test func niceTicksAreRound() {
    #expect(LinearScale.niceTicks(0...1, count: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(LinearScale.niceTicks(0...450_000, count: 5) == [0, 100_000, 200_000, 300_000, 400_000])
    #expect(LinearScale.niceUpper(437) == 500)
    #expect(LinearScale.niceUpper(0) == 1)
    let y = LinearScale(domain: 0...10, start: 200, end: 20)
    #expect(y(0) == 200 && y(10) == 20 && y(5) == 110)
    #expect(y(1000) == 11)  // clamped 5% beyond the top
  }

  @Test func scenarioInputsKeepDistributionsOnOneRow() throws {
    let doc = try JSONParser.parse(Array(#"{"$schema": "x", "name": "n", "sales": {"reps": 3, "closeRate": {"beta": {"mean": 0.3, "sd": 0.05}}, "days": ["mon", "tue"]}}"#.utf8))
    let rows = ScenarioInputs.rows(doc)
    #expect(rows.map(\.path) == ["name", "sales.reps", "sales.closeRate", "sales.days"])
    #expect(rows.map(\.value) == [#""n""#, "3", #"{"beta": {"mean": 0.3, "sd": 0.05}}"#, #"["mon", "tue"]"#])
  }
}
