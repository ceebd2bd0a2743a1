import ArgumentParser
import SLASim

extension SLASimCommand {
  /// `slasim validate FILE…`: checks scenario files and reports every problem at once.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check scenario files and report every problem in them.",
      discussion: """
        For each valid file, prints 'FILE: ok' and a one-line summary to stdout, and any \
        warnings to stderr. Otherwise prints every problem, one per line, to stderr: the \
        file, the JSON path, what is wrong and what would be valid. Exits with 65 when a file \
        is invalid and 66 when a file is missing or unreadable (66 wins when both happen).
        """)

    @Argument(
      help: "Scenario files (JSON, format version 1); - reads one from standard input.",
      completion: .file(extensions: ["json"]))
    var files: [String]

    func run() throws {
      let outcome = Validate.check(files)
      try Output.writeToStandardOutput(outcome.output.map { $0 + "\n" }.joined())
      for line in outcome.warnings { Diagnostics.printError(line) }
      if let failure = outcome.failure { throw failure }
    }

    /// What `validate` prints and how it fails, without printing (for tests).
    struct Outcome {
      /// Lines for stdout: `FILE: ok` and the summary of each valid file.
      var output: [String] = []
      /// Lines for stderr: the warnings of valid files.
      var warnings: [String] = []
      /// Every problem of the invalid files, with the exit code (66 if any file is unreadable, else 65).
      var failure: CommandFailure?
    }

    /// Checks every file, in order, and gathers the results.
    static func check(_ paths: [String]) -> Outcome {
      var outcome = Outcome()
      var problems: [String] = []
      var exitCode: Int32 = 0
      for path in paths {
        do {
          let (scenario, warnings) = try ScenarioFile.load(path: path)
          outcome.output.append("\(ScenarioFile.displayName(path)): ok")
          outcome.output.append("  " + ScenarioFile.summary(of: scenario))
          outcome.warnings += warnings.map(\.warningDescription)
        } catch let failure as CommandFailure {
          problems.append(failure.message)
          exitCode = max(exitCode, failure.exitCode.rawValue)
        } catch {
          problems.append("\(path): \(error)")
          exitCode = max(exitCode, 70)
        }
      }
      if !problems.isEmpty {
        outcome.failure = CommandFailure(message: problems.joined(separator: "\n"), exitCode: ExitCode(exitCode))
      }
      return outcome
    }
  }
}
