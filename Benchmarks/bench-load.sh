#!/usr/bin/env bash
# Load benchmark (issue 2): Relmap loading and validating a generated world next to igraph reading
# the same relations, in one run. usage: Benchmarks/bench-load.sh [ENTITIES] (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
data="$here/data/world-$n"
(cd "$here/.." && swift build -c release --product relmap >/dev/null && RELMAP_BENCHMARKS=1 swift build -c release --product relmap-bench >/dev/null)
mkdir -p "$(dirname "$data")"
[ -f "$data/relations.csv" ] || "$here/../.build/release/relmap" generate --entities "$n" --seed 1 --out "$data"
python3 -c "import igraph" 2>/dev/null || pip install -q igraph
ours=$("$here/../.build/release/relmap-bench" load "$data" | tail -1)
anchor=$(python3 "$here/anchors/load_anchor.py" "$data" | tail -1)
python3 - "$ours" "$anchor" <<'PY'
import json, sys
ours, anchor = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"world: {int(ours['entities'])} entities, {int(ours['relations'])} relations")
print(f"Relmap load+validate      {ours['load_seconds']:.2f} s   {ours['resident_bytes_per_relation']:.1f} B/relation resident "
      f"({ours['graph_bytes_per_relation']:.1f} B counted, {ours['relation_side_bytes_per_relation']:.1f} B relation side), peak {ours['peak_resident_mb']:.0f} MB")
print(f"igraph Read_Ncol          {anchor['read_ncol_seconds']:.2f} s   {anchor['read_ncol_resident_bytes_per_relation']:.1f} B/relation resident")
print(f"igraph csv + TupleList    {anchor['tuplelist_seconds']:.2f} s")
print(f"ratio Read_Ncol / Relmap  {anchor['read_ncol_seconds'] / ours['load_seconds']:.2f}x (goal >= 2x)")
print(f"ratio TupleList / Relmap  {anchor['tuplelist_seconds'] / ours['load_seconds']:.2f}x")
PY
