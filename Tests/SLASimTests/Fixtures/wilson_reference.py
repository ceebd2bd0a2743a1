# Reference values for Tests/SLASimTests/ProportionEstimateTests.swift.
#
# 95% Wilson score intervals from statsmodels (an implementation independent of ours),
# cross-checked against the closed form evaluated in 50-digit mpmath with
# z = Phi^-1(0.975). Run: python3 wilson_reference.py
# (Python 3.11.7, statsmodels 0.15.0, scipy, mpmath 1.3).
import mpmath
import statsmodels
from statsmodels.stats.proportion import proportion_confint

mpmath.mp.dps = 50
z = mpmath.sqrt(2) * mpmath.erfinv(mpmath.mpf("0.95"))
print("statsmodels", statsmodels.__version__, " z =", mpmath.nstr(z, 20))

def wilson(s, n):
    p = mpmath.mpf(s) / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * mpmath.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half

for s, n in [(81, 263), (1, 10), (9, 10), (50, 100), (0, 20), (20, 20), (1, 1),
             (8877, 10000), (999, 1000)]:
    low, high = proportion_confint(s, n, alpha=0.05, method="wilson")
    mlow, mhigh = wilson(s, n)
    print(f"{s}/{n}: statsmodels ({low!r}, {high!r})  mpmath ({mpmath.nstr(mlow, 20)}, {mpmath.nstr(mhigh, 20)})")
