#!/usr/bin/env python3
"""igraph anchor for warm paths: the same queries as `relmap-bench paths`, same graph, same costs.

usage: paths_anchor.py GRAPH_DIR QUERIES.json [MAX_QUERIES_PER_KIND]   (default 5: igraph runs a
full Dijkstra per spur, tens of seconds per query on a 1M world)

Reads entities.csv and relations.csv with pandas, derives the default strengths of
Guides/Paths.md (vectorised), and builds the same search graph Relmap walks: every relation both
ways, the cheapest relation per ordered pair, cost -ln(strength). Like Relmap it searches from
the target towards the sources (best for igraph too: Dijkstra stops when it reaches the sink):
  - whole-bank queries: a sink joined from every bank-side entity (clients and referrers) at cost
    0; arcs leaving a bank-side entity are dropped, since a path never passes through one;
  - one-client queries: k shortest paths from the target to that client.
igraph `get_k_shortest_paths` has no hop limit, so costs are compared where igraph's k paths all fit
within max_hops (then both must agree exactly). Only the query calls are timed.
Prints one JSON object of figures on the last line.
"""
import json
import math
import sys
import time

import igraph as ig
import numpy as np
import pandas as pd

DECISION = ["chairman", "ceo", "cfo", "president", "general manager", "gm", "owner", "founder", "finance director",
            "treasurer", "chair", "董事长", "总经理", "总裁", "财务总监", "财务负责人", "首席财务官", "法人", "法定代表人",
            "实际控制人", "创始人", "老板", "总监"]


def decision_role(role):
    r = str(role).lower()
    if not r or r == "nan":
        return False
    words = set("".join(c if c.isalpha() else " " for c in r).split())
    for key in DECISION:
        if key.isascii() and (len(key) <= 3 or key == "chair"):
            if key in words:
                return True
        elif key in r:
            return True
    return False


def main():
    folder, queries_path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    ent = pd.read_csv(f"{folder}/entities.csv", dtype=str, keep_default_na=False)
    rel = pd.read_csv(f"{folder}/relations.csv", dtype=str, keep_default_na=False)
    ids = ent["id"].to_numpy()
    index = pd.Series(np.arange(len(ids)), index=ids)
    src = index[rel["source"]].to_numpy()
    dst = index[rel["target"]].to_numpy()
    typ = rel["type"].to_numpy()

    def num(col):
        if col not in rel:
            return np.full(len(rel), np.nan)
        return pd.to_numeric(rel[col].str.replace(",", "", regex=False).replace("", np.nan), errors="coerce").to_numpy()

    weight, given = num("weight"), num("strength")
    outcome = rel["outcome"].to_numpy() if "outcome" in rel else np.full(len(rel), "")
    s = np.full(len(rel), np.nan)
    s[typ == "knows"] = 0.6
    s[typ == "guarantees"] = 0.85
    s[typ == "member_of"] = 0.3
    ref = typ == "refers"
    s[ref] = 0.5
    s[ref & (outcome == "won")] = 0.9
    s[ref & (outcome == "pending")] = 0.6
    s[ref & (outcome == "lost")] = 0.3
    works = typ == "works_at"
    s[works] = 0.6
    if "role" in rel:
        roles = rel["role"].to_numpy()
        uniq = {r: decision_role(r) for r in set(roles[works])}
        s[works & np.array([uniq.get(r, False) for r in roles])] = 0.9
    sup = typ == "supplies"
    sales = pd.Series(np.where(sup & ~np.isnan(weight), weight, 0.0)).groupby(src).sum()
    total = sales.reindex(src).to_numpy()
    share = np.where(total > 0, weight / np.where(total > 0, total, 1), np.nan)
    s[sup] = np.where(np.isnan(share[sup]), 0.5, np.where(share[sup] >= 0.3, 0.85, np.where(share[sup] >= 0.1, 0.6, 0.4)))
    own = typ == "owns"
    w = weight[own]
    s[own] = np.where(np.isnan(w), 0.5, np.where(w >= 0.5, 0.9, np.where(w >= 0.2, 0.7, 0.4)))
    has = ~np.isnan(given)
    s[has] = np.round(given[has].astype(np.float32).astype(np.float64), 6)
    cost = -np.log(s)

    # Both directions, cheapest per ordered pair.
    a = np.concatenate([src, dst]); b = np.concatenate([dst, src]); c = np.concatenate([cost, cost])
    arcs = pd.DataFrame({"a": a, "b": b, "c": c}).groupby(["a", "b"], sort=False)["c"].min().reset_index()
    n = len(ids)
    status = ent["status"].to_numpy() if "status" in ent else np.full(n, "")
    bank = np.zeros(n, dtype=bool)
    bank[status == "client"] = True
    bank[src[ref]] = True
    prep_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    g_one = ig.Graph(n=n, edges=np.column_stack([arcs["a"].to_numpy(), arcs["b"].to_numpy()]).tolist(), directed=True)
    g_one.es["cost"] = arcs["c"].to_numpy().tolist()
    keep = ~bank[arcs["a"].to_numpy()]
    sink = n
    bank_idx = np.nonzero(bank)[0]
    ea = np.concatenate([arcs["a"].to_numpy()[keep], bank_idx])
    eb = np.concatenate([arcs["b"].to_numpy()[keep], np.full(len(bank_idx), sink)])
    ec = np.concatenate([arcs["c"].to_numpy()[keep], np.zeros(len(bank_idx))])
    g_bank = ig.Graph(n=n + 1, edges=np.column_stack([ea, eb]).tolist(), directed=True)
    g_bank.es["cost"] = ec.tolist()
    build_s = time.perf_counter() - t0

    doc = json.load(open(queries_path))
    k, max_hops = doc["k"], doc["maxHops"]
    per_kind = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    print(f"igraph graphs built in {build_s:.1f} s (pandas prep {prep_s:.1f} s)", file=sys.stderr)
    taken = {"bank": 0, "one": 0}
    times = {"bank": [], "one": []}
    compared = agreed = 0
    ours_ms = {"bank": [], "one": []}
    for q in doc["queries"]:
        t = int(index[q["target"]])
        kind = "bank" if q.get("source") is None else "one"
        if taken[kind] >= per_kind:
            continue
        taken[kind] += 1
        if kind == "bank":
            g, to, extra = g_bank, sink, 1
        else:
            g, to, extra = g_one, int(index[q["source"]]), 0
        start = time.perf_counter()
        paths = g.get_k_shortest_paths(t, to=to, k=k, mode="out", weights="cost", output="vpath")
        times[kind].append((time.perf_counter() - start) * 1e3)
        ours_ms[kind].append(q["ms"])
        print(f"igraph {kind} query to {q['target']}: {times[kind][-1]:.1f} ms (relmap {q['ms']:.1f} ms)", file=sys.stderr)
        costs, hops = [], []
        for p in paths:
            cc = 0.0
            for u, v in zip(p, p[1:]):
                cc += g.es[g.get_eid(u, v)]["cost"]
            costs.append(cc)
            hops.append(len(p) - 1 - extra)
        if all(h <= max_hops for h in hops):
            compared += 1
            ours = q["costs"]
            if len(ours) == len(costs) and all(abs(x - y) < 1e-9 for x, y in zip(sorted(ours), sorted(costs))):
                agreed += 1
            else:
                print("cost mismatch", q["target"], q.get("source"), ours[:3], costs[:3], file=sys.stderr)
    fig = {"igraph_prepare_s": prep_s, "igraph_build_s": build_s, "queries_compared": compared, "queries_agreed": agreed}
    for name, ts in times.items():
        if ts:
            ts = sorted(ts)
            fig[f"igraph_paths_{name}_median_ms"] = ts[len(ts) // 2]
            fig[f"igraph_paths_{name}_mean_ms"] = sum(ts) / len(ts)
            fig[f"igraph_paths_{name}_max_ms"] = ts[-1]
            # Relmap's times on exactly the queries igraph ran (from the same benchmark run).
            fig[f"relmap_same_queries_{name}_median_ms"] = sorted(ours_ms[name])[len(ts) // 2]
    print(json.dumps(fig, sort_keys=True))


if __name__ == "__main__":
    main()
