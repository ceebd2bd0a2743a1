import Foundation
import RealModule
import Testing

@testable import SLASim

/// `correlations`: the Gaussian copula on the draws' own uniforms (issue 9, item 5;
/// docs/model.md, "Correlated inputs").
///
/// Tolerances: a sample Spearman ρ̂ of n pairs has Fisher-z standard error about
/// sqrt(1.06/(n − 3)) (Fieller, Hartley and Pearson 1957), and the checks allow 4 of them;
/// the marginals are checked by the one-sample Kolmogorov–Smirnov statistic against the
/// distribution's exact CDF at the 1% level (D < 1.628/√n, the asymptotic Kolmogorov
/// quantile). Seeds are fixed, so each check is deterministic.
@Suite struct CorrelationTests {
  static let closeRate = Distribution.beta(alpha: 6, beta: 14)
  static let qualify = Distribution.beta(alpha: 8, beta: 4)
  static let leads = Distribution.gamma(shape: 25, scale: 8)
  static let otherRevenue = Distribution.lognormal(mu: 11, sigma: 0.3)

  /// A 24x7 funnel of instant work: every SQL is touched on arrival, connects and closes or
  /// not at once, with the four drawn inputs above and fixed everything else.
  static func funnel(_ correlations: [Correlation], start: String = "2026-01-01", months: Int = 3) -> Scenario {
    var s = Scenario(
      name: "correlated", horizon: Horizon(start: TestScenarios.date(start), months: months),
      calendar: .alwaysOpen,
      marketing: Marketing(sources: [
        LeadSource(name: "content", leadsPerMonth: .distribution(leads), qualifyRate: .distribution(qualify))
      ]),
      sales: Sales(
        reps: 1, hoursPerDay: 24,
        followUp: FollowUp(maxAttempts: 1, minutesPerAttempt: 0, retryAfterHours: 1, connectRate: .fixed(1)),
        closeRate: .distribution(closeRate), dealSize: .fixed(1000), cycleDays: .fixed(0),
        otherRevenuePerMonth: .distribution(otherRevenue), goals: SalesGoals(revenuePerMonth: .fixed(100_000))))
    s.correlations = correlations
    return s
  }

  static let close = "sales.closeRate"
  static let volume = "marketing.sources[content].leadsPerMonth"
  static let qualifyPath = "marketing.sources[content].qualifyRate"
  static let other = "sales.otherRevenuePerMonth"

  /// Each trial's drawn inputs: close and qualify rates, and each month's lead volume and
  /// other revenue (as the kernel used them), plus the horizon's revenue.
  struct Draws {
    var close: [Double] = []
    var qualify: [Double] = []
    var leads: [[Double]] = []
    var other: [[Double]] = []
    var revenue: [Double] = []
  }

  static func draws(_ scenario: Scenario, trials: Int, seed: UInt64) -> Draws {
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: seed)
    let m = model.simulatedMonths
    var out = Draws()
    out.leads = Array(repeating: [], count: model.months)
    out.other = Array(repeating: [], count: model.months)
    for _ in 0..<trials {
      model.simulateTrial(&scratch, using: &rng)
      out.close.append(scratch.rateDraws[model.closeRate.firstPoint])
      out.qualify.append(scratch.rateDraws[model.sourceQualify[0].firstPoint])
      if let copula = model.copula {
        for month in 0..<model.months {
          let l = copula.sourceMember[0]
          let o = copula.otherRevenueMember
          if l >= 0 { out.leads[month].append(scratch.copulaValues[l * m + month]) }
          if o >= 0 { out.other[month].append(scratch.copulaValues[o * m + month]) }
        }
      }
      out.revenue.append(
        (0..<model.months).reduce(0) { $0 + scratch.figures[Figure.revenue.rawValue * model.months + $1] })
    }
    return out
  }

  /// Spearman's ρ̂: Pearson's r of the ranks (ties take their mean rank).
  static func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
      let order = v.indices.sorted { v[$0] < v[$1] }
      var r = [Double](repeating: 0, count: v.count)
      var i = 0
      while i < order.count {
        var j = i
        while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
        for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
        i = j + 1
      }
      return r
    }
    let (a, b) = (ranks(x), ranks(y))
    let n = Double(a.count)
    let (ma, mb) = (a.reduce(0, +) / n, b.reduce(0, +) / n)
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for i in a.indices {
      sab += (a[i] - ma) * (b[i] - mb)
      saa += (a[i] - ma) * (a[i] - ma)
      sbb += (b[i] - mb) * (b[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
  }

  static func expectRank(
    _ x: [Double], _ y: [Double], _ rho: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let r = spearman(x, y)
    let se = (1.06 / Double(x.count - 3)).squareRoot()
    #expect(
      abs(Double.atanh(r) - Double.atanh(rho)) < 4 * se, "\(what): ρ̂ = \(r), target \(rho)",
      sourceLocation: sourceLocation)
  }

  /// The largest distance between the sample's empirical CDF and `cdf`.
  static func kolmogorovSmirnov(_ sample: [Double], _ cdf: (Double) -> Double) -> Double {
    let sorted = sample.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
      let f = cdf(x)
      d = Swift.max(d, Double(i + 1) / n - f, f - Double(i) / n)
    }
    return d
  }

  static func expectMarginal(
    _ sample: [Double], _ cdf: (Double) -> Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let d = kolmogorovSmirnov(sample, cdf)
    let critical = 1.628 / Double(sample.count).squareRoot()
    #expect(d < critical, "\(what): KS D = \(d), 1% critical value \(critical)", sourceLocation: sourceLocation)
  }

  static func betaCDF(_ a: Double, _ b: Double) -> (Double) -> Double {
    { IncompleteBeta.regularized(x: Swift.min(Swift.max($0, 0), 1), a: a, b: b) }
  }

  // MARK: Rank correlations and marginals

  /// Three pairs given (one per trial, one per trial and month, one per month), one left out:
  /// each sample ρ̂ is within 4 Fisher-z standard errors of its target, the pair left out of
  /// the matrix is independent (ρ = 0), and every marginal passes KS against its exact CDF.
  @Test func sampleRankCorrelationsMatchAndMarginalsAreAsWritten() {
    let scenario = Self.funnel([
      Correlation(Self.close, Self.qualifyPath, rank: 0.7),
      Correlation(Self.close, Self.volume, rank: 0.5),
      Correlation(Self.volume, Self.other, rank: -0.4),
    ])
    let n = 4_000
    let d = Self.draws(scenario, trials: n, seed: 41)
    Self.expectRank(d.close, d.qualify, 0.7, "close and qualify (per trial)")
    for month in 0..<3 {
      Self.expectRank(d.close, d.leads[month], 0.5, "close and month \(month)'s leads")
      Self.expectRank(d.leads[month], d.other[month], -0.4, "month \(month)'s leads and other revenue")
      Self.expectRank(d.qualify, d.other[month], 0, "qualify and other revenue (not given: independent)")
    }
    // Volumes of different months are not correlated with each other beyond what the trial's
    // close rate and qualify rate share: L's rows give corr(z_l(1), z_l(2)) = 0.5176² + 0.3885²
    // (normal r 2 sin(π·0.5/6) = 0.5176 with close, and −0.5176·0.7167/√(1 − 0.7167²) with
    // qualify's own score), 0.4188, a Spearman ρ of (6/π) asin(0.2094) = 0.4021.
    let r = 2 * Double.sin(Double.pi * 0.5 / 6)
    let rq = 2 * Double.sin(Double.pi * 0.7 / 6)
    let l1 = -r * rq / (1 - rq * rq).squareRoot()
    let across = 6 / Double.pi * Double.asin((r * r + l1 * l1) / 2)
    Self.expectRank(d.leads[1], d.leads[2], across, "leads of months 1 and 2")

    Self.expectMarginal(d.close, Self.betaCDF(6, 14), "close rate")
    Self.expectMarginal(d.qualify, Self.betaCDF(8, 4), "qualify rate")
    for month in 0..<3 {
      Self.expectMarginal(d.leads[month], { IncompleteGamma.regularized(a: 25, x: Swift.max($0, 0) / 8).lower }, "leads")
      Self.expectMarginal(
        d.other[month], { DistributionParameters.standardNormalCDF((Double.log(Swift.max($0, 1e-300)) - 11) / 0.3) },
        "other revenue")
    }
  }

  /// A rank of −1 makes the two rates exact mirror images in rank: the close rate's quantile
  /// at u and the qualify rate's at 1 − u in every trial (the singular factor's zero pivot).
  @Test func perfectNegativeRankMirrorsTheQuantiles() {
    let d = Self.draws(Self.funnel([Correlation(Self.close, Self.qualifyPath, rank: -1)]), trials: 500, seed: 3)
    #expect(Self.spearman(d.close, d.qualify) == -1)
    for (c, q) in zip(d.close, d.qualify) {
      let u = IncompleteBeta.regularized(x: c, a: 6, b: 14)
      let v = IncompleteBeta.regularized(x: q, a: 8, b: 4)
      #expect(abs(u + v - 1) < 1e-9, "u \(u), v \(v)")
    }
  }

  /// A trend's months keep their predictive t marginals and take the rank correlation with a
  /// per-trial rate.
  @Test func aTrendFollowsItsCorrelation() throws {
    let history = try FitTests.companyA()
    let trend = try TrendSpec(
      history: history, path: "company-a.csv", column: "mqlLeads", bounds: .nonNegative,
      horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 3))
    var scenario = Self.funnel([Correlation(Self.close, Self.volume, rank: 0.6)], start: "2026-07-01")
    scenario.marketing.sources[0].leadsPerMonth = .trend(trend)
    let model = CompiledModel(scenario)
    #expect(model.copula?.members.map(\.input) == [.rate(point: model.closeRate.firstPoint), .trend(draw: 0)])
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: 17)
    let n = 4_000
    var close: [Double] = []
    var months: [[Double]] = [[], [], []]
    for _ in 0..<n {
      model.simulateTrial(&scratch, using: &rng)
      close.append(scratch.rateDraws[model.closeRate.firstPoint])
      for h in 0..<3 {
        months[h].append(scratch.points[model.sourceLeads[0].firstPoint + h].distribution.fixedValue ?? .nan)
      }
    }
    let forecaster = trend.forecaster
    let nu = Double(forecaster.degreesOfFreedom)
    for h in 0..<3 {
      Self.expectRank(close, months[h], 0.6, "close and the trend's month \(h)")
      Self.expectMarginal(
        months[h],
        { StudentT.cdf(($0 - forecaster.fittedMean(month: h)) / forecaster.predictiveScale(month: h), degreesOfFreedom: nu) },
        "trend month \(h)")
    }
  }

  // MARK: What the correlation does

  /// More leads in the trials that also close more (ρ > 0) widen the horizon's revenue; the
  /// opposite narrows it. Same seed, so only the correlation differs. The SD ratios are far
  /// outside their noise (about 1.6% relative SE each at 4,000 trials).
  @Test func aPositiveCorrelationWidensRevenueAndANegativeOneNarrowsIt() {
    func sd(_ rho: Double) -> Double {
      let x = Self.draws(Self.funnel(rho == 0 ? [] : [Correlation(Self.close, Self.volume, rank: rho)]), trials: 4_000, seed: 8)
        .revenue
      let mean = x.reduce(0, +) / Double(x.count)
      return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)).squareRoot()
    }
    let (minus, none, plus) = (sd(-0.8), sd(0), sd(0.8))
    #expect(plus > 1.1 * none, "SD \(plus) with ρ = 0.8 against \(none) without")
    #expect(minus < none / 1.1, "SD \(minus) with ρ = −0.8 against \(none) without")
  }

  /// Inputs outside the correlation draw exactly as without it, and a scenario without
  /// correlations compiles no copula.
  @Test func inputsOutsideTheCorrelationKeepTheirDraws() {
    var plain = Self.funnel([])
    plain.sales.followUp.connectRate = .distribution(.beta(alpha: 3, beta: 3))
    var correlated = plain
    correlated.correlations = [Correlation(Self.volume, Self.other, rank: 0.5)]
    #expect(CompiledModel(plain).copula == nil)
    let a = Self.draws(plain, trials: 200, seed: 5)
    let b = Self.draws(correlated, trials: 200, seed: 5)
    #expect(a.close == b.close)
    #expect(a.qualify == b.qualify)
    let model = CompiledModel(plain)
    func connect(_ s: Scenario) -> [Double] {
      let model = CompiledModel(s)
      var scratch = TrialScratch(model: model)
      var rng = Xoshiro256StarStar(seed: 5)
      return (0..<200).map { _ in
        model.simulateTrial(&scratch, using: &rng)
        return scratch.rateDraws[model.connectRate.firstPoint]
      }
    }
    #expect(model.connectRate.firstPoint >= 0)
    #expect(connect(plain) == connect(correlated))
  }

  /// `sensitivity`'s pin: the pinned input sits at its quantile in every trial and its partner
  /// follows the conditional, E[z | z_close = Φ⁻¹(0.1)] = r·Φ⁻¹(0.1) for the partner's normal
  /// score z (normal r = 2 sin(π·0.6/6) = 0.618), within 4 SE of the conditional SD √(1 − r²).
  @Test func aPinnedInputMovesItsPartnersByTheConditional() {
    var scenario = Self.funnel([Correlation(Self.close, Self.volume, rank: 0.6)])
    scenario.correlationPins = [CorrelationPin(Self.close, percentile: 0.1)]
    let n = 4_000
    let d = Self.draws(scenario, trials: n, seed: 12)
    let p10 = Self.closeRate.quantile(0.1)
    #expect(d.close.allSatisfy { $0 == p10 })
    let r = 2 * Double.sin(Double.pi * 0.6 / 6)
    let z10 = DistributionParameters.inverseStandardNormalCDF(0.1)
    for month in 0..<3 {
      let scores = d.leads[month].map {
        DistributionParameters.inverseStandardNormalCDF(IncompleteGamma.regularized(a: 25, x: $0 / 8).lower)
      }
      let mean = scores.reduce(0, +) / Double(n)
      let se = (1 - r * r).squareRoot() / Double(n).squareRoot()
      #expect(abs(mean - r * z10) < 4 * se, "month \(month): mean score \(mean), conditional \(r * z10)")
    }
  }

  /// Same seed, any thread count: the same bits.
  @Test func correlatedRunsAreReproducibleAcrossThreadCounts() async {
    let scenario = Self.funnel([
      Correlation(Self.close, Self.volume, rank: 0.5), Correlation(Self.volume, Self.other, rank: 0.3),
    ])
    let one = await SimulationEngine(scenario: scenario).run(trials: 700, seed: 2, threads: 1)
    let two = await SimulationEngine(scenario: scenario).run(trials: 700, seed: 2, threads: 2)
    #expect(one.joint == two.joint)
    #expect(one.kpi(.salesRevenue)?.mean == two.kpi(.salesRevenue)?.mean)
    #expect(one.kpi(.salesRevenue)?.sd == two.kpi(.salesRevenue)?.sd)
  }

  // MARK: Validation

  static func document(_ correlations: String, leads: String = #"{"gamma": {"mean": 200, "sd": 40}}"#) -> String {
    """
    {
      "name": "v", "horizon": {"start": "2026-07-01", "months": 3}, "calendar": "24x7",
      "marketing": {"sources": [
        {"name": "content", "leadsPerMonth": \(leads), "qualifyRate": 0.5},
        {"name": "referral", "leadsPerMonth": {"poisson": {"mean": 20}}, "qualifyRate": {"beta": {"mean": 0.8, "sd": 0.05}}}
      ]},
      "sales": {"reps": 2, "hoursPerDay": 8,
        "followUp": {"maxAttempts": 2, "minutesPerAttempt": 10, "retryAfterHours": 4, "connectRate": 0.5},
        "closeRate": {"beta": {"mean": 0.3, "sd": 0.05}}, "dealSize": 1000, "cycleDays": 10,
        "goals": {"revenuePerMonth": 10000}},
      "correlations": \(correlations)
    }
    """
  }

  static func messages(_ correlations: String, leads: String = #"{"gamma": {"mean": 200, "sd": 40}}"#) -> [String] {
    let text = document(correlations, leads: leads)
    return ScenarioLoader.load(text, file: "v.json").errors.map { "\($0.path): \($0.problem)" + ($0.expected.map { "; expected " + $0 } ?? "") }
  }

  @Test func aValidCorrelationLoads() throws {
    let result = ScenarioLoader.load(
      Self.document(#"[{"between": ["sales.closeRate", "marketing.sources[content].leadsPerMonth"], "rank": 0.5}]"#),
      file: "v.json")
    #expect(result.errors.isEmpty, "\(result.errors)")
    let scenario = try #require(result.scenario)
    #expect(scenario.correlations == [Correlation("sales.closeRate", "marketing.sources[content].leadsPerMonth", rank: 0.5)])
  }

  @Test func badPathsRanksAndPairsAreRefusedAtTheirPath() {
    let m = Self.messages(
      #"""
      [{"between": ["sales.closeRate", "sales.reps"], "rank": 0.2},
       {"between": ["marketing.sources[content].qualifyRate", "sales.closeRate"], "rank": 0.2},
       {"between": ["sales.closeRate", "sales.closeRate"], "rank": 0.2},
       {"between": ["sales.closeRate", "marketing.sources[referral].leadsPerMonth"], "rank": 1.2},
       {"between": ["sales.closeRate"], "rank": 0.1},
       {"between": ["marketing.sources[referral].leadsPerMonth", "sales.closeRate"], "rank": 0.1},
       {"between": ["sales.closeRate", "marketing.sources[referral].leadsPerMonth"], "rank": 0.3}]
      """#)
    #expect(m.contains { $0.hasPrefix("$.correlations[0].between[1]: is not an input slasim draws") && $0.contains("\"sales.closeRate\"") })
    #expect(m.contains { $0.hasPrefix("$.correlations[1].between[0]: is a fixed number (0.5), drawn nowhere") })
    #expect(m.contains { $0.hasPrefix("$.correlations[2].between: names one input twice") })
    #expect(m.contains { $0.hasPrefix("$.correlations[3].rank: must be a Spearman rank correlation from -1 to 1") })
    #expect(m.contains { $0.hasPrefix("$.correlations[4].between: must name exactly two inputs") })
    #expect(m.contains { $0.hasPrefix("$.correlations[6]: repeats the pair") })
    #expect(m.count == 6, "\(m)")
  }

  /// Three inputs each strongly tied to the next cannot all hold: close ~ content at 0.9,
  /// content ~ referral at 0.9 and close ~ referral at −0.9. The rank matrix's smallest
  /// eigenvalue is 1 − 0.9 − 0.9 = −0.8 (for [[1, a, a], [a, 1, −a], [a, −a, 1]] it is
  /// 1 − 2a); the message names it and the file is refused, not repaired.
  @Test func anInvalidMatrixIsRefusedWithItsSmallestEigenvalue() {
    let m = Self.messages(
      #"""
      [{"between": ["sales.closeRate", "marketing.sources[content].leadsPerMonth"], "rank": 0.9},
       {"between": ["marketing.sources[content].leadsPerMonth", "marketing.sources[referral].leadsPerMonth"], "rank": 0.9},
       {"between": ["sales.closeRate", "marketing.sources[referral].leadsPerMonth"], "rank": -0.9}]
      """#)
    #expect(m.count == 1, "\(m)")
    #expect(m.first?.contains("not positive semi-definite (smallest eigenvalue -0.8") == true, "\(m)")
    #expect(m.first?.hasPrefix("$.correlations: ") == true)
  }

  @Test func aScheduleIsRefused() {
    let m = Self.messages(
      #"[{"between": ["sales.closeRate", "marketing.sources[content].leadsPerMonth"], "rank": 0.5}]"#,
      leads: #"{"schedule": [{"from": "2026-07-01", "value": 100}, {"from": "2026-08-01", "value": 200}]}"#)
    #expect(m == [
      "$.correlations[0].between[1]: is a schedule, whose points are drawn one by one; expected a single distribution or a trend"
    ])
  }

  /// plan-2027's two sources follow one trend draw, so naming both is refused; naming one of
  /// them and a trend rate loads (the shipped correlation).
  @Test func twoPathsOnOneTrendDrawAreRefused() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let file = root.appendingPathComponent("scenarios/plan-2027.json").path
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let shipped = ScenarioLoader.load(text, file: file)
    #expect(shipped.errors.isEmpty, "\(shipped.errors)")
    #expect(shipped.scenario?.correlations.first?.first == "sales.closeRate")
    let both = text.replacingOccurrences(
      of: #"["sales.closeRate", "marketing.sources[content].leadsPerMonth"]"#,
      with: #"["marketing.sources[referral].leadsPerMonth", "marketing.sources[content].leadsPerMonth"]"#)
    #expect(both != text)
    let refused = ScenarioLoader.load(both, file: file).errors.map { "\($0.path): \($0.problem)" }
    #expect(
      refused == [
        "$.correlations[0].between[1]: follows the same trend draw as \"marketing.sources[referral].leadsPerMonth\" "
          + "(one draw, one correlation path)"
      ], "\(refused)")
  }

  /// A size drawn per event is refused with how it is drawn; the same field as a trend (one
  /// value per month) can be correlated and follows its correlation.
  @Test func aPerEventSizeIsRefusedButItsTrendCanBeCorrelated() throws {
    let text = Self.document(#"[{"between": ["sales.closeRate", "sales.dealSize"], "rank": 0.5}]"#)
      .replacingOccurrences(of: #""dealSize": 1000"#, with: #""dealSize": {"gamma": {"mean": 1000, "sd": 300}}"#)
    let m = ScenarioLoader.load(text, file: "v.json").errors.map { "\($0.path): \($0.problem)" }
    #expect(m == ["$.correlations[0].between[1]: is drawn per deal, not once per trial or month"], "\(m)")

    let history = try FitTests.companyA()
    let trend = try TrendSpec(
      history: history, path: "company-a.csv", column: "dealSize", bounds: .nonNegative,
      horizon: Horizon(start: TestScenarios.date("2026-07-01"), months: 3))
    var scenario = Self.funnel([Correlation(Self.close, "sales.dealSize", rank: -0.7)], start: "2026-07-01")
    scenario.sales.dealSize = .trend(trend)
    let model = CompiledModel(scenario)
    var scratch = TrialScratch(model: model)
    var rng = Xoshiro256StarStar(seed: 23)
    var close: [Double] = []
    var size: [Double] = []
    for _ in 0..<3_000 {
      model.simulateTrial(&scratch, using: &rng)
      close.append(scratch.rateDraws[model.closeRate.firstPoint])
      size.append(scratch.points[model.dealSize.firstPoint + 1].distribution.fixedValue ?? .nan)
    }
    Self.expectRank(close, size, -0.7, "close rate and August's deal size")
  }
}
