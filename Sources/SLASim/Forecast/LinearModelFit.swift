/// The result of ``LeastSquares/fit(response:responseName:predictors:intercept:)``.
///
/// Coefficients are those of the model as stated (raw powers of each predictor), intercept
/// first, then each predictor's powers in ascending order. Standard errors are
/// `s·sqrt(diag((XᵀX)⁻¹))`, computed from R⁻¹ of the QR factorisation, never from XᵀX.
public struct LinearModelFit: Sendable {
  /// One estimated coefficient with its inference.
  public struct Coefficient: Sendable, Equatable {
    /// `intercept`, a predictor's name, or `name^k` for its k-th power.
    public var name: String
    public var estimate: Double
    /// `s·sqrt([(XᵀX)⁻¹]_jj)`.
    public var standardError: Double
    /// `estimate / standardError` (infinite or NaN for an exact fit).
    public var tStatistic: Double
    /// Two-sided p-value of `tStatistic` under Student's t with ``LinearModelFit/degreesOfFreedom``.
    public var pValue: Double
  }

  /// Name of the response variable.
  public let responseName: String
  /// The estimates in model order: intercept first, then each predictor's powers ascending.
  public let coefficients: [Coefficient]
  /// `s²·(XᵀX)⁻¹`, column-major, `coefficients.count` × `coefficients.count`.
  public let covariance: [Double]
  /// `y − ŷ` for each observation.
  public let residuals: [Double]
  /// `Σ (y − ŷ)²`.
  public let residualSumOfSquares: Double
  /// `s = sqrt(RSS / (n − p))`.
  public let residualStandardDeviation: Double
  /// `1 − RSS/TSS`, TSS about the mean with an intercept and about zero (uncentred) without.
  public let rSquared: Double
  /// `1 − (1 − R²)·(n − k)/(n − p)` with `k` = 1 with an intercept, 0 without (as statsmodels).
  public let adjustedRSquared: Double
  /// `n`.
  public let observationCount: Int
  /// `n − p`.
  public let degreesOfFreedom: Int
  /// Whether the model has a constant term.
  public let hasIntercept: Bool

  let design: ScaledDesign
  let solver: AugmentedSystemSolver
  /// Refined coefficients of the scaled design, `β = T·γ`.
  let gamma: [DoubleDouble]

  init(
    responseName: String, design: ScaledDesign, solver: AugmentedSystemSolver, gamma: [DoubleDouble],
    beta: [Double], unscaledCovariance: [Double], residuals: [Double], residualSumOfSquares: Double,
    residualStandardDeviation s: Double, rSquared: Double, adjustedRSquared: Double
  ) {
    let p = design.columnCount
    let df = design.rowCount - p
    self.responseName = responseName
    self.design = design
    self.solver = solver
    self.gamma = gamma
    self.covariance = unscaledCovariance.map { $0 * s * s }
    self.coefficients = (0..<p).map { j in
      let se = s * unscaledCovariance[j + j * p].squareRoot()
      let t = beta[j] / se
      return Coefficient(
        name: design.names[j], estimate: beta[j], standardError: se, tStatistic: t,
        pValue: StudentT.twoSidedPValue(t, degreesOfFreedom: Double(df)))
    }
    self.residuals = residuals
    self.residualSumOfSquares = residualSumOfSquares
    self.residualStandardDeviation = s
    self.rSquared = rSquared
    self.adjustedRSquared = adjustedRSquared
    self.observationCount = design.rowCount
    self.degreesOfFreedom = df
    self.hasIntercept = design.hasIntercept
  }

  /// The estimates alone, in model order.
  public var estimates: [Double] { coefficients.map(\.estimate) }
  /// The standard errors alone, in model order.
  public var standardErrors: [Double] { coefficients.map(\.standardError) }
  /// Number of predictors the model was built from (each may contribute several powers).
  public var predictorCount: Int { design.centres.count }

  /// `Cov(β_i, β_j)`.
  public func covariance(_ i: Int, _ j: Int) -> Double {
    covariance[i + j * coefficients.count]
  }

  /// The fitted mean and its uncertainty at new predictor values.
  ///
  /// - Parameter values: One value per predictor, in the order the model was built (the powers
  ///   are formed internally). Empty for an intercept-only model.
  /// - Returns: `ŷ = x₀ᵀβ`, the standard error of that mean `s·sqrt(x₀ᵀ(XᵀX)⁻¹x₀)` and of a new
  ///   observation `s·sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀)`. The quadratic form is solved on the centred,
  ///   scaled design and refined (see ``LeastSquares``), never formed from XᵀX.
  public func prediction(at values: [Double]) -> Prediction {
    precondition(
      values.count == predictorCount,
      "prediction(at:): \(values.count) values for a model with \(predictorCount) predictors")
    let z0 = design.row(for: values)
    var mean = DoubleDouble.zero
    for k in 0..<z0.count { mean += gamma[k] * z0[k] }
    let q = solver.quadraticForm(z0.map { DoubleDouble($0) })
    let s = residualStandardDeviation
    return Prediction(
      mean: mean.value, standardErrorOfMean: s * q.squareRoot(),
      standardErrorOfObservation: s * (1 + q).squareRoot(), degreesOfFreedom: degreesOfFreedom)
  }

  /// `G = T·R⁻¹` (column-major, upper triangular), with `G·Gᵀ = (XᵀX)⁻¹`.
  ///
  /// A square root of the unscaled covariance taken straight from the QR factor, used by
  /// ``TrendForecaster`` to draw coefficients.
  func unscaledCovarianceFactor() -> [Double] {
    let p = coefficients.count
    var rInverse = [Double](repeating: 0, count: p * p)
    for j in 0..<p {
      var e = [Double](repeating: 0, count: p)
      e[j] = 1
      _ = solver.qr.solveR(transposed: false, &e)
      for i in 0..<p { rInverse[i + j * p] = e[i] }
    }
    var g = [Double](repeating: 0, count: p * p)
    for j in 0..<p {
      for i in 0...j {
        var sum = DoubleDouble.zero
        for k in i...j { sum += design.map[i + k * p] * rInverse[k + j * p] }
        g[i + j * p] = sum.value
      }
    }
    return g
  }
}

/// A point forecast from a linear model with the standard errors for its intervals.
public struct Prediction: Sendable, Equatable {
  /// `ŷ = x₀ᵀβ`.
  public var mean: Double
  /// `s·sqrt(x₀ᵀ(XᵀX)⁻¹x₀)`: uncertainty of the fitted mean.
  public var standardErrorOfMean: Double
  /// `s·sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀)`: uncertainty of a new observation.
  public var standardErrorOfObservation: Double
  /// Degrees of freedom of the residual SD, `n − p`.
  public var degreesOfFreedom: Int

  /// The prediction interval `ŷ ± t(1 − α/2, df)·s·sqrt(1 + x₀ᵀ(XᵀX)⁻¹x₀)` at `level = 1 − α`.
  ///
  /// - Parameter level: Coverage in (0, 1), e.g. 0.8 or 0.95.
  /// - Returns: The interval's `low` and `high` ends.
  public func predictionInterval(level: Double) -> (low: Double, high: Double) {
    precondition(level > 0 && level < 1, "predictionInterval(level:): level \(level) is not in (0, 1)")
    let q = StudentT.upperQuantile(tailProbability: (1 - level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
    let half = q * standardErrorOfObservation
    return (mean - half, mean + half)
  }

  /// The confidence interval of the mean, `ŷ ± t(1 − α/2, df)·s·sqrt(x₀ᵀ(XᵀX)⁻¹x₀)`.
  public func confidenceInterval(level: Double) -> (low: Double, high: Double) {
    precondition(level > 0 && level < 1, "confidenceInterval(level:): level \(level) is not in (0, 1)")
    let q = StudentT.upperQuantile(tailProbability: (1 - level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
    let half = q * standardErrorOfMean
    return (mean - half, mean + half)
  }
}
