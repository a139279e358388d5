"""Read and write playknn model files (.pknn, format 1.1, see MODEL_FORMAT.md) from Python.

Independent of the Java implementation; used to check that the documented layout is enough
to interoperate (core/src/test/resources/model/python-written.pknn is made by `python3
docs/pknn.py fixture OUT`, python-written-table.pknn, a 1.1 file whose neighbour table numpy
computes, by `python3 docs/pknn.py fixture-table OUT`) and to convert SciPy .npz matrices:

    python3 docs/pknn.py from-npz data/lastfm-seed/artist_user_mtrx.npz data/lastfm-seed/artists.tsv OUT.pknn
"""
import struct
import sys

MAGIC = b"\x89PKNN\r\n\x1a"


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = _TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _strings(items):
    out = [struct.pack("<I", len(items))]
    for s in items:
        b = s.encode("utf-8")
        out.append(struct.pack("<I", len(b)) + b)
    return b"".join(out)


def _read_strings(s):
    count, at, out = struct.unpack_from("<I", s, 0)[0], 4, []
    for _ in range(count):
        n = struct.unpack_from("<I", s, at)[0]
        out.append(s[at + 4:at + 4 + n].decode("utf-8"))
        at += 4 + n
    return out


def write(path, indptr, indices, data, shape, options, names, user_ids=None, table=None):
    """Writes CSR arrays (lists or numpy arrays), options (dict of str), names (list of str).

    table: None, or (k, neighbour indices, neighbour distances), the two arrays of shape
    (rows, min(k, rows - 1)); it makes a 1.1 file with sections 8 and 9 and the table_k option.
    """
    import numpy as np
    rows, cols = shape
    kv = []
    for k, v in options.items():
        kv += [k, str(v)]
    if table is not None:
        kv += ["table_k", str(table[0])]
    sections = [
        (1, 1, struct.pack("<iiq", rows, cols, len(data))),
        (2, 1, np.asarray(indptr, dtype="<i4").tobytes()),
        (3, 1, np.asarray(indices, dtype="<i4").tobytes()),
        (4, 1, np.asarray(data, dtype="<f8").tobytes()),
        (5, 1, _strings(kv)),
        (6, 1, _strings(names)),
    ]
    if user_ids is not None:
        sections.append((7, 0, _strings(user_ids)))
    if table is not None:
        width = max(0, min(table[0], rows - 1))
        ni = np.asarray(table[1], dtype="<i4").reshape(rows, width)
        nd = np.asarray(table[2], dtype="<f8").reshape(rows, width)
        sections.append((8, 0, ni.tobytes()))  # optional: a reader that does not know them skips
        sections.append((9, 0, nd.tobytes()))
    n = len(sections)
    minor = 0 if table is None else 1  # the lowest minor version whose sections are used
    offset = 32 + 32 * n
    entries, body = b"", b""
    for t, flags, b in sections:
        aligned = (offset + 7) // 8 * 8
        body += b"\0" * (aligned - offset) + b
        entries += struct.pack("<IIQQII", t, flags, aligned, len(b), crc32c(b), 0)
        offset = aligned + len(b)
    head = MAGIC + struct.pack("<HHIQI", 1, minor, n, offset, 0)
    head += struct.pack("<I", crc32c(entries, crc32c(head)))
    with open(path, "wb") as f:
        f.write(head + entries + body)


def read(path):
    """Returns (scipy csr_matrix, options dict, names, user_ids or None, table or None),
    checking every CRC; table is (neighbour indices, distances), numpy arrays of shape
    (rows, min(table_k, rows - 1)), row q holding item q's nearest neighbours."""
    import numpy as np
    import scipy.sparse as sp
    b = open(path, "rb").read()
    if b[:8] != MAGIC or struct.unpack_from("<H", b, 8)[0] != 1:
        raise ValueError("not a playknn 1.x model file")
    n, total = struct.unpack_from("<IQ", b, 12)
    if total != len(b):
        raise ValueError("truncated: header says %d bytes, file has %d" % (total, len(b)))
    if crc32c(b[32:32 + 32 * n], crc32c(b[:28])) != struct.unpack_from("<I", b, 28)[0]:
        raise ValueError("header/table checksum mismatch")
    sec = {}
    for i in range(n):
        t, flags, off, length, crc, _ = struct.unpack_from("<IIQQII", b, 32 + 32 * i)
        if crc32c(b[off:off + length]) != crc:
            raise ValueError("section %d checksum mismatch" % t)
        sec[t] = b[off:off + length]
    rows, cols, nnz = struct.unpack_from("<iiq", sec[1])
    m = sp.csr_matrix((np.frombuffer(sec[4], "<f8"), np.frombuffer(sec[3], "<i4"),
                       np.frombuffer(sec[2], "<i4")), shape=(rows, cols))
    kv = _read_strings(sec[5])
    options = dict(zip(kv[0::2], kv[1::2]))
    table = None
    if 8 in sec:
        width = max(0, min(int(options["table_k"]), rows - 1))
        table = (np.frombuffer(sec[8], "<i4").reshape(rows, width),
                 np.frombuffer(sec[9], "<f8").reshape(rows, width))
    return m, options, _read_strings(sec[6]), (
        _read_strings(sec[7]) if 7 in sec else None), table


def neighbor_table(dense, k, metric):
    """Every row's k nearest other rows by brute force (numpy), in the result contract's order:
    distance ascending, ties by lower index, the row itself excluded by index."""
    import numpy as np
    x = np.asarray(dense, dtype=np.float64)
    rows = x.shape[0]
    width = max(0, min(k, rows - 1))
    if metric == "euclidean":
        d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2))
    else:
        raise ValueError("only euclidean is needed for the fixture")
    idx = np.zeros((rows, width), dtype=np.int32)
    dist = np.zeros((rows, width), dtype=np.float64)
    for q in range(rows):
        order = sorted((d[q, j], j) for j in range(rows) if j != q)[:width]
        idx[q] = [j for _, j in order]
        dist[q] = [v for v, _ in order]
    return idx, dist


def main(argv):
    if argv[1] == "fixture":
        # 3 items x 4 users: row 0 = (1, 0, 2, 0), row 1 empty, row 2 = (0, 0.5, 0, -1.25).
        write(argv[2], [0, 2, 2, 4], [0, 2, 1, 3], [1.0, 2.0, 0.5, -1.25], (3, 4),
              {"algorithm": "ball_tree", "metric": "euclidean", "neighbors": "2",
               "parameter.leaf_size": "30"},
              ["björk", "", "植松伸夫"], ["u0", "u1", "u2", "u3"])
    elif argv[1] == "fixture-table":
        # 6 items x 4 users, small integers: Euclidean distances are exact square roots of exact
        # integer sums in any correct implementation, with ties (rows 0 and 5 are equal).
        import numpy as np
        dense = np.array([[1, 0, 2, 0], [0, 1, 0, 0], [3, 0, 0, 1],
                          [0, 0, 2, 2], [1, 1, 1, 1], [1, 0, 2, 0]], dtype=np.float64)
        indptr, indices, data = [0], [], []
        for row in dense:
            for j, v in enumerate(row):
                if v != 0:
                    indices.append(j)
                    data.append(v)
            indptr.append(len(data))
        idx, dist = neighbor_table(dense, 3, "euclidean")
        write(argv[2], indptr, indices, data, dense.shape,
              {"algorithm": "brute", "metric": "euclidean", "neighbors": "3"},
              ["a", "b", "c", "d", "e", "a again"], None, (3, idx, dist))
    elif argv[1] == "from-npz":
        import scipy.sparse as sp
        m = sp.load_npz(argv[2]).tocsr()
        m.sort_indices()
        names = [line.split("\t", 1)[1] for line in
                 open(argv[3], encoding="utf-8").read().splitlines()[1:]]
        write(argv[4], m.indptr, m.indices, m.data, m.shape,
              {"algorithm": "brute", "metric": "cosine", "neighbors": "101"}, names)
    elif argv[1] == "read":
        m, options, names, users, table = read(argv[2])
        print(m.shape, m.nnz, options, names[:5], None if users is None else users[:5],
              None if table is None else table[0][:3])


if __name__ == "__main__":
    main(sys.argv)
