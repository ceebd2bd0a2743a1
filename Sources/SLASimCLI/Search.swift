import ArgumentParser
import Foundation
import SLASim

/// The trials options of the searching commands (`solve`, `stress`).
struct SearchTrialsOptions: ParsableArguments {
  /// Trials of every candidate value before any is added: 16 blocks, enough to keep both
  /// cores busy and to tell 90% from 95% (a 95% interval ±0.9 points at 90%).
  static let defaultInitialTrials = 4_096
  /// The most trials of one candidate when neither the option nor the scenario says.
  static let defaultMaximumTrials = 65_536

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Trials of every value tried (default: \(ProgressBar.grouped(defaultInitialTrials)), or the scenario's trials if fewer).",
      valueName: "n"))
  var trials: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The most trials of one value: trials double while a value's 95% interval is undecided (default: the scenario's trials, at least --trials, else \(ProgressBar.grouped(defaultMaximumTrials))).",
      valueName: "n"))
  var maxTrials: Int?

  func validate() throws {
    if let trials, trials < 1 {
      throw ValidationError("--trials must be a whole number of at least 1; found \(trials).")
    }
    if let maxTrials, maxTrials < 1 {
      throw ValidationError("--max-trials must be a whole number of at least 1; found \(maxTrials).")
    }
    if let trials, let maxTrials, maxTrials < trials {
      throw ValidationError("--max-trials (\(maxTrials)) must be at least --trials (\(trials)).")
    }
  }

  /// The schedule for `scenario`: `--trials` (else the default, or the scenario's trials when
  /// fewer) doubling up to `--max-trials` (else the scenario's trials, at least the initial).
  func schedule(for scenario: Scenario) -> TrialSchedule {
    let fromScenario = scenario.simulation.trials
    let initial = trials ?? Swift.min(Self.defaultInitialTrials, fromScenario ?? Self.defaultInitialTrials)
    let maximum = maxTrials ?? Swift.max(initial, fromScenario ?? Self.defaultMaximumTrials)
    return TrialSchedule(initial: initial, maximum: maximum)
  }
}

/// What a searching command shares with `run`: loading, checks before simulating, progress,
/// and delivering the text.
struct SearchRun {
  let scenarioPath: String
  let scenario: Scenario
  let engine: SimulationEngine
  let seed: UInt64
  let threads: Int
  let format: OutputFormat
  let output: OutputOptions
  let schedule: TrialSchedule

  /// Loads the scenario and refuses, before any simulation, an --out that would destroy an
  /// input or a run too large for this machine's memory; prints the scenario's warnings.
  init(scenarioPath: String, output: OutputOptions, trials: SearchTrialsOptions) throws {
    let (scenario, warnings) = try ScenarioFile.load(path: scenarioPath)
    self.scenarioPath = scenarioPath
    self.scenario = scenario
    self.output = output
    schedule = trials.schedule(for: scenario)
    seed = output.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
    threads = SimulationEngine.threadsUsed(
      requested: output.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: schedule.maximum)
    format = output.resolvedFormat
    engine = SimulationEngine(scenario: scenario)
    if let out = output.out {
      try Output.checkTarget(out, inputs: (scenarioPath == "-" ? [] : [scenarioPath]) + engine.historyFiles)
    }
    try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: scenarioPath)
    if !output.quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }
  }

  /// The progress callback: a status line on a terminal, and an end to the search when
  /// nobody reads standard output any more.
  func progress(command: String) -> (@Sendable (SearchProgress) -> Void, SearchProgressLine?) {
    let line = !output.quiet && Diagnostics.stderrIsTerminal ? SearchProgressLine(command: command) : nil
    let watchStandardOutput = output.out == nil
    return (
      { p in
        if watchStandardOutput && Output.standardOutputReaderIsGone { Output.exitForClosedStandardOutput() }
        line?.update(p)
      }, line
    )
  }

  /// Writes `text` to --out (atomically) or standard output, with the one-line note on stderr.
  func deliver(_ text: String, trials: Int) throws {
    try output.deliver(text, format: format, note: "seed \(seed), \(ProgressBar.grouped(trials)) trials in all")
  }
}

/// A one-line status of a search on stderr (only on a terminal): what is being simulated, its
/// trials, and the search's totals and time, redrawn at most ten times a second and erased at
/// the end (or on an interrupt, ``Signals``). The search's length is not known in advance, so
/// it shows work done rather than a percentage.
///
/// Called only from the engine's fold loop, one block after another, so its state needs no lock.
final class SearchProgressLine: @unchecked Sendable {
  let command: String
  private let clock = ContinuousClock()
  private let started: ContinuousClock.Instant
  private var lastDrawn: ContinuousClock.Instant?

  init(command: String) {
    self.command = command
    started = clock.now
  }

  func update(_ p: SearchProgress) {
    let now = clock.now
    if let lastDrawn, now - lastDrawn < ProgressBar.interval { return }
    lastDrawn = now
    let (whole, attoseconds) = (now - started).components
    let elapsed = Double(whole) + Double(attoseconds) * 1e-18
    FileHandle.standardError.write(Data(Self.line(command: command, p, elapsed: elapsed).utf8))
    Signals.progressOnScreen = 1
  }

  func clear() { Signals.clearProgressLine() }

  /// `\rsolve · sales.reps = 4: 2,048/4,096 trials · 3 values, 10,240 trials · 1.3 s`
  static func line(command: String, _ p: SearchProgress, elapsed: Double) -> String {
    "\r\(command) · \(p.candidate): \(ProgressBar.grouped(p.candidateTrials))/\(ProgressBar.grouped(p.candidateTarget)) trials"
      + " · \(p.evaluations) value\(p.evaluations == 1 ? "" : "s"), \(ProgressBar.grouped(p.totalTrials)) trials"
      + " · \(ProgressBar.duration(elapsed))\u{1B}[K"
  }
}
