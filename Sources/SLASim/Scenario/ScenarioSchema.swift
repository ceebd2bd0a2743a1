/// The JSON Schema (draft 2020-12) of scenario format version 1, for editors.
///
/// Point a scenario's `"$schema"` key at `docs/scenario.schema.json` (the same text, written by
/// `slasim schema --out docs/scenario.schema.json` and checked by a test) and editors validate
/// and complete the file as it is typed. The schema checks types, keys, enumerations and ranges;
/// ``ScenarioLoader`` checks more: real dates, parameter orderings (min ≤ mode ≤ max), a beta's
/// mean and sd, increasing schedule dates, hours per day against the calendar, unique names.
public enum ScenarioSchema {
  /// The schema as pretty-printed JSON text with a stable key order, ending in a newline.
  public static var json: String { document.prettyPrinted }

  /// The schema as a JSON value.
  public static var document: JSONValue {
    object(
      [
        ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
        ("title", .string("slasim scenario (format version 1)")),
        (
          "description",
          .string(
            "An SLA between Marketing, Sales and (optionally) Customer Service, simulated by `slasim run`. "
              + "Durations carry their unit in the key name (Minutes, Hours, Days); money is in currency units. "
              + "Rates are drawn once per trial, volumes once per trial and month, sizes and durations per deal "
              + "or ticket.")
        ),
        ("type", .string("object")),
        ("additionalProperties", .bool(false)),
        ("required", strings(["name", "horizon", "marketing", "sales"])),
        ("properties", object(topLevel)),
        ("$defs", object(definitions)),
      ])
  }

  // MARK: Top level

  private static var topLevel: [(String, JSONValue)] {
    [
      ("$schema", described("Path or URL of this schema, for editors; ignored by slasim.", ["type": "string"])),
      (
        "name",
        object([
          ("description", .string("Name of the scenario, printed with every result.")), ("type", .string("string")),
          ("minLength", .integer(1)),
        ])
      ),
      (
        "horizon",
        section(
          "The simulated period: whole calendar months.", required: ["start", "months"],
          [
            ("start", ref("firstOfMonth", "First day of the horizon: the first of a month, YYYY-MM-01.")),
            ("months", integer("Number of calendar months simulated.", minimum: 1, maximum: 60)),
          ])
      ),
      (
        "calendar",
        object([
          (
            "description",
            .string(
              "When reps and agents work: \"24x7\", or weekly opening hours. Default: Monday to Friday, "
                + "09:00 to 17:00, no holidays. Response times are measured in business time.")
          ),
          (
            "anyOf",
            .array([
              object([("const", .string("24x7")), ("description", .string("Open every minute of every day."))]),
              section(
                "Open on the workdays from open to close, except on holidays; every key is optional.",
                required: [],
                [
                  (
                    "workdays",
                    object([
                      ("description", .string("Days of the week that are business days. Default: mon to fri.")),
                      ("type", .string("array")),
                      ("items", ref("weekday")),
                      ("minItems", .integer(1)),
                      ("uniqueItems", .bool(true)),
                      ("default", strings(["mon", "tue", "wed", "thu", "fri"])),
                    ])
                  ),
                  (
                    "open",
                    withDefault(ref("time", "Opening time, HH:MM (24-hour clock). Default: 09:00."), .string("09:00"))
                  ),
                  (
                    "close",
                    withDefault(
                      ref("closingTime", "Closing time, HH:MM, later than open; 24:00 is midnight. Default: 17:00."),
                      .string("17:00"))
                  ),
                  (
                    "holidays",
                    object([
                      ("description", .string("Dates, YYYY-MM-DD, that are not business days. Default: none.")),
                      ("type", .string("array")),
                      ("items", ref("date")),
                      ("uniqueItems", .bool(true)),
                      ("default", .array([])),
                    ])
                  ),
                ]),
            ])
          ),
        ])
      ),
      (
        "simulation",
        section(
          "Trial count, seed and warm start; all optional (the command line's --trials and --seed take precedence).",
          required: [],
          [
            (
              "trials",
              withDefault(
                integer("Number of simulated trials.", minimum: 1, maximum: 1_000_000_000),
                .integer(SimulationSettings.defaultTrials))
            ),
            (
              "seed",
              withDefault(
                object([
                  ("description", .string("Seed of the random streams: a whole number from 0 to 2^64 − 1.")),
                  ("type", .string("integer")),
                  ("minimum", .integer(0)),
                  ("maximum", .number(Double(UInt64.max), literal: String(UInt64.max))),
                ]),
                .number(Double(SimulationSettings.defaultSeed), literal: String(SimulationSettings.defaultSeed)))
            ),
            (
              "warmUpMonths",
              withDefault(
                integer(
                  "Months simulated before the horizon with the inputs in force at its start, so that queues, "
                    + "backlog and the pipeline start loaded; their figures are not counted. 0 starts them empty.",
                  minimum: 0, maximum: ScenarioDecoder.maximumWarmUpMonths),
                .integer(0))
            ),
          ])
      ),
      ("marketing", marketing),
      ("sales", sales),
      ("service", service),
      (
        "escalation",
        section(
          "The review ladder: rung k is reached when afterMonthsMissed[k] months in a row miss a monthly goal.",
          required: [],
          [
            (
              "afterMonthsMissed",
              object([
                (
                  "description",
                  .string("Months in a row missed that reach each rung, strictly increasing. Default: [1, 2, 3].")
                ),
                ("type", .string("array")),
                ("items", integer("Months in a row missed.", minimum: 1, maximum: 60)),
                ("uniqueItems", .bool(true)),
                ("default", .array([.integer(1), .integer(2), .integer(3)])),
              ])
            ),
            (
              "cancelAfterMonthsMissed",
              withDefault(
                integer(
                  "Months in a row missed after which the SLA is cancelled. Default: 3.", minimum: 1, maximum: 60),
                .integer(3))
            ),
          ])
      ),
      ("correlations", correlations),
    ]
  }

  private static var correlations: JSONValue {
    object([
      (
        "description",
        .string(
          "Spearman rank correlations between drawn inputs, imposed by a Gaussian copula on each draw's own uniform, so "
            + "every input keeps its distribution as written (docs/model.md, \"Correlated inputs\"). An input can be "
            + "correlated when it is drawn per trial or per month: a rate given as a distribution (a source's qualifyRate, "
            + "sales.followUp.connectRate, sales.opportunityRate.fast and .slow, sales.closeRate, service.monthlyChurn), a "
            + "source's leadsPerMonth or sales.otherRevenuePerMonth given as a distribution, or any of these, a size, a "
            + "duration or service.ticketsPerCustomerPerMonth given as a trend. Pairs not given are independent; the "
            + "matrix must be positive semi-definite.")
      ),
      ("type", .string("array")),
      (
        "items",
        section(
          "One pair of inputs and their rank correlation.", required: ["between", "rank"],
          [
            (
              "between",
              object([
                (
                  "description",
                  .string(
                    "The two inputs' paths, e.g. \"sales.closeRate\" and \"marketing.sources[content].leadsPerMonth\" "
                      + "(a source by its name).")
                ),
                ("type", .string("array")),
                ("items", object([("type", .string("string")), ("minLength", .integer(1))])),
                ("minItems", .integer(2)),
                ("maxItems", .integer(2)),
              ])
            ),
            (
              "rank",
              object([
                ("description", .string("Spearman's ρ between the two draws, from −1 to 1.")),
                ("type", .string("number")),
                ("minimum", .integer(-1)),
                ("maximum", .integer(1)),
              ])
            ),
          ])
      ),
    ])
  }

  private static var marketing: JSONValue {
    section(
      "Marketing: the lead sources and what Marketing promises.", required: ["sources"],
      [
        (
          "sources",
          object([
            ("description", .string("Lead sources (channels, campaigns or contact levels), with unique names.")),
            ("type", .string("array")),
            ("minItems", .integer(1)),
            (
              "items",
              section(
                "One lead source.", required: ["name", "leadsPerMonth"],
                [
                  (
                    "name",
                    object([
                      ("description", .string("Name of the source, unique in the scenario.")),
                      ("type", .string("string")), ("minLength", .integer(1)),
                    ])
                  ),
                  (
                    "leadsPerMonth",
                    ref(
                      "volumeOrTrendLeads",
                      "Expected leads per calendar month (a volume: drawn once per trial and month), or a trend.")
                  ),
                  (
                    "valuePerLead",
                    withDefault(
                      ref(
                        "volumeOrTrend",
                        "Value of one lead, currency units (a size: drawn per lead), or a trend. Default: 0."),
                      .integer(0))
                  ),
                  (
                    "qualifyRate",
                    withDefault(
                      ref(
                        "rateOrTrend",
                        "Probability that a lead becomes an SQL (a rate: drawn once per trial), or a trend. "
                          + "Default: 1."),
                      .integer(1))
                  ),
                  (
                    "goals",
                    section(
                      "Marketing's promise for this source alone (optional); its goal key is "
                        + "sources[<name>].leadsPerMonth. slasim plan --write-scenario writes one per source.",
                      required: [],
                      [("leadsPerMonth", ref("goal", "Leads from this source per calendar month."))])
                  ),
                ])
            ),
          ])
        ),
        (
          "businessHoursShare",
          object([
            (
              "description",
              .string(
                "Share of leads that arrive inside business hours, a fixed number in [0, 1]. Default: the "
                  + "business share of the month's minutes. Ignored with a 24x7 calendar.")
            ),
            ("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(1)),
          ])
        ),
        (
          "goals",
          section(
            "Marketing's promises, each optional; met in a month when that month's figure reaches the goal.",
            required: [],
            [
              ("leadsPerMonth", ref("goal", "Leads per calendar month.")),
              ("sqlsPerMonth", ref("goal", "Sales-qualified leads (SQLs) per calendar month.")),
              ("leadValuePerMonth", ref("goal", "Lead value per calendar month, currency units.")),
            ])
        ),
      ])
  }

  private static var sales: JSONValue {
    staffHoursRequired(section(
      "Sales: the follow-up queue, the pipeline and the quota.",
      required: ["reps", "followUp", "closeRate", "dealSize", "cycleDays"],
      [
        ("reps", integer("Reps following up marketing leads.", minimum: 1, maximum: 100_000)),
        (
          "hoursPerDay",
          hours(
            "Hours per business day each rep spends on marketing leads: at least 1/60 (one minute), at most the calendar's open hours "
              + "per day (24 for 24x7). With workWindows: their total, or left out.")
        ),
        ("workWindows", workWindows("reps work leads")),
        (
          "hires",
          object([
            (
              "description",
              .string(
                "Reps who join the follow-up queue on a date and ramp up: in their k-th month (the first is the "
                  + "calendar month containing from) each works hoursPerDay × k/(rampMonths + 1), then full time. "
                  + "reps and every hire together: at most 100,000.")
            ),
            ("type", .string("array")),
            (
              "items",
              section(
                "Reps who join together.", required: ["from", "reps"],
                [
                  ("from", ref("date", "The first day they work (any day of a month).")),
                  ("reps", integer("Reps who join.", minimum: 1, maximum: 100_000)),
                  (
                    "rampMonths",
                    withDefault(
                      integer(
                        "Months of reduced hours before full time (0: full from the start). Default: 0.",
                        minimum: 0, maximum: ScenarioDecoder.maximumRampMonths),
                      .integer(0))
                  ),
                ])
            ),
          ])
        ),
        (
          "followUp",
          section(
            "How reps work a lead until it connects.",
            required: ["maxAttempts", "minutesPerAttempt", "retryAfterHours", "connectRate"],
            [
              ("maxAttempts", integer("Attempts on a lead that has not connected, at most.", minimum: 1, maximum: 100)),
              (
                "minutesPerAttempt",
                fixedNonNegative(
                  "Rep minutes one attempt takes (a fixed number), at most a week.",
                  maximum: ScenarioDecoder.maximumWorkMinutes)
              ),
              (
                "retryAfterHours",
                fixedNonNegative(
                  "Business hours from an unconnected attempt to the next one (a fixed number), at most a year.",
                  maximum: ScenarioDecoder.maximumBusinessHours)
              ),
              (
                "connectRate",
                ref("rateOrTrend", "Probability that one attempt connects (a rate: drawn once per trial), or a trend.")
              ),
              (
                "giveUpAfterDays",
                withDefault(
                  object([
                    (
                      "description",
                      .string(
                        "Business days after a lead's arrival after which no further attempt on it starts "
                          + "(a fixed number). Default: 20.")
                    ),
                    ("type", .string("number")), ("exclusiveMinimum", .integer(0)), ("maximum", .integer(2600)),
                  ]),
                  .integer(20))
              ),
            ])
        ),
        (
          "opportunityRate",
          withDefault(
            object([
              (
                "description",
                .string(
                  "Probability that a connected lead becomes an opportunity: one rate for every lead, or a "
                    + "fast and a slow rate by speed of first touch. Default: 1.")
              ),
              (
                "anyOf",
                .array([
                  ref("rate"),
                  section(
                    "Rates by speed to lead.", required: ["fast", "slow", "fastWithinMinutes"],
                    [
                      (
                        "fast", ref("rate", "Rate when the first touch came within fastWithinMinutes business minutes.")
                      ),
                      ("slow", ref("rate", "Rate otherwise.")),
                      (
                        "fastWithinMinutes",
                        fixedNonNegative(
                          "Business minutes that count as a fast first touch, at most a year.",
                          maximum: ScenarioDecoder.maximumFastWithinMinutes)
                      ),
                    ]),
                ])
              ),
            ]),
            .integer(1))
        ),
        (
          "closeRate",
          ref("rateOrTrend", "Probability that an opportunity is won, in force on its close day (a rate), or a trend.")
        ),
        (
          "dealSize",
          ref("volumeOrTrend", "Revenue of a won deal, currency units (a size: drawn per deal), or a trend.")
        ),
        (
          "cycleDays",
          ref(
            "volumeOrTrendDays",
            "Calendar days from connection to resolution (a duration: drawn per opportunity; 0 resolves at once), "
              + "or a trend.")
        ),
        (
          "openPipeline",
          section(
            "Opportunities open in the CRM when the horizon starts. Default: none (validate warns when the cycle is "
              + "long).",
            required: ["opportunities", "remainingDays"],
            [
              ("opportunities", integer("Open opportunities.", minimum: 0, maximum: 10_000_000)),
              (
                "remainingDays",
                ref("volumeDays", "Calendar days from the horizon start until each resolves (drawn per opportunity).")
              ),
            ])
        ),
        (
          "otherRevenuePerMonth",
          withDefault(
            ref("volumeOrTrend", "Sales-sourced revenue per month, currency units (a volume), or a trend. Default: 0."),
            .integer(0))
        ),
        (
          "goals",
          section(
            "Sales' promises, each optional.", required: [],
            [
              ("revenuePerMonth", ref("goal", "Revenue closed per calendar month, currency units.")),
              (
                "firstTouch",
                ref("shareGoal", "Speed: share of leads first touched within withinHours business hours.")
              ),
              (
                "attemptsOnUnconnected",
                fixedNonNegative(
                  "Depth: average attempts on leads that never connected, at least.",
                  maximum: Double(ScenarioDecoder.maximumAttempts))
              ),
            ])
        ),
      ]))
  }

  private static var service: JSONValue {
    staffHoursRequired(section(
      "Customer Service: the ticket desk and retention. Optional: leave it out for a two-party SLA.",
      required: ["existingCustomers", "agents", "ticketsPerCustomerPerMonth", "handleMinutes"],
      [
        ("existingCustomers", integer("Customers at the horizon start.", minimum: 0, maximum: 100_000_000)),
        ("agents", integer("Agents answering tickets.", minimum: 1, maximum: 100_000)),
        (
          "hoursPerDay",
          hours(
            "Hours per business day each agent spends on tickets: at least 1/60 (one minute), at most the calendar's open hours. "
              + "With workWindows: their total, or left out."
          )
        ),
        ("workWindows", workWindows("agents answer tickets")),
        (
          "ticketsPerCustomerPerMonth",
          ref(
            "volumeOrTrendTickets",
            "Tickets each active customer raises per month (a volume: drawn once per trial and month), or a trend.")
        ),
        (
          "handleMinutes",
          ref("volumeOrTrendMinutes", "Agent minutes per ticket (a duration: drawn per ticket), or a trend.")
        ),
        (
          "patienceMinutes",
          ref(
            "volumeOrTrendWaitMinutes",
            "Business minutes a ticket waits for an answer before it is abandoned (a duration: drawn per ticket), "
              + "or a trend. An abandoned ticket counts as a missed first response. Default: none (every ticket "
              + "waits as long as it takes).")
        ),
        (
          "monthlyChurn",
          withDefault(
            ref(
              "rateOrTrend",
              "Probability that a customer leaves in a month (a rate: drawn once per trial), or a trend. Default: 0."),
            .integer(0))
        ),
        (
          "goals",
          section(
            "Service's promises, each optional.", required: [],
            [
              (
                "firstResponse",
                ref("shareGoal", "Share of tickets first answered within withinHours business hours.")
              ),
              (
                "retention",
                ref(
                  "share",
                  "Share of the customers won in the horizon still active at each month's end, at least; "
                    + "a fixed share in [0, 1] or a schedule of fixed shares.")
              ),
            ])
        ),
      ]))
  }

  // MARK: Definitions

  private static var definitions: [(String, JSONValue)] {
    var defs: [(String, JSONValue)] = [
      (
        "date",
        object([
          ("description", .string("A date, YYYY-MM-DD.")), ("type", .string("string")),
          ("pattern", .string("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")),
        ])
      ),
      (
        "firstOfMonth",
        object([
          ("description", .string("The first day of a month, YYYY-MM-01.")), ("type", .string("string")),
          ("pattern", .string("^[0-9]{4}-(0[1-9]|1[0-2])-01$")),
        ])
      ),
      (
        "time",
        object([
          ("description", .string("A time of day, HH:MM on a 24-hour clock.")), ("type", .string("string")),
          ("pattern", .string("^([01][0-9]|2[0-3]):[0-5][0-9]$")),
        ])
      ),
      (
        "closingTime",
        object([
          ("description", .string("A time of day, HH:MM on a 24-hour clock, or 24:00 for midnight.")),
          ("type", .string("string")), ("pattern", .string("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")),
        ])
      ),
      (
        "weekday",
        object([
          ("description", .string("A day of the week.")),
          ("enum", strings(Weekday.allCases.map(\.rawValue))),
        ])
      ),
      (
        "rate",
        object([
          (
            "description",
            .string(
              "A probability in [0, 1]: a fixed number, a distribution that stays in [0, 1] (beta; uniform, "
                + "triangular, pert or empirical within [0, 1]), or a schedule.")
          ),
          (
            "anyOf",
            .array([
              object([("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(1))]),
              ref("rateDistribution"),
              ref("rateSchedule"),
            ])
          ),
        ])
      ),
      (
        "rateOrTrend",
        object([
          ("description", .string("A probability in [0, 1] (fixed, a distribution or a schedule), or a trend.")),
          ("anyOf", .array([ref("rate"), ref("trend")])),
        ])
      ),
      ("trend", trend),
      (
        "goal",
        object([
          (
            "description",
            .string("A goal: a fixed non-negative number (at most 10^12), or a schedule of fixed numbers.")
          ),
          (
            "anyOf",
            .array([
              goalNumber,
              schedule(of: goalNumber),
            ])
          ),
        ])
      ),
      (
        "shareGoal",
        section(
          "\"share of items answered within withinHours business hours\".", required: ["withinHours", "share"],
          [
            (
              "withinHours",
              object([
                ("description", .string("Business hours; above 0, at most a year.")), ("type", .string("number")),
                ("exclusiveMinimum", .integer(0)), ("maximum", .integer(Int(ScenarioDecoder.maximumBusinessHours))),
              ])
            ),
            ("share", ref("share", "Share of items on time, at least.")),
          ])
      ),
      (
        "share",
        object([
          ("description", .string("A share in [0, 1] (0.999 is 99.9%): fixed, or a schedule of fixed shares.")),
          ("anyOf", .array([unitNumber, schedule(of: unitNumber)])),
        ])
      ),
      ("rateSchedule", schedule(of: object([("anyOf", .array([unitNumber, ref("rateDistribution")]))]))),
      (
        "rateDistribution",
        object([
          ("description", .string("A distribution of a probability: an object with one key, its kind.")),
          ("anyOf", .array(rateKinds.map { ref($0.0) })),
        ])
      ),
    ]
    for family in volumeFamilies { defs += volumeDefinitions(family) }
    defs += rateKinds
    return defs
  }

  /// A kind of non-negative quantity with its own upper limit (``ValueSpec/maximum``): its
  /// definitions are named with `suffix` (`volumeLeads`, `uniformLeads`, …); money, the widest,
  /// keeps the plain names.
  struct VolumeFamily {
    var suffix: String
    var maximum: Double
    var what: String
  }

  static let volumeFamilies = [
    VolumeFamily(suffix: "", maximum: ScenarioDecoder.maximumMoney, what: "currency units"),
    VolumeFamily(suffix: "Leads", maximum: ScenarioDecoder.maximumLeadsPerMonth, what: "leads per month"),
    VolumeFamily(suffix: "Days", maximum: ScenarioDecoder.maximumDays, what: "calendar days"),
    VolumeFamily(
      suffix: "Tickets", maximum: ScenarioDecoder.maximumTicketsPerCustomer, what: "tickets per customer per month"),
    VolumeFamily(suffix: "Minutes", maximum: ScenarioDecoder.maximumWorkMinutes, what: "minutes"),
    VolumeFamily(
      suffix: "WaitMinutes", maximum: ScenarioDecoder.maximumPatienceMinutes, what: "business minutes of waiting"),
  ]

  /// `volume…`, `volumeOrTrend…`, `volumeSchedule…`, `volumeDistribution…` and one
  /// definition per distribution kind, every magnitude at most the family's maximum.
  private static func volumeDefinitions(_ family: VolumeFamily) -> [(String, JSONValue)] {
    let s = family.suffix
    let number = bounded(family.maximum)
    let kinds = volumeKinds(family)
    let limit = ScenarioText.limit(family.maximum)
    return [
      (
        "volume" + s,
        object([
          (
            "description",
            .string(
              "A non-negative quantity, at most \(limit) \(family.what): a fixed number, a distribution (a normal "
                + "is truncated at 0), or a schedule.")
          ),
          ("anyOf", .array([number, ref("volumeDistribution" + s), ref("volumeSchedule" + s)])),
        ])
      ),
      (
        "volumeOrTrend" + s,
        object([
          (
            "description",
            .string("A non-negative quantity (fixed, a distribution or a schedule), or a trend, at most \(limit).")
          ),
          ("anyOf", .array([ref("volume" + s), ref("trend")])),
        ])
      ),
      ("volumeSchedule" + s, schedule(of: object([("anyOf", .array([number, ref("volumeDistribution" + s)]))]))),
      (
        "volumeDistribution" + s,
        object([
          ("description", .string("A distribution of a non-negative quantity: an object with one key, its kind.")),
          // The beta, on [0, 1] whatever the unit, is defined once (with money's kinds) and
          // taken by every family, as the decoder takes it.
          ("anyOf", .array(kinds.map { ref($0.0) } + (s.isEmpty ? [] : [ref("beta")]))),
        ])
      ),
    ] + kinds
  }

  /// `{"trend": {history, column, model, degree, seasonal, intercept, scale}}`.
  private static var trend: JSONValue {
    section(
      "A value that follows a trend fitted to a monthly history (slasim fit's models): each trial draws the "
        + "trend, then each month's value from its prediction distribution. Rates are kept in [0, 1], other "
        + "values at 0 or more. The horizon must start after the history's last month.",
      required: ["trend"],
      [
        (
          "trend",
          section(
            nil, required: ["history", "column"],
            [
              (
                "history",
                object([
                  ("description", .string("Path of the monthly history CSV file, relative to the scenario's folder.")),
                  ("type", .string("string")), ("minLength", .integer(1)),
                ])
              ),
              (
                "column",
                object([
                  (
                    "description",
                    .string(
                      "The series: a numeric column of the history, or a derived series (closeRate, dealSize, "
                        + "marketingShare).")
                  ),
                  ("type", .string("string")), ("minLength", .integer(1)),
                ])
              ),
              (
                "model",
                object([
                  ("description", .string("linear (default), or loglinear: constant growth, positive series only.")),
                  ("enum", strings(["linear", "loglinear"])), ("default", .string("linear")),
                ])
              ),
              (
                "degree",
                withDefault(
                  integer("Polynomial degree in t (months since the history's first month).", minimum: 1, maximum: 10),
                  .integer(1))
              ),
              (
                "seasonal",
                object([
                  (
                    "description",
                    .string("Add a monthly effect for February … December (needs 24 months of history).")
                  ),
                  ("type", .string("boolean")), ("default", .bool(false)),
                ])
              ),
              (
                "intercept",
                object([
                  ("description", .string("Whether the trend has a constant term (a seasonal trend needs it).")),
                  ("type", .string("boolean")), ("default", .bool(true)),
                ])
              ),
              (
                "scale",
                object([
                  (
                    "description",
                    .string("Multiplies every drawn value, e.g. a lead source's share of the history's leads.")
                  ),
                  ("type", .string("number")), ("exclusiveMinimum", .integer(0)),
                  ("maximum", .integer(Int(ScenarioDecoder.maximumTrendScale))), ("default", .integer(1)),
                ])
              ),
            ])
        )
      ])
  }

  /// Distributions of a non-negative quantity of `family`, one definition per kind.
  private static func volumeKinds(_ family: VolumeFamily) -> [(String, JSONValue)] {
    let s = family.suffix
    let nonNeg = bounded(family.maximum)
    let positive = object([
      ("type", .string("number")), ("exclusiveMinimum", .integer(0)), ("maximum", .integer(Int(family.maximum))),
    ])
    let any = object([("type", .string("number"))])
    // Shape parameters are not magnitudes: only the mean they give is bounded (by validate).
    let positiveShape = object([("type", .string("number")), ("exclusiveMinimum", .integer(0))])
    let beta: (String, JSONValue) = (
      "beta",
      kind(
        "beta", "Beta on [0, 1] by mean and sd (0 < sd² < mean·(1 − mean)), or by alpha and beta.",
        [["mean": openUnit, "sd": positive], ["alpha": positiveShape, "beta": positiveShape]])
    )
    // A beta stays in [0, 1]: one definition serves every family.
    return [
      ("uniform" + s, kind("uniform", "Uniform on [min, max]; min ≤ max.", [["min": nonNeg, "max": nonNeg]])),
      (
        "triangular" + s,
        kind("triangular", "Triangular; min ≤ mode ≤ max.", [["min": nonNeg, "mode": nonNeg, "max": nonNeg]])
      ),
      (
        "pert" + s,
        kind("pert", "Beta-PERT (shape weight 4); min ≤ mode ≤ max.", [["min": nonNeg, "mode": nonNeg, "max": nonNeg]])
      ),
      ("normal" + s, kind("normal", "Normal, truncated at 0; sd ≥ 0.", [["mean": nonNeg, "sd": nonNeg]])),
      (
        "lognormal" + s,
        kind(
          "lognormal", "Lognormal by its own mean and sd, or by mu and sigma of the underlying normal.",
          [["mean": positive, "sd": nonNeg], ["mu": any, "sigma": nonNeg]])
      ),
      (
        "gamma" + s,
        kind(
          "gamma", "Gamma by mean and sd, or by shape and scale.",
          [["mean": positive, "sd": positive], ["shape": positiveShape, "scale": positive]])
      ),
      ("exponential" + s, kind("exponential", "Exponential with this mean.", [["mean": positive]])),
      ("poisson" + s, kind("poisson", "Poisson with this mean (whole numbers).", [["mean": nonNeg]])),
      ("empirical" + s, empirical(nonNeg)),
    ] + (s.isEmpty ? [beta] : [])
  }

  /// Distributions that stay in [0, 1], one definition per kind.
  private static var rateKinds: [(String, JSONValue)] {
    let unit = unitNumber
    return [
      ("rateUniform", kind("uniform", "Uniform on [min, max] within [0, 1].", [["min": unit, "max": unit]])),
      (
        "rateTriangular",
        kind("triangular", "Triangular within [0, 1]; min ≤ mode ≤ max.", [["min": unit, "mode": unit, "max": unit]])
      ),
      (
        "ratePert",
        kind("pert", "Beta-PERT within [0, 1]; min ≤ mode ≤ max.", [["min": unit, "mode": unit, "max": unit]])
      ),
      ("rateBeta", ref("beta")),
      ("rateEmpirical", empirical(unit)),
    ]
  }

  // MARK: Builders

  /// A number in [0, maximum].
  private static func bounded(_ maximum: Double) -> JSONValue {
    object([("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(Int(maximum)))])
  }
  /// A goal's number: at most 10^12, the limit of every monthly goal.
  private static var goalNumber: JSONValue {
    object([
      ("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(Int(ScenarioDecoder.maximumMoney))),
    ])
  }
  private static var unitNumber: JSONValue {
    object([("type", .string("number")), ("minimum", .integer(0)), ("maximum", .integer(1))])
  }
  private static var openUnit: JSONValue {
    object([("type", .string("number")), ("exclusiveMinimum", .integer(0)), ("exclusiveMaximum", .integer(1))])
  }

  /// `{"<name>": {parameters}}` with one or more parameterisations.
  private static func kind(_ name: String, _ description: String, _ forms: [[String: JSONValue]]) -> JSONValue {
    // Dictionaries have no order: list the parameters in the order the format documents them.
    let order = ["min", "mode", "max", "mean", "sd", "mu", "sigma", "shape", "scale", "alpha", "beta"]
    let formSchemas = forms.map { form in
      section(nil, required: order.filter { form[$0] != nil }, order.compactMap { key in form[key].map { (key, $0) } })
    }
    let parameters = formSchemas.count == 1 ? formSchemas[0] : object([("anyOf", .array(formSchemas))])
    return section(description, required: [name], [(name, parameters)])
  }

  private static func empirical(_ element: JSONValue) -> JSONValue {
    section(
      "Each listed value equally likely.", required: ["empirical"],
      [
        (
          "empirical",
          section(
            nil, required: ["values"],
            [
              (
                "values",
                object([("type", .string("array")), ("items", element), ("minItems", .integer(1))])
              )
            ])
        )
      ])
  }

  private static func schedule(of value: JSONValue) -> JSONValue {
    section(
      "A value that changes over the horizon: each point holds from its date (step), or values ramp between "
        + "points (linear). Dates strictly increase; before the first date the first value holds.",
      required: ["schedule"],
      [
        (
          "schedule",
          object([
            ("type", .string("array")),
            ("minItems", .integer(1)),
            (
              "items",
              section(
                nil, required: ["from", "value"],
                [("from", ref("date", "First day this point applies.")), ("value", value)])
            ),
          ])
        ),
        (
          "interpolate",
          object([
            ("description", .string("step (default): hold each value until the next point; linear: ramp.")),
            ("enum", strings(["step", "linear"])),
            ("default", .string("step")),
          ])
        ),
      ])
  }

  /// A closed object: `additionalProperties: false`.
  private static func section(
    _ description: String?, required: [String], _ properties: [(String, JSONValue)]
  ) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if let description { members.append(("description", .string(description))) }
    members.append(("type", .string("object")))
    members.append(("additionalProperties", .bool(false)))
    if !required.isEmpty { members.append(("required", strings(required))) }
    members.append(("properties", object(properties)))
    return object(members)
  }

  private static func integer(_ description: String, minimum: Int, maximum: Int) -> JSONValue {
    object([
      ("description", .string(description)), ("type", .string("integer")), ("minimum", .integer(minimum)),
      ("maximum", .integer(maximum)),
    ])
  }

  private static func hours(_ description: String) -> JSONValue {
    object([
      ("description", .string(description)), ("type", .string("number")),
      ("minimum", .number(ScenarioDecoder.minimumHoursPerDay, literal: "0.016666666666666666")),
      ("maximum", .integer(24)),
    ])
  }

  private static func fixedNonNegative(_ description: String, maximum: Double) -> JSONValue {
    object([
      ("description", .string(description)), ("type", .string("number")), ("minimum", .integer(0)),
      ("maximum", .integer(Int(maximum))),
    ])
  }

  private static func ref(_ name: String, _ description: String? = nil) -> JSONValue {
    var members: [(String, JSONValue)] = []
    if let description { members.append(("description", .string(description))) }
    members.append(("$ref", .string("#/$defs/\(name)")))
    return object(members)
  }

  private static func described(_ description: String, _ rest: KeyValuePairs<String, String>) -> JSONValue {
    object([("description", .string(description))] + rest.map { ($0.key, .string($0.value)) })
  }

  /// `hoursPerDay` or `workWindows` (or both) must be given.
  private static func staffHoursRequired(_ schema: JSONValue) -> JSONValue {
    guard case .object(var members) = schema else { return schema }
    members.append(
      JSONMember(
        "anyOf",
        .array([
          .object([JSONMember("required", .array([.string("hoursPerDay")]))]),
          .object([JSONMember("required", .array([.string("workWindows")]))]),
        ])))
    return .object(members)
  }

  /// Daily windows `"HH:MM-HH:MM"` of full-speed work inside the open hours.
  private static func workWindows(_ who: String) -> JSONValue {
    object([
      (
        "description",
        .string(
          "When \(who) at full speed: increasing, non-overlapping windows inside the calendar's open hours, "
            + "such as [\"09:00-13:00\"]. The SLA clock still runs on business hours; an attempt or answer starts only "
            + "inside a window and runs to its end.")
      ),
      ("type", .string("array")), ("minItems", .integer(1)),
      (
        "items",
        object([
          ("type", .string("string")),
          ("pattern", .string("^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")),
        ])
      ),
    ])
  }

  private static func withDefault(_ schema: JSONValue, _ value: JSONValue) -> JSONValue {
    guard case .object(var members) = schema else { return schema }
    members.append(JSONMember("default", value))
    return .object(members)
  }

  private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
    .object(members.map { JSONMember($0.0, $0.1) })
  }

  private static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }
}
