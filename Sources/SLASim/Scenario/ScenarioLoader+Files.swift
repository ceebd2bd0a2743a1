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
  /// Whether the file was refused for its size (a data error, exit 65) rather than unreadable (66).
  public var isTooLarge: Bool
  public init(_ reason: String, isTooLarge: Bool = false) {
    self.reason = reason
    self.isTooLarge = isTooLarge
  }
  public var description: String { reason }
}

/// Why a trend's history could not be used: the file is unreadable, or it is not a valid history.
enum HistoryLoadFailure: Error {
  case unreadable(ScenarioFileError)
  case invalid(HistoryError)
}

extension ScenarioLoader {
  /// The largest file slasim reads (a scenario or a history): 64 MiB.
  public static let maximumFileBytes = 64 << 20

  /// Reads a whole file from disk with the C library (the engine does not depend on Foundation).
  ///
  /// Reads in chunks and stops past ``maximumFileBytes``, so that `/dev/zero` or a runaway
  /// pipe is refused (`is larger than 64 MiB, the largest file slasim reads`) instead of
  /// filling memory. Pipes and FIFOs are read like files.
  public static func readFile(_ path: String) -> Result<[UInt8], ScenarioFileError> {
    guard let stream = fopen(path, "rb") else { return .failure(reason(errno)) }
    defer { fclose(stream) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, stream) }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > maximumFileBytes {
        return .failure(
          ScenarioFileError(
            "is larger than \(maximumFileBytes >> 20) MiB, the largest file slasim reads", isTooLarge: true))
      }
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
