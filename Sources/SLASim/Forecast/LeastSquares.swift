/// Ordinary least squares on LAPACK's Householder QR, accurate to NIST StRD's hardest datasets.
///
/// The method, in order:
/// 1. Centre and scale every variable and scale every column by a power of two
///    (``ScaledDesign``); polynomial terms are powers of the centred variable.
/// 2. Factor the scaled design with LAPACK `dgeqrf` (unpivoted Householder QR; see
///    `LAPACK.swift` for why not `dgels` or `dgelsy`). A diagonal entry of R below
///    `64·max(n, p)·ε` of its column's norm means that column is collinear with the ones before
///    it: ``LeastSquaresError/rankDeficient(column:)``.
/// 3. Solve and refine the augmented system with residuals in double-double (Björck 1967, see
///    ``AugmentedSystemSolver``), then map the coefficients back to the stated model's raw
///    powers in double-double.
/// 4. Standard errors come from R⁻¹, never from the normal equations: `Var(β_j) = s²·‖r_j‖²`
///    with `r_j = Z(ZᵀZ)⁻¹T ᵀe_j` solved and refined like the fit, so each variance is a sum of
///    squares without cancellation.
///
/// Achieved accuracy on all eleven NIST StRD linear datasets: at least 7 correct digits (LRE)
/// in every estimate, standard error, the residual SD and R²; `docs/least-squares-accuracy.md`
/// has the table.
public enum LeastSquares {
  /// Fits `response ≈ β₀ + Σ β_j·(predictor terms)` by least squares.
  ///
  /// - Parameters:
  ///   - response: The observations `y`.
  ///   - responseName: Name of `y`, kept in the result.
  ///   - predictors: The variables, each expanded to its powers `1…degree`; all as long as `response`.
  ///   - intercept: Whether the model has a constant term. Without one, R² is the uncentred
  ///     `1 − RSS/Σy²` (NIST's convention for NoInt1 and NoInt2).
  /// - Returns: Estimates, standard errors, covariance, residual SD, R², t statistics, p-values.
  /// - Throws: ``LeastSquaresError``: too few observations (at least coefficients + 1), a
  ///   non-finite value, a collinear predictor, or a design too ill-conditioned to refine.
  /// - Complexity: O(n·p²) for the factorisation plus O(n·p²) per refinement step.
  public static func fit(
    response: [Double], responseName: String = "y", predictors: [Predictor], intercept: Bool = true
  ) throws(LeastSquaresError) -> LinearModelFit {
    try fit(
      response: response, responseName: responseName, predictors: predictors, intercept: intercept, method: Method())
  }

  /// Switches for the accuracy ablation in `LeastSquaresNISTTests` (what centring and refinement
  /// each buy); every public fit uses both.
  struct Method: Sendable {
    var centring = true
    var refinement = true
  }

  static func fit(
    response: [Double], responseName: String, predictors: [Predictor], intercept: Bool, method: Method
  ) throws(LeastSquaresError) -> LinearModelFit {
    let n = response.count
    let p = (intercept ? 1 : 0) + predictors.reduce(0) { $0 + max($1.degree, 1) }
    precondition(p >= 1, "LeastSquares.fit: a model needs at least one coefficient (intercept or predictor)")
    for predictor in predictors {
      precondition(
        predictor.values.count == n,
        "LeastSquares.fit: predictor '\(predictor.name)' has \(predictor.values.count) values, response has \(n)")
    }
    if let i = response.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteValue(variable: responseName, observation: i)
    }
    for predictor in predictors {
      if let i = predictor.values.firstIndex(where: { !$0.isFinite }) {
        throw .nonFiniteValue(variable: predictor.name, observation: i)
      }
    }
    guard n >= p + 1 else { throw .tooFewObservations(observations: n, coefficients: p) }

    let design = ScaledDesign(predictors: predictors, intercept: intercept, rowCount: n, centring: method.centring)
    let qr = HouseholderQR(columnMajor: design.z, rowCount: n, columnCount: p)

    // Rank: |R[j, j]| is the distance of column j from the span of the columns before it.
    // Columns have norms in [0.5, 1) (or are exactly zero), so a fixed threshold is relative.
    let tolerance = 64 * Double(max(n, p)) * Double.ulpOfOne
    for j in 0..<p where !(abs(qr.r(j, j)) > tolerance) {
      throw .rankDeficient(column: design.names[j])
    }
    let solver = AugmentedSystemSolver(design: design, qr: qr, refines: method.refinement)
    let weakestColumn = (0..<p).min { abs(qr.r($0, $0)) < abs(qr.r($1, $1)) } ?? 0

    // Coefficients and residuals.
    let fitSolution = solver.solve(f: response, g: nil)
    guard fitSolution.converged else { throw .illConditioned(column: design.names[weakestColumn]) }
    let beta = design.statedCoefficients(fitSolution.x)

    // Residuals recomputed from the refined γ, in double-double.
    var residuals = [Double](repeating: 0, count: n)
    var rss = DoubleDouble.zero
    for i in 0..<n {
      var acc = DoubleDouble(response[i])
      for k in 0..<p { acc = acc - fitSolution.x[k] * design.z[i + k * n] }
      residuals[i] = acc.value
      rss += acc * acc
    }
    // Total sum of squares: about the mean with an intercept, about zero without.
    var tss = DoubleDouble.zero
    if intercept {
      var sum = DoubleDouble.zero
      for y in response { sum += y }
      let mean = sum / DoubleDouble(Double(n))
      for y in response {
        let d = DoubleDouble(y) - mean
        tss += d * d
      }
    } else {
      for y in response { tss += DoubleDouble.twoProduct(y, y) }
    }
    let degreesOfFreedom = n - p
    let variance = rss / DoubleDouble(Double(degreesOfFreedom))
    let s = variance.value.squareRoot()
    let rSquared = tss.head > 0 ? (DoubleDouble(1) - rss / tss).value : .nan
    let interceptCount = intercept ? 1 : 0
    let adjustedRSquared =
      tss.head > 0
      ? (DoubleDouble(1) - (rss / tss) * (Double(n - interceptCount) / Double(degreesOfFreedom))).value
      : .nan

    // Unscaled covariance (XᵀX)⁻¹ = T(ZᵀZ)⁻¹Tᵀ: entry (j, k) = r_jᵀ r_k with
    // r_j = Z(ZᵀZ)⁻¹Tᵀe_j, each refined.
    var columns: [[DoubleDouble]] = []
    columns.reserveCapacity(p)
    for j in 0..<p {
      let solution = solver.solve(f: nil, g: design.mapRow(j))
      guard solution.converged else { throw .illConditioned(column: design.names[weakestColumn]) }
      columns.append(solution.r)
    }
    var unscaledCovariance = [Double](repeating: 0, count: p * p)
    for j in 0..<p {
      for k in j..<p {
        var sum = DoubleDouble.zero
        for i in 0..<n { sum += columns[j][i] * columns[k][i] }
        unscaledCovariance[j + k * p] = sum.value
        unscaledCovariance[k + j * p] = sum.value
      }
    }

    return LinearModelFit(
      responseName: responseName, design: design, solver: solver, gamma: fitSolution.x,
      beta: beta.map(\.value), unscaledCovariance: unscaledCovariance, residuals: residuals,
      residualSumOfSquares: rss.value, residualStandardDeviation: s, rSquared: rSquared,
      adjustedRSquared: adjustedRSquared)
  }
}
