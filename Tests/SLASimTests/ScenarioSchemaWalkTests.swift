import Foundation
import Testing

@testable import SLASim

/// One source of truth for the scenario format (issue 7, item 9; STYLE.md §12): a walk of the
/// JSON Schema (`ScenarioSchema`, written to docs/scenario.schema.json) beside valid scenarios,
/// proving key by key and range by range that the decoder accepts and refuses exactly what the
/// schema states.
///
/// The walk visits every value of every base scenario together with the part of the schema
/// that describes it (following `$ref` and the `anyOf` option the value matches) and makes
/// probes, each a one-value edit of the base:
/// - a number: each bound itself and the nearest value beyond it (for `minimum`, `maximum`,
///   `exclusiveMinimum`, `exclusiveMaximum`; ±1 for integers, a relative 1e-9 otherwise), a
///   fraction for an integer, ±1e300 on a side with no bound, and a string;
/// - a string: every value of an `enum` and one that is not, text that fails a `pattern`, the
///   empty string under `minLength`, and a number;
/// - an object: an unknown key, and each required key removed;
/// - an array: one item fewer than `minItems`.
///
/// For each probe the schema's verdict (``SchemaValidator`` on the whole edited document) must
/// be the decoder's (`ScenarioLoader.load`). The only exceptions are rules that JSON Schema
/// cannot state, between two values or about the calendar; ``crossFieldRule(_:)`` lists them,
/// and each is tested by the decoder's own tests. Every property and every `$defs` entry of the
/// schema must be visited, so a new field in the schema needs a base scenario that uses it, and
/// a new field in the decoder without its schema entry is refused by the schema's
/// `additionalProperties: false` (``ScenarioSchemaTests``).
@Suite struct ScenarioSchemaWalkTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// Base scenarios are loaded as if they were in scenarios/, so that trends find the history.
  static let file = root.appendingPathComponent("scenarios/walk.json").path

  /// The schema, built once (`ScenarioSchema.document` builds it on each use).
  static let schema = ScenarioSchema.document

  struct Probe {
    var path: String
    var what: String
    var edit: String?
  }

  /// Every form a value can take, by the kind of value: substituted into the fields below.
  static let volumeForms = [
    #"{"uniform": {"min": 0.1, "max": 0.3}}"#, #"{"triangular": {"min": 0.1, "mode": 0.2, "max": 0.3}}"#,
    #"{"pert": {"min": 0.1, "mode": 0.2, "max": 0.3}}"#, #"{"normal": {"mean": 0.2, "sd": 0.05}}"#,
    #"{"lognormal": {"mean": 0.2, "sd": 0.05}}"#, #"{"lognormal": {"mu": -1.6, "sigma": 0.2}}"#,
    #"{"gamma": {"mean": 0.2, "sd": 0.05}}"#, #"{"gamma": {"shape": 16, "scale": 0.0125}}"#,
    #"{"exponential": {"mean": 0.2}}"#, #"{"poisson": {"mean": 0.2}}"#, #"{"empirical": {"values": [0.1, 0.2, 0.3]}}"#,
    #"{"beta": {"mean": 0.2, "sd": 0.05}}"#, #"{"beta": {"alpha": 2, "beta": 5}}"#,
    #"{"schedule": [{"from": "2026-07-01", "value": 0.2}, {"from": "2026-08-01", "value": {"uniform": {"min": 0.1, "max": 0.3}}}], "interpolate": "step"}"#,
    #"{"schedule": [{"from": "2026-07-01", "value": 0.1}, {"from": "2026-09-01", "value": 0.3}], "interpolate": "linear"}"#,
  ]

  /// A trend of `column`, with every option.
  static func trend(_ column: String) -> String {
    #"{"trend": {"history": "history/company-a.csv", "column": "\#(column)", "model": "linear", "degree": 1, "seasonal": false, "intercept": true, "scale": 1}}"#
  }

  /// The fields that take each kind of value, and the trend column each can follow.
  static let fields: [(path: String, column: String)] = [
    ("marketing.sources[0].leadsPerMonth", "mqlLeads"), ("marketing.sources[0].valuePerLead", "dealSize"),
    ("marketing.sources[0].qualifyRate", "closeRate"), ("sales.followUp.connectRate", "closeRate"),
    ("sales.closeRate", "closeRate"), ("sales.dealSize", "dealSize"), ("sales.cycleDays", "cycleDays"),
    ("sales.openPipeline.remainingDays", "cycleDays"), ("sales.otherRevenuePerMonth", "totalRevenue"),
    ("service.ticketsPerCustomerPerMonth", "closeRate"), ("service.handleMinutes", "cycleDays"),
    ("service.patienceMinutes", "cycleDays"), ("service.monthlyChurn", "closeRate"),
  ]

  /// A scenario with every section and every optional key.
  static let everything = edited(
    [
      ("service", serviceSection), ("service.monthlyChurn", "0.01"), ("service.patienceMinutes", "30"),
      ("service.goals", #"{"firstResponse": {"withinHours": 4, "share": 0.9}, "retention": 0.9}"#),
      ("sales.openPipeline", #"{"opportunities": 10, "remainingDays": 5}"#), ("sales.otherRevenuePerMonth", "100"),
      ("sales.opportunityRate", #"{"fast": 0.3, "slow": 0.1, "fastWithinMinutes": 60}"#),
      ("sales.goals", #"{"revenuePerMonth": 1000, "firstTouch": {"withinHours": 1, "share": 0.9}, "attemptsOnUnconnected": 3}"#),
      ("marketing.businessHoursShare", "0.5"), ("marketing.sources[0].valuePerLead", "10"),
      ("marketing.sources[0].qualifyRate", "0.5"), ("marketing.sources[0].goals", #"{"leadsPerMonth": 90}"#),
      ("marketing.goals", #"{"leadsPerMonth": 100, "sqlsPerMonth": {"schedule": [{"from": "2026-07-01", "value": 10}], "interpolate": "linear"}, "leadValuePerMonth": 1000}"#),
      ("escalation", #"{"afterMonthsMissed": [1, 2], "cancelAfterMonthsMissed": 3}"#),
      ("simulation", #"{"trials": 1000, "seed": 7, "warmUpMonths": 2}"#),
      ("sales.followUp.giveUpAfterDays", "20"),
      ("sales.hires", #"[{"from": "2026-08-15", "reps": 2, "rampMonths": 3}]"#),
      ("calendar", #"{"workdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "open": "08:00", "close": "18:00", "holidays": ["2026-07-03"]}"#),
      ("$schema", #""../docs/scenario.schema.json""#),
    ], base: minimalScenario)

  /// The base scenarios: the shipped ones, DESIGN.md's example, `everything`, each form in each
  /// field, and the alternative forms of the calendar and the opportunity rate.
  static let bases: [(label: String, text: String, prefix: String)] = {
    var bases = [
      ("DESIGN.md's example", designExample, ""), ("every section", everything, ""),
      ("a 24x7 calendar", edited([("calendar", #""24x7""#)], base: everything), "calendar"),
      ("one opportunity rate", edited([("sales.opportunityRate", "0.3")], base: everything), "sales.opportunityRate"),
      (
        "work windows",
        edited(
          [
            ("sales.hoursPerDay", nil), ("sales.workWindows", #"["09:00-12:00", "13:00-17:00"]"#),
            ("service.hoursPerDay", nil), ("service.workWindows", #"["09:00-17:00"]"#),
          ], base: everything), "s"
      ),
      (
        "scheduled shares",
        edited(
          [
            ("service.goals.retention", #"{"schedule": [{"from": "2026-07-01", "value": 0.9}], "interpolate": "step"}"#),
            ("sales.goals.firstTouch.share", #"{"schedule": [{"from": "2026-07-01", "value": 0.9}, {"from": "2026-08-01", "value": 0.95}]}"#),
          ], base: everything), "s"
      ),
      (
        "correlations",
        edited(
          [
            ("sales.closeRate", #"{"beta": {"mean": 0.2, "sd": 0.05}}"#),
            ("marketing.sources[1].leadsPerMonth", #"{"gamma": {"mean": 20, "sd": 5}}"#),
            ("correlations", #"[{"between": ["sales.closeRate", "marketing.sources[events].leadsPerMonth"], "rank": 0.5}]"#),
          ], base: everything), "correlations"
      ),
    ]
    for name in ["q3", "company-a-2020", "company-a-trend", "internal-sla", "plan-2027"] {
      if let text = try? String(contentsOf: root.appendingPathComponent("scenarios/\(name).json"), encoding: .utf8) {
        bases.append(("scenarios/\(name).json", text, ""))
      }
    }
    for (path, column) in fields {
      for form in volumeForms + [trend(column)] {
        bases.append(("\(path) = \(form)", edited([(path, form)], base: everything), path))
      }
    }
    return bases
  }()

  // MARK: - The walk

  struct Walk {
    let validator = SchemaValidator(schema: ScenarioSchemaWalkTests.schema)
    var probes: [Probe] = []
    /// Probes are made only at paths that start with this (the part a base changes).
    var prefix = ""
    var visited: Set<String> = []

    /// The keywords of `node` with those of its `$ref` chain (the node's own win), and the
    /// schema location it came from.
    mutating func merged(_ node: JSONValue, at location: String) -> (JSONValue, String) {
      visited.insert(location)
      guard case .object(var members) = node, case .string(let ref)? = node["$ref"] else { return (node, location) }
      let (target, targetLocation) = merged(validator.resolve(node), at: String(ref.dropFirst()))
      members.removeAll { $0.key == "$ref" }
      if case .object(let inherited) = target {
        for m in inherited where !members.contains(where: { $0.key == m.key }) { members.append(m) }
      }
      return (.object(members), targetLocation)
    }

    mutating func visit(_ value: JSONValue, _ raw: JSONValue, path: String, location: String) {
      var (schema, location) = merged(raw, at: location)
      if case .array(let options)? = schema["anyOf"] {
        guard
          let k = options.indices.first(where: { validator.problems(in: value, against: options[$0]).isEmpty })
        else { return }
        let (option, optionLocation) = merged(options[k], at: location + "/anyOf/\(k)")
        // An option that only requires keys (sales: hoursPerDay or workWindows) constrains
        // the node's own properties, which keep their place.
        let constraintOnly = ["$ref", "anyOf", "type", "properties"].allSatisfy { options[k][$0] == nil }
        let owner = constraintOnly ? location : optionLocation
        if case .object(var members) = schema, case .object(let extra) = option {
          members.removeAll { $0.key == "anyOf" }
          members += extra.filter { e in !members.contains { $0.key == e.key } }
          schema = .object(members)
        }
        visit(value, schema, path: path, location: owner)
        return
      }
      let probing = path.hasPrefix(prefix)
      switch value {
      case .number where probing: numberProbes(schema, path: path)
      case .string where probing: stringProbes(schema, path: path)
      case .number, .string: break
      case .object(let members):
        if probing, schema["additionalProperties"] == .bool(false) {
          probes.append(Probe(path: join(path, "zzUnknown"), what: "an unknown key", edit: "1"))
        }
        if probing, case .array(let required)? = schema["required"] {
          for case .string(let key) in required {
            probes.append(Probe(path: join(path, key), what: "required key removed", edit: nil))
          }
        }
        for member in members {
          guard let sub = schema["properties"]?[member.key] else { continue }
          visit(member.value, sub, path: join(path, member.key), location: location + "/properties/" + member.key)
        }
      case .array(let elements):
        if probing, case .number(let m, _)? = schema["minItems"], m >= 1, elements.count == Int(m) {
          probes.append(Probe(path: path + "[\(elements.count - 1)]", what: "one item fewer than minItems", edit: nil))
        }
        if let items = schema["items"] {
          for (i, element) in elements.enumerated() {
            visit(element, items, path: path + "[\(i)]", location: location + "/items")
          }
        }
      default: break
      }
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    mutating func numberProbes(_ s: JSONValue, path: String) {
      let integer = s["type"] == .string("integer")
      func literal(_ x: Double) -> String {
        integer && abs(x) < 9e15 ? String(Int64(x)) : "\(x)"
      }
      func beyond(_ bound: Double, _ direction: Double) -> Double {
        integer ? bound + direction : bound + direction * Swift.max(abs(bound) * 1e-9, 1e-9)
      }
      func add(_ x: Double, _ what: String) { probes.append(Probe(path: path, what: what, edit: literal(x))) }
      // An integer bound beyond 2^53 is probed with its own digits, and ten times it beyond.
      if integer, case .number(let m, let digits)? = s["maximum"], m >= 0x1p53 {
        probes.append(Probe(path: path, what: "the maximum", edit: digits))
        probes.append(Probe(path: path, what: "ten times the maximum", edit: digits + "0"))
        if case .number(let low, _)? = s["minimum"] {
          add(low, "the minimum")
          add(low - 1, "just below the minimum")
        }
        probes.append(Probe(path: path, what: "a fraction", edit: "2.5"))
        return
      }
      var hasLower = false
      var hasUpper = false
      if case .number(let m, _)? = s["minimum"] {
        hasLower = true
        add(m, "the minimum")
        add(beyond(m, -1), "just below the minimum")
      }
      if case .number(let m, _)? = s["exclusiveMinimum"] {
        hasLower = true
        add(m, "the exclusive minimum")
        add(beyond(m, 1), "just above the exclusive minimum")
      }
      if case .number(let m, _)? = s["maximum"] {
        hasUpper = true
        add(m, "the maximum")
        add(beyond(m, 1), "just above the maximum")
      }
      if case .number(let m, _)? = s["exclusiveMaximum"] {
        hasUpper = true
        add(m, "the exclusive maximum")
        add(beyond(m, -1), "just below the exclusive maximum")
      }
      if !hasLower { add(-1e300, "-1e300 (no minimum)") }
      if !hasUpper { add(1e300, "1e300 (no maximum)") }
      if integer { probes.append(Probe(path: path, what: "a fraction", edit: "2.5")) }
      probes.append(Probe(path: path, what: "a string", edit: #""7""#))
    }

    mutating func stringProbes(_ s: JSONValue, path: String) {
      if case .array(let options)? = s["enum"] {
        for case .string(let option) in options {
          probes.append(Probe(path: path, what: "enum value '\(option)'", edit: JSONWriter.quote(option)))
        }
        probes.append(Probe(path: path, what: "a value not in the enum", edit: #""noSuchValue""#))
      }
      if s["pattern"] != nil { probes.append(Probe(path: path, what: "text against the pattern", edit: #""x""#)) }
      if s["minLength"] != nil { probes.append(Probe(path: path, what: "the empty string", edit: #""""#)) }
      if s["type"] == .string("string") { probes.append(Probe(path: path, what: "a number", edit: "7")) }
    }
  }

  /// A rule between values, or of the calendar, that JSON Schema cannot state, when `probe`
  /// (schema: accepted, decoder: refused) is one. Each rule is the decoder's and tested there.
  static func crossFieldRule(_ probe: Probe, message: String) -> String? {
    let rules = [
      ("must not be less than min", "a distribution's parameters are ordered: min ≤ max"),
      ("must lie between min (", "a distribution's parameters are ordered: min ≤ mode ≤ max"),
      ("a beta distribution with mean", "a beta's sd is below sqrt(mean × (1 − mean))"),
      ("has mean shape × scale", "a gamma's mean, shape × scale, is at most the field's maximum"),
      ("too extreme to use", "a lognormal's mean, exp(mu + sigma²/2), is at most the field's maximum"),
      ("hours per business day from", "hoursPerDay is at most the calendar's open hours"),
      ("must be greater than the rung before it", "escalation rungs increase"),
      ("must keep reps and hires together at most", "sales.reps plus every hire's reps is at most 100,000"),
      ("its largest monthly forecast × scale", "a trend's forecast × scale is at most the field's maximum"),
      ("is not an input slasim draws", "a correlation names an input of this scenario that is drawn"),
      ("drawn nowhere", "a correlation names an input of this scenario that is drawn"),
      ("whose points are drawn one by one", "a correlation names an input of this scenario that is drawn"),
      ("follows the same trend draw as", "a correlation names each trend draw by one path"),
      ("names one input twice", "a correlation names two different inputs"),
      ("repeats the pair", "each pair is correlated once"),
      ("do not form a valid correlation matrix", "the correlations form a positive semi-definite matrix"),
    ]
    return rules.first { message.contains($0.0) }?.1
  }

  /// Every place in the schema a value can be described: each `$defs` entry and each property
  /// and `anyOf` option under it or under the root (not following `$ref`).
  static func locations(_ node: JSONValue, at location: String, into out: inout Set<String>) {
    out.insert(location)
    if case .object(let members)? = node["properties"] {
      for m in members { locations(m.value, at: location + "/properties/" + m.key, into: &out) }
    }
    if case .array(let options)? = node["anyOf"] {
      for (k, o) in options.enumerated() where o["$ref"] == nil || o["properties"] != nil {
        locations(o, at: location + "/anyOf/\(k)", into: &out)
      }
    }
    if let items = node["items"], items["$ref"] == nil { locations(items, at: location + "/items", into: &out) }
  }

  /// Each base scenario, probed (the bases run in parallel).
  @Test(arguments: Self.bases.indices)
  func theDecoderAcceptsAndRefusesExactlyWhatTheSchemaStates(_ index: Int) throws {
    let (label, base, prefix) = Self.bases[index]
    var walk = Walk()
    walk.prefix = prefix
    let document = try JSONParser.parse(Array(base.utf8))
    let baseLoad = ScenarioLoader.load(base, file: Self.file)
    let baseSchema = walk.validator.problems(in: document)
    // A base the two disagree on is a finding; one both refuse is a form the field does not
    // take (a distribution where only rates go, say), and has nothing to probe.
    #expect(
      (baseLoad.scenario != nil) == baseSchema.isEmpty,
      "base \(label): schema \(baseSchema.first ?? "accepts"), decoder \(baseLoad.errors.first.map(\.description) ?? "accepts")")
    guard baseLoad.scenario != nil, baseSchema.isEmpty else { return }
    walk.visit(document, Self.schema, path: "", location: "")
    var mismatches: [String] = []
    for probe in walk.probes {
      let text = edited([(probe.path, probe.edit)], base: base)
      let schemaAccepts = walk.validator.problems(in: try JSONParser.parse(Array(text.utf8))).isEmpty
      let result = ScenarioLoader.load(text, file: Self.file)
      let decoderAccepts = result.scenario != nil
      guard schemaAccepts != decoderAccepts else { continue }
      let message = result.errors.first?.description ?? "accepted"
      if !decoderAccepts, Self.crossFieldRule(probe, message: message) != nil { continue }
      mismatches.append(
        "\(probe.path) = \(probe.edit ?? "(removed)") (\(probe.what)): schema \(schemaAccepts ? "accepts" : "refuses"), "
          + "decoder \(decoderAccepts ? "accepts" : "refuses: \(message)")")
    }
    #expect(
      mismatches.isEmpty,
      Comment(rawValue: "\(label): \(mismatches.count) of \(walk.probes.count) probes:\n" + mismatches.prefix(40).joined(separator: "\n")))
  }

  /// The bases use every place of the schema, and are probed more than 5,000 times in all.
  @Test func theBasesUseEveryPlaceOfTheSchema() throws {
    var walk = Walk()
    var probes = 0
    var valid = 0
    for (_, base, prefix) in Self.bases {
      let document = try JSONParser.parse(Array(base.utf8))
      guard walk.validator.problems(in: document).isEmpty else { continue }
      valid += 1
      walk.prefix = prefix
      walk.probes = []
      walk.visit(document, Self.schema, path: "", location: "")
      probes += walk.probes.count
    }
    // Measured: 189 valid bases of 218 (the rest are forms a field does not take), 5,970 probes.
    #expect(valid > 150 && probes > 5000, "\(valid) valid bases, \(probes) probes")
    var all: Set<String> = []
    Self.locations(Self.schema, at: "", into: &all)
    if case .object(let defs)? = Self.schema["$defs"] {
      for d in defs { Self.locations(d.value, at: "/$defs/" + d.key, into: &all) }
    }
    let unvisited = all.subtracting(walk.visited).sorted()
    #expect(unvisited.isEmpty, "schema places no base scenario uses: \(unvisited)")
  }
}
