import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim solve`: goal seek under uncertainty (docs/solve.md).
  struct Solve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Goal seek: the least staff, hours or leads (or the largest goal) that meets a probability.",
      discussion: """
        Varies one number of the scenario and finds, on common random numbers, the smallest \
        capacity (sales.reps, service.agents, sales.hoursPerDay, service.hoursPerDay, \
        marketing.sources[NAME].leadsPerMonth) or response time (…goals.firstTouch.withinHours) \
        with P(goal) ≥ --target, or the largest goal target (sales.goals.revenuePerMonth, a \
        share) that can be promised with that probability. Brackets from the scenario's value, \
        then bisects: exact on whole numbers, to --tolerance on others. A value whose 95% \
        interval contains the target gets more trials, doubling up to --max-trials.
        """)

    @Argument(
      help: "Scenario file (JSON, format version 1); - reads it from standard input.",
      completion: .file(extensions: ["json"]))
    var scenario: String

    @Option(
      help: ArgumentHelp(
        "The number to vary, as a scenario path: sales.reps, service.agents, marketing.sources[NAME].leadsPerMonth, sales.goals.revenuePerMonth, …",
        valueName: "path"))
    var vary: String

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("The probability to reach, in (0, 1): 0.9 for 90%.", valueName: "p"))
    var target: Double

    @Option(
      help: ArgumentHelp(
        "The probability to hold: PARTY (its whole SLA), PARTY.GOALKEY (one goal) or joint (default: the varied number's party).",
        valueName: "goal"))
    var goal: String?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Bracket width at which a search over a non-integer stops (default: 1% of the scenario's value; 0.001 percentage points for a share).",
        valueName: "x"))
    var tolerance: Double?

    @OptionGroup var trials: SearchTrialsOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var report: ReportFileOptions

    func validate() throws {
      guard target > 0 && target < 1 else {
        throw ValidationError("--target must be a probability strictly between 0 and 1, such as 0.9; found \(target).")
      }
      if let tolerance, !(tolerance > 0 && tolerance.isFinite) {
        throw ValidationError("--tolerance must be a positive number; found \(tolerance).")
      }
    }

    func run() async throws {
      let search = try SearchRun(scenarioPath: scenario, output: output, trials: trials)
      try report.checkTargets(inputs: (scenario == "-" ? [] : [scenario]) + search.engine.historyFiles, out: output.out)
      let variable: ScenarioVariable
      do {
        variable = try ScenarioVariable.named(vary, in: search.scenario)
      } catch {
        throw ValidationError("--vary \(error.description)")
      }
      var selector = GoalSelector.party(variable.party)
      if let goal {
        do {
          selector = try GoalSelector.parse(goal, scenario: search.scenario)
        } catch {
          throw ValidationError(error.description)
        }
      }
      if goal == nil, case .party(let party) = selector,
        (try? GoalSelector.parse(party.rawValue, scenario: search.scenario)) == nil
      {
        throw ValidationError(
          "\(party.rawValue), the party of \(variable.path), has no goals in this scenario; name one with --goal "
            + "(\(GoalSelector.validChoices(in: search.scenario).joined(separator: ", "))).")
      }
      let (progress, line) = search.progress(command: "solve")
      let result = await search.engine.solve(
        variable: variable, goal: selector, target: target, schedule: search.schedule, seed: search.seed,
        threads: search.threads, tolerance: tolerance, progress: progress)
      line?.clear()
      let fileReport = GoalSeekReport(result: result, includeTiming: false)
      try self.report.write(html: { try fileReport.html() }, notebook: { fileReport.notebook }, quiet: output.quiet)
      try search.deliver(search.format.render(GoalSeekReport(result: result)), trials: result.totalTrials)
    }
  }
}
