/// The per-trial CSV of `run --trials-csv` (issue 10): one row per trial, in trial order,
/// written block by block while the run goes on.
///
/// Columns: `trial` (0-based; trial `t` is the same trial in every run of the scenario at
/// the seed), each KPI by its name (horizon totals, shares in [0, 1]), then `goal.PARTY.KEY`
/// for every goal and `met.PARTY` for every party and `met.joint`, each 1 when met over the
/// horizon and 0 when missed. The mean of a `met` column is the run's estimate exactly.
public enum TrialsCSV {
  /// The header line.
  public static func header(_ rows: TrialRows) -> String {
    var columns = ["trial"] + rows.kpis.map(\.rawValue)
    columns += rows.goals.map { "goal.\($0.party.rawValue).\($0.key)" }
    columns += rows.parties.map { "met.\($0.rawValue)" } + ["met.joint"]
    return columns.joined(separator: ",") + "\n"
  }

  /// The lines of `rows`, in trial order.
  public static func lines(_ rows: TrialRows) -> String {
    var out = ""
    for row in 0..<rows.count {
      out += String(rows.firstTrial + row)
      for k in rows.kpis.indices {
        out += ","
        out += JSONWriter.format(rows.kpi(row: row, k))
      }
      for g in rows.goals.indices { out += rows.goalMet(row: row, g) ? ",1" : ",0" }
      for p in rows.parties { out += rows.partyMet(row: row, p) ? ",1" : ",0" }
      out += rows.jointMet(row: row) ? ",1\n" : ",0\n"
    }
    return out
  }
}
