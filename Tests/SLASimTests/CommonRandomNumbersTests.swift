import Foundation
import Testing

@testable import SLASim

/// Common random numbers (issue 8, item 1; docs/model.md, "Random streams"): every draw belongs
/// to the entity it describes, so two staffings at one seed face the same leads, the same
/// outcomes and the same tickets, and only when things happen differs.
@Suite struct CommonRandomNumbersTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func shipped(_ name: String) throws -> Scenario {
    let path = root.appendingPathComponent("scenarios/\(name).json").path
    let result = ScenarioLoader.load(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
    return try #require(result.scenario, "\(result.errors)")
  }

  /// What one trial left in its scratch, copied out.
  struct Trial {
    var arrivals: [Double]
    var firstTouch: [Double]
    var attempts: [Int32]
    var figures: [Double]
    var customers: [Double]
  }

  static func array<T>(_ b: borrowing ScratchBuffer<T>) -> [T] {
    Array(UnsafeBufferPointer(start: b.base, count: b.count))
  }

  /// One trial of `model` under `key`, which the trial takes as the one number it draws from
  /// its block's generator.
  static func trial(_ model: CompiledModel, key: UInt64) -> Trial {
    var scratch = TrialScratch(model: model)
    var rng = SplitMix64(seed: key)
    model.simulateTrial(&scratch, using: &rng)
    return Trial(
      arrivals: array(scratch.sqlArrival), firstTouch: array(scratch.sqlFirstTouch),
      attempts: array(scratch.sqlAttempts), figures: array(scratch.figures), customers: array(scratch.customerWall))
  }

  /// One trial per key of each model.
  static func trials(_ models: [CompiledModel], keys: Range<UInt64>, _ body: ([Trial]) -> Void) {
    for key in keys { body(models.map { trial($0, key: key) }) }
  }

  /// With one attempt per lead the follow-up is a first-come first-served multi-server queue:
  /// one more rep can only make each lead's first touch earlier, trial by trial.
  @Test func oneMoreRepNeverDelaysAFirstTouch() throws {
    var base = try Self.shipped("q3")
    base.sales.followUp.maxAttempts = 1
    let reps = [1, 2, 3, 4, 6]
    let models = reps.map { r -> CompiledModel in
      var s = base
      s.sales.reps = r
      return CompiledModel(s)
    }
    var compared = 0
    var earlier = 0
    Self.trials(models, keys: 1..<41) { s in
      let arrivals = s[0].arrivals
      for k in 1..<s.count {
        // The same leads.
        #expect(s[k].arrivals == arrivals)
        let fewer = s[k - 1].firstTouch
        let more = s[k].firstTouch
        let touchedFewer = s[k - 1].attempts
        let touchedMore = s[k].attempts
        for i in arrivals.indices where touchedFewer[i] > 0 {
          compared += 1
          #expect(touchedMore[i] > 0 && more[i] <= fewer[i], "lead \(i): \(reps[k]) reps \(more[i]), \(reps[k - 1]) \(fewer[i])")
          if more[i] < fewer[i] { earlier += 1 }
        }
      }
    }
    // The comparison bites: many leads, and one rep is short enough for waits to shrink.
    #expect(compared > 10_000 && earlier > 1_000, "\(compared) compared, \(earlier) earlier")
  }

  /// With several attempts, 6 and 7 reps see the same leads and the same outcome at each
  /// attempt: every lead (none is given up) needs the same number of attempts.
  @Test func twoStaffingsSeeTheSameLeadsAndOutcomes() throws {
    var base = try Self.shipped("q3")
    base.sales.followUp.giveUpAfterDays = 2600
    let models = [4, 6, 7].map { r -> CompiledModel in
      var s = base
      s.sales.reps = r
      return CompiledModel(s)
    }
    var different = 0
    Self.trials(models, keys: 1..<21) { s in
      for k in 1..<s.count {
        #expect(s[k].arrivals == s[0].arrivals)
        #expect(s[k].attempts == s[0].attempts)
        if s[k].firstTouch != s[0].firstTouch { different += 1 }
      }
    }
    // ... while when they happen differs.
    #expect(different > 0)
  }

  /// The desk's tickets and handle times do not depend on the number of agents: its tickets
  /// and the sales side are identical, its busy minutes (the sum of handle times served) too
  /// when every ticket is served.
  @Test func agentsDoNotChangeTheTicketsOrTheSalesSide() throws {
    let base = try Self.shipped("q3")
    let agents = try #require(base.service?.agents)
    let models = [agents, agents + 2, agents + 5].map { a -> CompiledModel in
      var s = base
      s.service?.agents = a
      return CompiledModel(s)
    }
    let ticketFigure = Figure.tickets.rawValue
    Self.trials(models, keys: 1..<21) { s in
      let months = models[0].months
      let tickets = s[0].figures[(ticketFigure * months)..<((ticketFigure + 1) * months)]
      for k in 1..<s.count {
        #expect(s[k].figures[(ticketFigure * months)..<((ticketFigure + 1) * months)] == tickets)
        #expect(s[k].firstTouch == s[0].firstTouch)
        #expect(s[k].customers == s[0].customers)
      }
    }
  }

  /// On the shipped scenarios, at a fixed seed, the probability of each response goal does not
  /// fall as reps (first touch) or agents (first response) are added (one block of 256
  /// trials, two fewer to one more than the scenario's staff).
  @Test(arguments: ["q3", "company-a-2020", "company-a-trend", "internal-sla"])
  func responseGoalsAreMonotoneInStaff(_ name: String) async throws {
    let base = try Self.shipped(name)
    func probability(_ scenario: Scenario, _ party: Party, _ goal: String) async -> Double? {
      let result = await SimulationEngine(scenario: scenario).run(trials: 256, seed: 11, threads: 2)
      return result.party(party)?.goals.first { $0.key == goal }?.probability.estimate
    }
    var previous = -1.0
    for reps in Swift.max(1, base.sales.reps - 2)...(base.sales.reps + 1) {
      var s = base
      s.sales.reps = reps
      guard let p = await probability(s, .sales, "firstTouch") else { break }
      #expect(p >= previous, "\(name): firstTouch \(p) with \(reps) reps, \(previous) with one fewer")
      previous = p
    }
    guard let agents = base.service?.agents else { return }
    previous = -1
    for a in Swift.max(1, agents - 2)...(agents + 1) {
      var s = base
      s.service?.agents = a
      guard let p = await probability(s, .service, "firstResponse") else { break }
      #expect(p >= previous, "\(name): firstResponse \(p) with \(a) agents, \(previous) with one fewer")
      previous = p
    }
  }
}
