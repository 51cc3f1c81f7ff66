#!/usr/bin/env bash
# Ownership on a generated 1M-entity world (with its ownership layer), next to numpy/scipy in the
# same run.
#
#   Benchmarks/bench-ownership.sh [ENTITIES | GRAPH_DIR]     (default 1000000)
#
# With a number, the world is Benchmarks/data/world-ENTITIES (made with `relmap generate --seed 1`
# when missing, shared with the other benchmarks); with a folder, that graph.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
arg="${1:-1000000}"
if [ -d "$arg" ]; then data="$arg"; else data="$here/data/world-$arg"; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building (release)"
(cd "$root" && swift build -c release --product relmap >/dev/null && RELMAP_BENCHMARKS=1 swift build -c release --product relmap-bench >/dev/null)
relmap="$root/.build/release/relmap"
bench="$root/.build/release/relmap-bench"
python3 -c "import numpy, scipy, pandas" 2>/dev/null || pip install -q numpy scipy pandas

if [ ! -f "$data/relations.csv" ]; then
    echo "== generating $data"
    mkdir -p "$(dirname "$data")"
    "$relmap" generate --entities "$arg" --seed 1 --out "$data"
fi

echo "== relmap: network, controllers, groups; 20 owners queries (in process)"
"$bench" ownership "$data" --queries 20 --out "$work/queries.json" | tail -1 > "$work/ours.json"
cat "$work/ours.json"

echo "== numpy/scipy: controllers and groups; the same 20 columns with spsolve and splu"
python3 "$here/anchors/ownership_anchor.py" "$data" "$work/queries.json" | tail -1 > "$work/anchor.json"
cat "$work/anchor.json"

q="$(python3 -c "import json;print(json.load(open('$work/queries.json'))['queries'][-1]['id'])")"
echo "== end to end: relmap owners --of $q; relmap groups"
/usr/bin/time -f "%e s wall, %M KB max RSS" "$relmap" owners "$data" --of "$q" --format json --out "$work/owners.json" 2>&1 | tail -1
/usr/bin/time -f "%e s wall, %M KB max RSS" "$relmap" groups "$data" --format json --out "$work/groups.json" 2>&1 | tail -1

python3 - "$work/ours.json" "$work/anchor.json" <<'PY'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
print("== summary")
all_ms = ours["all_groups_ms"]
print(f"all controllers and groups after load: relmap {all_ms:.0f} ms (network {ours['network_ms']:.0f}, control {ours['control_ms']:.0f}, "
      f"groups {ours['groups_ms']:.0f}); numpy {theirs['groups_s'] * 1e3:.0f} ms: {theirs['groups_s'] * 1e3 / all_ms:.1f}x")
med = ours["owners_query_median_ms"]
print(f"one owners query: relmap median {med:.2f} ms, max {ours['owners_query_max_ms']:.2f} ms; "
      f"scipy spsolve median {theirs['spsolve_median_ms']:.1f} ms ({theirs['spsolve_median_ms'] / med:.0f}x); "
      f"splu once {theirs['splu_factor_s']:.2f} s then {theirs['splu_solve_median_ms']:.2f} ms a query ({theirs['splu_solve_median_ms'] / med:.1f}x)")
print(f"shares agree with scipy to {theirs['max_share_difference']:.1e}; controlled entities agree: {theirs['controlled_agrees']}; "
      f"{ours['groups']:.0f} groups, largest {ours['largest_group']:.0f}; {ours['holdings']:.0f} holdings; load {ours['load_s']:.2f} s")
PY
