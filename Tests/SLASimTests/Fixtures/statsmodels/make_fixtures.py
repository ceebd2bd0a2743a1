#!/usr/bin/env python3
"""Reference values from statsmodels OLS for StatsmodelsCrossCheckTests.swift.

Fits the same designs slasim builds for `slasim fit` (t = months since the first month,
raw powers t, t^2, ...; seasonal indicators Feb..Dec against January; log(y) for the
log-linear model) to scenarios/history/company-a.csv with statsmodels.api.OLS, and writes
estimates, standard errors, t, p, residual SD, R^2, adjusted R^2 and the 80% and 95%
prediction intervals (get_prediction(...).summary_frame(alpha)["obs_ci_lower"/"obs_ci_upper"],
t quantiles from scipy) for each case.

The CSV text is embedded in the output so the Swift test needs nothing outside the test
bundle. Run from the repository root:

    python3 Tests/SLASimTests/Fixtures/statsmodels/make_fixtures.py \
        > Tests/SLASimTests/Fixtures/statsmodels/company-a-ols.json
"""

import datetime
import hashlib
import json
import math
import os
import platform
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "scenarios", "history", "company-a.csv"))

# name, column, degree, seasonal, log-linear, horizon
CASES = [
    ("mqlLeads-linear", "mqlLeads", 1, False, False, 6),
    ("totalRevenue-seasonal", "totalRevenue", 1, True, False, 6),
    ("closeRate-quadratic", "closeRate", 2, False, False, 6),
    ("mqlCustomers-loglinear", "mqlCustomers", 1, False, True, 6),
]


def main():
    with open(CSV, "rb") as fh:
        raw = fh.read()
    text = raw.decode("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    header = lines[0].split(",")
    rows = [ln.split(",") for ln in lines[1:]]
    months = [r[0] for r in rows]
    cols = {name: [float(r[j]) for r in rows] for j, name in enumerate(header) if name != "month"}
    cols["closeRate"] = [c / l for c, l in zip(cols["mqlCustomers"], cols["mqlLeads"])]
    n = len(rows)

    def month_at(k):
        y, m = int(months[0][:4]), int(months[0][5:7])
        total = y * 12 + (m - 1) + k
        return total // 12, total % 12 + 1

    def design_row(k, degree, seasonal):
        row = [1.0] + [float(k) ** d for d in range(1, degree + 1)]
        if seasonal:
            _, m = month_at(k)
            row += [1.0 if m == mm else 0.0 for mm in range(2, 13)]
        return row

    cases = []
    for name, column, degree, seasonal, loglinear, horizon in CASES:
        y = np.array(cols[column])
        if loglinear:
            y = np.log(y)
        X = np.array([design_row(k, degree, seasonal) for k in range(n)])
        res = sm.OLS(y, X).fit()
        Xnew = np.array([design_row(n - 1 + h, degree, seasonal) for h in range(1, horizon + 1)])
        pred = res.get_prediction(Xnew)
        f80 = pred.summary_frame(alpha=0.2)
        f95 = pred.summary_frame(alpha=0.05)
        forecast = []
        for h in range(horizon):
            yy, mm = month_at(n + h)
            vals = [float(f80["mean"].iloc[h]), float(f80["obs_ci_lower"].iloc[h]), float(f80["obs_ci_upper"].iloc[h]),
                    float(f95["obs_ci_lower"].iloc[h]), float(f95["obs_ci_upper"].iloc[h])]
            if loglinear:
                vals = [math.exp(v) for v in vals]
            forecast.append({"month": "%04d-%02d" % (yy, mm), "mean": vals[0], "low80": vals[1], "high80": vals[2],
                             "low95": vals[3], "high95": vals[4]})
        cases.append({
            "name": name, "column": column, "degree": degree, "seasonal": seasonal, "logLinear": loglinear,
            "horizon": horizon,
            "params": [float(v) for v in res.params], "bse": [float(v) for v in res.bse],
            "tvalues": [float(v) for v in res.tvalues], "pvalues": [float(v) for v in res.pvalues],
            "residualSD": math.sqrt(float(res.scale)), "rSquared": float(res.rsquared),
            "adjustedRSquared": float(res.rsquared_adj), "forecast": forecast,
        })

    out = {
        "provenance": {
            "generator": "Tests/SLASimTests/Fixtures/statsmodels/make_fixtures.py",
            "date": datetime.date.today().isoformat(),
            "statsmodels": statsmodels.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "python": platform.python_version(), "machine": platform.machine(),
            "input": "scenarios/history/company-a.csv", "inputMD5": hashlib.md5(raw).hexdigest(),
            "method": "statsmodels.api.OLS(y, X).fit() (pinv); intervals from get_prediction(X_new).summary_frame(alpha)",
        },
        "csv": text,
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
