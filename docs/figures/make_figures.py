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


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def bars(ax, labels, series, unit, log):
    """Grouped bars: series is a list of (label, colour, values), one value per label (None: none)."""
    width = 0.8 / len(series)
    x = np.arange(len(labels))
    for i, (label, colour, values) in enumerate(series):
        offset = (i - (len(series) - 1) / 2) * width
        shown = [(xi, v) for xi, v in zip(x, values) if v is not None]
        drawn = ax.bar([xi + offset for xi, _ in shown], [v for _, v in shown], width, label=label,
                       color=colour)
        for bar, (_, value) in zip(drawn, shown):
            ax.annotate(f"{value:,.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}",
                        (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=7)
    if log:
        ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=8)


def single(ax, rows, unit, log):
    """One bar per (label, value, colour), each annotated with its value."""
    drawn = ax.bar(range(len(rows)), [v for _, v, _ in rows], 0.6, color=[c for _, _, c in rows])
    for bar, (_, value, _) in zip(drawn, rows):
        ax.annotate(f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}",
                    (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=8)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(10, max(v for _, v, _ in rows) * 3)
    else:
        ax.set_ylim(0, max(v for _, v, _ in rows) * 1.12)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([label for label, _, _ in rows], fontsize=8)


def benchmark_peers():
    """The headline figures against the peers: the reference benchmark (time, log scale), reading the
    full-size plays file (time) and serving names queries over HTTP (throughput, log scale)."""
    sklearn = {(r["benchmark"], r["threads"]): r["medianMs"] for r in lines(os.path.join(RESULTS, "sklearn-knn.json"))}
    fig, axes = plt.subplots(1, 3, figsize=(16, 5), dpi=100, gridspec_kw={"width_ratios": [3, 1.2, 1.8]})
    ref = "reference-knn.json"
    bars(axes[0], ["all artists' top-101\n2 threads", "all artists' top-101\n1 thread", "one artist's top-101"], [
        ("playknn brute (JMH mean)", "#1f4e79", [jmh_ms(ref, "allArtistsTop101", 2), jmh_ms(ref, "allArtistsTop101", 1),
                                               jmh_ms(ref, "oneArtistTop101", 1)]),
        ("scikit-learn, the reference (median)", "#e07b39", [sklearn[("allArtistsTop101", 2)],
                                                             sklearn[("allArtistsTop101", 1)], sklearn[("oneArtistTop101", 1)]]),
        ("dense double loop, 1 thread", "#999999", [jmh_ms(ref, "denseBaselineAllArtistsTop101", 1),
                                                    jmh_ms(ref, "denseBaselineAllArtistsTop101", 1),
                                                    jmh_ms(ref, "denseBaselineOneArtistTop101", 1)]),
    ], "ms", True)
    axes[0].set_ylabel("ms (log scale; lower is better)")
    axes[0].set_title("Exact cosine kNN, reference matrix (1,000 × 9,994)", fontsize=10)
    ingest = lines(os.path.join(RESULTS, "lastfm-ingest-harness.json"))[0]
    pandas = lines(os.path.join(RESULTS, "pandas-ingest.json"))[0]
    single(axes[1], [("playknn", ingest["medianSeconds"], "#1f4e79"),
                     (f"pandas {pandas['version']}", pandas["medianSeconds"], "#e07b39")], "s", False)
    axes[1].set_ylabel("seconds, median (lower is better)")
    axes[1].set_title("Full-size plays file (1.40 GB) to the matrix", fontsize=10)
    serving = "examples/load/results"
    rps = {run: json.load(open(os.path.join(serving, f"serve-load-{run}.json")))["requests_per_s"]
           for run in ("table", "on-the-fly", "reference")}
    single(axes[2], [("playknn serve,\nstored table,\nunder attack", rps["table"], "#1f4e79"),
                     ("playknn serve,\non the fly,\nunder attack", rps["on-the-fly"], "#4a7fb0"),
                     ("Flask + scikit-learn,\ngunicorn 2 workers,\nno attack", rps["reference"], "#e07b39")],
           "req/s", True)
    axes[2].set_ylabel("requests per second (log scale; higher is better)")
    axes[2].set_title("HTTP names queries, k = 15, 8 connections", fontsize=10)
    axes[0].legend(fontsize=7, loc="upper left")
    axes[0].set_ylim(top=axes[0].get_ylim()[1] * 20)
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
