import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim compare A B`: what a change buys, on common random numbers (docs/compare.md).
  struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare two scenarios on the same trials: what a change buys, with paired intervals.",
      discussion: """
        Simulates A and B with the same seed and trials (common random numbers: trial i of A and \
        of B share their draws where the inputs agree), then prints per party, goal and the joint \
        P(A), P(B) and ΔP = P(B) − P(A) with a paired 95% interval from the trials where exactly \
        one side meets it, and the KPI means' differences with paired intervals. Goals are \
        matched by key; a goal on one side only is shown without a difference. Trials and seed \
        default to A's scenario settings. A and B must have the same horizon.
        """)

    @Argument(help: "Scenario A, the baseline (JSON, format version 1).", completion: .file(extensions: ["json"]))
    var a: String

    @Argument(help: "Scenario B, the change (JSON, format version 1).", completion: .file(extensions: ["json"]))
    var b: String

    @OptionGroup var options: SimulationOptions
    @OptionGroup var report: ReportFileOptions

    func validate() throws {
      if a == "-" && b == "-" {
        throw ValidationError("Only one of A and B can be read from standard input ('-').")
      }
    }

    func run() async throws {
      let (scenarioA, warningsA) = try ScenarioFile.load(path: a)
      let (scenarioB, warningsB) = try ScenarioFile.load(path: b)
      if let why = PairedComparison.incomparability(scenarioA, scenarioB) {
        throw CommandFailure.dataError("\(ScenarioFile.displayName(b)): \(why).")
      }
      let trials = options.trials ?? scenarioA.simulation.trials ?? SimulationSettings.defaultTrials
      let seed = options.seed ?? scenarioA.simulation.seed ?? SimulationSettings.defaultSeed
      let threads = SimulationEngine.threadsUsed(
        requested: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: trials)
      let format = options.output.resolvedFormat
      if let out = options.out {
        let inputs = [a, b].filter { $0 != "-" }
        try Output.checkTarget(
          out,
          inputs: inputs + SimulationEngine(scenario: scenarioA).historyFiles
            + SimulationEngine(scenario: scenarioB).historyFiles)
      }
      try report.checkTargets(
        inputs: [a, b].filter { $0 != "-" } + SimulationEngine(scenario: scenarioA).historyFiles
          + SimulationEngine(scenario: scenarioB).historyFiles, out: options.out)
      try MemoryCheck.refuseIfTooLarge(SimulationEngine(scenario: scenarioA), threads: threads, file: a)
      try MemoryCheck.refuseIfTooLarge(SimulationEngine(scenario: scenarioB), threads: threads, file: b)
      if !options.quiet {
        for warning in warningsA + warningsB { Diagnostics.printError(warning.warningDescription) }
        for note in Self.settingNotes(scenarioA, scenarioB, trialsGiven: options.trials != nil, seedGiven: options.seed != nil) {
          Diagnostics.printError(note)
        }
      }
      // Each trial is simulated twice (A and B): the bar counts both.
      let bar = !options.quiet && Diagnostics.stderrIsTerminal ? ProgressBar(total: 2 * trials) : nil
      let progress = ProgressBar.reporter(bar, watchingStandardOutput: options.out == nil)
      let result = await PairedComparison.run(
        a: scenarioA, b: scenarioB, trials: trials, seed: seed, threads: threads, progress: progress)
      bar?.clear()
      let report = ComparisonReport(result: result, files: (ScenarioFile.displayName(a), ScenarioFile.displayName(b)))
      let page = ComparisonReport(result: result, files: report.files, includeTiming: false)
      try self.report.write(html: { try page.html() }, notebook: { page.notebook }, quiet: options.quiet)
      try options.output.deliver(format.render(report), format: format, note: "seed \(seed), \(trials) trials each")
    }

    /// Notes naming the settings used when B's scenario asks for other trials or another seed.
    static func settingNotes(_ a: Scenario, _ b: Scenario, trialsGiven: Bool, seedGiven: Bool) -> [String] {
      var notes: [String] = []
      if !trialsGiven, let tb = b.simulation.trials, tb != (a.simulation.trials ?? SimulationSettings.defaultTrials) {
        notes.append("slasim: note: B's simulation.trials (\(tb)) is not used; both sides use A's trials.")
      }
      if !seedGiven, let sb = b.simulation.seed, sb != (a.simulation.seed ?? SimulationSettings.defaultSeed) {
        notes.append("slasim: note: B's simulation.seed (\(sb)) is not used; both sides use A's seed.")
      }
      return notes
    }
  }
}
