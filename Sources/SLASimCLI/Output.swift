import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where results go: files written so that nothing is ever half-written or destroyed, and
/// standard output written so that a failure is never reported as success (issue 7).
enum Output {
  // MARK: Files

  /// Refuses an `--out` path that would destroy an input or cannot hold a file: the file
  /// being read (compared by device and inode, so another spelling or a hard link is caught),
  /// a folder, a device node, a FIFO or a socket. A symbolic link is followed: the file it
  /// points to is written, as `cp` and shells do.
  ///
  /// - Throws: ``CommandFailure`` 73 naming the path and why.
  static func checkTarget(_ path: String, inputs: [String]) throws {
    var target = stat()
    guard stat(path, &target) == 0 else { return }  // a new file (or a dangling link)
    let kind = target.st_mode & S_IFMT
    switch kind {
    case S_IFREG:
      break
    case S_IFDIR:
      throw CommandFailure.cannotCreate("\(path): is a folder; --out takes the path of a file to write.")
    default:
      let what =
        kind == S_IFIFO ? "a FIFO" : kind == S_IFSOCK ? "a socket" : kind == S_IFCHR || kind == S_IFBLK
        ? "a device" : "not a regular file"
      throw CommandFailure.cannotCreate(
        "\(path): is \(what); --out writes a regular file (through a temporary file and a rename). "
          + "To send the result elsewhere, leave out --out and redirect standard output.")
    }
    for input in inputs {
      var read = stat()
      guard stat(input, &read) == 0 else { continue }
      if read.st_dev == target.st_dev && read.st_ino == target.st_ino {
        let same = input == path ? "" : " (\(input))"
        throw CommandFailure.cannotCreate(
          "\(path): is the file being read\(same); writing the result there would destroy it. "
            + "Choose another --out path.")
      }
    }
  }

  /// Writes `text` to `path` atomically: a temporary file in the same folder, `fsync`, then a
  /// rename over the target, so a reader sees the old file or the whole new one, never part
  /// of it. The temporary file is removed on every error and on SIGINT, SIGTERM, SIGHUP and
  /// SIGQUIT (``Signals``). A symbolic link is followed (its target is replaced); a new file
  /// gets the usual permissions (0666 less the umask), a replaced one keeps its own.
  ///
  /// - Throws: ``CommandFailure`` 73 when the file cannot be created, 74 when writing it fails.
  static func writeAtomically(_ text: String, to path: String) throws {
    let file = try AtomicFileStream(path: path)
    file.append(text)
    try file.commit()
  }

  /// Tests only: with `SLASIM_TEST_HOLD_OUTPUT=SECONDS` the write pauses with the temporary
  /// file complete but not yet renamed, after naming it on stderr, so a test can send a
  /// signal at the one moment a half-done output exists (OutputSafetyTests).
  static func holdForTests(_ temporary: String) {
    guard let text = ProcessInfo.processInfo.environment["SLASIM_TEST_HOLD_OUTPUT"], let seconds = UInt32(text)
    else { return }
    Diagnostics.printError("slasim: holding \(temporary)")
    sleep(seconds)
  }

  /// The file `path` names after following symbolic links (up to 40, as the kernel does), or
  /// `path` itself when it is not a link. A dangling link gives the path it points to.
  static func resolvingSymbolicLinks(_ path: String) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      guard n > 0 else { return current }
      let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        link.hasPrefix("/")
        ? link : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(link).path
    }
    return current
  }

  // MARK: Standard output

  /// Writes `text` to standard output, all of it, unbuffered.
  ///
  /// A reader that has gone away ends the process as it ends any Unix tool: by SIGPIPE,
  /// quietly. With SIGPIPE ignored, or any other failure (a full disk, `/dev/full`), it
  /// throws: the command must not report success.
  ///
  /// - Throws: ``CommandFailure`` 74 (EX_IOERR) with the reason.
  static func writeToStandardOutput(_ text: String) throws {
    try writeAll(Array(text.utf8), to: 1) { code in
      CommandFailure.ioError("slasim: cannot write to standard output: \(String(cString: strerror(code))).")
    }
  }

  /// Whether standard output is a pipe, FIFO or socket whose reader has closed it (nothing
  /// written there can be read any more). Never blocks: `poll` with no events reports only
  /// errors and hang-ups.
  static var standardOutputReaderIsGone: Bool {
    var descriptor = pollfd(fd: 1, events: 0, revents: 0)
    guard poll(&descriptor, 1, 0) == 1 else { return false }
    return descriptor.revents & Int16(POLLERR | POLLHUP) != 0
  }

  /// Ends the process as a write to a closed pipe would: by SIGPIPE when it is not ignored,
  /// else with 74 and a message.
  static func exitForClosedStandardOutput() -> Never {
    // Restoring the old disposition tells whether SIGPIPE is ignored.
    let previous = signal(SIGPIPE, SIG_IGN)
    signal(SIGPIPE, previous)
    if !Signals.isIgnore(previous) {
      Signals.clearProgressLine()
      signal(SIGPIPE, SIG_DFL)
      raise(SIGPIPE)
    }
    Signals.clearProgressLine()
    Diagnostics.printError("slasim: cannot write to standard output: its reader has closed it.")
    exit(74)
  }

  static func writeAll(_ bytes: [UInt8], to fd: Int32, failure: (Int32) -> CommandFailure) throws {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw failure(errno)
      }
      offset += n
    }
  }
}

/// Signal handling for the shipped binary: interrupts remove a half-written output file and
/// the progress line before the process ends with the signal's own status; crashes end the
/// process at once instead of waiting in the Swift runtime's interactive backtracer.
enum Signals {
  /// The temporary output file being written (a C string), removed by the handler.
  nonisolated(unsafe) private static var temporaryPath: UnsafeMutablePointer<CChar>?
  /// Set while a progress line is on stderr.
  nonisolated(unsafe) static var progressOnScreen: Int32 = 0
  /// "\r" and "erase to end of line", for the handler (no Swift strings there).
  nonisolated(unsafe) private static var clearLine: UnsafeMutablePointer<UInt8> = {
    let bytes: [UInt8] = [13, 27, 91, 75]
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
    p.initialize(from: bytes, count: bytes.count)
    return p
  }()

  /// Installs the handlers; call once, first thing in `main`.
  ///
  /// SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temporary file and the progress line, then
  /// re-raise with the default action (so the shell sees the usual 128 + signal). Crash
  /// signals get their default action too, unless `SWIFT_BACKTRACE` is set (a developer asking
  /// for the runtime's backtraces): the runtime's backtracer would otherwise catch SIGQUIT
  /// and, on a terminal, wait for a key press with the pipeline still open.
  static func install() {
    // Initialise the handler's globals now, so that the handler never runs an initialiser.
    _ = clearLine
    _ = temporaryPath
    _ = progressOnScreen
    for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
      // A signal ignored when slasim starts (SIGHUP under nohup, SIGINT and SIGQUIT for a
      // shell's background job) stays ignored, as POSIX asks of utilities.
      let previous = signal(s, handleTerminatingSignal)
      if isIgnore(previous) { signal(s, SIG_IGN) }
    }
    if ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil {
      for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] { signal(s, SIG_DFL) }
    }
  }

  /// Whether a disposition `signal(2)` returned is SIG_IGN (1; SIG_DFL, 0, imports as `nil`).
  static func isIgnore(_ disposition: __sighandler_t?) -> Bool {
    disposition.map { unsafeBitCast($0, to: Int.self) == 1 } ?? false
  }

  /// Sets (or with `nil`, clears) the temporary file the handler removes.
  static func removeOnSignal(_ path: String?) {
    let old = temporaryPath
    temporaryPath = path.map { strdup($0) }
    free(old)
  }

  /// Erases the progress line if one is on screen (async-signal-safe).
  static func clearProgressLine() {
    if progressOnScreen != 0 {
      _ = write(2, clearLine, 4)
      progressOnScreen = 0
    }
  }
}

/// The handler itself: async-signal-safe calls only (`unlink`, `write`, `signal`, `raise`).
private func handleTerminatingSignal(_ number: Int32) {
  Signals.clearProgressLineFromHandler()
  signal(number, SIG_DFL)
  raise(number)
}

extension Signals {
  fileprivate static func clearProgressLineFromHandler() {
    if let path = temporaryPath { unlink(path) }
    clearProgressLine()
  }
}
