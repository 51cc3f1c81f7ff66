#!/usr/bin/env python3
"""Anchor for Benchmarks/bench-ownership.sh: the same ownership questions with numpy and scipy.

  python3 ownership_anchor.py GRAPH_DIR QUERIES.json

Reads the `owns` rows of relations.csv (pandas; not timed), then times:
- all controllers and groups, vectorised numpy: the largest and second holder of each company,
  majority (> 50 %) or relative (>= 30 % and alone at the top) control, ultimate controllers by
  pointer jumping, group sizes;
- one column of integrated ownership per query, u = (I - W)^-1 W e_b: scipy.sparse.linalg.spsolve
  on (I - W) restricted to the entities that take part in a holding (factorising each time), and
  once splu + a triangular solve per query.
Checks the shares against the ones relmap-bench wrote (max absolute difference) and the group
count. Prints one JSON object on the last line.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def main():
    folder, queries_path = sys.argv[1], sys.argv[2]
    ours = json.load(open(queries_path))
    rel = pd.read_csv(f"{folder}/relations.csv", usecols=["source", "target", "type", "weight"], dtype={"source": str, "target": str, "type": str})
    owns = rel[rel["type"] == "owns"]
    owns = owns[(owns["weight"] > 0) & (owns["weight"] <= 1) & (owns["source"] != owns["target"])]
    ids, codes = np.unique(np.concatenate([owns["source"].to_numpy(), owns["target"].to_numpy()]), return_inverse=True)
    m = len(owns)
    src, dst, w = codes[:m], codes[m:], owns["weight"].to_numpy(dtype=float)
    n = len(ids)
    out = {"entities_in_holdings": n, "holdings": m}

    # Controllers and groups.
    t = time.perf_counter()
    frame = pd.DataFrame({"h": src, "b": dst, "s": w}).groupby(["b", "h"], as_index=False)["s"].sum()
    frame = frame.sort_values(["b", "s"], ascending=[True, False])
    first = frame.groupby("b").head(1)
    second = frame.groupby("b").nth(1)[["b", "s"]].set_index("b")["s"]
    top_share = first.set_index("b")["s"]
    runner = second.reindex(top_share.index).fillna(0)
    controls = (top_share > runner) & ((top_share > 0.5 + 1e-9) | (top_share >= 0.3 - 1e-9))
    controller = np.full(n, -1, dtype=np.int64)
    held = top_share.index.to_numpy()
    controller[held[controls.to_numpy()]] = first.set_index("b")["h"].to_numpy()[controls.to_numpy()]
    # Pointer jumping: top[v] = v when nobody controls v, else the top of v's controller.
    top = np.where(controller >= 0, controller, np.arange(n))
    for _ in range(64):
        nxt = top[top]
        if np.array_equal(nxt, top):
            break
        top = nxt
    controlled = controller >= 0
    group_sizes = np.bincount(top[controlled], minlength=n)
    out["groups_s"] = time.perf_counter() - t
    out["controlled"] = int(controlled.sum())

    # Integrated ownership: (I - W) u = W e_b, on the entities in holdings.
    t = time.perf_counter()
    W = sp.csr_matrix((w, (src, dst)), shape=(n, n))
    A = (sp.identity(n, format="csc") - W.tocsc()).tocsc()
    out["build_matrix_s"] = time.perf_counter() - t
    index = {v: i for i, v in enumerate(ids)}
    solve_times, max_diff = [], 0.0
    for q in ours["queries"]:
        b = index[q["id"]]
        rhs = W[:, b].toarray().ravel()
        t = time.perf_counter()
        u = spla.spsolve(A, rhs)
        solve_times.append(time.perf_counter() - t)
        expected = q["shares"]
        for i in np.nonzero(np.abs(u) > 1e-15)[0]:
            if i != b:
                max_diff = max(max_diff, abs(u[i] - expected.get(ids[i], 0.0)))
        for k, x in expected.items():
            max_diff = max(max_diff, abs(u[index[k]] - x))
    t = time.perf_counter()
    lu = spla.splu(A)
    out["splu_factor_s"] = time.perf_counter() - t
    lu_times = []
    for q in ours["queries"]:
        rhs = W[:, index[q["id"]]].toarray().ravel()
        t = time.perf_counter()
        lu.solve(rhs)
        lu_times.append(time.perf_counter() - t)
    out["spsolve_median_ms"] = float(np.median(solve_times) * 1e3)
    out["splu_solve_median_ms"] = float(np.median(lu_times) * 1e3)
    out["max_share_difference"] = max_diff
    out["controlled_agrees"] = out["controlled"] == ours["controlled"]
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
