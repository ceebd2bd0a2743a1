/// How many trials a candidate value gets: `initial`, then doubled while its verdict is open,
/// up to `maximum` (docs/solve.md, "Adding trials").
///
/// Trials are added as the next trials of the same seed (``SimulationEngine`` trial ranges),
/// so a candidate's estimate at 8,192 trials contains its 4,096-trial estimate.
public struct TrialSchedule: Sendable, Equatable {
  public let initial: Int
  public let maximum: Int
  /// `initial, 2·initial, 4·initial, …`, ending with `maximum`.
  public let checkpoints: [Int]

  /// - Parameters:
  ///   - initial: Trials of every candidate, at least 1.
  ///   - maximum: The most trials of one candidate; raised to `initial` if smaller.
  public init(initial: Int, maximum: Int) {
    precondition(initial >= 1, "TrialSchedule: initial \(initial) is not positive")
    self.initial = initial
    self.maximum = Swift.max(initial, maximum)
    var points = [initial]
    while let last = points.last, last < self.maximum {
      // Doubling saturates instead of overflowing (maximum is an Int, so the loop ends).
      let (doubled, overflow) = last.multipliedReportingOverflow(by: 2)
      points.append(overflow ? self.maximum : Swift.min(doubled, self.maximum))
    }
    checkpoints = points
  }
}

/// Whether one candidate meets a probability, decided sequentially on its trials so far.
public struct Verdict: Sendable, Equatable {
  /// The candidate's probability is at least the target.
  public var meets: Bool
  /// Its 95% interval still contained the target at the schedule's last checkpoint: `meets`
  /// is then the estimate's side of the target, not a confident answer.
  public var ambiguous: Bool
  /// The estimate the verdict was taken on.
  public var probability: ProportionEstimate

  /// The sequential rule (docs/solve.md): at each checkpoint, the 95% Wilson interval decides
  /// when it lies wholly on one side of `target` (`low ≥ target`: meets; `high < target`: does
  /// not); otherwise more trials, and at the last checkpoint the estimate's side decides,
  /// marked ambiguous. Returns `nil` when more trials are needed.
  ///
  /// The intervals are not widened for the repeated look (at most a handful of doublings): a
  /// verdict's error rate is somewhat above the nominal 5% for a candidate whose probability
  /// is within an interval's width of the target, and the ambiguity flag says when it matters.
  public static func decide(_ probability: ProportionEstimate, target: Double, isLast: Bool) -> Verdict? {
    if probability.low >= target { return Verdict(meets: true, ambiguous: false, probability: probability) }
    if probability.high < target { return Verdict(meets: false, ambiguous: false, probability: probability) }
    guard isLast else { return nil }
    return Verdict(meets: probability.estimate >= target, ambiguous: true, probability: probability)
  }

  /// The sequential rule over `schedule`: `probability(k)` is the candidate's estimate at
  /// checkpoint k (the caller simulates up to it), asked for k = 0, 1, … until one decides;
  /// the last always does (``decide(_:target:isLast:)``).
  static func sequential(
    _ schedule: TrialSchedule, target: Double, probability: (Int) async -> ProportionEstimate
  ) async -> Verdict {
    let last = schedule.checkpoints.count - 1
    for k in 0..<last {
      if let verdict = decide(await probability(k), target: target, isLast: false) { return verdict }
    }
    let p = await probability(Swift.max(0, last))
    return decide(p, target: target, isLast: true)
      ?? Verdict(meets: p.estimate >= target, ambiguous: true, probability: p)
  }
}

/// How a search over a monotone probability ended.
public enum SearchStatus: String, Sendable, Equatable {
  /// The answer and its neighbour (one step less capable) bracket the target.
  case found
  /// Even the least capable value of the field's range meets it: that value is the answer.
  case leastValueMeets
  /// Not even the most capable value of the range meets it: there is no answer.
  case unreachable
  /// More capability stopped changing the probability below the target: the last
  /// ``MonotoneSearch/plateauSteps`` steps up (each twice the one before) left the count of
  /// successes exactly as it was, on the same trials. Something else limits the goal (a
  /// quota more reps cannot close), so the search stops there instead of walking to the
  /// range's end. The answer is the most capable value evaluated; there is none that meets.
  case plateau
}

/// Bracketing, then bisection, for the least capable value of a variable that meets a target
/// (DESIGN.md: `solve`), assuming the probability is monotone in the value, as common random
/// numbers make it trial by trial for staffing and exactly for goal targets.
///
/// "Capability" runs up with the value when the variable is ``ScenarioVariable/Seek/smallest``
/// (reps) and down when it is ``ScenarioVariable/Seek/largest`` (a quota). From the scenario's
/// value the search steps toward the boundary by 1, 2, 4, … steps (integers) or 10%, 20%,
/// 40%, … of the value (reals) until the verdict changes, then halves the bracket until it is
/// one step (integers) or at most `tolerance` wide. Every candidate value's verdict comes
/// from `verdict`, which may be asked for a value once only (callers cache).
struct MonotoneSearch {
  let variable: ScenarioVariable
  /// Bracket width at which a real search stops (ignored for integers).
  let tolerance: Double

  struct Outcome {
    var status: SearchStatus
    /// The least capable value that meets the target (the range's end when none does).
    var answer: Double
    /// One step less capable than `answer`, not meeting it; `nil` unless `status` is `found`.
    var neighbour: Double?
  }

  /// The default tolerance of a real variable: 1% of its value (shares: 10⁻⁵, since a
  /// share's nines are its point), or 10⁻² of the unit when the value is 0. Finer is seldom
  /// meaningful: near the answer the probability changes by about its own interval's width
  /// over a percent of the value (measured on q3's quota: 80.6% at 331,875, 79.3% at 334,688),
  /// so narrower brackets only end in candidates that stay ambiguous at --max-trials.
  static func defaultTolerance(_ variable: ScenarioVariable) -> Double {
    if variable.isInteger { return 1 }
    if variable.unit == "share" { return 1e-5 }
    return variable.current == 0 ? 1e-2 : abs(variable.current) * 1e-2
  }

  /// Steps up with an unchanged probability after which the search calls it a plateau
  /// (``SearchStatus/plateau``): from value v, the values v + 1 + 2 + 4 + 8, sixteen times
  /// the first step further, have all left it where it was.
  static let plateauSteps = 4

  func run(_ verdict: (Double) async -> Verdict) async -> Outcome {
    // Work on the capability axis c (c = value, or −value for `largest`), looking for the
    // smallest c that meets the target.
    let sign: Double = variable.seek == .smallest ? 1 : -1
    let cLow = variable.seek == .smallest ? variable.range.lowerBound : -variable.range.upperBound
    let cHigh = variable.seek == .smallest ? variable.range.upperBound : -variable.range.lowerBound
    func value(_ c: Double) -> Double { sign * c }
    func meets(_ c: Double) async -> Bool { await verdict(value(c)).meets }
    let isInteger = variable.isInteger
    let resolution = isInteger ? 1 : tolerance
    var c0 = Swift.min(Swift.max(sign * variable.current, cLow), cHigh)
    if isInteger { c0 = c0.rounded(.down) }
    let firstStep = isInteger ? 1 : Swift.max(resolution, abs(c0) * 0.1, c0 == 0 ? 1e-3 : 0)

    var lo: Double
    var hi: Double
    var step = firstStep
    let atStart = await verdict(value(c0))
    if atStart.meets {
      hi = c0
      // Step down in capability until a value fails, or the range's end still meets.
      while true {
        let c = Swift.max(cLow, hi - step)
        if c == hi { return Outcome(status: .leastValueMeets, answer: value(hi), neighbour: nil) }
        if await meets(c) {
          hi = c
          step *= 2
        } else {
          lo = c
          break
        }
      }
    } else {
      lo = c0
      var flatSteps = 0
      var last = atStart.probability
      while true {
        let c = Swift.min(cHigh, lo + step)
        if c == lo { return Outcome(status: .unreachable, answer: value(cHigh), neighbour: nil) }
        let v = await verdict(value(c))
        if v.meets {
          hi = c
          break
        }
        // On common random numbers an unchanged count means the extra capability changed
        // no trial's outcome for this goal, over a doubling range of values.
        flatSteps = v.probability.successes == last.successes && v.probability.trials == last.trials ? flatSteps + 1 : 0
        if flatSteps >= Self.plateauSteps { return Outcome(status: .plateau, answer: value(c), neighbour: nil) }
        last = v.probability
        lo = c
        step *= 2
      }
    }
    // lo fails and hi meets: halve the bracket.
    while hi - lo > resolution {
      var mid = lo + (hi - lo) / 2
      if isInteger { mid = mid.rounded(.down) }
      if mid <= lo || mid >= hi { break }
      if await meets(mid) { hi = mid } else { lo = mid }
    }
    return Outcome(status: .found, answer: value(hi), neighbour: value(lo))
  }
}
