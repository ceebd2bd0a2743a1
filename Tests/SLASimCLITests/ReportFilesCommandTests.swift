import Foundation
import Testing

@testable import SLASimCLI

/// `run --html`, `--notebook` and `--trials-csv` (issue 10), as a user runs them.
@Suite(.serialized) struct ReportFilesCommandTests {
  /// The per-trial file read back gives the summary's probabilities exactly: the sum of each
  /// `met` column is the JSON's success count, and each KPI column's mean is the JSON's mean.
  @Test func trialsCSVRecomputesTheSummary() async throws {
    let csv = temporaryPath("q3-trials.csv")
    let json = temporaryPath("q3-summary.json")
    let error = await runCommand([
      "run", Repository.path("scenarios/q3.json"), "--trials", "800", "--seed", "13", "--threads", "2",
      "--format", "json", "--out", json, "--trials-csv", csv, "--quiet",
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 801)
    let header = lines[0].split(separator: ",").map(String.init)
    let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
    #expect(rows.map { $0[0] } == (0..<800).map(String.init))
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
    let parties = try #require(summary["parties"] as? [String: [String: Any]])
    func successes(_ object: [String: Any]?) -> Int? { (object?["probability"] as? [String: Any])?["successes"] as? Int }
    func column(_ name: String) throws -> [String] {
      let c = try #require(header.firstIndex(of: name), "no column \(name) in \(header)")
      return rows.map { $0[c] }
    }
    for (party, object) in parties {
      let met = try column("met.\(party)")
      #expect(met.allSatisfy { $0 == "0" || $0 == "1" })
      #expect(met.filter { $0 == "1" }.count == successes(object))
      for (key, goal) in object["goals"] as? [String: [String: Any]] ?? [:] {
        #expect(try column("goal.\(party).\(key)").filter { $0 == "1" }.count == successes(goal), "\(party).\(key)")
      }
    }
    #expect(try column("met.joint").filter { $0 == "1" }.count == successes(summary["joint"] as? [String: Any]))
    let kpis = try #require(summary["kpis"] as? [String: [String: Any]])
    for (name, kpi) in kpis {
      let values = try column(name).compactMap(Double.init)
      #expect(values.count == 800)
      let mean = try #require(kpi["mean"] as? Double)
      #expect(abs(values.reduce(0, +) / 800 - mean) <= 1e-9 * max(1, abs(mean)), "\(name)")
    }
  }

  /// The report files do not depend on the thread count, and leave nothing else behind.
  @Test func reportFilesAreReproducible() async throws {
    var files: [[String]] = []
    for threads in ["1", "2"] {
      let html = temporaryPath("q3-\(threads).html")
      let notebook = temporaryPath("q3-\(threads).ipynb")
      let error = await runCommand([
        "run", Repository.path("scenarios/q3.json"), "--trials", "600", "--seed", "4", "--threads", threads,
        "--format", "json", "--out", temporaryPath("q3-\(threads).json"), "--html", html, "--notebook", notebook, "--quiet",
      ])
      #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
      files.append([try String(contentsOfFile: html, encoding: .utf8), try String(contentsOfFile: notebook, encoding: .utf8)])
    }
    #expect(files[0] == files[1])
    #expect(files[0][0].contains("Marketing: the leads waterfall"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: temporaryPath("x")).deletingLastPathComponent().path)
    #expect(!leftovers.contains { $0.contains(".slasim-") }, "temporary files left: \(leftovers)")
  }

  @Test func badReportPathsAreRefused() async throws {
    let scenario = Repository.path("scenarios/q3.json")
    let missingFolder = await runCommand(["run", scenario, "--trials", "10", "--quiet", "--html", "/nonexistent-folder/r.html", "--format", "json", "--out", temporaryPath("x.json")])
    #expect(SLASimCommand.slasimExitCode(for: try #require(missingFolder)).rawValue == 73)
    let same = await runCommand(["run", scenario, "--trials", "10", "--html", "r.html", "--notebook", "r.html"])
    #expect(SLASimCommand.slasimExitCode(for: try #require(same)).rawValue == 64)
    let overInput = await runCommand(["run", scenario, "--trials", "10", "--quiet", "--trials-csv", scenario])
    let message = SLASimCommand.slasimMessage(for: try #require(overInput))
    #expect(message.contains("is the file being read"), "\(message)")
    let folder = await runCommand(["run", scenario, "--trials", "10", "--quiet", "--notebook", FileManager.default.temporaryDirectory.path])
    #expect(SLASimCommand.slasimMessage(for: try #require(folder)).contains("is a folder"))
  }
}

/// notebooks-export/ holds every shipped scenario's notebook and HTML report as `make notebooks`
/// writes them; a stale file fails here (same scenario, seed and version give the same file).
@Suite(.serialized) struct NotebookExportTests {
  /// The Makefile's EXPORT_ARGS.
  static let exportArguments = ["--trials", "1000", "--seed", "42", "--threads", "2", "--quiet", "--format", "json"]

  @Test(arguments: Repository.shippedScenarios)
  func exportIsCurrent(_ file: String) async throws {
    let name = String(file.dropLast(".json".count))
    let html = temporaryPath("export-\(name).html")
    let notebook = temporaryPath("export-\(name).ipynb")
    let error = await runCommand(
      ["run", Repository.path("scenarios/\(file)")] + Self.exportArguments
        + ["--out", temporaryPath("export-\(name).json"), "--html", html, "--notebook", notebook])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    for (produced, shipped) in [(html, "notebooks-export/\(name).html"), (notebook, "notebooks-export/\(name).ipynb")] {
      // `make notebooks` names the scenario relative to the checkout; warnings quote that name.
      let text = try String(contentsOfFile: produced, encoding: .utf8).replacingOccurrences(of: Repository.root.path + "/", with: "")
      let recorded = try? String(contentsOfFile: Repository.path(shipped), encoding: .utf8)
      #expect(text == recorded, "\(shipped) is stale or missing: run `make notebooks` and commit it")
    }
  }
}

/// `compare`, `sensitivity` and `stress --html`: each writes one self-contained page whose
/// charts have marks and are described for screen readers (browser-check renders them too).
@Suite(.serialized) struct PlanningReportsCommandTests {
  /// The page at `path` and, beside it, the notebook `path` with `.ipynb` for `.html`.
  static func checkPage(_ path: String, charts: Int) throws {
    let notebook = String(path.dropLast(".html".count)) + ".ipynb"
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: notebook))) as? [String: Any], "\(notebook)")
    #expect(object["nbformat"] as? Int == 4 && object["nbformat_minor"] as? Int == 5)
    let cells = try #require(object["cells"] as? [[String: Any]])
    #expect(cells.count >= 3 && cells.contains { $0["id"] as? String == "load" })
    let html = try String(contentsOfFile: path, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script") && !html.contains("<link"))
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "://") == nil)
    let svgs = html.components(separatedBy: "<svg ").dropFirst()
    #expect(svgs.count == charts, "\(path)")
    for svg in svgs { #expect(svg.contains("class=\"mark\"") && svg.contains("<desc id=")) }
  }

  @Test func compareSensitivityAndStressWriteTheirPages() async throws {
    let internalSLA = Repository.path("scenarios/internal-sla.json")
    let compare = temporaryPath("compare.html")
    let threeReps = temporaryPath("internal-sla-3-reps.json")
    try String(contentsOfFile: internalSLA, encoding: .utf8).replacingOccurrences(of: "\"reps\": 2", with: "\"reps\": 3")
      .write(toFile: threeReps, atomically: true, encoding: .utf8)
    var error = await runCommand([
      "compare", internalSLA, threeReps, "--trials", "300", "--quiet", "--format", "json",
      "--out", temporaryPath("compare.json"), "--html", compare, "--notebook", temporaryPath("compare.ipynb"),
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    try Self.checkPage(compare, charts: 1)
    let stress = temporaryPath("stress.html")
    error = await runCommand([
      "stress", internalSLA, "--trials", "256", "--max-trials", "512", "--quiet", "--format", "json",
      "--out", temporaryPath("stress.json"), "--html", stress, "--notebook", temporaryPath("stress.ipynb"),
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    try Self.checkPage(stress, charts: 1)
    #expect(try String(contentsOfFile: stress, encoding: .utf8).contains("The nines"))
    let sensitivity = temporaryPath("sensitivity.html")
    error = await runCommand([
      "sensitivity", internalSLA, "--trials", "256", "--quiet", "--format", "json",
      "--out", temporaryPath("sensitivity.json"), "--html", sensitivity, "--notebook", temporaryPath("sensitivity.ipynb"),
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    // One tornado per party with goals and one for all parties.
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temporaryPath("sensitivity.json")))) as? [String: Any])
    let parties = try #require(json["parties"] as? [String: Any])
    try Self.checkPage(sensitivity, charts: parties.count + 1)
  }

  @Test func solveAndPlanWriteTheirPages() async throws {
    let internalSLA = Repository.path("scenarios/internal-sla.json")
    let solve = temporaryPath("solve.html")
    var error = await runCommand([
      "solve", internalSLA, "--vary", "sales.reps", "--target", "0.9", "--goal", "sales.firstTouch", "--trials", "256",
      "--max-trials", "512", "--quiet", "--format", "json", "--out", temporaryPath("solve.json"), "--html", solve, "--notebook", temporaryPath("solve.ipynb"),
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    try Self.checkPage(solve, charts: 1)
    let plan = temporaryPath("plan.html")
    error = await runCommand([
      "plan", internalSLA, "--annual-revenue", "15000", "--trials", "300", "--quiet", "--format", "json",
      "--out", temporaryPath("plan.json"), "--html", plan, "--notebook", temporaryPath("plan.ipynb"),
    ])
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    try Self.checkPage(plan, charts: 2)
    #expect(try String(contentsOfFile: plan, encoding: .utf8).contains("equal-risk"))
  }

  /// One chart per fitted series, each with the history's points and the forecast's bands.
  @Test func fitWritesItsPage() async throws {
    let page = temporaryPath("fit.html")
    let error = await runCommand([Repository.path("scenarios/history/company-a.csv"), "--forecast", "3", "--html", page, "--notebook", temporaryPath("fit.ipynb"), "--format", "json", "--out", temporaryPath("fit.json")].reduce(into: ["fit"]) { $0.append($1) })
    #expect(error == nil, "\(error.map { SLASimCommand.slasimMessage(for: $0) } ?? "")")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temporaryPath("fit.json")))) as? [String: Any])
    let metrics = try #require(json["metrics"] as? [String: Any])
    try Self.checkPage(page, charts: metrics.count)
    let html = try String(contentsOfFile: page, encoding: .utf8)
    #expect(html.contains("95% prediction band") && html.contains("fitted trend"))
    let refused = await runCommand(["fit", Repository.path("scenarios/history/company-a.csv"), "--calibrate", Repository.path("scenarios/q3.json"), "--out", temporaryPath("c.json"), "--html", page])
    #expect(SLASimCommand.slasimExitCode(for: try #require(refused)).rawValue == 64)
  }

  @Test func htmlOverOutIsRefused() async throws {
    let path = temporaryPath("both.json")
    let error = await runCommand(["stress", Repository.path("scenarios/internal-sla.json"), "--out", path, "--html", path, "--quiet"])
    #expect(SLASimCommand.slasimExitCode(for: try #require(error)).rawValue == 73)
  }
}
