#!/usr/bin/env bash
# Mining benchmark (issue 6): `relmap mine`'s reader and miner on a generated payments file next
# to pandas read_csv + group-by (payer, payee, month) of the same file, in one run.
# usage: Benchmarks/bench-mining.sh [ROWS] (default 10000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-10000000}"
data="$here/data/payments-$n"
(cd "$here/.." && RELMAP_BENCHMARKS=1 swift build -c release --product relmap-bench >/dev/null)
[ -f "$data/payments.csv" ] || "$here/../.build/release/relmap-bench" mine-data "$n" "$data" >/dev/null
python3 -c "import pandas" 2>/dev/null || pip install -q pandas
ours=$("$here/../.build/release/relmap-bench" mine "$data/graph" "$data/payments.csv" | tail -1)
anchor=$(python3 "$here/anchors/mining_anchor.py" "$data/payments.csv" | tail -1)
python3 - "$ours" "$anchor" "$data/payments.csv" <<'PY'
import json, os, sys
ours, anchor = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"payments: {int(ours['rows'])} rows, {os.path.getsize(sys.argv[3]) / 1e6:.0f} MB; {int(ours['pairs'])} side pairs, {int(ours['pair_months'])} pair-months")
print(f"Relmap read+aggregate      {ours['read_seconds']:.2f} s")
print(f"Relmap whole mine          {ours['mine_seconds']:.2f} s   peak {ours['peak_resident_mb']:.0f} MB resident (goal < 60 s, < 2048 MB)")
print(f"pandas read_csv + groupby  {anchor['seconds']:.2f} s   peak {anchor['peak_resident_mb']:.0f} MB")
print(f"ratio pandas / Relmap read+aggregate  {anchor['seconds'] / ours['read_seconds']:.2f}x (goal >= 2x)")
print(f"ratio pandas / Relmap whole mine      {anchor['seconds'] / ours['mine_seconds']:.2f}x")
PY
