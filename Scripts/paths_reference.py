#!/usr/bin/env python3
"""Reference answers for `relmap chain` (WarmPathFinder), computed with networkx.

Writes JSON fixtures to Tests/RelmapCoreTests/Fixtures/paths/:
  - small-<seed>.json: random small graphs (written in full into the fixture) with queries;
  - battery-chain.json: queries on Graphs/battery-chain (read from its CSV files), when present.

The cost model is re-implemented here from Guides/Paths.md, independently of the Swift code:
a hop costs -ln(strength), every relation is walked both ways, the cheapest relation between two
entities is the one a path uses, paths start at a source and never pass through another source.
networkx `shortest_simple_paths` enumerates simple paths in cost order from a super-source joined
to every source at cost 0; we keep those with at most max_hops hops. Because equal-cost paths may
come in any order, every path whose cost equals the k-th cost is stored (`tied`), so the tests can
accept any k of them.

Run: python3 Scripts/paths_reference.py [battery]   (battery: only the Graphs/battery-chain fixture)
"""
import csv
import json
import math
import os
import random
import sys
import time

import networkx as nx
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "RelmapCoreTests", "Fixtures", "paths")
EPS = 1e-9
ALL_TYPES = ["supplies", "owns", "guarantees", "refers", "knows", "works_at", "member_of"]
DECISION_ROLES = ["chairman", "chair", "ceo", "cfo", "president", "general manager", "gm", "owner", "founder",
                  "finance director", "treasurer", "董事长", "总经理", "总裁", "财务总监", "财务负责人",
                  "首席财务官", "法人", "法定代表人", "实际控制人", "创始人", "老板", "总监"]


def is_decision_role(role):
    r = role.lower()
    if not r:
        return False
    words = set(w for w in "".join(c if c.isalpha() else " " for c in r).split())
    for key in DECISION_ROLES:
        if key.isascii() and (len(key) <= 3 or key == "chair"):
            if key in words:
                return True
        elif key in r:
            return True
    return False


def f32(x):
    """Strengths are stored as 32-bit floats and read back rounded to six decimals."""
    return round(float(np.float32(x)), 6)


def strengths(relations):
    sales = {}
    for r in relations:
        if r["type"] == "supplies" and r.get("weight") is not None:
            sales[r["source"]] = sales.get(r["source"], 0.0) + r["weight"]
    # The controller of each company: the holder of more than 50 %, or the largest holder alone
    # at 30 % or more (Guides/Ownership.md); its owns relation counts 0.9 whatever the share.
    held = {}
    for r in relations:
        w = r.get("weight")
        if r["type"] == "owns" and w is not None and 0 < w <= 1 and r["source"] != r["target"]:
            held.setdefault(r["target"], {})
            held[r["target"]][r["source"]] = held[r["target"]].get(r["source"], 0.0) + w
    controller = {}
    for t, holders in held.items():
        ranked = sorted(holders.items(), key=lambda kv: -kv[1])
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if ranked[0][1] > second and (ranked[0][1] > 0.5 + 1e-9 or ranked[0][1] >= 0.3 - 1e-9):
            controller[t] = ranked[0][0]
    out = []
    for r in relations:
        if r.get("strength") is not None:
            out.append(f32(r["strength"]))
            continue
        t, w = r["type"], r.get("weight")
        if t == "refers":
            s = {"won": 0.9, "pending": 0.6, "lost": 0.3}.get(r.get("outcome") or "", 0.5)
        elif t == "knows":
            s = 0.6
        elif t == "works_at":
            s = 0.9 if is_decision_role(r.get("role") or "") else 0.6
        elif t == "supplies":
            total = sales.get(r["source"], 0.0)
            if w is None or total <= 0:
                s = 0.5
            else:
                share = w / total
                s = 0.85 if share >= 0.3 else (0.6 if share >= 0.1 else 0.4)
        elif t == "owns":
            if controller.get(r["target"]) == r["source"]:
                s = 0.9
            else:
                s = 0.5 if w is None else (0.9 if w >= 0.5 else (0.7 if w >= 0.2 else 0.4))
        elif t == "guarantees":
            s = 0.85
        elif t == "member_of":
            s = 0.3
        else:
            raise ValueError(t)
        out.append(s)
    return out


def bank_side(entities, relations):
    side = {e["id"] for e in entities if e.get("status") == "client"}
    side |= {r["source"] for r in relations if r["type"] == "refers"}
    return side


def reference(entities, relations, target, sources, k, max_hops, via, max_paths=20000, max_seconds=None):
    st = strengths(relations)
    sources = set(sources) - {target}
    g = nx.DiGraph()
    for r, s in zip(relations, st):
        if r["type"] not in via:
            continue
        c = -math.log(s)
        for a, b in ((r["source"], r["target"]), (r["target"], r["source"])):
            if b in sources:
                continue  # sources are entered only from the super-source
            if g.has_edge(a, b) and g[a][b]["cost"] <= c:
                continue
            g.add_edge(a, b, cost=c)
    S = "__bank__"
    for s in sources:
        g.add_edge(S, s, cost=0.0)
    if target not in g or S not in g:
        return [], None
    found = []
    kth = None
    count = 0
    start = time.monotonic()
    try:
        for p in nx.shortest_simple_paths(g, S, target, weight="cost"):
            count += 1
            if count > max_paths or (max_seconds is not None and time.monotonic() - start > max_seconds):
                # Fewer than k paths fit the hop limit and the enumeration of every longer simple
                # path explodes: skip the query (reported below) rather than wait.
                return None, None
            nodes = p[1:]
            if len(nodes) - 1 > max_hops:
                continue
            cost = 0.0
            for a, b in zip(nodes, nodes[1:]):
                cost += g[a][b]["cost"]
            if kth is not None and cost > kth + EPS:
                break
            found.append({"cost": cost, "nodes": nodes})
            if len(found) == k:
                kth = cost
    except nx.NetworkXNoPath:
        pass
    # Equal-cost paths come in hash order; sort so that the fixtures are byte-stable.
    found.sort(key=lambda p: (p["cost"], p["nodes"]))
    return found, kth


def random_graph(seed):
    rng = random.Random(seed)
    n = rng.randint(12, 28)
    entities = []
    for i in range(n):
        kind = rng.choices(["company", "person", "institution"], [6, 3, 1])[0]
        status = rng.choices(["client", "prospect", "other_bank", "former"], [2, 5, 2, 1])[0]
        entities.append({"id": f"E{i:02d}", "name": f"实体{i}", "kind": kind, "status": status})
    relations = []
    keys = set()
    for _ in range(rng.randint(int(1.5 * n), 3 * n)):
        a, b = rng.sample(range(n), 2)
        t = rng.choice(ALL_TYPES)
        key = (min(a, b), max(a, b), t) if t == "knows" else (a, b, t)
        if key in keys:
            continue
        keys.add(key)
        r = {"source": f"E{a:02d}", "target": f"E{b:02d}", "type": t}
        if rng.random() < 0.4:
            r["strength"] = rng.choice([0.3, 0.5, 0.6, 0.8, 0.9, 1.0])
        if t == "supplies" and rng.random() < 0.8:
            r["weight"] = float(rng.choice([1e5, 5e5, 1e6, 3e6]))
        if t == "owns" and rng.random() < 0.8:
            r["weight"] = rng.choice([0.1, 0.3, 0.51, 1.0])
        if t == "refers":
            r["outcome"] = rng.choice(["won", "pending", "lost", None])
            if r["outcome"] is None:
                del r["outcome"]
        if t == "works_at":
            r["role"] = rng.choice(["CFO", "engineer", "董事长", "", "sales"])
        relations.append(r)
    return entities, relations


def queries_for(entities, relations, rng, count):
    ids = [e["id"] for e in entities]
    out = []
    for _ in range(count):
        target = rng.choice(ids)
        via = ALL_TYPES if rng.random() < 0.7 else rng.sample(ALL_TYPES, rng.randint(2, 5))
        sources = None if rng.random() < 0.6 else rng.sample(ids, rng.randint(1, 3))
        k = rng.choice([1, 3, 5, 10])
        h = rng.choice([2, 3, 4, 5])
        out.append((target, sources, k, h, sorted(via, key=ALL_TYPES.index)))
    return out


def run_queries(entities, relations, queries, max_paths=20000, max_seconds=None, wanted=None):
    side = bank_side(entities, relations)
    results = []
    for target, sources, k, h, via in queries:
        if wanted is not None and len(results) >= wanted:
            break
        found, kth = reference(entities, relations, target, side if sources is None else sources, k, h, set(via),
                               max_paths, max_seconds)
        if found is None:
            print(f"skipped query to {target} (k={k}, {h} hops): enumeration too long", file=sys.stderr)
            continue
        results.append({"target": target, "sources": sources, "k": k, "max_hops": h, "via": via,
                        "expected": found, "kth_cost": kth})
    return results


def write(name, doc):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", name, "queries:", len(doc["queries"]),
          "paths:", sum(len(q["expected"]) for q in doc["queries"]))


def read_graph_folder(folder):
    """Reads a clean UTF-8 graph folder (the hand-built samples)."""
    def num(s):
        s = (s or "").strip().replace(",", "")
        return float(s) if s else None
    with open(os.path.join(folder, "entities.csv"), encoding="utf-8-sig") as f:
        entities = [{"id": r["id"], "name": r.get("name", ""), "kind": r.get("kind") or "company",
                     "status": r.get("status") or "prospect"} for r in csv.DictReader(f)]
    relations = []
    with open(os.path.join(folder, "relations.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            rel = {"source": r["source"], "target": r["target"], "type": r["type"]}
            for key in ("weight", "strength"):
                v = num(r.get(key))
                if v is not None:
                    rel[key] = v
            if r.get("outcome"):
                rel["outcome"] = r["outcome"]
            if r.get("role"):
                rel["role"] = r["role"]
            relations.append(rel)
    return entities, relations


def main():
    only_battery = sys.argv[1:] == ["battery"]   # `paths_reference.py battery`: the sample only
    for seed in range(1, 13):
        if only_battery:
            break
        entities, relations = random_graph(seed)
        rng = random.Random(1000 + seed)
        queries = queries_for(entities, relations, rng, 6)
        write(f"small-{seed:02d}.json", {"graph": {"entities": entities, "relations": relations},
                                         "queries": run_queries(entities, relations, queries)})
    battery = os.path.join(ROOT, "Graphs", "battery-chain")
    if os.path.isdir(battery):
        entities, relations = read_graph_folder(battery)
        rng = random.Random(7)
        side = bank_side(entities, relations)
        prospects = [e["id"] for e in entities if e["status"] != "client"]
        # networkx enumerates simple paths in cost order with no hop limit, so a target whose k
        # cheapest paths are mostly longer than the limit makes it walk tens of thousands of
        # paths (minutes each). The mix is kept cheap: k of 3 or 5 within 3 hops, a few k = 10
        # within 4, and any query that still takes over 10 s is skipped until 14 are in.
        queries = []
        for i, target in enumerate(rng.sample(prospects, min(24, len(prospects)))):
            if i % 3 == 2:
                queries.append((target, rng.sample(sorted(side), 2), 5, 4, ALL_TYPES))
            else:
                k, h = rng.choice([(3, 3), (5, 3), (5, 3), (10, 4)])
                queries.append((target, None, k, h, ALL_TYPES))
        # The graph itself is read by the test from Graphs/battery-chain through GraphLoader.
        write("battery-chain.json", {"graph": None, "graph_folder": "Graphs/battery-chain",
                                     "queries": run_queries(entities, relations, queries, max_paths=3000,
                                                            max_seconds=10, wanted=14)})
    else:
        print("Graphs/battery-chain not found; skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
