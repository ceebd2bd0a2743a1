import ArgumentParser
import Foundation
import SLASim

/// Output formats of the simulating commands (`run`, `solve`, `stress`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv

  /// The report in this format.
  func render(_ report: some TreeReport) -> String {
    switch self {
    case .table: report.table
    case .json: report.json
    case .csv: report.csv
    }
  }
}

/// Options of `run`: the trials, and the options every simulating command shares.
struct SimulationOptions: ParsableArguments {
  // `.unconditional` lets a value such as `-1` reach validation instead of being taken for
  // an option, so the message says what is wrong with it.
  @Option(
    parsing: .unconditional,
    help: "Number of trials (default: the scenario's, else \(SimulationSettings.defaultTrials)).")
  var trials: Int?

  @OptionGroup var output: OutputOptions

  var seed: UInt64? { output.seed }
  var threads: Int? { output.threads }
  var format: OutputFormat? { output.format }
  var out: String? { output.out }
  var quiet: Bool { output.quiet }

  func validate() throws {
    if let trials, trials < 1 {
      throw ValidationError("--trials must be a whole number of at least 1; found \(trials).")
    }
  }
}

/// Options shared by the simulating commands (`run`, `solve`, `stress`): seed, threads and output.
struct OutputOptions: ParsableArguments {
  @Option(
    name: .customLong("seed"), parsing: .unconditional,
    help: ArgumentHelp(
      "Master seed, a whole number 0 … 2^64−1 (default: the scenario's, else \(SimulationSettings.defaultSeed)).",
      valueName: "seed"))
  var seedText: String?

  /// `--seed`, read exactly from its digits (checked in ``validate()``).
  var seed: UInt64? { seedText.flatMap(OutputOptions.seed(from:)) }

  /// A seed written with digits only: `-1`, `1e17` and `2^64` are refused, not wrapped or rounded.
  static func seed(from text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      return nil
    }
    return UInt64(text)
  }

  @Option(
    parsing: .unconditional,
    help:
      "Blocks simulated at once (default: all cores; at most one per block of 256 trials). Results do not depend on it."
  )
  var threads: Int?

  @Option(help: "Output format: table, json or csv (default: table on a terminal, json otherwise).")
  var format: OutputFormat?

  @Option(help: "Write the result to this file (atomically) instead of stdout.", completion: .file())
  var out: String?

  @Flag(help: "No progress bar and no diagnostics on stderr (errors still print).")
  var quiet = false

  func validate() throws {
    if let seedText, seed == nil {
      throw ValidationError(
        "--seed must be a whole number from 0 to 18446744073709551615 (2^64 − 1), written with its digits; "
          + "found '\(seedText)'.")
    }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be a whole number of at least 1; found \(threads).")
    }
  }

  /// The format asked for, else a table on a terminal and JSON otherwise.
  var resolvedFormat: OutputFormat { Self.resolvedFormat(format, out: out) }

  /// `format`, else a table on a terminal and JSON otherwise (`merge` has these options too).
  static func resolvedFormat(_ format: OutputFormat?, out: String?) -> OutputFormat {
    format ?? (out == nil && Diagnostics.stdoutIsTerminal ? .table : .json)
  }

  /// Writes `text` to --out (atomically) or standard output, with a one-line `note` (seed and
  /// trials) on stderr unless --quiet, or unless the table on a terminal already shows it.
  func deliver(_ text: String, format: OutputFormat, note: String) throws {
    try Self.deliver(text, to: out, format: format, quiet: quiet, note: note)
  }

  /// ``deliver(_:format:note:)`` for a command with its own `--out` and `--quiet`.
  static func deliver(_ text: String, to out: String?, format: OutputFormat, quiet: Bool, note: String) throws {
    if let out {
      try Output.writeAtomically(text, to: out)
      if !quiet { Diagnostics.printError("slasim: wrote \(out) (\(note))") }
    } else {
      try Output.writeToStandardOutput(text)
      if format != .table && !quiet { Diagnostics.printError("slasim: \(note)") }
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

    @Argument(
      help: "Scenario file (JSON, format version 1); - reads it from standard input.",
      completion: .file(extensions: ["json"]))
    var scenario: String

    @OptionGroup var options: SimulationOptions
    @OptionGroup var reports: ReportFileOptions

    @Option(
      name: .customLong("trials-csv"),
      help: "Also write one CSV row per trial (its KPIs and which goals and parties it met) to this file, as the run goes.",
      completion: .file(extensions: ["csv"]))
    var trialsCSV: String?

    @Option(
      name: .customLong("shard"), parsing: .unconditional,
      help: ArgumentHelp(
        "Simulate only shard i of n (i from 0 to n − 1; the run's blocks cut into n contiguous parts) and write "
          + "the shard file (JSON) for 'slasim merge' to --out or standard output.",
        valueName: "i/n"))
    var shardText: String?

    var shard: ShardSpec? { shardText.flatMap(ShardSpec.init(argument:)) }

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Add blocks of trials until every reported probability's 95% half-width is at most E (0.005 is ±0.5 "
          + "percentage points), checked after each block in block order; instead of --trials.",
        valueName: "E"))
    var precision: Double?

    @Option(
      name: .customLong("max-trials"), parsing: .unconditional,
      help: "With --precision: stop here even if the target is not met (default: \(Self.defaultMaxTrials)).")
    var maxTrials: Int?

    static let defaultMaxTrials = 1_000_000

    func validate() throws {
      let files = [options.out, reports.html, reports.notebook, trialsCSV].compactMap { $0 }
      if Set(files).count < files.count {
        throw ValidationError("--out, --html, --notebook and --trials-csv must name different files; found \(files.joined(separator: ", ")).")
      }
      if let precision, !(precision > 0 && precision < 0.5) {
        throw ValidationError(
          "--precision is the largest 95% half-width allowed, a probability above 0 and below 0.5 (0.005 is ±0.5 "
            + "percentage points); found \(precision).")
      }
      if let maxTrials, maxTrials < 1 {
        throw ValidationError("--max-trials must be a whole number of at least 1; found \(maxTrials).")
      }
      if precision == nil, maxTrials != nil {
        throw ValidationError("--max-trials caps a --precision run; give --precision E, or --trials for a fixed count.")
      }
      if precision != nil, options.trials != nil {
        throw ValidationError("--precision runs until the target is met; give --max-trials to cap it, not --trials.")
      }
      if precision != nil, shard != nil {
        throw ValidationError("--precision decides after each block whether to go on, which shards cannot; give --trials with --shard.")
      }
      if let shardText, shard == nil {
        throw ValidationError(
          "--shard takes i/n, shard i (from 0) of n shards, with 0 ≤ i < n ≤ \(RunShard.maximumCount); found '\(shardText)'.")
      }
      if shard != nil {
        if let format = options.format {
          throw ValidationError("--shard writes a shard file (JSON for 'slasim merge'); --format \(format.rawValue) applies to 'slasim merge'.")
        }
        if !reports.paths.isEmpty {
          throw ValidationError("--shard writes a shard file; ask 'slasim merge' for --html and --notebook.")
        }
      }
    }

    func run() async throws {
      if let shard { return try await runShard(shard) }
      let (scenario, warnings, document) = try ScenarioFile.loadWithDocument(path: self.scenario)
      let target = precision.map { PrecisionTarget(halfWidth: $0, maxTrials: maxTrials ?? Self.defaultMaxTrials) }
      let trials = target?.maxTrials ?? options.trials ?? scenario.simulation.trials ?? SimulationSettings.defaultTrials
      let seed = options.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
      let threads = SimulationEngine.threadsUsed(
        requested: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: trials)
      let format = options.output.resolvedFormat
      let showProgress = !options.quiet && Diagnostics.stderrIsTerminal

      let engine = SimulationEngine(scenario: scenario)
      // Refused before simulating: an --out that would destroy an input, or cannot hold a file.
      let inputs = (self.scenario == "-" ? [] : [self.scenario]) + engine.historyFiles
      if let out = options.out { try Output.checkTarget(out, inputs: inputs) }
      try reports.checkTargets(inputs: inputs)
      if let trialsCSV { try Output.checkTarget(trialsCSV, inputs: inputs) }
      try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: self.scenario)
      // Warnings are diagnostics: stderr, in validate's format (JSON and CSV also record them).
      if !options.quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }
      let bar = showProgress ? ProgressBar(total: trials) : nil
      let progress = ProgressBar.reporter(bar, watchingStandardOutput: options.out == nil)
      let rowsFile = try trialsCSV.map { try AtomicFileStream(path: $0) }
      let result = await engine.run(
        trials: trials, seed: seed, threads: threads, charts: !reports.paths.isEmpty, precision: target,
        progress: progress, trialRows: Self.rowsWriter(rowsFile))
      bar?.clear()
      if let rowsFile {
        try rowsFile.commit()
        if !options.quiet { Diagnostics.printError("slasim: wrote \(rowsFile.path) (\(result.trials) rows)") }
      }

      let report = RunReport(result: result, warnings: warnings.map(\.description))
      // The report files leave out the run's timing, so the same seed gives the same file.
      let fileReport = RunReport(result: result, warnings: report.warnings, includeTiming: false)
      try reports.write(
        html: { try fileReport.html(inputs: ScenarioInputs.rows(document)) }, notebook: { fileReport.notebook },
        quiet: options.quiet)
      let text = format.render(report)
      let stop = result.precision.map { $0.met ? ", stopped on precision" : ", stopped at --max-trials before precision" } ?? ""
      try options.output.deliver(text, format: format, note: "seed \(seed), \(result.trials) trials\(stop)")
    }
  }
}

extension SLASimCommand.Run {
  /// The engine's per-trial callback for `--trials-csv`: the header before the first block's
  /// rows, then every block's rows as they are folded.
  static func rowsWriter(_ file: AtomicFileStream?) -> ((TrialRows) -> Void)? {
    guard let file else { return nil }
    var wroteHeader = false
    return { rows in
      if !wroteHeader {
        file.append(TrialsCSV.header(rows))
        wroteHeader = true
      }
      file.append(TrialsCSV.lines(rows))
    }
  }

  /// `run --shard i/n`: simulates the shard's blocks and writes its shard file.
  func runShard(_ spec: ShardSpec) async throws {
    let (scenario, warnings, bytes, anchor) = try ScenarioFile.loadWithBytes(path: self.scenario)
    let trials = options.trials ?? scenario.simulation.trials ?? SimulationSettings.defaultTrials
    let seed = options.seed ?? scenario.simulation.seed ?? SimulationSettings.defaultSeed
    let blocks = RunShard.blocks(index: spec.index, count: spec.count, trials: trials)
    let shardTrials = RunShard.trialRange(blocks: blocks, trials: trials).count
    let threads = SimulationEngine.threadsUsed(
      requested: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, trials: Swift.max(1, shardTrials))
    let engine = SimulationEngine(scenario: scenario)
    let inputs = (self.scenario == "-" ? [] : [self.scenario]) + engine.historyFiles
    if let out = options.out { try Output.checkTarget(out, inputs: inputs) }
    if let trialsCSV { try Output.checkTarget(trialsCSV, inputs: inputs) }
    try MemoryCheck.refuseIfTooLarge(engine, threads: threads, file: self.scenario)
    // The histories were read and fitted by the loader a moment ago; they are read again to be
    // carried in the file, so that the merge needs none of the original files.
    let histories = try engine.historyFiles.map { ShardFile.Embedded(path: $0, bytes: Data(try FileIO.read($0))) }
    if !options.quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }
    let bar = !options.quiet && Diagnostics.stderrIsTerminal && shardTrials > 0 ? ProgressBar(total: shardTrials) : nil
    let progress = ProgressBar.reporter(bar, watchingStandardOutput: options.out == nil)
    let rowsFile = try trialsCSV.map { try AtomicFileStream(path: $0) }
    let result = await engine.runShard(
      index: spec.index, of: spec.count, trials: trials, seed: seed, threads: threads, progress: progress,
      trialRows: Self.rowsWriter(rowsFile))
    bar?.clear()
    if let rowsFile {
      try rowsFile.commit()
      if !options.quiet { Diagnostics.printError("slasim: wrote \(rowsFile.path) (\(shardTrials) rows)") }
    }
    let name = ScenarioFile.displayName(self.scenario)
    let file = ShardFile(
      slasimShard: ShardFile.currentFormat, version: SLASimVersion.current, randomStream: SLASimVersion.randomStream,
      scenario: ShardFile.Embedded(path: name, bytes: Data(bytes)), historiesRelativeTo: anchor, histories: histories,
      contentHash: ShardFile.contentHash(scenario: bytes, histories: histories.map { Array($0.bytes) }), shard: result)
    let range = result.trialRange
    try options.output.deliver(
      try file.encoded(), format: .json,
      note: "shard \(spec.index)/\(spec.count): trials \(range.lowerBound)..<\(range.upperBound) of \(trials), seed \(seed)")
  }
}

/// A one-line progress bar on stderr (only drawn when stderr is a terminal): trials done,
/// trials a second, elapsed time and time left, redrawn at most ten times a second, and
/// erased when the run ends or is interrupted (``Signals``).
///
/// Called only from the engine's fold loop, one block after another, so its state needs no lock.
final class ProgressBar: @unchecked Sendable {
  let total: Int
  private let clock = ContinuousClock()
  private let started: ContinuousClock.Instant
  private var lastDrawn: ContinuousClock.Instant?
  /// The least time between two redraws.
  static let interval = Duration.milliseconds(100)

  init(total: Int) {
    self.total = total
    started = clock.now
  }

  func update(done: Int) {
    let now = clock.now
    if done < total, let lastDrawn, now - lastDrawn < Self.interval { return }
    lastDrawn = now
    let (whole, attoseconds) = (now - started).components
    let elapsed = Double(whole) + Double(attoseconds) * 1e-18
    FileHandle.standardError.write(Data(Self.line(done: done, total: total, elapsed: elapsed).utf8))
    Signals.progressOnScreen = 1
  }

  func clear() { Signals.clearProgressLine() }

  /// A simulating command's progress callback: after each block, the progress line, and
  /// whether the result still has a reader (a closed pipe ends the run at once, as it would
  /// end any Unix tool).
  static func reporter(_ bar: ProgressBar?, watchingStandardOutput: Bool) -> @Sendable (Int, Int) -> Void {
    { done, _ in
      if watchingStandardOutput && Output.standardOutputReaderIsGone { Output.exitForClosedStandardOutput() }
      bar?.update(done: done)
    }
  }

  /// `\r[#####     ] 42% 2,100,000/5,000,000 trials · 310,000/s · 6.8 s, 9.4 s left`
  static func line(done: Int, total: Int, elapsed: Double) -> String {
    let width = 20
    let filled = total > 0 ? width * done / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    let percent = total > 0 ? 100 * done / total : 100
    var text = "\r[\(bar)] \(percent)% \(grouped(done))/\(grouped(total)) trials"
    if elapsed > 0 && done > 0 {
      let rate = Double(done) / elapsed
      let left = Double(total - done) / rate
      text += " · \(rate < 1e15 ? grouped(Int(rate.rounded())) : "∞")/s · \(duration(elapsed)), \(duration(left)) left"
    }
    return text + "\u{1B}[K"
  }

  /// `1,234,567`.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// `6.8 s`, `2 min 05 s`, `1 h 04 min`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds < 1e15 else { return "?" }
    if seconds < 59.95 { return "\((seconds * 10).rounded() / 10) s" }
    let whole = Int(seconds.rounded())
    if whole < 3600 { return "\(whole / 60) min \(whole % 60 < 10 ? "0" : "")\(whole % 60) s" }
    let minutes = (whole % 3600) / 60
    return "\(whole / 3600) h \(minutes < 10 ? "0" : "")\(minutes) min"
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
