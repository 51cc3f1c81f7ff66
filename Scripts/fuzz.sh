#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader with libFuzzer (issue 15): GraphML, JSON, entities.csv,
# a whole graph folder (validate), and the payments file. Each target runs for SECONDS, starting
# from seeds made from Graphs/ (the CSV samples, and their JSON and GraphML exports); a crash,
# a trap, a leak-free OOM past 2 GB, a hang past 10 s or an input file modified stops it, and the
# input that did it is kept in .build-fuzz/crashes/TARGET/.
# usage: Scripts/fuzz.sh [SECONDS] [TARGET ...]   (default 60 s each, all targets)
#        .ci/run calls it with a short time; run it for 10 minutes or more before a release.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(graphml json csv validate payments)
scratch=.build-fuzz
RELMAP_FUZZ=1 swift build --scratch-path "$scratch" --product relmap-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >/dev/null
fuzzer="$(find "$scratch" -maxdepth 3 -type f -name relmap-fuzz -perm -u+x | head -1)"

# Seeds: the sample graphs in every format.
swift build --product relmap >/dev/null
relmap=.build/debug/relmap
seeds="$scratch/seeds"
mkdir -p "$seeds"/{graphml,json,csv,validate,payments}
for g in Graphs/*/; do
  name="$(basename "$g")"
  [ -f "$g/entities.csv" ] || continue
  cp "$g/entities.csv" "$seeds/csv/$name.csv"
  { cat "$g/entities.csv"; printf '\036'; cat "$g/relations.csv"; } > "$seeds/validate/$name"
  "$relmap" export "$g" --format json --out "$seeds/json/$name.json" 2>/dev/null || true
  "$relmap" export "$g" --format graphml --out "$seeds/graphml/$name.graphml" 2>/dev/null || true
  [ -f "$g/payments.csv" ] && head -c 60000 "$g/payments.csv" > "$seeds/payments/$name.csv"
done
printf '<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY co "有限公司">]>\n<graphml><key id="n0" for="node" attr.name="name"/><graph><node id="A"><data key="n0"><![CDATA[甲&co;]]>&co;</data></node></graph></graphml>\n' > "$seeds/graphml/entities.graphml"

status=0
for t in "${targets[@]}"; do
  corpus="$scratch/corpus/$t"; crashes="$scratch/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  echo "== $t: ${seconds} s"
  # Leak checks off: the Swift runtime and Foundation keep one-time caches that LeakSanitizer
  # reports on every run. Swift's own backtracer off: under ASan it faults while reporting.
  if ! ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no RELMAP_FUZZ_TARGET="$t" "$fuzzer" "$corpus" "$seeds/$t" -max_total_time="$seconds" -timeout=10 \
       -detect_leaks=0 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$crashes/" -print_final_stats=1 2>"$scratch/$t.log"; then
    echo "!! $t found a failure; input in $crashes/, log in $scratch/$t.log"; status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$scratch/$t.log" | tail -3 || true
done
exit $status
