#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine with Swift and runs Relmap's main job on a sample:
# installs Graphviz and CJK fonts if missing, builds the `relmap` command, checks the sample graph
# and shows who an RM should approach next.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-system-packages.sh
echo "building relmap (release) ..."
swift build -c release --product relmap 2>&1 | tail -1
relmap=.build/release/relmap
sample=Graphs/battery-chain
echo
echo "\$ relmap validate $sample"
$relmap validate "$sample"
echo
echo
echo "\$ relmap next $sample --rm RM01 --explain --top 5      # who should RM01 approach next?"
$relmap next "$sample" --rm RM01 --explain --top 5
echo
echo "\$ relmap map $sample --client CEL01 --highlight-top 5 --out map.png"
$relmap map "$sample" --client CEL01 --highlight-top 5 --out map.png
echo
echo "relmap is at $relmap; try: $relmap --help (chain, report referrals, mine, export ...)"
