#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine with Swift and runs Relmap's main job on a sample:
# installs Graphviz, CJK fonts and SQLite's headers if missing, builds the `relmap` command, checks
# the sample graph, shows who an RM should approach next, then serves the web workspace on
# 127.0.0.1:8080 with three demo accounts (Ctrl-C stops it; --no-serve skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
serve=1
[ "${1:-}" = "--no-serve" ] && serve=0
bash Scripts/install-system-packages.sh
echo "building relmap (release) ..."
swift build -c release --product relmap 2>&1 | tail -1
relmap=.build/release/relmap
sample=Graphs/battery-chain
echo
echo "\$ relmap validate $sample"
$relmap validate "$sample"
echo
echo "\$ relmap next $sample --rm RM01 --explain --top 5      # who should RM01 approach next?"
$relmap next "$sample" --rm RM01 --explain --top 5
echo
echo "\$ relmap map $sample --client CEL01 --highlight-top 5 --out map.png"
$relmap map "$sample" --client CEL01 --highlight-top 5 --out map.png
echo
echo "relmap is at $relmap; try: $relmap --help (chain, report referrals, owners, backtest, mine, serve ...)"
[ "$serve" = 1 ] || exit 0

# The web workspace: a demo workspace file with an RM, a lead and an admin, fresh passwords each run.
mkdir -p .relmap-demo
ws=.relmap-demo/workspace.sqlite
echo
echo "demo sign-ins for http://127.0.0.1:8080/ (workspace $ws):"
for spec in "rm01 rm --rm RM01" "lead lead --team RM01,RM02,RM03" "admin admin"; do
    set -- $spec
    name=$1; role=$2; shift 2
    password="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    if $relmap users list --workspace "$ws" --format json 2>/dev/null | grep -q "\"name\" : \"$name\""; then
        printf '%s\n' "$password" | $relmap users passwd --workspace "$ws" --name "$name" --password-stdin >/dev/null 2>&1
    else
        printf '%s\n' "$password" | $relmap users add --workspace "$ws" --name "$name" --role "$role" "$@" --password-stdin >/dev/null 2>&1
    fi
    printf '  %-6s %-6s password %s\n' "$name" "($role)" "$password"
done
echo
exec $relmap serve "$sample" --workspace "$ws" --port 8080
