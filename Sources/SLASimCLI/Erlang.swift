import ArgumentParser
import Foundation
import SLASim

extension SLASimCommand {
  /// `slasim erlang`: the analytic Erlang C (M/M/N) answer for one queue.
  ///
  /// Parses and validates the options, asks ``ErlangC`` for every number and formats the
  /// result as a table or as JSON (field names in `docs/erlang.md`).
  struct Erlang: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Analytic Erlang C (M/M/N): wait probability, service level, speed of answer and required agents.",
      discussion: """
        Assumes Poisson arrivals, exponential handle times, agents working all the time and \
        one first-come-first-served queue without abandonment. With --agents, prints that \
        staffing; without it, a table from the smallest stable staffing to two agents past \
        the one that reaches --goal.
        """
    )

    /// How the result is written.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
      case table, json
    }

    /// The largest offered load accepted: far above any real queue, and it keeps the work
    /// (linear in the agent count) well under a second.
    static let maximumOfferedLoad = 100_000.0
    /// The largest agent count accepted, for the same reason.
    static let maximumAgents = 1_000_000
    /// The most queue states an Erlang A request may need (offered load × (1 + patience ÷
    /// handle time)): each staffing evaluated sums about that many, in well under a second.
    static let maximumErlangAStates = 10_000_000.0

    // Numeric options parse `.unconditional`ly so that a negative value such as `-5` reaches
    // validate() and gets its message, instead of being taken for an option name.
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Mean contacts arriving per hour.", valueName: "x"))
    var arrivalsPerHour: Double

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Mean handle time of a contact, in minutes.", valueName: "x"))
    var handleMinutes: Double

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Agents answering. Omit it for a table of staffing levels.", valueName: "n"))
    var agents: Int?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Answer-time target, in seconds.", valueName: "s"))
    var targetSeconds: Double = 20

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Share of contacts to answer within the target, in (0, 1].", valueName: "share"))
    var goal: Double = 0.8

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Share of paid time agents are not available (breaks, training, absence), 0 to 0.99: the agents to schedule are ⌈N ÷ (1 − S)⌉.",
        valueName: "share"))
    var shrinkage: Double = 0

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Highest occupancy allowed, in (0, 1]: required agents also keep A/N at or below it.", valueName: "share"))
    var maxOccupancy: Double = 1

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Mean patience of a waiting contact, in minutes: Erlang A (M/M/N+M), where contacts that wait longer abandon.",
        valueName: "x"))
    var patienceMinutes: Double?

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
      guard arrivalsPerHour.isFinite, arrivalsPerHour >= 0 else {
        throw ValidationError(
          "--arrivals-per-hour must be a finite number of contacts per hour, 0 or more; found \(arrivalsPerHour)."
        )
      }
      guard handleMinutes.isFinite, handleMinutes > 0 else {
        throw ValidationError(
          "--handle-minutes must be a finite number of minutes greater than 0; found \(handleMinutes)."
        )
      }
      guard handleMinutes <= 1e300 else {
        throw ValidationError(
          "--handle-minutes must be at most 1e300 minutes, so that it converts to seconds; found \(handleMinutes)."
        )
      }
      guard targetSeconds.isFinite, targetSeconds >= 0 else {
        throw ValidationError(
          "--target-seconds must be a finite number of seconds, 0 or more; found \(targetSeconds)."
        )
      }
      guard goal > 0, goal <= 1 else {
        throw ValidationError(
          "--goal must be a share in (0, 1], such as 0.8 for 80%; found \(goal).")
      }
      guard shrinkage >= 0, shrinkage <= 0.99 else {
        throw ValidationError(
          "--shrinkage must be a share from 0 to 0.99, such as 0.3 for 30% of paid time away from the queue; found \(shrinkage).")
      }
      guard maxOccupancy > 0, maxOccupancy <= 1 else {
        throw ValidationError(
          "--max-occupancy must be a share in (0, 1], such as 0.85; found \(maxOccupancy).")
      }
      if let patienceMinutes {
        guard patienceMinutes.isFinite, patienceMinutes > 0, patienceMinutes <= 1e6 else {
          throw ValidationError(
            "--patience-minutes must be a number of minutes above 0 and at most 1000000 (leave it out for no abandonment, Erlang C); found \(patienceMinutes).")
        }
        // Erlang A sums the chain's states; with fewer agents than load they spread over about
        // load × patience ÷ handle time of them.
        let spread = offeredLoad * (1 + patienceMinutes / handleMinutes)
        guard spread <= Self.maximumErlangAStates else {
          throw ValidationError(
            "--patience-minutes \(ErlangReport.plain(patienceMinutes)) with this load needs about \(ErlangReport.plain(spread.rounded())) queue states (offered load × (1 + patience ÷ handle time)); at most \(Int(Self.maximumErlangAStates)) are supported. Shorten the patience or leave it out (Erlang C).")
        }
      }
      if let agents, !(1...Self.maximumAgents).contains(agents) {
        throw ValidationError(
          "--agents must be a whole number from 1 to \(Self.maximumAgents); found \(agents).")
      }
      let load = offeredLoad
      guard load <= Self.maximumOfferedLoad else {
        throw ValidationError(
          "--arrivals-per-hour × --handle-minutes ÷ 60 is an offered load of \(ErlangReport.plain(load)) Erlangs; at most \(Int(Self.maximumOfferedLoad)) Erlangs are supported."
        )
      }
    }

    func run() throws {
      try Output.writeToStandardOutput(try render())
    }

    /// The output text, table or JSON, ending with a newline.
    func render() throws -> String {
      let report = try makeReport()
      switch format {
      case .table: return report.table()
      case .json: return try report.json()
      }
    }

    var offeredLoad: Double {
      ErlangC.offeredLoad(arrivalsPerHour: arrivalsPerHour, handleMinutes: handleMinutes)
    }

    /// Every number of the result, from ``ErlangC``, or ``ErlangA`` with a patience.
    func makeReport() throws -> ErlangReport {
      let load = offeredLoad
      let handleSeconds = handleMinutes * 60
      if let patienceMinutes { return try erlangAReport(patienceSeconds: patienceMinutes * 60) }
      guard
        let required = ErlangC.requiredAgents(
          offeredLoad: load, handleTime: handleSeconds, target: targetSeconds,
          serviceLevelGoal: goal, maximumOccupancy: maxOccupancy)
      else {
        throw CommandFailure.internalError(
          "erlang: no staffing found for a validated request (load \(load), goal \(goal)); please report this."
        )
      }
      let counts: ClosedRange<Int>
      if let agents {
        counts = agents...agents
      } else {
        // From the smallest stable staffing (the smallest N > A, which is what a goal of 0
        // asks for) to two past the goal.
        let smallestStable =
          ErlangC.requiredAgents(
            offeredLoad: load, handleTime: handleSeconds, target: targetSeconds,
            serviceLevelGoal: 0) ?? required
        counts = smallestStable...(required + 2)
      }
      let rows = counts.map { n in
        let stable = Double(n) > load
        return ErlangReport.Row(
          agents: n,
          stable: stable,
          occupancy: ErlangC.occupancy(agents: n, offeredLoad: load),
          waitProbability: ErlangC.waitProbability(agents: n, offeredLoad: load),
          serviceLevel: ErlangC.serviceLevel(
            agents: n, offeredLoad: load, handleTime: handleSeconds, target: targetSeconds),
          waitExceedsTargetProbability: ErlangC.waitExceedsTargetProbability(
            agents: n, offeredLoad: load, handleTime: handleSeconds, target: targetSeconds),
          scheduledAgents: ErlangC.scheduledAgents(n, shrinkage: shrinkage),
          averageSpeedOfAnswerSeconds: stable
            ? ErlangC.averageSpeedOfAnswer(
              agents: n, offeredLoad: load, handleTime: handleSeconds)
            : nil,
          meetsGoal: n >= required, abandonProbability: 0)
      }
      return ErlangReport(
        arrivalsPerHour: arrivalsPerHour, handleMinutes: handleMinutes, patienceMinutes: nil,
        targetSeconds: targetSeconds, goal: goal, shrinkage: shrinkage, maxOccupancy: maxOccupancy,
        offeredLoadErlangs: load, requiredAgents: required,
        scheduledAgents: ErlangC.scheduledAgents(required, shrinkage: shrinkage), staffing: rows)
    }

    /// The Erlang A report: every staffing is stable (impatient contacts leave), the service
    /// level counts abandoned contacts as missed, occupancy is the answered load per agent.
    func erlangAReport(patienceSeconds: Double) throws -> ErlangReport {
      let load = offeredLoad
      let handleSeconds = handleMinutes * 60
      func evaluate(_ n: Int) -> ErlangA.Result {
        ErlangA.evaluate(
          agents: n, offeredLoad: load, handleTime: handleSeconds, patience: patienceSeconds, target: targetSeconds)
      }
      // The goal's agents, then also the occupancy cap on the answered load.
      guard
        var required = ErlangA.requiredAgents(
          offeredLoad: load, handleTime: handleSeconds, patience: patienceSeconds, target: targetSeconds,
          serviceLevelGoal: goal, maximumAgents: Self.maximumAgents)
      else {
        throw CommandFailure.dataError(
          "erlang: no staffing up to \(Self.maximumAgents) agents reaches the goal; lower --goal or check the inputs.")
      }
      while required < Self.maximumAgents,
        load * (1 - evaluate(required).abandonProbability) / Double(required) > maxOccupancy
      {
        required += 1
      }
      let counts: ClosedRange<Int>
      if let agents {
        counts = agents...agents
      } else {
        counts = Swift.max(1, required - 4)...(required + 2)
      }
      let rows = counts.map { n in
        let r = evaluate(n)
        return ErlangReport.Row(
          agents: n, stable: true, occupancy: load * (1 - r.abandonProbability) / Double(n),
          waitProbability: r.waitProbability, serviceLevel: r.serviceLevel,
          waitExceedsTargetProbability: 1 - r.serviceLevel,
          scheduledAgents: ErlangC.scheduledAgents(n, shrinkage: shrinkage),
          averageSpeedOfAnswerSeconds: r.averageWait, meetsGoal: n >= required, abandonProbability: r.abandonProbability)
      }
      return ErlangReport(
        arrivalsPerHour: arrivalsPerHour, handleMinutes: handleMinutes, patienceMinutes: patienceMinutes,
        targetSeconds: targetSeconds, goal: goal, shrinkage: shrinkage, maxOccupancy: maxOccupancy,
        offeredLoadErlangs: load, requiredAgents: required,
        scheduledAgents: ErlangC.scheduledAgents(required, shrinkage: shrinkage), staffing: rows)
    }
  }
}
