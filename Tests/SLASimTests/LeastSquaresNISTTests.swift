import Foundation
import Testing

@testable import SLASim

/// NIST Statistical Reference Datasets, linear least squares: all eleven files, certified to 15
/// significant digits in multiple precision (https://www.itl.nist.gov/div898/strd/, public
/// domain; copies in `Fixtures/nist/`, provenance in `/work/shared/reference/nist-strd/README.md`
/// and `docs/least-squares-accuracy.md`).
///
/// Scoring is McCullough's log relative error, LRE = −log10(|est − cert|/|cert|) (absolute
/// error where the certified value is 0), clipped to [0, 15].
///
/// Tolerance: LRE ≥ 7 for every estimate, every standard deviation of an estimate, the residual
/// SD and R², on every dataset. 7 is slasim's stated bar (issue 3): it is above what plain
/// double-precision QR reaches on Wampler5 (5.7–5.9) and what NumPy's default `lstsq` reaches on
/// Filip (0.0), Pontius (6.2) and Wampler5 (5.9); the achieved values (10 or more) are in
/// `docs/least-squares-accuracy.md`. Print them with
/// `SLASIM_PRINT_LRE=1 swift test --filter LeastSquaresNISTTests`.
@Suite struct LeastSquaresNISTTests {
  /// The stated model of each dataset: polynomial degree in x, or the number of predictors.
  struct Model: Sendable, CustomTestStringConvertible {
    var name: String
    var polynomialDegree: Int?
    var predictorCount: Int
    var intercept: Bool
    var testDescription: String { name }
  }

  static let models: [Model] = [
    Model(name: "Norris", polynomialDegree: 1, predictorCount: 1, intercept: true),
    Model(name: "Pontius", polynomialDegree: 2, predictorCount: 1, intercept: true),
    Model(name: "NoInt1", polynomialDegree: 1, predictorCount: 1, intercept: false),
    Model(name: "NoInt2", polynomialDegree: 1, predictorCount: 1, intercept: false),
    Model(name: "Filip", polynomialDegree: 10, predictorCount: 1, intercept: true),
    Model(name: "Longley", polynomialDegree: nil, predictorCount: 6, intercept: true),
    Model(name: "Wampler1", polynomialDegree: 5, predictorCount: 1, intercept: true),
    Model(name: "Wampler2", polynomialDegree: 5, predictorCount: 1, intercept: true),
    Model(name: "Wampler3", polynomialDegree: 5, predictorCount: 1, intercept: true),
    Model(name: "Wampler4", polynomialDegree: 5, predictorCount: 1, intercept: true),
    Model(name: "Wampler5", polynomialDegree: 5, predictorCount: 1, intercept: true),
  ]

  /// Certified values and data of one `.dat` file.
  struct Certified {
    var estimates: [Double] = []
    var standardDeviations: [Double] = []
    var residualSD: Double = .nan
    var rSquared: Double = .nan
    var y: [Double] = []
    var xs: [[Double]] = []
  }

  enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String, String)
    var description: String {
      switch self {
      case .missing(let name): return "fixture \(name).dat not found in the test bundle"
      case .malformed(let name, let why): return "\(name).dat: \(why)"
      }
    }
  }

  /// Parses a NIST StRD `.dat` file: certified block and the data lines named in its header.
  static func load(_ model: Model) throws -> Certified {
    guard let url = Bundle.module.url(forResource: model.name, withExtension: "dat", subdirectory: "Fixtures/nist")
    else { throw FixtureError.missing(model.name) }
    let text = try String(contentsOf: url, encoding: .ascii)
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    func numbers(_ line: String) -> [Double] {
      line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
    }
    var result = Certified()
    // "Data  (lines 61 to 142)" in the header.
    guard let header = lines.prefix(20).first(where: { $0.contains("Data") && $0.contains("lines") }) else {
      throw FixtureError.malformed(model.name, "no data line range in the header")
    }
    let range = header.split(separator: " ").compactMap { Int($0.filter(\.isNumber)) }
    guard range.count == 2 else { throw FixtureError.malformed(model.name, "cannot read '\(header)'") }
    for line in lines.prefix(range[0] - 1) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("B"), trimmed.dropFirst().first?.isNumber == true {
        let values = numbers(String(trimmed.drop(while: { !$0.isWhitespace })))
        guard values.count == 2 else { throw FixtureError.malformed(model.name, "bad line '\(line)'") }
        result.estimates.append(values[0])
        result.standardDeviations.append(values[1])
      } else if trimmed.hasPrefix("Standard Deviation"), let v = numbers(trimmed).first {
        result.residualSD = v
      } else if trimmed.hasPrefix("R-Squared"), let v = numbers(trimmed).first {
        result.rSquared = v
      }
    }
    // Every certified figure must have been read: a value that failed to parse would
    // otherwise be scored against nothing.
    let certified = result.estimates + result.standardDeviations + [result.residualSD, result.rSquared]
    guard !result.estimates.isEmpty, certified.allSatisfy(\.isFinite) else {
      throw FixtureError.malformed(model.name, "a certified value is missing or not a number")
    }
    result.xs = Array(repeating: [], count: model.predictorCount)
    for line in lines[(range[0] - 1)..<range[1]] {
      let values = numbers(line)
      guard values.count == model.predictorCount + 1 else {
        throw FixtureError.malformed(model.name, "data line '\(line)' has \(values.count) numbers")
      }
      result.y.append(values[0])
      for j in 0..<model.predictorCount { result.xs[j].append(values[j + 1]) }
    }
    return result
  }

  /// McCullough's LRE, clipped to [0, 15]; 0 unless both values are finite (`min(15, .nan)`
  /// is 15, so a NaN must never reach the clip).
  static func lre(_ estimate: Double, _ certified: Double) -> Double {
    guard estimate.isFinite, certified.isFinite else { return 0 }
    var error = abs(estimate - certified)
    if certified != 0 { error /= abs(certified) }
    if error == 0 { return 15 }
    let digits = -log10(error)
    guard digits.isFinite else { return 0 }
    return max(0, min(15, digits))
  }

  struct Scores {
    var estimates: Double
    var standardDeviations: Double
    var residualSD: Double
    var rSquared: Double
  }

  /// Fits the dataset's stated model (raw powers for the polynomial models).
  static func fit(_ model: Model, method: LeastSquares.Method = .init()) throws -> LinearModelFit {
    let data = try load(model)
    let predictors: [Predictor]
    if let degree = model.polynomialDegree {
      predictors = [Predictor(name: "x", values: data.xs[0], degree: degree)]
    } else {
      predictors = data.xs.enumerated().map { Predictor(name: "x\($0.offset + 1)", values: $0.element) }
    }
    return try LeastSquares.fit(
      response: data.y, responseName: "y", predictors: predictors, intercept: model.intercept, method: method)
  }

  static func scores(_ model: Model, method: LeastSquares.Method = .init()) throws -> Scores {
    let data = try load(model)
    let fit = try fit(model, method: method)
    #expect(fit.coefficients.count == data.estimates.count)
    return Scores(
      estimates: zip(fit.estimates, data.estimates).map { lre($0, $1) }.min() ?? 0,
      standardDeviations: zip(fit.standardErrors, data.standardDeviations).map { lre($0, $1) }.min() ?? 0,
      residualSD: lre(fit.residualStandardDeviation, data.residualSD),
      rSquared: lre(fit.rSquared, data.rSquared))
  }

  @Test func aValueThatIsNotANumberScoresNoDigits() {
    #expect(Self.lre(.nan, 1) == 0)
    #expect(Self.lre(1, .nan) == 0)
    #expect(Self.lre(.infinity, 1) == 0)
    #expect(Self.lre(1, 1) == 15)
    #expect(abs(Self.lre(1.001, 1) - 3) < 1e-9)
  }

  @Test(arguments: models)
  func everyCertifiedValueHasAtLeastSevenCorrectDigits(_ model: Model) throws {
    let s = try Self.scores(model)
    #expect(s.estimates >= 7, "\(model.name): estimates LRE \(s.estimates)")
    #expect(s.standardDeviations >= 7, "\(model.name): SD LRE \(s.standardDeviations)")
    #expect(s.residualSD >= 7, "\(model.name): residual SD LRE \(s.residualSD)")
    #expect(s.rSquared >= 7, "\(model.name): R² LRE \(s.rSquared)")
  }

  /// Prints the markdown table of `docs/least-squares-accuracy.md` when `SLASIM_PRINT_LRE=1`;
  /// with `SLASIM_NIST_JSON_DIR=DIR` also writes `DIR/<dataset>.json` in the format of
  /// `check_lre.py` (`{"beta", "sd", "residual_sd", "r_squared"}`) for an independent check.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SLASIM_PRINT_LRE"] == "1"))
  func printAccuracyTable() throws {
    var lines = ["| dataset | estimates | SDs | residual SD | R² |", "|---|---|---|---|---|"]
    let jsonDirectory = ProcessInfo.processInfo.environment["SLASIM_NIST_JSON_DIR"]
    for model in Self.models {
      let s = try Self.scores(model)
      if let jsonDirectory {
        let fit = try Self.fit(model)
        let object: [String: Any] = [
          "beta": fit.estimates, "sd": fit.standardErrors,
          "residual_sd": fit.residualStandardDeviation, "r_squared": fit.rSquared,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: jsonDirectory).appendingPathComponent("\(model.name).json"))
      }
      func f(_ v: Double) -> String { v >= 15 ? "15" : String(format: "%.1f", v) }
      lines.append(
        "| \(model.name) | \(f(s.estimates)) | \(f(s.standardDeviations)) | \(f(s.residualSD)) | \(f(s.rSquared)) |")
    }
    print(lines.joined(separator: "\n"))

    // Ablation: what centring and refinement each buy (internal switches, not API).
    let variants: [(String, LeastSquares.Method)] = [
      ("scaled only, no refinement", .init(centring: false, refinement: false)),
      ("centred, no refinement", .init(centring: true, refinement: false)),
      ("scaled only, refined", .init(centring: false, refinement: true)),
      ("centred and refined (slasim)", .init(centring: true, refinement: true)),
    ]
    var ablation = ["| dataset | " + variants.map(\.0).joined(separator: " | ") + " |"]
    ablation.append("|---|" + String(repeating: "---|", count: variants.count))
    for model in Self.models {
      var cells: [String] = []
      for (_, method) in variants {
        do {
          let s = try Self.scores(model, method: method)
          func f(_ v: Double) -> String { v >= 15 ? "15" : String(format: "%.1f", v) }
          cells.append("\(f(s.estimates)) / \(f(s.standardDeviations)) / \(f(s.residualSD)) / \(f(s.rSquared))")
        } catch {
          cells.append("refused: \(error)")
        }
      }
      ablation.append("| \(model.name) | " + cells.joined(separator: " | ") + " |")
    }
    print(ablation.joined(separator: "\n"))
  }

  @Test func fixturesAreLaidOutInTheBundleUnderFixturesNist() {
    #expect(Bundle.module.url(forResource: "Filip", withExtension: "dat", subdirectory: "Fixtures/nist") != nil)
  }
}
