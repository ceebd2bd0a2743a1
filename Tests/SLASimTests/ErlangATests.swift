import Testing

@testable import SLASim

/// Erlang A (M/M/N+M) against the birth–death chain solved in 60-digit arithmetic, truncated
/// at N + 3,000 states, with the answered-within-target chance from the hypoexponential's
/// partial fractions at 150 digits (Tests/SLASimTests/Fixtures/erlang_a_reference.py): a
/// method independent of the incomplete beta function the Swift code uses. 1e-9 relative.
@Suite struct ErlangATests {
  /// (agents, load, handle s, patience s, target s, P(wait), P(abandon), service level, mean wait s).
  static let reference: [(Int, Double, Double, Double, Double, Double, Double, Double, Double)] = [
    (14, 10, 180, 120, 20, 0.12697634007979537156, 0.022839286531818770869, 0.93272958069805966678, 2.7407143838182525043),
    (10, 10, 180, 60, 20, 0.42341767494790422767, 0.1575268714908340517, 0.71801018812165602635, 9.4516122894500431023),
    (8, 10, 180, 60, 20, 0.62517906573953112643, 0.27835286158343521056, 0.52755245944529647911, 16.701171695006112633),
    (1, 0.5, 1, 2, 0.5, 0.41802329313067357561, 0.16395341373865284877, 0.6954939016458330047, 0.32790682747730569754),
    (30, 25, 240, 600, 30, 0.20898391344733418854, 0.010907580529506916299, 0.9082606305793521377, 6.5445483177041497795),
    (14, 10, 180, 120, 0, 0.12697634007979537156, 0.022839286531818770869, 0.87302365992020462844, 2.7407143838182525043),
  ]

  static func relative(_ x: Double, _ y: Double) -> Double { abs(x - y) / abs(y) }

  @Test(arguments: reference.indices)
  func matchesTheSolvedChain(_ i: Int) {
    let (n, load, h, patience, t, wait, abandon, level, meanWait) = Self.reference[i]
    let r = ErlangA.evaluate(agents: n, offeredLoad: load, handleTime: h, patience: patience, target: t)
    #expect(Self.relative(r.waitProbability, wait) <= 1e-9, "P(wait) \(r.waitProbability)")
    #expect(Self.relative(r.abandonProbability, abandon) <= 1e-9, "P(abandon) \(r.abandonProbability)")
    #expect(Self.relative(r.serviceLevel, level) <= 1e-9, "service level \(r.serviceLevel)")
    #expect(Self.relative(r.averageWait, meanWait) <= 1e-9, "mean wait \(r.averageWait)")
  }

  /// Patience → ∞ is Erlang C (stable case): 14 agents for 10 Erlangs reach 88.835%.
  @Test func infinitePatienceIsErlangC() {
    let c = ErlangC.serviceLevel(agents: 14, offeredLoad: 10, handleTime: 180, target: 20)
    let cWait = ErlangC.waitProbability(agents: 14, offeredLoad: 10)
    let a = ErlangA.evaluate(agents: 14, offeredLoad: 10, handleTime: 180, patience: 1e12, target: 20)
    // The abandonment rate is 1e-12 per second: differences of order 1e-9 at most.
    #expect(abs(a.serviceLevel - c) < 1e-8)
    #expect(abs(a.waitProbability - cWait) < 1e-8)
    #expect(a.abandonProbability < 1e-8)
  }

  /// Required agents: impatience helps the service level (callers who would wait long leave),
  /// so Erlang A needs no more agents than Erlang C, and more patience needs more.
  @Test func requiredAgents() {
    let c = ErlangC.requiredAgents(offeredLoad: 10, handleTime: 180, target: 20, serviceLevelGoal: 0.8)
    let a = ErlangA.requiredAgents(offeredLoad: 10, handleTime: 180, patience: 120, target: 20, serviceLevelGoal: 0.8)
    #expect(c == 14)
    #expect(a.map { $0 <= 14 } == true)
    var previous = 0
    for patience in [30.0, 120, 600, 3600, 36_000] {
      let n = ErlangA.requiredAgents(
        offeredLoad: 10, handleTime: 180, patience: patience, target: 20, serviceLevelGoal: 0.9) ?? -1
      #expect(n >= previous, "patience \(patience): \(n)")
      previous = n
    }
    // A load beyond 2⁵³ Erlangs is refused (no Int conversion of it), as in Erlang C.
    #expect(ErlangA.requiredAgents(offeredLoad: 1e300, handleTime: 1, patience: 1, target: 1, serviceLevelGoal: 0.5) == nil)
    #expect(previous <= ErlangC.requiredAgents(offeredLoad: 10, handleTime: 180, target: 20, serviceLevelGoal: 0.9) ?? 0)
  }

  /// Heavy loads stay finite (the product form is rescaled) and probabilities in [0, 1].
  @Test func heavyLoadsStayInRange() {
    let r = ErlangA.evaluate(agents: 900, offeredLoad: 1000, handleTime: 300, patience: 60, target: 20)
    for p in [r.waitProbability, r.abandonProbability, r.serviceLevel] { #expect(p >= 0 && p <= 1) }
    #expect(r.averageWait.isFinite && r.averageWait > 0)
    // With fewer agents than load, at least the excess must abandon: P(ab) ≥ 1 − N/A.
    #expect(r.abandonProbability >= 1 - 900.0 / 1000 - 1e-12)
  }
}
