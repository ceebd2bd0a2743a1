/// A key performance indicator reported with its distribution over trials (horizon totals or shares).
public enum KPI: String, CaseIterable, Sendable {
  case marketingLeads = "marketing.leads"
  case marketingSQLs = "marketing.sqls"
  case marketingLeadValue = "marketing.leadValue"
  /// Share of SQLs first touched within the firstTouch goal's hours (1 business hour without that goal).
  case salesFirstTouchWithinShare = "sales.firstTouchWithinShare"
  /// Mean attempts made on leads that never connected.
  case salesAttemptsOnUnconnected = "sales.attemptsOnUnconnected"
  case salesDeals = "sales.deals"
  case salesRevenue = "sales.revenue"
  case serviceTickets = "service.tickets"
  /// Share of tickets answered within the firstResponse goal's hours (4 business hours without that goal).
  case serviceFirstResponseWithinShare = "service.firstResponseWithinShare"
  /// Share of the customers won in the horizon still active at its end.
  case serviceRetention = "service.retention"

  /// Shares live in [0, 1] and matter most near 1: their quantiles are sketched on `1 − share`
  /// so the relative-error sketch resolves the nines.
  public var isShare: Bool {
    switch self {
    case .salesFirstTouchWithinShare, .serviceFirstResponseWithinShare, .serviceRetention: return true
    default: return false
    }
  }
}
