#!/usr/bin/python3
"""The reference's own computation, timed: scikit-learn NearestNeighbors(metric="cosine",
algorithm="brute", n_neighbors=101) on the shipped reference matrix.

Measures what ReferenceKnnBenchmark measures for playknn: all 1,000 artists' top-101 (n_jobs 1
and 2) and one artist's top-101 (row 0, `the beatles`), min and median of warm runs, and writes
one JSON object per line. Run from the repository root with Debian's python3 (python3-sklearn):

    /usr/bin/python3 benchmarks/peers/sklearn_knn.py --runs 7 > benchmarks/results/current/sklearn-knn.json
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.neighbors import NearestNeighbors


def timed(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return min(seconds), statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--npz", default="data/lastfm-seed/artist_user_mtrx.npz")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    matrix = sp.load_npz(args.npz).tocsr()
    common = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "load": os.getloadavg()[0], "peer": "scikit-learn", "version": sklearn.__version__, "python": platform.python_version(),
              "numpy": np.__version__, "rows": matrix.shape[0], "columns": matrix.shape[1],
              "nonZeros": int(matrix.nnz), "k": 101, "runs": args.runs}
    for jobs in (1, 2):
        model = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=101, n_jobs=jobs).fit(matrix)
        lo, med = timed(lambda: model.kneighbors(matrix), args.runs, args.warmup)
        print(json.dumps({**common, "benchmark": "allArtistsTop101", "threads": jobs,
                          "minMs": round(lo * 1e3, 3), "medianMs": round(med * 1e3, 3)}))
    model = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=101, n_jobs=1).fit(matrix)
    row = matrix[0]
    lo, med = timed(lambda: model.kneighbors(row), args.runs * 10, args.warmup)
    print(json.dumps({**common, "benchmark": "oneArtistTop101", "threads": 1,
                      "minMs": round(lo * 1e3, 3), "medianMs": round(med * 1e3, 3)}))


if __name__ == "__main__":
    main()
