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
    // Drawn per event (or, for tickets, from the desk's own stream): correlatable only as a
    // trend, whose monthly values are one draw per trial and month.
    case valuePerLead(source: Int)
    case dealSize, cycleDays, ticketsPerCustomerPerMonth, handleMinutes, patienceMinutes
  }

  public var path: String
  public var field: Field
  public var value: Value
  /// Drawn once per trial (a rate's distribution); otherwise once per month.
  public var perTrial: Bool

  /// How a field is drawn, for a correlation path.
  enum Drawn: Equatable {
    /// Once per trial (a rate).
    case perTrial
    /// Once per trial and month (a volume).
    case perMonth
    /// Only a trend of it can be correlated; the text says how it is drawn otherwise.
    case onlyAsTrend(String)
  }

  /// Every field of `scenario` a correlation path can name, with its value (drawn or not).
  static func fields(of scenario: Scenario) -> [(path: String, field: Field, value: Value, drawn: Drawn)] {
    var out: [(String, Field, Value, Drawn)] = []
    for (k, source) in scenario.marketing.sources.enumerated() {
      let at = "marketing.sources[\(source.name)]"
      out.append((at + ".leadsPerMonth", .leadsPerMonth(source: k), source.leadsPerMonth, .perMonth))
      out.append((at + ".qualifyRate", .qualifyRate(source: k), source.qualifyRate, .perTrial))
      out.append((at + ".valuePerLead", .valuePerLead(source: k), source.valuePerLead, .onlyAsTrend("drawn per lead")))
    }
    let sales = scenario.sales
    out.append(("sales.followUp.connectRate", .connectRate, sales.followUp.connectRate, .perTrial))
    out.append(("sales.opportunityRate.fast", .fastOpportunityRate, sales.opportunityRate.fast, .perTrial))
    out.append(("sales.opportunityRate.slow", .slowOpportunityRate, sales.opportunityRate.slow, .perTrial))
    out.append(("sales.closeRate", .closeRate, sales.closeRate, .perTrial))
    out.append(("sales.dealSize", .dealSize, sales.dealSize, .onlyAsTrend("drawn per deal")))
    out.append(("sales.cycleDays", .cycleDays, sales.cycleDays, .onlyAsTrend("drawn per opportunity")))
    out.append(("sales.otherRevenuePerMonth", .otherRevenuePerMonth, sales.otherRevenuePerMonth, .perMonth))
    if let service = scenario.service {
      out.append(
        (
          "service.ticketsPerCustomerPerMonth", .ticketsPerCustomerPerMonth, service.ticketsPerCustomerPerMonth,
          .onlyAsTrend("drawn each month from the service desk's own stream, which correlations do not reach")
        ))
      out.append(("service.handleMinutes", .handleMinutes, service.handleMinutes, .onlyAsTrend("drawn per ticket")))
      if let patience = service.patienceMinutes {
        out.append(("service.patienceMinutes", .patienceMinutes, patience, .onlyAsTrend("drawn per ticket")))
      }
      out.append(("service.monthlyChurn", .monthlyChurn, service.monthlyChurn, .perTrial))
    }
    return out.map { (path: $0.0, field: $0.1, value: $0.2, drawn: $0.3) }
  }

  /// The input at `path`, or why it cannot be correlated (for a message at the path).
  static func resolve(_ path: String, in scenario: Scenario) -> Result<CorrelatedInput, CorrelationPathError> {
    let all = fields(of: scenario)
    guard let found = all.first(where: { $0.path == path }) else {
      let drawn = all.filter { isCorrelatable($0.value, $0.drawn) }.map(\.path)
      return .failure(.unknown(drawnHere: drawn))
    }
    switch found.value {
    case .trend:
      return .success(CorrelatedInput(path: path, field: found.field, value: found.value, perTrial: false))
    case .distribution(.fixed(let x)): return .failure(.fixed(x))
    case .schedule: return .failure(.schedule)
    case .distribution:
      if case .onlyAsTrend(let how) = found.drawn { return .failure(.perEvent(how)) }
      return .success(
        CorrelatedInput(path: path, field: found.field, value: found.value, perTrial: found.drawn == .perTrial))
    }
  }

  /// Whether a correlation could name the field as it stands.
  static func isCorrelatable(_ v: Value, _ drawn: Drawn) -> Bool {
    switch v {
    case .distribution(.fixed), .schedule: false
    case .trend: true
    case .distribution: if case .onlyAsTrend = drawn { false } else { true }
    }
  }
}

/// Why a correlation path names nothing that can be correlated.
enum CorrelationPathError: Error, Equatable {
  /// Not a field a correlation can name; the drawn ones of this scenario.
  case unknown(drawnHere: [String])
  case fixed(Double)
  case schedule
  /// A distribution drawn per event (or from the desk's stream): how it is drawn.
  case perEvent(String)
}
