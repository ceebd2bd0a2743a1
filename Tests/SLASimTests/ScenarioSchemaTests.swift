import Foundation
import Testing

@testable import SLASim

@Suite struct ScenarioSchemaTests {
  /// The repository's root, from this file's path (Tests/SLASimTests/ScenarioSchemaTests.swift).
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  @Test func docsSchemaFileMatchesTheGeneratedSchema() throws {
    let url = ScenarioSchemaTests.repositoryRoot.appendingPathComponent("docs/scenario.schema.json")
    let file = try String(contentsOf: url, encoding: .utf8)
    // Regenerate with `swift run slasim schema --out docs/scenario.schema.json`.
    #expect(file == ScenarioSchema.json)
  }

  @Test func schemaIsDeterministicJSONThatOurParserReadsBack() throws {
    let text = ScenarioSchema.json
    #expect(text == ScenarioSchema.json)
    #expect(text.hasSuffix("}\n"))
    let parsed = try JSONParser.parse(Array(text.utf8))
    #expect(parsed == ScenarioSchema.document)
    #expect(parsed["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
  }

  @Test func schemaNamesExactlyTheKeysTheLoaderAccepts() throws {
    let schema = ScenarioSchema.document
    #expect(propertyNames(schema) == ScenarioDecoder.topLevelKeys)
    #expect(propertyNames(schema["properties"]?["sales"]) == ScenarioDecoder.salesKeys)
    #expect(propertyNames(schema["properties"]?["service"]) == ScenarioDecoder.serviceKeys)
    #expect(schema["required"] == .array(["name", "horizon", "marketing", "sales"].map(JSONValue.string)))
    let kinds = DistributionKind.allCases.map(\.rawValue)
    for kind in kinds {
      #expect(schema["$defs"]?[kind] != nil, "missing $defs/\(kind)")
    }
  }

  @Test func everyClosedObjectForbidsUnknownKeys() throws {
    var objects = 0
    func visit(_ value: JSONValue) {
      switch value {
      case .object(let members):
        if value["type"] == .string("object") {
          objects += 1
          #expect(value["additionalProperties"] == .bool(false), "\(value)")
        }
        for member in members { visit(member.value) }
      case .array(let elements):
        for element in elements { visit(element) }
      default: break
      }
    }
    visit(ScenarioSchema.document)
    #expect(objects > 30)
  }

  // MARK: Validating samples against the schema

  @Test func designExampleAndMinimalScenarioSatisfyTheSchema() throws {
    let validator = SchemaValidator(schema: ScenarioSchema.document)
    for text in [designExample, minimalScenario, edited([("calendar", #""24x7""#), ("service", serviceSection)])] {
      let value = try JSONParser.parse(Array(text.utf8))
      #expect(validator.problems(in: value) == [])
    }
    let everyForm = edited([
      ("sales.opportunityRate", #"{"beta": {"alpha": 2, "beta": 5}}"#),
      (
        "sales.closeRate",
        #"{"schedule": [{"from": "2026-07-01", "value": {"pert": {"min": 0.1, "mode": 0.2, "max": 0.4}}}], "interpolate": "linear"}"#
      ),
      ("sales.dealSize", #"{"lognormal": {"mu": 8, "sigma": 0.5}}"#),
      ("sales.cycleDays", #"{"empirical": {"values": [10, 20, 30]}}"#),
      ("sales.goals.revenuePerMonth", #"{"schedule": [{"from": "2026-07-01", "value": 1000}]}"#),
      ("marketing.sources[0].leadsPerMonth", #"{"poisson": {"mean": 100}}"#),
    ])
    #expect(validator.problems(in: try JSONParser.parse(Array(everyForm.utf8))) == [])
  }

  @Test func schemaRejectsWhatTheLoaderRejectsForTypesKeysAndRanges() throws {
    let validator = SchemaValidator(schema: ScenarioSchema.document)
    let invalid: [(String, String?)] = [
      ("sales.followUp.maxAtempts", "6"),
      ("sales.closeRate", "1.2"),
      ("sales.closeRate", #"{"normal": {"mean": 0.3, "sd": 0.05}}"#),
      ("marketing.sources[1].leadsPerMonth", "-3"),
      ("calendar", #"{"workdays": ["mon", "funday"]}"#),
      ("horizon.start", #""2026-07-15""#),
      ("marketing.goals.leadsPerMonth", #"{"gamma": {"mean": 200, "sd": 30}}"#),
      ("sales.cycleDays", nil),
      ("sales.reps", "2.5"),
      // Issue 6d: the upper limits, one per family.
      ("marketing.sources[1].leadsPerMonth", "1e9"),
      ("marketing.sources[1].leadsPerMonth", #"{"poisson": {"mean": 1e18}}"#),
      ("sales.followUp.minutesPerAttempt", "1e15"),
      ("sales.followUp.retryAfterHours", "1e300"),
      ("sales.hoursPerDay", "1e-300"),
      ("sales.goals.firstTouch", #"{"withinHours": 1e20, "share": 0.9}"#),
      ("sales.cycleDays", #"{"uniform": {"min": 0, "max": 1e6}}"#),
      ("sales.dealSize", #"{"gamma": {"shape": 2, "scale": 1e308}}"#),
      ("sales.goals.revenuePerMonth", "1e13"),
    ]
    for edit in invalid {
      let value = try JSONParser.parse(Array(edited([edit]).utf8))
      #expect(!validator.problems(in: value).isEmpty, "\(edit)")
    }
  }

  private func propertyNames(_ schema: JSONValue?) -> [String] {
    guard case .object(let members)? = schema?["properties"] else { return [] }
    return members.map(\.key)
  }
}

/// A small JSON Schema validator: the keywords `ScenarioSchema` uses, nothing more.
///
/// Supports `$ref` to `#/$defs/…`, `type`, `properties`, `required`, `additionalProperties:
/// false`, `items`, `minItems`, `uniqueItems`, `enum`, `const`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `pattern` and `anyOf`.
struct SchemaValidator {
  let schema: JSONValue
  /// `$defs` by name (a JSON object's lookup is a linear scan).
  private let definitions: [String: JSONValue]

  init(schema: JSONValue) {
    self.schema = schema
    var definitions: [String: JSONValue] = [:]
    if case .object(let members)? = schema["$defs"] {
      for m in members { definitions[m.key] = m.value }
    }
    self.definitions = definitions
  }
  /// Compiled `pattern`s: compiling a Regex costs far more than matching one.
  private let patterns = PatternCache()

  final class PatternCache {
    var compiled: [String: Regex<AnyRegexOutput>] = [:]
    func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
      if let known = compiled[pattern] { return known }
      let regex = try? Regex(pattern)
      compiled[pattern] = regex
      return regex
    }
  }

  func problems(in value: JSONValue) -> [String] {
    var out: [String] = []
    check(value, against: schema, path: "$", into: &out)
    return out
  }

  /// The problems of `value` against a part of the schema (an `anyOf` option, say).
  func problems(in value: JSONValue, against part: JSONValue) -> [String] {
    var out: [String] = []
    check(value, against: part, path: "$", into: &out)
    return out
  }

  func resolve(_ s: JSONValue) -> JSONValue {
    guard case .string(let ref)? = s["$ref"], ref.hasPrefix("#/$defs/") else { return s }
    return definitions[String(ref.dropFirst("#/$defs/".count))] ?? .null
  }

  private func check(_ value: JSONValue, against raw: JSONValue, path: String, into out: inout [String]) {
    if raw["$ref"] != nil {
      check(value, against: resolve(raw), path: path, into: &out)
    }
    let s = raw
    if case .array(let options)? = s["anyOf"] {
      let passes = options.contains { option in
        var sub: [String] = []
        check(value, against: option, path: path, into: &sub)
        return sub.isEmpty
      }
      if !passes { out.append("\(path): matches no option of anyOf") }
    }
    if case .string(let type)? = s["type"] {
      let ok: Bool
      switch (type, value) {
      case ("object", .object), ("array", .array), ("string", .string), ("number", .number), ("boolean", .bool): ok = true
      case ("integer", .number(let x, _)): ok = x == x.rounded()
      default: ok = false
      }
      if !ok {
        out.append("\(path): not \(type)")
        return
      }
    }
    if let c = s["const"], c != value { out.append("\(path): not \(c)") }
    if case .array(let options)? = s["enum"], !options.contains(value) { out.append("\(path): not in enum") }
    if case .number(let x, _) = value {
      if case .number(let m, _)? = s["minimum"], x < m { out.append("\(path): below minimum") }
      if case .number(let m, _)? = s["maximum"], x > m { out.append("\(path): above maximum") }
      if case .number(let m, _)? = s["exclusiveMinimum"], x <= m { out.append("\(path): not above minimum") }
      if case .number(let m, _)? = s["exclusiveMaximum"], x >= m { out.append("\(path): not below maximum") }
    }
    if case .string(let text) = value {
      if case .number(let m, _)? = s["minLength"], Double(text.count) < m { out.append("\(path): too short") }
      if case .string(let pattern)? = s["pattern"], let regex = patterns.regex(pattern),
        (try? regex.firstMatch(in: text)) == nil
      {
        out.append("\(path): does not match \(pattern)")
      }
    }
    if case .array(let elements) = value {
      if case .number(let m, _)? = s["minItems"], Double(elements.count) < m { out.append("\(path): too few items") }
      if s["uniqueItems"] == .bool(true) {
        for (i, e) in elements.enumerated() where elements[..<i].contains(e) { out.append("\(path)[\(i)]: repeated") }
      }
      if let items = s["items"] {
        for (i, e) in elements.enumerated() { check(e, against: items, path: "\(path)[\(i)]", into: &out) }
      }
    }
    if case .object(let members) = value {
      let properties = s["properties"]
      if case .array(let required)? = s["required"] {
        for case .string(let key) in required where !members.contains(where: { $0.key == key }) {
          out.append("\(path): missing \(key)")
        }
      }
      for member in members {
        if let sub = properties?[member.key] {
          check(member.value, against: sub, path: "\(path).\(member.key)", into: &out)
        } else if s["additionalProperties"] == .bool(false) {
          out.append("\(path): unexpected \(member.key)")
        }
      }
    }
  }
}
