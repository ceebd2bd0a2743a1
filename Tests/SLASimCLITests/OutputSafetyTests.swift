import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The built `slasim` binary, run as a user runs it (issue 7, items 1 and 2): outputs that
/// cannot destroy an input, temporary files that never survive, and exit codes that never
/// report a failed write as success.
@Suite(.serialized) struct OutputSafetyTests {
  /// What one run of the binary did.
  struct Outcome {
    var status: Int32
    /// Whether `status` is the signal that ended the process rather than its exit code.
    var signalled: Bool
    var stdout: String
    var stderr: String
  }

  /// The `slasim` executable that `swift build --build-tests` put beside the test bundle.
  static func binary() throws -> URL {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("slasim")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    throw TestFailure("no slasim binary near \(CommandLine.arguments[0]); build it with swift build --build-tests")
  }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// A fresh folder holding a copy of q3.json.
  static func workspace() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slasim-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    try FileManager.default.copyItem(
      at: root.appendingPathComponent("scenarios/q3.json"), to: folder.appendingPathComponent("q3.json"))
    return folder
  }

  /// Runs `bash -c script` in `folder` with `$SLASIM` naming the binary.
  static func shell(_ script: String, in folder: URL, environment: [String: String] = [:]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    env["SLASIM"] = try binary().path
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

  // MARK: Item 1: output that cannot destroy anything

  /// The scenario being read, under any name (itself, another spelling, a hard link, a
  /// symbolic link), is refused before anything is simulated, and left as it was.
  @Test func outNamingTheInputIsRefusedWhateverItsSpelling() throws {
    let folder = try Self.workspace()
    let original = Self.contents(folder.appendingPathComponent("q3.json"))
    try FileManager.default.linkItem(
      at: folder.appendingPathComponent("q3.json"), to: folder.appendingPathComponent("hard.json"))
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("soft.json").path, withDestinationPath: "q3.json")
    for out in ["q3.json", "./q3.json", "../\(folder.lastPathComponent)/q3.json", "hard.json", "soft.json"] {
      let r = try Self.shell(#"$SLASIM run q3.json --trials 300 --out "\#(out)""#, in: folder)
      #expect(r.status == 73 && !r.signalled, "--out \(out): exit \(r.status)")
      #expect(r.stderr.contains("\(out): is the file being read"), "--out \(out): \(r.stderr)")
    }
    #expect(Self.contents(folder.appendingPathComponent("q3.json")) == original)
    // A history file is an input too (fit --out onto its own CSV).
    try Data("month,leads\n2026-01,10\n2026-02,12\n2026-03,13\n".utf8).write(to: folder.appendingPathComponent("h.csv"))
    let fit = try Self.shell("$SLASIM fit h.csv --y leads --out h.csv", in: folder)
    #expect(fit.status == 73 && fit.stderr.contains("h.csv: is the file being read"), "\(fit.stderr)")
  }

  /// A folder, a device and a FIFO cannot take an atomic write: each is refused in plain words.
  @Test func outOntoAFolderADeviceOrAFIFOIsRefused() throws {
    let folder = try Self.workspace()
    #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o600) == 0)
    for (out, what) in [(".", "is a folder"), ("/dev/null", "is a device"), ("fifo", "is a FIFO")] {
      let r = try Self.shell("$SLASIM run q3.json --trials 300 --out \(out)", in: folder)
      #expect(r.status == 73, "--out \(out): exit \(r.status)")
      #expect(r.stderr.hasPrefix("\(out): \(what)"), "--out \(out): \(r.stderr)")
      #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }
    let schema = try Self.shell("$SLASIM schema --out .", in: folder)
    #expect(schema.status == 73 && schema.stderr.hasPrefix(".: is a folder"))
  }

  /// A symbolic link is followed, as `cp` does: its target gets the result and the link stays.
  @Test func outOntoASymbolicLinkWritesItsTarget() throws {
    let folder = try Self.workspace()
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("results"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("latest.json").path, withDestinationPath: "results/run.json")
    let r = try Self.shell("$SLASIM run q3.json --trials 300 --out latest.json --quiet", in: folder)
    #expect(r.status == 0, "\(r.stderr)")
    let link = try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("latest.json").path)
    #expect(link == "results/run.json")
    let written = try #require(Self.contents(folder.appendingPathComponent("results/run.json")))
    #expect(String(decoding: written, as: UTF8.self).contains("\"schemaVersion\": 1"))
  }

  /// SIGINT, SIGTERM, SIGHUP and SIGQUIT at the one moment a temporary output exists (held
  /// there by `SLASIM_TEST_HOLD_OUTPUT`): the temporary file is removed, the old output is
  /// untouched, and the process ends by that signal.
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT])
  func aSignalRemovesTheTemporaryFile(signal: Int32) throws {
    let folder = try Self.workspace()
    let out = folder.appendingPathComponent("result.json")
    try Data("old result\n".utf8).write(to: out)
    // Job control on, so that the background job does not start with SIGINT and SIGQUIT
    // ignored (slasim keeps a signal ignored at its start ignored, as POSIX asks).
    let script = """
      set -m
      $SLASIM run q3.json --trials 300 --quiet --out result.json &
      pid=$!
      for i in $(seq 1 300); do ls -a | grep -q '^\\.result\\.json\\.slasim-' && break; sleep 0.1; done
      ls -a | grep '^\\.result\\.json\\.slasim-'
      kill -\(signal) $pid
      wait $pid
      echo "status $?"
      ls -a
      """
    let r = try Self.shell(script, in: folder, environment: ["SLASIM_TEST_HOLD_OUTPUT": "30"])
    #expect(r.stdout.contains(".result.json.slasim-"), "no temporary file was seen: \(r.stdout)")
    #expect(r.stdout.contains("status \(128 + signal)"), "\(r.stdout) \(r.stderr)")
    let after = r.stdout.components(separatedBy: "status ").last ?? ""
    #expect(!after.contains(".slasim-"), "the temporary file survived: \(after)")
    #expect(Self.contents(out) == Data("old result\n".utf8))
    #expect(!r.stderr.contains("crashed"), "\(r.stderr)")
  }

  /// Without a signal the same held write completes: the hook only pauses it.
  @Test func aHeldWriteCompletesAndLeavesNoTemporaryFile() throws {
    let folder = try Self.workspace()
    let r = try Self.shell(
      "$SLASIM run q3.json --trials 300 --quiet --out result.json && ls -a", in: folder,
      environment: ["SLASIM_TEST_HOLD_OUTPUT": "1"])
    #expect(r.status == 0 && r.stdout.contains("result.json") && !r.stdout.contains(".slasim-"), "\(r.stdout)")
  }

  // MARK: Item 2: honest exit codes

  /// A failed write to standard output is 74 with a message, for every command that writes it.
  @Test func aFullDiskIsAnIOErrorNotSuccess() throws {
    let folder = try Self.workspace()
    for command in [
      "run q3.json --trials 300 --format json", "schema", "validate q3.json", "erlang --arrivals-per-hour 100 --handle-minutes 3",
    ] {
      let r = try Self.shell("$SLASIM \(command) > /dev/full", in: folder)
      #expect(r.status == 74 && !r.signalled, "\(command): exit \(r.status) \(r.stderr)")
      #expect(r.stderr.contains("cannot write to standard output: No space left on device"), "\(command): \(r.stderr)")
    }
  }

  /// A reader that goes away: with SIGPIPE at its default the process ends by it, quietly (as
  /// `yes | head` does), and early, without finishing a run of some minutes; with SIGPIPE
  /// ignored it is 74 with a message.
  @Test func aClosedReaderEndsTheRunEarly() throws {
    let folder = try Self.workspace()
    // 2,000,000 trials of q3 take minutes even in a release build; the reader is gone at once.
    let started = Date()
    let r = try Self.shell(
      #"$SLASIM run q3.json --trials 2000000 --quiet --format json | true; echo "status ${PIPESTATUS[0]}""#, in: folder)
    #expect(r.stdout == "status 141\n", "\(r.stdout) \(r.stderr)")
    #expect(r.stderr.isEmpty, "\(r.stderr)")
    #expect(Date().timeIntervalSince(started) < 60, "the run went on after its reader left")
    let ignored = try Self.shell(
      #"trap '' PIPE; $SLASIM run q3.json --trials 2000000 --quiet --format json | true; echo "status ${PIPESTATUS[0]}""#,
      in: folder)
    #expect(ignored.stdout == "status 74\n", "\(ignored.stdout) \(ignored.stderr)")
    #expect(ignored.stderr.contains("cannot write to standard output"), "\(ignored.stderr)")
  }

  /// SIGQUIT stops a run (the Swift runtime's backtracer no longer catches it and lets the run
  /// finish with 0), and a crash signal ends the process at once, without a backtracer.
  @Test(arguments: [SIGQUIT, SIGSEGV])
  func quitAndCrashSignalsStopTheRun(signal: Int32) throws {
    let folder = try Self.workspace()
    let script = """
      set -m
      $SLASIM run q3.json --trials 2000000 --quiet --out result.json &
      pid=$!
      sleep 1
      kill -\(signal) $pid
      wait $pid
      echo "status $?"
      ls -a
      """
    let r = try Self.shell(script, in: folder)
    #expect(r.stdout.hasPrefix("status \(128 + signal)\n"), "\(r.stdout) \(r.stderr)")
    #expect(!r.stdout.contains("result.json"), "the run finished and wrote its result")
    #expect(!r.stderr.contains("crashed") && !r.stderr.contains("Backtrace"), "\(r.stderr)")
  }
}
