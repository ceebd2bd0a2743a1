import Foundation
import Testing

/// Pipes and scripting with the built binary (issue 7, item 3): scenarios from standard
/// input, FIFOs and process substitution; completion of file arguments; the README's what-if
/// loop.
@Suite struct ScriptingTests {
  typealias Harness = OutputSafetyTests

  /// The same scenario through a file, `-`, `/dev/stdin`, a FIFO and `<(…)` gives the same
  /// result (the CSV without timing).
  @Test func aScenarioCanComeThroughAPipe() throws {
    let folder = try Harness.workspace()
    // Without timing, and without the warnings (they name the file).
    let run = "--trials 300 --quiet --format csv | grep -v '^\\(run\\.seconds\\|run\\.threads\\|warnings\\)'"
    let file = try Harness.shell("$SLASIM run q3.json \(run)", in: folder)
    #expect(file.status == 0 && file.stdout.contains("schemaVersion,1"), "\(file.stderr)")
    for source in [
      "$SLASIM run - < q3.json \(run)",
      "cat q3.json | $SLASIM run /dev/stdin \(run)",
      "$SLASIM run <(cat q3.json) \(run)",
      "mkfifo f && (cat q3.json > f &) && $SLASIM run f \(run)",
    ] {
      let piped = try Harness.shell(source, in: folder)
      #expect(piped.status == 0, "\(source): \(piped.stderr)")
      #expect(piped.stdout == file.stdout, "\(source) gave another result")
    }
    let validate = try Harness.shell("$SLASIM validate - < q3.json", in: folder)
    #expect(validate.status == 0 && validate.stdout.hasPrefix("<stdin>: ok\n"), "\(validate.stdout)")
    let broken = try Harness.shell("echo '{' | $SLASIM run -", in: folder)
    #expect(broken.status == 65 && broken.stderr.hasPrefix("<stdin>:2:1: "), "\(broken.stderr)")
  }

  /// A piped scenario has no folder: its relative history paths start from the working folder.
  @Test func aPipedScenarioReadsHistoriesFromTheWorkingFolder() throws {
    let folder = try Harness.workspace()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    try FileManager.default.copyItem(
      at: root.appendingPathComponent("scenarios/company-a-trend.json"),
      to: folder.appendingPathComponent("trend.json"))
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("sub/history"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: root.appendingPathComponent("scenarios/history/company-a.csv"),
      to: folder.appendingPathComponent("sub/history/company-a.csv"))
    // From the file, history/ is beside it: missing. Piped from sub/, history/ is in sub/.
    let missing = try Harness.shell("$SLASIM validate trend.json", in: folder)
    #expect(missing.status == 66, "\(missing.stderr)")
    let piped = try Harness.shell("cd sub && $SLASIM validate - < ../trend.json", in: folder)
    #expect(piped.status == 0, "\(piped.stderr)")
    let elsewhere = try Harness.shell("$SLASIM validate - < trend.json", in: folder)
    #expect(elsewhere.status == 66 && elsewhere.stderr.contains("cannot read ./history/company-a.csv"), "\(elsewhere.stderr)")
  }

  /// The README's what-if loop, as written there but with 400 trials instead of 20,000 (the
  /// tests run a debug build): three runs with 3, 4 and 5 reps, whose rep utilisation falls
  /// as 1/reps (the same leads, the same attempts: 3/4 and 3/5 of the first, up to Monte
  /// Carlo noise and giving-up).
  @Test func theReadmeWhatIfLoopRuns() throws {
    let folder = try Harness.workspace()
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
    let loop = try #require(
      readme.components(separatedBy: "\n").first { $0.hasPrefix("$ for r in 3 4 5; do jq") }.map { $0.dropFirst(2) },
      "no what-if loop in README")
    let script = String(loop).replacingOccurrences(of: "slasim ", with: "$SLASIM ")
      .replacingOccurrences(of: "scenarios/q3.json", with: "q3.json")
      .replacingOccurrences(of: "--trials 20000", with: "--trials 400")
    #expect(loop.contains("--trials 20000"), "the loop no longer has --trials 20000")
    let r = try Harness.shell(script, in: folder)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stdout.components(separatedBy: "\n")
    #expect(lines.filter { $0.hasPrefix("parties.sales.probability.estimate,") }.count == 3, "\(r.stdout)")
    let utilisation = lines.filter { $0.hasPrefix("kpis.sales.repUtilisation.mean,") }.compactMap {
      Double($0.split(separator: ",")[1])
    }
    try #require(utilisation.count == 3, "\(r.stdout)")
    #expect(abs(utilisation[1] / utilisation[0] - 0.75) < 0.05 && abs(utilisation[2] / utilisation[0] - 0.6) < 0.05)
  }

  /// Warnings are diagnostics in every format: on stderr in validate's format, never in the
  /// table (issue 7, item 7), and still recorded in JSON.
  @Test func warningsGoToStandardErrorInValidatesFormat() throws {
    let folder = try Harness.workspace()
    let table = try Harness.shell("$SLASIM run q3.json --trials 300 --format table", in: folder)
    #expect(table.status == 0 && !table.stdout.contains("warning"), "\(table.stdout.prefix(300))")
    #expect(table.stderr.hasPrefix("q3.json: warning: $.sales.goals.firstTouch.share: "), "\(table.stderr)")
    let validate = try Harness.shell("$SLASIM validate q3.json", in: folder)
    #expect(table.stderr.components(separatedBy: "\n").first == validate.stderr.components(separatedBy: "\n").first)
    let json = try Harness.shell("$SLASIM run q3.json --trials 300 --format json --quiet", in: folder)
    #expect(json.stderr.isEmpty && json.stdout.contains("\"warnings\": [\n    \"q3.json: $.sales.goals.firstTouch"))
  }

  /// `help nosuch` is a usage error; completion scripts complete files for file arguments.
  @Test func helpAndCompletion() throws {
    let folder = try Harness.workspace()
    let help = try Harness.shell("$SLASIM help nosuch", in: folder)
    #expect(help.status == 64 && help.stderr.contains("no command 'nosuch'"), "\(help.stderr)")
    #expect(try Harness.shell("$SLASIM help run", in: folder).status == 0)
    let bash = try Harness.shell("$SLASIM --generate-completion-script bash", in: folder).stdout
    #expect(bash.contains("-fX '!*.@(json)'") && bash.contains("-fX '!*.@(csv)'"), "no file completion in bash")
    let zsh = try Harness.shell("$SLASIM --generate-completion-script zsh", in: folder).stdout
    #expect(zsh.contains("_files -g '*.json'") || zsh.contains("*.json"), "no file completion in zsh")
    #expect(zsh.contains("--out") && zsh.contains("_files"))
  }
}
