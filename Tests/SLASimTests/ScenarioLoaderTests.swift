import RealModule
import Testing

@testable import SLASim

/// The example scenario of DESIGN.md §2, verbatim.
let designExample = """
  {
    "$schema": "../docs/scenario.schema.json",
    "name": "Q3 2026 marketing / sales / service SLA",
    "horizon": { "start": "2026-07-01", "months": 3 },
    "calendar": { "workdays": ["mon","tue","wed","thu","fri"], "open": "09:00", "close": "17:00",
                  "holidays": ["2026-09-07"] },
    "simulation": { "trials": 20000, "seed": 20260701 },
    "marketing": {
      "sources": [
        { "name": "referral", "leadsPerMonth": 10, "valuePerLead": 5000,
          "qualifyRate": { "beta": { "mean": 0.8, "sd": 0.05 } } },
        { "name": "content", "leadsPerMonth": { "gamma": { "mean": 200, "sd": 30 } },
          "valuePerLead": 1000, "qualifyRate": 0.4 }
      ],
      "businessHoursShare": 0.7,
      "goals": { "leadsPerMonth": 200, "sqlsPerMonth": 100, "leadValuePerMonth": 240000 }
    },
    "sales": {
      "reps": 6, "hoursPerDay": 5,
      "followUp": { "maxAttempts": 6, "minutesPerAttempt": 8, "retryAfterHours": 4,
                    "connectRate": { "beta": { "mean": 0.3, "sd": 0.05 } } },
      "opportunityRate": { "fast": 0.35, "slow": 0.05, "fastWithinMinutes": 60 },
      "closeRate": { "schedule": [ { "from": "2026-07-01", "value": 0.25 },
                                   { "from": "2026-09-30", "value": 0.35 } ] },
      "dealSize": { "lognormal": { "mean": 4000, "sd": 1500 } },
      "cycleDays": { "gamma": { "mean": 45, "sd": 12 } },
      "openPipeline": { "opportunities": 140, "remainingDays": { "uniform": { "min": 0, "max": 60 } } },
      "otherRevenuePerMonth": { "normal": { "mean": 300000, "sd": 50000 } },
      "goals": { "revenuePerMonth": 450000,
                 "firstTouch": { "withinHours": 1, "share": 0.999 },
                 "attemptsOnUnconnected": 6 }
    },
    "service": {
      "existingCustomers": 500, "agents": 4, "hoursPerDay": 8,
      "ticketsPerCustomerPerMonth": 1.5,
      "handleMinutes": { "lognormal": { "mean": 20, "sd": 10 } },
      "monthlyChurn": { "beta": { "mean": 0.02, "sd": 0.005 } },
      "goals": { "firstResponse": { "withinHours": 4, "share": 0.99 }, "retention": 0.95 }
    },
    "escalation": { "afterMonthsMissed": [1, 2, 3], "cancelAfterMonthsMissed": 3 }
  }
  """

/// The smallest valid scenario: two parties, two sources, every optional key left out.
let minimalScenario = """
  {
    "name": "minimal",
    "horizon": { "start": "2026-07-01", "months": 3 },
    "marketing": { "sources": [ { "name": "web", "leadsPerMonth": 100 }, { "name": "events", "leadsPerMonth": 20 } ] },
    "sales": {
      "reps": 2, "hoursPerDay": 4,
      "followUp": { "maxAttempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3 },
      "closeRate": 0.2, "dealSize": 1000, "cycleDays": 10
    }
  }
  """

/// A service section that is valid on its own.
let serviceSection = """
  { "existingCustomers": 100, "agents": 2, "hoursPerDay": 6, "ticketsPerCustomerPerMonth": 1, "handleMinutes": 15 }
  """

/// `minimalScenario` with each `(path, json)` edit applied: the JSON text replaces (or, when
/// `nil`, removes) the value at a path such as `sales.followUp.maxAttempts` or
/// `marketing.sources[1].leadsPerMonth`.
///
/// Missing objects on the way are created.
func edited(_ edits: [(String, String?)], base: String = minimalScenario) -> String {
  enum Step {
    case key(String)
    case index(Int)
  }
  func steps(_ path: String) -> [Step] {
    var result: [Step] = []
    for part in path.split(separator: ".") {
      var name = Substring(part)
      var indices: [Int] = []
      while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
        indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? 0, at: 0)
        name = name[..<open]
      }
      if !name.isEmpty { result.append(.key(String(name))) }
      result += indices.map(Step.index)
    }
    return result
  }
  func set(_ value: JSONValue, _ path: ArraySlice<Step>, _ new: JSONValue?) -> JSONValue {
    guard let step = path.first else { return new ?? value }
    let rest = path.dropFirst()
    switch (step, value) {
    case (.key(let key), .object(var members)):
      if let i = members.firstIndex(where: { $0.key == key }) {
        if rest.isEmpty, new == nil {
          members.remove(at: i)
        } else {
          members[i].value = set(members[i].value, rest, new)
        }
      } else if let new {
        members.append(JSONMember(key, set(.object([]), rest, new)))
      }
      return .object(members)
    case (.index(let i), .array(var elements)):
      if rest.isEmpty, new == nil {
        elements.remove(at: i)
      } else if i == elements.count, let new {
        elements.append(set(.object([]), rest, new))
      } else {
        elements[i] = set(elements[i], rest, new)
      }
      return .array(elements)
    default:
      return value
    }
  }
  guard var value = try? JSONParser.parse(Array(base.utf8)) else { return base }
  for (path, json) in edits {
    let new = json.flatMap { try? JSONParser.parse(Array($0.utf8)) }
    value = set(value, steps(path)[...], new)
  }
  return value.prettyPrinted
}

func load(_ text: String) -> ScenarioLoadResult { ScenarioLoader.load(text, file: "q3.json") }

/// The messages of every error in `text`.
func errorMessages(_ text: String) -> [String] { load(text).errors.map(\.description) }

/// Whether `a` and `b` agree to a relative tolerance; the conversions below are a few
/// floating-point operations each, so 1e-12 leaves ample room above rounding (~1e-15).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
  a.isApproximatelyEqual(to: b, relativeTolerance: tolerance)
}

@Suite struct ScenarioLoaderTests {
  // MARK: The design example

  @Test func designExampleLoadsIntoTheExpectedModel() throws {
    let result = load(designExample)
    #expect(result.errors == [])
    let s = try #require(result.scenario)
    #expect(s.name == "Q3 2026 marketing / sales / service SLA")
    #expect(s.horizon == Horizon(start: try #require(CivilDate(iso: "2026-07-01")), months: 3))
    #expect(
      s.calendar
        == .weekly(
          workdays: [.monday, .tuesday, .wednesday, .thursday, .friday], openMinute: 540, closeMinute: 1020,
          holidays: [try #require(CivilDate(iso: "2026-09-07"))]))
    #expect(s.simulation == SimulationSettings(trials: 20_000, seed: 20_260_701))

    let referral = s.marketing.sources[0]
    #expect(referral.name == "referral")
    #expect(referral.leadsPerMonth == .fixed(10))
    #expect(referral.valuePerLead == .fixed(5000))
    let content = s.marketing.sources[1]
    #expect(content.qualifyRate == .fixed(0.4))
    #expect(s.marketing.businessHoursShare == 0.7)
    #expect(
      s.marketing.goals
        == MarketingGoals(leadsPerMonth: .fixed(200), sqlsPerMonth: .fixed(100), leadValuePerMonth: .fixed(240_000)))

    #expect(s.sales.reps == 6)
    #expect(s.sales.hoursPerDay == 5)
    #expect(s.sales.followUp.maxAttempts == 6)
    #expect(s.sales.followUp.minutesPerAttempt == 8)
    #expect(s.sales.followUp.retryAfterHours == 4)
    #expect(s.sales.opportunityRate == OpportunityRate(fast: .fixed(0.35), slow: .fixed(0.05), fastWithinMinutes: 60))
    let july1 = try #require(CivilDate(iso: "2026-07-01"))
    let sept30 = try #require(CivilDate(iso: "2026-09-30"))
    #expect(
      s.sales.closeRate
        == .schedule(
          Schedule(points: [
            SchedulePoint(from: july1, value: .fixed(0.25)), SchedulePoint(from: sept30, value: .fixed(0.35)),
          ])))
    #expect(
      s.sales.openPipeline == OpenPipeline(opportunities: 140, remainingDays: .distribution(.uniform(min: 0, max: 60))))
    #expect(s.sales.otherRevenuePerMonth == .distribution(.normal(mean: 300_000, sd: 50_000)))
    #expect(s.sales.goals.revenuePerMonth == .fixed(450_000))
    #expect(s.sales.goals.firstTouch == ShareGoal(withinHours: 1, share: .fixed(0.999)))
    #expect(s.sales.goals.attemptsOnUnconnected == 6)

    let service = try #require(s.service)
    #expect(service.existingCustomers == 500)
    #expect(service.agents == 4)
    #expect(service.hoursPerDay == 8)
    #expect(service.ticketsPerCustomerPerMonth == .fixed(1.5))
    #expect(service.goals.firstResponse == ShareGoal(withinHours: 4, share: .fixed(0.99)))
    #expect(service.goals.retention == .fixed(0.95))
    #expect(s.escalation == Escalation(afterMonthsMissed: [1, 2, 3], cancelAfterMonthsMissed: 3))
  }

  @Test func betaMeanAndSDConvertToAlphaAndBeta() throws {
    let s = try #require(load(designExample).scenario)
    // k = mean(1 − mean)/sd² − 1; alpha = mean·k, beta = (1 − mean)·k.
    // qualifyRate 0.8 ± 0.05: k = 0.16/0.0025 − 1 = 63, alpha = 50.4, beta = 12.6.
    guard case .distribution(.beta(let a1, let b1)) = s.marketing.sources[0].qualifyRate else {
      Issue.record("qualifyRate is not a beta: \(s.marketing.sources[0].qualifyRate)")
      return
    }
    #expect(isClose(a1, 50.4) && isClose(b1, 12.6))
    // connectRate 0.3 ± 0.05: k = 0.21/0.0025 − 1 = 83, alpha = 24.9, beta = 58.1.
    guard case .distribution(.beta(let a2, let b2)) = s.sales.followUp.connectRate else {
      Issue.record("connectRate is not a beta")
      return
    }
    #expect(isClose(a2, 24.9) && isClose(b2, 58.1))
    // monthlyChurn 0.02 ± 0.005: k = 0.0196/0.000025 − 1 = 783, alpha = 15.66, beta = 767.34.
    guard case .distribution(.beta(let a3, let b3)) = s.service?.monthlyChurn else {
      Issue.record("monthlyChurn is not a beta")
      return
    }
    #expect(isClose(a3, 15.66) && isClose(b3, 767.34))
    // The beta's own moments give the mean and sd back.
    let mean = a1 / (a1 + b1)
    let variance = a1 * b1 / ((a1 + b1) * (a1 + b1) * (a1 + b1 + 1))
    #expect(isClose(mean, 0.8) && isClose(variance.squareRoot(), 0.05))
  }

  @Test func gammaMeanAndSDConvertToShapeAndScale() throws {
    let s = try #require(load(designExample).scenario)
    // shape = (mean/sd)², scale = sd²/mean: 200 ± 30 → 44.44…, 4.5; 45 ± 12 → 14.0625, 3.2.
    guard case .distribution(.gamma(let shape1, let scale1)) = s.marketing.sources[1].leadsPerMonth,
      case .distribution(.gamma(let shape2, let scale2)) = s.sales.cycleDays
    else {
      Issue.record("not gammas")
      return
    }
    #expect(isClose(shape1, 400.0 / 9) && isClose(scale1, 4.5))
    #expect(isClose(shape2, 14.0625) && isClose(scale2, 3.2))
    #expect(isClose(shape1 * scale1, 200) && isClose((shape1 * scale1 * scale1).squareRoot(), 30))
  }

  @Test func lognormalMeanAndSDConvertToMuAndSigma() throws {
    let s = try #require(load(designExample).scenario)
    guard case .distribution(.lognormal(let mu, let sigma)) = s.sales.dealSize else {
      Issue.record("dealSize is not a lognormal")
      return
    }
    // sigma² = log(1 + sd²/mean²) = log(1.140625); mu = log(4000) − sigma²/2.
    let sigma2 = Double.log(1.140625)
    #expect(isClose(sigma * sigma, sigma2))
    #expect(isClose(mu, Double.log(4000) - sigma2 / 2))
    // Moments of exp(N(mu, sigma²)): mean exp(mu + sigma²/2), sd mean·sqrt(exp(sigma²) − 1).
    let mean = Double.exp(mu + sigma * sigma / 2)
    #expect(isClose(mean, 4000))
    #expect(isClose(mean * (Double.exp(sigma * sigma) - 1).squareRoot(), 1500))
  }

  @Test func designExampleWarnsThatOneLateLeadMissesTheFirstTouchGoal() {
    // SQLs per month: 10 × 0.8 + 200 × 0.4 = 88, so ~264 in three months; 0.1% of 264 is 0.26.
    #expect(
      load(designExample).warnings.map(\.warningDescription) == [
        "q3.json: warning: $.sales.goals.firstTouch.share: 99.9% of ~264 leads in the horizon allows 0.26 late leads: one late lead misses the goal."
      ])
  }

  // MARK: Defaults and alternatives

  @Test func optionalSectionsTakeTheirDocumentedDefaults() throws {
    let result = load(minimalScenario)
    #expect(result.errors == [])
    #expect(result.warnings == [])
    let s = try #require(result.scenario)
    #expect(s.calendar == .standard)
    #expect(s.simulation == SimulationSettings(trials: nil, seed: nil))
    #expect(s.marketing.businessHoursShare == nil)
    #expect(s.marketing.goals == MarketingGoals())
    #expect(s.marketing.sources[0].valuePerLead == .fixed(0))
    #expect(s.marketing.sources[0].qualifyRate == .fixed(1))
    #expect(s.sales.opportunityRate == OpportunityRate(.fixed(1)))
    #expect(s.sales.otherRevenuePerMonth == .fixed(0))
    #expect(s.sales.openPipeline == nil)
    #expect(s.sales.goals == SalesGoals())
    #expect(s.escalation == Escalation(afterMonthsMissed: [1, 2, 3], cancelAfterMonthsMissed: 3))
    #expect(s.service == nil)
  }

  @Test func serviceDefaultsToNoChurnAndNoGoals() throws {
    let s = try #require(load(edited([("service", serviceSection)])).scenario)
    let service = try #require(s.service)
    #expect(service.monthlyChurn == .fixed(0))
    #expect(service.goals == ServiceGoals())
  }

  @Test func twoPartyScenarioHasNoService() throws {
    let s = try #require(load(minimalScenario).scenario)
    #expect(s.service == nil)
    #expect(s.marketing.sources.map(\.name) == ["web", "events"])
  }

  @Test func calendarKeysDefaultOneByOne() throws {
    let s = try #require(load(edited([("calendar", #"{"holidays": ["2026-12-25"], "close": "18:30"}"#)])).scenario)
    #expect(
      s.calendar
        == .weekly(
          workdays: [.monday, .tuesday, .wednesday, .thursday, .friday], openMinute: 540, closeMinute: 1110,
          holidays: [try #require(CivilDate(iso: "2026-12-25"))]))
  }

  @Test func alwaysOpenCalendarAllowsTwentyFourHoursADay() throws {
    let text = edited([("calendar", #""24x7""#), ("sales.hoursPerDay", "24")])
    let s = try #require(load(text).scenario)
    #expect(s.calendar == .alwaysOpen)
    #expect(s.sales.hoursPerDay == 24)
    #expect(
      errorMessages(edited([("calendar", #""24x7""#), ("sales.hoursPerDay", "25")])) == [
        "q3.json: $.sales.hoursPerDay: must be a fixed number of hours per business day from 0.016667 (one minute) to 24 (the calendar is 24x7); found 25."
      ])
  }

  @Test func opportunityRateMayBeOneRateForEveryLead() throws {
    let fixed = try #require(load(edited([("sales.opportunityRate", "0.3")])).scenario)
    #expect(fixed.sales.opportunityRate == OpportunityRate(.fixed(0.3)))
    let uncertain = try #require(
      load(edited([("sales.opportunityRate", #"{"beta": {"alpha": 3, "beta": 7}}"#)])).scenario)
    #expect(uncertain.sales.opportunityRate.fast == .distribution(.beta(alpha: 3, beta: 7)))
    #expect(uncertain.sales.opportunityRate.slow == .distribution(.beta(alpha: 3, beta: 7)))
  }

  @Test func acceptsEveryDistributionAndParameterisation() throws {
    let cases: [(String, Distribution)] = [
      (#"{"uniform": {"min": 1, "max": 3}}"#, .uniform(min: 1, max: 3)),
      (#"{"triangular": {"min": 1, "mode": 2, "max": 4}}"#, .triangular(min: 1, mode: 2, max: 4)),
      (#"{"pert": {"min": 1, "mode": 2, "max": 4}}"#, .pert(min: 1, mode: 2, max: 4)),
      (#"{"normal": {"mean": 10, "sd": 2}}"#, .normal(mean: 10, sd: 2)),
      (#"{"lognormal": {"mu": 1, "sigma": 0.5}}"#, .lognormal(mu: 1, sigma: 0.5)),
      (#"{"gamma": {"shape": 2, "scale": 3}}"#, .gamma(shape: 2, scale: 3)),
      (#"{"beta": {"alpha": 2, "beta": 3}}"#, .beta(alpha: 2, beta: 3)),
      (#"{"exponential": {"mean": 5}}"#, .exponential(mean: 5)),
      (#"{"poisson": {"mean": 5}}"#, .poisson(mean: 5)),
      (#"{"empirical": {"values": [1, 2, 2, 8]}}"#, .empirical(values: [1, 2, 2, 8])),
      // Point masses are stored as fixed values.
      (#"{"uniform": {"min": 4, "max": 4}}"#, .fixed(4)),
      (#"{"triangular": {"min": 4, "mode": 4, "max": 4}}"#, .fixed(4)),
      (#"{"normal": {"mean": 7, "sd": 0}}"#, .fixed(7)),
      (#"{"lognormal": {"mean": 7, "sd": 0}}"#, .fixed(7)),
      (#"{"poisson": {"mean": 0}}"#, .fixed(0)),
      (#"{"empirical": {"values": [3, 3]}}"#, .fixed(3)),
    ]
    for (json, expected) in cases {
      let result = load(edited([("sales.dealSize", json)]))
      #expect(result.errors == [], "\(json)")
      #expect(result.scenario?.sales.dealSize == .distribution(expected), "\(json)")
    }
  }

  @Test func schedulesTakeDistributionsAndLinearInterpolation() throws {
    let text = edited([
      (
        "sales.closeRate",
        #"{"schedule": [{"from": "2026-06-01", "value": {"beta": {"alpha": 2, "beta": 8}}}, {"from": "2026-08-15", "value": 0.4}], "interpolate": "linear"}"#
      ),
      (
        "sales.goals.revenuePerMonth",
        #"{"schedule": [{"from": "2026-07-01", "value": 1000}, {"from": "2026-09-01", "value": 2000}]}"#
      ),
    ])
    let s = try #require(load(text).scenario)
    let june1 = try #require(CivilDate(iso: "2026-06-01"))
    let aug15 = try #require(CivilDate(iso: "2026-08-15"))
    #expect(
      s.sales.closeRate
        == .schedule(
          Schedule(
            points: [
              SchedulePoint(from: june1, value: .beta(alpha: 2, beta: 8)),
              SchedulePoint(from: aug15, value: .fixed(0.4)),
            ],
            interpolation: .linear)))
    guard case .schedule(let goal) = s.sales.goals.revenuePerMonth else {
      Issue.record("revenue goal is not a schedule")
      return
    }
    #expect(goal.points.map(\.value) == [.fixed(1000), .fixed(2000)])
    #expect(goal.interpolation == .step)
  }

  @Test func fixedZeroIsValidWhereItMakesSense() throws {
    let text = edited([
      ("sales.cycleDays", "0"), ("marketing.sources[0].qualifyRate", "0"), ("service", serviceSection),
      ("service.monthlyChurn", "0"), ("sales.followUp.minutesPerAttempt", "0"), ("sales.followUp.retryAfterHours", "0"),
    ])
    let result = load(text)
    #expect(result.errors == [])
  }

  @Test func seedIsReadExactlyFromItsLiteral() throws {
    let s = try #require(load(edited([("simulation", #"{"seed": 18446744073709551615}"#)])).scenario)
    #expect(s.simulation.seed == UInt64.max)
    let t = try #require(load(edited([("simulation", #"{"seed": 9007199254740993, "trials": 1e3}"#)])).scenario)
    #expect(t.simulation.seed == 9_007_199_254_740_993)
    #expect(t.simulation.trials == 1000)
    #expect(
      errorMessages(edited([("simulation", #"{"seed": 18446744073709551616}"#)])) == [
        "q3.json: $.simulation.seed: must be a whole number from 0 to 18446744073709551615 (2^64 − 1); found 18446744073709551616."
      ])
    // An exponent is exact up to 2^53; above it 1e17 would be some other seed (issue 7, item 7).
    #expect(try #require(load(edited([("simulation", #"{"seed": 2e15}"#)])).scenario).simulation.seed == 2_000_000_000_000_000)
    #expect(
      errorMessages(edited([("simulation", #"{"seed": 1e17}"#)])) == [
        "q3.json: $.simulation.seed: must be a whole number from 0 to 18446744073709551615 (2^64 − 1); above 2^53 "
          + "(9007199254740992) write its digits, not an exponent or a fraction; found 1e17."
      ])
  }

  @Test func acceptsAByteOrderMark() {
    let result = ScenarioLoader.load([0xEF, 0xBB, 0xBF] + Array(minimalScenario.utf8), file: "q3.json")
    #expect(result.errors == [])
    #expect(result.scenario != nil)
  }

  // MARK: Exact error messages

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var edits: [(String, String?)]
    var message: String
    var testDescription: String { message }
    init(_ path: String, _ json: String?, _ message: String) {
      self.edits = [(path, json)]
      self.message = message
    }
  }

  static let errorCases: [ErrorCase] = [
    ErrorCase(
      "sales.followUp.maxAtempts", "6",
      "q3.json: $.sales.followUp: unknown key 'maxAtempts'. Did you mean 'maxAttempts'?"),
    ErrorCase(
      "marketing.sources[1].qualifyRat", "0.5",
      "q3.json: $.marketing.sources[1]: unknown key 'qualifyRat'. Did you mean 'qualifyRate'?"),
    ErrorCase(
      "sales.colour", "1",
      "q3.json: $.sales: unknown key 'colour'; expected one of 'reps', 'hoursPerDay', 'workWindows', 'hires', 'followUp', 'opportunityRate', 'closeRate', 'dealSize', 'cycleDays', 'openPipeline', 'otherRevenuePerMonth' or 'goals'."
    ),
    ErrorCase(
      "horizon.months", #""3""#, "q3.json: $.horizon.months: must be a whole number of months from 1 to 60; found '3'."),
    ErrorCase(
      "horizon.months", "61", "q3.json: $.horizon.months: must be a whole number of months from 1 to 60; found 61."),
    ErrorCase(
      "sales.reps", "true", "q3.json: $.sales.reps: must be a whole number of reps from 1 to 100,000; found true."),
    ErrorCase(
      "sales.reps", "2.5", "q3.json: $.sales.reps: must be a whole number of reps from 1 to 100,000; found 2.5."),
    ErrorCase(
      "marketing.sources[1].leadsPerMonth", "-3",
      "q3.json: $.marketing.sources[1].leadsPerMonth: must be a non-negative number of leads per month; found -3."),
    ErrorCase(
      "marketing.sources[1].leadsPerMonth", #""ten""#,
      "q3.json: $.marketing.sources[1].leadsPerMonth: must be a non-negative number of leads per month, a distribution or a schedule; found 'ten'."
    ),
    ErrorCase(
      "marketing.sources[0].leadsPerMonth", "1e400",
      "q3.json: $.marketing.sources[0].leadsPerMonth: must be a non-negative number of leads per month; found 1e400 (too large for a 64-bit floating-point number)."
    ),
    ErrorCase(
      "calendar", #"{"workdays": ["mon", "tue", "funday"]}"#,
      "q3.json: $.calendar.workdays[2]: expected one of 'mon' … 'sun'; found 'funday'."),
    ErrorCase(
      "calendar", #"{"workdays": ["mon", "tue", "mon"]}"#, "q3.json: $.calendar.workdays[2]: duplicate workday 'mon'."),
    ErrorCase(
      "calendar", #"{"workdays": []}"#,
      "q3.json: $.calendar.workdays: must list at least one workday; found an empty array."),
    ErrorCase(
      "calendar", #"{"holidays": ["2026-02-30"]}"#,
      "q3.json: $.calendar.holidays[0]: must be a real date (2026-02 has 28 days); found '2026-02-30'."),
    ErrorCase(
      "calendar", #"{"holidays": ["2026-13-01"]}"#,
      "q3.json: $.calendar.holidays[0]: must be a real date (months run from 01 to 12); found '2026-13-01'."),
    ErrorCase(
      "calendar", #"{"holidays": ["25/12/2026"]}"#,
      "q3.json: $.calendar.holidays[0]: must be a date written YYYY-MM-DD; found '25/12/2026'."),
    ErrorCase(
      "calendar", #"{"open": "9:00"}"#,
      "q3.json: $.calendar.open: must be a time written HH:MM, from 00:00 to 23:59; found '9:00'."),
    ErrorCase(
      "calendar", #"{"open": "10:00", "close": "10:00"}"#,
      "q3.json: $.calendar.close: must be later than open (10:00); found '10:00'."),
    ErrorCase(
      "calendar", #"{"open": "18:00"}"#,
      "q3.json: $.calendar.open: must be earlier than close (17:00, the default); found '18:00'."),
    ErrorCase(
      "calendar", #""24/7""#,
      "q3.json: $.calendar: expected '24x7' or an object {workdays, open, close, holidays}; found '24/7'."),
    ErrorCase(
      "horizon.start", #""2026-07-15""#,
      "q3.json: $.horizon.start: must be the first day of a month; found '2026-07-15'."),
    ErrorCase(
      "marketing.sources[0].qualifyRate", #"{"beta": {"mean": 0.8, "sd": 0.45}}"#,
      "q3.json: $.marketing.sources[0].qualifyRate.beta.sd: a beta distribution with mean 0.8 needs 0 < sd² < mean × (1 − mean) = 0.16, so 0 < sd < 0.4; found 0.45."
    ),
    ErrorCase(
      "marketing.sources[0].qualifyRate", #"{"beta": {"mean": 0.8, "sd": 0}}"#,
      "q3.json: $.marketing.sources[0].qualifyRate.beta.sd: a beta distribution with mean 0.8 needs 0 < sd² < mean × (1 − mean) = 0.16, so 0 < sd < 0.4; found 0."
    ),
    ErrorCase(
      "marketing.sources[0].qualifyRate", #"{"beta": {"mean": 1.2, "sd": 0.1}}"#,
      "q3.json: $.marketing.sources[0].qualifyRate.beta.mean: must be between 0 and 1, both excluded, for a beta distribution; found 1.2."
    ),
    ErrorCase(
      "sales.closeRate", #"{"normal": {"mean": 0.3, "sd": 0.05}}"#,
      #"q3.json: $.sales.closeRate: a rate must stay between 0 and 1, which a normal distribution does not guarantee; use {"beta": {"mean": 0.3, "sd": 0.05}} instead."#
    ),
    ErrorCase(
      "sales.closeRate", #"{"gamma": {"shape": 2, "scale": 0.1}}"#,
      "q3.json: $.sales.closeRate: a rate must stay between 0 and 1, which a gamma distribution does not guarantee; use beta {mean, sd} instead."
    ),
    ErrorCase("sales.closeRate", "1.2", "q3.json: $.sales.closeRate: must be a rate between 0 and 1; found 1.2."),
    ErrorCase(
      "sales.followUp.connectRate", #"{"uniform": {"min": 0.2, "max": 1.5}}"#,
      "q3.json: $.sales.followUp.connectRate.uniform.max: must be a rate between 0 and 1; found 1.5."),
    ErrorCase(
      "sales.followUp.connectRate", #"{"empirical": {"values": [0.2, -0.1]}}"#,
      "q3.json: $.sales.followUp.connectRate.empirical.values[1]: must be a rate between 0 and 1; found -0.1."),
    ErrorCase("sales.cycleDays", nil, "q3.json: $.sales: missing required key 'cycleDays'."),
    ErrorCase("horizon", nil, "q3.json: $: missing required key 'horizon'."),
    ErrorCase(
      "marketing.goals.leadsPerMonth", #"{"gamma": {"mean": 200, "sd": 30}}"#,
      "q3.json: $.marketing.goals.leadsPerMonth: a goal must be a fixed number or a schedule of fixed numbers; found a gamma distribution."
    ),
    ErrorCase(
      "sales.goals.revenuePerMonth",
      #"{"schedule": [{"from": "2026-07-01", "value": {"normal": {"mean": 5, "sd": 1}}}]}"#,
      "q3.json: $.sales.goals.revenuePerMonth.schedule[0].value: a goal must be a fixed number or a schedule of fixed numbers; found a normal distribution."
    ),
    ErrorCase(
      "sales.closeRate",
      #"{"schedule": [{"from": "2026-07-01", "value": 0.25}, {"from": "2026-07-01", "value": 0.3}]}"#,
      "q3.json: $.sales.closeRate.schedule[1].from: must come after the previous point's date, 2026-07-01; found '2026-07-01'."
    ),
    ErrorCase(
      "sales.closeRate", #"{"schedule": [{"from": "2026-07-01", "value": 0.25}], "interpolate": "cubic"}"#,
      "q3.json: $.sales.closeRate.interpolate: expected 'step' or 'linear'; found 'cubic'."),
    ErrorCase(
      "sales.closeRate", #"{"schedule": []}"#,
      #"q3.json: $.sales.closeRate.schedule: must list at least one point {"from": "YYYY-MM-DD", "value": …}; found an empty array."#
    ),
    ErrorCase(
      "sales.dealSize", #"{"gama": {"mean": 200, "sd": 30}}"#,
      "q3.json: $.sales.dealSize: unknown distribution 'gama'. Did you mean 'gamma'?"),
    ErrorCase(
      "sales.dealSize", #"{"mean": 200, "sd": 30}"#,
      #"q3.json: $.sales.dealSize: a distribution is an object with one key, its kind, such as {"gamma": {"mean": 200, "sd": 30}}; found an object with keys 'mean' and 'sd'."#
    ),
    ErrorCase(
      "sales.dealSize", #"{"lognormal": {"mean": 200, "sigma": 0.3}}"#,
      "q3.json: $.sales.dealSize.lognormal: mixes two parameterisations; expected either {mean, sd} or {mu, sigma}; found {mean, sigma}."
    ),
    ErrorCase(
      "sales.dealSize", #"{"lognormal": {"mean": 200, "sdd": 3}}"#,
      "q3.json: $.sales.dealSize.lognormal: unknown key 'sdd'. Did you mean 'sd'?"),
    ErrorCase(
      "sales.dealSize", #"{"lognormal": {"mean": 200}}"#,
      "q3.json: $.sales.dealSize.lognormal: missing required key 'sd'."),
    ErrorCase(
      "sales.dealSize", #"{"lognormal": {"mean": 0, "sd": 3}}"#,
      "q3.json: $.sales.dealSize.lognormal.mean: must be positive for a lognormal distribution; found 0."),
    ErrorCase(
      "sales.dealSize", #"{"gamma": {"mean": 10, "sd": 0}}"#,
      "q3.json: $.sales.dealSize.gamma.sd: must be positive for a gamma distribution (for a fixed value, write the number itself); found 0."
    ),
    ErrorCase(
      "sales.dealSize", #"{"normal": {"mean": 10, "sd": -1}}"#,
      "q3.json: $.sales.dealSize.normal.sd: must be a non-negative standard deviation; found -1."),
    ErrorCase(
      "sales.dealSize", #"{"uniform": {"min": 10, "max": 5}}"#,
      "q3.json: $.sales.dealSize.uniform.max: must not be less than min (10); found 5."),
    ErrorCase(
      "sales.dealSize", #"{"uniform": {"min": -10, "max": 5}}"#,
      "q3.json: $.sales.dealSize.uniform.min: must be a non-negative deal size (currency units); found -10."),
    ErrorCase(
      "sales.dealSize", #"{"triangular": {"min": 1, "mode": 7, "max": 5}}"#,
      "q3.json: $.sales.dealSize.triangular.mode: must lie between min (1) and max (5); found 7."),
    ErrorCase(
      "sales.dealSize", #"{"exponential": {"mean": "5"}}"#,
      "q3.json: $.sales.dealSize.exponential.mean: must be a number; found '5'."),
    ErrorCase(
      "sales.hoursPerDay", "9",
      "q3.json: $.sales.hoursPerDay: must be a fixed number of hours per business day from 0.016667 (one minute) to 8 (the calendar is open 09:00–17:00, the default); found 9."
    ),
    ErrorCase(
      "sales.followUp.minutesPerAttempt", #"{"uniform": {"min": 5, "max": 10}}"#,
      "q3.json: $.sales.followUp.minutesPerAttempt: must be a fixed number of minutes per attempt from 0 to 10,080 (a week); found a uniform distribution."
    ),
    ErrorCase(
      "marketing.sources[1].name", #""web""#,
      "q3.json: $.marketing.sources[1].name: source names must be unique; sources[0] is also named 'web'."),
    ErrorCase(
      "marketing.sources", "[]",
      "q3.json: $.marketing.sources: must list at least one lead source; found an empty array."),
    ErrorCase(
      "escalation", #"{"afterMonthsMissed": [1, 3, 3]}"#,
      "q3.json: $.escalation.afterMonthsMissed[2]: must be greater than the rung before it (3); found 3."),
    ErrorCase(
      "escalation", #"{"afterMonthsMissed": [0]}"#,
      "q3.json: $.escalation.afterMonthsMissed[0]: must be a whole number of months from 1 to 60; found 0."),
    ErrorCase(
      "service",
      #"{"existingCustomers": 100, "agents": 2, "hoursPerDay": 6, "ticketsPerCustomerPerMonth": 1, "handleMinutes": 15, "goals": {"retention": {"beta": {"mean": 0.9, "sd": 0.01}}}}"#,
      "q3.json: $.service.goals.retention: a goal must be a fixed number or a schedule of fixed numbers; found a beta distribution."
    ),
    ErrorCase(
      "service",
      #"{"existingCustomers": 100, "agents": 2, "hoursPerDay": 6, "ticketsPerCustomerPerMonth": 1, "handleMinutes": 15, "goals": {"retention": {"schedule": [{"from": "2026-07-01", "value": 1.5}]}}}"#,
      "q3.json: $.service.goals.retention.schedule[0].value: must be a share between 0 and 1; found 1.5."
    ),
    ErrorCase(
      "sales.goals.firstTouch", #"{"withinHours": 0, "share": 0.9}"#,
      "q3.json: $.sales.goals.firstTouch.withinHours: must be a fixed positive number of business hours, at most 8,784 (a year); found 0."
    ),
    ErrorCase(
      "marketing.businessHoursShare", #"{"beta": {"mean": 0.7, "sd": 0.1}}"#,
      "q3.json: $.marketing.businessHoursShare: must be a fixed share between 0 and 1; found a beta distribution."),
    ErrorCase("name", #""""#, "q3.json: $.name: must be a non-empty string; found ''."),
    ErrorCase(
      "sales.openPipeline", #"{"opportunities": -1, "remainingDays": 10}"#,
      "q3.json: $.sales.openPipeline.opportunities: must be a whole number of opportunities from 0 to 10,000,000; found -1."
    ),
    // Issue 6d: upper limits, one per family.
    ErrorCase(
      "sales.followUp.minutesPerAttempt", "1e15",
      "q3.json: $.sales.followUp.minutesPerAttempt: must be a fixed number of minutes per attempt from 0 to 10,080 (a week); found 1e15."
    ),
    ErrorCase(
      "sales.followUp.retryAfterHours", "1e300",
      "q3.json: $.sales.followUp.retryAfterHours: must be a fixed number of business hours from 0 to 8,784 (a year); found 1e300."
    ),
    ErrorCase(
      "sales.hoursPerDay", "1e-300",
      "q3.json: $.sales.hoursPerDay: must be a fixed number of hours per business day from 0.016667 (one minute) to 8 (the calendar is open 09:00–17:00, the default); found 1e-300."
    ),
    ErrorCase(
      "sales.goals.firstTouch", #"{"withinHours": 1e20, "share": 0.9}"#,
      "q3.json: $.sales.goals.firstTouch.withinHours: must be a fixed positive number of business hours, at most 8,784 (a year); found 1e20."
    ),
    ErrorCase(
      "marketing.sources[0].leadsPerMonth", "1e9",
      "q3.json: $.marketing.sources[0].leadsPerMonth: must be at most 5,000,000, the largest number of leads per month; found 1e9."
    ),
    ErrorCase(
      "marketing.sources[0].leadsPerMonth", #"{"lognormal": {"mu": 700, "sigma": 1}}"#,
      "q3.json: $.marketing.sources[0].leadsPerMonth.lognormal.mu: a lognormal with mu 700 and sigma 1 has mean exp(mu + sigma²/2) = 1.6721859620674984e+304, above 5,000,000, the largest number of leads per month."
    ),
    ErrorCase(
      "marketing.sources[0].leadsPerMonth", #"{"poisson": {"mean": 1e18}}"#,
      "q3.json: $.marketing.sources[0].leadsPerMonth.poisson.mean: must be at most 5,000,000, the largest number of leads per month; found 1e18."
    ),
    ErrorCase(
      "sales.dealSize", #"{"gamma": {"shape": 2, "scale": 1e308}}"#,
      "q3.json: $.sales.dealSize.gamma.scale: must be at most 1,000,000,000,000, the largest deal size (currency units); found 1e308."
    ),
    ErrorCase(
      "sales.dealSize", #"{"gamma": {"shape": 1e20, "scale": 1}}"#,
      "q3.json: $.sales.dealSize: a gamma with shape 1e20 and scale 1 has mean shape × scale = 1e+20, above 1,000,000,000,000, the largest deal size (currency units)."
    ),
    ErrorCase(
      "marketing.sources[0].valuePerLead", #"{"normal": {"mean": 10, "sd": 1e308}}"#,
      "q3.json: $.marketing.sources[0].valuePerLead.normal.sd: must be at most 1,000,000,000,000, the largest value per lead (currency units); found 1e308."
    ),
    ErrorCase(
      "sales.cycleDays", #"{"uniform": {"min": 0, "max": 1e6}}"#,
      "q3.json: $.sales.cycleDays.uniform.max: must be at most 10,000, the largest number of calendar days; found 1e6."
    ),
    ErrorCase(
      "sales.goals.revenuePerMonth", "1e13",
      "q3.json: $.sales.goals.revenuePerMonth: must be at most 1,000,000,000,000, the largest revenue per month (currency units); found 1e13."
    ),
    ErrorCase(
      "sales.goals.attemptsOnUnconnected", "101",
      "q3.json: $.sales.goals.attemptsOnUnconnected: must be a fixed number of attempts from 0 to 100; found 101."
    ),
  ]

  @Test(arguments: errorCases) func reportsTheExactMessage(_ c: ErrorCase) {
    #expect(errorMessages(edited(c.edits)) == [c.message])
  }

  /// Many holidays (issue 6e): duplicates are found by a set, lookups by binary search; this
  /// checks the answers, not the time.
  @Test func manyHolidaysKeepTheirOrderAndDuplicatesAreReported() throws {
    let days = (0..<5000).map { CivilDate(daysSinceEpoch: 10_000 + $0) }
    let list = days.map { "\"\($0)\"" }
    let repeated = "[" + (list + [list[2500]]).joined(separator: ", ") + "]"
    #expect(
      errorMessages(edited([("calendar", #"{"holidays": \#(repeated)}"#)]))
        == ["q3.json: $.calendar.holidays[5000]: duplicate holiday \(days[2500])."])
    let result = load(edited([("calendar", #"{"holidays": [\#(list.reversed().joined(separator: ", "))]}"#)]))
    let scenario = try #require(result.scenario)
    guard case .weekly(_, _, _, let holidays) = scenario.calendar else {
      Issue.record("expected a weekly calendar")
      return
    }
    #expect(holidays == days.reversed())
    let calendar = BusinessCalendar(scenario.calendar)
    for day in days where day.weekday != .saturday && day.weekday != .sunday {
      #expect(!calendar.isBusinessDay(day))
    }
    let after = CivilDate(daysSinceEpoch: 15_000)
    #expect(calendar.isBusinessDay(after) == (after.weekday != .saturday && after.weekday != .sunday))
  }

  @Test func reportsAShareGoalAboveOneAfterItsOtherProblem() {
    #expect(
      errorMessages(edited([("sales.goals.firstTouch", #"{"withinHours": 0, "share": 1.5}"#)])) == [
        "q3.json: $.sales.goals.firstTouch.withinHours: must be a fixed positive number of business hours, at most 8,784 (a year); found 0.",
        "q3.json: $.sales.goals.firstTouch.share: must be a share between 0 and 1; found 1.5.",
      ])
  }

  @Test func reportsADuplicateKeyWithBothPositions() {
    let text = """
      {
        "name": "dup",
        "name": "again",
        "horizon": { "start": "2026-07-01", "months": 3 }
      }
      """
    #expect(
      errorMessages(text) == [
        "q3.json: $: missing required key 'marketing'.",
        "q3.json: $: missing required key 'sales'.",
        "q3.json: $: duplicate key 'name' at line 3, column 3; it is already at line 2, column 3.",
      ])
  }

  @Test func reportsASyntaxErrorWithLineAndColumn() {
    let text = """
      {
        "name": "q3",
        "horizon": { "start": "2026-07-01", "months": 3 ]
      }
      """
    let result = load(text)
    #expect(result.scenario == nil)
    #expect(
      result.errors.map(\.description) == ["q3.json:3:51: expected ',' or '}' after an object member; found ']'."])
    #expect(result.errors.first?.line == 3)
    #expect(result.errors.first?.column == 51)
  }

  @Test func reportsAnEmptyFile() {
    #expect(errorMessages("") == ["q3.json: the file is empty; expected a JSON object with the scenario."])
    #expect(errorMessages(" \n\t") == ["q3.json: the file is empty; expected a JSON object with the scenario."])
  }

  @Test func reportsAWrongTopLevelType() {
    #expect(errorMessages("[1, 2]") == ["q3.json: $: the scenario must be a JSON object; found an array."])
    #expect(errorMessages("\"q3\"") == ["q3.json: $: the scenario must be a JSON object; found 'q3'."])
  }

  // MARK: Many errors at once

  @Test func reportsEveryProblemInDocumentOrder() {
    // The calendar comes after sales in the file, and is checked first; messages still follow the file.
    let text = """
      {
        "name": "broken",
        "horizon": { "start": "2026-07-15", "months": 3 },
        "marketing": {
          "sources": [
            { "name": "web", "leadsPerMonth": 100 },
            { "name": "events", "leadsPerMonth": -3, "qualifyRate": 1.2 }
          ]
        },
        "sales": {
          "reps": 0, "hoursPerDay": 4,
          "followUp": { "maxAtempts": 3, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.3 },
          "closeRate": { "normal": { "mean": 0.2, "sd": 0.1 } }, "dealSize": 1000
        },
        "calendar": { "workdays": ["mon", "tue", "funday"] },
        "extra": true
      }
      """
    #expect(
      errorMessages(text) == [
        "q3.json: $.horizon.start: must be the first day of a month; found '2026-07-15'.",
        "q3.json: $.marketing.sources[1].leadsPerMonth: must be a non-negative number of leads per month; found -3.",
        "q3.json: $.marketing.sources[1].qualifyRate: must be a rate between 0 and 1; found 1.2.",
        "q3.json: $.sales: missing required key 'cycleDays'.",
        "q3.json: $.sales.reps: must be a whole number of reps from 1 to 100,000; found 0.",
        "q3.json: $.sales.followUp: unknown key 'maxAtempts'. Did you mean 'maxAttempts'?",
        #"q3.json: $.sales.closeRate: a rate must stay between 0 and 1, which a normal distribution does not guarantee; use {"beta": {"mean": 0.2, "sd": 0.1}} instead."#,
        "q3.json: $.calendar.workdays[2]: expected one of 'mon' … 'sun'; found 'funday'.",
        "q3.json: $: unknown key 'extra'; expected one of '$schema', 'name', 'horizon', 'calendar', 'simulation', 'marketing', 'sales', 'service', 'escalation' or 'correlations'.",
      ])
  }

  @Test func scenarioIsNilExactlyWhenThereAreErrors() {
    let bad = load(edited([("sales.reps", "0")]))
    #expect(bad.scenario == nil && bad.errors.count == 1 && bad.warnings.isEmpty)
    let good = load(minimalScenario)
    #expect(good.scenario != nil && good.errors.isEmpty)
  }

  // MARK: Warnings

  @Test func warnsWhenALongCycleHasNoOpenPipeline() {
    let result = load(edited([("sales.cycleDays", #"{"gamma": {"mean": 45, "sd": 12}}"#)]))
    #expect(result.errors == [])
    #expect(
      result.warnings.map(\.description) == [
        #"q3.json: $.sales: no openPipeline while the mean sales cycle is ~45 days: the first months get no marketing-sourced revenue, because opportunities created in the horizon close about 45 days later; add "openPipeline" with the CRM's open opportunities on 2026-07-01, or set "simulation.warmUpMonths" to 3 to fill the pipeline from the first month's leads."#
      ])
    // A short cycle, or an open pipeline, needs no warning.
    #expect(load(edited([("sales.cycleDays", "15")])).warnings == [])
    #expect(
      load(
        edited([
          ("sales.cycleDays", "45"),
          ("sales.openPipeline", #"{"opportunities": 20, "remainingDays": {"uniform": {"min": 0, "max": 45}}}"#),
        ])
      ).warnings == [])
  }

  @Test func warnsThatBusinessHoursShareIsIgnoredWhenAlwaysOpen() {
    let result = load(edited([("calendar", #""24x7""#), ("marketing.businessHoursShare", "0.7")]))
    #expect(
      result.warnings.map(\.warningDescription) == [
        "q3.json: warning: $.marketing.businessHoursShare: is ignored with a 24x7 calendar: every minute is a business minute."
      ])
  }

  @Test func warnsWhenOneLateLeadMissesTheGoal() {
    // DOMAIN.md "Nines": at 2,600 leads a quarter, 99.99% allows 0.26 late leads.
    let base = edited([
      (
        "marketing.sources",
        #"[{"name": "web", "leadsPerMonth": 800}, {"name": "events", "leadsPerMonth": {"uniform": {"min": 50, "max": 83.3333333333}}}]"#
      ),
      // Reps with the hours for ~316 rep-hours of follow-up a month (no capacity warning).
      ("sales.reps", "10"),
    ])
    let strict = load(edited([("sales.goals.firstTouch", #"{"withinHours": 1, "share": 0.9999}"#)], base: base))
    #expect(
      strict.warnings.map(\.description) == [
        "q3.json: $.sales.goals.firstTouch.share: 99.99% of ~2,600 leads in the horizon allows 0.26 late leads: one late lead misses the goal."
      ])
    // 99.9% of 2,600 allows 2.6 late leads: hard, not impossible.
    #expect(
      load(edited([("sales.goals.firstTouch", #"{"withinHours": 1, "share": 0.999}"#)], base: base)).warnings == [])
  }

  @Test func warnsWhenOneLateTicketMissesTheGoal() {
    let text = edited([
      ("service", serviceSection),
      (
        "service.goals",
        #"{"firstResponse": {"withinHours": 4, "share": {"schedule": [{"from": "2026-07-01", "value": 0.99}, {"from": "2026-08-01", "value": 0.999}]}}}"#
      ),
    ])
    // 100 customers × 1 ticket × 3 months = 300 tickets; 0.1% of 300 is 0.3.
    #expect(
      load(text).warnings.map(\.description) == [
        "q3.json: $.service.goals.firstResponse.share: 99.9% of ~300 tickets in the horizon allows 0.3 late tickets: one late ticket misses the goal."
      ])
  }

  @Test func warnsWhenAScheduleStartsAfterTheHorizon() throws {
    let result = load(edited([("sales.closeRate", #"{"schedule": [{"from": "2026-08-01", "value": 0.25}]}"#)]))
    #expect(result.errors == [])
    #expect(
      result.warnings.map(\.description) == [
        "q3.json: $.sales.closeRate.schedule[0].from: starts after the horizon start (2026-07-01); its value also applies before 2026-08-01."
      ])
    // Warnings found while reading are dropped when the file has errors.
    let broken = load(
      edited([("sales.closeRate", #"{"schedule": [{"from": "2026-08-01", "value": 0.25}]}"#), ("sales.reps", "0")]))
    #expect(broken.warnings == [] && broken.errors.count == 1)
  }

  @Test func retentionGoalMayBeAScheduleOfShares() throws {
    let text = edited([
      ("service", serviceSection),
      (
        "service.goals",
        #"{"retention": {"schedule": [{"from": "2026-07-01", "value": 0.9}, {"from": "2026-09-01", "value": 0.95}]}}"#
      ),
    ])
    let s = try #require(load(text).scenario)
    guard case .schedule(let schedule)? = s.service?.goals.retention else {
      Issue.record("retention is not a schedule")
      return
    }
    #expect(schedule.points.map(\.value) == [.fixed(0.9), .fixed(0.95)])
  }

  @Test func warnsAboutGoalsThatCanNeverBeMet() {
    let text = edited([("sales.goals.attemptsOnUnconnected", "6"), ("marketing.goals.leadValuePerMonth", "1000")])
    #expect(
      load(text).warnings.map(\.description) == [
        "q3.json: $.marketing.goals.leadValuePerMonth: can never be met: no lead source has a valuePerLead (the default is 0).",
        "q3.json: $.sales.goals.attemptsOnUnconnected: can never be met: reps stop after followUp.maxAttempts (3) attempts; found 6.",
      ])
  }

  // MARK: Messages

  @Test func scenarioErrorOmitsAbsentParts() {
    #expect(
      ScenarioError(file: "a.json", path: "$.x", problem: "must be positive", found: "-1").description
        == "a.json: $.x: must be positive; found -1.")
    #expect(
      ScenarioError(file: "a.json", path: "$.x", problem: "", expected: "'step' or 'linear'", found: "'cubic'")
        .description
        == "a.json: $.x: expected 'step' or 'linear'; found 'cubic'.")
    #expect(
      ScenarioError(file: "a.json", path: "", problem: "the file is empty").description == "a.json: the file is empty.")
    #expect(
      ScenarioError(file: "a.json", path: "$", problem: "unknown key 'b'. Did you mean 'c'?").description
        == "a.json: $: unknown key 'b'. Did you mean 'c'?")
    #expect(
      ScenarioError(file: "a.json", path: "", problem: "", expected: "a value", found: "']'", line: 2, column: 5)
        .description
        == "a.json:2:5: expected a value; found ']'.")
  }

  @Test func publicTypesAreSendable() {
    // Compiles only while these stay Sendable.
    func requireSendable<T: Sendable>(_: T.Type) -> Bool { true }
    #expect(requireSendable(JSONValue.self) && requireSendable(JSONMember.self))
    #expect(requireSendable(JSONSyntaxError.self) && requireSendable(ScenarioError.self))
    #expect(requireSendable(ScenarioLoadResult.self))
  }

  @Test func suggestsOnlyCloseKeys() {
    #expect(ScenarioText.suggestion(for: "maxAtempts", among: ["maxAttempts", "minutesPerAttempt"]) == "maxAttempts")
    #expect(ScenarioText.suggestion(for: "MAXATTEMPTS", among: ["maxAttempts"]) == "maxAttempts")
    #expect(ScenarioText.suggestion(for: "foo", among: ["min", "max"]) == nil)
    #expect(ScenarioText.suggestion(for: "colour", among: ScenarioDecoder.salesKeys) == nil)
    #expect(ScenarioText.editDistance("kitten", "sitting") == 3)
  }
}
