/// A strict RFC 8259 JSON parser that reports where a document goes wrong.
///
/// - Accepts exactly the RFC 8259 grammar: no comments, no trailing commas, no single quotes,
///   no `NaN` or `Infinity`, no leading zeros, no unpaired UTF-16 surrogates in `\u` escapes.
/// - Skips one leading UTF-8 byte order mark; rejects any other invalid UTF-8.
/// - Rejects duplicate keys in an object (RFC 8259 §4 leaves their meaning undefined).
/// - Nests at most ``maximumDepth`` arrays and objects, so hostile input cannot exhaust the stack.
/// - Numbers keep their literal text; a literal too large for a `Double` parses as an infinite
///   value so that the caller can report it with its JSON path.
///
/// Errors carry a 1-based line and column. Columns count Unicode scalars, so a tab or an
/// accented letter counts as one column; `\r\n`, `\n` and a lone `\r` each end a line.
public enum JSONParser {
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 512

  /// Parses a whole document.
  ///
  /// - Throws: ``JSONSyntaxError`` at the first syntax error or duplicate key.
  /// - Complexity: O(n) in the size of `bytes`.
  public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    let document = try parseDocument(bytes)
    if let duplicate = document.duplicateKeys.first {
      let (line, column) = document.location(of: duplicate.offset)
      let (firstLine, firstColumn) = document.location(of: duplicate.firstOffset)
      throw JSONSyntaxError(
        line: line, column: column, offset: duplicate.offset,
        expected: "unique keys in an object",
        found: "'\(duplicate.key)' again (first at line \(firstLine), column \(firstColumn))")
    }
    return document.root.value
  }

  /// Parses a whole document, collecting duplicate keys instead of failing on them.
  ///
  /// The first value of a duplicated key is kept in the tree.
  static func parseDocument(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONDocument {
    var parser = Parser(bytes: bytes)
    if let bad = Parser.firstInvalidUTF8(in: bytes, from: parser.start) {
      throw parser.error(at: bad, expected: "UTF-8 text", found: "the byte 0x" + hex(bytes[bad], digits: 2))
    }
    parser.skipWhitespace()
    let root = try parser.parseValue()
    parser.skipWhitespace()
    if parser.i < bytes.count {
      throw parser.error(
        at: parser.i, expected: "the end of the file after the top-level value", found: parser.describe(at: parser.i))
    }
    return JSONDocument(bytes: bytes, start: parser.start, root: root, duplicateKeys: parser.duplicates)
  }

  static func hex(_ value: some BinaryInteger, digits: Int) -> String {
    let s = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
  }
}

/// A syntax error in a JSON document, at a 1-based line and column.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  /// Byte offset from the start of the document (a BOM included).
  public var offset: Int
  /// What the grammar allows here, such as `',' or '}' after an object member`.
  public var expected: String
  /// What the document has instead, such as `']'` or `the end of the file`.
  public var found: String

  /// The message: `line:column: expected …; found …`.
  public var description: String { "\(line):\(column): expected \(expected); found \(found)." }
}

/// A parsed document with the byte offset of every value, for error messages in document order.
struct JSONDocument: Sendable {
  var bytes: [UInt8]
  /// Offset of the first byte after the BOM, if any.
  var start: Int
  var root: JSONNode
  var duplicateKeys: [JSONDuplicateKey]

  /// 1-based line and column (in Unicode scalars) of a byte offset.
  func location(of offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var i = start
    let end = min(offset, bytes.count)
    while i < end {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        column = 1
      } else if b == 0x0D {
        if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
          i += 1
          if i >= end { break }
        }
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
      i += 1
    }
    return (line, column)
  }
}

/// A key that occurs twice in one object.
struct JSONDuplicateKey: Sendable, Equatable {
  var key: String
  /// JSON path of the object holding the key, such as `$.sales`.
  var objectPath: String
  var offset: Int
  var firstOffset: Int
}

/// A parsed value with the byte offset where it starts (its key's offset for object members).
struct JSONNode: Sendable {
  enum Kind: Sendable {
    case object([Member])
    case array([JSONNode])
    case number(Double, literal: String)
    case string(String)
    case bool(Bool)
    case null
  }
  struct Member: Sendable {
    var key: String
    var keyOffset: Int
    var value: JSONNode
  }
  var kind: Kind
  var offset: Int

  /// The value without positions.
  var value: JSONValue {
    switch kind {
    case .object(let members): return .object(members.map { JSONMember($0.key, $0.value.value) })
    case .array(let elements): return .array(elements.map(\.value))
    case .number(let x, let literal): return .number(x, literal: literal)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .null: return .null
    }
  }
}

extension JSONParser {
  struct Parser {
    let bytes: [UInt8]
    let start: Int
    var i: Int
    var depth = 0
    var path: [String] = ["$"]
    var duplicates: [JSONDuplicateKey] = []

    init(bytes: [UInt8]) {
      self.bytes = bytes
      let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
      self.start = hasBOM ? 3 : 0
      self.i = start
    }

    func error(at offset: Int, expected: String, found: String) -> JSONSyntaxError {
      let document = JSONDocument(bytes: bytes, start: start, root: JSONNode(kind: .null, offset: 0), duplicateKeys: [])
      let (line, column) = document.location(of: offset)
      return JSONSyntaxError(line: line, column: column, offset: offset, expected: expected, found: found)
    }

    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipWhitespace() {
      while i < bytes.count {
        switch bytes[i] {
        case 0x20, 0x09, 0x0A, 0x0D: i += 1
        default: return
        }
      }
    }

    // MARK: Values

    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
      skipWhitespace()
      guard let b = current else {
        throw error(at: i, expected: "a value", found: "the end of the file")
      }
      switch b {
      case UInt8(ascii: "{"): return try parseObject()
      case UInt8(ascii: "["): return try parseArray()
      case UInt8(ascii: "\""):
        let offset = i
        return JSONNode(kind: .string(try parseString()), offset: offset)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
      case UInt8(ascii: "t"): return try parseKeyword("true", .bool(true))
      case UInt8(ascii: "f"): return try parseKeyword("false", .bool(false))
      case UInt8(ascii: "n"): return try parseKeyword("null", .null)
      default:
        throw error(
          at: i, expected: "a value (an object, array, string, number, true, false or null)", found: describe(at: i))
      }
    }

    mutating func parseKeyword(_ word: String, _ kind: JSONNode.Kind) throws(JSONSyntaxError) -> JSONNode {
      let offset = i
      let utf8 = Array(word.utf8)
      guard i + utf8.count <= bytes.count, Array(bytes[i..<(i + utf8.count)]) == utf8,
        !(i + utf8.count < bytes.count && Parser.isWordByte(bytes[i + utf8.count]))
      else {
        throw error(
          at: i, expected: "a value (an object, array, string, number, true, false or null)", found: describe(at: i))
      }
      i += utf8.count
      return JSONNode(kind: kind, offset: offset)
    }

    mutating func enter(at offset: Int) throws(JSONSyntaxError) {
      depth += 1
      if depth > JSONParser.maximumDepth {
        throw error(
          at: offset, expected: "at most \(JSONParser.maximumDepth) nested arrays and objects",
          found: "deeper nesting")
      }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONNode {
      let offset = i
      try enter(at: offset)
      i += 1
      var members: [JSONNode.Member] = []
      var seen: [String: Int] = [:]
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        i += 1
        depth -= 1
        return JSONNode(kind: .object([]), offset: offset)
      }
      var afterComma = false
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else {
          if afterComma, current == UInt8(ascii: "}") {
            throw error(
              at: i, expected: "another member after ','", found: "'}' (JSON allows no trailing comma)")
          }
          throw error(
            at: i, expected: afterComma ? "a key in double quotes after ','" : "a key in double quotes or '}'",
            found: describe(at: i))
        }
        let keyOffset = i
        let key = try parseString()
        skipWhitespace()
        guard current == UInt8(ascii: ":") else {
          throw error(at: i, expected: "':' after the key '\(key)'", found: describe(at: i))
        }
        i += 1
        path.append(Parser.pathComponent(forKey: key))
        let value = try parseValue()
        path.removeLast()
        if let first = seen[key] {
          duplicates.append(
            JSONDuplicateKey(key: key, objectPath: path.joined(), offset: keyOffset, firstOffset: first))
        } else {
          seen[key] = keyOffset
          members.append(JSONNode.Member(key: key, keyOffset: keyOffset, value: value))
        }
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          i += 1
          afterComma = true
          continue
        }
        if current == UInt8(ascii: "}") {
          i += 1
          break
        }
        throw error(at: i, expected: "',' or '}' after an object member", found: describe(at: i))
      }
      depth -= 1
      return JSONNode(kind: .object(members), offset: offset)
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONNode {
      let offset = i
      try enter(at: offset)
      i += 1
      var elements: [JSONNode] = []
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        i += 1
        depth -= 1
        return JSONNode(kind: .array([]), offset: offset)
      }
      while true {
        skipWhitespace()
        if !elements.isEmpty, current == UInt8(ascii: "]") {
          throw error(at: i, expected: "another element after ','", found: "']' (JSON allows no trailing comma)")
        }
        path.append("[\(elements.count)]")
        elements.append(try parseValue())
        path.removeLast()
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          i += 1
          continue
        }
        if current == UInt8(ascii: "]") {
          i += 1
          break
        }
        throw error(at: i, expected: "',' or ']' after an array element", found: describe(at: i))
      }
      depth -= 1
      return JSONNode(kind: .array(elements), offset: offset)
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode {
      let offset = i
      if current == UInt8(ascii: "-") { i += 1 }
      guard let first = current, Parser.isDigit(first) else {
        throw error(at: i, expected: "a digit after '-'", found: describe(at: i))
      }
      if first == UInt8(ascii: "0") {
        i += 1
        if let next = current, Parser.isDigit(next) {
          throw error(at: offset, expected: "a number without leading zeros", found: describe(at: offset))
        }
      } else {
        while let b = current, Parser.isDigit(b) { i += 1 }
      }
      if current == UInt8(ascii: ".") {
        i += 1
        guard let b = current, Parser.isDigit(b) else {
          throw error(at: i, expected: "a digit after the decimal point", found: describe(at: i))
        }
        while let b = current, Parser.isDigit(b) { i += 1 }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        i += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
        guard let b = current, Parser.isDigit(b) else {
          throw error(at: i, expected: "a digit in the exponent", found: describe(at: i))
        }
        while let b = current, Parser.isDigit(b) { i += 1 }
      }
      let literal = String(decoding: bytes[offset..<i], as: UTF8.self)
      // Swift's `Double(_: String)` rounds correctly and gives ±infinity on overflow.
      let value = Double(literal) ?? (literal.hasPrefix("-") ? -Double.infinity : Double.infinity)
      return JSONNode(kind: .number(value, literal: literal), offset: offset)
    }

    // MARK: Strings

    /// Parses a string starting at the opening quote; the bytes are already valid UTF-8.
    mutating func parseString() throws(JSONSyntaxError) -> String {
      i += 1
      var buffer: [UInt8] = []
      while true {
        guard let b = current else {
          throw error(at: i, expected: "'\"' to end the string", found: "the end of the file")
        }
        switch b {
        case UInt8(ascii: "\""):
          i += 1
          return String(decoding: buffer, as: UTF8.self)
        case UInt8(ascii: "\\"):
          try parseEscape(into: &buffer)
        case 0x0A, 0x0D:
          throw error(at: i, expected: "'\"' to end the string", found: "a line break")
        case 0..<0x20:
          throw error(
            at: i, expected: "an escape such as \\t or \\u001B for a control character in a string",
            found: "the control character U+" + JSONParser.hex(b, digits: 4))
        default:
          buffer.append(b)
          i += 1
        }
      }
    }

    mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
      let escapeOffset = i
      i += 1
      guard let b = current else {
        throw error(at: i, expected: "an escaped character after '\\'", found: "the end of the file")
      }
      i += 1
      switch b {
      case UInt8(ascii: "\""): buffer.append(b)
      case UInt8(ascii: "\\"): buffer.append(b)
      case UInt8(ascii: "/"): buffer.append(b)
      case UInt8(ascii: "b"): buffer.append(0x08)
      case UInt8(ascii: "f"): buffer.append(0x0C)
      case UInt8(ascii: "n"): buffer.append(0x0A)
      case UInt8(ascii: "r"): buffer.append(0x0D)
      case UInt8(ascii: "t"): buffer.append(0x09)
      case UInt8(ascii: "u"):
        let unit = try parseHex4(escapeOffset: escapeOffset)
        var scalarValue = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
          let lowOffset = i
          guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            throw error(
              at: escapeOffset, expected: "a low surrogate \\uDC00…\\uDFFF after the high surrogate",
              found: "'\\u" + JSONParser.hex(unit, digits: 4) + "' alone")
          }
          i += 2
          let low = try parseHex4(escapeOffset: lowOffset)
          guard (0xDC00...0xDFFF).contains(low) else {
            throw error(
              at: lowOffset, expected: "a low surrogate \\uDC00…\\uDFFF after the high surrogate",
              found: "'\\u" + JSONParser.hex(low, digits: 4) + "'")
          }
          scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
          throw error(
            at: escapeOffset, expected: "a Unicode scalar (a low surrogate must follow a high surrogate)",
            found: "'\\u" + JSONParser.hex(unit, digits: 4) + "' alone")
        }
        // Not a surrogate, or a combined pair: always a valid scalar.
        if let scalar = Unicode.Scalar(scalarValue) {
          buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
      default:
        throw error(
          at: escapeOffset, expected: "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX in a string",
          found: "'\\" + describeScalar(at: i - 1) + "'")
      }
    }

    mutating func parseHex4(escapeOffset: Int) throws(JSONSyntaxError) -> UInt16 {
      var value: UInt16 = 0
      for _ in 0..<4 {
        guard let b = current, let digit = Parser.hexValue(b) else {
          let end = min(bytes.count, i + 1)
          let text = String(decoding: bytes[escapeOffset..<end], as: UTF8.self)
          throw error(at: escapeOffset, expected: "four hex digits after '\\u'", found: "'\(text)'")
        }
        value = value << 4 | UInt16(digit)
        i += 1
      }
      return value
    }

    // MARK: Describing what was found

    /// A short description of the text at `offset` for an error message.
    func describe(at offset: Int) -> String {
      guard offset < bytes.count else { return "the end of the file" }
      let b = bytes[offset]
      switch b {
      case 0x0A, 0x0D: return "a line break"
      case 0..<0x20: return "the control character U+" + JSONParser.hex(b, digits: 4)
      case UInt8(ascii: "'"): return "a single quote (JSON strings use double quotes)"
      case UInt8(ascii: "/"):
        if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "/") || bytes[offset + 1] == UInt8(ascii: "*") {
          return "a comment (JSON has no comments)"
        }
        return "'/'"
      default:
        if Parser.isWordByte(b) {
          var end = offset
          while end < bytes.count, end - offset < 24, Parser.isWordByte(bytes[end]) { end += 1 }
          return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
        }
        return "'" + describeScalar(at: offset) + "'"
      }
    }

    /// The Unicode scalar starting at `offset` as text.
    func describeScalar(at offset: Int) -> String {
      guard offset < bytes.count else { return "" }
      var end = offset + 1
      while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
      return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    static func isWordByte(_ b: UInt8) -> Bool {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"),
        UInt8(ascii: "-"):
        return true
      default: return false
      }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
      default: return nil
      }
    }

    /// `.key` for identifier-like keys, else `["key"]`.
    static func pathComponent(forKey key: String) -> String {
      ScenarioPath.component(forKey: key)
    }

    /// The offset of the first byte that is not well-formed UTF-8 (Unicode 15, table 3-7).
    static func firstInvalidUTF8(in bytes: [UInt8], from start: Int) -> Int? {
      var i = start
      let n = bytes.count
      while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 {
          i += 1
          continue
        }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0:
          length = 3
          lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
          length = 3
          upper = 0x9F
        case 0xF0:
          length = 4
          lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
          length = 4
          upper = 0x8F
        default: return i
        }
        guard i + length <= n else { return i }
        let b1 = bytes[i + 1]
        guard b1 >= lower, b1 <= upper else { return i }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += length
      }
      return nil
    }
  }
}
