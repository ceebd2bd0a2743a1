import SLASim

/// libFuzzer's entry point: one input is one scenario file.
///
/// The whole loader runs on it, as `slasim run` and `slasim validate` do: the JSON parser, the
/// decoder, validation, the warnings, the text of every message, and for a valid scenario the
/// compiled model and its memory estimate (arithmetic that overflows on a value validation
/// accepted traps here). Trials are not run: a valid scenario may ask for hours of work.
///
/// Trend histories are not read from disk: every `.csv` path reads the input's own history, the
/// bytes after a line `#history` when there is one (so the fuzzer can change both files), else
/// a small valid history of 24 months.
func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let (scenarioBytes, historyBytes) = FuzzInput.split(bytes)
  let result = ScenarioLoader.load(
    scenarioBytes, file: "fuzz/scenario.json",
    readFile: { path in
      path.hasSuffix(".csv") ? .success(historyBytes ?? FuzzInput.history) : .failure(ScenarioFileError("no such file"))
    })
  var sink = 0
  for error in result.errors { sink &+= error.description.utf8.count }
  for warning in result.warnings { sink &+= warning.warningDescription.utf8.count }
  if let scenario = result.scenario {
    let engine = SimulationEngine(scenario: scenario)
    let memory = engine.estimatedPeakMemoryBytes(threads: 2)
    sink &+= memory.isFinite ? 1 : 0
    sink &+= engine.memoryRefusal(threads: 2, physicalMemory: 24 << 30)?.utf8.count ?? 0
  }
  return sink == Int.min ? 1 : 0
}

enum FuzzInput {
  /// The scenario's bytes, and the history's after a `\n#history\n` line when there is one.
  static func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]?) {
    let marker = Array("\n#history\n".utf8)
    guard bytes.count >= marker.count else { return (bytes, nil) }
    for i in 0...(bytes.count - marker.count) where bytes[i] == marker[0] {
      if Array(bytes[i..<(i + marker.count)]) == marker {
        return (Array(bytes[..<i]), Array(bytes[(i + marker.count)...]))
      }
    }
    return (bytes, nil)
  }

  /// 24 months of every column slasim knows, for trends that name a history.
  static let history: [UInt8] = {
    var text = "month,mqlLeads,mqlCustomers,mqlRevenue,marketingRevenue,totalRevenue,cycleDays\n"
    for i in 0..<24 {
      let month = "\(2024 + i / 12)-\(i % 12 < 9 ? "0" : "")\(i % 12 + 1)"
      text += "\(month),\(300 + 3 * i),\(90 + i % 5),\(600_000 + 7_000 * i),\(500_000 + 5_000 * i),"
      text += "\(900_000 + 9_000 * i),\(40 - i % 3)\n"
    }
    return Array(text.utf8)
  }()
}
