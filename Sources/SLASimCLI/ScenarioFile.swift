import SLASim

/// Loading a scenario file for a command: read, validate, and map problems to exit codes.
enum ScenarioFile {
  /// The valid scenario at `path` and its warnings.
  ///
  /// Trend histories are read relative to the scenario's folder (``ScenarioLoader``).
  ///
  /// - Throws: ``CommandFailure`` 66 when the file, or a history it names, is missing or
  ///   unreadable; 65 with every problem in the file, one per line, when it is not a valid scenario.
  /// `-` reads standard input. A scenario from standard input or any other pipe (a FIFO,
  /// `/dev/stdin`, `<(jq …)`) has no folder of its own, so its relative history paths start
  /// from the working folder.
  static func load(path: String) throws -> (Scenario, warnings: [ScenarioError]) {
    let loaded = try loadWithBytes(path: path)
    return (loaded.scenario, loaded.warnings)
  }

  /// ``load(path:)``, with the bytes read and the path relative histories were read from
  /// (`nil`: the scenario's own folder).
  static func loadWithBytes(path: String) throws -> (scenario: Scenario, warnings: [ScenarioError], bytes: [UInt8], anchor: String?) {
    let fromStandardInput = path == "-"
    let bytes = try FileIO.read(fromStandardInput ? "/dev/stdin" : path, shownAs: displayName(path))
    let anchor = fromStandardInput || !FileIO.isRegularFile(path) ? "./-" : nil
    return try load(bytes: bytes, file: displayName(path), anchor: anchor)
  }

  /// Validates a scenario's `bytes` (named `file` in messages), reading its histories through
  /// `readFile` (a shard file serves the copies it carries).
  static func load(
    bytes: [UInt8], file: String, anchor: String?, readFile: @escaping ScenarioFileReader = ScenarioLoader.readFile
  ) throws -> (scenario: Scenario, warnings: [ScenarioError], bytes: [UInt8], anchor: String?) {
    let result = ScenarioLoader.load(bytes, file: file, historiesRelativeTo: anchor, readFile: readFile)
    guard let scenario = result.scenario else {
      let message = result.errors.map(\.description).joined(separator: "\n")
      throw result.errors.contains(where: \.isUnreadableFile)
        ? CommandFailure.noInput(message) : CommandFailure.dataError(message)
    }
    return (scenario, result.warnings, bytes, anchor)
  }

  /// ``load(path:)``, with the file's JSON document too (standard input can be read only once),
  /// for commands that write or rebuild the scenario from what the user wrote.
  static func loadWithDocument(path: String) throws -> (scenario: Scenario, warnings: [ScenarioError], document: JSONValue) {
    let (scenario, warnings, bytes, _) = try loadWithBytes(path: path)
    return (scenario, warnings, try document(bytes, file: displayName(path)))
  }

  /// The JSON document of scenario bytes the loader has already accepted.
  static func document(_ bytes: [UInt8], file: String) throws -> JSONValue {
    // The loader has just parsed these bytes, so a syntax error here would be our bug.
    switch Result(catching: { () throws(JSONSyntaxError) -> JSONValue in try JSONParser.parse(bytes) }) {
    case .success(let document): return document
    case .failure(let error): throw CommandFailure.internalError("\(file): \(error)")
    }
  }

  /// How a scenario path appears in messages: `<stdin>` for `-`.
  static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

  /// One line about a scenario: horizon, calendar, parties and lead sources.
  ///
  /// `3 months from 2026-07-01 to 2026-09-30; Mon–Fri 09:00–17:00, 1 holiday; parties:
  /// marketing, sales, service; sources: referral, content`
  static func summary(of scenario: Scenario) -> String {
    let start = scenario.horizon.start
    let months = scenario.horizon.months
    let end = CivilDate(daysSinceEpoch: start.firstOfMonth(adding: months).daysSinceEpoch - 1)
    let horizon = "\(months) month\(months == 1 ? "" : "s") from \(start) to \(end)"
    let calendar: String
    switch scenario.calendar {
    case .alwaysOpen:
      calendar = "24x7"
    case .weekly(let workdays, let open, let close, let holidays):
      let days = Weekday.allCases.filter { workdays.contains($0) }
      let names = days.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() }
      let indices = days.compactMap { Weekday.allCases.firstIndex(of: $0) }
      let contiguous = indices.count > 2 && indices.last.map { $0 - indices[0] == indices.count - 1 } == true
      let dayText = contiguous ? "\(names[0])–\(names[names.count - 1])" : names.joined(separator: ", ")
      let holidayText = holidays.isEmpty ? "" : ", \(holidays.count) holiday\(holidays.count == 1 ? "" : "s")"
      calendar = "\(dayText) \(clock(open))–\(clock(close))\(holidayText)"
    }
    let parties = ["marketing", "sales"] + (scenario.service == nil ? [] : ["service"])
    let sources = scenario.marketing.sources.map(\.name)
    let pairs = scenario.correlations.map { "\($0.first) ~ \($0.second) (ρ \($0.rank))" }
    return "\(horizon); \(calendar); parties: \(parties.joined(separator: ", ")); "
      + "source\(sources.count == 1 ? "" : "s"): \(sources.joined(separator: ", "))"
      + pairs.map { "\n  correlated: " + $0 }.joined()
  }

  private static func clock(_ minutes: Int) -> String {
    let h = minutes / 60
    let m = minutes % 60
    return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
  }
}
