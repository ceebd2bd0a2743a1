import RealModule

// TODO: switch to `Sample.standardNormal` (and its gamma sampler) from Sources/SLASim/Random/
// once that lands, and delete this file. Until then these local helpers keep the forecaster's
// draws independent of the standard library's unspecified mapping (STYLE.md §9): we map the
// generator's UInt64 output to doubles ourselves. Changing them changes drawn paths, so the
// switch needs a stream-version note in CHANGELOG.md.

/// Uniform, normal and gamma variates for ``TrendForecaster``, built on a caller's generator.
enum ForecastVariates {
  /// A double in (0, 1]: the top 53 bits plus one, times 2⁻⁵³ (never 0, so `log` is finite).
  @inline(__always)
  static func unitIntervalExcludingZero<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
    Double((rng.next() >> 11) + 1) * 0x1p-53
  }

  /// A double in [0, 1): the top 53 bits times 2⁻⁵³.
  @inline(__always)
  static func unitInterval<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
    Double(rng.next() >> 11) * 0x1p-53
  }

  /// Standard normal variates in pairs by the Box–Muller transform (G. E. P. Box and
  /// M. E. Muller, "A note on the generation of random normal deviates", Annals of Mathematical
  /// Statistics 29(2) (1958) 610–611, doi:10.1214/aoms/1177706645). A value type on the stack:
  /// no allocation, the spare of each pair is used by the next call.
  struct NormalSource {
    var spare: Double? = nil

    @inline(__always)
    mutating func next<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
      if let s = spare {
        spare = nil
        return s
      }
      let u1 = unitIntervalExcludingZero(&rng)
      let u2 = unitInterval(&rng)
      let radius = (-2 * Double.log(u1)).squareRoot()
      let angle = 2 * Double.pi * u2
      spare = radius * Double.sin(angle)
      return radius * Double.cos(angle)
    }
  }

  /// A Gamma(`shape`, 1) variate by G. Marsaglia and W. W. Tsang, "A simple method for
  /// generating gamma variables", ACM TOMS 26(3) (2000) 363–372, doi:10.1145/358407.358414;
  /// for `shape < 1`, their boost `Gamma(shape + 1)·U^(1/shape)`.
  static func gamma<G: RandomNumberGenerator>(shape: Double, normals: inout NormalSource, using rng: inout G) -> Double
  {
    precondition(shape > 0, "ForecastVariates.gamma: shape \(shape) must be positive")
    if shape < 1 {
      let boosted = gamma(shape: shape + 1, normals: &normals, using: &rng)
      return boosted * Double.pow(unitIntervalExcludingZero(&rng), 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = normals.next(&rng)
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = unitIntervalExcludingZero(&rng)
      let x2 = x * x
      if u < 1 - 0.0331 * x2 * x2 { return d * v }
      if Double.log(u) < 0.5 * x2 + d * (1 - v + Double.log(v)) { return d * v }
    }
  }
}
