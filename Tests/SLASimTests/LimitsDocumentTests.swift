import Foundation
import Testing

@testable import SLASim

/// docs/guarantees.md's limits table is the limit validation enforces (issue 7, item 8): each
/// field accepts its least and most values and refuses the next value beyond them.
@Suite struct LimitsDocumentTests {
  struct Row: CustomTestStringConvertible {
    var path: String
    /// The least value accepted, or `nil` with `aboveZero` for a field that must be positive.
    var least: Double?
    var aboveZero: Bool
    var most: Double
    var testDescription: String { path }
  }

  /// Fields whose values are whole numbers: the next value beyond is one more (or less).
  static let wholeNumbers: Set<String> = [
    "simulation.trials", "simulation.warmUpMonths", "horizon.months", "sales.reps", "service.agents",
    "service.existingCustomers", "sales.followUp.maxAttempts",
  ]

  static func rows() throws -> [Row] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("docs/guarantees.md"), encoding: .utf8)
    var rows: [Row] = []
    for line in text.components(separatedBy: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 3 else { continue }
      func number(_ cell: String) -> Double? { Double(cell.replacingOccurrences(of: ",", with: "")) }
      let path = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      guard let most = number(cells[2]) else { throw Failure("\(path): cannot read the limit '\(cells[2])'") }
      let aboveZero = cells[1] == "above 0"
      guard aboveZero || number(cells[1]) != nil else { throw Failure("\(path): cannot read '\(cells[1])'") }
      rows.append(Row(path: path, least: number(cells[1]), aboveZero: aboveZero, most: most))
    }
    return rows
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// A valid scenario with every section the table's paths need.
  static func loadWith(_ path: String, _ value: Double) -> ScenarioLoadResult {
    let literal = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    return SLASimTests.load(edited([("service", serviceSection), (path, literal)]))
  }

  @Test func theTableListsTheLimits() throws {
    #expect(try Self.rows().count >= 15)
  }

  @Test(arguments: try LimitsDocumentTests.rows())
  func eachLimitIsTheOneValidationEnforces(_ row: Row) throws {
    func accepted(_ x: Double) -> Bool { Self.loadWith(row.path, x).errors.isEmpty }
    func refusedAtItsPath(_ x: Double) -> Bool {
      Self.loadWith(row.path, x).errors.contains { $0.path == "$." + row.path }
    }
    let whole = Self.wholeNumbers.contains(row.path)
    #expect(accepted(row.most), "\(row.path) refuses its most, \(row.most)")
    let beyond = whole ? row.most + 1 : row.most * (1 + 1e-9)
    #expect(refusedAtItsPath(beyond), "\(row.path) accepts \(beyond), beyond its most")
    if let least = row.least {
      #expect(accepted(least), "\(row.path) refuses its least, \(least)")
      let below = whole ? least - 1 : (least == 0 ? -1e-9 : least * (1 - 1e-9))
      #expect(refusedAtItsPath(below), "\(row.path) accepts \(below), below its least")
    } else {
      #expect(row.aboveZero)
      #expect(refusedAtItsPath(0), "\(row.path) accepts 0")
      #expect(accepted(1e-9), "\(row.path) refuses 1e-9")
    }
  }

  /// The limits stated in prose beside the table.
  @Test func theFileAndNestingLimitsAreTheCodes() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("docs/guarantees.md"), encoding: .utf8)
    #expect(text.contains("read up to \(ScenarioLoader.maximumFileBytes >> 20) MiB"))
    #expect(text.contains("JSON nests at most \(JSONParser.maximumDepth) levels"))
  }
}
