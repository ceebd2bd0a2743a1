import Foundation
import Testing

@testable import SLASim

/// Extreme-but-valid scenarios, drawn from a fixed seed (issue 6d).
///
/// Every value near a limit, huge and tiny durations, heavy-tailed distributions. Each must load (or be refused with
/// messages) and, when valid and cheap enough, run and render without trapping.
@Suite struct ExtremeScenarioSweepTests {
  /// A scenario's JSON and whether a two-trial run of it is cheap (a few thousand events).
  struct Drawn {
    var json: String
    var isCheap: Bool
  }

  /// Draws extreme values for each field, near its limit most of the time.
  struct Sweep {
    var rng: TestGenerator
    /// Whether values may be drawn above their limit (a quarter of the scenarios).
    var allowsInvalid = false

    /// A number in [0, maximum], near an end or log-uniform; now and then ten times too large.
    mutating func number(_ maximum: Double, positive: Bool = false) -> Double {
      switch rng.below(9) {
      case 0: return positive ? 1e-300 : 0
      case 1: return 1e-300
      case 2: return maximum
      case 3: return maximum * (1 - 1e-12)
      case 4: return allowsInvalid && rng.below(4) == 0 ? maximum * 10 : maximum / 2
      case 5: return .leastNonzeroMagnitude
      default: return Double.pow(10, -6 + rng.unit() * (Double.log10(maximum) + 6))
      }
    }

    func literal(_ x: Double) -> String { x.description }

    /// A value for a field whose limit is `maximum`: fixed, a distribution or a schedule.
    /// - Returns: The JSON and a rough mean (for judging the run's cost).
    mutating func value(_ maximum: Double) -> (String, Double) {
      switch rng.below(11) {
      case 0:
        let x = number(maximum)
        return (literal(x), x)
      case 1:
        let hi = number(maximum)
        return (#"{"uniform": {"min": 0, "max": \#(literal(hi))}}"#, hi / 2)
      case 2:
        let mean = number(maximum)
        return (#"{"normal": {"mean": \#(literal(mean)), "sd": \#(literal(number(maximum)))}}"#, mean + maximum)
      case 3:
        let mean = number(maximum, positive: true)
        return (#"{"lognormal": {"mean": \#(literal(mean)), "sd": \#(literal(number(maximum)))}}"#, mean)
      case 4:
        let sigma = [0.01, 1, 5, 20, 300][rng.below(5)]
        let mu = Double.log(maximum) - sigma * sigma / 2 - rng.unit() * 5
        return (
          #"{"lognormal": {"mu": \#(literal(mu)), "sigma": \#(literal(sigma))}}"#, Double.exp(mu + sigma * sigma / 2)
        )
      case 5:
        let mean = number(maximum, positive: true)
        let sd = number(maximum, positive: true)
        return (#"{"gamma": {"mean": \#(literal(mean)), "sd": \#(literal(sd))}}"#, mean)
      case 6:
        let shape = [1e-10, 1e-3, 1, 1e3, 1e9][rng.below(5)]
        let scale = number(maximum, positive: true) / Swift.max(shape, 1)
        return (#"{"gamma": {"shape": \#(literal(shape)), "scale": \#(literal(scale))}}"#, shape * scale)
      case 7:
        let mean = number(maximum, positive: true)
        return (#"{"exponential": {"mean": \#(literal(mean))}}"#, mean)
      case 8:
        let mean = number(maximum)
        return (#"{"poisson": {"mean": \#(literal(mean))}}"#, mean)
      case 9:
        let a = number(maximum)
        let b = number(maximum)
        return (#"{"empirical": {"values": [\#(literal(a)), \#(literal(b))]}}"#, Swift.max(a, b))
      default:
        let (first, m1) = value(maximum)
        let (second, m2) = value(maximum)
        let ramp = rng.below(2) == 0 ? "step" : "linear"
        return (
          #"{"schedule": [{"from": "2026-07-01", "value": \#(first)}, {"from": "2026-08-15", "value": \#(second)}], "interpolate": "\#(ramp)"}"#,
          Swift.max(m1, m2)
        )
      }
    }

    mutating func scenario() -> Drawn {
      allowsInvalid = rng.below(4) == 0
      let months = [1, 2, 3, 60][rng.below(4)]
      let calendar = [#""24x7""#, #"{"open": "09:00", "close": "09:01"}"#, #"{"workdays": ["sun"]}"#, "{}"][
        rng.below(4)]
      let openHours = [24.0, 1.0 / 60, 8, 8][calendar == #""24x7""# ? 0 : calendar.contains("09:01") ? 1 : 2]
      func hours(_ rng: inout TestGenerator) -> Double {
        Swift.max(1.0 / 60, [1.0 / 60, openHours, openHours / 2][rng.below(3)])
      }
      // Leads are cheap most of the time (a small limit), at the format's limit otherwise.
      let (leads, leadsMean) = value(rng.below(5) == 0 ? ScenarioDecoder.maximumLeadsPerMonth : 500)
      let (valuePerLead, _) = value(ScenarioDecoder.maximumMoney)
      let (dealSize, _) = value(ScenarioDecoder.maximumMoney)
      let (cycleDays, _) = value(ScenarioDecoder.maximumDays)
      let (remainingDays, _) = value(ScenarioDecoder.maximumDays)
      let (otherRevenue, _) = value(ScenarioDecoder.maximumMoney)
      let (tickets, ticketsMean) = value(rng.below(5) == 0 ? ScenarioDecoder.maximumTicketsPerCustomer : 3)
      let (handle, _) = value(ScenarioDecoder.maximumWorkMinutes)
      let customers = [0, 10, 1000, 100_000_000][rng.below(4)]
      let opportunities = [0, 5, 5, 10_000_000][rng.below(4)]
      let reps = [1, 3, 100_000][rng.below(3)]
      let agents = [1, 30, 100_000][rng.below(3)]
      let json = """
        {"name": "sweep", "horizon": {"start": "2026-07-01", "months": \(months)}, "calendar": \(calendar),
         "marketing": {"sources": [{"name": "a", "leadsPerMonth": \(leads), "valuePerLead": \(valuePerLead),
                                     "qualifyRate": \(rng.unit())}],
                       "goals": {"leadsPerMonth": \(literal(number(1e12))), "leadValuePerMonth": \(literal(number(1e12)))}},
         "sales": {"reps": \(reps), "hoursPerDay": \(literal(hours(&rng))),
                   "followUp": {"maxAttempts": \([1, 100][rng.below(2)]),
                                "minutesPerAttempt": \(literal(number(ScenarioDecoder.maximumWorkMinutes))),
                                "retryAfterHours": \(literal(number(ScenarioDecoder.maximumBusinessHours))),
                                "connectRate": \(rng.unit())},
                   "opportunityRate": {"fast": 0.5, "slow": 0.2,
                                       "fastWithinMinutes": \(literal(number(ScenarioDecoder.maximumFastWithinMinutes)))},
                   "closeRate": \(rng.unit()), "dealSize": \(dealSize), "cycleDays": \(cycleDays),
                   "openPipeline": {"opportunities": \(opportunities), "remainingDays": \(remainingDays)},
                   "otherRevenuePerMonth": \(otherRevenue),
                   "goals": {"revenuePerMonth": \(literal(number(1e12))),
                             "firstTouch": {"withinHours": \(literal(number(ScenarioDecoder.maximumBusinessHours, positive: true))), "share": 0.9},
                             "attemptsOnUnconnected": \(literal(number(100)))}},
         "service": {"existingCustomers": \(customers), "agents": \(agents), "hoursPerDay": \(literal(hours(&rng))),
                     "ticketsPerCustomerPerMonth": \(tickets), "handleMinutes": \(handle),
                     "goals": {"firstResponse": {"withinHours": \(literal(number(ScenarioDecoder.maximumBusinessHours, positive: true))), "share": 0.5}}}}
        """
      let horizonLeads = leadsMean * Double(months)
      let ticketCount = ticketsMean * Double(months) * (Double(customers) + horizonLeads)
      let isCheap =
        horizonLeads.isFinite && horizonLeads <= 50_000 && ticketCount.isFinite && ticketCount <= 50_000
        && opportunities <= 5
      return Drawn(json: json, isCheap: isCheap)
    }
  }

  /// 300 scenarios in 10 seeded batches; every valid, cheap one runs two trials and renders.
  @Test(arguments: 0..<10 as Range<UInt64>)
  func extremeButValidScenariosNeverTrap(_ seed: UInt64) async throws {
    var sweep = Sweep(rng: TestGenerator(seed: 0x6D_0000 + seed))
    var valid = 0
    var ran = 0
    for _ in 0..<30 {
      let drawn = sweep.scenario()
      let result = ScenarioLoader.load(drawn.json, file: "sweep.json")
      guard let scenario = result.scenario else {
        // A refusal names a path and ends with a full stop.
        #expect(result.errors.allSatisfy { $0.description.hasPrefix("sweep.json: $") }, "\(result.errors)")
        continue
      }
      valid += 1
      let engine = SimulationEngine(scenario: scenario)
      #expect(engine.estimatedPeakMemoryBytes(threads: 1).isFinite)
      guard drawn.isCheap else { continue }
      let run = await engine.run(trials: 2, seed: seed, threads: 3)
      let report = RunReport(result: run, warnings: result.warnings.map(\.description))
      #expect(!report.table.isEmpty && !report.json.isEmpty && !report.csv.isEmpty)
      #expect(run.threads == 1)
      ran += 1
    }
    #expect(valid > 0 && ran > 0)
  }
}
