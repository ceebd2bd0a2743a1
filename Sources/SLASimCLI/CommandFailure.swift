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
  /// Our own bug (EX_SOFTWARE, 70).
  static func internalError(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: ExitCode(70))
  }
}

/// Reading inputs and writing outputs, with `slasim`'s error messages.
enum FileIO {
  /// The bytes of `path`, or a 66 failure naming the file and the reason.
  static func read(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CommandFailure.noInput("\(path): no such file.")
    }
    if isDirectory.boolValue {
      throw CommandFailure.noInput("\(path): is a directory; expected a file.")
    }
    // Read in chunks with a size limit (ScenarioLoader.maximumFileBytes), so /dev/zero stops.
    switch ScenarioLoader.readFile(path) {
    case .success(let bytes):
      return bytes
    case .failure(let error) where error.isTooLarge:
      throw CommandFailure.dataError("\(path): \(error.reason).")
    case .failure(let error):
      throw CommandFailure.noInput("\(path): \(error.reason).")
    }
  }

  /// Writes `text` to `path` atomically: a temporary file in the same folder, then a rename,
  /// so readers see the old file or the whole new one, never half of it.
  static func writeAtomically(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw CommandFailure.cannotCreate("\(path): cannot be written: the folder '\(folder)' does not exist.")
    }
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw CommandFailure.cannotCreate("\(path): cannot be written: \(error.localizedDescription)")
    }
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
