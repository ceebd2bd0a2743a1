#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file a scenario refers to: its bytes, or why it cannot be read.
public typealias ScenarioFileReader = (_ path: String) -> Result<[UInt8], ScenarioFileError>

/// Why a file a scenario refers to cannot be read: `no such file`, `is a directory; expected a
/// file`, or `cannot be read (check its permissions)`.
public struct ScenarioFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
  public var description: String { reason }
}

/// Why a trend's history could not be used: the file is unreadable, or it is not a valid history.
enum HistoryLoadFailure: Error {
  case unreadable(ScenarioFileError)
  case invalid(HistoryError)
}

extension ScenarioLoader {
  /// Reads a whole file from disk with the C library (the engine does not depend on Foundation).
  public static func readFile(_ path: String) -> Result<[UInt8], ScenarioFileError> {
    guard let stream = fopen(path, "rb") else { return .failure(reason(errno)) }
    defer { fclose(stream) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, stream) }
      bytes.append(contentsOf: chunk[0..<count])
      if count < chunk.count {
        // A directory opens on Linux and macOS; reading it fails with EISDIR.
        if ferror(stream) != 0 { return .failure(reason(errno)) }
        return .success(bytes)
      }
    }
  }

  private static func reason(_ code: Int32) -> ScenarioFileError {
    switch code {
    case ENOENT, ENOTDIR: return ScenarioFileError("no such file")
    case EISDIR: return ScenarioFileError("is a directory; expected a file")
    default: return ScenarioFileError("cannot be read (check its permissions)")
    }
  }

  /// The path of `path`, taken relative to the folder of `file`; absolute paths are kept.
  ///
  /// `history/a.csv` from `scenarios/q.json` is `scenarios/history/a.csv`.
  public static func resolve(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("/") { return path }
    guard let slash = file.lastIndex(of: "/") else { return path }
    return String(file[...slash]) + path
  }
}
