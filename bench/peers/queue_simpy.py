#!/usr/bin/env python3
"""Peer of slasim for bench/peers/queue.json: the follow-up queue, in SimPy, written as a
modeller would: a Resource for the reps, a generator process for the lead arrivals and one
process per SQL that requests a rep, notes its first-touch wait, holds the rep for the attempt
and releases it.

What slasim does (docs/model.md "1. Leads", "2. Follow-up queue", "5. Goals"; TrialKernel.swift
generateLeads/runFollowUp; Tally.swift): in month m the leads are a Poisson process over the
month's minutes with mean leadsPerMonth (a volume per calendar month, so the rate per minute is
leadsPerMonth / the month's minutes and differs between 30- and 31-day months), each an SQL with
qualifyRate; `reps` reps serve SQLs first come, first served; an attempt occupies a rep
minutesPerAttempt x (24 / hoursPerDay) minutes on a 24x7 calendar; first touch = start of the
first attempt - arrival. With maxAttempts 1 there are no retries, so connectRate and the
pipeline do not touch the queue: the queue is M/D/reps. A month's firstTouch goal is met when
its SQLs' (by arrival month) on-time share >= share (an empty month is met); the horizon goal
when the horizon's on-time count >= share x the horizon's SQLs (one constant share). SQLs that
arrive in the horizon are followed after its end; none arrive after it.

Semantic differences from slasim:
  - Random numbers: Python's Mersenne Twister (random.Random(seed)), not slasim's streams.
  - The queue starts empty in every trial (slasim too: warmUpMonths 0, which this peer
    requires); each trial is an independent replication.
  - Arrival process: this peer restarts the exponential gaps at each month's start with that
    month's rate, as slasim does (memoryless, so either is an exact piecewise-constant Poisson
    process). A lead exactly at a month's end has probability 0 (slasim counts t < end).
  - Time is SimPy's float clock; env.timeout(t - now) may land a few ulps off the drawn arrival
    time (irrelevant at these magnitudes).
  - giveUpAfterDays (default 20 days) is not modelled: the peer counts leads that waited longer
    and reports them as "unmodelled"; with this scenario's load there are none (a wait of 20
    days at 78% utilisation does not happen), so the figures are unaffected.
  - Rep utilisation: busy minutes inside the horizon / (reps x the horizon's minutes), as
    slasim's sales.repUtilisation without work windows.
  - "seconds" excludes reading the scenario and importing SimPy.
"""

import random
import time

import simpy

import peercommon as pc


def read(sc):
    sa, mk = sc["sales"], sc["marketing"]
    fu = sa["followUp"]
    if fu["maxAttempts"] != 1:
        raise pc.Unsupported("$.sales.followUp.maxAttempts", "1 (no retries)")
    if sa.get("hires") or sa.get("workWindows"):
        raise pc.Unsupported("$.sales", "no hires or work windows")
    g = sa.get("goals", {})
    if set(g) != {"firstTouch"} or mk.get("goals") or sc.get("service", {}).get("goals"):
        raise pc.Unsupported("goals", "only sales.goals.firstTouch")
    if len(mk["sources"]) != 1:
        raise pc.Unsupported("$.marketing.sources", "one source")
    src = mk["sources"][0]
    return dict(
        volume=pc.number(src["leadsPerMonth"], "$.marketing.sources[0].leadsPerMonth"),
        qualify=pc.number(src.get("qualifyRate", 1), "$.marketing.sources[0].qualifyRate"),
        reps=sa["reps"],
        attempt=pc.number(fu["minutesPerAttempt"], "$.sales.followUp.minutesPerAttempt") * 24 / sa["hoursPerDay"],
        give_up=fu.get("giveUpAfterDays", 20) * pc.MINUTES_PER_DAY,
        within=pc.number(g["firstTouch"]["withinHours"], "$.sales.goals.firstTouch.withinHours") * 60,
        share=pc.goal(g["firstTouch"]["share"], "$.sales.goals.firstTouch.share"),
        bounds=pc.month_bounds(sc))


def trial(p, rng):
    """One replication: per month (SQLs, on time), busy minutes in the horizon, late leads."""
    env = simpy.Environment()
    reps = simpy.Resource(env, capacity=p["reps"])
    bounds = p["bounds"]
    months = len(bounds) - 1
    horizon_end = bounds[-1]
    sqls = [0] * months
    on_time = [0] * months
    stats = {"busy": 0.0, "unmodelled": 0}

    def sql(month, arrival):
        with reps.request() as request:
            yield request
            start = env.now
            wait = start - arrival
            if wait <= p["within"]:
                on_time[month] += 1
            if wait > p["give_up"]:
                stats["unmodelled"] += 1
            stats["busy"] += min(start + p["attempt"], horizon_end) - min(start, horizon_end)
            yield env.timeout(p["attempt"])

    def arrivals():
        for month in range(months):
            t0, t1 = bounds[month], bounds[month + 1]
            rate = p["volume"] / (t1 - t0)  # per minute, this month
            if rate <= 0:
                continue
            t = t0 + rng.expovariate(rate)
            while t < t1:
                yield env.timeout(t - env.now)
                if p["qualify"] >= 1 or rng.random() < p["qualify"]:
                    sqls[month] += 1
                    env.process(sql(month, env.now))
                t += rng.expovariate(rate)

    env.process(arrivals())
    env.run()  # until every SQL has had its attempt
    return sqls, on_time, stats


def main():
    args = pc.parse_args(__doc__.split("\n")[0])
    p = read(pc.load(args.scenario))
    months = len(p["bounds"]) - 1
    horizon = p["bounds"][-1] - p["bounds"][0]
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    tally = pc.ShareGoalTally(months, p["share"])
    unmodelled = 0
    for _ in range(args.trials):
        sqls, on_time, stats = trial(p, rng)
        tally.add(sqls, on_time, stats["busy"] / (p["reps"] * horizon))
        unmodelled += stats["unmodelled"]
    seconds = time.perf_counter() - t0

    probs, means = pc.share_goal_result(tally, args.trials, "sales", "firstTouch", "firstTouchWithinShare", "repUtilisation")
    pc.emit("SimPy %s" % simpy.__version__, args.trials, seconds, tally.events, probs, means, unmodelled=unmodelled)


if __name__ == "__main__":
    main()
