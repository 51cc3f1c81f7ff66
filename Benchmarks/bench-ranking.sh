#!/usr/bin/env bash
# Ranking benchmark (issue 3): Relmap's ppr kernel next to igraph PRPACK and NetworKit (2 threads)
# on the same value chain, one RM's query, bridge, and `relmap next` end to end, in one run.
# usage: Benchmarks/bench-ranking.sh [DIR]   (default: a generated 1M-entity world)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/data/world-1000000}"
(cd "$here/.." && swift build -c release --product relmap >/dev/null && RELMAP_BENCHMARKS=1 swift build -c release --product relmap-bench >/dev/null)
python3 -c "import igraph, networkit, pandas" 2>/dev/null || pip install -q igraph networkit pandas
mkdir -p "$(dirname "$data")"
[ -f "$data/relations.csv" ] || "$here/../.build/release/relmap" generate --entities 1000000 --seed 1 --out "$data"
ours=$("$here/../.build/release/relmap-bench" ranking "$data" | tail -1)
anchor=$(python3 "$here/anchors/ppr_anchor.py" "$data" | tail -1)
# End to end: load plus full ranking from all clients, as a user runs it; the median of three runs.
e2e=$(python3 - "$here/../.build/release/relmap" "$data" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(3):
    t = time.time()
    subprocess.run([sys.argv[1], "next", sys.argv[2], "--top", "20", "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    runs.append(time.time() - t)
print(statistics.median(runs))
PY
)
python3 - "$ours" "$anchor" "$e2e" <<'PY'
import json, sys
o, a, e2e = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3])
print(f"world: {int(o['entities'])} entities, {int(o['relations'])} relations, {int(o['chain_edges'])} chain edges, {int(o['clients'])} clients")
print(f"ppr kernel (all clients, L1 bound {o['ppr_tolerance']:g})   Relmap {o['ppr_kernel_seconds']:.3f} s ({int(o['ppr_iterations'])} products, L1 error {a['ours_l1_error']:.1e}, top-100 {a['ours_top100_overlap']}/100)")
print(f"  igraph personalized_pagerank PRPACK        {a['igraph_prpack_seconds']:.3f} s (L1 error {a['igraph_l1_error']:.1e}, top-100 {a['igraph_top100_overlap']}/100)"
      f"   ratio {a['igraph_prpack_seconds'] / o['ppr_kernel_seconds']:.2f}x (goal >= 4x)")
print(f"global PageRank (uniform restart, same tol.)  Relmap {o['pagerank_uniform_seconds']:.3f} s ({int(o['pagerank_uniform_iterations'])} products)")
print(f"  NetworKit PageRank, 2 threads, tol {a['networkit_tol']:g}      {a['networkit_seconds']:.3f} s ({a['networkit_iterations']} iterations, L1 {a['networkit_l1_error']:.1e} vs its tight run)"
      f"   ratio {a['networkit_seconds'] / o['pagerank_uniform_seconds']:.2f}x (goal >= 2x)")
print(f"ppr at the product tolerance 1e-10            {o['ppr_tight_seconds']:.3f} s ({int(o['ppr_tight_iterations'])} products)")
print(f"one RM's query, {int(o['rm_books'])} books of about {int(o['rm_book_clients_median'])} clients, local push + far field   median {o['rm_push_seconds_median'] * 1000:.1f} ms, worst {o['rm_push_seconds_worst'] * 1000:.1f} ms (goal < 50 ms), after a {o['rm_workspace_seconds'] * 1000:.0f} ms workspace made once per graph")
print(f"  against the exact solver: top 100 the same in {int(o['rm_push_top100_exact_books'])} of {int(o['rm_books'])} books, at least {int(o['rm_push_top100_overlap_min'])}/100 in every book; "
      f"top 100 candidates at least {int(o['rm_push_candidates_top100_overlap_min'])}/100; median L1 error {o['rm_push_l1_error_median']:.1e}")
print(f"bridge, all clients                           {o['bridge_seconds']:.2f} s (goal < 10 s), {int(o['bridge_pairs'])} sampled seed pairs; error bound (3 std errors) / value over the top 20: median {o['bridge_top20_median_relative_bound']:.0%}, worst {o['bridge_top20_worst_relative_bound']:.0%}")
print(f"full ranking in process                       {o['full_ranking_seconds']:.2f} s after a {o['load_seconds']:.2f} s load")
print(f"relmap next end to end (load + rank)          {e2e:.2f} s, median of 3 (goal < 5 s)")
PY
