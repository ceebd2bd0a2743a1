// The one LAPACK boundary of slasim (STYLE.md §1): no other file imports CLAPACKE, and nothing
// here is public, so no C type reaches SLASim's API.
//
// Which drivers, and why. We call the computational routines `dgeqrf` (Householder QR),
// `dormqr` (apply Q or Qᵀ) and `dtrtrs` (triangular solves with R or Rᵀ) rather than the
// drivers `dgels`/`dgelsy`:
// - Iterative refinement of the augmented system (Björck 1967, see ``LeastSquares``) needs
//   Qᵀf, Q[h; d] and solves with both R and Rᵀ many times on one factorisation. `dgels`
//   refactors the matrix on every call and never hands back Q.
// - Standard errors come from R⁻¹; keeping R in our hands avoids forming XᵀX.
// - Unpivoted QR keeps the predictors in the user's order, so a tiny |R[j, j]| names the
//   first predictor that is collinear with the ones before it, which is the message we give
//   ("predictor 'week' is collinear with earlier predictors"). `dgeqp3`/`dgelsy` reorder the
//   columns and would only tell us the numerical rank.
// The columns are equilibrated (and polynomial variables centred) before the factorisation,
// which is what column pivoting would otherwise buy us here.

internal import CLAPACKE

/// Householder QR of a column-major matrix, kept in LAPACK's compact form.
///
/// `factors` holds R in its upper triangle and the Householder vectors below it, exactly as
/// `dgeqrf` leaves them; `tau` holds the scalar factors of the reflectors.
struct HouseholderQR: Sendable {
  /// Rows of the factored matrix.
  let rowCount: Int
  /// Columns of the factored matrix (`columnCount <= rowCount`).
  let columnCount: Int
  /// `dgeqrf`'s output, column-major, leading dimension `rowCount`.
  let factors: [Double]
  /// `dgeqrf`'s reflector scalars, `columnCount` of them.
  let tau: [Double]

  /// Factors `matrix` (column-major, `rowCount × columnCount`) with LAPACK `dgeqrf`.
  ///
  /// - Precondition: `rowCount >= columnCount >= 1` and `matrix.count == rowCount * columnCount`.
  init(columnMajor matrix: [Double], rowCount: Int, columnCount: Int) {
    precondition(
      rowCount >= columnCount && columnCount >= 1 && matrix.count == rowCount * columnCount,
      "HouseholderQR: \(rowCount) × \(columnCount) with \(matrix.count) entries")
    var a = matrix
    var tau = [Double](repeating: 0, count: columnCount)
    let info = a.withUnsafeMutableBufferPointer { ap in
      tau.withUnsafeMutableBufferPointer { tp in
        LAPACKE_dgeqrf(
          LAPACK_COL_MAJOR, .init(rowCount), .init(columnCount), ap.baseAddress, .init(rowCount),
          tp.baseAddress)
      }
    }
    LAPACKCall.check(info, "dgeqrf", "m=\(rowCount) n=\(columnCount)")
    // dgeqrf has no info > 0 case: the factorisation always exists.
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.factors = a
    self.tau = tau
  }

  /// R[i, j] for `i <= j`.
  func r(_ i: Int, _ j: Int) -> Double {
    i <= j ? factors[i + j * rowCount] : 0
  }

  /// Overwrites `vector` (length `rowCount`) with `Qᵀ·vector` (`transposed`) or `Q·vector`.
  func applyQ(transposed: Bool, to vector: inout [Double]) {
    precondition(vector.count == rowCount, "applyQ: vector has \(vector.count) rows, Q has \(rowCount)")
    let trans: CChar = transposed ? LAPACKCall.t : LAPACKCall.n
    let info = factors.withUnsafeBufferPointer { ap in
      tau.withUnsafeBufferPointer { tp in
        vector.withUnsafeMutableBufferPointer { cp in
          LAPACKE_dormqr(
            LAPACK_COL_MAJOR, LAPACKCall.l, trans, .init(rowCount), 1, .init(columnCount),
            ap.baseAddress, .init(rowCount), tp.baseAddress, cp.baseAddress, .init(rowCount))
        }
      }
    }
    LAPACKCall.check(info, "dormqr", "m=\(rowCount) k=\(columnCount) trans=\(transposed)")
  }

  /// Solves `R·x = b` (or `Rᵀ·x = b` when `transposed`) in place; `b` has `columnCount` rows.
  ///
  /// - Returns: `nil` on success, or the zero-based index of a diagonal entry of R that is
  ///   exactly zero (`dtrtrs`'s `info > 0`), so the caller can name the collinear column.
  func solveR(transposed: Bool, _ b: inout [Double]) -> Int? {
    precondition(b.count == columnCount, "solveR: right-hand side has \(b.count) rows, R has \(columnCount)")
    let trans: CChar = transposed ? LAPACKCall.t : LAPACKCall.n
    let info = factors.withUnsafeBufferPointer { ap in
      b.withUnsafeMutableBufferPointer { bp in
        LAPACKE_dtrtrs(
          LAPACK_COL_MAJOR, LAPACKCall.u, trans, LAPACKCall.n, .init(columnCount), 1,
          ap.baseAddress, .init(rowCount), bp.baseAddress, .init(columnCount))
      }
    }
    LAPACKCall.check(info, "dtrtrs", "n=\(columnCount) trans=\(transposed)")
    return info > 0 ? Int(info) - 1 : nil
  }
}

/// Eigenvalues of a small symmetric matrix (LAPACK `dsyev`, values only), for refusing an
/// invalid correlation matrix with its smallest eigenvalue.
enum SymmetricEigenvalues {
  /// The smallest eigenvalue of the symmetric `order × order` matrix, or `nil` when `dsyev`
  /// does not converge (or the matrix is empty).
  static func smallest(columnMajor matrix: [Double], order n: Int) -> Double? {
    precondition(matrix.count == n * n, "SymmetricEigenvalues: \(matrix.count) entries for order \(n)")
    guard n > 0 else { return nil }
    var a = matrix
    var w = [Double](repeating: 0, count: n)
    let info = a.withUnsafeMutableBufferPointer { ap in
      w.withUnsafeMutableBufferPointer { wp in
        LAPACKE_dsyev(LAPACK_COL_MAJOR, LAPACKCall.n, LAPACKCall.u, .init(n), ap.baseAddress, .init(n), wp.baseAddress)
      }
    }
    LAPACKCall.check(info, "dsyev", "n=\(n)")
    return info == 0 ? w.min() : nil
  }
}

/// Shared checks and character constants for the LAPACKE calls above.
enum LAPACKCall {
  static let l = CChar(UInt8(ascii: "L"))
  static let n = CChar(UInt8(ascii: "N"))
  static let t = CChar(UInt8(ascii: "T"))
  static let u = CChar(UInt8(ascii: "U"))

  /// A negative `info` means we passed an invalid argument: our bug, never the user's data.
  static func check<I: BinaryInteger>(_ info: I, _ routine: StaticString, _ arguments: @autoclosure () -> String) {
    if info < 0 {
      preconditionFailure("LAPACKE_\(routine) rejected argument \(-Int(info)) (\(arguments()))")
    }
  }
}
