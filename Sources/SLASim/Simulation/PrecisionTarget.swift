/// `run --precision E`: add blocks until every reported probability is known to ±E (issue 11, item 4).
///
/// The stopping rule is checked after each block is folded, in block order, so it sees the same
/// counts whatever the thread count: a run stops after the first block at which the 95% Wilson
/// interval of every probability the run reports (each goal, party and the joint SLA, over the
/// horizon and in each month; Sales given Marketing met and missed; each month missed, each
/// escalation rung and the cancellation) has a half-width `(high − low) / 2` of at most E, or
/// after ``maxTrials``. The result is then the run of exactly that many trials: `run --trials N`
/// with the N it stopped at gives the same bits.
///
/// A stopping rule that looks at the data can bias what it stops on; this one looks only at the
/// interval widths, which for a proportion depend on p̂ weakly and symmetrically about ½, and it
/// stops at the first block of thousands at which they fit, so the effect is far below the
/// intervals' own width (docs/model.md, "Adaptive precision").
public struct PrecisionTarget: Sendable, Equatable {
  /// The largest 95% half-width allowed, as a probability (0.005 is ±0.5 percentage points).
  public var halfWidth: Double
  /// The most trials to run; the run stops there even when the target is not met.
  public var maxTrials: Int

  public init(halfWidth: Double, maxTrials: Int) {
    self.halfWidth = halfWidth
    self.maxTrials = maxTrials
  }
}

/// How a run with a ``PrecisionTarget`` ended.
public struct PrecisionOutcome: Sendable, Equatable {
  public var target: PrecisionTarget
  /// Whether every half-width reached the target (else the run stopped at `maxTrials`).
  public var met: Bool
  /// The widest half-width at the end, and which probability it is (a JSON path of the result).
  public var widestHalfWidth: Double
  public var widest: String
}

extension Tally {
  /// The widest 95% half-width of the probabilities a run reports, and (when `named`) the JSON
  /// path of that probability in the result.
  ///
  /// - Complexity: O(goals × months); allocates only when `named`.
  func widestHalfWidth(model: CompiledModel, named: Bool) -> (Double, String?) {
    let n = trials
    let m = model.months
    var widest = -1.0
    var widestName: String?
    func consider(_ successes: Int, of total: Int, _ name: @autoclosure () -> String) {
      let e = ProportionEstimate(successes: successes, trials: total)
      let half = (e.high - e.low) / 2
      if half > widest {
        widest = half
        if named { widestName = name() }
      }
    }
    let scenario = model.scenario
    func month(_ k: Int) -> String { String(scenario.horizon.start.firstOfMonth(adding: k).description.prefix(7)) }
    for (p, party) in Party.allCases.enumerated() where party != .service || model.hasService {
      consider(partyMet[p], of: n, "parties.\(party.rawValue).probability")
      for k in 0..<m { consider(partyMonthMet[p * m + k], of: n, "parties.\(party.rawValue).byMonth[\(month(k))]") }
    }
    for (g, goal) in model.goals.enumerated() {
      let path = "parties.\(goal.party.rawValue).goals.\(goal.key)"
      consider(goalMet[g], of: n, path + ".probability")
      for k in 0..<m { consider(goalMonthMet[g * m + k], of: n, path + ".byMonth[\(month(k))]") }
    }
    consider(jointMet, of: n, "joint.probability")
    for k in 0..<m { consider(jointMonthMet[k], of: n, "joint.byMonth[\(month(k))]") }
    consider(marketingAndSalesMet, of: partyMet[0], "conditional.salesGivenMarketingMet")
    consider(salesMetMarketingMissed, of: n - partyMet[0], "conditional.salesGivenMarketingMissed")
    for k in 0..<m { consider(monthMissed[k], of: n, "escalation.monthMissed[\(month(k))]") }
    for (r, rung) in model.rungs.enumerated() { consider(rungReached[r], of: n, "escalation.rungs[\(rung) months]") }
    consider(cancelReached, of: n, "escalation.cancel")
    return (widest, widestName)
  }
}
