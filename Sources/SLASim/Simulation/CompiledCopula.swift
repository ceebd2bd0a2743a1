import RealModule

/// The Gaussian copula that imposes a scenario's `correlations` (docs/model.md, "Correlated
/// inputs").
///
/// Each correlated input keeps the draw it would make anyway, read as a normal score
/// `e = Φ⁻¹(u)`: a rate's `u` is the first uniform of its own rate stream, a volume's the
/// first of its (month, piece 0, source) stream, a trend month's the predictive t CDF of its
/// own draw, `F_ν((y_h − ŷ_h)/scale_h)`. The scores are mixed by the lower Cholesky factor
/// `L` of the normal correlation matrix, `z = L·e`, and each input takes its marginal's
/// quantile at `Φ(z)`. So every marginal is exactly as written (`z` is standard normal),
/// and the rank correlation between two continuous inputs is Spearman's
/// `ρ = (6/π)·asin(r/2)` for normal correlation `r` (Kruskal 1958), which is why the scenario's
/// ρ is turned into `r = 2·sin(πρ/6)`.
///
/// The rows are ordered with the inputs whose score is fixed for the trial first (inputs
/// pinned by `sensitivity`, then the per-trial rates), then the per-month inputs. `L` is lower
/// triangular, so a per-trial input's `z` involves only per-trial scores and is the same in
/// every month, while a per-month input's `z` moves with the month's own scores around the
/// trial's. A pinned input (score `Φ⁻¹(p)`, first row, `z = e`) sits at its `p`-quantile and
/// its partners follow the copula's conditional distribution given it.
///
/// An input correlated with nothing is not here and draws exactly as before, bit for bit.
struct CompiledCopula: Sendable {
  enum Input: Sendable, Equatable {
    /// A per-trial rate: the point whose trial value it is.
    case rate(point: Int)
    /// A source's `leadsPerMonth` given as one distribution.
    case leads(source: Int)
    /// `sales.otherRevenuePerMonth` given as one distribution.
    case otherRevenue
    /// A trend draw (every field that follows it moves with it).
    case trend(draw: Int)
  }

  struct Member: Sendable {
    var input: Input
    /// The input's own distribution (unused for a trend).
    var marginal: Distribution
    /// An empirical marginal's values in increasing order, so the quantile allocates nothing.
    var sortedValues: [Double]
    /// `p` for an input `sensitivity` pins at its `p`-quantile.
    var pinnedPercentile: Double?
    /// `Φ⁻¹(p)`.
    var pinnedScore: Double? { pinnedPercentile.map { DistributionParameters.inverseStandardNormalCDF($0) } }
    /// The score is the same in every month (pinned, or drawn once per trial).
    var constant: Bool
  }

  /// In factor order: constant scores first.
  let members: [Member]
  /// Each member's path, in the same order (kept apart so a trial touches no string).
  let paths: [String]
  /// `L`, row-major `d × d`, lower triangular; `L·Lᵀ` is the normal correlation matrix.
  let factor: [Double]
  /// Each trend draw's predictive scale per horizon month (`draw × months + month`), for the
  /// correlated draws (0 elsewhere).
  let trendScales: [Double]
  /// Each trend draw's member index, or −1.
  let trendMember: [Int]
  /// Each source's member index when its `leadsPerMonth` is a correlated distribution, or −1.
  let sourceMember: [Int]
  /// `sales.otherRevenuePerMonth`'s member index, or −1.
  let otherRevenueMember: Int

  var count: Int { members.count }

  /// The smallest `u` a normal score is read at, and the largest: `Φ(z)` is kept inside so a
  /// quantile is never asked for 0 or 1.
  static let smallestUniform = 0x1p-54
  static let largestUniform = 1 - 0x1p-53

  /// `nil` when the scenario correlates nothing.
  init?(scenario: Scenario, model: CompiledModel) {
    guard !scenario.correlations.isEmpty else { return nil }
    var found: [Member] = []
    var foundPaths: [String] = []
    func member(_ path: String) -> Int? {
      if let i = foundPaths.firstIndex(of: path) { return i }
      guard case .success(let input) = CorrelatedInput.resolve(path, in: scenario) else { return nil }
      let parameter = model.parameter(of: input.field)
      let kind: Input
      if case .trend = input.value {
        guard let use = model.trendUses.first(where: { $0.firstPoint == parameter.firstPoint }) else { return nil }
        kind = .trend(draw: use.drawIndex)
      } else if input.perTrial {
        kind = .rate(point: parameter.firstPoint)
      } else if case .leadsPerMonth(let k) = input.field {
        kind = .leads(source: k)
      } else {
        kind = .otherRevenue
      }
      let marginal: Distribution
      if case .distribution(let d) = input.value { marginal = d } else { marginal = .fixed(0) }
      var sorted: [Double] = []
      if case .empirical(let values) = marginal { sorted = values.sorted() }
      // One pin at most (the first): a second would not sit at its own quantile (z = e holds
      // for the first row only).
      let pin = scenario.correlationPins.first.flatMap { $0.path == path ? $0.percentile : nil }
      found.append(
        Member(
          input: kind, marginal: marginal, sortedValues: sorted, pinnedPercentile: pin,
          constant: pin != nil || input.perTrial))
      foundPaths.append(path)
      return found.count - 1
    }
    var pairs: [(Int, Int, Double)] = []
    for c in scenario.correlations {
      guard let i = member(c.first), let j = member(c.second) else { continue }
      pairs.append((i, j, c.rank))
    }
    guard !found.isEmpty else { return nil }
    // Factor order: pinned, then per-trial, then per-month; scenario order within each.
    let order = found.indices.sorted { a, b in
      func rank(_ m: Member) -> Int { m.pinnedScore != nil ? 0 : m.constant ? 1 : 2 }
      let (ra, rb) = (rank(found[a]), rank(found[b]))
      return ra != rb ? ra < rb : a < b
    }
    let d = order.count
    var position = [Int](repeating: 0, count: d)
    for (p, i) in order.enumerated() { position[i] = p }
    var r = [Double](repeating: 0, count: d * d)
    for i in 0..<d { r[i * d + i] = 1 }
    for (i, j, rho) in pairs {
      let pearson = 2 * Double.sin(Double.pi * rho / 6)
      r[position[i] * d + position[j]] = pearson
      r[position[j] * d + position[i]] = pearson
    }
    members = order.map { found[$0] }
    paths = order.map { foundPaths[$0] }
    factor = CompiledCopula.cholesky(r, order: d)
    var scales = [Double](repeating: 0, count: model.trendDraws.count * model.months)
    var trendMember = [Int](repeating: -1, count: model.trendDraws.count)
    var sourceMember = [Int](repeating: -1, count: model.sourceLeads.count)
    var otherRevenueMember = -1
    for (j, m) in members.enumerated() {
      switch m.input {
      case .trend(let k):
        trendMember[k] = j
        let forecaster = model.trendDraws[k].forecaster
        for h in 0..<model.months { scales[k * model.months + h] = forecaster.predictiveScale(month: h) }
      case .leads(let k): sourceMember[k] = j
      case .otherRevenue: otherRevenueMember = j
      case .rate: break
      }
    }
    trendScales = scales
    self.trendMember = trendMember
    self.sourceMember = sourceMember
    self.otherRevenueMember = otherRevenueMember
  }

  /// The lower Cholesky factor of a positive semi-definite `matrix` (row-major), with a pivot
  /// at or below 1e−12 taken as 0 and its column below zeroed: a singular but valid matrix (two
  /// inputs correlated at ±1, or a combination that is) factors, as validation accepts it
  /// (``ScenarioDecoder/readCorrelations(_:_:scenario:)`` refuses an indefinite one).
  static func cholesky(_ matrix: [Double], order d: Int) -> [Double] {
    var l = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
      var pivot = matrix[j * d + j]
      for k in 0..<j { pivot -= l[j * d + k] * l[j * d + k] }
      guard pivot > 1e-12 else { continue }
      let root = pivot.squareRoot()
      l[j * d + j] = root
      for i in (j + 1)..<d {
        var x = matrix[i * d + j]
        for k in 0..<j { x -= l[i * d + k] * l[j * d + k] }
        l[i * d + j] = x / root
      }
    }
    return l
  }

  /// A normal score from a stream's next number: `Φ⁻¹` at the midpoint uniform
  /// `((next() >> 11) + ½)·2⁻⁵³`, strictly inside (0, 1).
  @inline(__always)
  static func score<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    DistributionParameters.inverseStandardNormalCDF((Double(rng.next() >> 11) + 0.5) * 0x1p-53)
  }

  /// `Φ(z)` kept inside (0, 1).
  @inline(__always)
  static func uniform(_ z: Double) -> Double {
    Swift.min(Swift.max(DistributionParameters.standardNormalCDF(z), smallestUniform), largestUniform)
  }

  /// Member `j`'s value at uniform `u` (not for a trend).
  @inline(__always)
  func value(_ j: Int, at u: Double) -> Double {
    if case .empirical = members[j].marginal {
      let n = members[j].sortedValues.count
      guard n > 0 else { return 0 }
      // The smallest value whose empirical CDF reaches u, as Distribution.quantile.
      let k = Int((u * Double(n)).rounded(.up)) - 1
      return members[j].sortedValues[Swift.min(Swift.max(k, 0), n - 1)]
    }
    return members[j].marginal.quantile(u)
  }
}

extension CompiledModel {
  /// The compiled parameter of a correlatable field.
  func parameter(of field: CorrelatedInput.Field) -> CompiledParameter {
    switch field {
    case .qualifyRate(let k): sourceQualify[k]
    case .connectRate: connectRate
    case .fastOpportunityRate: fastRate
    case .slowOpportunityRate: slowRate
    case .closeRate: closeRate
    case .monthlyChurn: churn
    case .leadsPerMonth(let k): sourceLeads[k]
    case .otherRevenuePerMonth: otherRevenue
    case .valuePerLead(let k): sourceValue[k]
    case .dealSize: dealSize
    case .cycleDays: cycleDays
    case .ticketsPerCustomerPerMonth: ticketsPerCustomer
    case .handleMinutes: handleMinutes
    case .patienceMinutes: patienceMinutes ?? handleMinutes
    }
  }

  /// The copula's step of a trial, after the trends are drawn (on the model's scale for the
  /// correlated ones) and before they become points: every member's normal score for every
  /// simulated month, mixed by the factor; correlated trend months are written back to
  /// `trendValues` (transformed as an uncorrelated draw is), rates to `copulaValues` row 0,
  /// volumes to `copulaValues` for each month (`member × simulatedMonths + month`).
  func correlateInputs(_ s: inout TrialScratch, copula: CompiledCopula, streams: TrialStreams) {
    let d = copula.count
    let sm = simulatedMonths
    let hm = months
    s.copulaScores.reset(count: d * sm, to: 0)
    s.copulaValues.reset(count: d * sm, to: 0)
    let e = s.copulaScores.base
    let out = s.copulaValues.base
    let trendValues = s.trendValues.base
    // Scores, `member × sm + month`.
    for j in 0..<d {
      if let pinned = copula.members[j].pinnedScore {
        for month in 0..<sm { e[j * sm + month] = pinned }
        continue
      }
      switch copula.members[j].input {
      case .rate(let point):
        var g = streams.stream(.rate, UInt64(point))
        let x = CompiledCopula.score(using: &g)
        for month in 0..<sm { e[j * sm + month] = x }
      case .leads(let k):
        for month in 0..<sm {
          var g = streams.stream(.leadVolume, TrialStreams.entity(month: month, piece: 0, source: k))
          e[j * sm + month] = CompiledCopula.score(using: &g)
        }
      case .otherRevenue:
        for month in 0..<sm {
          var g = streams.stream(.otherRevenue, TrialStreams.entity(month: month, 0))
          e[j * sm + month] = CompiledCopula.score(using: &g)
        }
      case .trend(let k):
        let forecaster = trendDraws[k].forecaster
        let dof = Double(forecaster.degreesOfFreedom)
        // Warm-up months take the horizon's first month's score, as the trend's points hold
        // its first value before the horizon.
        for month in 0..<sm {
          let h = Swift.max(month - warmUpMonths, 0)
          let scale = copula.trendScales[k * hm + h]
          let t = scale > 0 ? (trendValues[k * hm + h] - forecaster.fittedMean(month: h)) / scale : 0
          let u = Swift.min(
            Swift.max(StudentT.cdf(t, degreesOfFreedom: dof), CompiledCopula.smallestUniform),
            CompiledCopula.largestUniform)
          e[j * sm + month] = DistributionParameters.inverseStandardNormalCDF(u)
        }
      }
    }
    // z = L·e, from the last row up so each row reads the scores of the rows above it intact.
    copula.factor.withUnsafeBufferPointer { l in
      for month in 0..<sm {
        for j in stride(from: d - 1, through: 0, by: -1) {
          var z = 0.0
          for k in 0...j { z += l[j * d + k] * e[k * sm + month] }
          e[j * sm + month] = z
        }
      }
    }
    // Values. A pinned input is the first row (z = e), so it takes its percentile itself, not
    // Φ(Φ⁻¹(p)) with its rounding.
    for j in 0..<d {
      let pinned = copula.members[j].pinnedPercentile
      @inline(__always) func uniform(_ month: Int) -> Double {
        pinned ?? CompiledCopula.uniform(e[j * sm + month])
      }
      switch copula.members[j].input {
      case .rate:
        out[j * sm] = copula.value(j, at: uniform(0))
      case .leads, .otherRevenue:
        for month in 0..<sm { out[j * sm + month] = copula.value(j, at: uniform(month)) }
      case .trend(let k):
        let forecaster = trendDraws[k].forecaster
        let dof = Double(forecaster.degreesOfFreedom)
        for h in 0..<hm {
          let u = uniform(warmUpMonths + h)
          let t = StudentT.quantile(u, degreesOfFreedom: dof)
          trendValues[k * hm + h] = forecaster.transformed(
            forecaster.fittedMean(month: h) + copula.trendScales[k * hm + h] * t)
        }
      }
    }
  }
}
