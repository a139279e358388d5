#!/usr/bin/python3
"""The reference's own data preparation, timed: pandas reading a Last.fm 360K plays file the way the
reference's notebook did (read_csv, tab separated, no header, named columns), then grouping plays by
(user, artist) and pivoting the kept rows, the work LastfmIngestHarness measures for playknn.

Run from the repository root with Debian's python3 (python3-pandas), on the file that
LastfmIngestHarness generates (java.io.tmpdir/playknn-synthetic/scale-1.0-seed-42-v2-plays.tsv):

    /usr/bin/python3 benchmarks/peers/pandas_ingest.py /tmp/playknn-synthetic/scale-1.0-seed-42-v2-plays.tsv \
        --runs 3 > benchmarks/results/current/pandas-ingest.json
"""
import argparse
import json
import os
import statistics
import time

import pandas as pd


def read(path):
    plays = pd.read_csv(path, sep="\t", header=None, names=["user", "mbid", "artist", "plays"],
                        usecols=["user", "artist", "plays"])
    plays = plays.dropna(subset=["artist"])
    summed = plays.groupby(["user", "artist"], sort=False)["plays"].sum()
    return len(plays), len(summed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("plays")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seconds = []
    rows = pairs = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        rows, pairs = read(args.plays)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"peer": "pandas", "version": pd.__version__, "file": os.path.basename(args.plays),
                      "bytes": os.path.getsize(args.plays), "rows": rows, "userArtistPairs": pairs,
                      "runs": args.runs, "minSeconds": round(min(seconds), 3),
                      "medianSeconds": round(statistics.median(seconds), 3)}))


if __name__ == "__main__":
    main()
