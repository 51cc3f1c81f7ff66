#!/usr/bin/env python3
"""Reference values for the ranking signals, computed with networkx, stored as test fixtures.

    python3 Scripts/ranking_reference.py [--graph DIR NAME ...]

Writes Tests/RelmapCoreTests/Fixtures/ranking/<name>.json. Each fixture holds the graph itself
(entities with status/value/rm, supplies relations with volumes) and, per seed set, the networkx
values the Swift tests must reproduce:

- ppr:    nx.pagerank(G, alpha=0.85, personalization=p, weight="weight"), converged tightly
- bridge: nx.betweenness_centrality_subset(G, seeds, seeds, normalized=False) (unweighted)

G follows the rules of ValueChainProjection.swift: every entity is a node; each `supplies`
relation adds its volume to the undirected pair (both directions and duplicates add); a missing
volume counts as the median of the known volumes; self-loops are ignored. p follows
PersonalizedPageRank.restartDistribution: proportional to seed value, a missing value filled with
the median of the known seed values, equal shares when no seed has a positive value.

Small graphs are generated here (deterministic); `--graph DIR NAME` adds a graph folder
(entities.csv + relations.csv), e.g. Graphs/battery-chain, with seeds = all clients and each RM's book.
"""
import csv
import json
import math
import os
import random
import statistics
import sys

import networkx as nx

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "RelmapCoreTests", "Fixtures", "ranking")


def build_graph(entities, relations):
    G = nx.Graph()
    for e in entities:
        G.add_node(e["id"])
    # Duplicates (same source, target) merge first as the graph builder merges them: volumes add,
    # a missing volume is ignored when another duplicate has one.
    merged = {}
    for r in relations:
        key = (r["source"], r["target"])
        if key in merged:
            a, b = merged[key], r["weight"]
            merged[key] = a if b is None else (b if a is None else a + b)
        else:
            merged[key] = r["weight"]
    known = [w for (s, t), w in merged.items() if w is not None and s != t]
    fill = statistics.median(known) if known else 1.0
    for (s, t), w in merged.items():
        if s == t:
            continue
        w = fill if w is None else w
        if G.has_edge(s, t):
            G[s][t]["weight"] += w
        else:
            G.add_edge(s, t, weight=w)
    return G


def restart(entities, seeds):
    value = {e["id"]: e.get("value") for e in entities}
    seeds = sorted(set(seeds))
    known = [value[s] for s in seeds if value[s] is not None]
    fill = statistics.median(known) if known else 1.0
    raw = {s: (fill if value[s] is None else max(value[s], 0.0)) for s in seeds}
    total = sum(raw.values())
    if not total > 0:
        raw = {s: 1.0 for s in seeds}
        total = float(len(seeds))
    return {s: v / total for s, v in raw.items()}


def case(G, entities, name, seeds):
    p = restart(entities, seeds)
    ppr = nx.pagerank(G, alpha=0.85, personalization=p, weight="weight", tol=1e-15 / max(1, len(G)) * 10,
                      max_iter=100000)
    bridge = nx.betweenness_centrality_subset(G, sources=sorted(set(seeds)), targets=sorted(set(seeds)),
                                              normalized=False)
    return {"name": name, "seeds": sorted(set(seeds)), "ppr": ppr, "bridge": bridge}


def write(name, entities, relations, seedsets):
    G = build_graph(entities, relations)
    fixture = {
        "name": name,
        "entities": entities,
        "relations": relations,
        "cases": [case(G, entities, n, s) for n, s in seedsets],
    }
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=None, sort_keys=True)
    print(f"{path}: {len(entities)} entities, {len(relations)} relations, {len(seedsets)} cases")


def ent(i, status="prospect", value=None, rm=""):
    return {"id": i, "status": status, "value": value, "rm": rm}


def rel(s, t, w):
    return {"source": s, "target": t, "weight": w}


def tiny():
    # A core enterprise K with suppliers and dealers; a duplicate relation, a reverse relation,
    # a missing volume, a zero volume, a self-loop, an isolated client, a component without clients.
    entities = [ent("K", "client", 5e6, "rm1"), ent("S1", "client", None, "rm1"), ent("S2"), ent("S3", "other_bank"),
                ent("D1", "client", 1e6, "rm2"), ent("D2"), ent("D3", "former"), ent("ISO", "client", 2e6, "rm2"),
                ent("X1"), ent("X2"), ent("X3")]
    relations = [rel("S1", "K", 3e6), rel("S2", "K", 2e6), rel("S2", "K", 1e6), rel("K", "S2", 5e5),
                 rel("S3", "K", None), rel("K", "D1", 4e6), rel("K", "D2", 1e6), rel("D1", "D3", 0.0),
                 rel("D2", "D3", 7e5), rel("S3", "S1", 2e5), rel("K", "K", 9e9),
                 rel("X1", "X2", 1e5), rel("X2", "X3", 1e5)]
    write("tiny", entities, relations, [
        ("all-clients", ["K", "S1", "D1", "ISO"]),
        ("rm2-book", ["D1", "ISO"]),
        ("isolated-seed-only", ["ISO"]),
        ("no-values", ["S1", "S3"]),
    ])


def random_world(name, n, m, clients, seed, rms=4, components=2):
    rng = random.Random(seed)
    ids = [f"E{i:05d}" for i in range(n)]
    entities = []
    for i, eid in enumerate(ids):
        if rng.random() < clients:
            v = None if rng.random() < 0.2 else round(math.exp(rng.gauss(13, 1.5)), 2)
            entities.append(ent(eid, "client", v, f"RM{rng.randrange(rms)}"))
        else:
            entities.append(ent(eid, rng.choice(["prospect", "prospect", "other_bank", "former"])))
    # Components: the ids are split in blocks; edges stay inside a block (the last block gets few).
    block = n // components
    relations = []
    for _ in range(m):
        b = rng.randrange(components)
        lo, hi = b * block, (n if b == components - 1 else (b + 1) * block)
        # Preferential-ish: low indices in a block are hubs (core enterprises).
        s = lo + int((hi - lo) * rng.random() ** 2)
        t = lo + rng.randrange(hi - lo)
        w = None if rng.random() < 0.05 else round(math.exp(rng.gauss(14, 1.8)), 2)
        relations.append(rel(ids[s], ids[t], w))
    # A few relations repeated (duplicates add).
    for _ in range(m // 50):
        r = rng.choice(relations)
        relations.append(dict(r))
    seedsets = [("all-clients", [e["id"] for e in entities if e["status"] == "client"])]
    for k in range(rms):
        book = [e["id"] for e in entities if e["status"] == "client" and e["rm"] == f"RM{k}"]
        if book:
            seedsets.append((f"rm-RM{k}", book))
            break
    write(name, entities, relations, seedsets)


def read_folder(path):
    with open(os.path.join(path, "entities.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    entities = []
    for r in rows:
        v = (r.get("value") or "").replace(",", "").strip()
        entities.append(ent(r["id"], (r.get("status") or "prospect").strip() or "prospect",
                            float(v) if v else None, (r.get("rm") or "").strip()))
    with open(os.path.join(path, "relations.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    relations = []
    for r in rows:
        if (r.get("type") or "").strip() != "supplies":
            continue
        w = (r.get("weight") or "").replace(",", "").strip()
        relations.append(rel(r["source"], r["target"], float(w) if w else None))
    return entities, relations


def folder(path, name):
    entities, relations = read_folder(path)
    clients = [e["id"] for e in entities if e["status"] == "client"]
    seedsets = [("all-clients", clients)]
    for rm in sorted({e["rm"] for e in entities if e["status"] == "client" and e["rm"]}):
        seedsets.append((f"rm-{rm}", [e["id"] for e in entities if e["status"] == "client" and e["rm"] == rm]))
    write(name, entities, relations, seedsets)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        tiny()
        random_world("random-300", 300, 900, 0.12, seed=7, components=3)
        random_world("world-2k", 2000, 7000, 0.10, seed=42, rms=6, components=2)
    while args:
        if args[0] == "--graph" and len(args) >= 3:
            folder(args[1], args[2])
            args = args[3:]
        else:
            sys.exit(__doc__)
