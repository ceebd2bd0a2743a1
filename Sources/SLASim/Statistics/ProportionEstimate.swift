/// A probability estimated from successes / trials, with its 95% Wilson score interval.
///
/// The interval is Wilson's score interval (E. B. Wilson 1927, "Probable inference, the law of
/// succession, and statistical inference", JASA 22:209–212, doi:10.1080/01621459.1927.10502953):
/// the set of `π` for which `|p̂ − π| ≤ z·sqrt(π(1−π)/n)`. Unlike the Wald interval
/// `p̂ ± z·stdError` it stays inside [0, 1] and does not collapse to a point when every
/// trial succeeds or every trial fails, which is common for SLA goals with several nines.
///
/// Edge cases:
/// - `trials == 0`: nothing is known, so `estimate` is 0, the interval is the whole of
///   [0, 1] and `stdError` is 0 (rather than NaN, so that results stay encodable as JSON).
/// - `successes == 0`: `low` is exactly 0; `successes == trials`: `high` is exactly 1
///   (the exact values of the formula, which rounding would otherwise miss by an ulp).
public struct ProportionEstimate: Sendable, Equatable, Codable {
  /// The share of trials that succeeded, `successes / trials` (0 when there are no trials).
  public var estimate: Double
  /// The lower end of the Wilson interval, in [0, `estimate`].
  public var low: Double
  /// The upper end of the Wilson interval, in [`estimate`, 1].
  public var high: Double
  /// The binomial standard error `sqrt(p(1−p)/n)` of `estimate` (0 when there are no trials).
  public var stdError: Double
  /// The number of trials that succeeded.
  public var successes: Int
  /// The number of trials.
  public var trials: Int

  /// Estimates a probability from `successes` out of `trials`.
  ///
  /// - Parameters:
  ///   - successes: Trials that succeeded; in `0...trials`.
  ///   - trials: Number of trials; must not be negative.
  ///   - z: The standard normal quantile of the interval; the default,
  ///     `Φ⁻¹(0.975) = 1.959963984540054`, gives a 95% interval. Must be positive and finite.
  /// - Complexity: O(1).
  public init(successes: Int, trials: Int, z: Double = 1.959963984540054) {
    precondition(trials >= 0, "trials \(trials) is negative")
    precondition(
      successes >= 0 && successes <= trials, "successes \(successes) is outside 0...\(trials)")
    precondition(z > 0 && z.isFinite, "z \(z) is not a positive finite number")
    self.successes = successes
    self.trials = trials
    guard trials > 0 else {
      estimate = 0
      low = 0
      high = 1
      stdError = 0
      return
    }
    let n = Double(trials)
    // p and q are each computed from their own count, so q has full relative accuracy
    // even when p is close to 1 (computing 1 − p would lose it).
    let p = Double(successes) / n
    let q = Double(trials - successes) / n
    let zSquaredOverN = z * z / n
    let denominator = 1 + zSquaredOverN
    let halfWidth = z / denominator * (p * q / n + zSquaredOverN / (4 * n)).squareRoot()
    // The ends are the roots of a quadratic whose product is p²/denominator and whose
    // complements' product is q²/denominator. Each end is therefore taken from a sum of
    // positive terms (no cancellation) or from that product: low = p²/(denominator·high)
    // keeps full relative accuracy when low is tiny, where centre − halfWidth would cancel,
    // and symmetrically 1 − high = q²/(denominator·(1 − low)).
    if p <= q {
      let upper = (p + zSquaredOverN / 2) / denominator + halfWidth
      high = Swift.min(1, upper)
      low = p * p / (denominator * upper)  // exactly 0 when successes == 0
    } else {
      // The mirror image: with p and q swapped, 1 − low is the larger root.
      let oneMinusLow = (q + zSquaredOverN / 2) / denominator + halfWidth
      low = Swift.max(0, 1 - oneMinusLow)
      high = 1 - q * q / (denominator * oneMinusLow)  // exactly 1 when successes == trials
    }
    estimate = p
    stdError = (p * q / n).squareRoot()
  }
}
