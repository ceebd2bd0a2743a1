/// A report written once as a tree: JSON renders the tree, CSV flattens it to `field,value`
/// rows whose field is the JSON path, so scripts can use either (DESIGN.md §5).
/// The terminal table is drawn from the result, not the tree: it groups and rounds for reading.
public protocol TreeReport {
  func write<W: TreeWriter>(to w: inout W)
  /// The terminal rendering, for an 80-column screen.
  var table: String { get }
}

extension TreeReport {
  public var json: String {
    var w = JSONWriter()
    write(to: &w)
    return w.text + "\n"
  }

  public var csv: String {
    var w = CSVPathWriter()
    write(to: &w)
    return w.text
  }
}

extension TreeWriter {
  /// Opens a report's top object with what every report starts with: `schemaVersion`,
  /// `scenario.name`, and the `run` object: seed, then the caller's trial counts, then the
  /// timing (unless omitted to compare runs bit for bit) and the versions that fix the bits.
  mutating func beginReport(
    scenarioName: String, seed: UInt64, threads: Int, seconds: Double?, trials: (inout Self) -> Void
  ) {
    beginObject()
    integer("schemaVersion", 1)
    beginObject("scenario")
    string("name", scenarioName)
    endObject()
    beginObject("run")
    unsigned("seed", seed)
    trials(&self)
    if let seconds {
      integer("threads", threads)
      number("seconds", (seconds * 1000).rounded() / 1000)
    }
    string("slasimVersion", SLASimVersion.current)
    integer("randomStreamVersion", SLASimVersion.randomStream)
    integer("blockSize", SimulationEngine.blockSize)
    endObject()
  }
}
