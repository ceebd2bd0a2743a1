import ArgumentParser
import Foundation
import SLASim
import Testing

@testable import SLASimCLI

/// Issue 6d–e at the command line: extreme values end in exit 0 or 65, never a trap; work
/// that would not fit is refused with a figure; input files are read with a size limit.
@Suite(.serialized) struct LimitsCommandTests {
  /// A small valid scenario, with JSON fragments spliced into its lead volume, sales and service.
  static func scenario(
    leads: String = "100", sales: String = "", service: String = "", months: Int = 2, sources: Int = 1
  ) -> String {
    let list = (0..<sources).map { #"{"name": "s\#($0)", "leadsPerMonth": \#(leads)}"# }.joined(separator: ", ")
    return """
      {"name": "limits", "horizon": {"start": "2026-07-01", "months": \(months)},
       "marketing": {"sources": [\(list)]},
       "sales": {"reps": 2, "hoursPerDay": 4,
                 "followUp": {"maxAttempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3},
                 "closeRate": 0.2, "dealSize": 1000, "cycleDays": 30\(sales)}\(service)}
      """
  }

  static let extremeButValid: [String] = [
    scenario(sales: #", "goals": {"firstTouch": {"withinHours": 8784, "share": 0.5}, "revenuePerMonth": 1e12}"#),
    scenario(sales: #", "opportunityRate": {"fast": 1, "slow": 0, "fastWithinMinutes": 527040}"#),
    scenario(leads: #"{"lognormal": {"mu": -50, "sigma": 9}}"#),
    scenario(leads: "5e-324"),
    scenario(
      sales: #", "openPipeline": {"opportunities": 3, "remainingDays": {"gamma": {"shape": 1e-3, "scale": 10000}}}"#),
    scenario(
      service:
        #", "service": {"existingCustomers": 5, "agents": 1, "hoursPerDay": 0.016666666666666666, "ticketsPerCustomerPerMonth": 2, "handleMinutes": 10080}"#
    ),
    scenario(leads: #"{"normal": {"mean": 100, "sd": 5e-324}}"#),
  ]

  static let refused: [String] = [
    scenario(sales: #", "goals": {"firstTouch": {"withinHours": 1e20, "share": 0.5}}"#),
    scenario(leads: #"{"lognormal": {"mu": 700, "sigma": 1}}"#),
    scenario(leads: "1e9"),
    scenario(leads: #"{"poisson": {"mean": 1e18}}"#),
    scenario(sales: #", "otherRevenuePerMonth": {"gamma": {"shape": 2, "scale": 1e308}}"#),
    // Valid, but a run would need far more memory than any machine has.
    scenario(leads: "5000000", months: 60, sources: 40),
  ]

  /// Runs `json` for two trials; returns the exit code and the message, if any.
  func run(_ json: String, _ name: String, threads: String = "2") async throws -> (Int32, String) {
    let path = temporaryPath(name)
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    let error = await runCommand([
      "run", path, "--trials", "2", "--seed", "1", "--threads", threads, "--format", "json", "--out",
      temporaryPath(name + ".out"), "--quiet",
    ])
    guard let error else { return (0, "") }
    return (SLASimCommand.slasimExitCode(for: error).rawValue, SLASimCommand.slasimMessage(for: error))
  }

  @Test func extremeButValidScenariosRun() async throws {
    for (i, json) in Self.extremeButValid.enumerated() {
      let (code, message) = try await run(json, "extreme-\(i).json")
      #expect(code == 0, "\(message)")
    }
  }

  @Test func valuesBeyondTheLimitsAndHugeWorkAreRefusedWithExit65() async throws {
    for (i, json) in Self.refused.enumerated() {
      let (code, message) = try await run(json, "refused-\(i).json")
      #expect(code == 65, "\(json)")
      #expect(message.contains("refused-\(i).json"), "\(message)")
    }
  }

  @Test func threadsAreCappedAtTheNumberOfBlocks() async throws {
    #expect(SimulationEngine.threadsUsed(requested: 100_000_000, trials: 600) == 3)
    #expect(SimulationEngine.threadsUsed(requested: 4, trials: 1) == 1)
    #expect(SimulationEngine.threadsUsed(requested: 2, trials: 1_000_000) == 2)
    #expect(try await run(Self.scenario(), "threads.json", threads: "100000000").0 == 0)
  }

  @Test func workThatWouldNotFitIsRefusedWithTheFigure() throws {
    let loaded = ScenarioLoader.load(Self.scenario(leads: "5000000", months: 12), file: "big.json")
    let scenario = try #require(loaded.scenario)
    let engine = SimulationEngine(scenario: scenario)
    let error = #expect(throws: CommandFailure.self) {
      try MemoryCheck.refuseIfTooLarge(engine, threads: 2, file: "big.json", physicalMemory: 8_000_000_000)
    }
    #expect(
      error?.message
        == "big.json: the expected 5,000,000 leads a month need about 12 GB of trial memory on 2 threads; this "
        + "machine has 8.0 GB. Lower the volumes or the horizon, or run with fewer --threads.")
    #expect(error?.exitCode == .init(65))
    // The same run fits a machine with enough memory.
    #expect(throws: Never.self) {
      try MemoryCheck.refuseIfTooLarge(engine, threads: 2, file: "big.json", physicalMemory: 1 << 40)
    }
  }

  @Test func anEndlessInputFileStopsAtTheSizeLimit() async throws {
    let error = await runCommand(["validate", "/dev/zero"])
    #expect(error.map { SLASimCommand.slasimExitCode(for: $0).rawValue } == 65)
    #expect(
      ScenarioLoader.readFile("/dev/zero")
        == .failure(ScenarioFileError("is larger than 64 MiB, the largest file slasim reads", isTooLarge: true)))
  }
}
