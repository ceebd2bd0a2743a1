import RealModule
import Testing

@testable import SLASim

/// Trend values in the engine: forecast uncertainty reaches the simulated figures.
///
/// The checks run the kernel at fixed seeds and compare with the analytic forecast within k
/// standard errors of the Monte Carlo estimate (STYLE.md §6); k = 4 makes a correct
/// implementation fail for fewer than 1 in 15,000 seeds.
@Suite struct TrendScenarioTests {
  /// A history of a straight line, `intercept + slope·t`, plus a deterministic wiggle of
  /// ±`noise` (alternating), so the fit is exact to about `noise` but the residual SD is not 0.
  static func straightLine(months: Int, intercept: Double, slope: Double, noise: Double, first: String = "2024-07")
    throws -> MonthlyHistory
  {
    guard let start = YearMonth(iso: first) else { throw HistoryError(file: "line.csv", problem: "bad test month") }
    var text = "month,mqlLeads\n"
    for t in 0..<months {
      let y = intercept + slope * Double(t) + (t % 2 == 0 ? noise : -noise)
      text += "\(start.adding(months: t)),\(y)\n"
    }
    return try MonthlyHistory.parse(csv: Array(text.utf8), file: "line.csv")
  }

  /// Marketing only, on a 24x7 calendar, with nothing downstream of the leads (qualify rate 0):
  /// a trial draws the trends and the leads' arrival times, nothing else.
  static func leadsOnly(_ sources: [(String, Value)], start: String = "2026-07-01", months: Int = 3) -> Scenario {
    Scenario(
      name: "leads", horizon: Horizon(start: TestScenarios.date(start), months: months), calendar: .alwaysOpen,
      marketing: Marketing(
        sources: sources.map { LeadSource(name: $0.0, leadsPerMonth: $0.1, qualifyRate: .fixed(0)) }),
      sales: Sales(
        reps: 1, hoursPerDay: 24,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 0, retryAfterHours: 1, connectRate: .fixed(0)),
        closeRate: .fixed(0), dealSize: .fixed(0), cycleDays: .fixed(0)))
  }

  static func horizon(_ start: String = "2026-07-01", months: Int = 3) -> Horizon {
    Horizon(start: TestScenarios.date(start), months: months)
  }

  /// Each trial's leads per month, `trial × months + month`, straight from the kernel.
  static func monthlyLeads(_ scenario: Scenario, trials: Int, seed: UInt64) -> [Double] {
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: seed)
    var leads: [Double] = []
    leads.reserveCapacity(trials * model.months)
    for _ in 0..<trials {
      model.simulateTrial(&scratch, using: &rng)
      for month in 0..<model.months { leads.append(scratch.figures[Figure.leads.rawValue * model.months + month]) }
    }
    return leads
  }

  static func meanAndVariance(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1))
  }

  // MARK: Known values

  /// A history that is a straight line to within ±0.01 gives leads with the forecast's sum as mean.
  ///
  /// The forecast is the line, its prediction SD is about 0.01, and the horizon's leads are
  /// Poisson with mean Σ forecast (Poisson superposition). So the simulated mean matches the fitted forecast sum within 4·SE, with SE
  /// from the simulated SD.
  @Test func straightLineHistoryGivesTheForecastSumOfLeads() async throws {
    let history = try Self.straightLine(months: 24, intercept: 100, slope: 5, noise: 0.01)
    let trend = try TrendSpec(
      history: history, path: "line.csv", column: "mqlLeads", bounds: .nonNegative, horizon: Self.horizon())
    let forecast = try HistoryFitting.fitTrend(history, column: "mqlLeads", model: .linear, horizon: 3).forecast
    let expected = forecast.reduce(0) { $0 + $1.mean }
    #expect(abs(expected - (220 + 225 + 230)) < 0.1, "forecast sum \(expected)")
    let n = 4_000
    let result = await SimulationEngine(scenario: Self.leadsOnly([("all", .trend(trend))])).run(
      trials: n, seed: 11, threads: 2)
    let leads = try #require(result.kpi(.marketingLeads))
    let standardError = leads.sd / Double(n).squareRoot()
    #expect(abs(leads.mean - expected) < 4 * standardError, "mean \(leads.mean) vs forecast sum \(expected)")
    // Poisson: variance = mean, to within the variance's own 4·SE (Var(s²) ≈ (2μ² + μ)/n).
    #expect(abs(leads.sd * leads.sd - expected) < 4 * ((2 * expected * expected + expected) / Double(n)).squareRoot())
  }

  /// A horizon that starts after a gap: month m is forecast at t = n − 1 + k, k its distance
  /// from the history's last month, so the trend's months are the line's values there.
  @Test func horizonAfterAGapIsForecastByDistanceFromTheLastMonth() throws {
    let history = try Self.straightLine(months: 24, intercept: 100, slope: 5, noise: 0.01)  // 2024-07 … 2026-06
    let trend = try TrendSpec(
      history: history, path: "line.csv", column: "mqlLeads", bounds: .nonNegative,
      horizon: Self.horizon("2027-01-01", months: 2))
    #expect(trend.forecaster.months.map(\.description) == ["2027-01", "2027-02"])
    // 2027-01 is 7 months after 2026-06: t = 23 + 7 = 30, y = 100 + 5·30 = 250.
    #expect(abs(trend.pointForecast(month: 0) - 250) < 0.05)
    #expect(abs(trend.pointForecast(month: 1) - 255) < 0.05)
    #expect(trend.mean(on: TestScenarios.date("2027-02-15")) == trend.pointForecast(month: 1))
  }

  // MARK: Uncertainty

  /// A trend's uncertainty adds its prediction variance to the Poisson variance of monthly leads.
  ///
  /// Monthly leads given a drawn trend are Poisson(λ_m) with λ_m from the t prediction
  /// distribution, so Var(leads_m) = E[λ_m] + Var(λ_m) = ŷ_m + s²(1 + h_m)·ν/(ν − 2), with
  /// h_m = x_mᵀ(XᵀX)⁻¹x_m (the law of total variance). The fixed forecast mean gives only the
  /// Poisson part, ŷ_m. Tolerance: 4 standard errors of a sample variance, sqrt((κ − 1)/n)
  /// relative, with κ = 3 + 6/(ν − 4), the t distribution's kurtosis (an upper bound here, since
  /// the Poisson part is closer to normal).
  @Test func trendUncertaintyWidensTheSpreadOfMonthlyLeads() throws {
    let history = try FitTests.companyA()
    let fit = try HistoryFitting.fitTrend(history, column: "mqlLeads", model: .linear, horizon: 3)
    let trend = try TrendSpec(
      history: history, path: "company-a.csv", column: "mqlLeads", bounds: .nonNegative, horizon: Self.horizon())
    let n = 4_000
    let withTrend = Self.monthlyLeads(Self.leadsOnly([("all", .trend(trend))]), trials: n, seed: 5)
    // The same months with the point forecast fixed: a step schedule of the three means.
    let points = fit.forecast.enumerated().map { m, point in
      SchedulePoint(from: TestScenarios.date("2026-07-01").firstOfMonth(adding: m), value: .fixed(point.mean))
    }
    let fixed = Self.monthlyLeads(
      Self.leadsOnly([("all", .schedule(Schedule(points: points)))]), trials: n, seed: 5)

    let nu = Double(fit.fit.degreesOfFreedom)
    let s = fit.fit.residualStandardDeviation
    let relativeSE = ((3 + 6 / (nu - 4) - 1) / Double(n)).squareRoot()
    for month in 0..<3 {
      let point = fit.forecast[month]
      let trendMonth = Self.meanAndVariance((0..<n).map { withTrend[$0 * 3 + month] })
      let fixedMonth = Self.meanAndVariance((0..<n).map { fixed[$0 * 3 + month] })
      // s²(1 + h) from the printed 95% interval: half-width = t(0.975, ν)·s·sqrt(1 + h).
      let t975 = StudentT.quantile(0.975, degreesOfFreedom: nu)
      let halfWidth = (point.high95 - point.low95) / 2
      let predictionVariance = (halfWidth / t975) * (halfWidth / t975) * nu / (nu - 2)
      // ν/(ν − 2) = 1.0625 and h_m ≈ 0.07 three months past 36: a little above the residual variance.
      #expect(predictionVariance > s * s && predictionVariance < 1.3 * s * s)
      let expected = point.mean + predictionVariance
      #expect(
        abs(trendMonth.variance / expected - 1) < 4 * relativeSE,
        "month \(month): variance \(trendMonth.variance) vs \(expected)")
      #expect(abs(fixedMonth.variance / point.mean - 1) < 4 * (2.0 / Double(n)).squareRoot())
      #expect(trendMonth.variance > 3 * fixedMonth.variance)
      // Both centred on the forecast: 4·SE of each mean.
      #expect(abs(trendMonth.mean - point.mean) < 4 * (expected / Double(n)).squareRoot())
      #expect(abs(fixedMonth.mean - point.mean) < 4 * (point.mean / Double(n)).squareRoot())
    }
  }

  /// Sources on the same history, series and model share one draw per trial, so shares of one
  /// trend add up to the whole trend: the total's variance is the single source's, not
  /// ŷ + (0.25² + 0.75²)·Var(λ) as independent draws would give (≈ 30% less here).
  @Test func sourcesSharingATrendShareOneDraw() throws {
    let history = try FitTests.companyA()
    func trend(_ scale: Double) throws -> Value {
      .trend(
        try TrendSpec(
          history: history, path: "company-a.csv", column: "mqlLeads", scale: scale, bounds: .nonNegative,
          horizon: Self.horizon()))
    }
    let n = 4_000
    let whole = Self.monthlyLeads(Self.leadsOnly([("all", try trend(1))]), trials: n, seed: 9)
    let split = Self.monthlyLeads(
      Self.leadsOnly([("a", try trend(0.25)), ("b", try trend(0.75))]), trials: n, seed: 10)
    let model = CompiledModel(Self.leadsOnly([("a", try trend(0.25)), ("b", try trend(0.75))]))
    #expect(model.trendDraws.count == 1)
    #expect(model.trendUses.map(\.scale) == [0.25, 0.75])
    let a = Self.meanAndVariance(whole)
    let b = Self.meanAndVariance(split)
    // Two independent estimates of the same variance: their ratio is within 4·sqrt(2)·relative SE.
    let relativeSE = ((3 + 6.0 / 30 - 1) / Double(whole.count)).squareRoot()
    #expect(abs(b.variance / a.variance - 1) < 4 * 2.0.squareRoot() * relativeSE, "\(b.variance) vs \(a.variance)")
  }

  // MARK: Ranges and streams

  /// After `scale`, a rate is clamped to [0, 1] and other values at 0 and at the cap, in every
  /// month of every trial.
  @Test(arguments: 0..<5 as Range<UInt64>)
  func drawnTrendValuesStayInTheFieldsRange(seed: UInt64) throws {
    let history = try FitTests.companyA()
    let rate = try TrendSpec(
      history: history, path: "company-a.csv", column: "closeRate", scale: 3, bounds: .unitInterval,
      horizon: Self.horizon())
    let leads = try TrendSpec(
      history: history, path: "company-a.csv", column: "mqlLeads", scale: 0.5, bounds: .nonNegative,
      horizon: Self.horizon())
    let largest = try #require(history.series(named: "mqlLeads")?.values.max())
    #expect(rate.cap == 1)
    #expect(leads.cap == TrendSpec.capFactor * 0.5 * largest)
    var scenario = Self.leadsOnly([("all", .trend(leads))])
    scenario.sales.closeRate = .trend(rate)
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: seed)
    var atOne = 0
    for _ in 0..<200 {
      model.drawTrends(&scratch, streams: TrialStreams(trialKey: rng.next()))
      for month in 0..<3 {
        let r = scratch.points[model.closeRate.firstPoint + month].distribution.fixedValue ?? -1
        let l = scratch.points[model.sourceLeads[0].firstPoint + month].distribution.fixedValue ?? -1
        #expect(r >= 0 && r <= 1)
        #expect(l >= 0 && l <= leads.cap)
        if r == 1 { atOne += 1 }
      }
    }
    // 3 × a close rate of about 0.33 is above 1 in about half the draws: the clamp is exercised.
    #expect(atOne > 150 && atOne < 450)
  }

  /// A scenario without trends compiles no trend draws; a trend's draws come from its own
  /// stream (``TrialStreams``), so they change no other value's.
  @Test func scenarioWithoutTrendsDrawsNothingForTrends() {
    let scenario = Self.leadsOnly([("all", .fixed(50))])
    let model = CompiledModel(scenario)
    #expect(model.trendDraws.isEmpty && model.trendUses.isEmpty && model.trendCoefficientCount == 0)
  }

  /// The same seed gives the same bits with trends, whatever the thread count (DESIGN.md §4).
  @Test func trendRunsAreReproducibleAcrossThreadCounts() async throws {
    let history = try FitTests.companyA()
    let trend = try TrendSpec(
      history: history, path: "company-a.csv", column: "mqlLeads", bounds: .nonNegative, horizon: Self.horizon())
    let engine = SimulationEngine(scenario: Self.leadsOnly([("all", .trend(trend))]))
    let one = await engine.run(trials: 600, seed: 3, threads: 1)
    let three = await engine.run(trials: 600, seed: 3, threads: 3)
    let a = try #require(one.kpi(.marketingLeads))
    let b = try #require(three.kpi(.marketingLeads))
    #expect(a.mean.bitPattern == b.mean.bitPattern && a.sd.bitPattern == b.sd.bitPattern)
  }
}
