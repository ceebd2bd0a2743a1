import RealModule

/// The analytic M/M/N+M queue (Erlang A, Palm's model): Poisson arrivals, exponential handle
/// times, `N` agents, one first-come-first-served queue, and callers who abandon after an
/// exponential patience.
///
/// References: C. Palm (1946); O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a
/// call center with impatient customers", Manufacturing & Service Operations Management
/// 4(3):208–227, doi:10.1287/msom.4.3.208.7753; A. Mandelbaum and S. Zeltyn (2007), "Service
/// engineering in action: the Palm/Erlang-A queue, with applications to call centers".
///
/// The number in the system is a birth–death chain: births at `λ = A/h`, deaths at `kμ` for
/// `k ≤ N` and `Nμ + (k − N)θ` above (`μ = 1/h`, `θ = 1/patience`). With `θ > 0` it is stable for
/// every `N`, even `N ≤ A`: impatient callers leave. Its stationary probabilities `π_k` come from
/// the product form, summed until the rest is below 10⁻¹⁷ of the total (the ratio of
/// consecutive terms falls below 1 and keeps falling, so the tail is bounded by a geometric
/// series), with rescaling so that nothing overflows. An arrival finds `k` in the system
/// (PASTA). With `j = k − N ≥ 0` callers ahead of it, its *offered wait* `V` (until an agent
/// would take it) is `Σ_{i=0}^{j} Exp(Nμ + iθ)`: agents finish at `Nμ`, and each of the `i`
/// ahead abandons at `θ`. It is answered within `t` when `V ≤ t` and its patience `τ > V`:
///
/// `P(answered, wait ≤ t | j) = E[e^{−θV}; V ≤ t] = a/(a + j + 1) · (1 − I_u(a + 1, j + 1))`,
///
/// with `a = Nμ/θ`, `u = e^{−θt}` and `I` the regularised incomplete beta function (exponential
/// tilting turns the rates into `Nμ + mθ`, `m = 1 … j + 1`, and that sum's tail is exactly
/// `I_u(a + 1, j + 1)`). At `t = ∞` this is `a/(a + j + 1)`, the known chance of being served.
/// `I` is advanced from one `j` to the next by its recursion in `b`, so each state costs O(1).
///
/// Units: as ``ErlangC``, any one time unit for handle time, patience and target.
public enum ErlangA {
  /// What an M/M/N+M queue gives.
  public struct Result: Sendable, Equatable {
    /// P(wait > 0): an arrival finds every agent busy.
    public var waitProbability: Double
    /// P(abandon) = θ·E[queue] / λ.
    public var abandonProbability: Double
    /// The share of all arrivals answered within the target (abandoned callers miss it).
    public var serviceLevel: Double
    /// The mean time in queue over all arrivals, answered or not: `E[queue] / λ` (Little).
    public var averageWait: Double
    /// The mean number waiting.
    public var averageQueue: Double
  }

  /// The M/M/N+M figures for `agents` agents.
  ///
  /// - Parameters:
  ///   - agents: `N`, at least 1.
  ///   - offeredLoad: `A = λ·h` Erlangs, finite and non-negative.
  ///   - handleTime: Mean handle time `h`, positive and finite.
  ///   - patience: Mean patience `1/θ`, positive and finite (infinite patience is ``ErlangC``).
  ///   - target: Answer-time target `t`, non-negative.
  /// - Returns: Wait and abandon probabilities, service level, mean wait and queue.
  /// - Complexity: O(N + the states that carry the distribution's mass above N).
  public static func evaluate(
    agents: Int, offeredLoad: Double, handleTime: Double, patience: Double, target: Double
  ) -> Result {
    precondition(agents >= 1, "ErlangA: agents \(agents) is less than 1")
    precondition(offeredLoad >= 0 && offeredLoad.isFinite, "ErlangA: offered load \(offeredLoad) is not valid")
    precondition(handleTime > 0 && handleTime.isFinite, "ErlangA: handle time \(handleTime) is not valid")
    precondition(patience > 0 && patience.isFinite, "ErlangA: patience \(patience) is not valid")
    precondition(target >= 0, "ErlangA: target \(target) is negative or NaN")
    if offeredLoad == 0 {
      return Result(waitProbability: 0, abandonProbability: 0, serviceLevel: 1, averageWait: 0, averageQueue: 0)
    }
    // Rates per handle time: λ = A, μ = 1, θ = h / patience.
    let n = Double(agents)
    let theta = handleTime / patience
    let a = n / theta
    let u = Double.exp(-theta * target / handleTime)
    let oneMinusU = -Double.expMinusOne(-theta * target / handleTime)

    // Unnormalised π_k: q_0 = 1, q_k = q_{k−1}·A/d_k; sums kept in one scale, rescaled when
    // the terms grow large.
    var term = 1.0
    var total = 1.0
    var below = 1.0  // Σ_{k<N} q_k, the arrivals that do not wait
    for k in stride(from: 1, to: agents, by: 1) {
      term *= offeredLoad / Double(k)
      total += term
      below += term
      if term > 1e250 {
        term *= 1e-250
        total *= 1e-250
        below *= 1e-250
      }
    }
    var waiting = 0.0  // Σ_{k≥N} q_k
    var queue = 0.0  // Σ (k − N) q_k
    var answered = 0.0  // Σ_j q_{N+j} · P(answered within t | j)
    var j = 0
    // I_u(s, j + 1), s = a + 1, by the recursion I(b + 1) = I(b) + g_b (Abramowitz and Stegun
    // 26.5.16), g_b = Γ(s + b)/(Γ(s)Γ(b + 1))·u^s·(1 − u)^b, so g_1 = s·u^s·(1 − u) and
    // g_{b+1} = g_b·(s + b)/(b + 1)·(1 − u): positive terms, O(1) a state. A g that
    // underflows is taken again from logarithms (Γ through logGamma).
    let shape = a + 1
    // u^s from its logarithm: a rounded u raised to a large s (long patience) would lose digits.
    let logU = -theta * target / handleTime
    var beta = target == 0 ? 1.0 : Double.exp(shape * logU)
    var g = shape * beta * oneMinusU
    func gFromLogs(_ b: Double) -> Double {
      Double.exp(
        Double.logGamma(shape + b) - Double.logGamma(shape) - Double.logGamma(b + 1) + shape * logU
          + b * Double.log(onePlus: -u))
    }
    // q_N.
    term *= offeredLoad / n
    while true {
      total += term
      waiting += term
      queue += Double(j) * term
      if target > 0 {
        answered += term * a / (a + Double(j) + 1) * (1 - Swift.min(beta, 1))
        let b = Double(j + 1)
        beta += g
        g *= (shape + b) / (b + 1) * oneMinusU
        if g < 1e-290 && beta < 1 - 1e-17 { g = gFromLogs(b + 1) }
      }
      // The next state's death rate: N + (j + 1)θ.
      let ratio = offeredLoad / (n + Double(j + 1) * theta)
      if ratio < 1 && term * ratio / (1 - ratio) * Double(j + 2) < 1e-17 * total { break }
      term *= ratio
      j += 1
      if term > 1e250 {
        term *= 1e-250
        total *= 1e-250
        below *= 1e-250
        waiting *= 1e-250
        queue *= 1e-250
        answered *= 1e-250
      }
    }
    // With a target of 0 only the callers who find a free agent are on time.
    let level = (below + answered) / total
    let averageQueue = queue / total
    let lambda = offeredLoad / handleTime
    return Result(
      waitProbability: waiting / total, abandonProbability: Swift.min(1, theta / handleTime * averageQueue / lambda),
      serviceLevel: Swift.min(1, level), averageWait: averageQueue / lambda, averageQueue: averageQueue)
  }

  /// The smallest `N` whose service level reaches `serviceLevelGoal` (any `N` is stable).
  ///
  /// - Complexity: O(log(result)) evaluations, each O(the states it sums); a patience far
  ///   longer than the handle time with fewer agents than load spreads the chain over about
  ///   (A − N)·patience/h states.
  ///
  /// - Returns: The agents, or `nil` for a goal above 1 or NaN, or an input out of range
  ///   (including loads of 2⁵³ Erlangs or more).
  public static func requiredAgents(
    offeredLoad: Double, handleTime: Double, patience: Double, target: Double, serviceLevelGoal: Double,
    maximumAgents: Int = 1_000_000
  ) -> Int? {
    guard offeredLoad >= 0, offeredLoad < 0x1p53, handleTime > 0, handleTime.isFinite, patience > 0,
      patience.isFinite, target >= 0, serviceLevelGoal <= 1
    else { return nil }
    func meets(_ n: Int) -> Bool {
      evaluate(agents: n, offeredLoad: offeredLoad, handleTime: handleTime, patience: patience, target: target)
        .serviceLevel >= serviceLevelGoal
    }
    // Agents serve at most N/h a unit of time, so fewer than goal × A agents answer less than
    // the goal's share of arrivals at all: the search starts there. The service level rises
    // with N, so bracket by doubling, then bisect: O(log N) evaluations.
    var low = Swift.max(1, Int((Swift.max(0, serviceLevelGoal) * offeredLoad).rounded(.down)))
    guard low <= maximumAgents else { return nil }
    if meets(low) { return low }
    var step = 1
    var high = low + step
    while !meets(Swift.min(high, maximumAgents)) {
      guard high < maximumAgents else { return nil }
      low = high
      step *= 2
      high = low + step
    }
    high = Swift.min(high, maximumAgents)
    // meets(high), !meets(low).
    while high - low > 1 {
      let mid = low + (high - low) / 2
      if meets(mid) { high = mid } else { low = mid }
    }
    return high
  }
}
