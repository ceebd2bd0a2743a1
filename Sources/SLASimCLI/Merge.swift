import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the shard files of one run ('run --shard i/n') into that run's result.",
      discussion: """
        Gives exactly what one 'slasim run' with the same scenario, seed and trials gives (the same \
        JSON bytes but run.seconds and run.threads, which add up the shards'). The shard files carry \
        the scenario and its histories, so the merge needs none of the original files. A set with \
        shards of different runs, a shard twice or a missing shard is refused (exit 65).
        """)

    @Argument(help: "The shard files, in any order: one per shard index 0 … n − 1.", completion: .file(extensions: ["json"]))
    var shards: [String]

    @Option(help: "Output format: table, json or csv (default: table on a terminal, json otherwise).")
    var format: OutputFormat?

    @Option(help: "Write the result to this file (atomically) instead of stdout.", completion: .file())
    var out: String?

    @Flag(help: "No diagnostics on stderr (errors still print).")
    var quiet = false

    @OptionGroup var reports: ReportFileOptions

    func validate() throws {
      if shards.isEmpty { throw ValidationError("give the shard files to merge ('slasim run --shard i/n --out FILE' writes them).") }
    }

    func run() async throws {
      let files = try shards.map { try ShardFile.read($0) }
      // The scenario first: shards of another scenario are "mixed" before any count is compared.
      for (p, file) in files.enumerated() where file.contentHash != files[0].contentHash {
        throw CommandFailure.dataError(
          "\(shards[p]): is a shard of \(file.scenario.path) (\(file.contentHash)), but \(shards[0]) is one of "
            + "\(files[0].scenario.path) (\(files[0].contentHash)); merge the shards of one run only.")
      }
      let first = files[0]
      let histories = Dictionary(first.histories.map { ($0.path, Array($0.bytes)) }, uniquingKeysWith: { a, _ in a })
      let (scenario, warnings, bytes, _) = try ScenarioFile.load(
        bytes: Array(first.scenario.bytes), file: first.scenario.path, anchor: first.historiesRelativeTo,
        readFile: { path in
          histories[path].map { .success($0) } ?? .failure(ScenarioFileError("not carried by the shard file"))
        })
      let engine = SimulationEngine(scenario: scenario)
      let inputs = shards
      if let out { try Output.checkTarget(out, inputs: inputs) }
      try reports.checkTargets(inputs: inputs, out: out)
      let result: SimulationResult
      do {
        result = try engine.merge(files.map(\.shard), charts: !reports.paths.isEmpty)
      } catch {
        throw CommandFailure.dataError(message(error, files: files))
      }
      if !quiet { for warning in warnings { Diagnostics.printError(warning.warningDescription) } }
      let report = RunReport(result: result, warnings: warnings.map(\.description))
      let fileReport = RunReport(result: result, warnings: report.warnings, includeTiming: false)
      try reports.write(
        html: { try fileReport.html(inputs: ScenarioInputs.rows(try ScenarioFile.document(bytes, file: first.scenario.path))) },
        notebook: { fileReport.notebook }, quiet: quiet)
      let resolved = OutputOptions.resolvedFormat(format, out: out)
      try OutputOptions.deliver(
        resolved.render(report), to: out, format: resolved, quiet: quiet,
        note: "merged \(files.count) shard\(files.count == 1 ? "" : "s"): seed \(result.seed), \(result.trials) trials")
    }

    /// The set's problem in words, with the files named.
    func message(_ error: ShardSetError, files: [ShardFile]) -> String {
      switch error {
      case .empty:
        return "slasim merge: no shard files given."
      case .mixed(let field, let a, let b):
        func value(_ p: Int) -> String {
          let s = files[p].shard
          switch field {
          case "seed": return "seed \(s.seed)"
          case "trials": return "\(s.trials) trials"
          default: return "\(s.count) shards"
          }
        }
        return "\(shards[b]): is a shard of the run with \(value(b)), but \(shards[a]) is one of the run with "
          + "\(value(a)); merge the shards of one run only."
      case .repeated(let index, let a, let b):
        if shards[a] == shards[b] { return "\(shards[b]): given twice (it is shard \(index)/\(files[b].shard.count)); give each shard once." }
        return "\(shards[b]): is shard \(index)/\(files[b].shard.count) again (\(shards[a]) is too); give each shard once."
      case .missing(let indices):
        let n = files[0].shard.count
        let shown = indices.prefix(10).map { "\($0)/\(n)" }.joined(separator: ", ") + (indices.count > 10 ? ", …" : "")
        return "slasim merge: \(indices.count) of the \(n) shards \(indices.count == 1 ? "is" : "are") missing "
          + "(\(shown)); given: \(shards.joined(separator: ", ")). Run 'slasim run --shard i/\(n)' for each missing i."
      case .inconsistent(let p, let why):
        return "\(shards[p]): does not fit its scenario (\(why)); the file was changed or is damaged."
      }
    }
  }
}
