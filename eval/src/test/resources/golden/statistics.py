#!/usr/bin/env python3
"""Golden values for io.playknn.eval.Statistics, from SciPy (written to statistics.tsv).

Run from this directory: python3 statistics.py > statistics.tsv
Each case: two paired samples a and b (seeded, with ties and zero differences), then
 - the 95% t-interval of mean(a)            (scipy.stats.t.interval)
 - the paired t-test of a - b                (scipy.stats.ttest_rel)
 - the Wilcoxon signed-rank test of a - b    (scipy.stats.wilcoxon, zero_method="wilcox",
   correction=False, method="approx"): z is recovered from the two-sided p with the sign of
   (W+ - n(n+1)/4).
"""
import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261128)
print("# scipy", scipy.__version__, "numpy", np.__version__)
print("case\ta\tb\tmean\tlower\tupper\tt\tp_t\tz_w\tp_w")
for case in range(6):
    n = [5, 12, 30, 57, 100, 8][case]
    a = rng.integers(0, 4, n) / 4.0          # coarse values: ties, zero differences
    b = rng.integers(0, 4, n) / 4.0 + (0.1 if case % 2 else 0.0)
    mean = a.mean()
    se = a.std(ddof=1) / np.sqrt(n)
    lower, upper = stats.t.interval(0.95, n - 1, loc=mean, scale=se)
    t = stats.ttest_rel(a, b)
    d = a - b
    nz = d[d != 0]
    w = stats.wilcoxon(a, b, zero_method="wilcox", correction=False, method="approx")
    ranks = stats.rankdata(np.abs(nz))
    wplus = ranks[nz > 0].sum()
    m = len(nz)
    sign = np.sign(wplus - m * (m + 1) / 4)
    z = sign * stats.norm.isf(w.pvalue / 2)
    fmt = lambda xs: ",".join(repr(float(x)) for x in xs)
    print("\t".join([str(case), fmt(a), fmt(b), repr(float(mean)), repr(float(lower)),
                     repr(float(upper)), repr(float(t.statistic)), repr(float(t.pvalue)),
                     repr(float(z)), repr(float(w.pvalue))]))
