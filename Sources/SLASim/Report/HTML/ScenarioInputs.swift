/// The scenario's values as (JSON path, value) rows, for the report's inputs table.
///
/// Scalars get a row each; a distribution or any other small object of scalars
/// (`{"beta": {"mean": 0.3, "sd": 0.05}}`) and an array of scalars stay on one row, written as
/// compact JSON, so that a row reads as the scenario file does. `$schema` is left out.
public enum ScenarioInputs {
  public static func rows(_ document: JSONValue) -> [(path: String, value: String)] {
    var rows: [(String, String)] = []
    flatten(document, path: "", into: &rows)
    return rows
  }

  private static func flatten(_ value: JSONValue, path: String, into rows: inout [(String, String)]) {
    if !path.isEmpty, isCompact(value) {
      rows.append((path, compact(value)))
      return
    }
    switch value {
    case .object(let members):
      for m in members where m.key != "$schema" {
        flatten(m.value, path: path.isEmpty ? m.key : path + "." + m.key, into: &rows)
      }
    case .array(let elements):
      for (i, e) in elements.enumerated() { flatten(e, path: "\(path)[\(i)]", into: &rows) }
    default:
      rows.append((path, compact(value)))
    }
  }

  /// A scalar, an array of scalars, or an object of at most one member whose value is compact
  /// (a distribution), with at most 80 characters of text.
  private static func isCompact(_ value: JSONValue) -> Bool {
    switch value {
    case .object(let members):
      guard members.count == 1, let only = members.first else { return false }
      if case .object(let inner) = only.value { return inner.allSatisfy { isScalar($0.value) } && compact(value).count <= 80 }
      return isScalar(only.value)
    case .array(let elements):
      return elements.allSatisfy(isScalar) && compact(value).count <= 80
    default:
      return true
    }
  }

  private static func isScalar(_ value: JSONValue) -> Bool {
    switch value {
    case .object, .array: return false
    default: return true
    }
  }

  static func compact(_ value: JSONValue) -> String {
    switch value {
    case .object(let members):
      return "{" + members.map { "\(JSONWriter.quote($0.key)): \(compact($0.value))" }.joined(separator: ", ") + "}"
    case .array(let elements): return "[" + elements.map(compact).joined(separator: ", ") + "]"
    case .number(_, let literal): return literal
    case .string(let s): return s.count <= 80 ? JSONWriter.quote(s) : JSONWriter.quote(String(s.prefix(77)) + "…")
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }
}
