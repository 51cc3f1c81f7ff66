#!/usr/bin/env bash
# Regenerates everything in Samples/ from the graphs in Graphs/ with the current code: maps (through
# Scripts/render-samples.sh), validation, stats, rankings, warm paths, referral reports, mining.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/render-samples.sh
relmap=.build/debug/relmap
run() {  # run OUTPUT COMMAND...: the command line, then its output, into Samples/OUTPUT
  local out="Samples/$1"; shift
  { echo "\$ relmap $*"; "$relmap" "$@" 2>&1 || true; } >"$out"
  echo "$out"
}
run validate-broken.txt validate Graphs/broken
run stats-messy-export.txt stats Graphs/messy-export
run stats-battery-chain.txt stats Graphs/battery-chain
run next-battery-chain-RM01.txt next Graphs/battery-chain --rm RM01 --top 10 --explain
run next-messy-export.txt next Graphs/messy-export --explain
run backtest-battery-chain.txt backtest Graphs/battery-chain --as-of 2023-01-01 --k 10 --lang en
run backtest-battery-chain-zh.txt backtest Graphs/battery-chain --as-of 2023-01-01 --k 10 --lang zh
run tune-battery-chain.txt tune Graphs/battery-chain --train-as-of 2023-01-01 --test-as-of 2024-01-01 --k 10 --lang en --out /tmp/battery-chain-weights.yaml
cp /tmp/battery-chain-weights.yaml Samples/tune-battery-chain-weights.yaml
run chain-battery-chain.txt chain Graphs/battery-chain --to LIS04
run chain-messy-export.txt chain Graphs/messy-export --to 苏州华膜隔膜科技有限公司
for g in battery-chain messy-export; do
  "$relmap" report referrals "Graphs/$g" --as-of 2026-11-22 --format md --out "Samples/referrals-$g.md" 2>/dev/null
  "$relmap" report referrals "Graphs/$g" --as-of 2026-11-22 --format html --out "Samples/referrals-$g.html" 2>/dev/null
  echo "Samples/referrals-$g.{md,html}"
done
mined=$(mktemp -d)/battery-chain-mined
run mining/battery-chain-mine.txt mine Graphs/battery-chain --payments Graphs/battery-chain/payments.csv --bank 江南商业银行 --out "$mined"
cp "$mined/mining-report.md" "$mined/mining-report.json" Samples/mining/
sed -i "s#$mined#/tmp/battery-chain-mined#g" Samples/mining/battery-chain-mine.txt Samples/mining/mining-report.md Samples/mining/mining-report.json
