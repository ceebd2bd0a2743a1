#!/usr/bin/env python3
"""Peer of slasim for bench/peers/desk.json: the service desk in SimPy, written as a modeller
would: a Resource of `agents` agents, a generator process for the ticket arrivals and one
process per ticket that requests an agent, notes its first-response wait and holds the agent
for its handle time.

The model is desk_ciw.py's (docs/model.md "4. Service desk", "5. Goals"; see there): a fixed
customer base raising a Poisson process of tickets at ticketsPerCustomerPerMonth per customer
per calendar month, answered first come, first served by `agents` agents, each ticket taking an
exponential handleMinutes x (24 / hoursPerDay).

Semantic differences from slasim:
  - Random numbers: Python's Mersenne Twister (random.Random(seed)), not slasim's streams.
  - A ticket's handle time is drawn at its arrival, as slasim does.
  - Arrivals: exponential gaps at the month's rate, restarted at each month's start, as
    slasim's stream is (memoryless, exact). A ticket exactly at a month's end has probability
    0 (slasim counts t < end). SimPy's float clock may put an arrival a few ulps off its draw.
  - The desk starts empty in every trial (slasim too with warmUpMonths 0, which this peer
    requires), and runs until every ticket is answered.
  - Agent utilisation: handle minutes inside the horizon / (agents x the horizon's minutes).
  - "seconds" excludes reading the scenario and importing SimPy.
"""

import random
import time

import simpy

import peercommon as pc


def trial(p, rng):
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=p["agents"])
    bounds = p["bounds"]
    months = len(bounds) - 1
    horizon_end = bounds[-1]
    kind, mean = p["handle"]
    tickets = [0] * months
    on_time = [0] * months
    busy = [0.0]

    def ticket(month, arrival, handle):
        with agents.request() as request:
            yield request
            start = env.now
            if start - arrival <= p["within"]:
                on_time[month] += 1
            busy[0] += min(start + handle, horizon_end) - min(start, horizon_end)
            yield env.timeout(handle)

    def arrivals():
        for month in range(months):
            t0, t1 = bounds[month], bounds[month + 1]
            rate = p["customers"] * p["per_customer"] / (t1 - t0)
            if rate <= 0:
                continue
            t = t0 + rng.expovariate(rate)
            while t < t1:
                yield env.timeout(t - env.now)
                tickets[month] += 1
                handle = rng.expovariate(1 / mean) if kind == "exponential" else mean
                env.process(ticket(month, env.now, handle))
                t += rng.expovariate(rate)

    env.process(arrivals())
    env.run()
    return tickets, on_time, busy[0]


def main():
    args = pc.parse_args(__doc__.split("\n")[0])
    p = pc.read_desk(pc.load(args.scenario))
    months = len(p["bounds"]) - 1
    horizon = p["bounds"][-1] - p["bounds"][0]
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    tally = pc.ShareGoalTally(months, p["share"])
    for _ in range(args.trials):
        tickets, on_time, busy = trial(p, rng)
        tally.add(tickets, on_time, busy / (p["agents"] * horizon))
    seconds = time.perf_counter() - t0

    probs, means = pc.desk_result(tally, args.trials)
    pc.emit("SimPy %s" % simpy.__version__, args.trials, seconds, tally.events, probs, means)


if __name__ == "__main__":
    main()
