/// The random streams of one trial, one per entity (common random numbers, issue 8).
///
/// A trial takes one 64-bit key from its block's generator (exactly one draw per trial, so a
/// trial's numbers never depend on how many the trials before it used). Every entity then draws
/// from a stream of its own, a ``SplitMix64`` seeded with
/// `streamSeed(master: streamSeed(master: key, index: kind), index: entity)`:
///
/// | kind | entity | draws |
/// | --- | --- | --- |
/// | `trend` | each trend draw | coefficients, residual SD and the monthly values |
/// | `rate` | each point of each rate parameter | the trial's value |
/// | `leadVolume` | (month, piece, source) | the source's expected leads |
/// | `arrivals` | (month, piece) | the arrival times, business and closed hours |
/// | `lead` | (month, arrival in the month) | source, lead value, qualification; for an SQL then each attempt's connection, in attempt order, the opportunity, the cycle, the close and the deal size |
/// | `openOpportunity` | each open opportunity | remaining days, close and deal size |
/// | `otherRevenue` | (month, piece) | the month's other revenue |
/// | `serviceDesk` | the desk | ticket rates; per ticket in arrival order its arrival, handle time and (with `patienceMinutes`) patience; churn |
///
/// So what a lead is and what happens to it when it is worked (connects on its second attempt,
/// becomes an opportunity, closes after 31 days for 4,200) is fixed by the seed, whatever the
/// staffing: with 6 or 7 reps the same leads connect at the same attempt and win the same
/// deals; only when things happen differs. The desk serves first come, first served, so its
/// draws come in arrival order whatever the number of agents, and a ticket draws its patience
/// whether or not it abandons.
struct TrialStreams {
  /// The kinds of entity, each with its own family of streams.
  enum Kind: UInt64 {
    case trend = 1, rate, leadVolume, arrivals, lead, openOpportunity, otherRevenue, serviceDesk
  }

  /// One key per kind, derived from the trial's key.
  private let keys: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
  /// A family of streams taken from another trial (``StreamSelector``): Sobol's `A_B^i` rows.
  private var swapped = StreamSelector.none
  private var swappedKey: UInt64 = 0

  /// Trial `trialKey`'s streams, except those `selector` picks, which come from trial
  /// `otherTrialKey` (Saltelli's `A_B^i`: every draw from A but input i's, from B).
  init(trialKey: UInt64, taking selector: StreamSelector, from otherTrialKey: UInt64) {
    self.init(trialKey: trialKey)
    swapped = selector
    swappedKey = streamSeed(master: otherTrialKey, index: selector.kind)
  }

  init(trialKey: UInt64) {
    keys = (
      streamSeed(master: trialKey, index: Kind.trend.rawValue),
      streamSeed(master: trialKey, index: Kind.rate.rawValue),
      streamSeed(master: trialKey, index: Kind.leadVolume.rawValue),
      streamSeed(master: trialKey, index: Kind.arrivals.rawValue),
      streamSeed(master: trialKey, index: Kind.lead.rawValue),
      streamSeed(master: trialKey, index: Kind.openOpportunity.rawValue),
      streamSeed(master: trialKey, index: Kind.otherRevenue.rawValue),
      streamSeed(master: trialKey, index: Kind.serviceDesk.rawValue)
    )
  }

  /// The stream of `entity` of `kind`.
  @inline(__always)
  func stream(_ kind: Kind, _ entity: UInt64 = 0) -> SplitMix64 {
    let key: UInt64
    switch kind {
    case .trend: key = keys.0
    case .rate: key = keys.1
    case .leadVolume: key = keys.2
    case .arrivals: key = keys.3
    case .lead: key = keys.4
    case .openOpportunity: key = keys.5
    case .otherRevenue: key = keys.6
    case .serviceDesk: key = keys.7
    }
    if swapped.kind == kind.rawValue && swapped.contains(entity) {
      return SplitMix64(seed: streamSeed(master: swappedKey, index: entity))
    }
    return SplitMix64(seed: streamSeed(master: key, index: entity))
  }

  /// The entity number of `(month, index)`: months below 2¹⁶ and indices below 2⁴⁰.
  @inline(__always)
  static func entity(month: Int, _ index: Int) -> UInt64 {
    UInt64(truncatingIfNeeded: month) << 40 | UInt64(truncatingIfNeeded: index)
  }

  /// The entity number of `(month, piece, source)`.
  @inline(__always)
  static func entity(month: Int, piece: Int, source: Int) -> UInt64 {
    UInt64(truncatingIfNeeded: month) << 40 | UInt64(truncatingIfNeeded: piece) << 20
      | UInt64(truncatingIfNeeded: source)
  }
}

/// The streams of one input, by kind and entity: `entity & mask` in `low..<high`.
struct StreamSelector: Sendable, Equatable {
  /// A ``TrialStreams/Kind`` raw value; 0 selects nothing.
  var kind: UInt64
  var mask: UInt64
  var low: UInt64
  var high: UInt64

  static let none = StreamSelector(kind: 0, mask: 0, low: 0, high: 0)

  @inline(__always)
  func contains(_ entity: UInt64) -> Bool {
    let e = entity & mask
    return e >= low && e < high
  }

  /// The rate streams of points `first..<first + count` (a per-trial rate and its schedule's points).
  static func ratePoints(_ first: Int, count: Int) -> StreamSelector {
    StreamSelector(
      kind: TrialStreams.Kind.rate.rawValue, mask: .max, low: UInt64(first), high: UInt64(first + count))
  }

  /// Source `k`'s lead-volume streams in every month and piece (the source is the entity's
  /// low 20 bits, ``TrialStreams/entity(month:piece:source:)``).
  static func leadVolume(source k: Int) -> StreamSelector {
    StreamSelector(kind: TrialStreams.Kind.leadVolume.rawValue, mask: 0xF_FFFF, low: UInt64(k), high: UInt64(k + 1))
  }

  /// Every month's other-revenue stream.
  static let otherRevenue = StreamSelector(kind: TrialStreams.Kind.otherRevenue.rawValue, mask: 0, low: 0, high: 1)

  /// Trend draw `k`'s stream.
  static func trend(_ k: Int) -> StreamSelector {
    StreamSelector(kind: TrialStreams.Kind.trend.rawValue, mask: .max, low: UInt64(k), high: UInt64(k + 1))
  }
}
