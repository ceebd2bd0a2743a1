/// One input variable of a linear model, entering the model as `x, x², …, x^degree`.
///
/// A straight-line predictor has `degree` 1. NIST's Filip model is one predictor of degree 10;
/// Longley's is six predictors of degree 1. The polynomial is in raw powers of `x`, as the model
/// is stated; ``LeastSquares`` centres and scales internally and reports the raw-power
/// coefficients.
public struct Predictor: Sendable, Equatable {
  /// The name shown for the coefficient of `x` (`name^k` for the power `k`).
  public var name: String
  /// One value per observation, in the same order as the response.
  public var values: [Double]
  /// The highest power of the variable in the model; at least 1.
  public var degree: Int

  public init(name: String, values: [Double], degree: Int = 1) {
    self.name = name
    self.values = values
    self.degree = degree
  }

  /// The coefficient names this predictor contributes, lowest power first.
  public var coefficientNames: [String] {
    (1...max(degree, 1)).map { $0 == 1 ? name : "\(name)^\($0)" }
  }
}

/// Why a least-squares fit could not be computed; each description says what to do about it.
public enum LeastSquaresError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The named design column lies (numerically) in the span of the columns before it.
  case rankDeficient(column: String)
  /// The design is so ill-conditioned that iterative refinement did not converge; the named
  /// column is the one least independent of the columns before it.
  case illConditioned(column: String)
  /// Fewer observations than coefficients plus one (no degree of freedom left for the residual SD).
  case tooFewObservations(observations: Int, coefficients: Int)
  /// A response or predictor value is NaN or infinite.
  case nonFiniteValue(variable: String, observation: Int)

  public var description: String {
    switch self {
    case .rankDeficient(let column):
      return "predictor '\(column)' is collinear with earlier predictors; remove it or add data"
    case .illConditioned(let column):
      return
        "predictor '\(column)' is so nearly collinear with earlier predictors that the fit "
        + "cannot be computed reliably; remove it, lower the degree or add data"
    case .tooFewObservations(let observations, let coefficients):
      return
        "a model with \(coefficients) coefficient\(coefficients == 1 ? "" : "s") needs at least "
        + "\(coefficients + 1) observations (one more than its coefficients, to estimate the "
        + "residual SD); found \(observations)"
    case .nonFiniteValue(let variable, let observation):
      return "'\(variable)' is not a finite number in observation \(observation + 1)"
    }
  }
}
