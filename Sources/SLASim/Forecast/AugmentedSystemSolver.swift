/// Solves least-squares problems on one QR factorisation, refined to beyond double precision.
///
/// Every quantity we need is a solution of the augmented system
///
///     [ I   Z ] [ r ]   [ f ]
///     [ Zᵀ  0 ] [ x ] = [ g ]
///
/// - the fit: `f = y`, `g = 0` gives the coefficients `x = γ` and the residuals `r`;
/// - a variance: `f = 0`, `g = w` gives `r = Z(ZᵀZ)⁻¹w`, so `‖r‖² = wᵀ(ZᵀZ)⁻¹w`, a sum of
///   squares with no cancellation (used for standard errors and prediction variances).
///
/// Refinement follows Å. Björck, "Iterative refinement of linear least squares solutions I",
/// BIT 7 (1967) 257–278, doi:10.1007/BF01939321: the residuals of *both* block equations are
/// computed in extended precision (double-double here) and a correction is solved with the
/// same Householder factors; `r` and `x` are carried in double-double. Refining the augmented
/// system rather than `x` alone is what makes this work for large residuals (Wampler5), where
/// the error of plain QR grows like κ(Z)²·‖r‖ (N. J. Higham, "Accuracy and Stability of
/// Numerical Algorithms", 2nd ed., SIAM 2002, §20.5, doi:10.1137/1.9780898718027). Each step
/// shrinks the error by about κ(Z)·ε, so with the centred and scaled design three or four steps
/// reach double-double accuracy.
struct AugmentedSystemSolver: Sendable {
  let design: ScaledDesign
  let qr: HouseholderQR
  /// `false` only for the accuracy ablation in the tests: one plain QR solve, no refinement.
  var refines = true

  /// The refined solution of one augmented system.
  struct Solution {
    var r: [DoubleDouble]
    var x: [DoubleDouble]
    var converged: Bool
  }

  /// One correction step: solves the augmented system for right-hand sides `f`, `g` using
  /// `Z = Q·[R; 0]`: `h = R⁻ᵀg`, `d = Qᵀf`, `x = R⁻¹(d₁ − h)`, `r = Q·[h; d₂]`.
  func correction(f: [Double], g: [Double]) -> (r: [Double], x: [Double]) {
    let n = design.rowCount
    let p = design.columnCount
    // `LeastSquares.fit` refused any |R[j, j]| at or below its rank tolerance before building
    // this solver, so `dtrtrs` cannot find a zero pivot here.
    var h = g
    let singularT = qr.solveR(transposed: true, &h)
    assert(singularT == nil, "R has a zero pivot at \(singularT ?? -1) after the rank check")
    var d = f
    qr.applyQ(transposed: true, to: &d)
    var x = (0..<p).map { d[$0] - h[$0] }
    let singular = qr.solveR(transposed: false, &x)
    assert(singular == nil, "R has a zero pivot at \(singular ?? -1) after the rank check")
    var r = h
    r.reserveCapacity(n)
    r += d[p..<n]
    qr.applyQ(transposed: false, to: &r)
    return (r, x)
  }

  /// Solves the augmented system with right-hand sides `f` (length n, `nil` for zero) and `g`
  /// (length p, `nil` for zero), refining until the correction to `x` is below 2⁻¹⁰⁰ of `x`.
  ///
  /// `converged` is false when the corrections stopped shrinking while still above 2⁻⁶⁰ of
  /// `x` (about 10⁻¹⁸), which means the design is too ill-conditioned for double precision.
  func solve(f: [Double]?, g: [DoubleDouble]?, maximumSteps: Int = 12) -> Solution {
    let n = design.rowCount
    let p = design.columnCount
    let z = design.z
    var r = [DoubleDouble](repeating: .zero, count: n)
    var x = [DoubleDouble](repeating: .zero, count: p)
    var previousCorrection = Double.infinity
    var converged = false
    var ef = [Double](repeating: 0, count: n)
    var eg = [Double](repeating: 0, count: p)
    for _ in 0..<(refines ? maximumSteps : 1) {
      // Residuals of the augmented system, in double-double: ef = f − r − Z·x, eg = g − Zᵀ·r.
      for i in 0..<n {
        var acc = (f.map { DoubleDouble($0[i]) } ?? .zero) - r[i]
        for k in 0..<p { acc = acc - x[k] * z[i + k * n] }
        ef[i] = acc.value
      }
      for k in 0..<p {
        var acc = g?[k] ?? .zero
        for i in 0..<n { acc = acc - r[i] * z[i + k * n] }
        eg[k] = acc.value
      }
      let step = correction(f: ef, g: eg)
      for i in 0..<n { r[i] += step.r[i] }
      for k in 0..<p { x[k] += step.x[k] }
      if !refines {
        converged = true
        break
      }
      let size = step.x.reduce(0) { max($0, abs($1)) }
      let scale = x.reduce(0) { max($0, abs($1.head)) }
      if size <= 0x1p-100 * scale {
        converged = true
        break
      }
      if size > previousCorrection / 2 {
        // Stagnation: fine once beyond double precision, otherwise the design is too
        // ill-conditioned for refinement to converge.
        converged = size <= 0x1p-60 * scale
        break
      }
      previousCorrection = size
    }
    return Solution(r: r, x: x, converged: converged)
  }

  /// `wᵀ(ZᵀZ)⁻¹w` for a row `w` of the scaled design's coordinates, refined.
  func quadraticForm(_ w: [DoubleDouble]) -> Double {
    let solution = solve(f: nil, g: w)
    var sum = DoubleDouble.zero
    for ri in solution.r { sum += ri * ri }
    return sum.value
  }
}
