/// A minimal JSON emitter with stable key order and round-trip number formatting.
///
/// `JSONEncoder` would sort or scramble keys; users diff these files, so keys come out in
/// the order written. Doubles print in Swift's shortest round-trip form; integral values
/// below 2⁵³ print without a fraction; NaN and infinities print as `null`.
/// Something that receives a tree of objects, arrays and scalars in order: JSON text, or
/// the flattened `path,value` rows of the CSV format.
public protocol TreeWriter {
  mutating func beginObject(_ key: String?)
  mutating func endObject()
  mutating func beginArray(_ key: String?)
  mutating func endArray()
  mutating func number(_ key: String?, _ value: Double)
  mutating func integer(_ key: String?, _ value: Int)
  mutating func unsigned(_ key: String?, _ value: UInt64)
  mutating func string(_ key: String?, _ value: String)
  mutating func bool(_ key: String?, _ value: Bool)
  mutating func null(_ key: String?)
}

extension TreeWriter {
  public mutating func beginObject() { beginObject(nil) }
  public mutating func beginArray() { beginArray(nil) }
}

public struct JSONWriter: TreeWriter {
  public private(set) var text = ""
  private var indent = 0
  private var needsComma = [false]
  private let pretty: Bool

  public init(pretty: Bool = true) {
    self.pretty = pretty
  }

  private mutating func newlineAndIndent() {
    guard pretty else { return }
    text += "\n"
    text += String(repeating: "  ", count: indent)
  }

  private mutating func beginValue(key: String?) {
    if needsComma[needsComma.count - 1] { text += "," }
    needsComma[needsComma.count - 1] = true
    if needsComma.count > 1 { newlineAndIndent() }
    if let key {
      text += JSONWriter.quote(key)
      text += pretty ? ": " : ":"
    }
  }

  public mutating func beginObject(_ key: String? = nil) {
    beginValue(key: key)
    text += "{"
    indent += 1
    needsComma.append(false)
  }

  public mutating func endObject() { close("}") }

  public mutating func beginArray(_ key: String? = nil) {
    beginValue(key: key)
    text += "["
    indent += 1
    needsComma.append(false)
  }

  public mutating func endArray() { close("]") }

  private mutating func close(_ bracket: String) {
    indent -= 1
    let hadMembers = needsComma.removeLast()
    if hadMembers { newlineAndIndent() }
    text += bracket
  }

  public mutating func number(_ key: String? = nil, _ value: Double) {
    beginValue(key: key)
    text += JSONWriter.format(value)
  }

  public mutating func integer(_ key: String? = nil, _ value: Int) {
    beginValue(key: key)
    text += String(value)
  }

  public mutating func unsigned(_ key: String? = nil, _ value: UInt64) {
    beginValue(key: key)
    text += String(value)
  }

  public mutating func string(_ key: String? = nil, _ value: String) {
    beginValue(key: key)
    text += JSONWriter.quote(value)
  }

  public mutating func bool(_ key: String? = nil, _ value: Bool) {
    beginValue(key: key)
    text += value ? "true" : "false"
  }

  public mutating func null(_ key: String? = nil) {
    beginValue(key: key)
    text += "null"
  }

  /// A number as JSON: shortest round-trip form, integers without a fraction, `null` for NaN/∞.
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
      return String(Int64(value))
    }
    return "\(value)"
  }

  /// A JSON string literal (RFC 8259 §7): the one implementation every JSON writer here uses.
  public static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
