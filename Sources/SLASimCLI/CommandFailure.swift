import ArgumentParser
import Foundation
import SLASim

/// A failure the CLI reports with a message and a sysexits(3) code.
struct CommandFailure: Error, CustomStringConvertible {
  var message: String
  var exitCode: ExitCode

  var description: String { message }

  /// Bad input data: a malformed file or value (EX_DATAERR, 65).
  static func dataError(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(65))
  }
  /// An input file that is missing or unreadable (EX_NOINPUT, 66).
  static func noInput(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(66))
  }
  /// An output file that cannot be written (EX_CANTCREAT, 73).
  static func cannotCreate(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(73))
  }
  /// A failed write, to an output file or to standard output (EX_IOERR, 74).
  static func ioError(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(74))
  }
  /// Our own bug (EX_SOFTWARE, 70).
  static func internalError(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(70))
  }
}

/// Reading inputs and writing outputs, with `slasim`'s error messages.
enum FileIO {
  /// The bytes of `path`, or a 66 failure naming the file and the reason.
  static func read(_ path: String, shownAs name: String? = nil) throws -> [UInt8] {
    let name = name ?? path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CommandFailure.noInput("\(name): no such file.")
    }
    if isDirectory.boolValue {
      throw CommandFailure.noInput("\(name): is a directory; expected a file.")
    }
    // Read in chunks with a size limit (ScenarioLoader.maximumFileBytes), so /dev/zero stops.
    switch ScenarioLoader.readFile(path) {
    case .success(let bytes):
      return bytes
    case .failure(let error) where error.isTooLarge:
      throw CommandFailure.dataError("\(name): \(error.reason).")
    case .failure(let error):
      throw CommandFailure.noInput("\(name): \(error.reason).")
    }
  }

  /// Whether `path` is a regular file (after following links); false for pipes, FIFOs and devices.
  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
  }

}

/// Messages for people go to stderr; results go to stdout.
enum Diagnostics {
  static func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
  }

  /// Whether stderr is a terminal (progress bars only then).
  static var stderrIsTerminal: Bool { isatty(2) == 1 }
  /// Whether stdout is a terminal (table output by default only then).
  static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
