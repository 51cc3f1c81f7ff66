#!/usr/bin/env bash
# Map benchmark (issue 5): on a generated world, extract a client's depth-2 map (goal < 50 ms) and
# run the whole map command minus load, layout + SVG of a 60-node map included (goal < 300 ms),
# next to Graphviz's own `dot -Tsvg` on the same DOT (the only place a dot process is started).
# usage: Benchmarks/bench-map.sh [ENTITIES] (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
data="$here/data/world-$n"
(cd "$here/.." && swift build -c release --product relmap >/dev/null && RELMAP_BENCHMARKS=1 swift build -c release --product relmap-bench >/dev/null)
mkdir -p "$(dirname "$data")"
[ -f "$data/relations.csv" ] || "$here/../.build/release/relmap" generate --entities "$n" --seed 1 --out "$data"
dotfile="$(mktemp --suffix .dot)"
ours=$("$here/../.build/release/relmap-bench" map "$data" "$dotfile" | tail -1)
dot -Tsvg "$dotfile" >/dev/null  # warm-up
anchor=$(python3 - "$dotfile" <<'PY'
import subprocess, sys, time
times = []
for _ in range(7):
    t = time.perf_counter(); subprocess.run(["dot", "-Tsvg", sys.argv[1]], check=True, stdout=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(sorted(times)[3])
PY
)
rm -f "$dotfile"
python3 - "$ours" "$anchor" <<'PY'
import json, sys
o, dot_ms = json.loads(sys.argv[1]), float(sys.argv[2])
print(f"world: {int(o['entities'])} entities, {int(o['relations'])} relations; focus client with {int(o['focus_supplies_degree'])} supplies relations, "
      f"{int(o['entities_within_depth_2'])} entities within depth 2 -> {int(o['map_nodes'])} nodes, {int(o['map_edges'])} edges")
print(f"extract depth-2 map          {o['extract_ms']:8.2f} ms  (goal < 50 ms)")
print(f"in-process layout + SVG      {o['layout_svg_ms']:8.2f} ms")
print(f"whole command minus load     {o['command_ms']:8.2f} ms  (goal < 300 ms)")
print(f"dot -Tsvg on the same DOT    {dot_ms:8.2f} ms  (process start included)")
print(f"ratio dot -Tsvg / in-process {dot_ms / o['layout_svg_ms']:.2f}x")
PY
