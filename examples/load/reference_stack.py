"""The reference's serving stack, for the load test's comparison row (examples/load/serve-load.sh,
mode `reference`): a Flask app answering the same names query as `serve` with scikit-learn's
`NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=101)` fitted on the shipped
matrix, as the reference's SageMaker `predict_fn` answered with `kneighbors`. Run under gunicorn
with 2 sync workers (one per core), each fitting its own model at start:

    gunicorn -w 2 -b 127.0.0.1:18080 --chdir examples/load reference_stack:app

Needs Debian's python3-flask, gunicorn and python3-sklearn. PLAYKNN_DATA names the folder holding
artist_user_mtrx.npz and artists.tsv (default: data/lastfm-seed from the repository root).
"""
import json
import os

import scipy.sparse
from flask import Flask, Response, request
from sklearn.neighbors import NearestNeighbors

DATA = os.environ.get("PLAYKNN_DATA",
                      os.path.join(os.path.dirname(__file__), "..", "..", "data", "lastfm-seed"))
MATRIX = scipy.sparse.load_npz(os.path.join(DATA, "artist_user_mtrx.npz")).tocsr()
with open(os.path.join(DATA, "artists.tsv"), encoding="utf-8") as f:
    NAMES = [line.rstrip("\n").split("\t")[1] for line in f][1:]
INDEX = {name: i for i, name in enumerate(NAMES)}
MODEL = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=101).fit(MATRIX)

app = Flask(__name__)


@app.get("/ping")
def ping():
    return Response('{"status": "ok"}', mimetype="application/json")


@app.post("/invocations")
def invocations():
    body = request.get_json(force=True)
    k = int(body.get("k", 101))
    answers = []
    for name in body["artists"]:
        if name not in INDEX:
            return Response(json.dumps({"error": "unknown artist " + name, "status": 404}),
                            status=404, mimetype="application/json")
        distances, indices = MODEL.kneighbors(MATRIX[INDEX[name]], n_neighbors=k)
        answers.append({"artist": name,
                        "neighbors": [{"name": NAMES[i], "distance": float(d)}
                                      for i, d in zip(indices[0], distances[0])]})
    return Response(json.dumps({"results": answers}), mimetype="application/json")
