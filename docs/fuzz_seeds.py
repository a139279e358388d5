"""Writes the seed corpora of the Jazzer fuzz targets (see FUZZING.md): small valid inputs, and a
few that stop at a typed error, for each target. Run from the repository root:

    python3 docs/fuzz_seeds.py

Needs numpy and scipy. Files found by fuzzing (crash-*, and regression inputs added by hand) live in
the same directories and are not touched by this script.
"""
import gzip
import io
import os
import sys
import zipfile

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(__file__))
import pknn  # noqa: E402

CORE = "core/src/test/resources/io/playknn"
LASTFM = "io-lastfm/src/test/resources/io/playknn/lastfm"
SEPARATOR = b"\n==NPZ==\n"  # NpzFuzzTest.SEPARATOR


def out(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def csr(dense):
    m = sp.csr_matrix(np.asarray(dense, dtype=np.float64))
    m.sort_indices()
    return m


SMALL = [[1, 0.5, 0, 0], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 1.25, 1], [1, 0, 0, 3]]


def model_seeds():
    d = CORE + "/model/ModelFileFuzzTestInputs/read"
    tmp = "target-fuzz-seed.pknn"
    m = csr(SMALL)
    cases = {
        "brute-cosine.pknn": ({"algorithm": "brute", "metric": "cosine", "neighbors": "2"}, None),
        "ball-tree-cosine.pknn": ({"algorithm": "ball_tree", "metric": "cosine", "neighbors": "2",
                                   "parameter.leaf_size": "2"}, None),
        "ball-tree-euclidean-users.pknn": ({"algorithm": "ball_tree", "metric": "euclidean",
                                            "neighbors": "3", "parameter.leaf_size": "1"},
                                           ["u0", "u1", "u2", "u3"]),
        "old-runtime-keys.pknn": ({"algorithm": "brute", "metric": "cosine", "neighbors": "2",
                                   "threads": "4", "parameter.tile_size": "64"}, None),
    }
    names = ["a", "b", "\u00e7", "d", "e"]
    for name, (options, users) in cases.items():
        pknn.write(tmp, m.indptr, m.indices, m.data, m.shape, options, names, users)
        out(d, name, open(tmp, "rb").read())
    dense = m.toarray()
    idx, dist = pknn.neighbor_table(dense, 2, "euclidean")
    pknn.write(tmp, m.indptr, m.indices, m.data, m.shape,
               {"algorithm": "ball_tree", "metric": "euclidean", "neighbors": "2"}, names, None,
               (2, idx, dist))
    out(d, "ball-tree-table.pknn", open(tmp, "rb").read())
    os.remove(tmp)


def npz_bytes(m, compressed=True, fmt=None):
    b = io.BytesIO()
    sp.save_npz(b, m if fmt is None else m.asformat(fmt), compressed=compressed)
    return b.getvalue()


def npy(array):
    b = io.BytesIO()
    np.lib.format.write_array(b, np.asarray(array), allow_pickle=False)
    return b.getvalue()


def npz_seeds():
    d = CORE + "/matrix/NpzFuzzTestInputs"
    m = csr(SMALL)
    out(d + "/read", "csr-compressed.npz", npz_bytes(m))
    out(d + "/read", "csr-stored.npz", npz_bytes(m, compressed=False))
    out(d + "/read", "csc-compressed.npz", npz_bytes(m, fmt="csc"))
    wide = m.copy()
    wide.indices = wide.indices.astype(np.int64)
    wide.indptr = wide.indptr.astype(np.int64)
    wide.data = wide.data.astype(">f4")
    out(d + "/read", "csr-int64-float32-be-stored.npz", npz_bytes(wide, compressed=False))
    out(d + "/read", "empty-0x0.npz", npz_bytes(sp.csr_matrix((0, 0))))
    # readArrays: the five arrays as save_npz writes them, separated, without the zip around them.
    for name, mat in {"csr": m, "csc": m.tocsc()}.items():
        parts = [npy(np.array(name.encode())), npy(np.array(mat.shape, dtype=np.int64)),
                 npy(mat.indptr), npy(mat.indices), npy(mat.data)]
        out(d + "/readArrays", name + ".arrays", SEPARATOR.join(parts))
    bool_parts = [npy(np.array(b"csr")), npy(np.array((2, 3), dtype=np.int32)),
                  npy(np.array([0, 1, 2], dtype=np.int64)), npy(np.array([2, 0], dtype=np.int32)),
                  npy(np.array([True, False]))]
    out(d + "/readArrays", "bool-int32-shape.arrays", SEPARATOR.join(bool_parts))


PLAYS = ("u1\t\tthe beatles\t10\n"
         "u1\tb10bbbfc-cf9e-42e0-be17-e2c3e1d2600d\tguns n' roses\t5\n"
         "u2\t\tthe beatles\t7\n"
         "u2\t\tsigur r\u00f3s\t4\n"
         "u3\t\t\u690d\u677e\u4f38\u592b\t12\r\n").encode()


def lastfm_seeds():
    d = LASTFM + "/ReadersFuzzTestInputs"
    out(d + "/plays", "plays.tsv", PLAYS)
    out(d + "/plays", "plays-bom.tsv", b"\xef\xbb\xbf" + PLAYS)
    out(d + "/plays", "plays.tsv.gz", gzip.compress(PLAYS, mtime=0))
    out(d + "/plays", "malformed.tsv",
        open("io-lastfm/src/test/resources/fixtures/malformed-plays.tsv", "rb").read())
    profiles = ("u1\tm\t22\tUnited States\tNov 1, 2007\n"
                "u2\tf\t\tGermany\tFeb 2, 2008\n"
                "u3\t\t\t\t\n"
                "u1\tm\t22\tUnited States\tNov 1, 2007\n").encode()
    out(d + "/profiles", "profiles.tsv", profiles)
    out(d + "/profiles", "profiles.tsv.gz", gzip.compress(profiles, mtime=0))
    fixtures = "io-lastfm/src/test/resources/fixtures/"
    artists = open(fixtures + "hetrec-artists.dat", "rb").read()
    user_artists = open(fixtures + "hetrec-user_artists.dat", "rb").read()
    out(d + "/hetrec", "fixture.dat", artists + b"\0" + user_artists)
    out(d + "/hetrec", "duplicate-and-unknown.dat",
        b"id\tname\turl\tpictureURL\n1\ta\tu\tp\n1\tb\tu\tp\n\0"
        b"userID\tartistID\tweight\n2\t1\t5\n2\t9\t3\n3\t1\t-1\n")


if __name__ == "__main__":
    model_seeds()
    npz_seeds()
    lastfm_seeds()
