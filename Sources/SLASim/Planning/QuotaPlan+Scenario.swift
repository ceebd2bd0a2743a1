extension QuotaPlan {
  /// The scenario `document` with this plan as its goals (`slasim plan --write-scenario`):
  /// `sales.goals.revenuePerMonth` becomes a step schedule of the chosen split's monthly
  /// quotas, and each source's `goals.leadsPerMonth` a step schedule of the leads it must
  /// deliver, rounded up to whole leads (a source with a month no number of leads reaches
  /// gets no goal, and a note says so). Every other key is kept as written.
  ///
  /// - Parameter rebase: Maps a relative path of the old document (a trend's `history`, the
  ///   `$schema`) to one that works from the new file's folder.
  /// - Returns: The edited document and notes on what was written.
  public func goalDocument(_ document: JSONValue, rebase: (String) -> String) -> (document: JSONValue, notes: [String]) {
    var notes: [String] = []
    func schedule(_ values: [Double]) -> JSONValue {
      .object([
        JSONMember(
          "schedule",
          .array(
            zip(months, values).map { month, value in
              .object([JSONMember("from", .string(month.description)), JSONMember("value", .number(value))])
            })),
        JSONMember("interpolate", .string("step")),
      ])
    }
    var out = Self.setting(document, ["sales", "goals", "revenuePerMonth"], to: schedule(chosen.quotas))
    notes.append("$.sales.goals.revenuePerMonth: the \(chosen.name) quotas, month by month.")
    if case .array(let sourceNodes)? = out["marketing"]?["sources"] {
      var edited = sourceNodes
      for (k, source) in sources.enumerated() where k < edited.count {
        guard source.leadsNeeded.allSatisfy({ $0 != nil }) else {
          notes.append(
            "$.marketing.sources[\(k)] ('\(source.name)'): no goal written: no number of leads reaches some month's quota.")
          continue
        }
        let leads = source.leadsNeeded.map { ($0 ?? 0).rounded(.up) }
        guard leads.allSatisfy({ $0 <= ScenarioDecoder.maximumCountGoal }) else {
          notes.append(
            "$.marketing.sources[\(k)] ('\(source.name)'): no goal written: it would need more than "
              + "\(ScenarioText.number(ScenarioDecoder.maximumCountGoal)) leads in a month, the most a goal can be.")
          continue
        }
        edited[k] = Self.setting(edited[k], ["goals", "leadsPerMonth"], to: schedule(leads))
        notes.append("$.marketing.sources[\(k)].goals.leadsPerMonth: the leads '\(source.name)' must deliver, rounded up.")
      }
      out = Self.setting(out, ["marketing", "sources"], to: .array(edited))
    }
    out = ScenarioCalibration.rebaseTrends(out, path: "$", skipping: [], rebase: rebase, notes: &notes)
    if case .object(var members) = out, let i = members.firstIndex(where: { $0.key == "$schema" }),
      case .string(let old) = members[i].value, !old.contains("://"), !old.isEmpty
    {
      let new = rebase(old)
      if new != old {
        members[i].value = .string(new)
        out = .object(members)
        notes.append("$.$schema: '\(old)' → '\(new)', the same file seen from the new scenario's folder.")
      }
    }
    return (out, notes)
  }

  /// `value` with the member at `keys` set to `new`, creating the objects on the way (a
  /// member that is not an object is replaced by one).
  static func setting(_ value: JSONValue, _ keys: ArraySlice<String>, to new: JSONValue) -> JSONValue {
    guard let key = keys.first else { return new }
    var members: [JSONMember]
    if case .object(let m) = value { members = m } else { members = [] }
    if let i = members.firstIndex(where: { $0.key == key }) {
      members[i].value = setting(members[i].value, keys.dropFirst(), to: new)
    } else {
      members.append(JSONMember(key, setting(.object([]), keys.dropFirst(), to: new)))
    }
    return .object(members)
  }

  static func setting(_ value: JSONValue, _ keys: [String], to new: JSONValue) -> JSONValue {
    setting(value, keys[...], to: new)
  }
}
