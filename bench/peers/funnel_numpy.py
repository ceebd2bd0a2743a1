#!/usr/bin/env python3
"""Peer of slasim for bench/peers/funnel.json: the queue-free funnel, in NumPy, vectorised
across trials. Two implementations (--impl):

  straightforward  per trial and day, Poisson lead counts for each source (mean: the source's
                   leadsPerMonth / the month's days), binomial qualification of each day's leads,
                   binomial closes of each day's SQLs at the trial's close rate, one lognormal
                   per deal summed per trial-month with np.bincount.
  best             Poisson splitting (below): three Poisson counts per trial-month, one flat
                   lognormal array for every deal of the chunk, summed per trial-month with
                   np.add.reduceat.

What slasim does (docs/model.md "1. Leads", "3. Pipeline", "5. Goals"; TrialKernel.swift), in
this scenario: in month m the leads are a Poisson process over the month's minutes with mean
L = sum of the sources' leadsPerMonth (fixed numbers here, so not drawn); each lead picks source
s with probability l_s / L and qualifies with q_s; every SQL gets exactly one zero-minute attempt
at its arrival (24x7, ample reps: no waiting), which connects (connectRate 1), becomes an
opportunity (opportunityRate 1 by default) and resolves at once (cycleDays 0) in its arrival
month, won with the trial's close rate c (a beta drawn once per trial), for a lognormal deal
size drawn per deal. Revenue counts in the close day's calendar month = the arrival month.

Why "best" is exact. Given c, each lead is independently given one of three marks - not
qualified, qualified and lost, won - with probabilities (1 - q_s, q_s (1 - c), q_s c) that depend
only on its source. By the superposition/colouring theorem of Poisson processes (Kingman,
Poisson Processes, 1993, sections 2.2 and 5.1), picking the source with probability l_s / L
turns the month's Poisson(L) process into independent Poisson(l_s) processes, and independent
marking turns each of those into independent Poisson processes of each mark; sums of
independent Poisson counts are Poisson. So, given c, the month's counts
    N_unqualified ~ Poisson(sum l_s (1 - q_s)), N_lost ~ Poisson(sum l_s q_s (1 - c)),
    N_won ~ Poisson(sum l_s q_s c)
are independent, leads = all three, SQLs = N_lost + N_won, deals = N_won, and months are
disjoint intervals, hence independent given c. Deal sizes are iid and independent of the
counts, so a month's revenue is the sum of N_won iid lognormals. This is the joint law of
(leads, SQLs, deals, revenue) of every month of a trial, not only each marginal, which the
party and joint probabilities need (the lead and SQL goals are judged together). The
straightforward version is exact too: the sum of the days' independent Poisson(l_s / days)
counts is Poisson(l_s), and binomial thinning of a Poisson count is Poisson.

Semantic differences from slasim (none changes a probability or a mean):
  - Random numbers: NumPy's PCG64 (numpy.random.default_rng(seed)), not slasim's streams, so
    the trials are different ones; only the distributions agree.
  - Leads have no arrival times: only per-day (straightforward) or per-month (best) counts. A
    lead at exactly a month's end has probability 0 in both (slasim counts arrivals t < end).
  - slasim draws the close rate on the close day from the rate in force: with one beta for the
    whole horizon that is the trial's single draw, as here.
  - The peer accepts only this scenario's features (24x7, fixed volumes and qualify rates, one
    zero-minute attempt, connect 1, opportunity 1, cycle 0, no other revenue, no open pipeline,
    no service) and stops on anything else.
  - "seconds" excludes reading the scenario and importing NumPy.
"""

import time

import numpy as np

import peercommon as pc

CHUNK = 8192  # trials simulated at once (memory: ~200 deals per trial)


def read(sc):
    mk, sa = sc["marketing"], sc["sales"]
    if sc.get("service") is not None:
        raise pc.Unsupported("$.service", "no service desk")
    fu = sa["followUp"]
    if fu["maxAttempts"] != 1 or pc.number(fu["connectRate"], "$.sales.followUp.connectRate") != 1:
        raise pc.Unsupported("$.sales.followUp", "one attempt with connectRate 1")
    if fu["minutesPerAttempt"] != 0:
        raise pc.Unsupported("$.sales.followUp.minutesPerAttempt", "0 (no queue)")
    if pc.number(sa.get("opportunityRate", 1), "$.sales.opportunityRate") != 1:
        raise pc.Unsupported("$.sales.opportunityRate", "1")
    if pc.number(sa["cycleDays"], "$.sales.cycleDays") != 0:
        raise pc.Unsupported("$.sales.cycleDays", "0")
    if sa.get("openPipeline") or pc.number(sa.get("otherRevenuePerMonth", 0), "$.sales.otherRevenuePerMonth") != 0:
        raise pc.Unsupported("$.sales", "no open pipeline or other revenue")
    if sa.get("hires") or sa.get("workWindows"):
        raise pc.Unsupported("$.sales", "no hires or work windows")
    lam = np.array([pc.number(s["leadsPerMonth"], "$.marketing.sources[].leadsPerMonth") for s in mk["sources"]])
    q = np.array([pc.number(s.get("qualifyRate", 1), "$.marketing.sources[].qualifyRate") for s in mk["sources"]])
    for s in mk["sources"]:
        if s.get("goals") or s.get("valuePerLead"):
            raise pc.Unsupported("$.marketing.sources[]", "no source goals or lead values")
    g = mk.get("goals", {})
    if set(g) - {"leadsPerMonth", "sqlsPerMonth"} or set(sa.get("goals", {})) - {"revenuePerMonth"}:
        raise pc.Unsupported("goals", "leadsPerMonth, sqlsPerMonth, revenuePerMonth")
    goals = {}
    if "leadsPerMonth" in g:
        goals[("marketing", "leadsPerMonth")] = pc.goal(g["leadsPerMonth"], "$.marketing.goals.leadsPerMonth")
    if "sqlsPerMonth" in g:
        goals[("marketing", "sqlsPerMonth")] = pc.goal(g["sqlsPerMonth"], "$.marketing.goals.sqlsPerMonth")
    if "revenuePerMonth" in sa.get("goals", {}):
        goals[("sales", "revenuePerMonth")] = pc.goal(sa["goals"]["revenuePerMonth"], "$.sales.goals.revenuePerMonth")
    close = pc.beta(sa["closeRate"], "$.sales.closeRate")
    mu, sigma = pc.lognormal(sa["dealSize"], "$.sales.dealSize")
    return dict(lam=lam, q=q, close=close, mu=mu, sigma=sigma, goals=goals, days=pc.month_days(sc))


def close_rates(rng, close, n):
    if close[0] == "fixed":
        return np.full(n, close[1])
    return rng.beta(close[0], close[1], n)


def deal_sizes(rng, p, n):
    if p["mu"] is None:
        return np.zeros(n)
    if p["sigma"] == 0:
        return np.full(n, np.exp(p["mu"]))
    return rng.lognormal(p["mu"], p["sigma"], n)


def chunk_straightforward(rng, p, n):
    """Leads, SQLs, deals and revenue per (trial, month) for n trials."""
    c = close_rates(rng, p["close"], n)
    months = len(p["days"])
    leads = np.empty((n, months), np.int64)
    sqls = np.empty((n, months), np.int64)
    deals = np.empty((n, months), np.int64)
    for m, d in enumerate(p["days"]):
        daily = rng.poisson(p["lam"] / d, size=(n, d, len(p["lam"])))
        qualified = rng.binomial(daily, p["q"])
        won = rng.binomial(qualified, c[:, None, None])
        leads[:, m] = daily.sum(axis=(1, 2))
        sqls[:, m] = qualified.sum(axis=(1, 2))
        deals[:, m] = won.sum(axis=(1, 2))
    flat = deals.ravel()
    owner = np.repeat(np.arange(flat.size), flat)
    revenue = np.bincount(owner, weights=deal_sizes(rng, p, owner.size), minlength=flat.size).reshape(n, months)
    return leads, sqls, deals, revenue


def chunk_best(rng, p, n):
    c = close_rates(rng, p["close"], n)
    months = len(p["days"])
    lam_q = float(np.dot(p["lam"], p["q"]))
    lam_not = float(p["lam"].sum()) - lam_q
    unqualified = rng.poisson(lam_not, size=(n, months))
    lost = rng.poisson((lam_q * (1 - c))[:, None], size=(n, months))
    deals = rng.poisson((lam_q * c)[:, None], size=(n, months))
    flat = deals.ravel()
    sizes = deal_sizes(rng, p, int(flat.sum()))
    starts = np.concatenate(([0], np.cumsum(flat)[:-1]))
    # reduceat gives sizes[start] for an empty segment (and fails at len): pad and mask.
    revenue = np.add.reduceat(np.append(sizes, 0.0), starts)
    revenue[flat == 0] = 0.0
    return unqualified + lost + deals, lost + deals, deals, revenue.reshape(n, months)


def main():
    args = pc.parse_args(__doc__.split("\n")[0], lambda a: a.add_argument(
        "--impl", choices=["straightforward", "best"], default="best"))
    p = read(pc.load(args.scenario))
    simulate = chunk_straightforward if args.impl == "straightforward" else chunk_best
    months = len(p["days"])
    goal_keys = list(p["goals"])
    rng = np.random.default_rng(args.seed)

    t0 = time.perf_counter()
    month_met = {k: np.zeros(months, np.int64) for k in goal_keys}
    horizon_met = {k: 0 for k in goal_keys}
    party_met = {"marketing": 0, "sales": 0}
    joint = 0
    sums = {"leads": 0.0, "sqls": 0.0, "deals": 0.0, "revenue": 0.0}
    events = 0
    done = 0
    while done < args.trials:
        n = min(CHUNK, args.trials - done)
        leads, sqls, deals, revenue = simulate(rng, p, n)
        figure = {"leadsPerMonth": leads, "sqlsPerMonth": sqls, "revenuePerMonth": revenue}
        party_ok = {"marketing": np.ones(n, bool), "sales": np.ones(n, bool)}
        for key in goal_keys:
            ok = figure[key[1]] >= p["goals"][key]  # (n, months): month's figure >= target
            month_met[key] += ok.sum(axis=0)
            every = ok.all(axis=1)  # ...PerMonth goals need every month
            horizon_met[key] += int(every.sum())
            party_ok[key[0]] &= every
        for party in party_met:
            party_met[party] += int(party_ok[party].sum())
        joint += int((party_ok["marketing"] & party_ok["sales"]).sum())
        sums["leads"] += float(leads.sum())
        sums["sqls"] += float(sqls.sum())
        sums["deals"] += float(deals.sum())
        sums["revenue"] += float(revenue.sum())
        events += int(leads.sum())
        done += n
    seconds = time.perf_counter() - t0

    T = args.trials
    probs = {}
    for (party, key) in goal_keys:
        base = "parties.%s.goals.%s" % (party, key)
        probs[base + ".probability"] = horizon_met[(party, key)] / T
        for m in range(months):
            probs["%s.byMonth[%d].probability" % (base, m)] = int(month_met[(party, key)][m]) / T
    for party in party_met:
        probs["parties.%s.probability" % party] = party_met[party] / T
    probs["joint.probability"] = joint / T
    means = {"kpis.marketing.leads.mean": sums["leads"] / T, "kpis.marketing.sqls.mean": sums["sqls"] / T,
             "kpis.sales.deals.mean": sums["deals"] / T, "kpis.sales.revenue.mean": sums["revenue"] / T}
    pc.emit("numpy %s" % np.__version__, T, seconds, events, probs, means)


if __name__ == "__main__":
    main()
