"""Shared plumbing of the Python peers: reading a slasim scenario, month boundaries, goal
comparison with slasim's slack, the command line and the one-line JSON result.

Nothing here simulates: every peer's model is in its own file. Only the scenario features the
peers implement are accepted; anything else stops the peer with a message (so that a peer never
silently simulates something other than what slasim does).
"""

import argparse
import datetime
import json
import math
import sys

MINUTES_PER_DAY = 1440.0
# docs/model.md §5: a share compares with a relative slack of 1e-12 (Tally.swift, shareMet).
SHARE_SLACK = 1e-12


class Unsupported(SystemExit):
    def __init__(self, path, what):
        super().__init__("%s: %s: not supported by this peer (%s)" % (sys.argv[0], path, what))


def parse_args(description, extra=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("scenario", help="slasim scenario JSON (format version 1)")
    p.add_argument("--trials", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    if extra:
        extra(p)
    return p.parse_args()


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        sc = json.load(f)
    if sc.get("calendar") != "24x7":
        raise Unsupported("$.calendar", 'only "24x7"')
    sim = sc.get("simulation", {})
    if sim.get("warmUpMonths", 0) != 0:
        raise Unsupported("$.simulation.warmUpMonths", "the peers start empty, like warmUpMonths 0")
    if sc.get("correlations"):
        raise Unsupported("$.correlations", "independent inputs only")
    return sc


def month_bounds(sc):
    """Wall minutes from the horizon's first midnight to each month's start, and the end:
    len = months + 1. With a 24x7 calendar wall minutes are business minutes."""
    start = datetime.date.fromisoformat(sc["horizon"]["start"])
    n = sc["horizon"]["months"]
    out = []
    for k in range(n + 1):
        total = start.year * 12 + start.month - 1 + k
        d = datetime.date(total // 12, total % 12 + 1, 1)
        out.append((d - start).days * MINUTES_PER_DAY)
    return out


def month_days(sc):
    b = month_bounds(sc)
    return [int(round((b[i + 1] - b[i]) / MINUTES_PER_DAY)) for i in range(len(b) - 1)]


def number(v, path):
    """A value that must be a fixed number (no distribution, schedule or trend)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Unsupported(path, "a fixed number only")
    return float(v)


def goal(v, path):
    return number(v, path)


def lognormal(v, path):
    """(mu, sigma) of a lognormal or fixed value; slasim's mean/sd conversion
    (docs/scenario-format.md): sigma^2 = log(1 + sd^2/mean^2), mu = log(mean) - sigma^2/2."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return (math.log(v), 0.0) if v > 0 else (None, 0.0)
    if isinstance(v, dict) and list(v) == ["lognormal"]:
        p = v["lognormal"]
        if "mu" in p:
            return float(p["mu"]), float(p["sigma"])
        s2 = math.log(1 + (p["sd"] / p["mean"]) ** 2)
        return math.log(p["mean"]) - s2 / 2, math.sqrt(s2)
    raise Unsupported(path, "a number or a lognormal")


def beta(v, path):
    """(alpha, beta) of a beta rate, or ("fixed", x) for a number; slasim's mean/sd conversion:
    k = mean(1 - mean)/sd^2 - 1, alpha = mean k, beta = (1 - mean) k."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return ("fixed", float(v))
    if isinstance(v, dict) and list(v) == ["beta"]:
        p = v["beta"]
        if "alpha" in p:
            return float(p["alpha"]), float(p["beta"])
        m, sd = p["mean"], p["sd"]
        k = m * (1 - m) / sd ** 2 - 1
        return m * k, (1 - m) * k
    raise Unsupported(path, "a number or a beta")


def share_met(part, whole, target):
    """Tally.swift shareMet: an empty month is met."""
    return whole == 0 or part >= target * whole * (1 - SHARE_SLACK)


class ShareGoalTally:
    """A share goal (first touch or first response) scored over trials as Tally.swift does:
    each month's share met, the horizon's on-time count against the share of all items, the
    mean share (1 for a horizon without items) and the mean utilisation."""

    def __init__(self, months, share):
        self.share = share
        self.month_met = [0] * months
        self.horizon_met = 0
        self.share_sum = 0.0
        self.util_sum = 0.0
        self.events = 0

    def add(self, items, on_time, utilisation):
        """One trial: items and on-time items per month, and its utilisation."""
        for m, (n, k) in enumerate(zip(items, on_time)):
            self.month_met[m] += share_met(k, n, self.share)
        n, k = sum(items), sum(on_time)
        self.horizon_met += share_met(k, n, self.share)
        self.share_sum += k / n if n else 1.0
        self.util_sum += utilisation
        self.events += n


def emit(peer, trials, seconds, events, probabilities, means, **extra):
    out = {"peer": peer, "trials": trials, "seconds": seconds, "events": events,
           "probabilities": probabilities, "means": means}
    out.update(extra)
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    print()


def read_desk(sc):
    """The service desk of a scenario without sales: 24x7, a fixed customer base (no leads, so
    no new customers; no churn), a fixed ticket rate, exponential or fixed handle times, no
    patience or work windows, and a firstResponse goal with one fixed share."""
    sv = sc.get("service")
    if sv is None:
        raise Unsupported("$.service", "a service desk")
    for i, s in enumerate(sc["marketing"]["sources"]):
        if number(s["leadsPerMonth"], "$.marketing.sources[%d].leadsPerMonth" % i) != 0:
            raise Unsupported("$.marketing.sources[%d].leadsPerMonth" % i, "0: no new customers")
    if sc["sales"].get("openPipeline") or sc["marketing"].get("goals") or sc["sales"].get("goals"):
        raise Unsupported("$.sales", "no open pipeline and no marketing or sales goals")
    if number(sv.get("monthlyChurn", 0), "$.service.monthlyChurn") != 0:
        raise Unsupported("$.service.monthlyChurn", "0")
    if "patienceMinutes" in sv or sv.get("workWindows"):
        raise Unsupported("$.service", "no patience or work windows")
    h = sv["handleMinutes"]
    if isinstance(h, dict) and list(h) == ["exponential"]:
        handle = ("exponential", float(h["exponential"]["mean"]))
    else:
        handle = ("fixed", number(h, "$.service.handleMinutes"))
    stretch = 24 / sv["hoursPerDay"]  # docs/model.md §4: handleMinutes x (open hours / hoursPerDay)
    goals = sv.get("goals", {})
    if set(goals) != {"firstResponse"}:
        raise Unsupported("$.service.goals", "only firstResponse")
    fr = goals["firstResponse"]
    return dict(
        agents=sv["agents"],
        customers=sv["existingCustomers"],
        per_customer=number(sv["ticketsPerCustomerPerMonth"], "$.service.ticketsPerCustomerPerMonth"),
        handle=(handle[0], handle[1] * stretch),
        within=number(fr["withinHours"], "$.service.goals.firstResponse.withinHours") * 60,
        share=goal(fr["share"], "$.service.goals.firstResponse.share"),
        bounds=month_bounds(sc))


def share_goal_result(t, trials, party, goal, kpi, utilisation):
    """Probabilities and means of a share-goal peer by slasim's JSON paths. The other parties
    have no goals here, so they always meet their SLA and the joint probability is `party`'s."""
    T = trials
    base = "parties.%s.goals.%s" % (party, goal)
    probs = {base + ".probability": t.horizon_met / T, "parties.%s.probability" % party: t.horizon_met / T,
             "joint.probability": t.horizon_met / T}
    for m, k in enumerate(t.month_met):
        probs["%s.byMonth[%d].probability" % (base, m)] = k / T
    means = {"kpis.%s.%s.mean" % (party, kpi): t.share_sum / T, "kpis.%s.%s.mean" % (party, utilisation): t.util_sum / T}
    return probs, means


def desk_result(t, trials):
    """Probabilities and means of a desk peer, by slasim's JSON paths."""
    probs, means = share_goal_result(t, trials, "service", "firstResponse", "firstResponseWithinShare", "agentUtilisation")
    means["kpis.service.tickets.mean"] = t.events / trials
    return probs, means
