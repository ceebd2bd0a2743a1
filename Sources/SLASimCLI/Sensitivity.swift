import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim sensitivity`: which input moves each party's chance most (docs/sensitivity.md).
  struct Sensitivity: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Rank the inputs by how much each moves every party's probability of meeting its SLA (a tornado).",
      discussion: """
        Each uncertain input is set to its 10th and then its 90th percentile (a trend: each \
        month's), each fixed number to −10% and +10%, one at a time with everything else as \
        written, on the same trials (common random numbers). For each party and for the joint \
        probability the inputs are ranked by swing, |P(high) − P(low)|. Costs 1 + 2 × inputs runs.
        """)

    static let defaultTrials = 4096

    @Argument(
      help: "Scenario file (JSON, format version 1); - reads it from standard input.",
      completion: .file(extensions: ["json"]))
    var scenario: String

    @Option(
      parsing: .unconditional,
      help: "Trials of each run (default: \(ProgressBar.grouped(defaultTrials)), or the scenario's trials if fewer).")
    var trials: Int?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Also compute Sobol indices from N rows (N × (inputs + 2) model runs; docs/sensitivity.md).",
        valueName: "N"))
    var sobol: Int?

    static let maximumSobolRows = 10_000_000

    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportFileOptions

    func validate() throws {
      if let trials, trials < 1 {
        throw ValidationError("--trials must be a whole number of at least 1; found \(trials).")
      }
      if let sobol, sobol < 2 || sobol > Self.maximumSobolRows {
        throw ValidationError(
          "--sobol must be a whole number of rows from 2 to \(ProgressBar.grouped(Self.maximumSobolRows)); found \(sobol).")
      }
    }

    func run() async throws {
      let (scenario, warnings, document) = try ScenarioFile.loadWithDocument(path: self.scenario)
      let trials = self.trials ?? Swift.min(Self.defaultTrials, scenario.simulation.trials ?? Self.defaultTrials)
      let seed = output.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
      let threads = SimulationEngine.threadsUsed(
        requested: output.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: trials)
      let format = output.resolvedFormat
      let engine = SimulationEngine(scenario: scenario)
      if let out = output.out {
        try Output.checkTarget(out, inputs: (self.scenario == "-" ? [] : [self.scenario]) + engine.historyFiles)
      }
      try report.checkTargets(inputs: (self.scenario == "-" ? [] : [self.scenario]) + engine.historyFiles, out: output.out)
      try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: self.scenario)
      if !output.quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }
      let inputs = SensitivityAnalysis.inputs(document: document, scenario: scenario)
      let tornadoTrials = (1 + 2 * inputs.count) * trials
      let sobolRuns = sobol.map { SobolAnalysis.runs(scenario: scenario, baseRows: $0) } ?? 0
      let bar = !output.quiet && Diagnostics.stderrIsTerminal ? ProgressBar(total: tornadoTrials + sobolRuns) : nil
      let progress = ProgressBar.reporter(bar, watchingStandardOutput: output.out == nil)
      let anchor = self.scenario == "-" || !FileIO.isRegularFile(self.scenario) ? "./-" : nil
      var result = await SensitivityAnalysis.tornado(
        document: document, scenario: scenario, inputs: inputs, file: ScenarioFile.displayName(self.scenario),
        historiesRelativeTo: anchor, trials: trials, seed: seed, threads: threads, progress: progress)
      if let sobol {
        result.sobol = await SobolResult.run(
          scenario: scenario, baseRows: sobol, seed: seed, threads: threads,
          progress: { done, _ in progress(tornadoTrials + done, tornadoTrials + sobolRuns) })
      }
      bar?.clear()
      let fileReport = SensitivityReport(result: result, includeTiming: false)
      try report.write(html: { try fileReport.html() }, notebook: { fileReport.notebook }, quiet: output.quiet)
      let text = format.render(SensitivityReport(result: result))
      let sobolNote = sobol.map { ", Sobol \(ProgressBar.grouped($0)) rows (\(ProgressBar.grouped(sobolRuns)) runs)" } ?? ""
      try output.deliver(
        text, format: format,
        note: "seed \(seed), \(result.runs) runs of \(ProgressBar.grouped(trials)) trials\(sobolNote)")
    }
  }
}
