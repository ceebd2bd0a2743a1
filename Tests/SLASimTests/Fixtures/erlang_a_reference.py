# Reference values for Tests/SLASimTests/ErlangATests.swift (issue 8, item 4).
#
# Independent of the Swift code, which uses the product form with an incomplete beta function:
# here the M/M/N+M birth-death chain is solved by its balance equations in 60-digit mpmath,
# truncated at K = N + 3000 states (the mass beyond is below 1e-60 for every case below), and
# the chance that an arrival with j callers ahead is answered within t is computed from its
# definition: P(V <= t, patience > V) with V = sum_{i=0..j} Exp(N mu + i theta), by the
# partial-fraction form of the hypoexponential density (exact, evaluated at 150 digits to
# absorb its cancellation) and the product of the tilting factors r_i / (r_i + theta).
# Run: python3 erlang_a_reference.py (Python 3.11, mpmath 1.3).
import mpmath

def erlang_a(n, load, h, patience, t):
    mpmath.mp.dps = 60
    lam = mpmath.mpf(load) / h
    mu = mpmath.mpf(1) / h
    theta = mpmath.mpf(1) / patience
    K = n + 3000
    # Balance equations of a birth-death chain: pi_k * lam = pi_{k+1} * d_{k+1}.
    pi = [mpmath.mpf(1)]
    for k in range(1, K + 1):
        d = min(k, n) * mu + max(k - n, 0) * theta
        pi.append(pi[-1] * lam / d)
    total = mpmath.fsum(pi)
    pi = [p / total for p in pi]
    wait = mpmath.fsum(pi[n:])
    queue = mpmath.fsum((k - n) * pi[k] for k in range(n + 1, K + 1))
    abandon = theta * queue / lam
    answered = mpmath.fsum(pi[:n])
    mpmath.mp.dps = 150
    c = n * mu
    for j in range(0, K - n + 1):
        p = pi[n + j]
        if p < mpmath.mpf(10) ** -40:
            break
        rates = [c + m * theta for m in range(1, j + 2)]  # tilted rates N mu + m theta
        tilt = mpmath.fprod((c + i * theta) / (c + i * theta + theta) for i in range(j + 1))
        # CDF of sum of Exp(rates), distinct: 1 - sum_m w_m exp(-rate_m t).
        survival = mpmath.mpf(0)
        for m, r in enumerate(rates):
            w = mpmath.fprod(rates[l] / (rates[l] - r) for l in range(len(rates)) if l != m)
            survival += w * mpmath.exp(-r * t)
        answered += p * tilt * (1 - survival)
    mpmath.mp.dps = 60
    return wait, abandon, answered, queue / lam

cases = [
    (14, 10, 180, 120, 20),   # DOMAIN.md's queue with two-minute patience
    (10, 10, 180, 60, 20),    # N = A: stable because callers leave
    (8, 10, 180, 60, 20),     # N < A
    (1, 0.5, 1, 2, 0.5),      # one agent
    (30, 25, 240, 600, 30),
    (14, 10, 180, 120, 0),    # target 0: only those who find a free agent
]
for n, load, h, patience, t in cases:
    w, ab, sl, asa = erlang_a(n, load, h, patience, t)
    print(f"    ({n}, {load}, {h}, {patience}, {t}, {mpmath.nstr(w, 20)}, {mpmath.nstr(ab, 20)}, "
          f"{mpmath.nstr(sl, 20)}, {mpmath.nstr(asa, 20)}),")
