// The trial kernel on the shipped q3 scenario, on a queue-free funnel and on a busy
// service desk. Each iteration is one trial with a persistent scratch, so mallocs and
// retains per iteration are the kernel's own (the target is zero).
//
// Run: swift package --package-path Benchmarks benchmark
// (or `make bench` from the repository root).

import Benchmark
import Foundation
import SLASim

/// Loads a scenario shipped in `scenarios/`, relative to this file.
func shippedScenario(_ name: String) -> Scenario {
  let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  let path = root.appendingPathComponent("scenarios/\(name)").path
  guard let data = FileManager.default.contents(atPath: path) else {
    preconditionFailure("benchmark scenario \(path) is missing")
  }
  let loaded = ScenarioLoader.load([UInt8](data), file: path)
  guard let scenario = loaded.scenario else {
    preconditionFailure("benchmark scenario \(path) is invalid: \(loaded.errors)")
  }
  return scenario
}

/// A funnel with no queueing: 24x7, zero-minute attempts, instant close.
func queueFreeFunnel() -> Scenario {
  guard let start = CivilDate(iso: "2026-01-01") else { preconditionFailure("bad date") }
  return Scenario(
    name: "queue-free funnel", horizon: Horizon(start: start, months: 3), calendar: .alwaysOpen,
    marketing: Marketing(sources: [
      LeadSource(
        name: "a", leadsPerMonth: .distribution(.gamma(shape: 25, scale: 8)), valuePerLead: .fixed(100),
        qualifyRate: .fixed(0.5)),
      LeadSource(
        name: "b", leadsPerMonth: .fixed(100), valuePerLead: .fixed(400),
        qualifyRate: .distribution(.beta(alpha: 8, beta: 12))),
    ]),
    sales: Sales(
      reps: 1, hoursPerDay: 24,
      followUp: FollowUp(maxAttempts: 3, minutesPerAttempt: 0, retryAfterHours: 4, connectRate: .fixed(0.4)),
      closeRate: .fixed(0.3), dealSize: .distribution(.lognormal(mu: 8, sigma: 0.4)), cycleDays: .fixed(0),
      goals: SalesGoals(revenuePerMonth: .fixed(100_000))))
}

/// A busy 24x7 service desk (DOMAIN.md's Erlang C example, one 30-day month): the queue
/// dominates, so it measures queue events per second.
func busyServiceDesk() -> Scenario {
  guard let start = CivilDate(iso: "2026-06-01") else { preconditionFailure("bad date") }
  return Scenario(
    name: "busy desk", horizon: Horizon(start: start, months: 1), calendar: .alwaysOpen,
    marketing: Marketing(sources: [LeadSource(name: "none", leadsPerMonth: .fixed(0))]),
    sales: Sales(
      reps: 1, hoursPerDay: 24,
      followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 1, retryAfterHours: 1, connectRate: .fixed(1)),
      closeRate: .fixed(0), dealSize: .fixed(0), cycleDays: .fixed(0)),
    service: Service(
      existingCustomers: 1000, agents: 14, hoursPerDay: 24, ticketsPerCustomerPerMonth: .fixed(144),
      handleMinutes: .distribution(.exponential(mean: 3)),
      goals: ServiceGoals(firstResponse: ShareGoal(withinHours: 20.0 / 3600, share: .fixed(0.8)))))
}

// ARC counters (.retainCount, .releaseCount) crash under Swift 6.3 on Linux without the runtime
// interposer (ordo-one/benchmark#349), which is not available here; instructions and mallocs
// are measured instead.
let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .instructions]

let benchmarks: @Sendable () -> Void = {
  // Control: the same measurement loop around nothing, so the harness's own mallocs per
  // iteration can be subtracted from the kernel's.
  Benchmark(
    "control: empty loop", configuration: .init(metrics: metrics, maxDuration: .seconds(2), maxIterations: 100_000)
  ) { benchmark in
    benchmark.startMeasurement()
    var events = 0
    for i in benchmark.scaledIterations { events &+= i }
    benchmark.stopMeasurement()
    blackHole(events)
  }

  let scenarios: [(String, Scenario)] = [
    ("q3 trial", shippedScenario("q3.json")),
    ("queue-free funnel trial", queueFreeFunnel()),
    ("busy service desk trial (144k tickets)", busyServiceDesk()),
  ]
  for (name, scenario) in scenarios {
    Benchmark(name, configuration: .init(metrics: metrics, maxDuration: .seconds(5), maxIterations: 100_000)) {
      benchmark in
      var runner = _TrialRunner(scenario: scenario, seed: 1)
      // Warm-up: let the scratch buffers reach their working size before measuring.
      for _ in 0..<20 { blackHole(runner.runAndScoreTrial()) }
      benchmark.startMeasurement()
      var events = 0
      for _ in benchmark.scaledIterations {
        events &+= runner.runAndScoreTrial()
      }
      benchmark.stopMeasurement()
      blackHole(events)
    }
  }
}
