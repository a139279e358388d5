#!/usr/bin/python3
"""Writes the seed corpus of RequestBodiesFuzzTest (4 columns, as the test's model).

Run from the repository root:  /usr/bin/python3 examples/src/test/resources/sagemaker/make_fuzz_seeds.py
"""
import io
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "io", "playknn", "examples", "RequestBodiesFuzzTestInputs")


def save(array):
    b = io.BytesIO()
    np.save(b, array)
    return b.getvalue()


def write(kind, name, data):
    os.makedirs(os.path.join(SEEDS, kind), exist_ok=True)
    with open(os.path.join(SEEDS, kind, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


rows = np.array([[0.0, 1.5, 0.0, 2.0], [3.0, 0.0, 0.0, 0.25]])
write("npy", "two-rows-f8", save(rows))
write("npy", "two-rows-f4", save(rows.astype(np.float32)))
write("npy", "one-row-1d", save(rows[0]))
write("npy", "big-endian", save(rows.astype(">f8")))
write("npy", "fortran", save(np.asfortranarray(rows)))
write("npy", "int64", save(rows.astype(np.int64)))
write("npy", "wrong-width", save(np.zeros((1, 5))))
write("csv", "two-rows", "\n".join(",".join(str(x) for x in r) for r in rows))
write("csv", "crlf-blank", "0,1.5,0,2\r\n\r\n3,0,0,2.5e-1\r\n")
write("csv", "short-line", "1,2,3\n")
write("csv", "spaces", " 1 , 2,3 ,4\n")
write("json", "rows", json.dumps(rows.tolist()))
write("json", "row", json.dumps(rows[0].tolist()))
write("json", "instances", json.dumps({"instances": rows.tolist(), "k": 2}))
write("json", "names", json.dumps({"artists": ["the beatles", "sigur rós"], "k": 3}))
write("json", "trailing", '{"artists": ["a"]} x')
