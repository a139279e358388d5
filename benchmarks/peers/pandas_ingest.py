#!/usr/bin/python3
"""The reference's own data preparation, timed at full size: pandas reading a Last.fm 360K plays
file the way the reference's notebook did (read_csv, tab separated, no header, named columns),
summing plays per (user, artist), then the artist x user matrix with each user's plays scaled to
[0, 1] by that user's maximum: the work LastfmIngestHarness measures for playknn with
settings=all (every user and artist). The reference pivoted a 1,000 x 10,000 slice into a dense
frame; at full size (290K x 359K) only a sparse matrix fits, so the matrix is scipy's CSR.

Run from the repository root with Debian's python3 (python3-pandas, python3-scipy), on the file
that LastfmIngestHarness generates (java.io.tmpdir/playknn-synthetic/...):

    /usr/bin/python3 benchmarks/peers/pandas_ingest.py /tmp/playknn-synthetic/scale-1.0-seed-42-v2-plays.tsv \
        --runs 3 > benchmarks/results/current/pandas-ingest.json

Writes one JSON object: min and median seconds of the runs, and the matrix's shape.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp


def read(path):
    plays = pd.read_csv(path, sep="\t", header=None, names=["user", "mbid", "artist", "plays"],
                        usecols=["user", "artist", "plays"])
    plays = plays.dropna(subset=["artist"])
    summed = plays.groupby(["user", "artist"], sort=False)["plays"].sum().reset_index()
    users = summed["user"].astype("category").cat.codes.to_numpy()
    artists = summed["artist"].astype("category").cat.codes.to_numpy()
    values = summed["plays"].to_numpy(dtype=np.float64)
    maxima = np.zeros(users.max() + 1)
    np.maximum.at(maxima, users, values)
    scaled = np.divide(values, maxima[users], out=np.zeros_like(values), where=maxima[users] > 0)
    matrix = sp.csr_matrix((scaled, (artists, users)), shape=(artists.max() + 1, users.max() + 1))
    return len(plays), matrix


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plays")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seconds = []
    rows = 0
    matrix = None
    for _ in range(args.runs):
        matrix = None
        start = time.perf_counter()
        rows, matrix = read(args.plays)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "load": os.getloadavg()[0], "peer": "pandas", "version": pd.__version__,
                      "python": platform.python_version(), "file": os.path.basename(args.plays),
                      "bytes": os.path.getsize(args.plays), "rows": rows, "artists": matrix.shape[0],
                      "users": matrix.shape[1], "nonZeros": int(matrix.nnz), "runs": args.runs,
                      "minSeconds": round(min(seconds), 3),
                      "medianSeconds": round(statistics.median(seconds), 3)}))


if __name__ == "__main__":
    main()
