/// Two scenarios simulated on the same trials with common random numbers (`slasim compare`).
///
/// Trial `t` of A and trial `t` of B draw from the same block stream, and the engine gives
/// each entity its own stream, so where the inputs agree the two trials share their draws and
/// the per-trial difference is the change, not the noise. Blocks are simulated for both
/// models and folded in block order, so the result does not depend on the thread count.
public struct PairedComparison: Sendable {
  /// A paired difference `B − A` with its 95% interval.
  public struct Difference: Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    /// Trials where B is better than A (proportions: B met, A missed); 0 for KPIs.
    public var improved: Int
    /// Trials where B is worse than A (proportions: A met, B missed); 0 for KPIs.
    public var worsened: Int
  }

  /// One compared probability (a party, a goal or the joint), matched by key.
  public struct Item: Sendable {
    /// `joint`, `sales` or `sales.revenuePerMonth`.
    public var key: String
    public var a: ProportionEstimate?
    public var b: ProportionEstimate?
    /// Present only when both sides have the item.
    public var difference: Difference?
    /// The unpaired (independent-samples) interval of the same difference, for comparison.
    public var unpaired: Difference?
  }

  /// One compared KPI mean.
  public struct KPIItem: Sendable {
    public var kpi: KPI
    public var a: Double?
    public var b: Double?
    public var difference: Difference?
  }

  public var a: SimulationResult
  public var b: SimulationResult
  public var items: [Item]
  public var kpis: [KPIItem]

  /// Refuses two scenarios whose months cannot be compared month for month.
  ///
  /// - Returns: `nil`, or why (for a message naming B's file).
  public static func incomparability(_ a: Scenario, _ b: Scenario) -> String? {
    if a.horizon.start != b.horizon.start || a.horizon.months != b.horizon.months {
      return "the horizon (\(b.horizon.start), \(b.horizon.months) months) differs from A's "
        + "(\(a.horizon.start), \(a.horizon.months) months); compare needs the same months on both sides"
    }
    return nil
  }

  /// Simulates `trials` trials of both scenarios at `seed` and pairs them trial by trial.
  ///
  /// - Precondition: ``incomparability(_:_:)`` is `nil`.
  /// - Complexity: O(`trials` × events per trial of A and B), independent of `threads`.
  public static func run(
    a scenarioA: Scenario, b scenarioB: Scenario, trials: Int, seed: UInt64, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> PairedComparison {
    precondition(trials > 0, "trials must be positive, got \(trials)")
    let clock = ContinuousClock()
    let started = clock.now
    let modelA = CompiledModel(scenarioA)
    let modelB = CompiledModel(scenarioB)
    let threads = SimulationEngine.threadsUsed(requested: threads, trials: trials)
    let pairing = Pairing(modelA, modelB)
    var folded = PairedBlock(pairing: pairing, a: modelA, b: modelB, expectedTrials: 0)
    var sketchesA = SimulationEngine.makeSketches(modelA)
    var sketchesB = SimulationEngine.makeSketches(modelB)
    await SimulationEngine.simulateBlocks(trials: 0..<trials, threads: threads) { index, blockTrials in
      var block = PairedBlock(pairing: pairing, a: modelA, b: modelB, expectedTrials: blockTrials.count)
      modelA.simulateBlock(index: index, trials: blockTrials, seed: seed, into: &block.a)
      modelB.simulateBlock(index: index, trials: blockTrials, seed: seed, into: &block.b)
      block.pair()
      return block
    } fold: { ready in
      SimulationEngine.addToSketches(&sketchesA, ready.a.tally, model: modelA)
      SimulationEngine.addToSketches(&sketchesB, ready.b.tally, model: modelB)
      folded.fold(ready)
      progress?(2 * folded.a.tally.trials, 2 * trials)
    }
    let seconds = (clock.now - started).seconds
    let a = SimulationResult(
      model: modelA, tally: folded.a.tally, sketches: sketchesA, seed: seed, threads: threads, seconds: seconds)
    let b = SimulationResult(
      model: modelB, tally: folded.b.tally, sketches: sketchesB, seed: seed, threads: threads, seconds: seconds)
    return PairedComparison(a: a, b: b, pairing: pairing, folded: folded)
  }

  init(a: SimulationResult, b: SimulationResult, pairing: Pairing, folded: PairedBlock) {
    self.a = a
    self.b = b
    let n = a.trials
    func estimate(_ bit: Int?, _ tally: Tally) -> ProportionEstimate? {
      bit.map { ProportionEstimate(successes: OutcomeRecorder.count(bit: $0, in: tally), trials: n) }
    }
    items = pairing.items.enumerated().map { i, item in
      let pa = estimate(item.bitA, folded.a.tally)
      let pb = estimate(item.bitB, folded.b.tally)
      var difference: Difference?
      var unpaired: Difference?
      if let pa, let pb {
        difference = Self.pairedProportionDifference(
          improved: folded.improved[i], worsened: folded.worsened[i], trials: n)
        unpaired = Self.unpairedProportionDifference(a: pa, b: pb)
        // The same point estimate on both, to the bit: (n₀₁ − n₁₀)/n.
        unpaired?.estimate = difference?.estimate ?? 0
      }
      return Item(key: item.key, a: pa, b: pb, difference: difference, unpaired: unpaired)
    }
    kpis = pairing.kpis.enumerated().map { i, k in
      let ma = k.indexA.map { folded.a.tally.kpiMoments[$0].mean }
      let mb = k.indexB.map { folded.b.tally.kpiMoments[$0].mean }
      let d = (ma != nil && mb != nil) ? Self.pairedMeanDifference(folded.kpiDifferences[i]) : nil
      return KPIItem(kpi: k.kpi, a: ma, b: mb, difference: d)
    }
  }

  /// The 95% normal quantile `Φ⁻¹(0.975)`.
  static let z = 1.959963984540054

  /// `P(B) − P(A)` from the discordant trials, with the Wald interval of the paired
  /// differences `dᵢ = bᵢ − aᵢ ∈ {−1, 0, 1}`.
  ///
  /// With `n₀₁` trials improved (B met, A missed) and `n₁₀` worsened out of `n`:
  /// `Δ = (n₀₁ − n₁₀)/n` and `Var(Δ) = ((n₀₁ + n₁₀) − (n₀₁ − n₁₀)²/n)/n²` (the variance of the
  /// mean of the `dᵢ`; Agresti & Min 2005, "Simple improved confidence intervals for comparing
  /// matched proportions", Statistics in Medicine 24, 729–740, doi:10.1002/sim.2109, eq. 1;
  /// also Newcombe 1998, doi:10.1002/(SICI)1097-0258(19981030)17:20<2635::AID-SIM954>3.0.CO;2-C,
  /// method 1). It is chosen over Newcombe's method 10 and Tango's score interval because
  /// under common random numbers "no discordant trial" is not a sampling accident: when the
  /// change touches no trial the difference is exactly 0 and the interval is [0, 0], which
  /// the score and hybrid intervals (built for independent subjects) do not give. Its known
  /// weakness, under-coverage when the discordant count is small (below about 20), is stated
  /// in docs/compare.md; the interval is clipped to [−1, 1].
  public static func pairedProportionDifference(improved: Int, worsened: Int, trials n: Int) -> Difference {
    precondition(n > 0 && improved >= 0 && worsened >= 0 && improved + worsened <= n, "bad counts")
    let nn = Double(n)
    let d = Double(improved - worsened) / nn
    let variance = Swift.max(0, (Double(improved + worsened) - Double(improved - worsened) * d) / (nn * nn))
    let half = z * variance.squareRoot()
    return Difference(
      estimate: d, low: Swift.max(-1, d - half), high: Swift.min(1, d + half), improved: improved, worsened: worsened)
  }

  /// The unpaired interval of `P(B) − P(A)`: Newcombe's hybrid score interval from the two
  /// Wilson intervals (Newcombe 1998, "Interval estimation for the difference between
  /// independent proportions", Statistics in Medicine 17, 873–890, method 10), shown only to
  /// measure what pairing buys.
  public static func unpairedProportionDifference(a: ProportionEstimate, b: ProportionEstimate) -> Difference {
    let d = b.estimate - a.estimate
    let low = d - ((b.estimate - b.low) * (b.estimate - b.low) + (a.high - a.estimate) * (a.high - a.estimate)).squareRoot()
    let high = d + ((b.high - b.estimate) * (b.high - b.estimate) + (a.estimate - a.low) * (a.estimate - a.low)).squareRoot()
    return Difference(estimate: d, low: low, high: high, improved: 0, worsened: 0)
  }

  /// The mean of the per-trial differences `B − A` ± `z · sd/√n` (normal quantile: n is in
  /// the thousands, where t and z agree to three digits).
  static func pairedMeanDifference(_ m: StreamingMoments) -> Difference {
    let half = m.count > 1 ? z * m.standardDeviation / Double(m.count).squareRoot() : 0
    return Difference(estimate: m.mean, low: m.mean - half, high: m.mean + half, improved: 0, worsened: 0)
  }
}

/// Which outcome bit and KPI index of A and of B each compared item reads (matched by key).
struct Pairing: Sendable {
  struct ItemBits: Sendable {
    var key: String
    var bitA: Int?
    var bitB: Int?
  }
  struct KPIIndices: Sendable {
    var kpi: KPI
    var indexA: Int?
    var indexB: Int?
  }
  var items: [ItemBits] = []
  var kpis: [KPIIndices] = []

  init(_ a: CompiledModel, _ b: CompiledModel) {
    // Items: the joint, then each party followed by its goals (A's order, then B's extras).
    items.append(ItemBits(key: "joint", bitA: OutcomeRecorder.jointBit(a), bitB: OutcomeRecorder.jointBit(b)))
    for (p, party) in Party.allCases.enumerated() {
      let hasA = party != .service || a.hasService
      let hasB = party != .service || b.hasService
      guard hasA || hasB else { continue }
      items.append(
        ItemBits(
          key: party.rawValue, bitA: hasA ? OutcomeRecorder.partyBit(a, p) : nil,
          bitB: hasB ? OutcomeRecorder.partyBit(b, p) : nil))
      var keys: [String] = a.goals.filter { $0.party == party }.map(\.key)
      for g in b.goals where g.party == party && !keys.contains(g.key) { keys.append(g.key) }
      for key in keys {
        items.append(
          ItemBits(
            key: "\(party.rawValue).\(key)",
            bitA: a.goals.firstIndex { $0.party == party && $0.key == key },
            bitB: b.goals.firstIndex { $0.party == party && $0.key == key }))
      }
    }
    var ids = a.kpis
    for k in b.kpis where !ids.contains(k) { ids.append(k) }
    kpis = ids.map { KPIIndices(kpi: $0, indexA: a.kpis.firstIndex(of: $0), indexB: b.kpis.firstIndex(of: $0)) }
  }
}

/// A ``Tally`` that also keeps each trial's outcomes as bits: goal `g` is bit `g`, then the
/// three parties, then the joint, in ``wordsPerTrial`` words a trial (capacity reserved for a
/// block, so no allocation per trial; any number of goals fits).
struct OutcomeRecorder: TrialRecorder {
  var tally: Tally
  /// Trial `t`'s bit `b` is bit `b % 64` of `outcomes[t * wordsPerTrial + b / 64]`.
  var outcomes: [UInt64] = []
  /// Each goal's count before the trial being recorded (a trial adds 0 or 1 to each).
  private var goalsBefore: [Int]
  let wordsPerTrial: Int

  init(model: CompiledModel, expectedTrials: Int) {
    tally = Tally(model: model, expectedTrials: expectedTrials)
    wordsPerTrial = (model.goals.count + 4 + 63) / 64
    goalsBefore = Array(repeating: 0, count: model.goals.count)
    outcomes.reserveCapacity(expectedTrials * wordsPerTrial)
  }

  static func partyBit(_ model: CompiledModel, _ p: Int) -> Int { model.goals.count + p }
  static func jointBit(_ model: CompiledModel) -> Int { model.goals.count + 3 }

  /// The trials that met the item at `bit`, from the folded counts.
  static func count(bit: Int, in tally: Tally) -> Int {
    let goals = tally.goalMet.count
    if bit < goals { return tally.goalMet[bit] }
    if bit < goals + 3 { return tally.partyMet[bit - goals] }
    return tally.jointMet
  }

  /// Whether trial `t` (index within the block) met the item at `bit`.
  func met(trial t: Int, bit: Int) -> Bool {
    outcomes[t * wordsPerTrial + bit / 64] >> UInt64(bit % 64) & 1 == 1
  }

  private mutating func set(bit: Int, base: Int) {
    outcomes[base + bit / 64] |= 1 << UInt64(bit % 64)
  }

  mutating func record(_ scratch: borrowing TrialScratch, model: CompiledModel) {
    // The trial's outcomes are what its record adds to the counts.
    let before = (tally.partyMet[0], tally.partyMet[1], tally.partyMet[2], tally.jointMet)
    for g in goalsBefore.indices { goalsBefore[g] = tally.goalMet[g] }
    model.record(scratch, into: &tally)
    let base = outcomes.count
    for _ in 0..<wordsPerTrial { outcomes.append(0) }
    for g in goalsBefore.indices where tally.goalMet[g] != goalsBefore[g] { set(bit: g, base: base) }
    let goals = tally.goalMet.count
    if tally.partyMet[0] != before.0 { set(bit: goals, base: base) }
    if tally.partyMet[1] != before.1 { set(bit: goals + 1, base: base) }
    if tally.partyMet[2] != before.2 { set(bit: goals + 2, base: base) }
    if tally.jointMet != before.3 { set(bit: goals + 3, base: base) }
  }
}

/// One block of both runs, then its paired counts; folded in block order.
struct PairedBlock: Sendable {
  let pairing: Pairing
  var a: OutcomeRecorder
  var b: OutcomeRecorder
  var improved: [Int]
  var worsened: [Int]
  var kpiDifferences: [StreamingMoments]

  init(pairing: Pairing, a modelA: CompiledModel, b modelB: CompiledModel, expectedTrials: Int) {
    self.pairing = pairing
    a = OutcomeRecorder(model: modelA, expectedTrials: expectedTrials)
    b = OutcomeRecorder(model: modelB, expectedTrials: expectedTrials)
    improved = Array(repeating: 0, count: pairing.items.count)
    worsened = improved
    kpiDifferences = Array(repeating: StreamingMoments(), count: pairing.kpis.count)
  }

  /// Counts the discordant trials and the KPI differences of this block, trial by trial.
  mutating func pair() {
    let kpiCountA = a.tally.kpiMoments.count
    let kpiCountB = b.tally.kpiMoments.count
    for t in 0..<a.tally.trials {
      for (i, item) in pairing.items.enumerated() {
        guard let bitA = item.bitA, let bitB = item.bitB else { continue }
        let metA = a.met(trial: t, bit: bitA)
        let metB = b.met(trial: t, bit: bitB)
        if metB && !metA { improved[i] += 1 }
        if metA && !metB { worsened[i] += 1 }
      }
      for (i, k) in pairing.kpis.enumerated() {
        guard let ia = k.indexA, let ib = k.indexB else { continue }
        kpiDifferences[i].add(b.tally.kpiValues[t * kpiCountB + ib] - a.tally.kpiValues[t * kpiCountA + ia])
      }
    }
  }

  mutating func fold(_ other: PairedBlock) {
    a.tally.fold(other.a.tally)
    b.tally.fold(other.b.tally)
    for i in improved.indices {
      improved[i] += other.improved[i]
      worsened[i] += other.worsened[i]
    }
    for i in kpiDifferences.indices { kpiDifferences[i].merge(other.kpiDifferences[i]) }
  }
}
