#!/usr/bin/env bash
# relmap backtest and relmap tune end to end on a generated 1M-entity world (goals: backtest under
# 10 s, tune under a minute), and the metrics checked against scikit-learn on the same run.
#
#   Benchmarks/bench-backtest.sh [ENTITIES | GRAPH_DIR] [AS_OF] [TRAIN_AS_OF]
#       (defaults 1000000, 2022-01-01, 2021-01-01)
#
# With a number, the world is Benchmarks/data/world-ENTITIES-dated (made with
# `relmap generate --seed 42`, which writes client_since, when missing); with a folder, that graph.
# Prints the backtest table, the tune report, wall and CPU seconds and peak memory of each, and
# whether scikit-learn's AUC and average precision of every method match Relmap's to 1e-9.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
arg="${1:-1000000}"
as_of="${2:-2022-01-01}"
train="${3:-2021-01-01}"
if [ -d "$arg" ]; then data="$arg"; else data="$here/data/world-$arg-dated"; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building (release)"
(cd "$root" && swift build -c release --product relmap >/dev/null)
relmap="$root/.build/release/relmap"
python3 -c "import sklearn" 2>/dev/null || pip install -q scikit-learn

if [ ! -f "$data/relations.csv" ]; then
    echo "== generating $data"
    mkdir -p "$(dirname "$data")"
    "$relmap" generate --entities "$arg" --seed 42 --out "$data"
fi

echo "== relmap backtest $as_of (load, as-of graph, signals, metrics)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" \
    "$relmap" backtest "$data" --as-of "$as_of" --lang en --format json --scores "$work/scores.csv" --out "$work/backtest.json" 2>&1 | grep -v '^note'
"$relmap" backtest "$data" --as-of "$as_of" --lang en 2>/dev/null

echo "== relmap tune $train -> $as_of"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" \
    "$relmap" tune "$data" --train-as-of "$train" --test-as-of "$as_of" --lang en --out "$work/weights.yaml" --report "$work/tune.txt" 2>&1 | grep -v '^note'
cat "$work/tune.txt"

echo "== scikit-learn on the same scores"
python3 - "$work/scores.csv" "$work/backtest.json" <<'PY'
import json, sys
import pandas as pd
from sklearn.metrics import average_precision_score, roc_auc_score
scores = pd.read_csv(sys.argv[1])
ours = json.load(open(sys.argv[2]))["methods"]
worst = 0.0
for m in ["relmap", "ppr", "bridge", "coverage", "access", "potential", "degree", "size"]:
    auc, ap = roc_auc_score(scores["won"], scores[m]), average_precision_score(scores["won"], scores[m])
    worst = max(worst, abs(auc - ours[m]["auc"]), abs(ap - ours[m]["average_precision"]))
print("largest difference from scikit-learn (AUC, average precision): %.2g %s" % (worst, "ok" if worst < 1e-9 else "MISMATCH"))
PY
