/// An input that may be fixed, uncertain, or changing over the horizon.
///
/// When it is drawn (once per trial, per trial-month, or per event) depends on the field it
/// belongs to, not on the value: see DESIGN.md §3 and `docs/model.md`.
public enum Value: Sendable, Equatable {
  case distribution(Distribution)
  case schedule(Schedule)
  /// A trend fitted to a monthly history: each trial draws the trend, then each month's value.
  case trend(TrendSpec)

  /// A fixed number.
  public static func fixed(_ x: Double) -> Value { .distribution(.fixed(x)) }

  /// The number when the value is fixed (not a distribution nor a schedule), else `nil`.
  public var fixedValue: Double? {
    if case .distribution(.fixed(let x)) = self { return x }
    return nil
  }
}

/// A parameter that changes over the horizon, step-wise or by linear ramps.
public struct Schedule: Sendable, Equatable {
  public enum Interpolation: String, Sendable, Equatable {
    /// Each point's value holds from its date until the next point.
    case step
    /// Values ramp linearly between points (a mixture of the two distributions for per-event draws).
    case linear
  }
  /// Points in strictly increasing date order; at least one.
  public var points: [SchedulePoint]
  public var interpolation: Interpolation
  public init(points: [SchedulePoint], interpolation: Interpolation = .step) {
    self.points = points
    self.interpolation = interpolation
  }
}

public struct SchedulePoint: Sendable, Equatable {
  public var from: CivilDate
  public var value: Distribution
  public init(from: CivilDate, value: Distribution) {
    self.from = from
    self.value = value
  }
}

/// A probability distribution in its canonical parameterisation.
///
/// The scenario file also accepts `lognormal {mean, sd}`, `gamma {mean, sd}` and
/// `beta {mean, sd}`; the loader converts them to the canonical parameters here.
public enum Distribution: Sendable, Equatable {
  case fixed(Double)
  case uniform(min: Double, max: Double)
  case triangular(min: Double, mode: Double, max: Double)
  /// Beta-PERT on [min, max] with the usual shape weight 4.
  case pert(min: Double, mode: Double, max: Double)
  /// Normal; truncated at 0 where the quantity it describes cannot be negative.
  case normal(mean: Double, sd: Double)
  /// exp(N(mu, sigma²)).
  case lognormal(mu: Double, sigma: Double)
  case gamma(shape: Double, scale: Double)
  case beta(alpha: Double, beta: Double)
  case exponential(mean: Double)
  case poisson(mean: Double)
  /// Each listed value equally likely.
  case empirical(values: [Double])
}
