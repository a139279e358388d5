#!/usr/bin/python3
"""Writes the request bodies of the SageMaker SDK's serializers for ModelServer's format tests.

Run from the repository root:  /usr/bin/python3 examples/src/test/resources/sagemaker/make_fixtures.py

The bodies are built the way sagemaker.serializers builds them (the SDK is not installed here; the
few lines each serializer runs are repeated below, from sagemaker-python-sdk 2.x):
  NumpySerializer.serialize(array):  buffer = io.BytesIO(); np.save(buffer, array); buffer.getvalue()
  JSONSerializer.serialize(array):   json.dumps(array.tolist())
  CSVSerializer.serialize(array):    "\n".join(",".join(str(x) for x in row) for row in array)
The expected answers are scikit-learn's NearestNeighbors(metric="cosine", algorithm="brute")
fitted on the shipped matrix, as the reference recommender was.
"""
import io
import json
import os

import numpy as np
import scipy.sparse
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", "..", ".."))
K = 15

matrix = scipy.sparse.load_npz(os.path.join(ROOT, "data", "lastfm-seed", "artist_user_mtrx.npz")).tocsr()
names = [line.rstrip("\n").split("\t")[1]
         for line in open(os.path.join(ROOT, "data", "lastfm-seed", "artists.tsv"), encoding="utf-8")][1:]
queries = [names.index(a) for a in ("the beatles", "genesis", "nirvana")]
rows = matrix[queries].toarray()  # float64, C order, 3 x 9994


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


write("beatles-1d-f8.npy", npy(rows[0]))                        # shape (9994,)
write("three-rows-f8.npy", npy(rows))                           # shape (3, 9994)
write("three-rows-f4.npy", npy(rows.astype(np.float32)))        # shape (3, 9994), float32
write("three-rows.json", json.dumps(rows.tolist()).encode())
write("three-rows.csv", "\n".join(",".join(str(x) for x in row) for row in rows).encode())

knn = NearestNeighbors(metric="cosine", algorithm="brute", n_neighbors=K).fit(matrix)
expected = {}
for name, array in (("f8", rows), ("f4", rows.astype(np.float32).astype(np.float64))):
    distances, indices = knn.kneighbors(array, K)
    expected[name] = {"indices": indices.tolist(), "distances": distances.tolist()}
expected["queries"] = [names[q] for q in queries]
expected["k"] = K
write("expected-kneighbors.json", (json.dumps(expected, indent=1) + "\n").encode())
# What NumpyDeserializer reads back: the answer npy must load to these indices (int64).
write("expected-indices.npy", npy(np.asarray(expected["f8"]["indices"], dtype=np.int64)))
