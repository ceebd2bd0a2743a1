/// A scenario as a ``SobolModel``: each factor is one uncertain input drawn per trial (or per
/// trial and month), identified by the random streams it draws from (``StreamSelector``);
/// everything else a trial draws (arrivals, each lead's qualification and attempts, deal sizes
/// and cycles, tickets) is the trial's own noise and always comes from the row's A trial.
///
/// The factors, in `sensitivity`'s input order, where the scenario draws them:
/// - a rate given as a distribution or a schedule with an uncertain point (drawn per trial);
/// - a source's `leadsPerMonth` or `sales.otherRevenuePerMonth` given as a distribution
///   (drawn per month: the factor is all its months together);
/// - a trend of any field, sizes and durations included (its coefficients, σ and monthly
///   values; fields on one trend draw are one factor).
///
/// Sizes and durations given as distributions are drawn per event, and
/// `service.ticketsPerCustomerPerMonth` as a distribution from the desk's single stream, so
/// they are part of the noise. Correlations are left out (the indices assume independent factors).
struct ScenarioSobolModel: SobolModel {
  struct Factor: Sendable {
    var path: String
    var selector: StreamSelector
  }

  let model: CompiledModel
  let factors: [Factor]
  /// The parties with goals, in order, then the joint and revenue.
  let parties: [Party]
  var names: [String] { parties.map(\.rawValue) + ["joint", "revenue"] }

  var factorCount: Int { factors.count }
  var outputCount: Int { parties.count + 2 }

  init(scenario: Scenario) {
    var independent = scenario
    independent.correlations = []
    independent.correlationPins = []
    let model = CompiledModel(independent)
    self.model = model
    parties = Party.allCases.filter { p in model.goals.contains { $0.party == p } }
    var factors: [Factor] = []
    var trendsSeen: [Int] = []
    func add(_ path: String, _ parameter: CompiledParameter, volume: StreamSelector? = nil, trendOnly: Bool = false) {
      if let use = model.trendUses.first(where: { $0.firstPoint == parameter.firstPoint }) {
        guard !trendsSeen.contains(use.drawIndex) else { return }
        trendsSeen.append(use.drawIndex)
        factors.append(Factor(path: path, selector: .trend(use.drawIndex)))
        return
      }
      guard !trendOnly else { return }
      let points = model.points[parameter.firstPoint..<(parameter.firstPoint + parameter.pointCount)]
      guard points.contains(where: { $0.distribution.fixedValue == nil }) else { return }
      if let volume {
        factors.append(Factor(path: path, selector: volume))
      } else {
        factors.append(Factor(path: path, selector: .ratePoints(parameter.firstPoint, count: parameter.pointCount)))
      }
    }
    for (k, source) in scenario.marketing.sources.enumerated() {
      add("marketing.sources[\(source.name)].leadsPerMonth", model.sourceLeads[k], volume: .leadVolume(source: k))
      add("marketing.sources[\(source.name)].valuePerLead", model.sourceValue[k], trendOnly: true)
      add("marketing.sources[\(source.name)].qualifyRate", model.sourceQualify[k])
    }
    add("sales.followUp.connectRate", model.connectRate)
    add("sales.opportunityRate.fast", model.fastRate)
    add("sales.opportunityRate.slow", model.slowRate)
    add("sales.closeRate", model.closeRate)
    add("sales.dealSize", model.dealSize, trendOnly: true)
    add("sales.cycleDays", model.cycleDays, trendOnly: true)
    add("sales.otherRevenuePerMonth", model.otherRevenue, volume: .otherRevenue)
    if scenario.service != nil {
      add("service.ticketsPerCustomerPerMonth", model.ticketsPerCustomer, trendOnly: true)
      add("service.handleMinutes", model.handleMinutes, trendOnly: true)
      if let patience = model.patienceMinutes { add("service.patienceMinutes", patience, trendOnly: true) }
      add("service.monthlyChurn", model.churn)
    }
    self.factors = factors
  }

  /// One block's trial buffers and counts (a class: ``TrialScratch`` is not copyable).
  final class Scratch {
    var trial: TrialScratch
    var tally: Tally
    init(model: CompiledModel) {
      trial = TrialScratch(model: model)
      tally = Tally(model: model, expectedTrials: 0)
    }
  }

  func makeScratch() -> Scratch { Scratch(model: model) }

  func evaluate(a: UInt64, b: UInt64, _ variant: SobolVariant, scratch: inout Scratch, outputs: UnsafeMutablePointer<Double>) {
    let streams: TrialStreams
    switch variant {
    case .a: streams = TrialStreams(trialKey: a)
    case .b: streams = TrialStreams(trialKey: b)
    case .aWithFactorFromB(let i): streams = TrialStreams(trialKey: a, taking: factors[i].selector, from: b)
    }
    model.simulateTrial(&scratch.trial, streams: streams)
    // The trial's outcomes are what its record adds to the counts (as ``OutcomeRecorder``).
    let before = (scratch.tally.partyMet[0], scratch.tally.partyMet[1], scratch.tally.partyMet[2])
    let jointBefore = scratch.tally.jointMet
    model.record(scratch.trial, into: &scratch.tally)
    for (o, p) in parties.enumerated() {
      let (index, was) =
        switch p {
        case .marketing: (0, before.0)
        case .sales: (1, before.1)
        case .service: (2, before.2)
        }
      outputs[o] = scratch.tally.partyMet[index] != was ? 1 : 0
    }
    outputs[parties.count] = scratch.tally.jointMet != jointBefore ? 1 : 0
    var revenue = 0.0
    let m = model.months
    for month in 0..<m { revenue += scratch.trial.figures[Figure.revenue.rawValue * m + month] }
    outputs[parties.count + 1] = revenue
  }
}

extension SobolAnalysis {
  /// The indices of each per-trial uncertain input of `scenario` (``ScenarioSobolModel``) on
  /// each party's success, the joint success and the horizon's revenue, from `baseRows` rows.
  public static func estimate(
    scenario: Scenario, baseRows: Int, seed: UInt64, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> (factors: [String], estimate: SobolEstimate) {
    let model = ScenarioSobolModel(scenario: scenario)
    let estimate = await estimate(
      model, names: model.names, baseRows: baseRows, seed: seed, threads: threads, progress: progress)
    return (model.factors.map(\.path), estimate)
  }

  /// Model runs for `baseRows` rows of `scenario`.
  public static func runs(scenario: Scenario, baseRows: Int) -> Int {
    baseRows * (ScenarioSobolModel(scenario: scenario).factorCount + 2)
  }
}

extension SobolResult {
  /// What the JSON's `sobol.method` says.
  static let method =
    "Saltelli 2010 sampling (A, B and A_B^i per row); first order Saltelli 2010, total Jansen 1999; "
    + "Poisson bootstrap, 2.5% and 97.5% percentiles"
}
