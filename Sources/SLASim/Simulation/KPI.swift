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
  /// SQLs given up (`followUp.giveUpAfterDays`) before `maxAttempts` without connecting.
  case salesLeadsAbandoned = "sales.leadsAbandoned"
  /// SQLs still waiting for a first touch at the horizon's end.
  case salesBacklog = "sales.backlog"
  /// Busy share of the reps' lead hours in the horizon (`reps × hoursPerDay` each business day).
  case salesRepUtilisation = "sales.repUtilisation"
  case serviceTickets = "service.tickets"
  /// Share of tickets answered within the firstResponse goal's hours (4 business hours without that goal).
  case serviceFirstResponseWithinShare = "service.firstResponseWithinShare"
  /// Share of tickets abandoned before an answer (``Service/patienceMinutes``); reported only
  /// when the scenario sets a patience.
  case serviceAbandonedShare = "service.abandonedShare"
  /// Share of the customers won in the horizon still active at its end.
  case serviceRetention = "service.retention"
  /// Tickets still waiting for a first response at the horizon's end.
  case serviceBacklog = "service.backlog"
  /// Busy share of the agents' desk hours in the horizon (`agents × hoursPerDay` each business day).
  case serviceAgentUtilisation = "service.agentUtilisation"

  /// Shares live in [0, 1] and matter most near 1: their quantiles are sketched on `1 − share`
  /// so the relative-error sketch resolves the nines.
  public var isShare: Bool {
    switch self {
    case .salesFirstTouchWithinShare, .serviceFirstResponseWithinShare, .serviceRetention: return true
    default: return false
    }
  }

  /// Whether tables show the KPI as a percentage: the shares and the utilisations.
  ///
  /// The abandoned share is sketched as it is (it matters most near 0, where a relative-error
  /// sketch is already fine), so it is a percentage without being an ``isShare`` KPI.
  public var isPercentage: Bool {
    isShare || self == .salesRepUtilisation || self == .serviceAgentUtilisation || self == .serviceAbandonedShare
  }

  /// The service desk's KPIs, absent from a two-party scenario.
  var isService: Bool {
    switch self {
    case .serviceTickets, .serviceFirstResponseWithinShare, .serviceAbandonedShare, .serviceRetention, .serviceBacklog,
      .serviceAgentUtilisation:
      return true
    default: return false
    }
  }
}
