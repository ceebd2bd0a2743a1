/// An input a ``Correlation`` can name: a quantity the engine draws per trial or per month.
///
/// Per trial: a rate given as one distribution (each source's `qualifyRate`,
/// `sales.followUp.connectRate`, `sales.opportunityRate.fast`/`.slow`, `sales.closeRate`,
/// `service.monthlyChurn`). Per month: a source's `leadsPerMonth` or
/// `sales.otherRevenuePerMonth` given as one distribution, and any of these fields given as a
/// trend (each month's value). Fixed numbers are drawn nowhere and schedules draw each point
/// on its own, so neither can be correlated (docs/model.md, "Correlated inputs").
public struct CorrelatedInput: Sendable, Equatable {
  public enum Field: Sendable, Equatable {
    case qualifyRate(source: Int)
    case connectRate, fastOpportunityRate, slowOpportunityRate, closeRate, monthlyChurn
    case leadsPerMonth(source: Int)
    case otherRevenuePerMonth
  }

  public var path: String
  public var field: Field
  public var value: Value
  /// Drawn once per trial (a rate's distribution); otherwise once per month.
  public var perTrial: Bool

  /// Every field of `scenario` a correlation path can name, with its value (drawn or not).
  static func fields(of scenario: Scenario) -> [(path: String, field: Field, value: Value, isRate: Bool)] {
    var out: [(String, Field, Value, Bool)] = []
    for (k, source) in scenario.marketing.sources.enumerated() {
      out.append(("marketing.sources[\(source.name)].leadsPerMonth", .leadsPerMonth(source: k), source.leadsPerMonth, false))
      out.append(("marketing.sources[\(source.name)].qualifyRate", .qualifyRate(source: k), source.qualifyRate, true))
    }
    let sales = scenario.sales
    out.append(("sales.followUp.connectRate", .connectRate, sales.followUp.connectRate, true))
    out.append(("sales.opportunityRate.fast", .fastOpportunityRate, sales.opportunityRate.fast, true))
    out.append(("sales.opportunityRate.slow", .slowOpportunityRate, sales.opportunityRate.slow, true))
    out.append(("sales.closeRate", .closeRate, sales.closeRate, true))
    out.append(("sales.otherRevenuePerMonth", .otherRevenuePerMonth, sales.otherRevenuePerMonth, false))
    if let service = scenario.service {
      out.append(("service.monthlyChurn", .monthlyChurn, service.monthlyChurn, true))
    }
    return out.map { (path: $0.0, field: $0.1, value: $0.2, isRate: $0.3) }
  }

  /// The input at `path`, or why it cannot be correlated (for a message at the path).
  static func resolve(_ path: String, in scenario: Scenario) -> Result<CorrelatedInput, CorrelationPathError> {
    let all = fields(of: scenario)
    guard let found = all.first(where: { $0.path == path }) else {
      let drawn = all.filter { isDrawn($0.value) }.map(\.path)
      return .failure(.unknown(drawnHere: drawn))
    }
    switch found.value {
    case .distribution(.fixed(let x)): return .failure(.fixed(x))
    case .schedule: return .failure(.schedule)
    case .distribution:
      return .success(CorrelatedInput(path: path, field: found.field, value: found.value, perTrial: found.isRate))
    case .trend:
      return .success(CorrelatedInput(path: path, field: found.field, value: found.value, perTrial: false))
    }
  }

  static func isDrawn(_ v: Value) -> Bool {
    switch v {
    case .distribution(.fixed), .schedule: false
    case .distribution, .trend: true
    }
  }
}

/// Why a correlation path names nothing that can be correlated.
enum CorrelationPathError: Error, Equatable {
  /// Not a field a correlation can name; the drawn ones of this scenario.
  case unknown(drawnHere: [String])
  case fixed(Double)
  case schedule
}
