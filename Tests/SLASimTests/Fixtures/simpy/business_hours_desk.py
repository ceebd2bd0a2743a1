#!/usr/bin/env python3
"""Reference figures of a business-hours M/M/c desk from SimPy, for WarmStartTests.swift.

The desk: 3 agents working Mon-Fri 09:00-17:00 (no holidays), each ticket an exponential
60 minutes of work; tickets arrive around the clock as a Poisson process of 469.2 a calendar
month (spread evenly over the month's wall-clock minutes: 85% of July 2026's open capacity).
The figure is the share of July 2026's tickets whose answer starts within 4 business hours
of their arrival (a ticket that arrives while closed waits from the next opening).

Independent of the Swift code: this simulates wall-clock time. Each agent is a SimPy process
that takes the oldest waiting ticket, waits for the next opening when the desk is closed,
and works through open periods only (work reaching 17:00 resumes at the next opening); open
minutes are counted from a day table. slasim instead maps everything into business minutes.

For each start date the desk starts empty and runs, with the same inputs every month, up to
the end of July 2026; each replication is an independent run and yields one July share. The
output gives the mean of the shares over the replications and its standard error.

Run from the repository root (SimPy 4.1.2, Python 3.11.7):

    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install simpy==4.1.2
    /tmp/peer/bin/python Tests/SLASimTests/Fixtures/simpy/business_hours_desk.py \
        > Tests/SLASimTests/Fixtures/simpy/business-hours-desk.json
"""

import datetime
import json
import math
import random
import sys

import simpy

AGENTS = 3
HANDLE_MEAN = 60.0  # minutes of work
TICKETS_PER_MONTH = 469.2
WITHIN = 240.0  # business minutes
OPEN, CLOSE = 9 * 60, 17 * 60
MEASURED = datetime.date(2026, 7, 1)
STARTS = {"empty": datetime.date(2026, 7, 1), "3 months": datetime.date(2026, 4, 1),
          "6 months": datetime.date(2026, 1, 1)}
REPLICATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def add_months(d, n):
    total = d.year * 12 + d.month - 1 + n
    return datetime.date(total // 12, total % 12 + 1, 1)


class Calendar:
    """Open minutes of each day from `origin`, and cumulative open minutes at midnight."""

    def __init__(self, origin, days):
        self.origin = origin
        self.open_before = [0.0]
        for k in range(days):
            weekday = (origin + datetime.timedelta(days=k)).weekday()
            self.open_before.append(self.open_before[-1] + (CLOSE - OPEN if weekday < 5 else 0))

    def is_business_day(self, day):
        return self.open_before[day + 1] > self.open_before[day]

    def business(self, t):
        """Open minutes from the origin to wall minute t."""
        day = int(t // 1440)
        minute = t - day * 1440
        inside = min(max(minute - OPEN, 0.0), CLOSE - OPEN) if self.is_business_day(day) else 0.0
        return self.open_before[day] + inside

    def open_until(self, t):
        """The end of the open period containing t, or None when closed at t."""
        day = int(t // 1440)
        minute = t - day * 1440
        if self.is_business_day(day) and OPEN <= minute < CLOSE:
            return day * 1440 + CLOSE
        return None

    def next_opening(self, t):
        day = int(t // 1440)
        if self.is_business_day(day) and t - day * 1440 < OPEN:
            return day * 1440 + OPEN
        day += 1
        while not self.is_business_day(day):
            day += 1
        return day * 1440 + OPEN


def replication(start, rng):
    end = add_months(MEASURED, 1)
    cal = Calendar(start, (end - start).days + 400)
    env = simpy.Environment()
    queue = simpy.Store(env)
    measured_from = (MEASURED - start).days * 1440
    measured_to = (end - start).days * 1440
    answered = [0, 0]  # tickets of the measured month, and those answered within the goal

    def arrivals():
        month = start
        while month < end:
            t0 = (month - start).days * 1440
            t1 = (add_months(month, 1) - start).days * 1440
            gap = (t1 - t0) / TICKETS_PER_MONTH
            t = t0 + rng.expovariate(1 / gap)
            while t < t1:
                yield env.timeout(t - env.now)
                queue.put(t)
                t += rng.expovariate(1 / gap)
            yield env.timeout(t1 - env.now)
            month = add_months(month, 1)

    def agent():
        while True:
            arrival = yield queue.get()
            if cal.open_until(env.now) is None:
                yield env.timeout(cal.next_opening(env.now) - env.now)
            if measured_from <= arrival < measured_to:
                answered[0] += 1
                if cal.business(env.now) - cal.business(arrival) <= WITHIN:
                    answered[1] += 1
            work = rng.expovariate(1 / HANDLE_MEAN)
            while work > 0:
                close = cal.open_until(env.now)
                if close is None:
                    yield env.timeout(cal.next_opening(env.now) - env.now)
                    continue
                step = min(work, close - env.now)
                yield env.timeout(step)
                work -= step

    env.process(arrivals())
    for _ in range(AGENTS):
        env.process(agent())
    # Run until every ticket of the measured month has been answered.
    env.run(until=measured_to + 200 * 1440)
    return answered[1] / answered[0] if answered[0] else 1.0


def main():
    out = {
        "peer": "SimPy %s, Python %s" % (simpy.__version__, sys.version.split()[0]),
        "agents": AGENTS, "handleMinutes": HANDLE_MEAN, "ticketsPerMonth": TICKETS_PER_MONTH,
        "withinBusinessMinutes": WITHIN, "measuredMonth": MEASURED.isoformat(),
        "replications": REPLICATIONS, "starts": {},
    }
    for i, (label, start) in enumerate(STARTS.items()):
        rng = random.Random(20261202 + i)
        shares = [replication(start, rng) for _ in range(REPLICATIONS)]
        mean = sum(shares) / len(shares)
        sd = math.sqrt(sum((x - mean) ** 2 for x in shares) / (len(shares) - 1))
        out["starts"][label] = {"start": start.isoformat(), "share": mean, "se": sd / math.sqrt(len(shares))}
        print(label, mean, sd / math.sqrt(len(shares)), file=sys.stderr)
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
