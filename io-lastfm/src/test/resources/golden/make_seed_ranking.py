#!/usr/bin/env python3
"""Independent oracle for the artist ranking of the reference subset.

Reads data/lastfm-seed/usersha1-artmbid-artname-plays.tsv.gz (every user there is in the
United States and all 9,994 users are kept by the top-10,000 cut), sums plays per artist name,
ranks by total descending with ties broken by the UTF-8 bytes of the name ascending, keeps the
top 1,000 and writes `rank<TAB>artist<TAB>total plays<TAB>listeners` to seed-artist-ranking.tsv.
Run from this directory: python3 make_seed_ranking.py ../../../../../data/lastfm-seed
"""
import collections
import gzip
import sys

seed = sys.argv[1]
total = collections.Counter()
listeners = collections.defaultdict(set)
with gzip.open(seed + "/usersha1-artmbid-artname-plays.tsv.gz", "rb") as f:
    for line in f:
        user, mbid, name, plays = line.rstrip(b"\n").split(b"\t")
        total[name] += int(plays)
        if int(plays) > 0:
            listeners[name].add(user)
order = sorted(total, key=lambda a: (-total[a], a))[:1000]
with open("seed-artist-ranking.tsv", "wb") as out:
    out.write(b"rank\tartist\tplays\tlisteners\n")
    for i, a in enumerate(order):
        out.write(b"%d\t%s\t%d\t%d\n" % (i, a, total[a], len(listeners[a])))
