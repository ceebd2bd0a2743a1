import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim fit FILE.csv`: trends (or a regression) fitted to a monthly history, with forecasts.
  ///
  /// Parsing, fitting and forecasting are `SLASim`'s (``MonthlyHistory``, ``HistoryFitting``,
  /// ``LeastSquares``); this type only reads options and the file, and formats the result.
  struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit trends to a monthly history and forecast them with prediction intervals.",
      discussion: """
        FILE is a CSV file with a 'month' column (YYYY-MM, consecutive) and numeric columns. \
        Known columns: mqlLeads, mqlCustomers, mqlRevenue, marketingRevenue, totalRevenue, \
        cycleDays; from them slasim derives closeRate, dealSize and marketingShare. Without \
        --y, every series gets the same trend model over t = months since the first month. \
        With --calibrate SCENARIO.json --out NEW.json, writes a copy of the scenario whose lead \
        volume, close rate, deal size and cycle days follow trends of the history (with the \
        same --degree, --model, --seasonal and --no-intercept). See docs/fit.md.
        """)

    /// The trend's functional form.
    enum ModelKind: String, ExpressibleByArgument, CaseIterable {
      case linear
      case loglinear
    }

    /// Output format.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
      case table
      case json
    }

    @Argument(help: "The monthly history, a CSV file.", completion: .file(extensions: ["csv"]))
    var file: String

    @Option(help: ArgumentHelp("Fit only this column (or derived series).", valueName: "column"))
    var y: String?

    @Option(
      help: ArgumentHelp("Regress --y on these columns (comma-separated) instead of on time.", valueName: "columns"))
    var x: String?

    @Option(help: "Polynomial degree of the trend in t (or of the single --x).")
    var degree: Int = 1

    @Option(help: "linear, or loglinear (exponential growth; positive series only).")
    var model: ModelKind = .linear

    @Flag(help: "Add a monthly seasonal effect (needs at least 24 months).")
    var seasonal = false

    @Flag(name: .customLong("no-intercept"), help: "Fit without a constant term.")
    var noIntercept = false

    // `.unconditional` lets `-1` reach validation, whose message says what is valid.
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Forecast this many months after the last one, with 80% and 95% prediction intervals.", valueName: "months"))
    var forecast: Int = 0

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    @Option(
      help: ArgumentHelp("Write the output to this file (atomically) instead of stdout.", valueName: "file"),
      completion: .file())
    var out: String?

    @OptionGroup var report: ReportFileOptions

    @Option(
      help: ArgumentHelp(
        "Write a copy of this scenario (to --out) whose lead volume, close rate, deal size and cycle days follow trends of the history.",
        valueName: "scenario"),
      completion: .file(extensions: ["json"]))
    var calibrate: String?

    /// The `--x` names, split on commas.
    var predictorNames: [String] {
      (x ?? "").split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
    }

    func validate() throws {
      if !report.paths.isEmpty && calibrate != nil {
        throw ValidationError("--html and --notebook report a fit; with --calibrate the output is a scenario. Run the fit without --calibrate for its report.")
      }
      guard (1...10).contains(degree) else {
        throw ValidationError("--degree must be between 1 and 10; found \(degree).")
      }
      guard (0...120).contains(forecast) else {
        throw ValidationError("--forecast must be a whole number of months from 0 to 120; found \(forecast).")
      }
      if let calibrate {
        guard out != nil else {
          throw ValidationError("--calibrate writes a new scenario: name it with --out NEW.json.")
        }
        if y != nil || x != nil || forecast > 0 {
          throw ValidationError(
            "--calibrate fits mqlLeads, closeRate, dealSize and cycleDays over time; drop --y, --x and --forecast "
              + "(calibrating '\(calibrate)').")
        }
      }
      if seasonal && noIntercept {
        throw ValidationError(
          "--seasonal measures each month against January and needs the intercept; drop --no-intercept.")
      }
      if x != nil {
        guard y != nil else {
          throw ValidationError("--x needs --y: name the column to regress on '\(x ?? "")'.")
        }
        if predictorNames.contains(where: \.isEmpty) {
          throw ValidationError("--x must list column names separated by commas; found '\(x ?? "")'.")
        }
        if degree > 1 && predictorNames.count > 1 {
          throw ValidationError(
            "--degree applies to a single --x; found \(predictorNames.count) predictors (\(predictorNames.map { "'\($0)'" }.joined(separator: ", ")))."
          )
        }
        if forecast > 0 {
          throw ValidationError(
            "--forecast needs a time trend; with --x the future values of the predictors are unknown. Drop --x or --forecast."
          )
        }
      }
    }

    func run() throws {
      if let out { try Output.checkTarget(out, inputs: [file] + (calibrate.map { [$0] } ?? [])) }
      try report.checkTargets(inputs: [file] + (calibrate.map { [$0] } ?? []), out: out)
      if let calibrate, let out {
        let outcome = try calibration(of: calibrate, writingTo: out)
        try Output.writeAtomically(outcome.text, to: out)
        for line in outcome.report { Diagnostics.printError(line) }
        return
      }
      let text = try output()
      if let out {
        try Output.writeAtomically(text, to: out)
        Diagnostics.printError("slasim fit: wrote \(out).")
      } else {
        try Output.writeToStandardOutput(text)
      }
    }

    /// The complete output text (table or JSON) for these options.
    func output() throws -> String {
      let bytes = try FileIO.read(file)
      let history: MonthlyHistory
      do {
        history = try MonthlyHistory.parse(csv: bytes, file: file)
      } catch {
        throw CommandFailure.dataError(error.description)
      }
      let fits: [SeriesFit]
      do {
        fits = try fitAll(history)
      } catch {
        throw CommandFailure.dataError(error.description)
      }
      let fitReport = FitReport(history: history, fits: fits, timeNote: timeNote(history))
      try report.write(html: { try fitReport.html() }, notebook: { fitReport.notebook }, quiet: false)
      switch format {
      case .table: return fitReport.table
      case .json: return fitReport.json
      }
    }

    /// The calibrated scenario's text and the lines that say what was replaced (for stderr).
    ///
    /// - Throws: ``CommandFailure`` 66 for a missing history or scenario, 65 for an invalid one,
    ///   a model the history cannot support, or a horizon that does not start after the history.
    func calibration(of scenarioPath: String, writingTo outPath: String) throws -> (text: String, report: [String]) {
      let history: MonthlyHistory
      do {
        history = try MonthlyHistory.parse(csv: try FileIO.read(file), file: file)
      } catch let error as HistoryError {
        throw CommandFailure.dataError(error.description)
      }
      let (scenario, _) = try ScenarioFile.load(path: scenarioPath)
      let document: JSONValue
      do {
        document = try JSONParser.parse(try FileIO.read(scenarioPath))
      } catch let error as JSONSyntaxError {
        throw CommandFailure.dataError("\(scenarioPath): \(error)")
      }
      let outFolder = URL(fileURLWithPath: outPath).deletingLastPathComponent()
      let model = TrendModel(
        degree: degree, logLinear: model == .loglinear, seasonal: seasonal, intercept: !noIntercept)
      let calibration: ScenarioCalibration
      do {
        calibration = try ScenarioCalibration.calibrate(
          document: document, scenario: scenario, history: history,
          historyReference: PathText.relative(file, from: outFolder), model: model,
          rebaseHistory: { old in
            old.hasPrefix("/")
              ? old : PathText.relative(ScenarioLoader.resolve(old, relativeTo: scenarioPath), from: outFolder)
          })
      } catch {
        throw CommandFailure.dataError(error.description)
      }
      let text = calibration.document.prettyPrinted
      // The new file must load from where it will be written; a failure here is our bug.
      let check = ScenarioLoader.load(text, file: outPath)
      guard check.scenario != nil else {
        throw CommandFailure.internalError(
          "slasim fit: the calibrated scenario does not validate:\n"
            + check.errors.map(\.description).joined(separator: "\n"))
      }
      let months = (0..<scenario.horizon.months).map {
        let d = scenario.horizon.start.firstOfMonth(adding: $0)
        return YearMonth(year: d.year, month: d.month).map(String.init(describing:)) ?? "\(d)"
      }
      var report = [
        "slasim fit: calibrated \(scenarioPath) from \(file) (\(model)); wrote \(outPath):"
      ]
      for r in calibration.replacements {
        report.append("  \(r.path): \(r.before) → \(r.after)")
        let forecast = zip(months, r.forecast).map { "\($0) \(FitReport.number($1))" }
        report.append("    point forecast: " + forecast.joined(separator: ", "))
      }
      for note in calibration.notes { report.append("  note: \(note)") }
      return (text, report)
    }

    /// One fit per requested series.
    func fitAll(_ history: MonthlyHistory) throws(HistoryError) -> [SeriesFit] {
      let logLinear = model == .loglinear
      if x != nil, let y {
        return [
          try HistoryFitting.fitRegression(
            history, response: y, predictors: predictorNames, degree: degree, logLinear: logLinear,
            seasonal: seasonal, intercept: !noIntercept)
        ]
      }
      let trend = TrendModel(degree: degree, logLinear: logLinear, seasonal: seasonal, intercept: !noIntercept)
      let columns = y.map { [$0] } ?? history.fittableSeriesNames
      if columns.isEmpty {
        throw HistoryError(
          file: history.file, line: history.headerLine,
          problem:
            "no column holds numbers, so there is nothing to fit; expected numeric columns such as 'mqlLeads' "
            + "beside 'month'.")
      }
      // Every problem of what the fits use, at once: the months and every bad cell.
      _ = try history.requireSeriesOverTime(named: columns)
      var fits: [SeriesFit] = []
      for column in columns {
        fits.append(try HistoryFitting.fitTrend(history, column: column, model: trend, horizon: forecast))
      }
      return fits
    }

    func timeNote(_ history: MonthlyHistory) -> String? {
      x == nil ? history.months.first.map { "t = months since \($0)" } : nil
    }
  }
}

/// Paths for the files `slasim` writes.
enum PathText {
  /// `target` as seen from `folder`: relative when they share a folder below the root
  /// (`history/company-a.csv`, `../history/company-a.csv`), else absolute.
  static func relative(_ target: String, from folder: URL) -> String {
    let to = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
    let from = folder.standardizedFileURL.pathComponents
    var common = 0
    while common < to.count - 1 && common < from.count && to[common] == from[common] { common += 1 }
    guard common > 1 else { return URL(fileURLWithPath: target).standardizedFileURL.path }
    let up = Array(repeating: "..", count: from.count - common)
    return (up + to[common...]).joined(separator: "/")
  }
}
