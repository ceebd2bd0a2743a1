// JSONEncoder (sorted keys, as docs/erlang.md shows) and String(format:) for the table's
// percentages and `%.3g`: Foundation's, as they were when this lived in the command line.
import Foundation

/// The result of `slasim erlang`, as written by `--format json` (see `docs/erlang.md`).
public struct ErlangReport: Encodable, Equatable, Sendable {
  /// One staffing level.
  public struct Row: Encodable, Equatable, Sendable {
    public var agents: Int
    /// Whether agents > offered load; otherwise the queue grows without bound.
    public var stable: Bool
    public var occupancy: Double
    public var waitProbability: Double
    public var serviceLevel: Double
    /// P(wait > target), computed directly so that far tails keep their digits.
    public var waitExceedsTargetProbability: Double
    /// ⌈agents ÷ (1 − shrinkage)⌉.
    public var scheduledAgents: Int
    /// `nil` (JSON `null`) when the queue is unstable: the wait is unbounded. With a patience
    /// (Erlang A), the mean wait over all contacts, answered or abandoned.
    public var averageSpeedOfAnswerSeconds: Double?
    public var meetsGoal: Bool
    /// P(abandon): 0 without a patience.
    public var abandonProbability: Double

    public init(
      agents: Int, stable: Bool, occupancy: Double, waitProbability: Double, serviceLevel: Double,
      waitExceedsTargetProbability: Double, scheduledAgents: Int, averageSpeedOfAnswerSeconds: Double?, meetsGoal: Bool,
      abandonProbability: Double
    ) {
      self.agents = agents
      self.stable = stable
      self.occupancy = occupancy
      self.waitProbability = waitProbability
      self.serviceLevel = serviceLevel
      self.waitExceedsTargetProbability = waitExceedsTargetProbability
      self.scheduledAgents = scheduledAgents
      self.averageSpeedOfAnswerSeconds = averageSpeedOfAnswerSeconds
      self.meetsGoal = meetsGoal
      self.abandonProbability = abandonProbability
    }

    private enum CodingKeys: String, CodingKey {
      case agents, stable, occupancy, waitProbability, serviceLevel, waitExceedsTargetProbability, scheduledAgents
      case averageSpeedOfAnswerSeconds, meetsGoal, abandonProbability
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(agents, forKey: .agents)
      try container.encode(stable, forKey: .stable)
      try container.encode(occupancy, forKey: .occupancy)
      try container.encode(waitProbability, forKey: .waitProbability)
      try container.encode(serviceLevel, forKey: .serviceLevel)
      try container.encode(waitExceedsTargetProbability, forKey: .waitExceedsTargetProbability)
      try container.encode(scheduledAgents, forKey: .scheduledAgents)
      // An explicit null rather than a missing key, so that every row has the same fields.
      try container.encode(averageSpeedOfAnswerSeconds, forKey: .averageSpeedOfAnswerSeconds)
      try container.encode(meetsGoal, forKey: .meetsGoal)
      try container.encode(abandonProbability, forKey: .abandonProbability)
    }
  }

  public var arrivalsPerHour: Double
  public var handleMinutes: Double
  /// The mean patience (Erlang A), `nil` for Erlang C.
  public var patienceMinutes: Double?
  public var targetSeconds: Double
  public var goal: Double
  public var shrinkage: Double
  public var maxOccupancy: Double
  public var offeredLoadErlangs: Double
  /// The smallest staffing whose service level reaches `goal` at an occupancy of at most
  /// `maxOccupancy`.
  public var requiredAgents: Int
  /// ⌈requiredAgents ÷ (1 − shrinkage)⌉: the agents to schedule.
  public var scheduledAgents: Int
  public var staffing: [Row]

  public init(
    arrivalsPerHour: Double, handleMinutes: Double, patienceMinutes: Double?, targetSeconds: Double, goal: Double,
    shrinkage: Double, maxOccupancy: Double, offeredLoadErlangs: Double, requiredAgents: Int, scheduledAgents: Int,
    staffing: [Row]
  ) {
    self.arrivalsPerHour = arrivalsPerHour
    self.handleMinutes = handleMinutes
    self.patienceMinutes = patienceMinutes
    self.targetSeconds = targetSeconds
    self.goal = goal
    self.shrinkage = shrinkage
    self.maxOccupancy = maxOccupancy
    self.offeredLoadErlangs = offeredLoadErlangs
    self.requiredAgents = requiredAgents
    self.scheduledAgents = scheduledAgents
    self.staffing = staffing
  }

  /// The JSON text (docs/erlang.md): keys sorted, every row with the same fields.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }

  /// The human-readable form: key–value lines for one staffing, a table for several.
  public func table() -> String {
    let target = "\(Self.plain(targetSeconds)) s"
    let goalText = "goal \(String(format: "%g%%", goal * 100)) within \(target)"
    var lines: [String]
    if let patienceMinutes {
      // Two lines, so that the title fits 80 columns.
      lines = [
        "Erlang A (M/M/N+M): \(Self.plain(arrivalsPerHour)) contacts/hour, "
          + "\(Self.plain(handleMinutes))-minute handling, \(Self.plain(patienceMinutes))-minute patience",
        goalText + "; abandoned contacts miss it",
      ]
    } else {
      lines = [
        "Erlang C (M/M/N): \(Self.plain(arrivalsPerHour)) contacts/hour, "
          + "\(Self.plain(handleMinutes))-minute handling, " + goalText
      ]
    }
    if staffing.count == 1, let row = staffing.first {
      let asa = row.averageSpeedOfAnswerSeconds.map { String(format: "%.1f s", $0) }
      let pairs: [(String, String)] = [
        ("offered load", "\(Self.plain(offeredLoadErlangs)) Erlangs"),
        ("agents", "\(row.agents)"),
        ("occupancy", Self.percent(row.occupancy)),
        ("P(wait > 0)", Self.percent(row.waitProbability)),
        ("answered within \(target)", Self.percent(row.serviceLevel, missing: goal)),
      ] + (patienceMinutes != nil ? [("abandoned", Self.percent(row.abandonProbability))] : []) + [
        (
          patienceMinutes != nil ? "not answered within \(target)" : "P(wait > \(target))",
          Self.probability(row.waitExceedsTargetProbability)
        ),
        (patienceMinutes != nil ? "mean wait (all contacts)" : "average speed of answer", asa ?? "unbounded (agents ≤ offered load)"),
        ("required agents for the goal", "\(requiredAgents)" + occupancyNote),
      ]
      + (shrinkage > 0
        ? [
          ("to schedule at \(Self.percent(shrinkage)) shrinkage", "\(row.scheduledAgents) for these \(row.agents), \(scheduledAgents) for the goal")
        ] : [])
      let width = pairs.map(\.0.count).max() ?? 0
      lines += pairs.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
    } else {
      let summary =
        "offered load \(Self.plain(offeredLoadErlangs)) Erlangs; "
        + "required agents for the goal: \(requiredAgents)" + occupancyNote
      lines.append(summary)
      if shrinkage > 0 { lines.append("agents to schedule at \(Self.percent(shrinkage)) shrinkage: \(scheduledAgents)") }
      lines.append("")
      let scheduled = shrinkage > 0
      let abandoning = patienceMinutes != nil
      var header = ["agents"]
      if scheduled { header.append("scheduled") }
      header += ["occupancy", "P(wait)", "within \(target)"]
      header += abandoning ? ["abandoned", "wait (s)"] : ["ASA (s)"]
      header.append("goal")
      var cells = [header]
      for row in staffing {
        var line = ["\(row.agents)"]
        if scheduled { line.append("\(row.scheduledAgents)") }
        line.append(Self.percent(row.occupancy))
        line.append(Self.percent(row.waitProbability))
        line.append(Self.percent(row.serviceLevel, missing: goal))
        if abandoning { line.append(Self.percent(row.abandonProbability)) }
        line.append(row.averageSpeedOfAnswerSeconds.map { String(format: "%.1f", $0) } ?? "∞")
        line.append(row.meetsGoal ? "met" : "")
        cells.append(line)
      }
      let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
      for line in cells {
        let padded = line.indices.map { column -> String in
          let cell = line[column]
          let pad = String(repeating: " ", count: widths[column] - cell.count)
          return column == line.count - 1 ? cell : pad + cell
        }
        var text = padded.joined(separator: "  ")
        while text.hasSuffix(" ") { text.removeLast() }
        lines.append(text)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `, occupancy ≤ 85%` when a cap applies, else nothing.
  var occupancyNote: String {
    maxOccupancy < 1 ? " (occupancy ≤ \(Self.percent(maxOccupancy)))" : ""
  }

  /// A probability with its digits: a percentage down to 0.01%, scientific below.
  public static func probability(_ p: Double) -> String {
    p >= 1e-4 || p == 0 ? percent(p) : String(format: "%.3g", p)
  }

  /// `x` without a trailing `.0` when it is a whole number.
  public static func plain(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
  }

  /// `share` as a percentage with one decimal, or more where one decimal would mislead.
  ///
  /// The nines must stay visible and a missed goal must not print as met: decimals are added
  /// while a share below 1 would print as 100%, a share above 0 as 0% (up to 4 decimals, then
  /// "> 99.9999%" or "< 0.0001%"), or a share below `goal` as the goal (up to 9 decimals).
  public static func percent(_ share: Double, missing goal: Double? = nil) -> String {
    func format(_ x: Double, _ decimals: Int) -> String {
      String(format: "%.*f%%", decimals, x * 100)
    }
    // Rounding never crosses a bound the share is below, so "printed as the bound" is
    // "the same text as the bound".
    for decimals in 1...9 {
      let text = format(share, decimals)
      if let goal, share < goal, text == format(goal, decimals) { continue }
      if share < 1, text == format(1, decimals) {
        if decimals < 4 { continue }
        return "> 99.9999%"
      }
      if share > 0, text == format(0, decimals) {
        if decimals < 4 { continue }
        return "< 0.0001%"
      }
      return text
    }
    return format(share, 9)
  }
}
