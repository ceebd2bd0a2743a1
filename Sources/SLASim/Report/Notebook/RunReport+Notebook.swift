/// The `run` command's notebook: the result as JSON with the charts' data, and cells that
/// redraw the HTML report's charts with pandas and matplotlib.
extension RunReport {
  /// The notebook's JSON text (nbformat 4.5).
  public var notebook: String {
    var tree = JSONWriter(pretty: false)
    write(to: &tree, charts: true)
    var nb = Notebook()
    let r = result
    var summary = "# \(r.scenarioName)\n\n"
    summary += "slasim \(SLASimVersion.current), seed \(r.seed), \(Format.number(Double(r.trials))) trials, \(r.months.first ?? "")–\(r.months.last ?? "").\n\n"
    summary += "| party | P(meets its SLA) | 95% interval |\n|---|---|---|\n"
    for party in r.parties {
      summary += "| \(party.party.rawValue) | \(Format.percent(party.probability.estimate)) | \(Format.percent(party.probability.low))–\(Format.percent(party.probability.high)) |\n"
    }
    summary += "| all parties | \(Format.percent(r.joint.estimate)) | \(Format.percent(r.joint.low))–\(Format.percent(r.joint.high)) |\n\n"
    summary += "The cells below load this result (`data`, the JSON of `slasim run --format json` with the charts' data under `charts`) and redraw the HTML report's charts; start your own analysis from `data`."
    nb.markdown("summary", summary)
    nb.loadData(tree.text)
    nb.code(
      "goals",
      """
      # Every goal's probability over the horizon and by month, with 95% Wilson intervals.
      rows = []
      for party, p in data["parties"].items():
          for key, g in p["goals"].items():
              for m in g["byMonth"]:
                  pr = m["probability"]
                  rows.append({"party": party, "goal": key, "month": m["month"], "estimate": pr["estimate"], "low": pr["low"], "high": pr["high"]})
      goals = pd.DataFrame(rows)
      fig, ax = plt.subplots(figsize=(9, 4))
      for (party, key), g in goals.groupby(["party", "goal"], sort=False):
          ax.errorbar(g["month"], g["estimate"], yerr=[g["estimate"] - g["low"], g["high"] - g["estimate"]], marker="o", capsize=3, label=f"{party}: {key}")
      ax.set_ylim(0, 1.02)
      ax.set_ylabel("P(goal met in the month)")
      ax.set_xlabel("month")
      ax.set_title("Probability of meeting each goal, by month")
      ax.legend(fontsize=7, ncol=2)
      plt.show()
      goals.pivot_table(index=["party", "goal"], columns="month", values="estimate", sort=False)
      """)
    nb.code(
      "waterfall",
      """
      # The marketing waterfall: cumulative leads by day against the goal line (g/n a day).
      charts = data["charts"]
      months = charts["leadsByMonth"]
      fig, axes = plt.subplots(1, len(months), figsize=(3.2 * len(months), 3), squeeze=False)
      for ax, month in zip(axes[0], months):
          days = pd.DataFrame(month["days"])
          day = range(1, len(days) + 1)
          ax.fill_between(day, days["p10"], days["p90"], alpha=0.3, label="10-90%")
          ax.plot(day, days["p50"], label="median")
          if month["goal"] is not None:
              ax.plot([0, len(days)], [0, month["goal"]], "--", label="goal")
          ax.set_title(month["month"])
          ax.set_xlabel("day")
      axes[0][0].set_ylabel("cumulative leads")
      axes[0][0].legend(fontsize=7)
      plt.tight_layout()
      plt.show()
      """)
    nb.code(
      "speed",
      """
      # Speed of follow-up: first-touch times (business hours) against the SLA, then the weekly share within it.
      ft = charts["firstTouch"]
      total = sum(ft["counts"]) + ft["later"] + ft["never"]
      edges = [k * ft["binHours"] for k in range(len(ft["counts"]))]
      fig, (a, b) = plt.subplots(1, 2, figsize=(11, 3.5))
      a.bar(edges, [c / total for c in ft["counts"]], width=ft["binHours"], align="edge")
      a.axvline(ft["withinHours"], color="black", linestyle="--", label=f"SLA {ft['withinHours']} h")
      a.set_xlabel("business hours to first touch")
      a.set_ylabel("share of SQLs")
      a.set_title(f"later: {ft['later'] / total:.2%}, never touched: {ft['never'] / total:.2%}")
      a.legend()
      weeks = pd.DataFrame(charts["weeks"])
      weeks["share"] = weeks["within"] / weeks["sqls"]
      b.plot(weeks["start"], weeks["share"], marker="o")
      if ft["goalShare"] is not None:
          b.axhline(ft["goalShare"], color="red", linestyle="--", label="goal")
          b.legend()
      b.set_ylabel("share within the SLA")
      b.set_xlabel("week starting")
      b.tick_params(axis="x", rotation=60, labelsize=7)
      plt.tight_layout()
      plt.show()
      weeks
      """)
    nb.code(
      "distributions",
      """
      # Depth (attempts on unconnected leads) and revenue per month across trials, against their goals.
      def boxes(ax, rows, goal_key, title, ylabel):
          stats = [{"label": r["month"], "med": r["p50"], "q1": r["p25"], "q3": r["p75"], "whislo": r["p05"], "whishi": r["p95"]} for r in rows]
          ax.bxp(stats, showfliers=False)
          goals = [r.get(goal_key) for r in rows]
          if all(g is not None for g in goals):
              ax.plot(range(1, len(goals) + 1), goals, "r--", label="goal")
              ax.legend()
          ax.set_title(title)
          ax.set_ylabel(ylabel)
      fig, (a, b) = plt.subplots(1, 2, figsize=(11, 3.5))
      boxes(a, charts["depth"], "goal", "Depth of follow-up", "attempts per unconnected lead")
      boxes(b, charts["revenue"], "quota", "Revenue per month", "revenue")
      plt.tight_layout()
      plt.show()
      """)
    nb.code(
      "escalation",
      """
      # The escalation ladder: P(k months missed in a row).
      esc = data["escalation"]
      ladder = pd.DataFrame([{"months missed in a row": r["monthsMissed"], "probability": r["probability"]["estimate"]} for r in esc["rungs"]])
      ax = ladder.plot.barh(x="months missed in a row", y="probability", legend=False, figsize=(6, 2.5))
      ax.set_xlim(0, 1)
      ax.set_title(f"cancel after {esc['cancel']['monthsMissed']} months: {esc['cancel']['probability']['estimate']:.2%}")
      plt.show()
      ladder
      """)
    return nb.render(title: r.scenarioName)
  }

  /// The report's tree, with the charts' data under `charts` when asked and recorded.
  func write<W: TreeWriter>(to w: inout W, charts: Bool) {
    let r = result
    w.beginReport(scenarioName: r.scenarioName, seed: r.seed, threads: r.threads, seconds: includeTiming ? r.seconds : nil) { w in
      w.integer("trials", r.trials)
      w.integer("warmUpMonths", r.warmUpMonths)
      if let p = r.precision {
        w.beginObject("precision")
        w.number("halfWidth", p.target.halfWidth)
        w.integer("maxTrials", p.target.maxTrials)
        w.string("stoppedOn", p.met ? "precision" : "maxTrials")
        w.number("widestHalfWidth", p.widestHalfWidth)
        w.string("widest", p.widest)
        w.endObject()
      }
    }
    writeBody(to: &w)
    if charts, let c = r.charts { Self.writeCharts(c, months: r.months, to: &w) }
    w.endObject()
  }

  static func writeCharts<W: TreeWriter>(_ c: RunCharts, months: [String], to w: inout W) {
    func spread(_ s: RunCharts.Spread) {
      w.number("p05", s.p05)
      w.number("p25", s.p25)
      w.number("p50", s.p50)
      w.number("p75", s.p75)
      w.number("p95", s.p95)
    }
    w.beginObject("charts")
    w.beginArray("leadsByMonth")
    for month in c.leadsByMonth {
      w.beginObject()
      w.string("month", month.month)
      if let goal = month.goal { w.number("goal", goal) } else { w.null("goal") }
      w.beginArray("days")
      for d in month.cumulative {
        w.beginObject()
        w.number("p10", d.p10)
        w.number("p50", d.p50)
        w.number("p90", d.p90)
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.beginObject("firstTouch")
    w.number("withinHours", c.firstTouch.withinHours)
    if let g = c.firstTouch.goalShare { w.number("goalShare", g) } else { w.null("goalShare") }
    w.number("binHours", c.firstTouch.binHours)
    w.beginArray("counts")
    for n in c.firstTouch.counts { w.integer(nil, n) }
    w.endArray()
    w.integer("later", c.firstTouch.later)
    w.integer("never", c.firstTouch.never)
    w.endObject()
    w.beginArray("weeks")
    for week in c.weeks {
      w.beginObject()
      w.string("start", week.start)
      w.integer("sqls", week.sqls)
      w.integer("within", week.within)
      w.endObject()
    }
    w.endArray()
    w.beginArray("revenue")
    for (i, s) in c.revenue.enumerated() {
      w.beginObject()
      w.string("month", months[i])
      spread(s)
      if let q = c.quota { w.number("quota", q[i]) } else { w.null("quota") }
      w.endObject()
    }
    w.endArray()
    w.beginArray("depth")
    for (i, s) in c.depth.enumerated() {
      w.beginObject()
      w.string("month", months[i])
      spread(s)
      if let g = c.depthGoal { w.number("goal", g[i]) } else { w.null("goal") }
      w.endObject()
    }
    w.endArray()
    w.integer("maxAttempts", c.maxAttempts)
    w.endObject()
  }
}
