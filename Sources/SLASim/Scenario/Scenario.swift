/// A validated scenario: the parties, their inputs and their goals (format version 1).
///
/// Values are already checked and normalised when a `Scenario` exists: distributions use
/// one canonical parameterisation, optional sections carry their documented defaults.
/// Build one with ``ScenarioLoader`` from JSON, or directly in code.
public struct Scenario: Sendable, Equatable {
  public var name: String
  public var horizon: Horizon
  public var calendar: CalendarSpec
  public var simulation: SimulationSettings
  public var marketing: Marketing
  public var sales: Sales
  /// `nil` for a two-party (Marketing and Sales) agreement.
  public var service: Service?
  public var escalation: Escalation
  /// Rank correlations between drawn inputs (`correlations`), imposed by a Gaussian copula
  /// (docs/model.md, "Correlated inputs"); empty: every input is drawn independently.
  public var correlations: [Correlation] = []
  /// Correlated inputs held at a quantile of their own distribution while their partners
  /// follow the copula's conditional (what `sensitivity` moves a correlated input by); not
  /// part of the file format. The engine honours the first pin only: one input at a time.
  public var correlationPins: [CorrelationPin] = []

  public init(
    name: String, horizon: Horizon, calendar: CalendarSpec = .standard,
    simulation: SimulationSettings = SimulationSettings(), marketing: Marketing, sales: Sales,
    service: Service? = nil, escalation: Escalation = Escalation()
  ) {
    self.name = name
    self.horizon = horizon
    self.calendar = calendar
    self.simulation = simulation
    self.marketing = marketing
    self.sales = sales
    self.service = service
    self.escalation = escalation
  }
}

/// The simulated period: whole calendar months from a first day.
public struct Horizon: Sendable, Equatable {
  /// First day of the horizon; format v1 requires the first of a month.
  public var start: CivilDate
  /// Number of calendar months, 1...60.
  public var months: Int
  public init(start: CivilDate, months: Int) {
    self.start = start
    self.months = months
  }
}

/// When reps and agents work.
public enum CalendarSpec: Sendable, Equatable {
  /// Open every minute of every day (`"calendar": "24x7"`).
  case alwaysOpen
  /// Open on `workdays` from `openMinute` to `closeMinute` (minutes after midnight), except holidays.
  case weekly(workdays: Set<Weekday>, openMinute: Int, closeMinute: Int, holidays: [CivilDate])

  /// Monday to Friday, 09:00 to 17:00, no holidays: the default.
  public static let standard = CalendarSpec.weekly(
    workdays: [.monday, .tuesday, .wednesday, .thursday, .friday],
    openMinute: 9 * 60, closeMinute: 17 * 60, holidays: [])
}

/// Trial count, seed and warm start; all optional in the file.
public struct SimulationSettings: Sendable, Equatable {
  /// Default trial count when neither the file nor `--trials` gives one.
  public static let defaultTrials = 10_000
  /// Default seed when neither the file nor `--seed` gives one.
  public static let defaultSeed: UInt64 = 20_260_701
  public var trials: Int?
  public var seed: UInt64?
  /// Months simulated before the horizon with the inputs in force at its start, so that
  /// queues, backlog and the pipeline start as they would after running for a while
  /// (docs/model.md, "Warm start"); their figures are not counted. 0, the default, starts
  /// every queue and the pipeline empty.
  public var warmUpMonths: Int
  public init(trials: Int? = nil, seed: UInt64? = nil, warmUpMonths: Int = 0) {
    self.trials = trials
    self.seed = seed
    self.warmUpMonths = warmUpMonths
  }
}

/// Marketing: lead sources and lead goals.
public struct Marketing: Sendable, Equatable {
  public var sources: [LeadSource]
  /// Share of leads that arrive inside business hours; `nil` means the business share of the
  /// month's minutes (leads spread evenly over wall-clock time).
  public var businessHoursShare: Double?
  public var goals: MarketingGoals
  public init(sources: [LeadSource], businessHoursShare: Double? = nil, goals: MarketingGoals = MarketingGoals()) {
    self.sources = sources
    self.businessHoursShare = businessHoursShare
    self.goals = goals
  }
}

/// One lead source (channel, campaign or contact level).
public struct LeadSource: Sendable, Equatable {
  public var name: String
  /// Expected leads per calendar month (a volume: drawn once per trial per month).
  public var leadsPerMonth: Value
  /// Value of one lead in currency units (a size: drawn per lead).
  public var valuePerLead: Value
  /// Probability a lead becomes an SQL (a rate: drawn once per trial).
  public var qualifyRate: Value
  /// Marketing's goal for this source alone: leads per month (a fixed number or a schedule;
  /// `slasim plan --write-scenario` writes one per source). The goal key is
  /// `sources[<name>].leadsPerMonth`.
  public var leadsGoalPerMonth: Value?
  public init(
    name: String, leadsPerMonth: Value, valuePerLead: Value = .fixed(0), qualifyRate: Value = .fixed(1),
    leadsGoalPerMonth: Value? = nil
  ) {
    self.name = name
    self.leadsPerMonth = leadsPerMonth
    self.valuePerLead = valuePerLead
    self.qualifyRate = qualifyRate
    self.leadsGoalPerMonth = leadsGoalPerMonth
  }
}

public struct MarketingGoals: Sendable, Equatable {
  public var leadsPerMonth: Value?
  public var sqlsPerMonth: Value?
  public var leadValuePerMonth: Value?
  public init(leadsPerMonth: Value? = nil, sqlsPerMonth: Value? = nil, leadValuePerMonth: Value? = nil) {
    self.leadsPerMonth = leadsPerMonth
    self.sqlsPerMonth = sqlsPerMonth
    self.leadValuePerMonth = leadValuePerMonth
  }
}

/// A daily window of full-speed work inside the calendar's open hours, in minutes after midnight.
public struct WorkWindow: Sendable, Equatable {
  public var startMinute: Int
  public var endMinute: Int
  public init(startMinute: Int, endMinute: Int) {
    self.startMinute = startMinute
    self.endMinute = endMinute
  }
}

/// Sales: the follow-up queue, the pipeline and the quota.
public struct Sales: Sendable, Equatable {
  public var reps: Int
  /// Hours per business day each rep spends on marketing leads (the windows' total when
  /// `workWindows` is given).
  public var hoursPerDay: Double
  /// When reps work leads, at full speed (`[]`: spread over the day by `hoursPerDay`).
  public var workWindows: [WorkWindow] = []
  /// Reps who join during (or before) the horizon and ramp up to full capacity.
  public var hires: [Hire] = []
  public var followUp: FollowUp
  public var opportunityRate: OpportunityRate
  /// Probability an opportunity is won, in force on its close day (a rate).
  public var closeRate: Value
  /// Revenue of a won deal (a size: drawn per deal).
  public var dealSize: Value
  /// Calendar days from connection to resolution (a duration: drawn per opportunity).
  public var cycleDays: Value
  public var openPipeline: OpenPipeline?
  /// Sales-sourced revenue per month (a volume); 0 by default.
  public var otherRevenuePerMonth: Value
  public var goals: SalesGoals
  public init(
    reps: Int, hoursPerDay: Double, followUp: FollowUp, opportunityRate: OpportunityRate = OpportunityRate(),
    closeRate: Value, dealSize: Value, cycleDays: Value, openPipeline: OpenPipeline? = nil,
    otherRevenuePerMonth: Value = .fixed(0), goals: SalesGoals = SalesGoals()
  ) {
    self.reps = reps
    self.hoursPerDay = hoursPerDay
    self.followUp = followUp
    self.opportunityRate = opportunityRate
    self.closeRate = closeRate
    self.dealSize = dealSize
    self.cycleDays = cycleDays
    self.openPipeline = openPipeline
    self.otherRevenuePerMonth = otherRevenuePerMonth
    self.goals = goals
  }
}

/// Reps who join on `from` and ramp up: in their k-th month (k = 1 is the calendar month
/// containing `from`) each works `hoursPerDay × k/(rampMonths + 1)`, and from month
/// `rampMonths + 1` on the full `hoursPerDay`.
public struct Hire: Sendable, Equatable {
  /// The first day the hires work (any day: their first month is the one containing it).
  public var from: CivilDate
  public var reps: Int
  /// Months of reduced capacity before a hire works full time (0: full from the start).
  public var rampMonths: Int
  public init(from: CivilDate, reps: Int, rampMonths: Int = 0) {
    self.from = from
    self.reps = reps
    self.rampMonths = rampMonths
  }

  /// The share of a full rep's hours one of these hires works in the month that starts on
  /// `monthStart` (a first of a month): 0 before `from`, `k/(rampMonths + 1)` in the k-th
  /// month, 1 from then on.
  public func capacityFactor(monthStarting monthStart: CivilDate) -> Double {
    let k = (monthStart.year - from.year) * 12 + (monthStart.month - from.month) + 1
    if k <= 0 { return 0 }
    if k > rampMonths { return 1 }
    return Double(k) / Double(rampMonths + 1)
  }
}

extension Sales {
  /// Full-rep equivalents working in the month that starts on `monthStart`: the `reps` plus
  /// each hire weighted by its ``Hire/capacityFactor(monthStarting:)``.
  public func capacity(monthStarting monthStart: CivilDate) -> Double {
    hires.reduce(Double(reps)) { $0 + Double($1.reps) * $1.capacityFactor(monthStarting: monthStart) }
  }
}

public struct FollowUp: Sendable, Equatable {
  /// Attempts on a lead that has not connected, at most (≥ 1).
  public var maxAttempts: Int
  /// Rep time one attempt takes, in minutes (fixed).
  public var minutesPerAttempt: Double
  /// Business hours from the end of an unconnected attempt to the next attempt.
  public var retryAfterHours: Double
  /// Probability one attempt connects (a rate).
  public var connectRate: Value
  /// Business days after a lead's arrival after which no further attempt on it starts.
  public var giveUpAfterDays: Double
  /// Four working weeks: a common length for a follow-up cadence.
  public static let defaultGiveUpAfterDays = 20.0
  public init(
    maxAttempts: Int, minutesPerAttempt: Double, retryAfterHours: Double, connectRate: Value,
    giveUpAfterDays: Double = FollowUp.defaultGiveUpAfterDays
  ) {
    self.maxAttempts = maxAttempts
    self.minutesPerAttempt = minutesPerAttempt
    self.retryAfterHours = retryAfterHours
    self.connectRate = connectRate
    self.giveUpAfterDays = giveUpAfterDays
  }
}

/// Probability that a connected lead becomes an opportunity, by speed to lead.
public struct OpportunityRate: Sendable, Equatable {
  /// Rate when the first touch came within `fastWithinMinutes` business minutes.
  public var fast: Value
  /// Rate otherwise.
  public var slow: Value
  public var fastWithinMinutes: Double
  /// A single rate for every lead (`"opportunityRate": 0.3`); the default is 1.
  public init(_ rate: Value = .fixed(1)) {
    self.fast = rate
    self.slow = rate
    self.fastWithinMinutes = 0
  }
  public init(fast: Value, slow: Value, fastWithinMinutes: Double) {
    self.fast = fast
    self.slow = slow
    self.fastWithinMinutes = fastWithinMinutes
  }
}

/// Opportunities already open in the CRM when the horizon starts.
public struct OpenPipeline: Sendable, Equatable {
  public var opportunities: Int
  /// Calendar days from the horizon start until each resolves (drawn per opportunity).
  public var remainingDays: Value
  public init(opportunities: Int, remainingDays: Value) {
    self.opportunities = opportunities
    self.remainingDays = remainingDays
  }
}

public struct SalesGoals: Sendable, Equatable {
  public var revenuePerMonth: Value?
  public var firstTouch: ShareGoal?
  public var attemptsOnUnconnected: Double?
  public init(revenuePerMonth: Value? = nil, firstTouch: ShareGoal? = nil, attemptsOnUnconnected: Double? = nil) {
    self.revenuePerMonth = revenuePerMonth
    self.firstTouch = firstTouch
    self.attemptsOnUnconnected = attemptsOnUnconnected
  }
}

/// The goal that `share` of items are answered within `withinHours` business hours.
public struct ShareGoal: Sendable, Equatable {
  public var withinHours: Double
  /// A fixed share in [0, 1], or a schedule of fixed shares.
  public var share: Value
  public init(withinHours: Double, share: Value) {
    self.withinHours = withinHours
    self.share = share
  }
}

/// Customer Service: the ticket desk and retention.
public struct Service: Sendable, Equatable {
  public var existingCustomers: Int
  public var agents: Int
  public var hoursPerDay: Double
  /// When agents answer tickets, at full speed (`[]`: spread over the day by `hoursPerDay`).
  public var workWindows: [WorkWindow] = []
  /// Tickets each active customer raises per month (a volume: drawn once per trial per month).
  public var ticketsPerCustomerPerMonth: Value
  /// Agent minutes per ticket (a duration: drawn per ticket).
  public var handleMinutes: Value
  /// Business minutes a ticket waits for an answer before it is abandoned (a duration: drawn
  /// per ticket); `nil`: every ticket waits as long as it takes.
  public var patienceMinutes: Value?
  /// Probability a customer churns in a month (a rate).
  public var monthlyChurn: Value
  public var goals: ServiceGoals
  public init(
    existingCustomers: Int, agents: Int, hoursPerDay: Double, ticketsPerCustomerPerMonth: Value,
    handleMinutes: Value, patienceMinutes: Value? = nil, monthlyChurn: Value = .fixed(0),
    goals: ServiceGoals = ServiceGoals()
  ) {
    self.existingCustomers = existingCustomers
    self.agents = agents
    self.hoursPerDay = hoursPerDay
    self.ticketsPerCustomerPerMonth = ticketsPerCustomerPerMonth
    self.handleMinutes = handleMinutes
    self.patienceMinutes = patienceMinutes
    self.monthlyChurn = monthlyChurn
    self.goals = goals
  }
}

public struct ServiceGoals: Sendable, Equatable {
  public var firstResponse: ShareGoal?
  /// Share of the customers won in the horizon still active at its end.
  public var retention: Value?
  public init(firstResponse: ShareGoal? = nil, retention: Value? = nil) {
    self.firstResponse = firstResponse
    self.retention = retention
  }
}

/// The review ladder: rung k is reached when `afterMonthsMissed[k]` months in a row are missed.
public struct Escalation: Sendable, Equatable {
  public var afterMonthsMissed: [Int]
  public var cancelAfterMonthsMissed: Int
  public init(afterMonthsMissed: [Int] = [1, 2, 3], cancelAfterMonthsMissed: Int = 3) {
    self.afterMonthsMissed = afterMonthsMissed
    self.cancelAfterMonthsMissed = cancelAfterMonthsMissed
  }
}

/// A Spearman rank correlation between two drawn inputs, named by path
/// (`{"between": ["sales.closeRate", "marketing.sources[content].leadsPerMonth"], "rank": 0.5}`).
///
/// Only quantities the engine draws per trial (a rate given as a distribution) or per month
/// (a source's `leadsPerMonth` or `sales.otherRevenuePerMonth` as a distribution, or any of
/// these as a trend) can be correlated; ``CorrelatedInput`` lists them.
public struct Correlation: Sendable, Equatable {
  public var first: String
  public var second: String
  /// Spearman's ρ between the two draws, in [−1, 1].
  public var rank: Double

  public init(_ first: String, _ second: String, rank: Double) {
    self.first = first
    self.second = second
    self.rank = rank
  }
}

/// A correlated input held at its `percentile` (``Scenario/correlationPins``).
public struct CorrelationPin: Sendable, Equatable {
  public var path: String
  /// In (0, 1).
  public var percentile: Double

  public init(_ path: String, percentile: Double) {
    self.path = path
    self.percentile = percentile
  }
}
