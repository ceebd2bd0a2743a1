/// `{"trend": {"history": …, "column": …, …}}`: a value that follows a trend fitted to a history.
extension ScenarioDecoder {
  /// The fields that may follow a trend, in the order the format documents them.
  static let trendFields = [
    "leadsPerMonth", "valuePerLead", "qualifyRate", "connectRate", "closeRate", "dealSize", "cycleDays",
    "otherRevenuePerMonth", "ticketsPerCustomerPerMonth", "handleMinutes", "patienceMinutes",
    "monthlyChurn",
  ]
  static let trendKeys = ["history", "column", "model", "degree", "seasonal", "intercept", "scale"]
  /// The highest polynomial degree, as for `slasim fit --degree`.
  static let maximumTrendDegree = 10
  /// The largest trend `scale`: a currency conversion or a share, never more than a million.
  static let maximumTrendScale = 1_000_000.0

  /// Reads a trend, reads and fits its history, and checks it against the horizon.
  ///
  /// Problems with the history are reported at `….trend.history` (missing or unreadable file,
  /// an invalid history, a horizon that starts before the history ends), an unknown series at
  /// `….trend.column`, and a model the history cannot support at `….trend`, each with the
  /// history's own message (file, line, column).
  mutating func trend(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> TrendSpec? {
    guard case .object(let members) = node.kind, members.count == 1, let member = members.first else {
      if case .object(let members) = node.kind {
        fail(
          node.offset, path, "a trend is an object with one key, 'trend'",
          found: "an object with keys " + ScenarioText.and(members.map { "'\($0.key)'" }))
      }
      return nil
    }
    let trendPath = path + ".trend"
    note(member.value, trendPath)
    let before = errors.count
    guard
      let f = object(
        member.value, trendPath, keys: ScenarioDecoder.trendKeys, required: ["history", "column"],
        requirement: "must be an object with keys 'history' and 'column' (and optionally 'model', 'degree', "
          + "'seasonal', 'intercept', 'scale')")
    else { return nil }
    var historyPath: String?
    if let n = f["history"] {
      historyPath = nonEmpty(
        n, f.path("history"), "must be the path of a monthly history CSV file, relative to the scenario's folder")
    }
    var column: String?
    if let n = f["column"] {
      column = nonEmpty(
        n, f.path("column"), "must name a numeric column or derived series of the history, such as 'mqlLeads'")
    }
    var logLinear = false
    if let n = f["model"] {
      if case .string(let s) = n.kind, s == "linear" || s == "loglinear" {
        logLinear = s == "loglinear"
      } else {
        fail(n.offset, f.path("model"), "", expected: "'linear' or 'loglinear'", found: ScenarioDecoder.describe(n))
      }
    }
    var degree: Int? = 1
    if let n = f["degree"] {
      degree = integer(
        n, f.path("degree"),
        "must be a whole number from 1 to \(ScenarioDecoder.maximumTrendDegree) (the polynomial degree in t)",
        in: 1...ScenarioDecoder.maximumTrendDegree)
    }
    let seasonal = f["seasonal"].flatMap { bool($0, f.path("seasonal")) } ?? false
    let intercept = f["intercept"].flatMap { bool($0, f.path("intercept")) } ?? true
    if seasonal && !intercept, let n = f["intercept"] {
      fail(
        n.offset, f.path("intercept"),
        "a seasonal trend measures each month against January and needs the intercept; remove \"intercept\": false "
          + "or \"seasonal\": true")
    }
    var scale: Double? = 1
    if let n = f["scale"] {
      scale = number(
        n, f.path("scale"),
        "must be a positive number (every drawn value is multiplied by it), at most "
          + ScenarioText.limit(ScenarioDecoder.maximumTrendScale),
        where: { $0 > 0 && $0 <= ScenarioDecoder.maximumTrendScale })
    }
    guard errors.count == before, let historyPath, let column, let degree, let scale else { return nil }
    // Without a valid horizon (reported where it is) the trend cannot be placed in time.
    guard let horizon else { return nil }

    let historyNode = f["history"] ?? member.value
    let resolved = ScenarioLoader.resolve(historyPath, relativeTo: historyAnchor)
    let history: MonthlyHistory
    switch loadHistory(resolved) {
    case .success(let h):
      history = h
    case .failure(.unreadable(let reason)):
      fail(
        historyNode.offset, f.path("history"), "cannot read \(resolved): \(reason)",
        expected: "a monthly history CSV file, at a path relative to the scenario's folder",
        found: ScenarioText.quoted(historyPath), isUnreadableFile: !reason.isTooLarge)
      return nil
    case .failure(.invalid(let error)):
      fail(historyNode.offset, f.path("history"), error.description)
      return nil
    }
    if let problem = TrendSpec.horizonProblem(history, horizon: horizon) {
      fail(historyNode.offset, f.path("history"), problem.description)
      return nil
    }
    do {
      _ = try history.requireSeries(named: column)
    } catch {
      // Bad cells are the file's to fix; an unknown name is the column's.
      if history.mentions(column) {
        fail(historyNode.offset, f.path("history"), error.description)
      } else {
        fail((f["column"] ?? member.value).offset, f.path("column"), error.description)
      }
      return nil
    }
    let model = TrendModel(degree: degree, logLinear: logLinear, seasonal: seasonal, intercept: intercept)
    var trend: TrendSpec
    do {
      trend = try TrendSpec(
        history: history, path: historyPath, resolvedPath: resolved, column: column, model: model, scale: scale,
        bounds: spec.support == .unitInterval ? .unitInterval : .nonNegative, horizon: horizon)
    } catch {
      fail(member.value.offset, trendPath, error.description)
      return nil
    }
    if spec.support == .nonNegative {
      // The largest point forecast, scaled, must be a value the field accepts; draws are then
      // clamped to the field's maximum as well as to the trend's own cap.
      let largest = (0..<trend.forecaster.horizon).map { scale * trend.forecaster.pointForecast($0) }.max() ?? 0
      guard largest.isFinite, largest <= spec.maximum else {
        fail(
          member.value.offset, trendPath,
          "its largest monthly forecast × scale is \(ScenarioText.number(largest)), above "
            + "\(ScenarioText.limit(spec.maximum)), the largest \(spec.what); lower 'scale' or fit another model")
        return nil
      }
      trend.maximum = spec.maximum
    }
    return trend
  }

  /// The history at `resolved`, read and parsed once per load.
  private mutating func loadHistory(_ resolved: String) -> Result<MonthlyHistory, HistoryLoadFailure> {
    if let known = histories[resolved] { return known }
    let result: Result<MonthlyHistory, HistoryLoadFailure>
    switch readFile(resolved) {
    case .failure(let reason):
      result = .failure(.unreadable(reason))
    case .success(let bytes):
      do {
        result = .success(try MonthlyHistory.parse(csv: bytes, file: resolved))
      } catch {
        result = .failure(.invalid(error))
      }
    }
    histories[resolved] = result
    return result
  }

  /// A non-empty string, or `nil` after reporting `requirement`.
  private mutating func nonEmpty(_ node: JSONNode, _ path: String, _ requirement: String) -> String? {
    guard case .string(let s) = node.kind, !s.isEmpty else {
      fail(node.offset, path, requirement, found: ScenarioDecoder.describe(node))
      return nil
    }
    return s
  }

  /// `true` or `false`, or `nil` after reporting what was found.
  private mutating func bool(_ node: JSONNode, _ path: String) -> Bool? {
    guard case .bool(let b) = node.kind else {
      fail(node.offset, path, "", expected: "true or false", found: ScenarioDecoder.describe(node))
      return nil
    }
    return b
  }
}
