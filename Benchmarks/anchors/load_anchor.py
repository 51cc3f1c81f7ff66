"""igraph reading the same relations as Relmap's load benchmark, timed inside the process.

usage: load_anchor.py GRAPH_DIR
Prints one JSON object: igraph Read_Ncol on a whitespace edge list of the same relations (written
once beforehand, not timed) and a CSV read into Graph.TupleList, with resident memory.
"""
import csv, json, os, resource, sys, time

import igraph

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

folder = sys.argv[1]
relations = os.path.join(folder, "relations.csv")
ncol = os.path.join(folder, "relations.ncol")
if not os.path.exists(ncol) or os.path.getmtime(ncol) < os.path.getmtime(relations):
    with open(relations, newline="", encoding="utf-8-sig") as src, open(ncol, "w") as dst:
        r = csv.reader(src)
        header = next(r)
        s, t, w = header.index("source"), header.index("target"), header.index("weight")
        for row in r:
            dst.write(f"{row[s]} {row[t]} {row[w] or 1}\n")

out = {}
before = rss()
start = time.perf_counter()
g = igraph.Graph.Read_Ncol(ncol, names=True, weights=True, directed=True)
out["read_ncol_seconds"] = time.perf_counter() - start
out["read_ncol_resident_bytes_per_relation"] = (rss() - before) / g.ecount()
out["relations"] = g.ecount()
del g

start = time.perf_counter()
with open(relations, newline="", encoding="utf-8-sig") as f:
    r = csv.reader(f)
    header = next(r)
    s, t, w = header.index("source"), header.index("target"), header.index("weight")
    edges = [(row[s], row[t], float(row[w].replace(",", "")) if row[w] else 1.0) for row in r]
g = igraph.Graph.TupleList(edges, directed=True, weights=True)
out["tuplelist_seconds"] = time.perf_counter() - start
out["peak_resident_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out, sort_keys=True))
