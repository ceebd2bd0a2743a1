import ArgumentParser
import Foundation
import SLASim

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--html FILE` and `--notebook FILE`: the report people look at and the notebook analysts
/// start from, beside the usual output (issue 10). Both are written atomically.
struct ReportFileOptions: ParsableArguments {
  @Option(help: "Also write a self-contained HTML report (charts and tables) to this file.", completion: .file(extensions: ["html"]))
  var html: String?

  @Option(help: "Also write a Jupyter notebook (nbformat 4.5) that loads the result and redraws the charts.", completion: .file(extensions: ["ipynb"]))
  var notebook: String?

  /// The report files asked for.
  var paths: [String] { [html, notebook].compactMap { $0 } }

  func validate() throws {
    if let html, let notebook, html == notebook {
      throw ValidationError("--html and --notebook name the same file '\(html)'; give each its own.")
    }
  }

  /// Refuses, before any work, a report path that would destroy an input or cannot hold a
  /// file, or that `--out` names too.
  func checkTargets(inputs: [String], out: String? = nil) throws {
    for path in paths {
      if path == out { throw CommandFailure.cannotCreate("\(path): named by --out and by --html or --notebook; give each its own file.") }
      try Output.checkTarget(path, inputs: inputs)
    }
  }

  /// Writes the files asked for: the page and the notebook are built only when asked.
  func write(html page: () throws -> String, notebook book: () throws -> String, quiet: Bool) throws {
    try Self.write(page, to: html, quiet: quiet)
    if let notebook {
      try Output.writeAtomically(book(), to: notebook)
      if !quiet { Diagnostics.printError("slasim: wrote \(notebook)") }
    }
  }

  /// Writes the HTML page to `path`, when there is one; a page that cannot be built is an internal error.
  static func write(_ page: () throws -> String, to path: String?, quiet: Bool) throws {
    guard let path else { return }
    let text: String
    do { text = try page() } catch { throw CommandFailure.internalError("slasim: the HTML report could not be built: \(error)") }
    try Output.writeAtomically(text, to: path)
    if !quiet { Diagnostics.printError("slasim: wrote \(path) (open it in a browser)") }
  }
}

/// A file written piece by piece and published atomically (``Output/writeAtomically(_:to:)``
/// writes through it in one piece): a temporary file in the target's folder, `fsync`, then a
/// rename over the target, so a reader sees the old file or the whole new one, never part of
/// it. The temporary file is removed on every error and on SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// (``Signals``). A symbolic link is followed (its target is replaced); a new file gets the
/// usual permissions (0666 less the umask), a replaced one keeps its own.
final class AtomicFileStream {
  let path: String
  private let target: String
  private let folder: String
  private let temporary: String
  private var fd: Int32
  /// The first write failure, reported by ``commit()`` (a streaming run is not stopped by it).
  private var failure: CommandFailure?

  /// - Throws: ``CommandFailure`` 73 when the file cannot be created.
  init(path: String) throws {
    self.path = path
    target = Output.resolvingSymbolicLinks(path)
    let url = URL(fileURLWithPath: target)
    folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw CommandFailure.cannotCreate("\(path): cannot be written: the folder '\(folder)' does not exist.")
    }
    var template = Array((folder + "/." + url.lastPathComponent + ".slasim-XXXXXX").utf8CString)
    fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw CommandFailure.cannotCreate(Self.message(path, "cannot create a temporary file in '\(folder)'", errno))
    }
    temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    Signals.removeOnSignal(temporary)
    var existing = stat()
    let mode: mode_t
    if stat(target, &existing) == 0 {
      mode = existing.st_mode & 0o7777
    } else {
      let mask = umask(0)
      umask(mask)
      mode = 0o666 & ~mask
    }
    guard fchmod(fd, mode) == 0 else {
      let code = errno
      abandon()
      throw CommandFailure.cannotCreate(Self.message(path, "cannot set its permissions", code))
    }
  }

  private static func message(_ path: String, _ what: String, _ code: Int32) -> String {
    "\(path): cannot be written: \(what): \(String(cString: strerror(code)))."
  }

  /// Appends `text`; a failure is kept and thrown by ``commit()``.
  func append(_ text: String) {
    guard failure == nil, fd >= 0 else { return }
    do {
      try Output.writeAll(Array(text.utf8), to: fd) { CommandFailure.ioError(Self.message(path, "writing failed", $0)) }
    } catch let error as CommandFailure {
      failure = error
    } catch {
      failure = CommandFailure.ioError(Self.message(path, "writing failed", EIO))
    }
  }

  /// Syncs the file, renames it over the target and syncs the folder.
  ///
  /// - Throws: ``CommandFailure`` 74 when writing failed, 73 when the target cannot be replaced.
  func commit() throws {
    defer { Signals.removeOnSignal(nil) }
    if let failure {
      abandon()
      throw failure
    }
    guard fsync(fd) == 0 else {
      let code = errno
      abandon()
      throw CommandFailure.ioError(Self.message(path, "writing it to disk failed", code))
    }
    Output.holdForTests(temporary)
    let closed = close(fd)
    let closeCode = errno
    fd = -1
    guard closed == 0 else {
      unlink(temporary)
      throw CommandFailure.ioError(Self.message(path, "closing it failed", closeCode))
    }
    guard rename(temporary, target) == 0 else {
      let code = errno
      unlink(temporary)
      throw CommandFailure.cannotCreate(Self.message(path, "cannot replace it", code))
    }
    // The rename is durable once the folder is on disk too (best effort: some file systems
    // cannot fsync a folder).
    let folderFD = open(folder, O_RDONLY)
    if folderFD >= 0 {
      fsync(folderFD)
      close(folderFD)
    }
  }

  /// Removes the temporary file (the target is left as it was).
  func abandon() {
    if fd >= 0 { close(fd) }
    fd = -1
    unlink(temporary)
    Signals.removeOnSignal(nil)
  }

  deinit { if fd >= 0 { abandon() } }
}
