import ArgumentParser
import Foundation
import Testing

@testable import SLASimCLI
import SLASim

/// The arguments of DOMAIN.md's example: 200 contacts an hour, 3-minute handling.
private let example = ["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3"]

private func parseErlang(_ arguments: [String]) throws -> SLASimCommand.Erlang {
  let command = try SLASimCommand.parseAsRoot(arguments)
  guard let erlang = command as? SLASimCommand.Erlang else {
    throw CommandFailure.internalError("parsed \(type(of: command)), not Erlang")
  }
  return erlang
}

private func relativeError(_ a: Double, _ b: Double) -> Double {
  b == 0 ? abs(a) : abs(a - b) / abs(b)
}

@Suite struct ErlangCommandTests {
  @Test func parsesOptionsAndDefaults() throws {
    let command = try parseErlang(example)
    #expect(command.arrivalsPerHour == 200)
    #expect(command.handleMinutes == 3)
    #expect(command.agents == nil)
    #expect(command.targetSeconds == 20)
    #expect(command.goal == 0.8)
    #expect(command.format == .table)

    let full = try parseErlang(
      example + ["--agents", "14", "--target-seconds", "30", "--goal", "0.9", "--format", "json"])
    #expect(full.agents == 14)
    #expect(full.targetSeconds == 30)
    #expect(full.goal == 0.9)
    #expect(full.format == .json)
  }

  /// Each invalid value and the exact message it gets; all are usage errors (exit 64).
  static let invalid: [(arguments: [String], message: String)] = [
    (
      ["erlang", "--arrivals-per-hour", "-5", "--handle-minutes", "3"],
      "--arrivals-per-hour must be a finite number of contacts per hour, 0 or more; found -5.0."
    ),
    (
      ["erlang", "--arrivals-per-hour", "nan", "--handle-minutes", "3"],
      "--arrivals-per-hour must be a finite number of contacts per hour, 0 or more; found nan."
    ),
    (
      ["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "0"],
      "--handle-minutes must be a finite number of minutes greater than 0; found 0.0."
    ),
    (
      ["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "inf"],
      "--handle-minutes must be a finite number of minutes greater than 0; found inf."
    ),
    (
      ["erlang", "--arrivals-per-hour", "0", "--handle-minutes", "1e308"],
      "--handle-minutes must be at most 1e300 minutes, so that it converts to seconds; found 1e+308."
    ),
    (
      example + ["--target-seconds", "-1"],
      "--target-seconds must be a finite number of seconds, 0 or more; found -1.0."
    ),
    (
      example + ["--goal", "80"],
      "--goal must be a share in (0, 1], such as 0.8 for 80%; found 80.0."
    ),
    (
      example + ["--goal", "0"], "--goal must be a share in (0, 1], such as 0.8 for 80%; found 0.0."
    ),
    (example + ["--agents", "0"], "--agents must be a whole number from 1 to 1000000; found 0."),
    (
      example + ["--shrinkage", "1"],
      "--shrinkage must be a share from 0 to 0.99, such as 0.3 for 30% of paid time away from the queue; found 1.0."
    ),
    (example + ["--shrinkage", "-0.1"], "--shrinkage must be a share from 0 to 0.99, such as 0.3 for 30% of paid time away from the queue; found -0.1."),
    (
      example + ["--shrinkage", "0.9999999999999999"],
      "--shrinkage must be a share from 0 to 0.99, such as 0.3 for 30% of paid time away from the queue; found 0.9999999999999999."
    ),
    (example + ["--max-occupancy", "0"], "--max-occupancy must be a share in (0, 1], such as 0.85; found 0.0."),
    (example + ["--max-occupancy", "1.2"], "--max-occupancy must be a share in (0, 1], such as 0.85; found 1.2."),
    (
      ["erlang", "--arrivals-per-hour", "6000000", "--handle-minutes", "1", "--patience-minutes", "1000"],
      "--patience-minutes 1000 with this load needs about 100100000 queue states (offered load × (1 + patience ÷ handle time)); at most 10000000 are supported. Shorten the patience or leave it out (Erlang C)."
    ),
    (
      example + ["--patience-minutes", "0"],
      "--patience-minutes must be a number of minutes above 0 and at most 1000000 (leave it out for no abandonment, Erlang C); found 0.0."
    ),
    (
      ["erlang", "--arrivals-per-hour", "1e9", "--handle-minutes", "3"],
      "--arrivals-per-hour × --handle-minutes ÷ 60 is an offered load of 50000000 Erlangs; at most 100000 Erlangs are supported."
    ),
    (
      example + ["--format", "csv"],
      "The value 'csv' is invalid for '--format <format>'. Please provide one of 'table' and 'json'."
    ),
  ]

  @Test(arguments: invalid.indices)
  func invalidValueIsAUsageErrorWithItsMessage(index: Int) {
    let (arguments, message) = Self.invalid[index]
    do {
      _ = try SLASimCommand.parseAsRoot(arguments)
      Issue.record("\(arguments) was accepted")
    } catch {
      #expect(SLASimCommand.slasimMessage(for: error) == message)
      #expect(SLASimCommand.slasimExitCode(for: error).rawValue == 64)
    }
  }

  @Test func tableForGivenAgentsShowsTheDomainFigures() throws {
    let output = try parseErlang(example + ["--agents", "14"]).render()
    #expect(
      output == """
        Erlang C (M/M/N): 200 contacts/hour, 3-minute handling, goal 80% within 20 s
        offered load                  10 Erlangs
        agents                        14
        occupancy                     71.4%
        P(wait > 0)                   17.4%
        answered within 20 s          88.8%
        P(wait > 20 s)                11.2%
        average speed of answer       7.8 s
        required agents for the goal  14

        """)
  }

  /// Shrinkage and an occupancy cap (issue 8, item 4): 70% caps 14 agents' 71.4%, so 15 are
  /// required, and at 30% shrinkage ⌈15 ÷ 0.7⌉ = 22 are scheduled; each row shows its own.
  @Test func shrinkageAndAnOccupancyCap() throws {
    let command = try parseErlang(example + ["--shrinkage", "0.3", "--max-occupancy", "0.7"])
    let report = try command.makeReport()
    #expect(report.requiredAgents == 15 && report.scheduledAgents == 22)
    #expect(report.staffing.map(\.agents) == Array(11...17))
    #expect(report.staffing.map(\.scheduledAgents) == [16, 18, 19, 20, 22, 23, 25])
    #expect(report.staffing.map(\.meetsGoal) == [false, false, false, false, true, true, true])
    let output = try command.render()
    #expect(
      output.contains(
        "offered load 10 Erlangs; required agents for the goal: 15 (occupancy ≤ 70.0%)\n"
          + "agents to schedule at 30.0% shrinkage: 22\n"
      ))
    #expect(output.contains("agents  scheduled  occupancy  P(wait)  within 20 s  ASA (s)  goal\n"))
    #expect(output.contains("    14         20      71.4%    17.4%        88.8%      7.8\n"))
    #expect(output.split(separator: "\n").allSatisfy { $0.count <= 80 })
    let one = try parseErlang(example + ["--agents", "14", "--shrinkage", "0.3"]).render()
    #expect(one.contains("to schedule at 30.0% shrinkage  20 for these 14, 20 for the goal\n"))
  }

  /// `--patience-minutes` gives Erlang A: the figures of ErlangATests' reference chain for 14
  /// agents and two-minute patience, every staffing stable, fewer agents required than Erlang C.
  @Test func patienceGivesErlangA() throws {
    let command = try parseErlang(example + ["--patience-minutes", "2"])
    let report = try command.makeReport()
    #expect(report.patienceMinutes == 2)
    #expect(report.requiredAgents == 12)
    #expect(report.staffing.allSatisfy { $0.stable })
    #expect(report.staffing.first?.agents == 8)  // below the 10 Erlangs: stable with abandonment
    let row = try #require(report.staffing.first { $0.agents == 14 })
    #expect(relativeError(row.serviceLevel, 0.93272958069805966678) <= 1e-9)
    #expect(relativeError(row.abandonProbability, 0.022839286531818770869) <= 1e-9)
    #expect(relativeError(row.averageSpeedOfAnswerSeconds ?? .nan, 2.7407143838182525043) <= 1e-9)
    let table = try command.render()
    #expect(table.hasPrefix("Erlang A (M/M/N+M): 200 contacts/hour, 3-minute handling, 2-minute patience\n"))
    #expect(table.contains("agents  occupancy  P(wait)  within 20 s  abandoned  wait (s)  goal\n"))
    #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
    // Erlang C rows say no contact abandons.
    let erlangC = try parseErlang(example).makeReport()
    #expect(erlangC.staffing.allSatisfy { $0.abandonProbability == 0 } && erlangC.patienceMinutes == nil)
  }

  /// Far tails keep their digits in P(wait > target) (JSON and table).
  @Test func theTailOfTheWaitIsComputedDirectly() throws {
    let output = try parseErlang(example + ["--agents", "32", "--format", "json"]).render()
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let row = (object?["staffing"] as? [[String: Any]])?.first
    let tail = row?["waitExceedsTargetProbability"] as? Double ?? .nan
    #expect(relativeError(tail, 2.177719789264949e-09) <= 1e-13)
    #expect(try parseErlang(example + ["--agents", "32"]).render().contains("P(wait > 20 s)                2.18e-09\n"))
  }

  @Test func tableWithoutAgentsRunsFromTheSmallestStableStaffingToTwoPastTheGoal() throws {
    let report = try parseErlang(example).makeReport()
    #expect(report.staffing.map(\.agents) == Array(11...16))
    #expect(report.staffing.map(\.meetsGoal) == [false, false, false, true, true, true])
    let output = try parseErlang(example).render()
    #expect(output.contains("    13      76.9%    28.5%        79.6%     17.1\n"))
    #expect(output.contains("    14      71.4%    17.4%        88.8%      7.8  met\n"))
  }

  @Test func jsonHasCamelCaseFieldsAndTheErlangCValues() throws {
    let output = try parseErlang(example + ["--agents", "14", "--format", "json"]).render()
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    #expect(
      Set(object?.keys ?? [:].keys)
        == [
          "arrivalsPerHour", "handleMinutes", "targetSeconds", "goal", "shrinkage", "maxOccupancy",
          "offeredLoadErlangs", "requiredAgents", "scheduledAgents", "staffing",
        ])
    #expect(object?["offeredLoadErlangs"] as? Double == 10)
    #expect(object?["requiredAgents"] as? Int == 14)
    let row = (object?["staffing"] as? [[String: Any]])?.first
    #expect(
      Set(row?.keys ?? [:].keys)
        == [
          "agents", "stable", "occupancy", "waitProbability", "serviceLevel", "waitExceedsTargetProbability",
          "scheduledAgents", "averageSpeedOfAnswerSeconds", "meetsGoal", "abandonProbability",
        ])
    // Reference values from Tests/SLASimTests/Fixtures/erlang_c_reference.py (N = 14);
    // 1e-12 relative as in ErlangCTests (JSON prints the shortest round-tripping digits).
    let level = row?["serviceLevel"] as? Double ?? .nan
    #expect(relativeError(level, 0.8883500191794668842482187) <= 1e-12)
    let asa = row?["averageSpeedOfAnswerSeconds"] as? Double ?? .nan
    #expect(relativeError(asa, 7.835937011777242919011814) <= 1e-12)
    #expect(row?["meetsGoal"] as? Bool == true)
  }

  @Test func unstableStaffingHasANullSpeedOfAnswer() throws {
    let output = try parseErlang(example + ["--agents", "9", "--format", "json"]).render()
    #expect(output.contains(#""averageSpeedOfAnswerSeconds" : null"#))
    #expect(output.contains(#""stable" : false"#))
    let table = try parseErlang(example + ["--agents", "9"]).render()
    #expect(table.contains("average speed of answer       unbounded (agents ≤ offered load)\n"))
  }

  @Test func percentagesNeverRoundAMissedGoalOrTheNinesAway() {
    #expect(ErlangReport.percent(0.888350019) == "88.8%")
    // 99.986% rounds to the goal's "99.99%" at two decimals: one more is needed.
    #expect(ErlangReport.percent(0.99986, missing: 0.9999) == "99.986%")
    #expect(ErlangReport.percent(0.99986) == "99.99%")
    // 99.9990% would still read as the goal 99.9990%: five decimals.
    #expect(ErlangReport.percent(0.9999898, missing: 0.99999) == "99.99898%")
    #expect(ErlangReport.percent(0.99993, missing: 0.9999) == "99.99%")  // met: no extra digits
    #expect(ErlangReport.percent(0.99991) == "99.99%")
    #expect(ErlangReport.percent(1 - 1e-12) == "> 99.9999%")
    #expect(ErlangReport.percent(1e-12) == "< 0.0001%")
    #expect(ErlangReport.percent(1) == "100.0%")
    #expect(ErlangReport.percent(0) == "0.0%")
  }
}
