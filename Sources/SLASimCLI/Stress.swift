import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim stress`: the stress test of the nines (docs/stress.md).
  struct Stress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stress-test response targets: 99% vs 99.9% vs 99.99%, side by side, and the staff each needs.",
      discussion: """
        For each response-time goal of the scenario (sales.goals.firstTouch, \
        service.goals.firstResponse) and each level: the probability of meeting it at today's \
        staffing, the reps or agents needed to meet it with --confidence, the late leads or \
        tickets it allows at the expected volume, the expected number late today and the chance \
        of none, and the equivalent downtime budget. One simulation per staffing answers every \
        level; trials double until the levels are ranked, up to --max-trials.
        """)

    @Argument(
      help: "Scenario file (JSON, format version 1); - reads it from standard input.",
      completion: .file(extensions: ["json"]))
    var scenario: String

    @Option(
      help: ArgumentHelp("Levels to compare, in percent, comma-separated.", valueName: "list"))
    var levels: String = "99,99.9,99.99,99.999"

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Probability with which the staff needed must meet each level, in (0, 1).", valueName: "p"))
    var confidence: Double = 0.9

    @OptionGroup var trials: SearchTrialsOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportFileOptions

    /// `--levels` as shares (99.9 → 0.999), in the order given.
    static func shares(_ text: String) throws -> [Double] {
      let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      var out: [Double] = []
      for part in parts {
        guard let percent = Double(part), percent > 0, percent < 100, percent.isFinite else {
          throw ValidationError(
            "--levels must be percentages above 0 and below 100, separated by commas (such as 99,99.9,99.99); "
              + "found '\(part)' in '\(text)'.")
        }
        let share = Self.share(fromPercent: part) ?? percent / 100
        if out.contains(share) { throw ValidationError("--levels names \(part) twice in '\(text)'.") }
        out.append(share)
      }
      return out
    }

    /// A percentage written in decimal digits as the share with those digits: "99.99" →
    /// 0.9999, the double nearest 0.9999 (99.99 / 100 in floating point is one ulp off it).
    static func share(fromPercent text: String) -> Double? {
      let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
      let digits = { (s: Substring) in s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
      guard let whole = parts.first, parts.allSatisfy(digits) else { return nil }
      let padded = String(repeating: "0", count: Swift.max(0, 2 - whole.count)) + whole
      let fraction = parts.count > 1 ? parts[1] : ""
      return Double("\(padded.dropLast(2).isEmpty ? "0" : padded.dropLast(2)).\(padded.suffix(2))\(fraction)")
    }

    func validate() throws {
      _ = try Self.shares(levels)
      guard confidence > 0 && confidence < 1 else {
        throw ValidationError(
          "--confidence must be a probability strictly between 0 and 1, such as 0.9; found \(confidence).")
      }
    }

    func run() async throws {
      let shares = try Self.shares(levels)
      let search = try SearchRun(scenarioPath: scenario, output: output, trials: trials)
      try report.checkTargets(inputs: (scenario == "-" ? [] : [scenario]) + search.engine.historyFiles, out: output.out)
      guard search.engine.hasResponseGoals else {
        throw CommandFailure.dataError(
          "\(ScenarioFile.displayName(scenario)): no response-time goal to stress: stress reads "
            + "sales.goals.firstTouch and service.goals.firstResponse ({\"withinHours\": …, \"share\": …}), "
            + "and this scenario has neither.")
      }
      let (progress, line) = search.progress(command: "stress")
      let result = await search.engine.stress(
        levels: shares, confidence: confidence, schedule: search.schedule, seed: search.seed,
        threads: search.threads, progress: progress)
      line?.clear()
      let fileReport = StressReport(result: result, includeTiming: false)
      try self.report.write(html: { try fileReport.html() }, notebook: { fileReport.notebook }, quiet: output.quiet)
      try search.deliver(search.format.render(StressReport(result: result)), trials: result.totalTrials)
    }
  }
}
