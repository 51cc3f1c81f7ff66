#!/usr/bin/env bash
# Warm paths and the referral report on a generated 1M-entity world, next to igraph in the same run.
#
#   Benchmarks/bench-paths.sh [ENTITIES | GRAPH_DIR]     (default 1000000)
#
# With a number, the world is Benchmarks/data/world-ENTITIES (made with `relmap generate --seed 1`
# when missing, shared with bench-load.sh); with a folder, that graph.
# Prints our figures, igraph's, and the ratios; the end-to-end commands are timed with /usr/bin/time.
# ANCHOR_QUERIES=N limits igraph to the first N queries of each kind (default 5; about a minute each
# from one client on a 1M world).
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
python3 -c "import igraph, pandas" 2>/dev/null || pip install -q igraph pandas

if [ ! -f "$data/relations.csv" ]; then
    echo "== generating $data"
    mkdir -p "$(dirname "$data")"
    "$relmap" generate --entities "$arg" --seed 1 --out "$data"
fi

echo "== relmap: warm paths (k=10, max 6 hops) and referral report, in process"
"$bench" paths "$data" --k 10 --max-hops 6 --targets 20 --queries "$work/queries.json" | tail -1 > "$work/ours.json"
cat "$work/ours.json"

echo "== igraph get_k_shortest_paths on the same graph, costs and queries"
python3 "$here/anchors/paths_anchor.py" "$data" "$work/queries.json" "${ANCHOR_QUERIES:-5}" | tail -1 > "$work/igraph.json"
cat "$work/igraph.json"

echo "== end to end: relmap report referrals (whole bank, HTML)"
/usr/bin/time -f "%e s wall, %M KB max RSS" "$relmap" report referrals "$data" --format html --out "$work/referrals.html" 2>&1 | tail -1

target="$(python3 -c "import json;print(json.load(open('$work/queries.json'))['queries'][0]['target'])")"
echo "== end to end: relmap chain --to $target --k 10 --max-hops 6"
/usr/bin/time -f "%e s wall, %M KB max RSS" "$relmap" chain "$data" --to "$target" --k 10 --max-hops 6 --format json --out "$work/chain.json" 2>&1 | tail -1

python3 - "$work/ours.json" "$work/igraph.json" <<'EOF'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
print("== summary")
for name, label in (("bank", "the whole bank side"), ("one", "one client")):
    o = theirs.get(f"relmap_same_queries_{name}_median_ms"); t = theirs.get(f"igraph_paths_{name}_median_ms")
    if o is not None and t is not None:
        print(f"k=10 paths within 6 hops from {label}: relmap median {o:.2f} ms, igraph median {t:.2f} ms "
              f"on the same queries: relmap {t / o:.1f}x faster")
for name in ("bank", "one_client"):
    if f"paths_{name}_median_ms" in ours:
        print(f"relmap over all {name.replace('_', ' ')} queries: median {ours[f'paths_{name}_median_ms']:.2f} ms, "
              f"max {ours[f'paths_{name}_max_ms']:.2f} ms")
print(f"load {ours['load_s']:.2f} s; strengths/costs prepared in {ours['prepare_ms']:.0f} ms")
print(f"referral report: build {ours['referral_report_build_ms']:.0f} ms + HTML {ours['referral_report_html_ms']:.0f} ms "
      f"for {ours['referrals']:.0f} referrals")
print(f"costs agree with igraph on {theirs['queries_agreed']} of {theirs['queries_compared']} comparable queries")
EOF
