#!/usr/bin/env bash
# GraphML benchmark (issue 15): read and validate Relmap's own GraphML export of a generated world
# with `relmap validate` (streaming tokenizer, then the same checks as CSV), next to networkx
# `read_graphml` on the same file in the same run. Times are taken inside each process (the work,
# not start-up); memory is the peak resident set of the whole process.
# usage: Benchmarks/bench-graphml.sh [ENTITIES] (default 1000000)
#        ANCHOR_ENTITIES=N runs networkx on an N-entity export instead (it needs ~10 GB at 1M) and
#        the ratio is then per entity.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
anchor_n="${ANCHOR_ENTITIES:-$n}"
relmap="$here/../.build/release/relmap"
(cd "$here/.." && swift build -c release --product relmap >/dev/null)
python3 -c 'import networkx' 2>/dev/null || pip install -q networkx
export_graphml() {  # $1 entities -> prints the .graphml path
  local data="$here/data/world-$1"
  mkdir -p "$(dirname "$data")"
  [ -f "$data/relations.csv" ] || "$relmap" generate --entities "$1" --seed 1 --out "$data" >/dev/null 2>&1
  [ -f "$data.graphml" ] || "$relmap" export "$data" --format graphml --out "$data.graphml" >/dev/null 2>&1
  echo "$data.graphml"
}
file="$(export_graphml "$n")"
anchor_file="$(export_graphml "$anchor_n")"
ours=$( { /usr/bin/time -f "%M" "$relmap" validate "$file" --lang en; } 2>&1 )
anchor=$(python3 - "$anchor_file" <<'PY'
import resource, sys, time
import networkx as nx
t = time.perf_counter()
g = nx.read_graphml(sys.argv[1])
s = time.perf_counter() - t
print(g.number_of_nodes(), g.number_of_edges(), s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
PY
)
python3 - "$ours" "$anchor" "$file" "$anchor_file" <<'PY'
import os, re, sys
ours, anchor, f, af = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4]
m = re.search(r"valid: (\d+) entities, (\d+) relations.*\(([\d.]+) s\)", ours)
if not m:
    sys.exit("relmap validate did not report a valid graph:\n" + ours)
ents, rels, secs = int(m.group(1)), int(m.group(2)), float(m.group(3))
rss = int(ours.strip().splitlines()[-1]) / 1024
a_nodes, a_edges, a_secs, a_rss = int(anchor[0]), int(anchor[1]), float(anchor[2]), int(anchor[3]) / 1024
print(f"relmap validate  {os.path.getsize(f) / 1e6:8.1f} MB  {ents:>9} entities {rels:>9} relations  {secs:8.2f} s  {rss:8.0f} MB peak")
print(f"networkx         {os.path.getsize(af) / 1e6:8.1f} MB  {a_nodes:>9} nodes    {a_edges:>9} edges      {a_secs:8.2f} s  {a_rss:8.0f} MB peak")
if af == f:
    print(f"ratio networkx / relmap: {a_secs / secs:.2f}x time, {a_rss / rss:.2f}x memory")
else:
    print(f"ratio per entity, networkx / relmap: {(a_secs / a_nodes) / (secs / ents):.2f}x time")
PY
