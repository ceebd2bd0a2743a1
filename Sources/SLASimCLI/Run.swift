import ArgumentParser
import Foundation
import SLASim

/// Output formats of `run`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

/// Options shared by the simulation commands.
struct SimulationOptions: ParsableArguments {
  // `.unconditional` lets a value such as `-1` reach validation instead of being taken for
  // an option, so the message says what is wrong with it.
  @Option(
    parsing: .unconditional,
    help: "Number of trials (default: the scenario's, else \(SimulationSettings.defaultTrials)).")
  var trials: Int?

  @Option(
    parsing: .unconditional,
    help: "Master seed, a whole number 0 … 2^64−1 (default: the scenario's, else \(SimulationSettings.defaultSeed)).")
  var seed: UInt64?

  @Option(
    parsing: .unconditional,
    help:
      "Blocks simulated at once (default: all cores; at most one per block of 256 trials). Results do not depend on it."
  )
  var threads: Int?

  @Option(help: "Output format: table, json or csv (default: table on a terminal, json otherwise).")
  var format: OutputFormat?

  @Option(help: "Write the result to this file (atomically) instead of stdout.")
  var out: String?

  @Flag(help: "No progress bar and no diagnostics on stderr (errors still print).")
  var quiet = false

  func validate() throws {
    if let trials, trials < 1 {
      throw ValidationError("--trials must be a whole number of at least 1; found \(trials).")
    }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be a whole number of at least 1; found \(threads).")
    }
  }
}

extension SLASimCommand {
  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Simulate a scenario: the probability that each party meets its goals, alone and together.",
      discussion: """
        Prints, per party and goal, the probability of meeting it over the horizon and in each month \
        with a 95% Wilson interval; the joint probability; Sales given Marketing; the escalation \
        ladder; KPI quantiles; and the deterministic reverse-funnel plan beside the simulation.
        """)

    @Argument(help: "Scenario file (JSON, format version 1).")
    var scenario: String

    @OptionGroup var options: SimulationOptions

    func run() async throws {
      let (scenario, warnings) = try ScenarioFile.load(path: self.scenario)
      let trials = options.trials ?? scenario.simulation.trials ?? SimulationSettings.defaultTrials
      let seed = options.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
      let threads = SimulationEngine.threadsUsed(
        requested: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: trials)
      let format = options.format ?? (options.out == nil && Diagnostics.stdoutIsTerminal ? .table : .json)
      let showProgress = !options.quiet && Diagnostics.stderrIsTerminal

      let engine = SimulationEngine(scenario: scenario)
      try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: self.scenario)
      var progress: (@Sendable (Int, Int) -> Void)? = nil
      if showProgress {
        progress = { done, total in ProgressBar.draw(done: done, total: total) }
      }
      let result = await engine.run(trials: trials, seed: seed, threads: threads, progress: progress)
      if showProgress { ProgressBar.clear() }

      let report = RunReport(result: result, warnings: warnings.map(\.description))
      let text: String
      switch format {
      case .table: text = report.table
      case .json: text = report.json
      case .csv: text = report.csv
      }
      if let out = options.out {
        try FileIO.writeAtomically(text, to: out)
        if !options.quiet { Diagnostics.printError("slasim: wrote \(out) (seed \(seed), \(trials) trials)") }
      } else {
        print(text, terminator: "")
        if format != .table && !options.quiet { Diagnostics.printError("slasim: seed \(seed), \(trials) trials") }
      }
    }
  }
}

/// A one-line progress bar on stderr (only drawn when stderr is a terminal).
enum ProgressBar {
  static func draw(done: Int, total: Int) {
    let width = 30
    let filled = total > 0 ? width * done / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    let percent = total > 0 ? 100 * done / total : 100
    FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(done)/\(total) trials".utf8))
  }

  static func clear() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}

/// Refuses, before it starts, a run whose estimated memory exceeds the machine's (issue 6e).
enum MemoryCheck {
  /// - Throws: ``CommandFailure`` 65 naming the expected leads, the estimate and the machine's memory.
  static func refuseIfTooLarge(
    _ engine: SimulationEngine, threads: Int, file: String,
    physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory
  ) throws {
    if let why = engine.memoryRefusal(threads: threads, physicalMemory: physicalMemory) {
      throw CommandFailure.dataError("\(file): \(why)")
    }
  }
}
