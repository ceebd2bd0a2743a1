import RealModule

/// An unevaluated sum `head + tail` of two doubles, carrying about 106 bits of precision.
///
/// Used where least squares needs more than double precision: the residuals of iterative
/// refinement, the refined solution itself, and the map from the centred and scaled internal
/// basis back to the stated model's coefficients. Portable (no `Float80`), so the same code and
/// the same digits on x86_64 and arm64.
///
/// Algorithms: Knuth's TwoSum (The Art of Computer Programming, vol. 2, 3rd ed., 1997, §4.2.2),
/// the FMA-based TwoProduct (`Augmented.product` in swift-numerics), and the sloppy double-double
/// addition and multiplication of T. J. Dekker, "A floating-point technique for extending the
/// available precision", Numerische Mathematik 18 (1971) 224–242, doi:10.1007/BF01397083, in the
/// form of Hida, Li and Bailey's QD library (2001). Relative error of each operation is below
/// about 2⁻¹⁰⁴ when no cancellation occurs.
struct DoubleDouble: Sendable, Equatable {
  var head: Double
  var tail: Double

  init(_ value: Double) {
    head = value
    tail = 0
  }

  init(head: Double, tail: Double) {
    self.head = head
    self.tail = tail
  }

  static let zero = DoubleDouble(0)

  /// The nearest double.
  var value: Double { head + tail }

  /// Exact `a + b` as head and tail (Knuth's TwoSum; no magnitude ordering needed).
  @inline(__always)
  static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
    let s = a + b
    let bb = s - a
    let e = (a - (s - bb)) + (b - bb)
    return DoubleDouble(head: s, tail: e)
  }

  /// Exact `a · b` as head and tail (TwoProduct through a fused multiply-add).
  @inline(__always)
  static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
    let p = Augmented.product(a, b)
    return DoubleDouble(head: p.head, tail: p.tail)
  }

  @inline(__always)
  private static func renormalized(_ s: Double, _ e: Double) -> DoubleDouble {
    let h = s + e
    return DoubleDouble(head: h, tail: e - (h - s))
  }

  static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let s = twoSum(a.head, b.head)
    return renormalized(s.head, s.tail + a.tail + b.tail)
  }

  static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
    let s = twoSum(a.head, b)
    return renormalized(s.head, s.tail + a.tail)
  }

  static prefix func - (a: DoubleDouble) -> DoubleDouble {
    DoubleDouble(head: -a.head, tail: -a.tail)
  }

  static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + (-b) }
  static func - (a: DoubleDouble, b: Double) -> DoubleDouble { a + (-b) }

  static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let p = twoProduct(a.head, b.head)
    return renormalized(p.head, p.tail + (a.head * b.tail + a.tail * b.head))
  }

  static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
    let p = twoProduct(a.head, b)
    return renormalized(p.head, p.tail + a.tail * b)
  }

  static func += (a: inout DoubleDouble, b: DoubleDouble) { a = a + b }
  static func += (a: inout DoubleDouble, b: Double) { a = a + b }

  /// `a / b`, by one Newton correction of the double quotient (relative error about 2⁻¹⁰⁴).
  static func / (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let q1 = a.head / b.head
    let r = a - b * q1
    let q2 = r.head / b.head
    return renormalized(q1, q2)
  }

  /// `base` raised to a non-negative integer power by repeated squaring.
  static func power(_ base: DoubleDouble, _ exponent: Int) -> DoubleDouble {
    precondition(exponent >= 0, "DoubleDouble.power: negative exponent \(exponent)")
    var result = DoubleDouble(1)
    var b = base
    var e = exponent
    while e > 0 {
      if e & 1 == 1 { result = result * b }
      e >>= 1
      if e > 0 { b = b * b }
    }
    return result
  }
}
