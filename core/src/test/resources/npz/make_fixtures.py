#!/usr/bin/env python3
"""Writes the golden SciPy .npz fixtures of NpzTest and, for each, the dense matrix SciPy reads.

Run from this directory:  python3 make_fixtures.py
Made with numpy 2.4 and scipy 1.17. Each fixture is written by scipy.sparse.save_npz (or, for the
.npy version fixture, by numpy.lib.format.write_array into a zipfile, the way numpy.savez does),
then read back with scipy.sparse.load_npz; that reading, toarray(), is written to
<fixture>.expected.tsv (one row per line, values tab-separated, Python repr of each float), which
is what the Java reader must reproduce. Nothing here runs at test time.
"""
import zipfile

import numpy as np
import scipy.sparse as sp

# 3 x 5: row 1 empty, column 3 empty.
DENSE = np.array(
    [[0.5, 0.0, -2.25, 0.0, 1.0],
     [0.0, 0.0, 0.0, 0.0, 0.0],
     [4.0, 0.125, 0.0, 0.0, -8.5]])


def expected(name):
    m = sp.load_npz(name)
    with open(name + ".expected.tsv", "w") as f:
        for row in m.toarray().astype(np.float64):
            f.write("\t".join(repr(float(v)) for v in row) + "\n")
    print(name, m.format, m.shape, m.nnz, m.dtype)


def csr_int64_big_float32_stored():
    """CSR, indices/indptr int64 big-endian, data float32 big-endian, stored (uncompressed)."""
    name = "csr-int64-be-float32-stored.npz"
    m = sp.csr_matrix(DENSE.astype(np.float32))
    m.indices = m.indices.astype(">i8")
    m.indptr = m.indptr.astype(">i8")
    m.data = m.data.astype(">f4")
    sp.save_npz(name, m, compressed=False)
    with zipfile.ZipFile(name) as z:
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    expected(name)


def csc_int32_float64_compressed_noncanonical():
    """CSC array (so SciPy adds _is_array), int32, float64, deflated; row indices unsorted within
    a column and one (row, column) stored twice, which the reader must sum."""
    name = "csc-int32-float64-compressed.npz"
    # Column 0: rows 2, 0 (unsorted); column 1: row 2; column 2: row 0 twice (-1.0 + -1.25);
    # column 3: empty; column 4: rows 2, 0.
    indptr = np.array([0, 2, 3, 5, 5, 7], dtype=np.int32)
    indices = np.array([2, 0, 2, 0, 0, 2, 0], dtype=np.int32)
    data = np.array([4.0, 0.5, 0.125, -1.0, -1.25, -8.5, 1.0])
    m = sp.csc_array((data, indices, indptr), shape=(3, 5))
    assert not m.has_canonical_format
    sp.save_npz(name, m, compressed=True)
    with zipfile.ZipFile(name) as z:
        assert "_is_array.npy" in z.namelist()
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
    expected(name)


def csr_npy_versions_int64_data():
    """CSR whose arrays use .npy format versions 2.0 and 3.0, with int64 data."""
    name = "csr-npy-v2-v3-int64-data.npz"
    m = sp.csr_matrix((DENSE * 8).astype(np.int64))
    arrays = {
        "indices": (m.indices.astype(np.int32), (2, 0)),
        "indptr": (m.indptr.astype(np.int32), (3, 0)),
        "format": (np.array(b"csr"), (2, 0)),
        "shape": (np.array(m.shape, dtype=np.int64), (3, 0)),
        "data": (m.data, (3, 0)),
    }
    with zipfile.ZipFile(name, mode="w", compression=zipfile.ZIP_DEFLATED) as z:
        for key, (arr, version) in arrays.items():
            with z.open(key + ".npy", "w", force_zip64=True) as f:
                np.lib.format.write_array(f, arr, version=version)
    expected(name)


def csr_bool():
    """CSR with bool data (|b1), SciPy defaults."""
    name = "csr-bool.npz"
    sp.save_npz(name, sp.csr_matrix(DENSE != 0))
    expected(name)


if __name__ == "__main__":
    csr_int64_big_float32_stored()
    csc_int32_float64_compressed_noncanonical()
    csr_npy_versions_int64_data()
    csr_bool()
