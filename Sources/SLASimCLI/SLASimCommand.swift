import ArgumentParser
import Foundation
import SLASim

/// The `slasim` command: argument parsing and file handling only; every number comes from `SLASim`.
@main
struct SLASimCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slasim",
    abstract: "Simulate and stress-test service level agreements between Marketing, Sales and Customer Service.",
    version: SLASimVersion.current,
    subcommands: [Run.self, Merge.self, Compare.self, Plan.self, Sensitivity.self, Solve.self, Stress.self, Validate.self, Fit.self, Erlang.self, Schema.self]
  )

  /// Runs the command line, mapping `slasim`'s typed failures to their exit codes
  /// (64 usage, 65 bad data, 66 missing input, 70 internal error, 73 an output that cannot be
  /// created, 74 a failed write).
  static func main() async {
    Signals.install()
    do {
      try refuseHelpForUnknownCommands(Array(CommandLine.arguments.dropFirst()))
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if let failure = error as? CommandFailure {
        Diagnostics.printError(failure.message)
        Foundation.exit(failure.exitCode.rawValue)
      }
      exit(withError: error)
    }
  }

  /// `slasim help nosuch` is a usage error: swift-argument-parser would print the top-level
  /// help and exit 0, as if the command existed.
  static func refuseHelpForUnknownCommands(_ arguments: [String]) throws {
    guard arguments.first == "help", arguments.count > 1, !arguments[1].hasPrefix("-") else { return }
    let names = configuration.subcommands.map { $0._commandName }
    guard !names.contains(arguments[1]) else { return }
    throw ValidationError("no command '\(arguments[1])'; the commands are \(names.joined(separator: ", ")).")
  }

  /// The message `slasim` prints for `error` (ours, or swift-argument-parser's).
  static func slasimMessage(for error: Error) -> String {
    if let failure = error as? CommandFailure { return failure.message }
    return message(for: error)
  }

  /// The exit code `slasim` uses for `error` (ours, or swift-argument-parser's).
  static func slasimExitCode(for error: Error) -> ExitCode {
    if let failure = error as? CommandFailure { return failure.exitCode }
    return exitCode(for: error)
  }
}
