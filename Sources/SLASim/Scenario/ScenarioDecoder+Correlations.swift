import RealModule

extension ScenarioDecoder {
  /// `correlations: [{between: [path, path], rank: ρ}, …]`, checked against the scenario read:
  /// each path names a drawn input (``CorrelatedInput``), ρ is in [−1, 1], no pair twice, no
  /// two paths on one trend draw, and the matrix of ρ (and of the copula's Pearson
  /// r = 2 sin(πρ/6)) is positive semi-definite. An invalid matrix is refused with its
  /// smallest eigenvalue, never repaired.
  mutating func readCorrelations(_ node: JSONNode, _ path: String, scenario: Scenario) -> [Correlation]? {
    guard let elements = array(node, path, "must be an array of {between: [path, path], rank}") else { return nil }
    let before = errors.count
    var out: [Correlation] = []
    var paths: [String] = []
    var trendKeys: [String: String] = [:]
    for (i, e) in elements.enumerated() {
      let at = path + "[\(i)]"
      guard let f = object(e, at, keys: ["between", "rank"], required: ["between", "rank"]) else { continue }
      var names: [String] = []
      if let n = f["between"], let pair = array(n, f.path("between"), "must be an array of two input paths") {
        if pair.count != 2 {
          fail(n.offset, f.path("between"), "must name exactly two inputs", found: "\(pair.count)")
        } else {
          for (j, p) in pair.enumerated() {
            let pj = f.path("between") + "[\(j)]"
            guard let name = string(p, pj, "must be an input path such as \"sales.closeRate\"") else { continue }
            switch CorrelatedInput.resolve(name, in: scenario) {
            case .failure(.unknown(let drawn)):
              fail(
                p.offset, pj, "is not an input slasim draws",
                expected: drawn.isEmpty
                  ? "a rate or volume given as a distribution or a trend (this scenario has none)"
                  : "one of " + drawn.map { "\"\($0)\"" }.joined(separator: ", "),
                found: "\"\(name)\"")
            case .failure(.fixed(let x)):
              fail(
                p.offset, pj, "is a fixed number (\(x)), drawn nowhere",
                expected: "an input given as a distribution or a trend")
            case .failure(.schedule):
              fail(p.offset, pj, "is a schedule, whose points are drawn one by one", expected: "a single distribution or a trend")
            case .failure(.perEvent(let how)):
              fail(
                p.offset, pj, "is \(how), not once per trial or month",
                expected: "a rate or volume drawn per trial or month, or this field given as a trend")
            case .success(let input):
              if case .trend(let t) = input.value {
                let key = "\(t.resolvedHistory)\u{0}\(t.column)\u{0}\(t.model)"
                if let other = trendKeys[key], other != name {
                  fail(p.offset, pj, "follows the same trend draw as \"\(other)\" (one draw, one correlation path)")
                } else {
                  trendKeys[key] = name
                }
              }
              names.append(name)
            }
          }
          if names.count == 2 && names[0] == names[1] {
            fail(n.offset, f.path("between"), "names one input twice", expected: "two different inputs")
          }
        }
      }
      var rank: Double?
      if let n = f["rank"] {
        rank = number(n, f.path("rank"), "must be a Spearman rank correlation from -1 to 1") { $0 >= -1 && $0 <= 1 }
      }
      guard names.count == 2, names[0] != names[1], let rank else { continue }
      if out.contains(where: { Set([$0.first, $0.second]) == Set(names) }) {
        fail(e.offset, at, "repeats the pair \(names[0]) and \(names[1])", expected: "each pair once")
        continue
      }
      out.append(Correlation(names[0], names[1], rank: rank))
      for name in names where !paths.contains(name) { paths.append(name) }
    }
    guard errors.count == before else { return nil }
    // The matrix: 1 on the diagonal, ρ where given, 0 elsewhere.
    let d = paths.count
    var spearman = [Double](repeating: 0, count: d * d)
    for i in 0..<d { spearman[i * d + i] = 1 }
    for c in out {
      guard let i = paths.firstIndex(of: c.first), let j = paths.firstIndex(of: c.second) else { continue }
      spearman[i * d + j] = c.rank
      spearman[j * d + i] = c.rank
    }
    let pearson = spearman.map { Double.sin(Double.pi * $0 / 6) * 2 }.enumerated().map { k, r in k % (d + 1) == 0 ? 1 : r }
    for (matrix, what) in [(spearman, "the rank correlations"), (pearson, "the copula's normal correlations 2 sin(πρ/6)")] {
      let smallest = SymmetricEigenvalues.smallest(columnMajor: matrix, order: d)
      if let smallest, smallest < -1e-12 {
        fail(
          node.offset, path,
          "\(what) between \(ScenarioText.and(paths)) do not form a valid correlation matrix: it is not positive "
            + "semi-definite (smallest eigenvalue \(smallest)); slasim does not repair it",
          expected: "correlations that can hold together (weaken the strongest ones)")
        return nil
      }
    }
    return out
  }
}
