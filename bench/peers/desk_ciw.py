#!/usr/bin/env python3
"""Peer of slasim for bench/peers/desk.json: the service desk as a Ciw queueing network of one
node (`agents` servers, first in first out), one Ciw Simulation per trial.

What slasim does (docs/model.md "4. Service desk", "5. Goals"; ServiceDesk.swift; Tally.swift):
the customers active at a month's start (here the fixed existingCustomers: no leads, so no new
customers, and no churn) raise tickets as one Poisson process over the month's wall minutes at
ticketsPerCustomerPerMonth each (a rate per calendar month, so per minute it is
customers x rate / the month's minutes); `agents` agents answer them first come, first served,
each ticket taking handleMinutes x (24 / hoursPerDay) minutes on a 24x7 calendar (exponential
here: an M/M/agents queue, Erlang C in steady state); first response = answer start - arrival.
A month's firstResponse goal is met when the share of its tickets (by arrival month) answered
within withinHours is >= share (an empty month is met); the horizon goal when the horizon's
on-time count >= share x its tickets (one constant share). Tickets of the horizon are answered
after it ends; none arrive after it.

Semantic differences from slasim:
  - Random numbers: Ciw draws from Python's `random` (seeded once with ciw.seed(seed)), not
    slasim's streams.
  - Ciw draws a ticket's handle time when its service starts, slasim when it arrives. With iid
    handle times and FIFO service the waiting times have the same law.
  - Arrivals: a custom Ciw distribution (MonthlyPoisson) draws exponential gaps at the month's
    rate and restarts at the next month's start when a gap crosses it, as slasim's stream
    restarts per month (memoryless: an exact piecewise-constant Poisson process). After the
    horizon it returns infinity (no arrivals). A ticket exactly at a month's end has
    probability 0 (slasim counts t < end).
  - The desk starts empty in every trial (slasim too with warmUpMonths 0, which this peer
    requires): each trial is an independent replication, run until every ticket is answered.
  - Agent utilisation: handle minutes inside the horizon / (agents x the horizon's minutes), as
    slasim's service.agentUtilisation without work windows.
  - "seconds" excludes reading the scenario and importing Ciw, but includes building each
    trial's ciw.Simulation and reading its records.
"""

import bisect
import random
import time

import ciw

import peercommon as pc


class MonthlyPoisson(ciw.dists.Distribution):
    """Gaps of a Poisson process whose rate is constant within each month and 0 after the last."""

    def __init__(self, bounds, rates):
        self.bounds, self.rates = bounds, rates

    def sample(self, t=None, ind=None):
        now = t
        m = bisect.bisect_right(self.bounds, now) - 1
        while 0 <= m < len(self.rates):
            if self.rates[m] > 0:
                x = now + random.expovariate(self.rates[m])
                if x < self.bounds[m + 1]:
                    return x - t
            now = self.bounds[m + 1]  # restart at the next month's start (memoryless)
            m += 1
        return float("inf")


def main():
    args = pc.parse_args(__doc__.split("\n")[0])
    p = pc.read_desk(pc.load(args.scenario))
    bounds = p["bounds"]
    months = len(bounds) - 1
    horizon_end = bounds[-1]
    rates = [p["customers"] * p["per_customer"] / (bounds[m + 1] - bounds[m]) for m in range(months)]
    kind, mean = p["handle"]
    service = ciw.dists.Exponential(1 / mean) if kind == "exponential" else ciw.dists.Deterministic(mean)
    network = ciw.create_network(
        arrival_distributions=[MonthlyPoisson(bounds, rates)],
        service_distributions=[service],
        number_of_servers=[p["agents"]])
    ciw.seed(args.seed)

    t0 = time.perf_counter()
    tally = pc.ShareGoalTally(months, p["share"])
    for _ in range(args.trials):
        sim = ciw.Simulation(network)
        # Arrivals stop at the horizon's end, so the run ends when the desk is empty; the limit
        # is only a guard.
        sim.simulate_until_max_time(horizon_end + 3650 * pc.MINUTES_PER_DAY)
        if any(node.all_individuals for node in sim.transitive_nodes):
            raise SystemExit("desk_ciw: tickets still waiting at the time limit")
        tickets = [0] * months
        on_time = [0] * months
        busy = 0.0
        for r in sim.get_all_records():
            if r.record_type != "service":
                continue
            m = bisect.bisect_right(bounds, r.arrival_date) - 1
            tickets[m] += 1
            if r.service_start_date - r.arrival_date <= p["within"]:
                on_time[m] += 1
            busy += min(r.service_end_date, horizon_end) - min(r.service_start_date, horizon_end)
        tally.add(tickets, on_time, busy / (p["agents"] * (horizon_end - bounds[0])))
    seconds = time.perf_counter() - t0

    probs, means = pc.desk_result(tally, args.trials)
    pc.emit("Ciw %s" % ciw.__version__, args.trials, seconds, tally.events, probs, means)


if __name__ == "__main__":
    main()
