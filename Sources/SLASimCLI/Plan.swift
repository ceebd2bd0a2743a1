import ArgumentParser
import Foundation
import SLASim

extension QuotaSplitMethod: ExpressibleByArgument {}

extension SLASimCommand {
  /// `slasim plan`: next year's quota split at equal risk (docs/plan.md).
  struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Split an annual revenue target across months, reps and lead sources so every month is equally achievable.",
      discussion: """
        Simulates each month of the scenario's horizon (seasonality, trends, ramps, hires and \
        pipeline lag included) and splits --annual-revenue into monthly quotas that sum to it to \
        the cent: equal-risk (one common probability of meeting every month's quota), even \
        (the target ÷ months) and forecast (in proportion to expected revenue), each scored on \
        the same trials. Then each rep's quota by month (in proportion to hours worked) and the \
        leads each source must deliver (reverse funnel), checked by a run with those leads.
        """)

    @Argument(
      help: "Scenario file (JSON, format version 1); - reads it from standard input.",
      completion: .file(extensions: ["json"]))
    var scenario: String

    @Option(
      name: .customLong("annual-revenue"), parsing: .unconditional,
      help: ArgumentHelp(
        "The revenue target over the whole horizon, in currency units (0 … 10^12).", valueName: "amount"))
    var annualRevenue: Double

    @Option(help: "The split to plan with: equal-risk, even or forecast (all three are shown).")
    var split: QuotaSplitMethod = .equalRisk

    @Option(
      name: .customLong("over-assign"), parsing: .unconditional,
      help: ArgumentHelp(
        "Hand reps quotas that add up to F × the target (typically 1.1–1.25; 1 … 10).", valueName: "F"))
    var overAssign: Double = 1

    @Option(
      name: .customLong("write-scenario"),
      help: ArgumentHelp(
        "Also write the scenario with the plan as its goals (sales.goals.revenuePerMonth and each source's goals.leadsPerMonth), atomically.",
        valueName: "out.json"),
      completion: .file(extensions: ["json"]))
    var writeScenario: String?

    @OptionGroup var options: SimulationOptions
    @OptionGroup var report: ReportFileOptions

    static let maximumAnnualRevenue = 1e12

    func validate() throws {
      guard annualRevenue.isFinite, annualRevenue >= 0, annualRevenue <= Self.maximumAnnualRevenue else {
        throw ValidationError(
          "--annual-revenue must be an amount from 0 to 1,000,000,000,000 (10^12); found \(annualRevenue).")
      }
      guard overAssign.isFinite, overAssign >= 1, overAssign <= 10 else {
        throw ValidationError(
          "--over-assign must be a factor from 1 to 10, such as 1.15 (reps' quotas add up to F × the target); "
            + "found \(overAssign).")
      }
      if let writeScenario, writeScenario == options.out {
        throw ValidationError("--write-scenario and --out name the same file, '\(writeScenario)'; give two files.")
      }
    }

    func run() async throws {
      let (scenario, warnings, document) = try ScenarioFile.loadWithDocument(path: self.scenario)
      let trials = options.trials ?? scenario.simulation.trials ?? SimulationSettings.defaultTrials
      let seed = options.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
      let threads = SimulationEngine.threadsUsed(
        requested: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: trials)
      let format = options.output.resolvedFormat

      let engine = SimulationEngine(scenario: scenario)
      let inputs = (self.scenario == "-" ? [] : [self.scenario]) + engine.historyFiles
      if let out = options.out { try Output.checkTarget(out, inputs: inputs) }
      if let writeScenario { try Output.checkTarget(writeScenario, inputs: inputs) }
      try report.checkTargets(inputs: inputs, out: options.out)
      try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: self.scenario)
      if !options.quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }

      let bar = !options.quiet && Diagnostics.stderrIsTerminal ? ProgressBar(total: 3 * trials) : nil
      let progress = ProgressBar.reporter(bar, watchingStandardOutput: options.out == nil)
      let plan = await engine.plan(
        annualRevenue: annualRevenue, method: split, overAssign: overAssign, trials: trials, seed: seed,
        threads: threads, progress: progress)
      bar?.clear()

      if let writeScenario {
        let notes = try write(plan, document: document, to: writeScenario)
        if !options.quiet {
          Diagnostics.printError("slasim plan: wrote \(writeScenario):")
          for note in notes { Diagnostics.printError("  \(note)") }
        }
      }
      let fileReport = QuotaPlanReport(plan: plan, includeTiming: false)
      try report.write(html: { try fileReport.html() }, notebook: { fileReport.notebook }, quiet: options.quiet)
      let text = format.render(QuotaPlanReport(plan: plan))
      try options.output.deliver(text, format: format, note: "seed \(seed), \(trials) trials × 3 passes")
    }

    /// Writes the scenario with the plan's goals to `outPath`, after checking that it loads
    /// from there; returns what was written.
    func write(_ plan: QuotaPlan, document: JSONValue, to outPath: String) throws -> [String] {
      let outFolder = URL(fileURLWithPath: outPath).deletingLastPathComponent()
      let anchor = scenario == "-" || !FileIO.isRegularFile(scenario) ? "./-" : scenario
      let rebase: (String) -> String = { old in
        old.hasPrefix("/") ? old : PathText.relative(ScenarioLoader.resolve(old, relativeTo: anchor), from: outFolder)
      }
      let written = plan.goalDocument(document, rebase: rebase)
      let edited = written.document
      let notes = written.notes
      let text = edited.prettyPrinted
      // The new file must load from where it will be written; a failure here is our bug.
      let check = ScenarioLoader.load(text, file: outPath)
      guard check.scenario != nil else {
        throw CommandFailure.internalError(
          "slasim plan: the planned scenario does not validate:\n" + check.errors.map(\.description).joined(separator: "\n"))
      }
      try Output.writeAtomically(text, to: outPath)
      return notes
    }
  }
}
