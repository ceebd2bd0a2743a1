import Testing

@testable import SLASim

@Suite struct JSONParserTests {
  /// The error `JSONParser` reports for `text`, as `line:column: expected …; found ….`.
  private func syntaxError(_ text: String) -> String? {
    syntaxError(Array(text.utf8))
  }

  private func syntaxError(_ bytes: [UInt8]) -> String? {
    do {
      _ = try JSONParser.parse(bytes)
      return nil
    } catch {
      return error.description
    }
  }

  private func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  // MARK: Values

  @Test func parsesEveryKindOfValueAndKeepsKeyOrder() throws {
    let value = try parse(#"{"z": 1, "a": [true, false, null], "m": "text", "n": -12.5e1}"#)
    #expect(
      value
        == .object([
          JSONMember("z", .number(1, literal: "1")),
          JSONMember("a", .array([.bool(true), .bool(false), .null])),
          JSONMember("m", .string("text")),
          JSONMember("n", .number(-125, literal: "-12.5e1")),
        ]))
  }

  @Test func keepsTheLiteralTextOfNumbers() throws {
    // 2^64 − 1 is not a Double; the literal keeps every digit for the seed reader.
    let value = try parse("18446744073709551615")
    #expect(value == .number(18_446_744_073_709_551_616, literal: "18446744073709551615"))
  }

  @Test func numbersTooLargeForADoubleParseAsInfinite() throws {
    #expect(try parse("1e400") == .number(.infinity, literal: "1e400"))
    #expect(try parse("-1e400") == .number(-.infinity, literal: "-1e400"))
  }

  @Test func boolsAreNotNumbers() throws {
    #expect(try parse("[true, 1]") == .array([.bool(true), .number(1, literal: "1")]))
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\uD83D\uDE00", "\u0000"]"#)
    #expect(value == .array([.string("a\"b\\c/d\u{08}\u{0C}\n\r\t"), .string("é😀"), .string("\u{0}")]))
  }

  @Test func acceptsRawUTF8InStrings() throws {
    #expect(try parse(#""naïve – 数""#) == .string("naïve – 数"))
  }

  @Test func skipsAByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
    #expect(try JSONParser.parse(bytes) == .object([JSONMember("a", .number(1, literal: "1"))]))
    // Columns count from after the BOM.
    #expect(syntaxError([0xEF, 0xBB, 0xBF] + Array("[1,]".utf8))?.hasPrefix("1:4:") == true)
  }

  @Test func prettyPrintedTextParsesBackToTheSameValue() throws {
    let value = try parse(#"{"b": {"c": [1, {"d": "\"q\"\n"}], "e": []}, "a": {}, "f": [1.5, "x"]}"#)
    let text = value.prettyPrinted
    #expect(try parse(text) == value)
    #expect(
      text == """
        {
          "b": {
            "c": [
              1,
              {
                "d": "\\"q\\"\\n"
              }
            ],
            "e": []
          },
          "a": {},
          "f": [1.5, "x"]
        }

        """)
  }

  // MARK: Syntax errors

  @Test func reportsLineAndColumnOfAMissingComma() {
    let text = """
      {
        "a": {
          "b": [1, 2]]
      }
      """
    #expect(syntaxError(text) == "3:16: expected ',' or '}' after an object member; found ']'.")
  }

  @Test func reportsTrailingCommas() {
    #expect(
      syntaxError("[1, 2, ]") == "1:8: expected another element after ','; found ']' (JSON allows no trailing comma).")
    #expect(
      syntaxError(#"{"a": 1,}"#) == "1:9: expected another member after ','; found '}' (JSON allows no trailing comma)."
    )
  }

  @Test func reportsNonJSONWords() {
    #expect(
      syntaxError(#"{"a": NaN}"#)
        == "1:7: expected a value (an object, array, string, number, true, false or null); found 'NaN'.")
    #expect(
      syntaxError("[True]")
        == "1:2: expected a value (an object, array, string, number, true, false or null); found 'True'.")
    #expect(
      syntaxError("[trueish]")
        == "1:2: expected a value (an object, array, string, number, true, false or null); found 'trueish'.")
  }

  @Test func reportsKeysWithoutDoubleQuotes() {
    #expect(syntaxError("{a: 1}") == "1:2: expected a key in double quotes or '}'; found 'a'.")
    #expect(
      syntaxError("{'a': 1}")
        == "1:2: expected a key in double quotes or '}'; found a single quote (JSON strings use double quotes).")
    #expect(syntaxError(#"{"a" 1}"#) == "1:6: expected ':' after the key 'a'; found '1'.")
  }

  @Test func reportsComments() {
    #expect(
      syntaxError("{\n  // note\n  \"a\": 1\n}")
        == "2:3: expected a key in double quotes or '}'; found a comment (JSON has no comments).")
  }

  @Test func reportsBadNumbers() {
    #expect(syntaxError("[01]") == "1:2: expected a number without leading zeros; found '01'.")
    #expect(syntaxError("[-]") == "1:3: expected a digit after '-'; found ']'.")
    #expect(syntaxError("[1.]") == "1:4: expected a digit after the decimal point; found ']'.")
    #expect(syntaxError("[1e+]") == "1:5: expected a digit in the exponent; found ']'.")
    #expect(
      syntaxError("[+1]")
        == "1:2: expected a value (an object, array, string, number, true, false or null); found '+1'.")
  }

  @Test func reportsBadStrings() {
    #expect(syntaxError("[\"abc\n\"]") == "1:6: expected '\"' to end the string; found a line break.")
    #expect(syntaxError("[\"abc") == "1:6: expected '\"' to end the string; found the end of the file.")
    #expect(
      syntaxError("[\"a\tb\"]")
        == "1:4: expected an escape such as \\t or \\u001B for a control character in a string; found the control character U+0009."
    )
    #expect(
      syntaxError(#"["a\x"]"#) == #"1:4: expected one of \" \\ \/ \b \f \n \r \t \uXXXX in a string; found '\x'."#)
    #expect(syntaxError(#"["\u12G4"]"#) == #"1:3: expected four hex digits after '\u'; found '\u12G'."#)
    #expect(
      syntaxError(#"["\uD83D"]"#)
        == #"1:3: expected a low surrogate \uDC00…\uDFFF after the high surrogate; found '\uD83D' alone."#)
    #expect(
      syntaxError(#"["\uDE00"]"#)
        == #"1:3: expected a Unicode scalar (a low surrogate must follow a high surrogate); found '\uDE00' alone."#)
  }

  @Test func reportsInvalidUTF8() {
    #expect(
      syntaxError(Array("[\"a".utf8) + [0xFF] + Array("\"]".utf8)) == "1:4: expected UTF-8 text; found the byte 0xFF.")
    // An overlong encoding of '/' and a UTF-16 surrogate encoded in UTF-8 are not UTF-8 either.
    #expect(syntaxError([0x5B, 0xC0, 0xAF, 0x5D]) == "1:2: expected UTF-8 text; found the byte 0xC0.")
    #expect(syntaxError([0x5B, 0xED, 0xA0, 0x80, 0x5D]) == "1:2: expected UTF-8 text; found the byte 0xED.")
  }

  @Test func columnsCountUnicodeScalarsAndLinesCountEveryLineBreak() {
    #expect(syntaxError("[\"é\" 1]") == "1:6: expected ',' or ']' after an array element; found '1'.")
    #expect(syntaxError("[1,\r\n2,\r3 4]") == "3:3: expected ',' or ']' after an array element; found '4'.")
  }

  @Test func reportsContentAfterTheTopLevelValue() {
    #expect(syntaxError("{} {}") == "1:4: expected the end of the file after the top-level value; found '{'.")
  }

  @Test func reportsAnEmptyDocument() {
    #expect(syntaxError("") == "1:1: expected a value; found the end of the file.")
    #expect(syntaxError(" \n ") == "2:2: expected a value; found the end of the file.")
  }

  @Test func rejectsDuplicateKeys() {
    #expect(
      syntaxError("{\"a\": 1,\n \"a\": 2}")
        == "2:2: expected unique keys in an object; found 'a' again (first at line 1, column 2).")
  }

  @Test func limitsNesting() {
    let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1)
    #expect(syntaxError(deep) == "1:513: expected at most 512 nested arrays and objects; found deeper nesting.")
    let ok =
      String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
    #expect(syntaxError(ok) == nil)
  }

  @Test func collectsDuplicateKeysWithTheirObjectPath() throws {
    let document = try JSONParser.parseDocument(Array(#"{"s": [{"k": 1, "k": 2}], "t x": {"q": 1, "q": 3}}"#.utf8))
    #expect(document.duplicateKeys.map(\.objectPath) == ["$.s[0]", #"$["t x"]"#])
    // The first value is kept.
    #expect(document.root.value["s"]?[0]?["k"] == .number(1, literal: "1"))
  }
}
