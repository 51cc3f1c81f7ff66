#!/usr/bin/env bash
# Regenerates Samples/maps/*.{dot,svg,png} from the sample graphs in Graphs/ with the current code,
# and checks that the DOT is byte-identical across two runs (maps must be deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -q
relmap=.build/debug/relmap
out=Samples/maps
mkdir -p "$out"

# name | graph | focus arguments
maps=(
  "battery-client|Graphs/battery-chain|--client CEL01 --highlight-top 5"
  "battery-industry|Graphs/battery-chain|--industry 电芯 --depth 1"
  "battery-rm|Graphs/battery-chain|--rm $(awk -F, 'NR==1{for(i=1;i<=NF;i++)if($i=="rm")c=i;next} $c!=""{print $c; exit}' Graphs/battery-chain/entities.csv)"
  "coffee-client|Graphs/coffee-roasters|--client M1 --highlight-top 3"
)
for entry in "${maps[@]}"; do
  IFS='|' read -r name graph args <<<"$entry"
  # shellcheck disable=SC2086
  "$relmap" map "$graph" $args --format dot --out "$out/$name.dot"
  # shellcheck disable=SC2086
  "$relmap" map "$graph" $args --format dot --out "$out/$name.again.dot"
  cmp -s "$out/$name.dot" "$out/$name.again.dot" || { echo "DOT for $name differs between runs" >&2; exit 1; }
  rm "$out/$name.again.dot"
  # shellcheck disable=SC2086
  "$relmap" map "$graph" $args --format svg --out "$out/$name.svg"
  # shellcheck disable=SC2086
  "$relmap" map "$graph" $args --format png --out "$out/$name.png"
  echo "$out/$name.{dot,svg,png}"
done
