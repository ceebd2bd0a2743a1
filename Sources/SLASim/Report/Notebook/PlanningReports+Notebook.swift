/// The notebooks of `fit`, `stress`, `solve`, `plan`, `compare` and `sensitivity`: a markdown
/// summary, the command's JSON (exactly `--format json`'s) as `data`, and cells that redraw its
/// report's chart and table with pandas and matplotlib.
extension Notebook {
  /// A whole notebook: title and summary, the data cell, then `cells` as (id, source).
  static func command(title: String, summary: String, json: String, cells: [(String, String)]) -> String {
    var nb = Notebook()
    nb.markdown("summary", "# \(title)\n\n\(summary)\n\nThe cells below load the result as `data` (the JSON of `--format json`) and redraw the HTML report's charts; start your own analysis from `data`.")
    nb.loadData(json)
    for (id, source) in cells { nb.code(id, source) }
    return nb.render(title: title)
  }
}

extension TreeReport {
  /// The report's JSON on one line, for a notebook's data cell.
  var compactJSON: String {
    var w = JSONWriter(pretty: false)
    write(to: &w)
    return w.text
  }
}

extension StressReport {
  public var notebook: String {
    Notebook.command(
      title: "stress: \(result.scenarioName)", summary: "The response-time targets side by side at \(Format.goalPercent(result.confidence)) confidence.",
      json: compactJSON,
      cells: [
        ("levels", """
          # The nines: P(meet) today and the staff each level needs.
          levels = pd.DataFrame([{"goal": l["goal"], "level": l["level"], "P(meet) today": l["probability"]["estimate"],
                                  "staff needed": l["staffNeeded"], "status": l["staffStatus"], "late today (mean)": l["expectedMisses"]}
                                 for l in data["levels"]])
          levels
          """),
        ("curves", """
          # P(meet) against staff, one line per level and goal.
          for g in data["goals"]:
              fig, ax = plt.subplots(figsize=(7, 3.5))
              rows = [{"staff": s["staff"], "level": l["level"], "estimate": l["estimate"], "low": l["low"], "high": l["high"]}
                      for s in g["staffings"] for l in s["levels"]]
              frame = pd.DataFrame(rows).sort_values("staff")
              for level, f in frame.groupby("level"):
                  ax.errorbar(f["staff"], f["estimate"], yerr=[f["estimate"] - f["low"], f["high"] - f["estimate"]], marker="o", capsize=3, label=f"{level:.5%}")
              ax.axhline(data["confidence"], color="black", linestyle="--", label="required confidence")
              ax.axvline(g["currentStaff"], color="grey", linestyle=":", label="today")
              ax.set_xlabel(g["staff"])
              ax.set_ylabel("P(meets the level)")
              ax.set_ylim(0, 1.02)
              ax.set_title(g["goal"])
              ax.legend(fontsize=7)
              plt.show()
          """),
      ])
  }
}

extension GoalSeekReport {
  public var notebook: String {
    Notebook.command(
      title: "solve: \(result.scenarioName)", summary: "The \(result.variable.seek == .smallest ? "smallest" : "largest") \(result.variable.path) with P(\(result.goal)) ≥ \(Format.goalPercent(result.target)).",
      json: compactJSON,
      cells: [
        ("search", """
          # Every value the search tried, against the target.
          s = data["search"]
          evaluations = pd.DataFrame([{"value": e["value"], "trials": e["trials"], "estimate": e["probability"]["estimate"],
                                       "low": e["probability"]["low"], "high": e["probability"]["high"], "meets": e["meets"]}
                                      for e in s["evaluations"]]).sort_values("value")
          fig, ax = plt.subplots(figsize=(7, 3.5))
          ax.errorbar(evaluations["value"], evaluations["estimate"], yerr=[evaluations["estimate"] - evaluations["low"], evaluations["high"] - evaluations["estimate"]], fmt="o", capsize=3)
          ax.axhline(s["target"], color="black", linestyle="--", label="target")
          ax.axvline(data["solution"]["value"], color="red", linestyle=":", label="answer")
          ax.set_xlabel(s["variable"])
          ax.set_ylabel("P(" + s["goal"] + ")")
          ax.set_ylim(0, 1.02)
          ax.legend()
          plt.show()
          evaluations
          """),
      ])
  }
}

extension QuotaPlanReport {
  public var notebook: String {
    Notebook.command(
      title: "plan: \(plan.scenarioName)", summary: "\(Format.number(plan.annualRevenue)) split across \(plan.months.count) months three ways.",
      json: compactJSON,
      cells: [
        ("splits", """
          # The quota of each month under each split, and each month's P(quota met).
          rows = [{"split": name, "month": m["month"], "quota": m["quota"], "P(met)": m["probability"]["estimate"]}
                  for name, split in data["splits"].items() for m in split["months"]]
          splits = pd.DataFrame(rows)
          fig, (a, b) = plt.subplots(1, 2, figsize=(12, 3.8))
          splits.pivot(index="month", columns="split", values="quota").plot.bar(ax=a)
          a.set_ylabel("quota")
          a.set_title("The quota split by month")
          splits.pivot(index="month", columns="split", values="P(met)").plot(ax=b, marker="o")
          b.set_ylim(0, 1.02)
          b.set_ylabel("P(quota met in the month)")
          plt.tight_layout()
          plt.show()
          splits.pivot(index="month", columns="split", values="quota")
          """),
      ])
  }
}

extension ComparisonReport {
  public var notebook: String {
    Notebook.command(
      title: "compare: \(result.a.scenarioName) → \(result.b.scenarioName)", summary: "A \(files.a), B \(files.b), on the same \(Format.number(Double(result.a.trials))) trials (common random numbers).",
      json: compactJSON,
      cells: [
        ("delta", """
          # ΔP = P(B) − P(A) with its paired 95% interval, per party, goal and all parties.
          rows = []
          for party, p in data["parties"].items():
              for key, item in [(party, p)] + [(party + "." + k, g) for k, g in p["goals"].items()]:
                  if "difference" in item:
                      d = item["difference"]
                      rows.append({"item": key, "estimate": d["estimate"], "low": d["low"], "high": d["high"]})
          if "difference" in data["joint"]:
              d = data["joint"]["difference"]
              rows.append({"item": "joint", "estimate": d["estimate"], "low": d["low"], "high": d["high"]})
          delta = pd.DataFrame(rows)
          fig, ax = plt.subplots(figsize=(7, 0.35 * len(delta) + 1))
          ax.errorbar(delta["estimate"], range(len(delta)), xerr=[delta["estimate"] - delta["low"], delta["high"] - delta["estimate"]], fmt="o", capsize=3)
          ax.set_yticks(range(len(delta)), delta["item"])
          ax.axvline(0, color="black", linestyle="--")
          ax.invert_yaxis()
          ax.set_xlabel("ΔP = P(B) − P(A)")
          plt.show()
          delta
          """),
      ])
  }
}

extension SensitivityReport {
  public var notebook: String {
    Notebook.command(
      title: "sensitivity: \(result.scenarioName)", summary: "Each input moved one at a time to its low and high setting on the same \(Format.number(Double(result.trials))) trials.",
      json: compactJSON,
      cells: [
        ("tornado", """
          # One tornado per party and for all parties: P at each input's low and high setting.
          tornadoes = list(data["parties"].items()) + [("all parties", data["joint"])]
          for name, t in tornadoes:
              bars = pd.DataFrame([{"input": i["path"], "low": i["probabilityAtLow"]["estimate"], "high": i["probabilityAtHigh"]["estimate"]} for i in t["inputs"]])
              fig, ax = plt.subplots(figsize=(7, 0.3 * len(bars) + 1))
              left = bars[["low", "high"]].min(axis=1)
              ax.barh(range(len(bars)), bars[["low", "high"]].max(axis=1) - left, left=left)
              ax.set_yticks(range(len(bars)), bars["input"], fontsize=7)
              ax.axvline(t["base"]["estimate"], color="black", linestyle="--", label="as is")
              ax.invert_yaxis()
              ax.set_xlabel("P(" + name + " meets its SLA)")
              ax.legend()
              plt.show()
          """),
      ])
  }
}

extension FitReport {
  public var notebook: String {
    var w = JSONWriter(pretty: false)
    write(to: &w)
    // The history itself, so the notebook can draw the data beside the forecast.
    let series = fits.compactMap { fit in history.series(named: fit.column).map { (fit.column, $0.values) } }
    var data = JSONWriter(pretty: false)
    data.beginObject()
    data.beginArray("months")
    for m in history.months { data.string(nil, m.description) }
    data.endArray()
    data.beginObject("values")
    for (name, values) in series {
      data.beginArray(name)
      for v in values { data.number(nil, v) }
      data.endArray()
    }
    data.endObject()
    data.endObject()
    var nb = Notebook()
    nb.markdown("summary", "# fit: \(history.file)\n\n\(Self.extent(history))\(timeNote.map { "; \($0)" } ?? "").\n\nThe cells below load the fit as `data` (the JSON of `--format json`) and the history as `history`, and redraw the report's charts.")
    nb.loadData(w.text)
    nb.code("history", "history = json.loads(\(JSONWriter.quote(data.text)))")
    nb.code(
      "series",
      """
      # Per series: the history, and the forecast with its 80% and 95% prediction bands.
      for name, fit in data["metrics"].items():
          fig, ax = plt.subplots(figsize=(8, 3))
          values = history["values"].get(name, [])
          months = history["months"][:len(values)]
          ax.plot(months, values, "o", color="black", label="history")
          if fit["forecast"]:
              f = pd.DataFrame(fit["forecast"])
              ax.fill_between(f["month"], f["low95"], f["high95"], alpha=0.2, label="95%")
              ax.fill_between(f["month"], f["low80"], f["high80"], alpha=0.3, label="80%")
              ax.plot(f["month"], f["mean"], "--", label="forecast")
          ax.set_title(name + ": " + fit["model"])
          ax.tick_params(axis="x", rotation=60, labelsize=6)
          ax.legend(fontsize=7)
          plt.show()
      """)
    return nb.render(title: "fit: \(history.file)")
  }
}
