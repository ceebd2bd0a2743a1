/// Flattens a tree into CSV rows `field,value`, where `field` is the JSON path
/// (`parties.sales.goals.revenuePerMonth.byMonth[2].probability.estimate`).
public struct CSVPathWriter: TreeWriter {
  public private(set) var text = "field,value\n"
  private var path: [String] = []
  private var arrayIndex: [Int?] = []

  public init() {}

  private mutating func component(_ key: String?) -> String {
    if let key { return key }
    guard let last = arrayIndex.last, let index = last else { return "" }
    arrayIndex[arrayIndex.count - 1] = index + 1
    return "[\(index)]"
  }

  private func joined(_ parts: [String]) -> String {
    var out = ""
    for part in parts where !part.isEmpty {
      if part.hasPrefix("[") || out.isEmpty { out += part } else { out += "." + part }
    }
    return out
  }

  public mutating func beginObject(_ key: String?) {
    path.append(component(key))
    arrayIndex.append(nil)
  }

  public mutating func endObject() {
    path.removeLast()
    arrayIndex.removeLast()
  }

  public mutating func beginArray(_ key: String?) {
    path.append(component(key))
    arrayIndex.append(0)
  }

  public mutating func endArray() { endObject() }

  private mutating func row(_ key: String?, _ value: String) {
    let field = joined(path + [component(key)])
    text += CSVPathWriter.escape(field) + "," + CSVPathWriter.escape(value) + "\n"
  }

  public mutating func number(_ key: String?, _ value: Double) {
    row(key, value.isFinite ? JSONWriter.format(value) : "")
  }
  public mutating func integer(_ key: String?, _ value: Int) { row(key, String(value)) }
  public mutating func unsigned(_ key: String?, _ value: UInt64) { row(key, String(value)) }
  public mutating func string(_ key: String?, _ value: String) { row(key, value) }
  public mutating func bool(_ key: String?, _ value: Bool) { row(key, value ? "true" : "false") }
  /// An empty value, as for a non-finite number.
  public mutating func null(_ key: String?) { row(key, "") }

  /// RFC 4180 quoting when needed.
  static func escape(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    var out = "\""
    for c in s {
      if c == "\"" { out += "\"\"" } else { out.append(c) }
    }
    return out + "\""
  }
}
