#!/usr/bin/env python3
"""Anchor for `relmap next DIR --top 100` end to end (issue 17): what a data scientist would run.

    python3 Benchmarks/anchors/next_anchor.py DIR

pandas read_csv (pyarrow engine) of entities.csv and relations.csv, the supplies relations as an
undirected igraph weighted by volume, and one personalised PageRank restarting at every client
(PRPACK), then the top 100 non-clients. Timed from the interpreter's start (imports included, as
a user waits for them) to the answer. Prints one JSON line.
"""
import time

started = time.time()
import json
import os
import sys

import igraph as ig
import numpy as np
import pandas as pd

d = sys.argv[1]
ent = pd.read_csv(os.path.join(d, "entities.csv"), engine="pyarrow", dtype=str)
rel = pd.read_csv(os.path.join(d, "relations.csv"), engine="pyarrow", dtype=str)
read_seconds = time.time() - started
ids = ent["id"].to_numpy()
index = pd.Series(np.arange(len(ids)), index=ids)
supplies = rel[rel["type"] == "supplies"]
s = index[supplies["source"].to_numpy()].to_numpy()
t = index[supplies["target"].to_numpy()].to_numpy()
w = pd.to_numeric(supplies["weight"], errors="coerce")
w = w.fillna(w.median()).to_numpy()
g = ig.Graph(n=len(ids), edges=np.column_stack([s, t]), directed=False)
clients = (ent["status"] == "client").to_numpy()
reset = clients.astype(float)
g.es["w"] = w.tolist()
scores = np.array(g.personalized_pagerank(damping=0.85, reset=reset.tolist(), weights="w", implementation="prpack"))
scores[clients] = -1
top = np.argsort(-scores)[:100]
print(json.dumps({"seconds": time.time() - started, "read_seconds": read_seconds,
                  "entities": len(ids), "supplies": len(s), "top1": str(ids[top[0]])}))
