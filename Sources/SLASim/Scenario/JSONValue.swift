/// A JSON value as written in a file (RFC 8259), with object keys in document order.
///
/// `slasim` parses scenario files with its own ``JSONParser`` rather than Foundation's
/// `JSONSerialization`, which loses positions (no line and column for a syntax error), accepts
/// duplicate keys silently and cannot tell `true` from `1`. Numbers keep their literal text so
/// that integers such as a 64-bit seed can be read exactly.
public enum JSONValue: Sendable, Equatable {
  /// An object; members keep their document order. Keys are unique in parsed values.
  case object([JSONMember])
  case array([JSONValue])
  /// A number: the nearest `Double` (infinite when the literal overflows) and the literal text.
  case number(Double, literal: String)
  case string(String)
  case bool(Bool)
  case null

  /// A number from an integer, with its decimal literal.
  public static func integer(_ value: Int) -> JSONValue {
    .number(Double(value), literal: String(value))
  }

  /// A number from a `Double`, with Swift's shortest round-trip literal (`0.5`, `1e-06`).
  ///
  /// Integral values print without a fraction (`60`, not `60.0`). The value must be finite.
  public static func number(_ value: Double) -> JSONValue {
    precondition(value.isFinite, "JSON has no literal for \(value)")
    if value == value.rounded(), abs(value) < 1e15 { return .number(value, literal: String(Int(value))) }
    return .number(value, literal: value.description)
  }

  /// The member named `key` when this is an object that has one.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first(where: { $0.key == key })?.value
  }

  /// The element at `index` when this is an array that long.
  public subscript(index: Int) -> JSONValue? {
    guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
    return elements[index]
  }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
  public var key: String
  public var value: JSONValue
  public init(_ key: String, _ value: JSONValue) {
    self.key = key
    self.value = value
  }
}

extension JSONValue {
  /// The value as deterministic, human-readable JSON text ending in a newline.
  ///
  /// Members print in their stored order with two-space indentation; an array of scalars
  /// prints on one line (`["mon", "tue"]`); strings escape only what RFC 8259 requires
  /// (`"`, `\`, control characters), so non-ASCII text stays readable.
  public var prettyPrinted: String {
    var out = ""
    JSONValue.write(self, indent: 0, to: &out)
    out += "\n"
    return out
  }

  private static func write(_ value: JSONValue, indent: Int, to out: inout String) {
    let pad = String(repeating: "  ", count: indent)
    let innerPad = String(repeating: "  ", count: indent + 1)
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(_, let literal): out += literal
    case .string(let s): out += quoted(s)
    case .array(let elements):
      if elements.isEmpty {
        out += "[]"
      } else if elements.allSatisfy(\.isScalar) {
        out += "["
        for (i, e) in elements.enumerated() {
          if i > 0 { out += ", " }
          write(e, indent: indent + 1, to: &out)
        }
        out += "]"
      } else {
        out += "[\n"
        for (i, e) in elements.enumerated() {
          out += innerPad
          write(e, indent: indent + 1, to: &out)
          out += i + 1 < elements.count ? ",\n" : "\n"
        }
        out += pad + "]"
      }
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (i, m) in members.enumerated() {
        out += innerPad + quoted(m.key) + ": "
        write(m.value, indent: indent + 1, to: &out)
        out += i + 1 < members.count ? ",\n" : "\n"
      }
      out += pad + "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .object, .array: return false
    default: return true
    }
  }

  /// `text` as a JSON string literal (see ``JSONWriter/quote(_:)``).
  static func quoted(_ text: String) -> String { JSONWriter.quote(text) }
}
