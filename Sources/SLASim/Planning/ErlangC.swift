import RealModule

/// The analytic M/M/N queue (Erlang C): Poisson arrivals, exponential handling times, `N`
/// identical agents and one first-come-first-served queue with no abandonment.
///
/// Formulas from A. K. Erlang (1917, "Solution of some problems in the theory of
/// probabilities of significance in automatic telephone exchanges", Elektroteknikeren 13),
/// as stated in N. Gans, G. Koole & A. Mandelbaum (2003, "Telephone call centers: tutorial,
/// review, and research prospects", Manufacturing & Service Operations Management
/// 5(2):79–141, doi:10.1287/msom.5.2.79.16071, §4.1). With offered load `A = λ·h` Erlangs
/// (arrival rate times mean handle time) and `N > A` agents:
///
/// - wait probability `C(N, A) = N·B / (N − A(1 − B))`, with `B` the Erlang B blocking
///   probability;
/// - service level `P(wait ≤ t) = 1 − C·exp(−(N − A)·t/h)`;
/// - average speed of answer `ASA = C·h/(N − A)`.
///
/// `B` comes from the recursion `B(0) = 1`, `B(k) = A·B(k−1)/(k + A·B(k−1))`, which has only
/// positive terms and so neither overflows (as `A^N/N!` would) nor cancels. When `A ≥ N` the
/// queue is unstable: every contact waits and the wait grows without bound.
///
/// Units: `handleTime` and `target` may be in any time unit, as long as it is the same one;
/// the average speed of answer comes back in that unit.
public enum ErlangC {
  /// The offered load `A` in Erlangs: contacts per hour times handle minutes, over 60.
  ///
  /// - Parameters:
  ///   - arrivalsPerHour: Mean arrivals per hour; non-negative.
  ///   - handleMinutes: Mean handle time in minutes; non-negative.
  /// - Returns: The offered load in Erlangs.
  public static func offeredLoad(arrivalsPerHour: Double, handleMinutes: Double) -> Double {
    arrivalsPerHour * handleMinutes / 60
  }

  /// The occupancy `A/N`: the share of time an agent is busy (above 1 when the queue is
  /// unstable, which means it can never be reached).
  ///
  /// - Parameters:
  ///   - agents: Number of agents; at least 1.
  ///   - offeredLoad: Offered load in Erlangs; finite and non-negative.
  /// - Returns: `offeredLoad / agents`.
  public static func occupancy(agents: Int, offeredLoad: Double) -> Double {
    checkQueue(agents: agents, offeredLoad: offeredLoad)
    return offeredLoad / Double(agents)
  }

  /// `P(wait > 0)` for `agents` servers and offered load `A` = arrival rate × mean handle time
  /// (Erlangs).
  ///
  /// - Parameters:
  ///   - agents: Number of agents `N`; at least 1.
  ///   - offeredLoad: Offered load `A` in Erlangs; finite and non-negative.
  /// - Returns: The Erlang C probability `C(N, A)`; 1 when `A ≥ N`, 0 when `A = 0`.
  /// - Complexity: O(`agents`).
  public static func waitProbability(agents: Int, offeredLoad: Double) -> Double {
    checkQueue(agents: agents, offeredLoad: offeredLoad)
    if offeredLoad >= Double(agents) { return 1 }
    var blocking = 1.0
    for k in 1...agents {
      blocking = erlangBStep(previous: blocking, servers: k, offeredLoad: offeredLoad)
    }
    return waitProbability(agents: agents, offeredLoad: offeredLoad, blocking: blocking)
  }

  /// The share of contacts answered within `target`: `1 − C·exp(−(N − A)·target/handleTime)`.
  ///
  /// - Parameters:
  ///   - agents: Number of agents `N`; at least 1.
  ///   - offeredLoad: Offered load `A` in Erlangs; finite and non-negative.
  ///   - handleTime: Mean handle time `h`; positive and finite.
  ///   - target: Answer-time target `t`, in the unit of `handleTime`; non-negative.
  /// - Returns: The service level in [0, 1]; 0 when `A ≥ N`.
  /// - Complexity: O(`agents`).
  public static func serviceLevel(
    agents: Int, offeredLoad: Double, handleTime: Double, target: Double
  ) -> Double {
    // 1 − the tail, the same operations as serviceLevel(agents:…:waitProbability:…), so the
    // bits are those requiredAgents compares.
    1 - waitExceedsTargetProbability(
      agents: agents, offeredLoad: offeredLoad, handleTime: handleTime, target: target)
  }

  /// The share of contacts that wait longer than `target`: `C·exp(−(N − A)·target/handleTime)`.
  ///
  /// Computed directly rather than as `1 −` the service level, so that a small tail keeps its
  /// digits: at 32 agents for 10 Erlangs (3-minute handling) and a 20-second target it is
  /// 2.1777197892649e-9, where `1 − serviceLevel` gives 2.17771978228e-9, right to only eight
  /// digits.
  ///
  /// - Parameters: as ``serviceLevel(agents:offeredLoad:handleTime:target:)``.
  /// - Returns: The tail probability in [0, 1]; 1 when `A ≥ N`.
  /// - Complexity: O(`agents`).
  public static func waitExceedsTargetProbability(
    agents: Int, offeredLoad: Double, handleTime: Double, target: Double
  ) -> Double {
    checkTimes(handleTime: handleTime, target: target)
    if offeredLoad >= Double(agents) {
      checkQueue(agents: agents, offeredLoad: offeredLoad)
      return 1
    }
    let wait = waitProbability(agents: agents, offeredLoad: offeredLoad)
    return wait * Double.exp(-(Double(agents) - offeredLoad) * target / handleTime)
  }

  /// The agents to schedule so that `agents` are available when a share `shrinkage` of paid
  /// time goes to breaks, training, meetings and absence: `⌈agents ÷ (1 − shrinkage)⌉`.
  ///
  /// The quotient is rounded up with a relative tolerance of 10⁻¹², so that a decimal
  /// shrinkage that binary floating point cannot hold exactly does not add an agent
  /// (14 ÷ (1 − 0.3) is 20.000000000000004 in floating point, and 20 agents are enough).
  ///
  /// - Parameters:
  ///   - agents: Agents needed on the phones; 0 or more.
  ///   - shrinkage: The unavailable share of paid time, in [0, 1).
  /// - Returns: The agents to schedule, at least `agents`.
  ///   The result saturates at `Int.max` when a shrinkage near 1 would need more agents than an
  ///   `Int` holds.
  public static func scheduledAgents(_ agents: Int, shrinkage: Double) -> Int {
    precondition(agents >= 0, "ErlangC: agents \(agents) is negative")
    precondition(shrinkage >= 0 && shrinkage < 1, "ErlangC: shrinkage \(shrinkage) is outside [0, 1)")
    let needed = (Double(agents) / (1 - shrinkage) * (1 - 1e-12)).rounded(.up)
    guard needed < 0x1p62 else { return Int.max }
    return Swift.max(agents, Int(needed))
  }

  /// The average speed of answer (mean wait, over all contacts) `C·handleTime/(N − A)`.
  ///
  /// - Parameters:
  ///   - agents: Number of agents `N`; at least 1.
  ///   - offeredLoad: Offered load `A` in Erlangs; finite and non-negative.
  ///   - handleTime: Mean handle time `h`; positive and finite.
  /// - Returns: The mean wait in the unit of `handleTime`; `+infinity` when `A ≥ N`.
  /// - Complexity: O(`agents`).
  public static func averageSpeedOfAnswer(
    agents: Int, offeredLoad: Double, handleTime: Double
  ) -> Double {
    checkTimes(handleTime: handleTime, target: 0)
    if offeredLoad >= Double(agents) {
      checkQueue(agents: agents, offeredLoad: offeredLoad)
      return .infinity
    }
    let wait = waitProbability(agents: agents, offeredLoad: offeredLoad)
    return wait * handleTime / (Double(agents) - offeredLoad)
  }

  /// The smallest number of agents `N > A` whose service level reaches `serviceLevelGoal` and
  /// whose occupancy `A/N` is at most `maximumOccupancy`.
  ///
  /// The service level computed for the returned `N` is bit-for-bit the one
  /// ``serviceLevel(agents:offeredLoad:handleTime:target:)`` returns for it, and its occupancy
  /// the one ``occupancy(agents:offeredLoad:)`` returns. A cap on occupancy is the planners'
  /// guard against burnout: at high loads Erlang C alone staffs agents at 95% or more.
  /// - Parameters:
  ///   - offeredLoad: Offered load `A` in Erlangs; finite and non-negative.
  ///   - handleTime: Mean handle time `h`; positive and finite.
  ///   - target: Answer-time target `t`, in the unit of `handleTime`; non-negative.
  ///   - serviceLevelGoal: The share to answer within `target`, at most 1 (a goal of 0 or
  ///     less gives the smallest stable staffing, `⌊A⌋ + 1`).
  ///   - maximumOccupancy: The highest occupancy allowed, in (0, 1] (default 1: no cap beyond
  ///     stability).
  /// - Returns: The number of agents, or `nil` when the goal is above 1 or NaN, or an input
  ///   is outside its range (including loads of 2⁵³ Erlangs or more).
  /// - Complexity: O(result): the Erlang B recursion is advanced one agent at a time.
  public static func requiredAgents(
    offeredLoad: Double, handleTime: Double, target: Double, serviceLevelGoal: Double,
    maximumOccupancy: Double = 1
  ) -> Int? {
    guard offeredLoad >= 0, offeredLoad < 0x1p53, handleTime > 0, handleTime.isFinite,
      target >= 0, serviceLevelGoal <= 1, maximumOccupancy > 0, maximumOccupancy <= 1
    else { return nil }
    let smallestStable = Int(offeredLoad.rounded(.down)) + 1
    var blocking = 1.0
    var agents = 0
    while true {
      agents += 1
      // The same operations, in the same order, as waitProbability(agents:offeredLoad:).
      blocking = erlangBStep(previous: blocking, servers: agents, offeredLoad: offeredLoad)
      guard agents >= smallestStable, offeredLoad / Double(agents) <= maximumOccupancy else { continue }
      let wait = waitProbability(agents: agents, offeredLoad: offeredLoad, blocking: blocking)
      let level = serviceLevel(
        agents: agents, offeredLoad: offeredLoad, waitProbability: wait,
        handleTime: handleTime, target: target)
      // As N grows, C(N, A) falls to 0 faster than geometrically, so the level reaches 1
      // in floating point and the loop ends for every goal ≤ 1.
      if level >= serviceLevelGoal { return agents }
    }
  }

  // MARK: - Implementation

  /// One step of the Erlang B recursion: `B(k) = A·B(k−1)/(k + A·B(k−1))`.
  @inline(__always)
  static func erlangBStep(previous: Double, servers: Int, offeredLoad: Double) -> Double {
    let product = offeredLoad * previous
    return product / (Double(servers) + product)
  }

  /// `C = N·B/(N − A(1 − B))`, for `A < N`.
  static func waitProbability(agents: Int, offeredLoad: Double, blocking: Double) -> Double {
    let n = Double(agents)
    return n * blocking / (n - offeredLoad * (1 - blocking))
  }

  /// `1 − C·exp(−(N − A)·t/h)`, for `A < N`.
  static func serviceLevel(
    agents: Int, offeredLoad: Double, waitProbability: Double, handleTime: Double, target: Double
  ) -> Double {
    1 - waitProbability * Double.exp(-(Double(agents) - offeredLoad) * target / handleTime)
  }

  static func checkQueue(agents: Int, offeredLoad: Double) {
    precondition(agents >= 1, "ErlangC: agents \(agents) is less than 1")
    precondition(
      offeredLoad >= 0 && offeredLoad.isFinite,
      "ErlangC: offered load \(offeredLoad) is not a finite non-negative number of Erlangs")
  }

  static func checkTimes(handleTime: Double, target: Double) {
    precondition(
      handleTime > 0 && handleTime.isFinite,
      "ErlangC: handle time \(handleTime) is not a positive finite number")
    precondition(target >= 0, "ErlangC: target \(target) is negative or NaN")
  }
}
