/// One input `slasim sensitivity` moves, with the two scenarios it is moved to.
public struct SensitivityInput: Sendable {
  /// How the input is moved.
  public enum Treatment: String, Sendable {
    /// An uncertain input set to its 10th and 90th percentiles (a trend: each month's).
    case percentiles = "p10-p90"
    /// A fixed input set to −10% and +10% (whole numbers at least one step; rates at most 1).
    case percent = "±10%"
  }

  /// `sales.closeRate`, `marketing.sources[referral].qualifyRate`.
  public var path: String
  public var treatment: Treatment
  /// When the model draws it: `per trial`, `per trial and month`, `per deal`, … or `fixed`.
  public var drawn: String
  /// The horizon months' average of the input's mean as written, and at its low and high settings.
  public var base: Double
  public var low: Double
  public var high: Double
  /// The scenario files with the input at its low and high setting.
  var lowDocument: JSONValue
  var highDocument: JSONValue
  /// The inputs it is correlated with (`correlations`); empty for most. A correlated input is
  /// not rewritten: the documents are the scenario's own and the run pins it at its
  /// percentile, its partners following the copula's conditional (``CorrelationPin``).
  public var correlatedWith: [String] = []
}

/// One input's effect on one probability: P at the input's low and high settings.
public struct SensitivityBar: Sendable {
  /// The input's index in ``SensitivityResult/inputs``.
  public var input: Int
  public var probabilityAtLow: ProportionEstimate
  public var probabilityAtHigh: ProportionEstimate
  /// P(high) − P(low) on the same trials, with the paired 95% interval from the trials where
  /// exactly one of the two settings meets it (``PairedComparison/pairedProportionDifference(improved:worsened:trials:)``).
  public var difference: PairedComparison.Difference
  /// |P(high) − P(low)|, what the tornado ranks by.
  public var swing: Double { abs(probabilityAtHigh.estimate - probabilityAtLow.estimate) }
}

/// A tornado: the probability as the scenario stands, and each input's bar, widest first.
public struct Tornado: Sendable {
  /// The party, or `nil` for the joint probability.
  public var party: Party?
  public var base: ProportionEstimate
  public var bars: [SensitivityBar]
}

/// The result of `slasim sensitivity` (docs/sensitivity.md).
public struct SensitivityResult: Sendable {
  public var scenarioName: String
  public var seed: UInt64
  public var threads: Int
  public var seconds: Double
  /// Trials of each run.
  public var trials: Int
  public var inputs: [SensitivityInput]
  /// One per party with goals, in `Party` order.
  public var parties: [Tornado]
  public var joint: Tornado
  /// Inputs that could not be moved, and why.
  public var notes: [String]
  /// Model runs: 1 + 2 × inputs.
  public var runs: Int { 1 + 2 * inputs.count }
  /// Sobol indices (`--sobol N`), when asked for.
  public var sobol: SobolResult?
}

/// `sensitivity --sobol N`: the indices of each per-trial uncertain input
/// (``SobolAnalysis``, ``ScenarioSobolModel``).
public struct SobolResult: Sendable {
  /// The factors, by path, in the estimate's order.
  public var factors: [String]
  public var estimate: SobolEstimate
  /// The scenario's correlations, which the indices leave out (they assume independent inputs).
  public var correlationsLeftOut: Int

  /// Runs `baseRows` Sobol rows of `scenario` at `seed`.
  public static func run(
    scenario: Scenario, baseRows: Int, seed: UInt64, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> SobolResult {
    let (factors, estimate) = await SobolAnalysis.estimate(
      scenario: scenario, baseRows: baseRows, seed: seed, threads: threads, progress: progress)
    return SobolResult(factors: factors, estimate: estimate, correlationsLeftOut: scenario.correlations.count)
  }
}

/// `slasim sensitivity`'s one-at-a-time analysis (docs/sensitivity.md).
public enum SensitivityAnalysis {
  /// The share a fixed input moves by.
  public static let fixedStep = 0.1
  /// The percentiles an uncertain input is set to.
  public static let lowPercentile = 0.1
  public static let highPercentile = 0.9

  /// The inputs of `scenario` (decoded from `document`) that can be moved, in scenario
  /// order, and notes on those that cannot.
  ///
  /// Each moved scenario is rebuilt from `document` with the one value replaced, so it is
  /// validated exactly as a file would be (``ScenarioLoader``) when the runs load it.
  public static func inputs(document: JSONValue, scenario: Scenario) -> [SensitivityInput] {
    var out: [SensitivityInput] = []
    let horizon = scenario.horizon
    let monthStarts = (0..<horizon.months).map { horizon.start.firstOfMonth(adding: $0) }

    func value(_ display: String, _ json: String, _ v: Value, rate: Bool, drawn: String, maximum: Double = .infinity) {
      guard node(document, json) != nil else { return }
      let uncertain = isUncertain(v)
      let lo = moved(v, up: false, rate: rate, maximum: maximum, months: monthStarts)
      let hi = moved(v, up: true, rate: rate, maximum: maximum, months: monthStarts)
      let partners = scenario.correlations.compactMap { c in
        c.first == display ? c.second : c.second == display ? c.first : nil
      }
      out.append(
        SensitivityInput(
          path: display, treatment: uncertain ? .percentiles : .percent, drawn: uncertain ? drawn : "fixed",
          base: average(v, monthStarts), low: lo.average, high: hi.average,
          lowDocument: partners.isEmpty ? replacing(document, json, with: lo.json) : document,
          highDocument: partners.isEmpty ? replacing(document, json, with: hi.json) : document,
          correlatedWith: partners))
    }
    func number(_ display: String, _ json: String, integer: Bool, minimum: Double, maximum: Double) {
      guard case .number(let x, _)? = node(document, json) else { return }
      var lo = x * (1 - fixedStep)
      var hi = x * (1 + fixedStep)
      if integer {
        // Whole numbers move at least one step each way.
        lo = Swift.min(x - 1, lo.rounded())
        hi = Swift.max(x + 1, hi.rounded())
      }
      lo = Swift.max(lo, minimum)
      hi = Swift.min(hi, maximum)
      out.append(
        SensitivityInput(
          path: display, treatment: .percent, drawn: "fixed", base: x, low: lo, high: hi,
          lowDocument: replacing(document, json, with: .number(lo)),
          highDocument: replacing(document, json, with: .number(hi))))
    }

    let openHours = BusinessCalendar(scenario.calendar).openMinutesPerBusinessDay / 60
    for (k, source) in scenario.marketing.sources.enumerated() {
      let display = "marketing.sources[\(source.name)]"
      let json = "$.marketing.sources[\(k)]"
      value(
        display + ".leadsPerMonth", json + ".leadsPerMonth", source.leadsPerMonth, rate: false,
        drawn: "per trial and month", maximum: ScenarioDecoder.maximumLeadsPerMonth)
      value(display + ".valuePerLead", json + ".valuePerLead", source.valuePerLead, rate: false, drawn: "per lead")
      value(display + ".qualifyRate", json + ".qualifyRate", source.qualifyRate, rate: true, drawn: "per trial")
    }
    let sales = scenario.sales
    number("sales.reps", "$.sales.reps", integer: true, minimum: 1, maximum: Double(ScenarioDecoder.maximumStaff))
    number("sales.hoursPerDay", "$.sales.hoursPerDay", integer: false, minimum: 1.0 / 60, maximum: openHours)
    number(
      "sales.followUp.maxAttempts", "$.sales.followUp.maxAttempts", integer: true, minimum: 1,
      maximum: Double(ScenarioDecoder.maximumAttempts))
    number(
      "sales.followUp.minutesPerAttempt", "$.sales.followUp.minutesPerAttempt", integer: false, minimum: 0,
      maximum: ScenarioDecoder.maximumWorkMinutes)
    number(
      "sales.followUp.retryAfterHours", "$.sales.followUp.retryAfterHours", integer: false, minimum: 0,
      maximum: ScenarioDecoder.maximumBusinessHours)
    value("sales.followUp.connectRate", "$.sales.followUp.connectRate", sales.followUp.connectRate, rate: true, drawn: "per trial")
    if case .object? = node(document, "$.sales.opportunityRate") {
      value("sales.opportunityRate.fast", "$.sales.opportunityRate.fast", sales.opportunityRate.fast, rate: true, drawn: "per trial")
      value("sales.opportunityRate.slow", "$.sales.opportunityRate.slow", sales.opportunityRate.slow, rate: true, drawn: "per trial")
    } else {
      value("sales.opportunityRate", "$.sales.opportunityRate", sales.opportunityRate.fast, rate: true, drawn: "per trial")
    }
    value("sales.closeRate", "$.sales.closeRate", sales.closeRate, rate: true, drawn: "per trial")
    value("sales.dealSize", "$.sales.dealSize", sales.dealSize, rate: false, drawn: "per deal", maximum: ScenarioDecoder.maximumMoney)
    value("sales.cycleDays", "$.sales.cycleDays", sales.cycleDays, rate: false, drawn: "per deal", maximum: ScenarioDecoder.maximumDays)
    if let pipeline = sales.openPipeline {
      number(
        "sales.openPipeline.opportunities", "$.sales.openPipeline.opportunities", integer: true, minimum: 0,
        maximum: Double(ScenarioDecoder.maximumOpenOpportunities))
      value(
        "sales.openPipeline.remainingDays", "$.sales.openPipeline.remainingDays", pipeline.remainingDays, rate: false,
        drawn: "per opportunity", maximum: ScenarioDecoder.maximumDays)
    }
    value(
      "sales.otherRevenuePerMonth", "$.sales.otherRevenuePerMonth", sales.otherRevenuePerMonth, rate: false,
      drawn: "per trial and month", maximum: ScenarioDecoder.maximumMoney)
    if let service = scenario.service {
      number(
        "service.existingCustomers", "$.service.existingCustomers", integer: true, minimum: 0,
        maximum: Double(ScenarioDecoder.maximumCustomers))
      number("service.agents", "$.service.agents", integer: true, minimum: 1, maximum: Double(ScenarioDecoder.maximumStaff))
      number("service.hoursPerDay", "$.service.hoursPerDay", integer: false, minimum: 1.0 / 60, maximum: openHours)
      value(
        "service.ticketsPerCustomerPerMonth", "$.service.ticketsPerCustomerPerMonth", service.ticketsPerCustomerPerMonth,
        rate: false, drawn: "per trial and month", maximum: ScenarioDecoder.maximumTicketsPerCustomer)
      value(
        "service.handleMinutes", "$.service.handleMinutes", service.handleMinutes, rate: false, drawn: "per ticket",
        maximum: ScenarioDecoder.maximumWorkMinutes)
      if let patience = service.patienceMinutes {
        value(
          "service.patienceMinutes", "$.service.patienceMinutes", patience, rate: false, drawn: "per ticket",
          maximum: ScenarioDecoder.maximumPatienceMinutes)
      }
      value("service.monthlyChurn", "$.service.monthlyChurn", service.monthlyChurn, rate: true, drawn: "per trial")
    }
    // An input whose two settings are the scenario as written (a fixed 0) moves nothing.
    return out.filter { $0.low != $0.base || $0.high != $0.base }
  }

  /// Runs the scenario as written and with each input at its low and its high setting, all on
  /// the same trials (`0..<trials` at `seed`: common random numbers), and ranks the inputs by
  /// the swing they cause in each party's probability and in the joint one.
  ///
  /// - Parameters:
  ///   - file, anchor: As for ``ScenarioLoader/load(_:file:historiesRelativeTo:readFile:)``, so
  ///     the moved scenarios find the same trend histories.
  ///   - progress: (trials done, trials in all runs).
  public static func tornado(
    document: JSONValue, scenario: Scenario, inputs: [SensitivityInput]? = nil, file: String,
    historiesRelativeTo anchor: String? = nil, trials: Int, seed: UInt64, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> SensitivityResult {
    let clock = ContinuousClock()
    let started = clock.now
    var inputs = inputs ?? Self.inputs(document: document, scenario: scenario)
    var notes: [String] = []
    // Every moved scenario names the same histories: read each file once.
    var cache: [String: Result<[UInt8], ScenarioFileError>] = [:]
    let read: ScenarioFileReader = { path in
      if let known = cache[path] { return known }
      let bytes = ScenarioLoader.readFile(path)
      cache[path] = bytes
      return bytes
    }
    var settings: [(low: Scenario, high: Scenario)] = []
    var kept: [SensitivityInput] = []
    for input in inputs {
      let low = ScenarioLoader.load(
        Array(input.lowDocument.prettyPrinted.utf8), file: file, historiesRelativeTo: anchor, readFile: read)
      let high = ScenarioLoader.load(
        Array(input.highDocument.prettyPrinted.utf8), file: file, historiesRelativeTo: anchor, readFile: read)
      guard var lowScenario = low.scenario, var highScenario = high.scenario else {
        let why = (low.errors + high.errors).first.map { $0.problem + ($0.expected.map { "; expected " + $0 } ?? "") } ?? "not valid"
        notes.append("\(input.path): left as written: moved, it is not a valid scenario (\(why)).")
        continue
      }
      if !input.correlatedWith.isEmpty {
        lowScenario.correlationPins = [CorrelationPin(input.path, percentile: lowPercentile)]
        highScenario.correlationPins = [CorrelationPin(input.path, percentile: highPercentile)]
        notes.append(
          "\(input.path) is correlated with \(ScenarioText.and(input.correlatedWith)): held at its 10th and 90th "
            + "percentiles, with \(input.correlatedWith.count == 1 ? "its partner" : "its partners") following the "
            + "copula's conditional distribution given it (docs/sensitivity.md).")
      }
      kept.append(input)
      settings.append((lowScenario, highScenario))
    }
    inputs = kept
    let total = (1 + 2 * inputs.count) * trials
    var done = 0
    func run(_ s: Scenario) async -> SimulationResult {
      let offset = done
      let result = await SimulationEngine(scenario: s).run(trials: trials, seed: seed, threads: threads) { done, _ in
        progress?(offset + done, total)
      }
      done += trials
      return result
    }
    let base = await run(scenario)
    // Each input's two settings run as one paired comparison (the same trials as every other
    // run), so each swing gets a paired interval.
    var results: [PairedComparison] = []
    for s in settings {
      let offset = done
      results.append(
        await PairedComparison.run(a: s.low, b: s.high, trials: trials, seed: seed, threads: threads) { done, _ in
          progress?(offset + done, total)
        })
      done += 2 * trials
    }

    func tornado(_ party: Party?, _ pick: (SimulationResult) -> ProportionEstimate?) -> Tornado? {
      guard let b = pick(base) else { return nil }
      let key = party?.rawValue ?? "joint"
      var bars: [SensitivityBar] = []
      for (i, r) in results.enumerated() {
        guard let low = pick(r.a), let high = pick(r.b),
          let difference = r.items.first(where: { $0.key == key })?.difference
        else { continue }
        bars.append(SensitivityBar(input: i, probabilityAtLow: low, probabilityAtHigh: high, difference: difference))
      }
      // Widest first; ties keep scenario order.
      bars = bars.enumerated().sorted { a, b in
        a.element.swing != b.element.swing ? a.element.swing > b.element.swing : a.offset < b.offset
      }.map(\.element)
      return Tornado(party: party, base: b, bars: bars)
    }
    let parties = base.parties.compactMap { p in tornado(p.party) { $0.party(p.party)?.probability } }
    let joint = tornado(nil) { $0.joint } ?? Tornado(party: nil, base: base.joint, bars: [])
    return SensitivityResult(
      scenarioName: scenario.name, seed: seed, threads: SimulationEngine.threadsUsed(requested: threads, trials: trials),
      seconds: (clock.now - started).seconds, trials: trials, inputs: inputs, parties: parties, joint: joint,
      notes: notes)
  }

  // MARK: Moving one value

  static func isUncertain(_ v: Value) -> Bool {
    switch v {
    case .distribution(.fixed): return false
    case .distribution: return true
    case .schedule(let s): return s.points.contains { if case .fixed = $0.value { false } else { true } }
    case .trend: return true
    }
  }

  static func average(_ v: Value, _ months: [CivilDate]) -> Double {
    months.isEmpty ? 0 : months.reduce(0) { $0 + v.mean(on: $1) } / Double(months.count)
  }

  /// The value at its low (`up == false`) or high setting, as JSON, with the horizon average.
  static func moved(_ v: Value, up: Bool, rate: Bool, maximum: Double, months: [CivilDate]) -> (
    json: JSONValue, average: Double
  ) {
    let p = up ? highPercentile : lowPercentile
    func point(_ d: Distribution) -> Double {
      let x: Double
      if case .fixed(let f) = d { x = f * (up ? 1 + fixedStep : 1 - fixedStep) } else { x = d.quantile(p) }
      return Swift.min(Swift.max(x, 0), rate ? 1 : maximum)
    }
    func schedule(_ points: [(CivilDate, Double)], _ interpolation: Schedule.Interpolation) -> JSONValue {
      .object([
        JSONMember(
          "schedule",
          .array(points.map { .object([JSONMember("from", .string($0.0.description)), JSONMember("value", .number($0.1))]) })),
        JSONMember("interpolate", .string(interpolation == .linear ? "linear" : "step")),
      ])
    }
    switch v {
    case .distribution(let d):
      let x = point(d)
      return (.number(x), x)
    case .schedule(let s):
      let points = s.points.map { ($0.from, point($0.value)) }
      let movedValue = Value.schedule(
        Schedule(points: points.map { SchedulePoint(from: $0.0, value: .fixed($0.1)) }, interpolation: s.interpolation))
      return (schedule(points, s.interpolation), average(movedValue, months))
    case .trend(let t):
      let points = months.indices.map { (months[$0], Swift.min(t.quantile(p, month: $0), rate ? 1 : maximum)) }
      let average = points.isEmpty ? 0 : points.reduce(0) { $0 + $1.1 } / Double(points.count)
      return (schedule(points, .step), average)
    }
  }

  // MARK: JSON paths

  static func node(_ document: JSONValue, _ path: String) -> JSONValue? {
    var current: JSONValue? = document
    for step in ScenarioCalibration.steps(path) {
      switch step {
      case .key(let k): current = current?[k]
      case .index(let i): current = current?[i]
      }
    }
    return current
  }

  static func replacing(_ document: JSONValue, _ path: String, with new: JSONValue) -> JSONValue {
    ScenarioCalibration.updating(document, ScenarioCalibration.steps(path)[...]) { _ in new }
  }
}
