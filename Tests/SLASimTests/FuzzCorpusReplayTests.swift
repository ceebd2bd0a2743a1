import Foundation
import Testing

@testable import SLASim

/// The fuzzers' committed corpus (Fuzz/Corpus/, issue 7, item 4), replayed on every `swift test`
/// without libFuzzer: every seed and every input a fuzzer ever found (they are added to the
/// corpus) loads or parses without a trap, and every message it produces names the file and
/// reads as a message, not as a Swift or Foundation value.
@Suite struct FuzzCorpusReplayTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

  static func inputs(_ kind: String) throws -> [(name: String, bytes: [UInt8])] {
    let folder = corpus.appendingPathComponent(kind)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
  }

  /// What no message may contain: the text of a Swift optional, a Foundation error or a type.
  static func badMessage(_ message: String, file: String) -> Bool {
    !message.hasPrefix(file) || message.contains("Optional(") || message.contains("NSCocoaErrorDomain")
      || message.contains("Swift.")
  }

  @Test func everyScenarioInTheCorpusLoadsOrIsRefusedWithAMessage() throws {
    let inputs = try Self.inputs("scenario")
    #expect(inputs.count >= 20)
    var valid = 0
    for (name, bytes) in inputs {
      let file = "corpus/\(name).json"
      // Trend histories come from the input itself after a `#history` line, as in FuzzScenario.
      let marker = Array("\n#history\n".utf8)
      var scenario = bytes[...]
      var history: [UInt8]?
      if let at = (0..<max(0, bytes.count - marker.count + 1)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }) {
        scenario = bytes[..<at]
        history = Array(bytes[(at + marker.count)...])
      }
      let result = ScenarioLoader.load(
        Array(scenario), file: file,
        readFile: { path in
          if let history { return .success(history) }
          return ScenarioLoader.readFile(
            Self.corpus.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
              .appendingPathComponent(path.replacingOccurrences(of: "corpus/", with: "")).path)
        })
      for error in result.errors {
        #expect(!Self.badMessage(error.description, file: file), "\(name): \(error.description)")
      }
      if let loaded = result.scenario {
        valid += 1
        #expect(SimulationEngine(scenario: loaded).estimatedPeakMemoryBytes(threads: 2).isFinite)
      }
    }
    // The shipped scenarios are in the corpus and valid.
    #expect(valid >= 4)
  }

  @Test func everyHistoryInTheCorpusParsesOrIsRefusedWithAMessage() throws {
    let inputs = try Self.inputs("history")
    #expect(inputs.count >= 50)
    var fitted = 0
    for (name, bytes) in inputs {
      let file = "corpus/\(name).csv"
      do {
        let history = try MonthlyHistory.parse(csv: bytes, file: file)
        for series in history.fittableSeriesNames {
          do {
            _ = try HistoryFitting.fitTrend(history, column: series, model: .linear, horizon: 2)
            fitted += 1
          } catch {
            #expect(!Self.badMessage(error.description, file: file), "\(name): \(error.description)")
          }
        }
      } catch {
        #expect(!Self.badMessage(error.description, file: file), "\(name): \(error.description)")
      }
    }
    #expect(fitted > 10)
  }
}
