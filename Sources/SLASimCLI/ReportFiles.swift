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

/// A file written piece by piece and published atomically: the pieces go to a temporary file
/// in the target's folder, which ``commit()`` syncs and renames over the target. Until then
/// readers see the old file (or none); a failure or a signal removes the temporary file.
final class AtomicFileStream {
  let path: String
  private let temporary: String
  private var fd: Int32
  private var failure: CommandFailure?

  init(path: String) throws {
    self.path = path
    let target = Output.resolvingSymbolicLinks(path)
    let url = URL(fileURLWithPath: target)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw CommandFailure.cannotCreate("\(path): cannot be written: the folder '\(folder)' does not exist.")
    }
    var template = Array((folder + "/." + url.lastPathComponent + ".slasim-XXXXXX").utf8CString)
    fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw CommandFailure.cannotCreate("\(path): cannot be written: cannot create a temporary file in '\(folder)': \(String(cString: strerror(errno))).")
    }
    temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    self.targetPath = target
    Signals.removeOnSignal(temporary)
    let mask = umask(0)
    umask(mask)
    fchmod(fd, 0o666 & ~mask)
  }

  private let targetPath: String

  /// Appends `text`; a failure is kept and reported by ``commit()`` (the run is not stopped).
  func append(_ text: String) {
    guard failure == nil else { return }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        failure = CommandFailure.ioError("\(path): cannot be written: writing failed: \(String(cString: strerror(errno))).")
        return
      }
      offset += n
    }
  }

  /// Syncs the file and renames it over the target.
  func commit() throws {
    defer { Signals.removeOnSignal(nil) }
    if let failure {
      abandon()
      throw failure
    }
    guard fsync(fd) == 0, close(fd) == 0 else {
      let message = "\(path): cannot be written: writing it to disk failed: \(String(cString: strerror(errno)))."
      fd = -1
      unlink(temporary)
      throw CommandFailure.ioError(message)
    }
    fd = -1
    guard rename(temporary, targetPath) == 0 else {
      let message = "\(path): cannot be written: cannot replace it: \(String(cString: strerror(errno)))."
      unlink(temporary)
      throw CommandFailure.cannotCreate(message)
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
