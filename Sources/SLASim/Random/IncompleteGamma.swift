import RealModule

/// The regularized incomplete gamma functions `P(a, x)` and `Q(a, x) = 1 − P(a, x)`.
///
/// Method: the series for `P` where it converges quickly (`x < a + 1`) and the continued
/// fraction for `Q` elsewhere, evaluated with the modified Lentz algorithm, as in W. H. Press,
/// S. A. Teukolsky, W. T. Vetterling and B. P. Flannery, "Numerical Recipes", 3rd ed.
/// (Cambridge, 2007), §6.2 (`gser`, `gcf`). Each is returned with its complement, so both
/// tails stay accurate. Used for quantiles (not in a trial), so clarity wins over speed.
enum IncompleteGamma {
  /// `(P(a, x), Q(a, x))` for `a > 0`, `x ≥ 0`.
  static func regularized(a: Double, x: Double) -> (lower: Double, upper: Double) {
    precondition(a > 0, "IncompleteGamma: a = \(a) must be positive")
    if x.isNaN { return (.nan, .nan) }
    if x <= 0 { return (0, 1) }
    if x == .infinity { return (1, 0) }
    let logPrefactor = -x + a * Double.log(x) - Double.logGamma(a)
    if x < a + 1 {
      var ap = a
      var term = 1 / a
      var sum = term
      for _ in 0..<10_000 {
        ap += 1
        term *= x / ap
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      let p = Swift.min(1, sum * Double.exp(logPrefactor))
      return (p, 1 - p)
    }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1..<10_000 {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    let q = Swift.min(1, Double.exp(logPrefactor) * h)
    return (1 - q, q)
  }
}

extension Distribution {
  /// The `p`-quantile of the distribution as the trial kernel draws it: the smallest `x`
  /// with `P(X ≤ x) ≥ p`, for `p` in (0, 1). `nonNegative` is the field's truncation of a
  /// normal at 0 (every scenario field has it; see ``CompiledDistribution``).
  ///
  /// Closed forms where they exist (uniform, triangular, exponential; normal and lognormal
  /// through Φ⁻¹); bisection on the CDF for gamma (``IncompleteGamma``), beta and PERT
  /// (``IncompleteBeta``), to the last few ulps; the inverse of the step CDF for Poisson and
  /// empirical values.
  public func quantile(_ p: Double, nonNegative: Bool = true) -> Double {
    precondition(p > 0 && p < 1, "quantile: p = \(p) is not in (0, 1)")
    switch self {
    case .fixed(let x): return x
    case .uniform(let a, let b): return a + p * (b - a)
    case .triangular(let a, let c, let b):
      guard b > a else { return a }
      let split = (c - a) / (b - a)
      return p < split ? a + ((b - a) * (c - a) * p).squareRoot() : b - ((b - a) * (b - c) * (1 - p)).squareRoot()
    case .pert(let a, let m, let b):
      guard b > a else { return a }
      let alpha = 1 + 4 * (m - a) / (b - a)
      let beta = 1 + 4 * (b - m) / (b - a)
      return a + (b - a) * Self.betaQuantile(p, alpha: alpha, beta: beta)
    case .normal(let mean, let sd):
      guard sd > 0 else { return nonNegative ? Swift.max(mean, 0) : mean }
      guard nonNegative else { return mean + sd * DistributionParameters.inverseStandardNormalCDF(p) }
      // Conditioned on X ≥ 0: the p-quantile of Φ restricted to [Φ(−mean/sd), 1].
      let below = DistributionParameters.standardNormalCDF(-mean / sd)
      return Swift.max(0, mean + sd * DistributionParameters.inverseStandardNormalCDF(below + p * (1 - below)))
    case .lognormal(let mu, let sigma): return Double.exp(mu + sigma * DistributionParameters.inverseStandardNormalCDF(p))
    case .gamma(let shape, let scale):
      return scale * Self.invert(p, upperStart: Swift.max(shape, 1)) { IncompleteGamma.regularized(a: shape, x: $0).lower }
    case .beta(let a, let b): return Self.betaQuantile(p, alpha: a, beta: b)
    case .exponential(let mean): return -mean * Double.log(onePlus: -p)
    case .poisson(let mean):
      guard mean > 0 else { return 0 }
      // P(X ≤ k) = Q(k + 1, mean); the smallest k reaching p, by bisection on whole numbers.
      var lo = 0
      var hi = Int(mean + 50 * mean.squareRoot() + 50)
      while lo < hi {
        let mid = lo + (hi - lo) / 2
        if IncompleteGamma.regularized(a: Double(mid + 1), x: mean).upper >= p { hi = mid } else { lo = mid + 1 }
      }
      return Double(lo)
    case .empirical(let values):
      guard !values.isEmpty else { return 0 }
      let sorted = values.sorted()
      let k = Int((p * Double(sorted.count)).rounded(.up)) - 1
      return sorted[Swift.min(Swift.max(k, 0), sorted.count - 1)]
    }
  }

  static func betaQuantile(_ p: Double, alpha: Double, beta: Double) -> Double {
    var lo = 0.0
    var hi = 1.0
    for _ in 0..<200 {
      let mid = (lo + hi) / 2
      if mid == lo || mid == hi { break }
      if IncompleteBeta.regularized(x: mid, a: alpha, b: beta) < p { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }

  /// The `x ≥ 0` with `cdf(x) = p` for an increasing `cdf` on [0, ∞): the upper end doubles
  /// from `upperStart` until it brackets `p`, then bisection to adjacent doubles.
  static func invert(_ p: Double, upperStart: Double, _ cdf: (Double) -> Double) -> Double {
    var lo = 0.0
    var hi = upperStart
    while cdf(hi) < p && hi < .greatestFiniteMagnitude / 4 { (lo, hi) = (hi, hi * 2) }
    for _ in 0..<2000 {
      let mid = (lo + hi) / 2
      if mid == lo || mid == hi { break }
      if cdf(mid) < p { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }
}
