import RealModule

/// A distribution ready for the trial kernel: a payload enum with no arrays or references.
///
/// `empirical` values live in the model's flat value pool and are addressed by offset, so
/// switching over a `CompiledDistribution` never retains or releases anything.

enum CompiledDistribution: Sendable, Equatable, BitwiseCopyable {
  case fixed(Double)
  case uniform(min: Double, width: Double)
  case triangular(min: Double, mode: Double, max: Double)
  case pert(min: Double, width: Double, alpha: Double, beta: Double)
  /// Normal; `truncated` conditions on values ≥ 0 (quantities that cannot be negative).
  case normal(mean: Double, sd: Double, truncated: Bool)
  case lognormal(mu: Double, sigma: Double)
  case gamma(shape: Double, scale: Double)
  case beta(alpha: Double, beta: Double)
  case exponential(mean: Double)
  case poisson(mean: Double)
  case empirical(offset: Int, count: Int)

  /// Compiles `distribution`, appending empirical values to `pool`.
  init(_ distribution: Distribution, nonNegative: Bool, pool: inout [Double]) {
    switch distribution {
    case .fixed(let x): self = .fixed(x)
    case .uniform(let a, let b): self = a == b ? .fixed(a) : .uniform(min: a, width: b - a)
    case .triangular(let a, let c, let b): self = a == b ? .fixed(a) : .triangular(min: a, mode: c, max: b)
    case .pert(let a, let m, let b):
      if a == b {
        self = .fixed(a)
      } else {
        // Beta-PERT with shape weight 4 (Malcolm, Roseboom, Clark & Fazar 1959).
        self = .pert(min: a, width: b - a, alpha: 1 + 4 * (m - a) / (b - a), beta: 1 + 4 * (b - m) / (b - a))
      }
    case .normal(let mean, let sd):
      self =
        sd == 0 ? .fixed(nonNegative ? Swift.max(mean, 0) : mean) : .normal(mean: mean, sd: sd, truncated: nonNegative)
    case .lognormal(let mu, let sigma): self = .lognormal(mu: mu, sigma: sigma)
    case .gamma(let shape, let scale): self = .gamma(shape: shape, scale: scale)
    case .beta(let a, let b): self = .beta(alpha: a, beta: b)
    case .exponential(let mean): self = mean == 0 ? .fixed(0) : .exponential(mean: mean)
    case .poisson(let mean): self = mean == 0 ? .fixed(0) : .poisson(mean: mean)
    case .empirical(let values):
      if values.count == 1 {
        self = .fixed(values[0])
      } else {
        self = .empirical(offset: pool.count, count: values.count)
        pool.append(contentsOf: values)
      }
    }
  }

  /// The fixed value, when there is no uncertainty.
  var fixedValue: Double? {
    if case .fixed(let x) = self { return x }
    return nil
  }

  /// One draw.
  ///
  /// `pool` is the model's empirical value pool.
  func sample<G: RandomNumberGenerator>(pool: UnsafeBufferPointer<Double>, using rng: inout G) -> Double {
    switch self {
    case .fixed(let x): return x
    case .uniform(let a, let w): return a + w * Sample.uniform(using: &rng)
    case .triangular(let a, let c, let b): return Sample.triangular(min: a, mode: c, max: b, using: &rng)
    case .pert(let a, let w, let alpha, let beta): return a + w * Sample.beta(alpha: alpha, beta: beta, using: &rng)
    case .normal(let mean, let sd, let truncated):
      return truncated
        ? Sample.normalTruncatedAtZero(mean: mean, sd: sd, using: &rng)
        : Sample.normal(mean: mean, sd: sd, using: &rng)
    case .lognormal(let mu, let sigma): return Sample.lognormal(mu: mu, sigma: sigma, using: &rng)
    case .gamma(let shape, let scale): return Sample.gamma(shape: shape, scale: scale, using: &rng)
    case .beta(let a, let b): return Sample.beta(alpha: a, beta: b, using: &rng)
    case .exponential(let mean): return Sample.exponential(mean: mean, using: &rng)
    case .poisson(let mean): return Double(Sample.poisson(mean: mean, using: &rng))
    case .empirical(let offset, let count):
      return pool[offset + Sample.index(below: count, using: &rng)]
    }
  }
}

extension Distribution {
  /// The mean, used by the deterministic reverse-funnel plan (`normal` before truncation).
  public var mean: Double {
    switch self {
    case .fixed(let x): return x
    case .uniform(let a, let b): return (a + b) / 2
    case .triangular(let a, let c, let b): return (a + b + c) / 3
    case .pert(let a, let m, let b): return (a + 4 * m + b) / 6
    case .normal(let mean, _): return mean
    case .lognormal(let mu, let sigma): return Double.exp(mu + sigma * sigma / 2)
    case .gamma(let shape, let scale): return shape * scale
    case .beta(let a, let b): return a / (a + b)
    case .exponential(let mean): return mean
    case .poisson(let mean): return mean
    case .empirical(let values): return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
  }
}
