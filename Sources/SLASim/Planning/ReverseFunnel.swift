import RealModule

/// The deterministic reverse funnel planners compute by hand (DOMAIN.md).
///
/// 1. marketing-sourced revenue goal = sales quota × share of revenue from marketing leads
/// 2. customers needed = marketing-sourced revenue goal ÷ average deal size
/// 3. leads needed = customers needed ÷ lead-to-customer close rate
///
/// Example: a $5,000 quota, all of it from marketing leads, $100 deals and a 50% win rate
/// on leads need 100 leads.
public struct ReverseFunnel: Sendable, Equatable {
  public var salesQuota: Double
  public var marketingShare: Double
  public var averageDealSize: Double
  public var leadToCustomerRate: Double
  /// Leads Marketing's inputs deliver on average (for comparison with ``leadsNeeded``).
  public var expectedLeads: Double
  /// Lead value Marketing's inputs deliver on average: Σ leads per month × value per lead.
  public var expectedLeadValue: Double

  public init(
    salesQuota: Double, marketingShare: Double, averageDealSize: Double, leadToCustomerRate: Double,
    expectedLeads: Double = 0, expectedLeadValue: Double = 0
  ) {
    self.salesQuota = salesQuota
    self.marketingShare = marketingShare
    self.averageDealSize = averageDealSize
    self.leadToCustomerRate = leadToCustomerRate
    self.expectedLeads = expectedLeads
    self.expectedLeadValue = expectedLeadValue
  }

  /// Step 1: the revenue Marketing's leads must bring in.
  public var marketingRevenueGoal: Double { salesQuota * marketingShare }
  /// Step 2: customers needed (+∞ when the deal size is 0 and revenue is needed).
  public var customersNeeded: Double {
    marketingRevenueGoal == 0 ? 0 : marketingRevenueGoal / averageDealSize
  }
  /// Step 3: leads needed (+∞ when no lead can become a customer and customers are needed).
  public var leadsNeeded: Double {
    customersNeeded == 0 ? 0 : customersNeeded / leadToCustomerRate
  }
}

extension ReverseFunnel {
  /// One plan per month of `scenario`, from the means of its inputs in force on the month's
  /// first day; `nil` without a `revenuePerMonth` goal.
  ///
  /// The marketing share is what the quota needs beyond the mean sales-sourced revenue. The
  /// lead-to-customer rate is qualify rate (lead-weighted over sources) × P(connect within
  /// `maxAttempts`) × the fast opportunity rate (the SLA's promise is a fast touch) × close rate.
  public static func monthlyPlans(for scenario: Scenario) -> [ReverseFunnel]? {
    guard let quotaValue = scenario.sales.goals.revenuePerMonth else { return nil }
    let start = scenario.horizon.start
    return (0..<scenario.horizon.months).map { m in
      let day = start.firstOfMonth(adding: m)
      let quota = quotaValue.mean(on: day)
      let other = scenario.sales.otherRevenuePerMonth.mean(on: day)
      let marketingRevenue = Swift.max(0, quota - other)
      var leads = 0.0
      var sqls = 0.0
      var value = 0.0
      for source in scenario.marketing.sources {
        let l = source.leadsPerMonth.mean(on: day)
        leads += l
        sqls += l * source.qualifyRate.mean(on: day)
        value += l * source.valuePerLead.mean(on: day)
      }
      let qualify = leads > 0 ? sqls / leads : 0
      let followUp = scenario.sales.followUp
      let connect = 1 - Double.pow(1 - followUp.connectRate.mean(on: day), followUp.maxAttempts)
      let opportunity = scenario.sales.opportunityRate.fast.mean(on: day)
      let close = scenario.sales.closeRate.mean(on: day)
      return ReverseFunnel(
        salesQuota: quota, marketingShare: quota > 0 ? marketingRevenue / quota : 0,
        averageDealSize: scenario.sales.dealSize.mean(on: day),
        leadToCustomerRate: qualify * connect * opportunity * close,
        expectedLeads: leads, expectedLeadValue: value)
    }
  }
}

extension Value {
  /// The mean of the value in force on `date` (linear schedules interpolate the means; a trend
  /// gives its point forecast for the month, see ``TrendSpec/mean(on:)``).
  public func mean(on date: CivilDate) -> Double {
    switch self {
    case .trend(let t): return t.mean(on: date)
    case .distribution(let d): return d.mean
    case .schedule(let s):
      let day = date.daysSinceEpoch
      var i = 0
      while i + 1 < s.points.count && s.points[i + 1].from.daysSinceEpoch <= day { i += 1 }
      let here = s.points[i]
      if s.interpolation == .linear && i + 1 < s.points.count && day > here.from.daysSinceEpoch {
        let next = s.points[i + 1]
        let w = Double(day - here.from.daysSinceEpoch) / Double(next.from.daysSinceEpoch - here.from.daysSinceEpoch)
        return (1 - w) * here.value.mean + w * next.value.mean
      }
      return here.value.mean
    }
  }
}
