import RealModule

/// Which sample a Sobol row is evaluated on: A, B, or A with one factor from B (`A_B^i`).
enum SobolVariant: Sendable, Equatable {
  case a
  case b
  case aWithFactorFromB(Int)
}

/// A model whose factors a row draws from its A or its B sample (Saltelli 2010): the
/// scenario's per-trial inputs (``ScenarioSobolModel``), or a known function in the tests
/// (the Ishigami function), through the same estimator.
protocol SobolModel: Sendable {
  associatedtype Scratch
  var factorCount: Int { get }
  var outputCount: Int { get }
  func makeScratch() -> Scratch
  /// Row keys `a` and `b` (independent), the variant, and `outputCount` values written to `outputs`.
  func evaluate(a: UInt64, b: UInt64, _ variant: SobolVariant, scratch: inout Scratch, outputs: UnsafeMutablePointer<Double>)
}

/// A first-order or total index with its 95% bootstrap interval.
public struct SobolIndex: Sendable, Equatable {
  public var estimate: Double
  public var low: Double
  public var high: Double
}

/// One output's indices, a pair per factor in factor order.
public struct SobolOutput: Sendable {
  public var name: String
  /// Mean and variance of the output over the A and B rows.
  public var mean: Double
  public var variance: Double
  /// `nil` when the output does not vary.
  public var firstOrder: [SobolIndex]?
  public var total: [SobolIndex]?
}

/// The estimates of ``SobolAnalysis/estimate(_:baseRows:seed:threads:progress:)``.
public struct SobolEstimate: Sendable {
  public var baseRows: Int
  public var factorCount: Int
  public var outputs: [SobolOutput]
  /// Model runs: `baseRows × (factors + 2)`.
  public var runs: Int { baseRows * (factorCount + 2) }
  public var bootstrapReplicates: Int { SobolAnalysis.bootstrapReplicates }
}

/// First-order and total Sobol indices by Saltelli's sampling scheme.
///
/// Row `j` has two independent samples of every factor, `A_j` and `B_j`, and the model runs
/// on `A_j`, on `B_j` and, for each factor `i`, on `A_B^i_j` (A's factors with factor `i`
/// from B): `N(k + 2)` runs for `N` rows and `k` factors. With `V` the output's variance
/// over the 2N runs on A and B,
///
/// - first order (A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto and
///   S. Tarantola, "Variance based sensitivity analysis of model output. Design and estimator
///   for the total sensitivity index", Computer Physics Communications 181 (2010) 259–270,
///   Table 2 (b)): `S_i = mean_j[f(B)_j (f(A_B^i)_j − f(A)_j)] / V`, with `f(B)` centred on
///   the output's mean (unbiased either way; far less noisy for an output with a large mean);
/// - total (Jansen 1999, the same Table (f)): `S_Ti = mean_j[(f(A)_j − f(A_B^i)_j)²] / (2V)`.
///
/// Intervals: the Poisson bootstrap (J. A. Hanley and B. MacGibbon, "Creating non-parametric
/// bootstrap samples using Poisson frequencies", Computer Methods and Programs in Biomedicine
/// 83 (2006) 57–62): each replicate weighs row `j` by its own Poisson(1) count, drawn from
/// the row's stream, so the replicates accumulate as the rows stream by, memory does not grow
/// with `N`, and the result does not depend on the thread count. The 95% interval is the
/// 2.5% and 97.5% percentiles of ``bootstrapReplicates`` replicates.
public enum SobolAnalysis {
  public static let bootstrapReplicates = 500

  static func estimate<M: SobolModel>(
    _ model: M, names: [String], baseRows n: Int, seed: UInt64, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> SobolEstimate {
    precondition(n > 0 && names.count == model.outputCount, "SobolAnalysis: \(n) rows, \(names.count) names")
    let k = model.factorCount
    let outputs = model.outputCount
    let stride = 5 + 3 * k
    let replicates = bootstrapReplicates + 1
    let keysA = streamSeed(master: seed, index: 0x50B0_0A)
    let keysB = streamSeed(master: seed, index: 0x50B0_0B)
    let weights = streamSeed(master: seed, index: 0x50B0_0C)
    var total = [Double](repeating: 0, count: replicates * outputs * stride)
    var done = 0
    // Rows run in blocks of 256 as trials do, folded in block order, so the sums do not
    // depend on the thread count.
    await SimulationEngine.simulateBlocks(trials: 0..<n, threads: threads) { _, range in
      var scratch = model.makeScratch()
      var acc = [Double](repeating: 0, count: replicates * outputs * stride)
      var f = [Double](repeating: 0, count: outputs * (k + 2))
      f.withUnsafeMutableBufferPointer { fp in
        guard let base = fp.baseAddress else { return }
        for j in range {
          let a = streamSeed(master: keysA, index: UInt64(j))
          let b = streamSeed(master: keysB, index: UInt64(j))
          model.evaluate(a: a, b: b, .a, scratch: &scratch, outputs: base)
          model.evaluate(a: a, b: b, .b, scratch: &scratch, outputs: base + outputs)
          for i in 0..<k {
            model.evaluate(a: a, b: b, .aWithFactorFromB(i), scratch: &scratch, outputs: base + (2 + i) * outputs)
          }
          var g = SplitMix64(seed: streamSeed(master: weights, index: UInt64(j)))
          for r in 0..<replicates {
            let w = r == 0 ? 1.0 : Double(Sample.poisson(mean: 1, using: &g))
            guard w > 0 else { continue }
            for o in 0..<outputs {
              let fa = base[o]
              let fb = base[outputs + o]
              let at = (r * outputs + o) * stride
              acc[at] += w
              acc[at + 1] += w * fa
              acc[at + 2] += w * fa * fa
              acc[at + 3] += w * fb
              acc[at + 4] += w * fb * fb
              for i in 0..<k {
                let fab = base[(2 + i) * outputs + o]
                acc[at + 5 + 3 * i] += w * fb * (fab - fa)
                acc[at + 6 + 3 * i] += w * (fa - fab) * (fa - fab)
                acc[at + 7 + 3 * i] += w * (fab - fa)
              }
            }
          }
        }
      }
      return (acc, range.count)
    } fold: { (block: ([Double], Int)) in
      for x in block.0.indices { total[x] += block.0[x] }
      done += block.1
      progress?(done * (k + 2), n * (k + 2))
    }

    func indices(_ r: Int, _ o: Int) -> (mean: Double, variance: Double, first: [Double], total: [Double]) {
      let at = (r * outputs + o) * stride
      let w = total[at]
      let mean = (total[at + 1] + total[at + 3]) / (2 * w)
      let variance = Swift.max(0, (total[at + 2] + total[at + 4]) / (2 * w) - mean * mean)
      // mean[(f(B) − μ̂)(f(A_B^i) − f(A))]: centring f(B) changes nothing in expectation
      // (E f(A_B^i) = E f(A)) but keeps an output with a large mean, such as revenue, from
      // swamping the estimate with noise (the uncentred form's variance grows with μ²).
      let first = (0..<k).map { i in (total[at + 5 + 3 * i] - mean * total[at + 7 + 3 * i]) / w / variance }
      let tot = (0..<k).map { i in total[at + 6 + 3 * i] / (2 * w) / variance }
      return (mean, variance, first, tot)
    }
    var results: [SobolOutput] = []
    for o in 0..<outputs {
      let main = indices(0, o)
      // A variance of rounding size only (a 0/1 output met in every row) has no indices.
      guard main.variance > 1e-12 * Swift.max(1, main.mean * main.mean) else {
        results.append(SobolOutput(name: names[o], mean: main.mean, variance: 0, firstOrder: nil, total: nil))
        continue
      }
      var firstDraws = [[Double]](repeating: [], count: k)
      var totalDraws = [[Double]](repeating: [], count: k)
      for r in 1..<replicates {
        let rep = indices(r, o)
        guard rep.variance > 0 else { continue }
        for i in 0..<k {
          firstDraws[i].append(rep.first[i])
          totalDraws[i].append(rep.total[i])
        }
      }
      func interval(_ estimate: Double, _ draws: [Double]) -> SobolIndex {
        let sorted = draws.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return SobolIndex(estimate: estimate, low: estimate, high: estimate) }
        func at(_ p: Double) -> Double {
          let x = p * Double(sorted.count - 1)
          let lo = Int(x.rounded(.down))
          let hi = Swift.min(lo + 1, sorted.count - 1)
          return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - Double(lo))
        }
        return SobolIndex(estimate: estimate, low: at(0.025), high: at(0.975))
      }
      results.append(
        SobolOutput(
          name: names[o], mean: main.mean, variance: main.variance,
          firstOrder: (0..<k).map { interval(main.first[$0], firstDraws[$0]) },
          total: (0..<k).map { interval(main.total[$0], totalDraws[$0]) }))
    }
    return SobolEstimate(baseRows: n, factorCount: k, outputs: results)
  }
}
