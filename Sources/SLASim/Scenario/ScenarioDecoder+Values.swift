import RealModule

/// The distribution kinds of format v1 and their accepted parameterisations.
enum DistributionKind: String, CaseIterable {
  case uniform, triangular, pert, normal, lognormal, gamma, beta, exponential, poisson, empirical

  /// Accepted key sets; the first is the one named in messages first.
  var forms: [[String]] {
    switch self {
    case .uniform: return [["min", "max"]]
    case .triangular, .pert: return [["min", "mode", "max"]]
    case .normal: return [["mean", "sd"]]
    case .lognormal: return [["mean", "sd"], ["mu", "sigma"]]
    case .gamma: return [["mean", "sd"], ["shape", "scale"]]
    case .beta: return [["mean", "sd"], ["alpha", "beta"]]
    case .exponential, .poisson: return [["mean"]]
    case .empirical: return [["values"]]
    }
  }

  /// `{mean, sd} or {mu, sigma}`.
  var formsText: String {
    forms.map { "{" + $0.joined(separator: ", ") + "}" }.joined(separator: " or ")
  }

  /// Whether the kind can keep a rate inside [0, 1] (given suitable parameters).
  var canDescribeRate: Bool {
    switch self {
    case .uniform, .triangular, .pert, .beta, .empirical: return true
    case .normal, .lognormal, .gamma, .exponential, .poisson: return false
    }
  }
}

/// What a field accepts: its range, and how to say so.
struct ValueSpec {
  enum Support {
    /// A rate or share: every possible value in [0, 1].
    case unitInterval
    /// A count, volume, size or duration: every possible value ≥ 0.
    case nonNegative
  }
  var support: Support
  /// The sentence for a bad fixed value: `must be a non-negative number of leads per month`.
  var requirement: String
  /// Goals take fixed numbers or schedules of fixed numbers, never distributions.
  var isGoal = false
  /// Whether the field may follow a trend fitted to a history (`{"trend": …}`).
  var allowsTrend = false
  /// The largest value the field accepts; 1 for rates and shares.
  ///
  /// It bounds every fixed value, distribution bound, mean, sd and scale parameter, and a
  /// trend's largest forecast: what a planner could mean, far inside what the engine represents.
  var maximum: Double = 1
  /// What the field measures, for `must be at most …, the largest <what>`.
  var what: String = ""

  /// `must be <what> between 0 and 1`.
  static func unitInterval(_ what: String) -> ValueSpec {
    ValueSpec(support: .unitInterval, requirement: "must be \(what) between 0 and 1", what: what)
  }
  /// `must be a non-negative <what>`, at most `maximum`.
  static func nonNegative(_ what: String, maximum: Double) -> ValueSpec {
    ValueSpec(support: .nonNegative, requirement: "must be a non-negative \(what)", maximum: maximum, what: what)
  }
  /// `must be at most 5,000,000, the largest number of leads per month`.
  var maximumRequirement: String {
    "must be at most \(ScenarioText.limit(maximum)), the largest \(what)"
  }
  var goal: ValueSpec {
    var copy = self
    copy.isGoal = true
    return copy
  }
  /// The same, also accepting a trend.
  var trend: ValueSpec {
    var copy = self
    copy.allowsTrend = true
    return copy
  }

  func admits(_ x: Double) -> Bool {
    guard x.isFinite, x >= 0 else { return false }
    return x <= maximum
  }

  /// Whether `x` is refused only for being above ``maximum`` (a different message).
  func isTooLarge(_ x: Double) -> Bool { x.isFinite && x > maximum && support == .nonNegative }
}

extension ScenarioDecoder {
  /// One numeric parameter of a distribution, with where it came from.
  struct Parameter {
    var x: Double
    var offset: Int
    var path: String
    var literal: String
  }

  // MARK: Values

  /// A fixed number, a distribution or a schedule, checked against `spec`.
  mutating func value(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> Value? {
    switch node.kind {
    case .number(let x, _):
      guard spec.admits(x) else {
        fail(
          node.offset, path, spec.isTooLarge(x) ? spec.maximumRequirement : spec.requirement,
          found: ScenarioDecoder.describe(node))
        return nil
      }
      return .fixed(x)
    case .object(let members) where members.contains(where: { $0.key == "schedule" }):
      return schedule(node, path, spec).map(Value.schedule)
    case .object(let members) where members.contains(where: { $0.key == "trend" }):
      if spec.isGoal {
        fail(node.offset, path, "a goal must be a fixed number or a schedule of fixed numbers", found: "a trend")
        return nil
      }
      guard spec.allowsTrend else {
        fail(
          node.offset, path,
          "cannot follow a trend; trends are allowed for " + ScenarioText.and(ScenarioDecoder.trendFields),
          found: "a trend")
        return nil
      }
      return trend(node, path, spec).map(Value.trend)
    case .object where spec.isGoal:
      fail(
        node.offset, path, "a goal must be a fixed number or a schedule of fixed numbers",
        found: ScenarioDecoder.describe(node))
      return nil
    case .object:
      return distribution(node, path, spec).map(Value.distribution)
    default:
      fail(
        node.offset, path, spec.requirement + (spec.isGoal ? ", or a schedule" : ", a distribution or a schedule"),
        found: ScenarioDecoder.describe(node))
      return nil
    }
  }

  // MARK: Distributions

  /// A distribution object `{"<kind>": {parameters}}` in canonical parameters.
  ///
  /// Point masses become `.fixed`: uniform, triangular or pert with min = max, normal or
  /// lognormal with sd (or sigma) 0, poisson with mean 0, empirical with equal values.
  mutating func distribution(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> Distribution? {
    guard case .object(let members) = node.kind, members.count == 1 else {
      if case .object(let members) = node.kind, !members.isEmpty {
        fail(
          node.offset, path,
          "a distribution is an object with one key, its kind, such as {\"gamma\": {\"mean\": 200, \"sd\": 30}}",
          found: "an object with keys " + ScenarioText.and(members.map { "'\($0.key)'" }))
      } else {
        fail(
          node.offset, path, spec.requirement + ", a distribution or a schedule", found: ScenarioDecoder.describe(node))
      }
      return nil
    }
    let member = members[0]
    guard let kind = DistributionKind(rawValue: member.key) else {
      unknownKey(
        member.key, at: member.keyOffset, in: path, known: DistributionKind.allCases.map(\.rawValue),
        noun: "distribution")
      return nil
    }
    let kindPath = path + "." + kind.rawValue
    note(member.value, kindPath)
    if spec.support == .unitInterval, !kind.canDescribeRate {
      fail(node.offset, path, rateKindProblem(kind, parameters: member.value))
      return nil
    }
    if kind == .empirical { return empirical(member.value, kindPath, spec) }
    guard let (form, p) = parameters(member.value, kindPath, kind).map({ ($0.form, $0.parameters) }) else {
      return nil
    }
    let before = errors.count
    let result: Distribution?
    switch (kind, form) {
    case (.uniform, _):
      let (lo, hi) = (p[0], p[1])
      guard ordered(lo, hi) else { return nil }
      result = lower(lo, spec) && upper(hi, spec) ? (lo.x == hi.x ? .fixed(lo.x) : .uniform(min: lo.x, max: hi.x)) : nil
    case (.triangular, _), (.pert, _):
      let (lo, mode, hi) = (p[0], p[1], p[2])
      guard ordered(lo, hi) else { return nil }
      guard lo.x <= mode.x, mode.x <= hi.x else {
        fail(
          mode.offset, mode.path, "must lie between min (\(lo.literal)) and max (\(hi.literal))", found: mode.literal)
        return nil
      }
      guard lower(lo, spec), upper(hi, spec) else { return nil }
      if lo.x == hi.x {
        result = .fixed(lo.x)
      } else {
        result =
          kind == .pert ? .pert(min: lo.x, mode: mode.x, max: hi.x) : .triangular(min: lo.x, mode: mode.x, max: hi.x)
      }
    case (.normal, _):
      let (mean, sd) = (p[0], p[1])
      guard nonNegativeSpread(sd, "standard deviation"), lower(mean, spec), bounded(mean, spec), bounded(sd, spec)
      else { return nil }
      result = sd.x == 0 ? .fixed(mean.x) : .normal(mean: mean.x, sd: sd.x)
    case (.lognormal, 0):
      let (mean, sd) = (p[0], p[1])
      guard positive(mean, "for a lognormal distribution"), nonNegativeSpread(sd, "standard deviation"),
        bounded(mean, spec), bounded(sd, spec)
      else {
        return nil
      }
      if sd.x == 0 {
        result = .fixed(mean.x)
      } else {
        // sigma² = log(1 + sd²/mean²), mu = log(mean) − sigma²/2 (moments of exp(N(mu, sigma²))),
        // in the same operations as `DistributionParameters.lognormal(mean:sd:)`.
        let ratio = sd.x / mean.x
        let sigma2 = Double.log(onePlus: ratio * ratio)
        let mu = Double.log(mean.x) - sigma2 / 2
        result = finiteOrFail(node, path, [mu, sigma2]) ? .lognormal(mu: mu, sigma: sigma2.squareRoot()) : nil
      }
    case (.lognormal, _):
      let (mu, sigma) = (p[0], p[1])
      guard nonNegativeSpread(sigma, "sigma") else { return nil }
      let mean = Double.exp(mu.x + sigma.x * sigma.x / 2)
      guard finiteOrFail(node, path, [mean]) else { return nil }
      // The mean bounds every draw's tail too: a draw above mean·e^37 needs a normal deviate
      // beyond 8.6 (e^(σz − σ²/2) ≤ e^37 for z ≤ 8.6, whatever σ).
      guard spec.support == .unitInterval || mean <= spec.maximum else {
        fail(
          mu.offset, mu.path,
          "a lognormal with mu \(mu.literal) and sigma \(sigma.literal) has mean exp(mu + sigma²/2) = "
            + "\(ScenarioText.number(mean)), above \(ScenarioText.limit(spec.maximum)), the largest \(spec.what)")
        return nil
      }
      result = sigma.x == 0 ? .fixed(Double.exp(mu.x)) : .lognormal(mu: mu.x, sigma: sigma.x)
    case (.gamma, 0):
      let (mean, sd) = (p[0], p[1])
      guard positive(mean, "for a gamma distribution"),
        positive(sd, "for a gamma distribution (for a fixed value, write the number itself)"),
        bounded(mean, spec), bounded(sd, spec)
      else { return nil }
      // shape = (mean/sd)², scale = sd²/mean, in the same operations as the Random module's
      // `DistributionParameters.gamma(mean:sd:)`, so both give the same bits.
      let ratio = mean.x / sd.x
      let shape = ratio * ratio
      let scale = sd.x * (sd.x / mean.x)
      result = finiteOrFail(node, path, [shape, scale], positive: true) ? .gamma(shape: shape, scale: scale) : nil
    case (.gamma, _):
      let (shape, scale) = (p[0], p[1])
      guard positive(shape, "for a gamma distribution"), positive(scale, "for a gamma distribution"),
        bounded(scale, spec)
      else {
        return nil
      }
      let mean = shape.x * scale.x
      guard spec.support == .unitInterval || mean <= spec.maximum else {
        fail(
          node.offset, path,
          "a gamma with shape \(shape.literal) and scale \(scale.literal) has mean shape × scale = "
            + "\(ScenarioText.number(mean)), above \(ScenarioText.limit(spec.maximum)), the largest \(spec.what)")
        return nil
      }
      result = .gamma(shape: shape.x, scale: scale.x)
    case (.beta, 0):
      let (mean, sd) = (p[0], p[1])
      guard mean.x > 0, mean.x < 1 else {
        fail(
          mean.offset, mean.path, "must be between 0 and 1, both excluded, for a beta distribution",
          found: mean.literal)
        return nil
      }
      // alpha = mean·k, beta = (1 − mean)·k with k = mean(1 − mean)/sd² − 1 > 0, in the same
      // operations as `DistributionParameters.beta(mean:sd:)`.
      let variance = mean.x * (1 - mean.x)
      guard sd.x > 0, sd.x * sd.x < variance else {
        fail(
          sd.offset, sd.path,
          "a beta distribution with mean \(mean.literal) needs 0 < sd² < mean × (1 − mean) = "
            + "\(ScenarioText.number(variance)), so 0 < sd < \(ScenarioText.number(variance.squareRoot()))",
          found: sd.literal)
        return nil
      }
      let k = variance / (sd.x * sd.x) - 1
      result = finiteOrFail(node, path, [k], positive: true) ? .beta(alpha: mean.x * k, beta: (1 - mean.x) * k) : nil
    case (.beta, _):
      let (alpha, beta) = (p[0], p[1])
      guard positive(alpha, "for a beta distribution"), positive(beta, "for a beta distribution") else { return nil }
      result = .beta(alpha: alpha.x, beta: beta.x)
    case (.exponential, _):
      let mean = p[0]
      guard positive(mean, "for an exponential distribution"), bounded(mean, spec) else { return nil }
      result = .exponential(mean: mean.x)
    case (.poisson, _):
      let mean = p[0]
      guard mean.x >= 0 else {
        fail(mean.offset, mean.path, "must be non-negative for a poisson distribution", found: mean.literal)
        return nil
      }
      guard bounded(mean, spec) else { return nil }
      result = mean.x == 0 ? .fixed(0) : .poisson(mean: mean.x)
    case (.empirical, _):
      result = nil  // handled above
    }
    return errors.count == before ? result : nil
  }

  /// `a rate must stay between 0 and 1, which a normal distribution does not guarantee; use … instead`.
  private func rateKindProblem(_ kind: DistributionKind, parameters: JSONNode) -> String {
    var suggestion = "beta {mean, sd}"
    // Offer the same mean and sd as a beta when that beta exists.
    if case .object(let members) = parameters.kind,
      let meanNode = members.first(where: { $0.key == "mean" })?.value,
      let sdNode = members.first(where: { $0.key == "sd" })?.value,
      case .number(let mean, let meanLiteral) = meanNode.kind, case .number(let sd, let sdLiteral) = sdNode.kind,
      mean > 0, mean < 1, sd > 0, sd * sd < mean * (1 - mean)
    {
      suggestion = "{\"beta\": {\"mean\": \(meanLiteral), \"sd\": \(sdLiteral)}}"
    }
    return "a rate must stay between 0 and 1, which a \(kind.rawValue) distribution does not guarantee; "
      + "use \(suggestion) instead"
  }

  /// The parameters of one form, in the form's key order.
  private mutating func parameters(
    _ node: JSONNode, _ path: String, _ kind: DistributionKind
  ) -> (form: Int, parameters: [Parameter])? {
    guard case .object(let members) = node.kind else {
      fail(node.offset, path, "must be an object " + kind.formsText, found: ScenarioDecoder.describe(node))
      return nil
    }
    let before = errors.count
    var allKeys: [String] = []
    for form in kind.forms { for key in form where !allKeys.contains(key) { allKeys.append(key) } }
    var given: [String: JSONNode] = [:]
    var givenOrder: [String] = []
    var suggested: Set<String> = []
    for member in members {
      if allKeys.contains(member.key) {
        given[member.key] = member.value
        givenOrder.append(member.key)
        note(member.value, path + "." + member.key)
      } else if let suggestion = unknownKey(member.key, at: member.keyOffset, in: path, known: allKeys, noun: "key") {
        suggested.insert(suggestion)
      }
    }
    // The form sharing the most keys with what was given; ties go to the first form.
    var form = 0
    var bestOverlap = -1
    for (i, keys) in kind.forms.enumerated() {
      let overlap = keys.filter { given[$0] != nil }.count
      if overlap > bestOverlap {
        form = i
        bestOverlap = overlap
      }
    }
    let chosen = kind.forms[form]
    if givenOrder.contains(where: { !chosen.contains($0) }) {
      fail(
        node.offset, path, "mixes two parameterisations", expected: "either " + kind.formsText,
        found: "{" + givenOrder.joined(separator: ", ") + "}")
      return nil
    }
    for key in chosen where given[key] == nil && !suggested.contains(key) {
      fail(node.offset, path, "missing required key '\(key)'")
    }
    var result: [Parameter] = []
    for key in chosen {
      guard let valueNode = given[key] else { continue }
      guard case .number(let x, let literal) = valueNode.kind, x.isFinite else {
        fail(valueNode.offset, path + "." + key, "must be a number", found: ScenarioDecoder.describe(valueNode))
        continue
      }
      result.append(Parameter(x: x, offset: valueNode.offset, path: path + "." + key, literal: literal))
    }
    guard errors.count == before, result.count == chosen.count else { return nil }
    return (form, result)
  }

  /// `empirical {values: [x, …]}`: each listed value equally likely.
  private mutating func empirical(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> Distribution? {
    let before = errors.count
    guard let fields = object(node, path, keys: ["values"], required: ["values"]),
      let listNode = fields["values"]
    else { return nil }
    let listPath = fields.path("values")
    guard let elements = array(listNode, listPath, "must be a non-empty array of numbers") else { return nil }
    if elements.isEmpty {
      fail(listNode.offset, listPath, "must be a non-empty array of numbers", found: "an empty array")
      return nil
    }
    var values: [Double] = []
    for (i, element) in elements.enumerated() {
      let elementPath = listPath + "[\(i)]"
      guard case .number(let x, _) = element.kind, x.isFinite else {
        fail(element.offset, elementPath, "must be a number", found: ScenarioDecoder.describe(element))
        continue
      }
      guard spec.admits(x) else {
        fail(
          element.offset, elementPath, spec.isTooLarge(x) ? spec.maximumRequirement : spec.requirement,
          found: ScenarioDecoder.describe(element))
        continue
      }
      values.append(x)
    }
    guard errors.count == before, let first = values.first else { return nil }
    return values.allSatisfy({ $0 == first }) ? .fixed(first) : .empirical(values: values)
  }

  // MARK: Parameter checks

  /// `max` not below `min`.
  private mutating func ordered(_ lo: Parameter, _ hi: Parameter) -> Bool {
    guard hi.x >= lo.x else {
      fail(hi.offset, hi.path, "must not be less than min (\(lo.literal))", found: hi.literal)
      return false
    }
    return true
  }

  /// A lower bound of the support within the field's range (≥ 0).
  private mutating func lower(_ p: Parameter, _ spec: ValueSpec) -> Bool {
    guard p.x >= 0 else {
      fail(p.offset, p.path, spec.requirement, found: p.literal)
      return false
    }
    return true
  }

  /// An upper bound of the support within the field's range (≤ 1 for rates).
  private mutating func upper(_ p: Parameter, _ spec: ValueSpec) -> Bool {
    guard p.x <= spec.maximum else {
      fail(
        p.offset, p.path, spec.support == .nonNegative ? spec.maximumRequirement : spec.requirement, found: p.literal)
      return false
    }
    return true
  }

  /// A mean, sd or scale parameter at most the field's maximum (so that draws stay far
  /// inside a `Double`'s range).
  private mutating func bounded(_ p: Parameter, _ spec: ValueSpec) -> Bool {
    guard spec.support == .unitInterval || p.x <= spec.maximum else {
      fail(p.offset, p.path, spec.maximumRequirement, found: p.literal)
      return false
    }
    return true
  }

  private mutating func positive(_ p: Parameter, _ context: String) -> Bool {
    guard p.x > 0 else {
      fail(p.offset, p.path, "must be positive " + context, found: p.literal)
      return false
    }
    return true
  }

  private mutating func nonNegativeSpread(_ p: Parameter, _ name: String) -> Bool {
    guard p.x >= 0 else {
      fail(p.offset, p.path, "must be a non-negative \(name)", found: p.literal)
      return false
    }
    return true
  }

  /// Reports parameters too extreme to convert (an overflow or underflow in the formulas).
  private mutating func finiteOrFail(
    _ node: JSONNode, _ path: String, _ values: [Double], positive: Bool = false
  ) -> Bool {
    guard values.allSatisfy({ $0.isFinite && (!positive || $0 > 0) }) else {
      fail(node.offset, path, "has parameters too extreme to use (they overflow a 64-bit floating-point number)")
      return false
    }
    return true
  }

  // MARK: Schedules

  /// `{"schedule": [{"from": date, "value": …}, …], "interpolate": "step" | "linear"}`.
  mutating func schedule(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> Schedule? {
    let before = errors.count
    guard let fields = object(node, path, keys: ["schedule", "interpolate"], required: ["schedule"]) else {
      return nil
    }
    var interpolation = Schedule.Interpolation.step
    if let n = fields["interpolate"] {
      if case .string(let s) = n.kind, let mode = Schedule.Interpolation(rawValue: s) {
        interpolation = mode
      } else {
        fail(
          n.offset, fields.path("interpolate"), "", expected: "'step' or 'linear'", found: ScenarioDecoder.describe(n))
      }
    }
    guard let listNode = fields["schedule"] else { return nil }
    let listPath = fields.path("schedule")
    let pointShape = "{\"from\": \"YYYY-MM-DD\", \"value\": …}"
    guard let elements = array(listNode, listPath, "must be an array of points \(pointShape)") else { return nil }
    if elements.isEmpty {
      fail(listNode.offset, listPath, "must list at least one point \(pointShape)", found: "an empty array")
      return nil
    }
    var points: [SchedulePoint] = []
    var previous: CivilDate?
    for (i, element) in elements.enumerated() {
      let pointPath = listPath + "[\(i)]"
      guard let point = object(element, pointPath, keys: ["from", "value"], required: ["from", "value"]) else {
        continue
      }
      var from: CivilDate?
      if let fromNode = point["from"], let date = date(fromNode, point.path("from")) {
        from = date
        if let previous, date <= previous {
          fail(
            fromNode.offset, point.path("from"), "must come after the previous point's date, \(previous)",
            found: ScenarioText.quoted(date.description))
        } else if i == 0, let horizon, date > horizon.start {
          // The engine holds the first point's value before its date too (docs/model.md).
          warn(
            at: fromNode.offset, point.path("from"),
            "starts after the horizon start (\(horizon.start)); its value also applies before \(date)")
        }
        previous = max(previous ?? date, date)
      }
      var value: Distribution?
      if let valueNode = point["value"] { value = pointValue(valueNode, point.path("value"), spec) }
      if let from, let value { points.append(SchedulePoint(from: from, value: value)) }
    }
    guard errors.count == before else { return nil }
    return Schedule(points: points, interpolation: interpolation)
  }

  /// A schedule point's value: a number or a distribution (a number only, for goals).
  private mutating func pointValue(_ node: JSONNode, _ path: String, _ spec: ValueSpec) -> Distribution? {
    switch node.kind {
    case .number(let x, _):
      guard spec.admits(x) else {
        fail(
          node.offset, path, spec.isTooLarge(x) ? spec.maximumRequirement : spec.requirement,
          found: ScenarioDecoder.describe(node))
        return nil
      }
      return .fixed(x)
    case .object(let members) where members.contains(where: { $0.key == "schedule" || $0.key == "trend" }):
      fail(
        node.offset, path,
        spec.isGoal
          ? "a goal's schedule holds fixed numbers" : "a schedule point's value must be a number or a distribution",
        found: ScenarioDecoder.describe(node))
      return nil
    case .object where spec.isGoal:
      fail(
        node.offset, path, "a goal must be a fixed number or a schedule of fixed numbers",
        found: ScenarioDecoder.describe(node))
      return nil
    case .object:
      return distribution(node, path, spec)
    default:
      fail(
        node.offset, path, spec.requirement + (spec.isGoal ? "" : ", or a distribution"),
        found: ScenarioDecoder.describe(node))
      return nil
    }
  }
}
