/// Reads and validates a scenario file (format version 1, DESIGN.md §2).
///
/// ```swift
/// let result = ScenarioLoader.load(bytes, file: "scenarios/q3.json")
/// guard let scenario = result.scenario else {
///   for error in result.errors { print(error) }   // every problem, in document order
///   return
/// }
/// for warning in result.warnings { print(warning.warningDescription) }
/// ```
///
/// Loading never stops at the first problem: a syntax error ends parsing (nothing after it can
/// be trusted), but every other problem in the file is reported together, in document order.
///
/// The only files the loader reads are those the scenario names: the monthly histories of its
/// `trend` values, at paths relative to the scenario's folder (the folder of `file`), each read
/// once through `readFile` and fitted at load time.
public enum ScenarioLoader {
  /// Loads a scenario from the bytes of a UTF-8 JSON file (a leading BOM is skipped).
  ///
  /// - Parameters:
  ///   - bytes: The file's contents.
  ///   - file: The file's name as the user gave it; it starts every message, and trend
  ///     histories are found relative to its folder.
  ///   - historiesRelativeTo: A path whose folder relative history paths start from instead
  ///     of `file`'s (a scenario read from a pipe has no folder: the command line passes the
  ///     working folder's).
  ///   - readFile: Reads a file the scenario refers to (default: from disk, ``readFile(_:)``).
  /// - Returns: The scenario when valid, all errors, and (for a valid scenario) warnings.
  /// - Complexity: O(n) in the size of the file, plus reading and fitting its histories.
  public static func load(
    _ bytes: [UInt8], file: String, historiesRelativeTo anchor: String? = nil,
    readFile: @escaping ScenarioFileReader = ScenarioLoader.readFile
  ) -> ScenarioLoadResult {
    let document: JSONDocument
    do {
      document = try JSONParser.parseDocument(bytes)
    } catch {
      if isBlank(bytes) {
        let empty = ScenarioError(
          file: file, path: "", problem: "the file is empty", expected: "a JSON object with the scenario")
        return ScenarioLoadResult(scenario: nil, errors: [empty], warnings: [])
      }
      let syntax = ScenarioError(
        file: file, path: "", problem: "", expected: error.expected, found: error.found, line: error.line,
        column: error.column)
      return ScenarioLoadResult(scenario: nil, errors: [syntax], warnings: [])
    }

    var decoder = ScenarioDecoder(file: file, historyAnchor: anchor, readFile: readFile)
    for duplicate in document.duplicateKeys {
      let (line, column) = document.location(of: duplicate.offset)
      let (firstLine, firstColumn) = document.location(of: duplicate.firstOffset)
      decoder.fail(
        duplicate.offset, duplicate.objectPath,
        "duplicate key '\(duplicate.key)' at line \(line), column \(column); "
          + "it is already at line \(firstLine), column \(firstColumn)")
    }
    let scenario = decoder.scenario(document.root)
    let errors = ScenarioDecoder.sorted(decoder.errors)
    guard errors.isEmpty, let scenario else {
      return ScenarioLoadResult(scenario: nil, errors: errors, warnings: [])
    }
    decoder.addWarnings(for: scenario)
    return ScenarioLoadResult(scenario: scenario, errors: [], warnings: ScenarioDecoder.sorted(decoder.warnings))
  }

  /// Loads a scenario from JSON text (convenient in tests and playgrounds).
  public static func load(
    _ text: String, file: String, readFile: @escaping ScenarioFileReader = ScenarioLoader.readFile
  ) -> ScenarioLoadResult {
    load(Array(text.utf8), file: file, readFile: readFile)
  }

  /// Whether the file holds nothing but a BOM and JSON whitespace.
  private static func isBlank(_ bytes: [UInt8]) -> Bool {
    let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    return bytes.dropFirst(hasBOM ? 3 : 0).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
  }
}
