import RealModule

/// Rewrites a scenario so that its lead volume, close rate, deal size and cycle days follow
/// trends fitted to a monthly history (`slasim fit HISTORY.csv --calibrate SCENARIO.json`).
///
/// The scenario's parsed JSON is edited in place: the four values become `{"trend": …}` objects
/// that name the history, and every other key keeps its value and its position. What each trend
/// drives, and why it is scaled:
///
/// | field | series | scale |
/// |---|---|---|
/// | `marketing.sources[k].leadsPerMonth` | `mqlLeads` | the source's share of the scenario's leads (several sources only) |
/// | `sales.closeRate` | `closeRate` (`mqlCustomers ÷ mqlLeads`) | `1 ÷` the scenario's upstream conversion |
/// | `sales.dealSize` | `dealSize` (`mqlRevenue ÷ mqlCustomers`) | none |
/// | `sales.cycleDays` | `cycleDays` | none |
///
/// - **Lead sources.** With several sources, each source's `leadsPerMonth` becomes the history's
///   total leads times the source's share of the scenario's expected leads (its mean over the
///   horizon's months ÷ the sum over sources), written as the trend's `scale`. Fields that name
///   the same history, series and model share one draw per trial, so the sources' leads add up to
///   exactly one draw of the history's trend. A source expecting no leads keeps its value.
/// - **Close rate.** The history's close rate is lead-to-customer, while the scenario's
///   `closeRate` is the last step of its funnel (opportunity to won deal). So that the simulated
///   funnel reproduces the history, the trend is divided by the scenario's upstream conversion,
///   the reverse funnel's `qualifyRate` (lead-weighted) × `1 − (1 − connectRate)^maxAttempts` ×
///   `opportunityRate.fast` (averaged over the horizon's months): `scale = 1 ÷ upstream`. A
///   close rate above 1 is clamped to 1 by the engine and reported in ``notes``.
///
/// Scales are rounded to 6 significant digits.
public struct ScenarioCalibration: Sendable {
  /// One value the calibration replaced.
  public struct Replacement: Sendable, Equatable {
    /// The JSON path, such as `$.sales.closeRate`.
    public var path: String
    /// What the value was: a number as written, or its kind (`a gamma distribution`).
    public var before: String
    /// The trend that replaces it, such as `trend of mqlLeads × 0.952381`.
    public var after: String
    /// The trend's point forecast for each horizon month, after its scale.
    public var forecast: [Double]
  }

  /// The edited scenario document.
  public var document: JSONValue
  /// What was replaced, in document order.
  public var replacements: [Replacement]
  /// Remarks: values kept and why, clamped close rates, rebased history paths.
  public var notes: [String]

  /// The series calibration reads, in the order of the replacements.
  public static let seriesNames = ["mqlLeads", "closeRate", "dealSize", "cycleDays"]

  /// Calibrates `document` (the JSON of `scenario`, already validated) from `history`.
  ///
  /// - Parameters:
  ///   - document: The scenario file's JSON.
  ///   - scenario: The same scenario, loaded (for the means of its inputs and its horizon).
  ///   - history: The monthly history.
  ///   - historyReference: How the new scenario names the history (relative to its folder).
  ///   - model: The trend model for every series.
  ///   - rebaseHistory: Maps the `history` path of a trend the calibration keeps, and the
  ///     `$schema` path (each relative to the old scenario's folder), to one that works from the
  ///     new scenario's folder.
  /// - Returns: The edited document, what was replaced, and notes.
  /// - Throws: ``HistoryError`` when the history lacks every series, when the horizon does not
  ///   start after it, or when the model cannot be fitted to a series.
  public static func calibrate(
    document: JSONValue, scenario: Scenario, history: MonthlyHistory, historyReference: String,
    model: TrendModel = .linear, rebaseHistory: (String) -> String = { $0 }
  ) throws(HistoryError) -> ScenarioCalibration {
    let available = seriesNames.filter { history.mentions($0) }
    guard !available.isEmpty else {
      throw HistoryError(
        file: history.file,
        problem:
          "has none of the series a calibration uses: 'mqlLeads', 'closeRate' (from 'mqlCustomers' and 'mqlLeads'), "
          + "'dealSize' (from 'mqlRevenue' and 'mqlCustomers') or 'cycleDays'.")
    }
    // Every problem of what the calibration uses, at once: the months and every bad cell.
    _ = try history.requireSeriesOverTime(named: available)
    var result = ScenarioCalibration(document: document, replacements: [], notes: [])
    // Trends whose point forecast leaves the field's range: refused, all of them at once.
    var outOfRange: [HistoryError] = []

    let horizon = scenario.horizon
    let monthStarts = (0..<horizon.months).map { horizon.start.firstOfMonth(adding: $0) }
    func average(_ value: Value) -> Double {
      monthStarts.reduce(0) { $0 + value.mean(on: $1) } / Double(monthStarts.count)
    }
    func trend(
      _ column: String, scale: Double, bounds: TrendSpec.Bounds, path: String, reason: String? = nil
    ) throws(HistoryError) -> TrendSpec {
      let spec = try TrendSpec(
        history: history, path: historyReference, column: column, model: model, scale: scale, bounds: bounds,
        horizon: horizon)
      if let problem = rangeProblem(
        spec, path: path, months: monthStarts, history: history, model: model, reason: reason)
      {
        outOfRange.append(problem)
      }
      return spec
    }

    // Lead volume.
    if history.series(named: "mqlLeads") != nil {
      let sources = scenario.marketing.sources
      let means = sources.map { average($0.leadsPerMonth) }
      let total = means.reduce(0, +)
      if sources.count > 1 && !(total > 0) {
        result.notes.append(
          "kept every source's leadsPerMonth: the sources expect no leads, so the history's leads cannot be "
            + "split between them.")
      } else {
        for (k, source) in sources.enumerated() {
          let path = "$.marketing.sources[\(k)].leadsPerMonth"
          guard sources.count == 1 || means[k] > 0 else {
            result.notes.append("kept \(path): the source '\(source.name)' expects no leads.")
            continue
          }
          let share = sources.count == 1 ? 1 : significant(means[k] / total)
          let spec = try trend("mqlLeads", scale: share, bounds: .nonNegative, path: path)
          var after = "trend of mqlLeads"
          if sources.count > 1 {
            after += " × \(ScenarioText.number(share)) (its share of \(ScenarioText.number(total)) leads a month)"
          }
          result.replace(path, with: spec, after: after)
        }
      }
    }

    // Close rate: the history's lead-to-customer rate ÷ the scenario's upstream conversion.
    if history.series(named: "closeRate") != nil {
      let upstream = monthStarts.reduce(0.0) { $0 + upstreamConversion(scenario, on: $1) } / Double(monthStarts.count)
      if upstream > 0 {
        let scale = significant(1 / upstream)
        let spec = try trend(
          "closeRate", scale: scale, bounds: .unitInterval, path: "$.sales.closeRate",
          reason:
            "the history's lead-to-customer rate ÷ the scenario's conversion from lead to opportunity "
            + "(\(ScenarioText.number(upstream)))")
        var after = "trend of closeRate (lead-to-customer)"
        if scale != 1 {
          after +=
            " × \(ScenarioText.number(scale)) (÷ the scenario's conversion from lead to opportunity, "
            + "\(ScenarioText.number(upstream)))"
        }
        result.replace("$.sales.closeRate", with: spec, after: after)
      } else {
        result.notes.append(
          "kept $.sales.closeRate: the scenario converts no lead into an opportunity, so the history's "
            + "lead-to-customer rate cannot be turned into a close rate.")
      }
    }

    // Deal size and cycle days.
    if history.series(named: "dealSize") != nil {
      result.replace(
        "$.sales.dealSize", with: try trend("dealSize", scale: 1, bounds: .nonNegative, path: "$.sales.dealSize"),
        after: "trend of dealSize")
    }
    if history.series(named: "cycleDays") != nil {
      result.replace(
        "$.sales.cycleDays", with: try trend("cycleDays", scale: 1, bounds: .nonNegative, path: "$.sales.cycleDays"),
        after: "trend of cycleDays")
    }
    if !outOfRange.isEmpty { throw HistoryError.combining(outOfRange) }
    for name in seriesNames where !available.contains(name) {
      result.notes.append("the history has no '\(name)' series, so the value it would calibrate is kept.")
    }
    // The trends the calibration kept must still find their histories from the new folder (the
    // new trends already name theirs relative to it).
    result.document = rebaseTrends(
      result.document, path: "$", skipping: Set(result.replacements.map(\.path)), rebase: rebaseHistory,
      notes: &result.notes)
    // So does an editor that follows the copied "$schema" (a path, not a URL).
    if case .object(var members) = result.document,
      let i = members.firstIndex(where: { $0.key == "$schema" }), case .string(let old) = members[i].value,
      !old.contains("://"), !old.isEmpty
    {
      let new = rebaseHistory(old)
      if new != old {
        members[i].value = .string(new)
        result.document = .object(members)
        result.notes.append("$.$schema: '\(old)' → '\(new)', the same file seen from the new scenario's folder.")
      }
    }
    return result
  }

  /// Why a calibrated trend cannot be written: its point forecast, after its scale, leaves the
  /// field's range in some horizon month (a rate above 1 or below 0, a count or amount below 0).
  /// Written, the engine would clamp it there, a value the history does not support; `nil` when
  /// the trend stays in range.
  static func rangeProblem(
    _ spec: TrendSpec, path: String, months: [CivilDate], history: MonthlyHistory, model: TrendModel,
    reason: String?
  ) -> HistoryError? {
    let values = (0..<spec.forecaster.horizon).map { spec.scale * spec.forecaster.unboundedPointForecast($0) }
    let upper = spec.bounds == .unitInterval ? 1.0 : Double.infinity
    let outside = values.indices.filter { !(values[$0] >= 0 && values[$0] <= upper) }
    guard let worst = outside.max(by: { abs(values[$0] - 0.5) < abs(values[$1] - 0.5) }) else { return nil }
    let above = values[worst] > upper
    let bound = above ? "above 1, the most a rate can be" : "below 0, the least it can be"
    func month(_ i: Int) -> String {
      YearMonth(year: months[i].year, month: months[i].month).map(String.init(describing:)) ?? "\(months[i])"
    }
    let what = reason ?? "the trend of \(spec.column)\(spec.scale == 1 ? "" : " × \(ScenarioText.number(spec.scale))")"
    var problem =
      "cannot calibrate \(path): \(what) is \(bound), in \(outside.count) of the horizon's \(values.count) "
      + "month\(values.count == 1 ? "" : "s") (\(above ? "up" : "down") to \(ScenarioText.number(values[worst])) in "
      + "\(month(worst))); written, it would be clamped to \(above ? "1" : "0") there, a value the history does not "
      + "support. "
    if spec.bounds == .unitInterval && above {
      problem +=
        "The scenario's funnel passes on fewer leads than the history turns into customers: check qualifyRate, "
        + "connectRate and opportunityRate against the history, then calibrate again."
    } else if !model.logLinear {
      problem += "A log-linear model (--model loglinear) stays positive; or fit a lower --degree."
    } else {
      problem += "Fit another model or check the history."
    }
    return HistoryError(file: history.file, column: spec.column, problem: problem)
  }

  /// The reverse funnel's conversion from lead to opportunity on `date`: lead-weighted qualify
  /// rate × P(connect within `maxAttempts`) × the fast opportunity rate (see ``ReverseFunnel``).
  public static func upstreamConversion(_ scenario: Scenario, on date: CivilDate) -> Double {
    var leads = 0.0
    var sqls = 0.0
    for source in scenario.marketing.sources {
      let l = source.leadsPerMonth.mean(on: date)
      leads += l
      sqls += l * source.qualifyRate.mean(on: date)
    }
    let qualify =
      leads > 0
      ? sqls / leads
      : scenario.marketing.sources.reduce(0) { $0 + $1.qualifyRate.mean(on: date) }
        / Double(scenario.marketing.sources.count)
    let followUp = scenario.sales.followUp
    let connect = 1 - Double.pow(1 - followUp.connectRate.mean(on: date), followUp.maxAttempts)
    return qualify * connect * scenario.sales.opportunityRate.fast.mean(on: date)
  }

  /// The JSON of a trend: `{"trend": {"history", "column", "model"[, "degree", "seasonal",
  /// "intercept"][, "scale"]}}`, non-default options only.
  public static func json(of trend: TrendSpec) -> JSONValue {
    var members = [
      JSONMember("history", .string(trend.history)), JSONMember("column", .string(trend.column)),
      JSONMember("model", .string(trend.model.logLinear ? "loglinear" : "linear")),
    ]
    if trend.model.degree != 1 { members.append(JSONMember("degree", .integer(trend.model.degree))) }
    if trend.model.seasonal { members.append(JSONMember("seasonal", .bool(true))) }
    if !trend.model.intercept { members.append(JSONMember("intercept", .bool(false))) }
    if trend.scale != 1 { members.append(JSONMember("scale", .number(trend.scale))) }
    return .object([JSONMember("trend", .object(members))])
  }

  /// `x` to 6 significant digits.
  static func significant(_ x: Double) -> Double {
    guard x.isFinite, x != 0 else { return x }
    let exponent = Int(Double.log10(abs(x)).rounded(.down))
    if exponent >= 5 { return x.rounded() }
    let scale = Double.pow(10, Double(5 - exponent))
    return (x * scale).rounded() / scale
  }

  private mutating func replace(_ path: String, with trend: TrendSpec, after: String) {
    let steps = ScenarioCalibration.steps(path)
    var before = "nothing"
    document = ScenarioCalibration.updating(document, steps[...]) { old in
      before = ScenarioCalibration.describe(old)
      return ScenarioCalibration.json(of: trend)
    }
    replacements.append(
      Replacement(
        path: path, before: before, after: after,
        forecast: (0..<trend.forecaster.horizon).map { trend.pointForecast(month: $0) }))
  }

  enum Step {
    case key(String)
    case index(Int)
  }

  /// `$.a.b[2].c` as steps (paths here are plain identifiers and indices).
  static func steps(_ path: String) -> [Step] {
    var result: [Step] = []
    for part in path.dropFirst(2).split(separator: ".") {
      var name = Substring(part)
      var indices: [Int] = []
      while let open = name.lastIndex(of: "["), let index = Int(name[name.index(after: open)...].dropLast()) {
        indices.insert(index, at: 0)
        name = name[..<open]
      }
      result.append(.key(String(name)))
      result += indices.map(Step.index)
    }
    return result
  }

  /// `value` with the element at `steps` replaced by `transform` of it (unchanged when absent).
  static func updating(_ value: JSONValue, _ steps: ArraySlice<Step>, _ transform: (JSONValue) -> JSONValue)
    -> JSONValue
  {
    guard let step = steps.first else { return transform(value) }
    switch (step, value) {
    case (.key(let key), .object(var members)):
      guard let i = members.firstIndex(where: { $0.key == key }) else { return value }
      members[i].value = updating(members[i].value, steps.dropFirst(), transform)
      return .object(members)
    case (.index(let index), .array(var elements)):
      guard elements.indices.contains(index) else { return value }
      elements[index] = updating(elements[index], steps.dropFirst(), transform)
      return .array(elements)
    default:
      return value
    }
  }

  /// Every `{"trend": {"history": p}}` in `value` with `p` rebased, except at the `skipping` paths.
  static func rebaseTrends(
    _ value: JSONValue, path: String, skipping: Set<String>, rebase: (String) -> String, notes: inout [String]
  ) -> JSONValue {
    if skipping.contains(path) { return value }
    switch value {
    case .object(var members):
      if members.count == 1, members[0].key == "trend", case .object(var fields) = members[0].value,
        let i = fields.firstIndex(where: { $0.key == "history" }), case .string(let old) = fields[i].value
      {
        let new = rebase(old)
        if new != old {
          fields[i].value = .string(new)
          members[0].value = .object(fields)
          notes.append("\(path).trend.history: '\(old)' → '\(new)', the same file seen from the new scenario's folder.")
        }
        return .object(members)
      }
      for i in members.indices {
        members[i].value = rebaseTrends(
          members[i].value, path: path + ScenarioPath.component(forKey: members[i].key), skipping: skipping,
          rebase: rebase, notes: &notes)
      }
      return .object(members)
    case .array(var elements):
      for i in elements.indices {
        elements[i] = rebaseTrends(
          elements[i], path: path + "[\(i)]", skipping: skipping, rebase: rebase, notes: &notes)
      }
      return .array(elements)
    default:
      return value
    }
  }

  /// A value as a message shows it: a number as written, or its kind.
  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .number(_, let literal): return literal
    case .object(let members):
      if members.contains(where: { $0.key == "schedule" }) { return "a schedule" }
      if members.contains(where: { $0.key == "trend" }) { return "a trend" }
      if members.count == 1, DistributionKind(rawValue: members[0].key) != nil {
        return "a \(members[0].key) distribution"
      }
      return "an object"
    case .string(let s): return ScenarioText.quoted(s)
    case .array: return "an array"
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }
}
