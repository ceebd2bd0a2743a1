/// How much memory a run needs, estimated before it starts, so that work that would not fit
/// is refused with a figure instead of growing until the machine runs out (issue 6e).
extension SimulationEngine {
  /// The threads a run really uses: `requested`, at most one per block of trials, at least 1.
  ///
  /// - Complexity: O(1).
  public static func threadsUsed(requested: Int, trials: Int) -> Int {
    let blocks = Swift.max(1, (Swift.max(trials, 1) - 1) / blockSize + 1)
    return Swift.max(1, Swift.min(requested, blocks))
  }

  /// The expected leads in the busiest month, all sources together (from each source's
  /// largest mean; for sizing and messages only).
  public var expectedLeadsPerMonth: Double { model.expectedVolumes.leadsPerMonth }

  /// An estimate of the peak memory of a run on `threads` threads, in bytes.
  ///
  /// Each thread holds one ``TrialScratch``: three `Double`s per lead of the busiest month
  /// (arrival streams), 8 bytes per ticket of a month's new customers, 36 bytes per SQL of the
  /// simulated months, warm-up and horizon (arrival, month, first touch, attempts and the
  /// retry ring) and 12 bytes per won deal or open opportunity (the new customers), each
  /// buffer up to twice its need because buffers double when they grow;
  /// plus the shared business-time table and, per thread, four blocks of tallies.
  /// Volumes come from the inputs' means, so a trial well above its mean needs more.
  ///
  /// - Complexity: O(parameters).
  public func estimatedPeakMemoryBytes(threads: Int) -> Double {
    let expected = model.expectedVolumes
    // The tickets of one month's new customers are collected and sorted.
    let ticketsPerCustomer = model.ticketsPerCustomer.roughMean(model.points)
    let newCustomerTickets = model.hasService ? expected.deals / Double(model.simulatedMonths) * ticketsPerCustomer : 0
    let perThread =
      2 * (24 * expected.leadsPerMonth + 36 * expected.sqls + 12 * expected.deals + 8 * newCustomerTickets)
      + 8 * Double(model.points.count + model.pool.count + model.trendCoefficientCount)
    let tallies = 4 * Double(Self.blockSize) * 8 * Double(model.kpis.count + model.goals.count * (model.months + 1))
    let clockTable = 8 * Double(model.clock._dayCount + 1)
    return Double(Swift.max(threads, 1)) * (perThread + tallies) + clockTable
  }

  /// Why a run on `threads` threads should not start on a machine with `physicalMemory`
  /// bytes, or `nil` when its estimated peak memory fits: the expected leads, the estimate and
  /// the machine's memory, with what to change.
  public func memoryRefusal(threads: Int, physicalMemory: UInt64) -> String? {
    let needed = estimatedPeakMemoryBytes(threads: threads)
    guard needed > Double(physicalMemory) else { return nil }
    func gigabytes(_ bytes: Double) -> String {
      let gb = bytes / 1e9
      return gb >= 10 ? "\(ScenarioText.whole(gb)) GB" : "\((gb * 10).rounded() / 10) GB"
    }
    return "the expected \(ScenarioText.whole(expectedLeadsPerMonth)) leads a month need about "
      + "\(gigabytes(needed)) of trial memory on \(threads) thread\(threads == 1 ? "" : "s"); this machine has "
      + "\(gigabytes(Double(physicalMemory))). Lower the volumes or the horizon, or run with fewer --threads."
  }
}
