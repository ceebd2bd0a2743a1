/// One number of a scenario that `solve` and `stress` vary, addressed by its scenario path
/// (`sales.reps`, `marketing.sources[referral].leadsPerMonth`, `sales.goals.revenuePerMonth`).
///
/// A candidate value changes one field of the compiled model (``CompiledModel/setting(_:to:)``),
/// so a search compiles the scenario once. Every draw belongs to an entity, not to a queue's
/// order (docs/model.md, "Random streams"), so candidates run at one seed face the same leads,
/// tickets and luck: they differ only where the value acts.
public struct ScenarioVariable: Sendable, Equatable {
  /// What the value sets in the compiled model.
  enum Target: Sendable, Equatable {
    case salesReps, serviceAgents, salesHoursPerDay, serviceHoursPerDay
    case sourceLeadsPerMonth(source: Int)
    /// The target of goal `index` in ``CompiledModel/goals``, the same in every month.
    case goalTarget(index: Int)
    case firstTouchWithinHours, firstResponseWithinHours
  }

  /// Which end of the values meeting a probability is the answer.
  public enum Seek: String, Sendable, Equatable {
    /// A capacity (reps, hours, leads) or a response time: more makes goals easier, so the
    /// answer is the smallest value that still meets the probability.
    case smallest
    /// A goal's target (a quota, a share): more makes it harder, so the answer is the
    /// largest value that can still be promised.
    case largest
  }

  /// The path as `solve` prints it (a source is named by its name).
  public let path: String
  /// The party whose numbers the value belongs to (its SLA is `solve`'s default goal).
  public let party: Party
  /// Whole numbers only (reps, agents).
  public let isInteger: Bool
  public let seek: Seek
  /// The scenario's value.
  public let current: Double
  /// The values validation accepts for the field.
  public let range: ClosedRange<Double>
  /// The unit, for people: `reps`, `hours a day`, `leads a month`.
  public let unit: String
  let target: Target
}

/// Why a path cannot be varied; the message names the valid paths of the scenario.
public struct ScenarioVariableError: Error, Sendable, Equatable, CustomStringConvertible {
  public let path: String
  public let reason: String
  /// The paths of this scenario that can be varied.
  public let validPaths: [String]
  public var description: String {
    "'\(path)' \(reason). Paths that can be varied in this scenario: \(validPaths.joined(separator: ", "))."
  }
}

extension ScenarioVariable {
  /// Every path of `scenario` that can be varied, in the order `solve --help` lists them.
  public static func all(in scenario: Scenario) -> [ScenarioVariable] {
    CompiledModel.variableDescriptions(scenario)
  }

  /// The variable at `path`, or an error that says why not and lists the valid paths.
  ///
  /// A source is written by name or by index: `marketing.sources[referral].leadsPerMonth`,
  /// `marketing.sources[0].leadsPerMonth` (also `marketing.sources.referral.leadsPerMonth`).
  public static func named(_ path: String, in scenario: Scenario) throws(ScenarioVariableError) -> ScenarioVariable {
    let variables = all(in: scenario)
    let valid = variables.map(\.path)
    let canonical = canonicalPath(path, scenario: scenario)
    if let found = variables.first(where: { $0.path == canonical }) { return found }
    throw ScenarioVariableError(path: path, reason: whyNot(canonical, scenario: scenario), validPaths: valid)
  }

  /// Rewrites a source given by index or with a dot into the `[name]` form.
  static func canonicalPath(_ path: String, scenario: Scenario) -> String {
    let prefix = "marketing.sources"
    guard path.hasPrefix(prefix) else { return path }
    var rest = path.dropFirst(prefix.count)
    let selector: Substring
    if rest.first == "[", let close = rest.firstIndex(of: "]") {
      selector = rest[rest.index(after: rest.startIndex)..<close]
      rest = rest[rest.index(after: close)...]
    } else if rest.first == "." {
      let afterDot = rest.dropFirst()
      guard let dot = afterDot.firstIndex(of: ".") else { return path }
      selector = afterDot[..<dot]
      rest = afterDot[dot...]
    } else {
      return path
    }
    let sources = scenario.marketing.sources
    var name = String(selector)
    if name.count >= 2, name.first == "\"" || name.first == "'", name.last == name.first {
      name = String(name.dropFirst().dropLast())
    }
    if let index = Int(name), sources.indices.contains(index) { name = sources[index].name }
    return "\(prefix)[\(name)]\(rest)"
  }

  /// Why `path` is not one of the scenario's variables.
  static func whyNot(_ path: String, scenario: Scenario) -> String {
    func notNumber(_ value: Value?) -> String? {
      guard let value else { return "is not in this scenario" }
      switch value {
      case .distribution(.fixed): return nil
      case .distribution: return "is a distribution, not a number; only a fixed number can be varied"
      case .schedule: return "is a schedule, not a number; only a fixed number can be varied"
      case .trend: return "follows a trend, not a number; only a fixed number can be varied"
      }
    }
    let service = scenario.service
    switch path {
    case "sales.hoursPerDay" where !scenario.sales.workWindows.isEmpty,
      "service.hoursPerDay" where service.map({ !$0.workWindows.isEmpty }) ?? false:
      return "cannot be varied: the staff work in workWindows, which set their hours"
    case "sales.goals.revenuePerMonth": return notNumber(scenario.sales.goals.revenuePerMonth) ?? "cannot be varied"
    case "sales.goals.firstTouch.share": return notNumber(scenario.sales.goals.firstTouch?.share) ?? "cannot be varied"
    case "marketing.goals.leadsPerMonth": return notNumber(scenario.marketing.goals.leadsPerMonth) ?? "cannot be varied"
    case "marketing.goals.sqlsPerMonth": return notNumber(scenario.marketing.goals.sqlsPerMonth) ?? "cannot be varied"
    case "marketing.goals.leadValuePerMonth":
      return notNumber(scenario.marketing.goals.leadValuePerMonth) ?? "cannot be varied"
    case "service.goals.firstResponse.share":
      return notNumber(service?.goals.firstResponse?.share) ?? "cannot be varied"
    case "service.goals.retention": return notNumber(service?.goals.retention) ?? "cannot be varied"
    default: break
    }
    if path.hasPrefix("service.") && service == nil { return "is not in this scenario (it has no service section)" }
    for source in scenario.marketing.sources where path == "marketing.sources[\(source.name)].leadsPerMonth" {
      return notNumber(source.leadsPerMonth) ?? "cannot be varied"
    }
    if path.hasPrefix("marketing.sources[") && path.hasSuffix("].leadsPerMonth") {
      let names = scenario.marketing.sources.map(\.name).joined(separator: ", ")
      return "names no source of this scenario (its sources: \(names); or an index from 0)"
    }
    return "is not a number that can be varied"
  }
}

extension CompiledModel {
  /// The scenario's variables (see ``ScenarioVariable``): only fixed numbers, only fields that
  /// act on the simulation as one field of the compiled model.
  static func variableDescriptions(_ scenario: Scenario) -> [ScenarioVariable] {
    var out: [ScenarioVariable] = []
    let staff = 1...Double(ScenarioDecoder.maximumStaff)
    let openHours = BusinessCalendar(scenario.calendar).openMinutesPerBusinessDay / 60
    let hours = ScenarioDecoder.minimumHoursPerDay...openHours
    let within = 1.0 / 60...ScenarioDecoder.maximumBusinessHours
    let sales = scenario.sales
    out.append(.init(path: "sales.reps", party: .sales, isInteger: true, seek: .smallest,
                     current: Double(sales.reps), range: staff, unit: "reps", target: .salesReps))
    if sales.workWindows.isEmpty {
      out.append(.init(path: "sales.hoursPerDay", party: .sales, isInteger: false, seek: .smallest,
                       current: sales.hoursPerDay, range: hours, unit: "hours a day", target: .salesHoursPerDay))
    }
    if let service = scenario.service {
      out.append(.init(path: "service.agents", party: .service, isInteger: true, seek: .smallest,
                       current: Double(service.agents), range: staff, unit: "agents", target: .serviceAgents))
      if service.workWindows.isEmpty {
        out.append(.init(path: "service.hoursPerDay", party: .service, isInteger: false, seek: .smallest,
                         current: service.hoursPerDay, range: hours, unit: "hours a day",
                         target: .serviceHoursPerDay))
      }
    }
    for (i, source) in scenario.marketing.sources.enumerated() {
      guard let x = source.leadsPerMonth.fixedValue else { continue }
      out.append(.init(path: "marketing.sources[\(source.name)].leadsPerMonth", party: .marketing, isInteger: false,
                       seek: .smallest, current: x, range: 0...ScenarioDecoder.maximumLeadsPerMonth,
                       unit: "leads a month", target: .sourceLeadsPerMonth(source: i)))
    }
    // Goals, in the compiled model's order (its index is the target).
    let compiled = CompiledModel.goalValues(scenario)
    for (index, goal) in compiled.enumerated() {
      guard let x = goal.value else { continue }
      let range: ClosedRange<Double>
      let unit: String
      switch goal.key {
      case "leadsPerMonth": (range, unit) = (0...ScenarioDecoder.maximumCountGoal, "leads a month")
      case _ where goal.key.hasPrefix("sources["): (range, unit) = (0...ScenarioDecoder.maximumCountGoal, "leads a month")
      case "sqlsPerMonth": (range, unit) = (0...ScenarioDecoder.maximumCountGoal, "SQLs a month")
      case "attemptsOnUnconnected": (range, unit) = (0...Double(ScenarioDecoder.maximumAttempts), "attempts")
      case "firstTouch", "firstResponse", "retention": (range, unit) = (0...1, "share")
      default: (range, unit) = (0...ScenarioDecoder.maximumMoney, "a month")
      }
      out.append(.init(path: goal.path, party: goal.party, isInteger: false, seek: .largest, current: x,
                       range: range, unit: unit, target: .goalTarget(index: index)))
    }
    if let firstTouch = sales.goals.firstTouch {
      out.append(.init(path: "sales.goals.firstTouch.withinHours", party: .sales, isInteger: false, seek: .smallest,
                       current: firstTouch.withinHours, range: within, unit: "business hours",
                       target: .firstTouchWithinHours))
    }
    if let firstResponse = scenario.service?.goals.firstResponse {
      out.append(.init(path: "service.goals.firstResponse.withinHours", party: .service, isInteger: false,
                       seek: .smallest, current: firstResponse.withinHours, range: within, unit: "business hours",
                       target: .firstResponseWithinHours))
    }
    return out
  }

  /// The goals in the compiled model's order with their paths and, when fixed, their numbers.
  /// (The order is ``init(_:)``'s; a test checks the two agree.)
  static func goalValues(_ scenario: Scenario) -> [(party: Party, key: String, path: String, value: Double?)] {
    var out: [(Party, String, String, Double?)] = []
    let m = scenario.marketing.goals
    let s = scenario.sales.goals
    if let v = m.leadsPerMonth { out.append((.marketing, "leadsPerMonth", "marketing.goals.leadsPerMonth", v.fixedValue)) }
    if let v = m.sqlsPerMonth { out.append((.marketing, "sqlsPerMonth", "marketing.goals.sqlsPerMonth", v.fixedValue)) }
    if let v = m.leadValuePerMonth {
      out.append((.marketing, "leadValuePerMonth", "marketing.goals.leadValuePerMonth", v.fixedValue))
    }
    for source in scenario.marketing.sources {
      if let v = source.leadsGoalPerMonth {
        out.append((
          .marketing, "sources[\(source.name)].leadsPerMonth", "marketing.sources[\(source.name)].goals.leadsPerMonth",
          v.fixedValue
        ))
      }
    }
    if let v = s.revenuePerMonth { out.append((.sales, "revenuePerMonth", "sales.goals.revenuePerMonth", v.fixedValue)) }
    if let v = s.firstTouch?.share { out.append((.sales, "firstTouch", "sales.goals.firstTouch.share", v.fixedValue)) }
    if let v = s.attemptsOnUnconnected {
      out.append((.sales, "attemptsOnUnconnected", "sales.goals.attemptsOnUnconnected", v))
    }
    if let service = scenario.service {
      if let v = service.goals.firstResponse?.share {
        out.append((.service, "firstResponse", "service.goals.firstResponse.share", v.fixedValue))
      }
      if let v = service.goals.retention { out.append((.service, "retention", "service.goals.retention", v.fixedValue)) }
    }
    return out.map { (party: $0.0, key: $0.1, path: $0.2, value: $0.3) }
  }

  /// This model with `variable` set to `value` (which must be in `variable.range`; an integer
  /// variable takes `value` rounded down).
  ///
  /// Each case changes what ``init(_:)`` derives from the field and nothing else:
  /// - reps and agents: the number of servers;
  /// - hours per day: the stretch of each attempt or ticket (DESIGN.md §3.2);
  /// - a source's leads per month: its one fixed point;
  /// - a goal's number: its target in every month; a response time: the minutes it counts.
  func setting(_ variable: ScenarioVariable, to value: Double) -> CompiledModel {
    var model = self
    let openMinutes = clock.openMinutesPerBusinessDay
    switch variable.target {
    case .salesReps: model.reps = Int(value)
    case .serviceAgents: model.agents = Int(value)
    case .salesHoursPerDay:
      model.attemptBusinessMinutes = scenario.sales.followUp.minutesPerAttempt * openMinutes / (value * 60)
    case .serviceHoursPerDay: model.handleStretch = openMinutes / (value * 60)
    case .sourceLeadsPerMonth(let source):
      model.points[sourceLeads[source].firstPoint].distribution = .fixed(value)
    case .goalTarget(let index):
      model.goals[index].targets = Array(repeating: value, count: months)
    case .firstTouchWithinHours: model.firstTouchWithinMinutes = value * 60
    case .firstResponseWithinHours: model.firstResponseWithinMinutes = value * 60
    }
    return model
  }
}
