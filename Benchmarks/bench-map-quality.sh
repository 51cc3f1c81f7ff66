#!/usr/bin/env bash
# Map quality (issue 19): for every sample map and for maps of a generated world (an industry and
# the largest RM book), the readability figures Scripts/map_quality.py measures from Graphviz's own
# `json` layout (edges drawn, crossing pairs, overlapping labels, edges against the chain, canvas,
# smallest font on A4/A3, dot -Tsvg time), the company view beside the segment view, and the
# wall time of `relmap map --format pdf` end to end (load included) with what it said on stderr.
# Goals: no overlapping labels; no edge against the chain; at most one crossing per drawn edge on
# industry and RM maps; 7 pt or more on A3, or split into pages and said so.
# usage: Benchmarks/bench-map-quality.sh [ENTITIES] (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
n="${1:-1000000}"
data="$here/data/world-$n"
(cd "$root" && swift build -c release --product relmap >/dev/null)
relmap="$root/.build/release/relmap"
mkdir -p "$(dirname "$data")"
[ -f "$data/relations.csv" ] || "$relmap" generate --entities "$n" --seed 1 --out "$data" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm_book=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="rm")c=i;next} $c!=""{k[$c]++} END{for(r in k) if(k[r]>best){best=k[r];who=r} print who}' "$data/entities.csv")

# name | graph | arguments
maps=(
  "battery-industry|$root/Graphs/battery-chain|--industry 电芯"
  "battery-industry-company|$root/Graphs/battery-chain|--industry 电芯 --view company"
  "battery-industry-detail8|$root/Graphs/battery-chain|--industry 电芯 --depth 1 --detail 8"
  "battery-rm|$root/Graphs/battery-chain|--rm RM03"
  "battery-rm-company|$root/Graphs/battery-chain|--rm RM03 --view company"
  "battery-client|$root/Graphs/battery-chain|--client CEL01"
  "coffee-client|$root/Graphs/coffee-roasters|--client M1"
  "coffee-industry|$root/Graphs/coffee-roasters|--industry roaster"
  "world-industry|$data|--industry 电芯"
  "world-industry-company|$data|--industry 电芯 --view company"
  "world-rm|$data|--rm $rm_book"
  "world-rm-company|$data|--rm $rm_book --view company"
)
measured=()
echo "world: $n entities; RM map of $rm_book (the largest book)"
echo
echo "| map | relmap map --format pdf (A3), end to end | what it said |"
echo "|---|---|---|"
for entry in "${maps[@]}"; do
  IFS='|' read -r name graph args <<<"$entry"
  # shellcheck disable=SC2086
  "$relmap" map "$graph" $args --lang zh --format dot --out "$work/$name.dot" 2>/dev/null
  measured+=("$name=$work/$name.dot")
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  said=$("$relmap" map "$graph" $args --lang en --paper a3 --out "$work/$name.pdf" 2>&1 >/dev/null | grep -v "warning(s) while loading" || true)
  end=$(date +%s.%N)
  printf '| %s | %.2f s | %s |\n' "$name" "$(echo "$end - $start" | bc)" "${said:-fits one A3 sheet at 7 pt or more}"
done
echo
python3 "$root/Scripts/map_quality.py" "${measured[@]}"
