#!/usr/bin/python3
"""The documentation's pictures, from the shipped data and the committed result files.

Run from the repository root with Debian's python3 (python3-sklearn, python3-matplotlib):

    /usr/bin/python3 docs/figures/make_figures.py

It writes docs/figures/artist-map.png, docs/figures/neighbour-distances.png and
docs/figures/benchmark-peers.png. The neighbour lists it draws are scikit-learn's exact cosine
brute force, which the library reproduces name for name.
"""
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

SEED = "data/lastfm-seed"
OUT = "docs/figures"
RESULTS = "benchmarks/results/current"


def load():
    matrix = sp.load_npz(os.path.join(SEED, "artist_user_mtrx.npz")).tocsr()
    names = []
    with open(os.path.join(SEED, "artists.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            names.append(line.rstrip("\n").split("\t", 1)[1])
    return matrix, names


def artist_map(matrix, names):
    """t-SNE of the cosine geometry; the most played artists labelled where a label has room."""
    xy = TSNE(n_components=2, metric="cosine", init="random", perplexity=30,
              random_state=42).fit_transform(matrix.toarray())
    fig, ax = plt.subplots(figsize=(13, 10), dpi=110)
    plays = np.asarray(matrix.sum(axis=1)).ravel()
    ax.scatter(xy[:, 0], xy[:, 1], s=6 + 60 * plays / plays.max(), c="#9bb7d4", alpha=0.7, linewidths=0)
    span = xy.max(axis=0) - xy.min(axis=0)
    labelled = []
    for i in range(120):  # most played first; skip a label that would overlap one already placed
        if len(labelled) < 45 and all(np.hypot(*((xy[i] - xy[j]) / span * [1.0, 2.2])) > 0.045 for j in labelled):
            labelled.append(i)
    for i in labelled:
        ax.scatter(xy[i, 0], xy[i, 1], s=24, c="#1f4e79")
        ax.annotate(names[i], xy[i], xytext=(3, 3), textcoords="offset points", fontsize=8)
    ax.set_title("1,000 artists placed by who listens to them (t-SNE of cosine distances between artists' "
                 "listener columns)\nclose dots share listeners: hip-hop, pop punk, metal, classic rock and indie each form a region; "
                 "labels: the most played artists where there is room; dot size: total plays", fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "artist-map.png"))
    plt.close(fig)


def neighbour_distances(distances):
    """Cosine distance of each artist's 1st, 10th and 100th neighbour (the query itself excluded)."""
    fig, ax = plt.subplots(figsize=(9, 5), dpi=110)
    bins = np.linspace(0, 1, 51)
    for rank, colour in ((1, "#1f4e79"), (10, "#4f8fc0"), (100, "#a9c9e6")):
        ax.hist(distances[:, rank], bins=bins, alpha=0.75, color=colour,
                label=f"{rank}{'st' if rank == 1 else 'th'} neighbour (median {np.median(distances[:, rank]):.3f})")
    ax.set_xlabel("cosine distance (1 - cosine similarity of the artists' listener columns)")
    ax.set_ylabel("artists")
    ax.set_title("How close are an artist's neighbours? 1,000 artists of the reference data, k = 101")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "neighbour-distances.png"))
    plt.close(fig)


def jmh_ms(file, method, threads):
    with open(os.path.join(RESULTS, file)) as f:
        for run in json.load(f):
            if run["benchmark"].endswith("." + method) and run["params"]["threads"] == str(threads):
                return run["primaryMetric"]["score"] / 1000.0
    raise SystemExit(f"{file} has no {method} threads={threads}")


def benchmark_peers():
    """The reference benchmark: playknn against scikit-learn and the dense double loop (log scale)."""
    sklearn = {}
    with open(os.path.join(RESULTS, "sklearn-knn.json")) as f:
        for line in f:
            if line.strip():
                run = json.loads(line)
                sklearn[(run["benchmark"], run["threads"])] = run["medianMs"]
    rows = [
        ("all 1,000 artists' top-101\n2 threads", jmh_ms("reference-knn.json", "allArtistsTop101", 2),
         sklearn[("allArtistsTop101", 2)], jmh_ms("reference-knn.json", "denseBaselineAllArtistsTop101", 1)),
        ("all 1,000 artists' top-101\n1 thread", jmh_ms("reference-knn.json", "allArtistsTop101", 1),
         sklearn[("allArtistsTop101", 1)], jmh_ms("reference-knn.json", "denseBaselineAllArtistsTop101", 1)),
        ("one artist's top-101", jmh_ms("reference-knn.json", "oneArtistTop101", 1),
         sklearn[("oneArtistTop101", 1)], jmh_ms("reference-knn.json", "denseBaselineOneArtistTop101", 1)),
    ]
    fig, ax = plt.subplots(figsize=(10, 5), dpi=110)
    width = 0.27
    x = np.arange(len(rows))
    for offset, index, label, colour in ((-width, 1, "playknn brute", "#1f4e79"),
                                         (0, 2, "scikit-learn (the reference)", "#e07b39"),
                                         (width, 3, "dense double loop, 1 thread", "#999999")):
        values = [row[index] for row in rows]
        bars = ax.bar(x + offset, values, width, label=label, color=colour)
        for bar, value in zip(bars, values):
            ax.annotate(f"{value:.3g} ms", (bar.get_x() + bar.get_width() / 2, value), ha="center",
                        va="bottom", fontsize=8)
    ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xticklabels([row[0] for row in rows])
    ax.set_ylabel("time, ms (log scale; lower is better)")
    ax.set_title("Exact cosine kNN on the reference matrix (1,000 artists × 9,994 users)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "benchmark-peers.png"))
    plt.close(fig)


def main():
    matrix, names = load()
    knn = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=101).fit(matrix)
    distances, _ = knn.kneighbors(matrix, n_neighbors=101)
    artist_map(matrix, names)
    neighbour_distances(distances)
    if os.path.exists(os.path.join(RESULTS, "sklearn-knn.json")):
        benchmark_peers()


if __name__ == "__main__":
    main()
