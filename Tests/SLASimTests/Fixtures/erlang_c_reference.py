# Reference values for Tests/SLASimTests/ErlangCTests.swift.
#
# Independent of the Swift code: Erlang B is computed in exact rational arithmetic from
# its definition B = (A^N/N!) / sum_{k=0..N} A^k/k! (not from the recursion the Swift code
# uses), Erlang C from C = N*B / (N - A*(1 - B)), and only the final exp() is done in
# 50-digit mpmath. Run: python3 erlang_c_reference.py (Python 3.11, mpmath 1.3).
from fractions import Fraction
from math import factorial
import mpmath

mpmath.mp.dps = 50

def erlang_b(n, a):
    a = Fraction(a)
    terms = [a**k / factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)

def erlang_c(n, a):
    a = Fraction(a)
    b = erlang_b(n, a)
    return n * b / (n - a * (1 - b))

def service_level(n, a, h, t):
    c = erlang_c(n, a)
    return 1 - mpmath.mpf(c.numerator) / c.denominator * mpmath.exp(-(n - mpmath.mpf(a)) * t / h)

def asa(n, a, h):
    c = erlang_c(n, a)
    return mpmath.mpf(c.numerator) / c.denominator * h / (n - mpmath.mpf(a))

# DOMAIN.md: 200 contacts/hour, 3-minute handling (A = 10 Erlangs), 20-second target.
for n in (11, 12, 13, 14, 15):
    c = erlang_c(n, 10)
    print(f"N={n}: C={mpmath.nstr(mpmath.mpf(c.numerator) / c.denominator, 25)}"
          f"  SL={mpmath.nstr(service_level(n, 10, 180, 20), 25)}"
          f"  ASA_s={mpmath.nstr(asa(n, 10, 180), 25)}")
# A fractional load and a large one.
c = erlang_c(3, Fraction(5, 2))
print("N=3 A=2.5: C=", mpmath.nstr(mpmath.mpf(c.numerator) / c.denominator, 25))
c = erlang_c(120, 100)
print("N=120 A=100: C=", mpmath.nstr(mpmath.mpf(c.numerator) / c.denominator, 25),
      " SL(h=300,t=30)=", mpmath.nstr(service_level(120, 100, 300, 30), 25))
