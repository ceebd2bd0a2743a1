/// The design matrix that ``LeastSquares`` actually factors: each variable centred and scaled,
/// each column scaled by a power of two, plus the exact map back to the stated model.
///
/// The stated model has columns `X = [1, x, x², …]` (raw powers). We factor `Z = X·T` instead,
/// whose columns are `D_k·t^k` with `t = (x − c)/h`: `c` is the midpoint of the data's range
/// (0 without an intercept, since centring needs the constant column), `h` the half-range
/// rounded up to a power of two, and `D_k` a power of two that brings column `k` to a 2-norm in
/// [0.5, 1). `T` is upper triangular with a non-zero diagonal, so the first `j` columns of `Z`
/// and of `X` span the same space: a column that is collinear with earlier ones is the same
/// column in both. The coefficients of the stated model are `β = T·γ`, evaluated in
/// double-double.
///
/// Why: raw powers of Filip's x (−9…−3) give a design with condition number near 10¹⁵, and
/// rounding them to doubles already costs half the digits (NIST StRD README, "80-digit solve of
/// the float64-rounded raw design"). Centring and scaling the variable first is the classical
/// remedy for polynomial regression (Å. Björck, "Numerical Methods for Least Squares Problems",
/// SIAM 1996, §2.7.2 and §4.3, doi:10.1137/1.9781611971484), and powers of two keep every
/// scaling exact.
///
/// Memory layout: `z` is column-major, `rowCount × columnCount`, as LAPACK wants it; `map` is
/// column-major `columnCount × columnCount`.
struct ScaledDesign: Sendable {
  /// Where a design column comes from.
  enum Source: Sendable, Equatable {
    case intercept
    case power(predictor: Int, exponent: Int)
  }

  let rowCount: Int
  let columnCount: Int
  let hasIntercept: Bool
  /// Stated-model column names: `intercept`, then each predictor's powers ascending.
  let names: [String]
  let sources: [Source]
  /// `D_k`, a power of two per column.
  let columnScales: [Double]
  /// `c` per predictor.
  let centres: [Double]
  /// `1/h` per predictor, a power of two.
  let inverseHalfWidths: [Double]
  /// The factored matrix `Z`, column-major.
  let z: [Double]
  /// `T` with `β = T·γ`, column-major `columnCount × columnCount`.
  let map: [DoubleDouble]

  /// Builds the scaled design for `predictors` over `n` rows.
  ///
  /// - Parameters:
  ///   - predictors: The variables, each with `n` values and a degree of at least 1.
  ///   - intercept: Whether the model has a constant column.
  ///   - n: The number of observations.
  ///   - centring: `false` only for the accuracy ablation in the tests (scales but does
  ///     not centre); every fit centres.
  init(predictors: [Predictor], intercept: Bool, rowCount n: Int, centring: Bool = true) {
    var names: [String] = []
    var sources: [Source] = []
    if intercept {
      names.append("intercept")
      sources.append(.intercept)
    }
    for (v, predictor) in predictors.enumerated() {
      precondition(
        predictor.degree >= 1, "Predictor '\(predictor.name)' has degree \(predictor.degree); expected at least 1")
      precondition(
        predictor.values.count == n, "Predictor '\(predictor.name)' has \(predictor.values.count) values; expected \(n)"
      )
      names += predictor.coefficientNames
      for k in 1...predictor.degree { sources.append(.power(predictor: v, exponent: k)) }
    }
    let p = sources.count

    // Centre and half-width of each variable.
    var centres: [Double] = []
    var inverseHalfWidths: [Double] = []
    for predictor in predictors {
      let lo = predictor.values.min() ?? 0
      let hi = predictor.values.max() ?? 0
      var c = 0.0
      var halfRange = max(abs(lo), abs(hi))
      if intercept && centring {
        halfRange = hi / 2 - lo / 2
        c = lo / 2 + hi / 2
      }
      let h = halfRange > 0 && halfRange.isNormal ? ScaledDesign.powerOfTwo(atLeast: halfRange) : 1
      if intercept && centring {
        // A centre on a grid of h/16 is as good for conditioning and keeps (−c)^k short.
        let step = h / 16
        c = (c / step).rounded() * step
      }
      centres.append(c)
      inverseHalfWidths.append(1 / h)
    }

    // Z before column scaling, each entry the correctly rounded value of D·t^k.
    var z = [Double](repeating: 0, count: n * p)
    for (k, source) in sources.enumerated() {
      switch source {
      case .intercept:
        for i in 0..<n { z[i + k * n] = 1 }
      case .power(let v, let exponent):
        let values = predictors[v].values
        for i in 0..<n {
          z[i + k * n] =
            ScaledDesign.scaledPower(
              values[i], centre: centres[v], inverseHalfWidth: inverseHalfWidths[v], exponent: exponent
            ).value
        }
      }
    }
    // Column scaling by powers of two: exact, and makes |R[j, j]| comparable across columns.
    var scales = [Double](repeating: 1, count: p)
    for k in 0..<p {
      var sumOfSquares = 0.0
      for i in 0..<n { sumOfSquares += z[i + k * n] * z[i + k * n] }
      let norm = sumOfSquares.squareRoot()
      if norm > 0 && norm.isNormal {
        // 2^-(exponent+1) brings norm into [0.5, 1).
        scales[k] = Double(sign: .plus, exponent: -(norm.exponent + 1), significand: 1)
        for i in 0..<n { z[i + k * n] *= scales[k] }
      }
    }

    // T: column k of Z is D_k·((x − c)/h)^e = D_k/h^e · Σ_j C(e, j)·(−c)^(e−j)·x^j.
    var map = [DoubleDouble](repeating: .zero, count: p * p)
    var firstColumn: [Int] = []  // index of x^1 for each predictor
    var next = intercept ? 1 : 0
    for predictor in predictors {
      firstColumn.append(next)
      next += predictor.degree
    }
    for (k, source) in sources.enumerated() {
      switch source {
      case .intercept:
        map[k + k * p] = DoubleDouble(scales[k])
      case .power(let v, let e):
        let factor = DoubleDouble.power(DoubleDouble(inverseHalfWidths[v]), e) * scales[k]
        let minusC = DoubleDouble(-centres[v])
        for j in 0...e {
          let term = DoubleDouble.power(minusC, e - j) * Double(ScaledDesign.binomial(e, j)) * factor
          if j == 0 {
            if intercept { map[0 + k * p] = term }
            // Without an intercept c == 0, so the j == 0 term is zero for e >= 1.
          } else {
            map[firstColumn[v] + j - 1 + k * p] = term
          }
        }
      }
    }

    self.rowCount = n
    self.columnCount = p
    self.hasIntercept = intercept
    self.names = names
    self.sources = sources
    self.columnScales = scales
    self.centres = centres
    self.inverseHalfWidths = inverseHalfWidths
    self.z = z
    self.map = map
  }

  /// `((x − c)/h)^e` in double-double (before column scaling).
  static func scaledPower(_ x: Double, centre: Double, inverseHalfWidth: Double, exponent: Int) -> DoubleDouble {
    let t = DoubleDouble.twoSum(x, -centre) * inverseHalfWidth
    return DoubleDouble.power(t, exponent)
  }

  /// The row of `Z` for new predictor values (one per predictor, in model order).
  func row(for values: [Double]) -> [Double] {
    precondition(values.count == centres.count, "row(for:): \(values.count) values for \(centres.count) predictors")
    return sources.enumerated().map { k, source in
      switch source {
      case .intercept:
        return columnScales[k]
      case .power(let v, let e):
        return
          (ScaledDesign.scaledPower(
            values[v], centre: centres[v], inverseHalfWidth: inverseHalfWidths[v], exponent: e) * columnScales[k]).value
      }
    }
  }

  /// The row of the stated model's design `X` (intercept 1, raw powers) for new predictor values.
  func rawRow(for values: [Double]) -> [Double] {
    precondition(values.count == centres.count, "rawRow(for:): \(values.count) values for \(centres.count) predictors")
    return sources.map { source in
      switch source {
      case .intercept: return 1
      case .power(let v, let e): return DoubleDouble.power(DoubleDouble(values[v]), e).value
      }
    }
  }

  /// `β = T·γ` in double-double.
  func statedCoefficients(_ gamma: [DoubleDouble]) -> [DoubleDouble] {
    (0..<columnCount).map { j in
      var sum = DoubleDouble.zero
      for k in j..<columnCount { sum += map[j + k * columnCount] * gamma[k] }
      return sum
    }
  }

  /// Row `j` of `T` (the vector `Tᵀ·e_j`).
  func mapRow(_ j: Int) -> [DoubleDouble] {
    (0..<columnCount).map { k in map[j + k * columnCount] }
  }

  /// The smallest power of two that is at least `x` (`x` positive and normal).
  static func powerOfTwo(atLeast x: Double) -> Double {
    let p = Double(sign: .plus, exponent: x.exponent, significand: 1)
    return p >= x ? p : p * 2
  }

  /// `n choose k`, exact in a double for the degrees a regression uses.
  static func binomial(_ n: Int, _ k: Int) -> Int {
    var result = 1
    for i in 0..<min(k, n - k) { result = result * (n - i) / (i + 1) }
    return result
  }
}
