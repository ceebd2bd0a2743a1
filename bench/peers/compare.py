#!/usr/bin/env python3
"""Runs slasim and its independent Python peers on the same scenarios, checks that every
probability (and mean) they share agrees within Monte Carlo error, and prints a throughput
table. Exit 0 when everything agrees, 1 on a disagreement, 2 when a run fails.

  python bench/peers/compare.py [--slasim PATH] [--quick] [--seed S] [--out FILE]

Agreement: a probability estimated as p1 from n1 trials (slasim) and p2 from n2 (a peer)
agrees when |p1 - p2| <= 4 sqrt(p1(1 - p1)/n1 + p2(1 - p2)/n2); a mean when
|m1 - m2| <= 4 sd sqrt(1/n1 + 1/n2), sd being slasim's standard deviation of the KPI over
trials (the same law under agreement). Four standard errors: P(|Z| > 4) = 6.3e-5, so with the
62 checks a false alarm has probability about 0.4% per comparison.

Throughput: slasim runs each scenario twice at one seed and trial count, with --threads 2
(both cores) and --threads 1 (one core); both give the same figures (only run.seconds
differs), and the agreement check uses them. Peers are single-threaded Python. "seconds" is
each program's own simulation time (slasim's run.seconds; the peer's "seconds"), not process
start-up. Events: leads for the funnel, attempts for the follow-up queue, tickets answered for
the desk; for slasim read from its JSON's queueEvents when present, otherwise from its KPI
means x trials (marketing.leads; marketing.sqls - sales.leadsAbandoned with maxAttempts 1;
service.tickets), which are the same counts. slasim / peer = slasim's trials/s ÷ the peer's:
"total" with slasim on both cores, "per core" with slasim --threads 1.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SIGMAS = 4.0

# (trials by default, trials with --quick). Default counts keep the whole comparison at
# about 2.5 minutes on a 2-core machine with a release build.
SCENARIOS = [
    {"name": "funnel", "file": "funnel.json", "events": "leads", "slasim": (40960, 4096), "peers": [
        ("NumPy straightforward", "funnel_numpy.py", ["--impl", "straightforward"], (40000, 4000)),
        ("NumPy best", "funnel_numpy.py", ["--impl", "best"], (40000, 4000)),
    ]},
    {"name": "queue", "file": "queue.json", "events": "attempts", "slasim": (40960, 4096), "peers": [
        ("SimPy", "queue_simpy.py", [], (1500, 150)),
    ]},
    {"name": "desk", "file": "desk.json", "events": "tickets", "slasim": (40960, 4096), "peers": [
        ("Ciw", "desk_ciw.py", [], (800, 60)),
        ("SimPy", "desk_simpy.py", [], (1500, 120)),
    ]},
]


def run_json(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit("compare.py: failed (exit %d): %s" % (r.returncode, " ".join(cmd)))
    return json.loads(r.stdout), time.perf_counter() - t


def lookup(doc, path):
    """slasim's JSON at a peer's name: 'parties.sales.goals.firstTouch.byMonth[2].probability'
    or 'kpis.sales.revenue.mean' (KPI ids contain dots)."""
    if path.startswith("kpis."):
        kpi, field = path[len("kpis."):].rsplit(".", 1)
        return doc["kpis"][kpi][field], doc["kpis"][kpi]
    node = doc
    for part in path.split("."):
        if part.endswith("]"):
            key, index = part[:-1].split("[")
            node = node[key][int(index)]
        else:
            node = node[part]
    return node, None


def find_key(doc, key):
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == key:
                return v
            found = find_key(v, key)
            if found is not None:
                return found
    elif isinstance(doc, list):
        for v in doc:
            found = find_key(v, key)
            if found is not None:
                return found
    return None


def slasim_events(doc, kind):
    trials = doc["run"]["trials"]
    kpi = lambda k: doc["kpis"][k]["mean"] * trials
    if kind == "leads":
        return round(kpi("marketing.leads")), "marketing.leads"
    queue_events = find_key(doc, "queueEvents")
    if queue_events is not None:
        return int(queue_events), "queueEvents"
    if kind == "attempts":
        return round(kpi("marketing.sqls") - kpi("sales.leadsAbandoned")), "KPIs"
    return round(kpi("service.tickets")), "KPIs"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--slasim", default=os.environ.get("SLASIM", os.path.join(ROOT, ".build/release/slasim")))
    ap.add_argument("--python", default=sys.executable, help="interpreter for the peers (numpy, simpy, ciw)")
    ap.add_argument("--quick", action="store_true", help="small trial counts: a smoke test in well under a minute")
    ap.add_argument("--seed", type=int, default=20261211)
    ap.add_argument("--out", help="also write every run's JSON and the checks to this file")
    args = ap.parse_args()
    q = 1 if args.quick else 0
    load = os.getloadavg()
    print("compare.py: slasim %s; peers on %s; seed %d; %s trial counts; load average before: %.2f %.2f %.2f; %d CPUs"
          % (args.slasim, args.python, args.seed, "quick" if q else "default", *load, os.cpu_count()))
    print("tolerance: |p1 - p2| <= %g sqrt(p1(1-p1)/n1 + p2(1-p2)/n2) for probabilities, "
          "|m1 - m2| <= %g sd sqrt(1/n1 + 1/n2) for means (sd: slasim's)" % (SIGMAS, SIGMAS))
    sys.stdout.flush()

    rows, checks, record = [], [], {}
    for sc in SCENARIOS:
        path = os.path.join(HERE, sc["file"])
        n = sc["slasim"][q]
        runs = {}
        for threads in (2, 1):
            doc, _ = run_json([args.slasim, "run", path, "--trials", str(n), "--seed", str(args.seed),
                               "--threads", str(threads), "--format", "json", "--quiet"])
            runs[threads] = doc
            events, source = slasim_events(doc, sc["events"])
            rows.append((sc["name"], "slasim --threads %d" % threads, threads, doc["run"]["trials"],
                         doc["run"]["seconds"], events))
        ref = runs[2]
        if json.dumps(ref["parties"]) != json.dumps(runs[1]["parties"]):
            print("warning: slasim's --threads 1 and --threads 2 probabilities differ on %s" % sc["file"])
        record[sc["name"]] = {"slasim": ref, "slasimEvents": source, "peers": {}}
        for label, script, extra, counts in sc["peers"]:
            out, _ = run_json([args.python, os.path.join(HERE, script), path, "--trials", str(counts[q]),
                               "--seed", str(args.seed)] + extra)
            record[sc["name"]]["peers"][label] = out
            rows.append((sc["name"], "%s (%s)" % (label, out["peer"]), 1, out["trials"], out["seconds"], out["events"]))
            n1, n2 = ref["run"]["trials"], out["trials"]
            for name, p2 in out["probabilities"].items():
                obj, _ = lookup(ref, name)
                p1 = obj["estimate"]
                tol = SIGMAS * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
                checks.append((sc["name"], label, name, p1, p2, tol, abs(p1 - p2) <= tol))
            for name, m2 in out["means"].items():
                m1, kpi = lookup(ref, name)
                tol = SIGMAS * kpi["sd"] * math.sqrt(1 / n1 + 1 / n2)
                checks.append((sc["name"], label, name, m1, m2, tol, abs(m1 - m2) <= tol))
            print("  ran %s / %s: %d trials in %.2f s" % (sc["name"], label, out["trials"], out["seconds"]))
            sys.stdout.flush()

    print("\nAgreement (slasim at --threads 2 vs each peer):")
    w = max(len(c[2]) for c in checks)
    print("%-7s %-22s %-*s %14s %14s %11s %11s  %s" % ("scen.", "peer", w, "quantity", "slasim", "peer", "|diff|", "tol", "ok"))
    for s, label, name, a, b, tol, ok in checks:
        print("%-7s %-22s %-*s %14.6g %14.6g %11.3g %11.3g  %s"
              % (s, label, w, name, a, b, abs(a - b), tol, "ok" if ok else "DISAGREE"))
    bad = [c for c in checks if not c[6]]
    print("%d checks, %d disagree" % (len(checks), len(bad)))

    print("\nThroughput (seconds: simulation time only; slasim / peer: trials/s ratio):")
    print("%-7s %-36s %5s %8s %8s %10s %10s %14s %14s"
          % ("scen.", "implementation", "cores", "trials", "seconds", "trials/s", "events/s",
             "slasim/peer", "per core"))
    rate = {}
    for s, impl, cores, trials, secs, events in rows:
        tps = trials / secs if secs > 0 else float("inf")
        if impl.startswith("slasim"):
            rate[(s, cores)] = tps
            ratio = ("", "")
        else:
            ratio = ("%.3g" % (rate[(s, 2)] / tps), "%.3g" % (rate[(s, 1)] / tps))
        print("%-7s %-36s %5d %8d %8.3f %10.4g %10.4g %14s %14s"
              % (s, impl, cores, trials, secs, tps, events / secs if secs > 0 else float("inf"), *ratio))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())

    if args.out:
        with open(args.out, "w") as f:
            json.dump({"runs": record, "checks": [dict(zip(("scenario", "peer", "quantity", "slasim", "peerValue",
                                                             "tolerance", "ok"), c)) for c in checks],
                       "throughput": [dict(zip(("scenario", "implementation", "cores", "trials", "seconds", "events"), r))
                                      for r in rows]}, f, indent=1)
    if bad:
        print("compare.py: %d disagreement(s) beyond %g standard errors" % (len(bad), SIGMAS))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
