#!/usr/bin/env python3
"""Generate scenarios/history/company-a.csv: 36 months of company A's history.

Company A is DOMAIN.md's worked example: a company growing annual revenue from
about $10M toward $15M, with about 300 marketing leads a month, a lead-to-
customer close rate rising from about 25%, and a sales cycle shortening from
45 toward 35 days. The file is synthetic: trend + monthly seasonality + noise,
drawn from Python's Mersenne Twister with a fixed seed, so running this script
again (any CPython 3.x; only the standard library is used) reproduces the file
byte for byte:

    python3 scenarios/history/make_company_a.py > scenarios/history/company-a.csv

Columns (documented in docs/fit.md):
    month             YYYY-MM, 2023-07 ... 2026-06
    mqlLeads          marketing-generated leads in the month
    mqlCustomers      how many of those leads became customers
    mqlRevenue        revenue from those customers (dollars)
    marketingRevenue  revenue closed in the month from marketing leads, any cohort (dollars)
    totalRevenue      total revenue closed in the month (dollars)
    cycleDays         average sales-cycle length of the deals closed (days)
"""

import math
import random
import sys

SEED = 20230701
FIRST_YEAR, FIRST_MONTH, MONTHS = 2023, 7, 36

# Multiplicative seasonality of lead volume by calendar month (Jan..Dec): a summer dip,
# autumn and January peaks, a quiet December. Mean 1.
LEAD_SEASON = [1.05, 1.02, 1.08, 1.00, 1.00, 0.95, 0.88, 0.85, 1.06, 1.10, 1.02, 0.90]
LEAD_SEASON = [s * 12 / sum(LEAD_SEASON) for s in LEAD_SEASON]
# Extra sales-cycle days by calendar month: slow Augusts and Decembers.
CYCLE_SEASON = [0.5, 0, 0, 0, 0, 0, 1.0, 2.0, 0, 0, 0.5, 3.0]
# Marketing's share of revenue dips in December (large year-end renewals and enterprise deals).
SHARE_SEASON = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.04]


def main():
    rng = random.Random(SEED)
    rows = []
    cohort_revenue = []
    for t in range(MONTHS):
        year = FIRST_YEAR + (FIRST_MONTH - 1 + t) // 12
        month = (FIRST_MONTH - 1 + t) % 12 + 1
        season = LEAD_SEASON[month - 1]

        lead_mean = (290 + 1.5 * t) * season
        leads = max(0, round(rng.gauss(lead_mean, 1.5 * math.sqrt(lead_mean))))

        close_rate = 0.25 + 0.0022 * t + rng.gauss(0, 0.012)
        customers = sum(1 for _ in range(leads) if rng.random() < close_rate)

        # Deal sizes: lognormal per customer around a slowly rising mean.
        deal_mean = 7000 + 12 * t
        sigma = 0.35
        mu = math.log(deal_mean) - sigma * sigma / 2
        mql_revenue = round(sum(rng.lognormvariate(mu, sigma) for _ in range(customers)))
        cohort_revenue.append(mql_revenue)

        # Revenue closed this month from marketing leads spreads over this and the two
        # previous cohorts (the sales cycle is 35-45 days).
        prev1 = cohort_revenue[t - 1] if t >= 1 else mql_revenue
        prev2 = cohort_revenue[t - 2] if t >= 2 else prev1
        marketing_revenue = round((0.35 * mql_revenue + 0.45 * prev1 + 0.20 * prev2) * rng.gauss(1, 0.03))

        share = 0.56 + 0.001 * t + SHARE_SEASON[month - 1] + rng.gauss(0, 0.015)
        total_revenue = round(marketing_revenue / share)

        cycle = 45 - 10 * t / (MONTHS - 1) + CYCLE_SEASON[month - 1] + rng.gauss(0, 1.2)

        rows.append((f"{year:04d}-{month:02d}", leads, customers, mql_revenue, marketing_revenue,
                     total_revenue, f"{cycle:.1f}"))

    out = sys.stdout
    out.write("month,mqlLeads,mqlCustomers,mqlRevenue,marketingRevenue,totalRevenue,cycleDays\n")
    for r in rows:
        out.write(",".join(str(v) for v in r) + "\n")


if __name__ == "__main__":
    main()
