#!/usr/bin/env bash
# Spark benchmark (issue 20): the whole-graph signals (ppr from all clients, coverage, components)
# by Spark/relmap_signals.py on local[2] next to Relmap's own computation of the same signals, on
# generated worlds of two sizes, one run each. On one machine Spark is slower; what matters is how
# its time grows with the graph and what one conjugate-gradient step (one shuffle join) costs.
# usage: Benchmarks/bench-spark.sh [SIZE ...]   (default: 100000 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
# RELMAP=path/to/relmap uses a built binary instead of building one.
relmap="${RELMAP:-$root/.build/release/relmap}"
[ -n "${RELMAP:-}" ] || (cd "$root" && swift build -c release --product relmap >/dev/null)
python3 -c "import pyspark" 2>/dev/null || pip install -q pyspark
mkdir -p "$here/data"
for n in "${sizes[@]}"; do
  data="$here/data/world-$n"
  [ -f "$data/relations.csv" ] || "$relmap" generate --entities "$n" --seed 1 --out "$data" >/dev/null
  out="$here/data/signals-$n"
  # Relmap: load, projection, ppr and coverage from all clients, as `relmap next` times its stages.
  ours=$("$relmap" next "$data" --top 20 --format csv --timings 2>&1 >/dev/null)
  t0=$(date +%s.%N)
  python3 "$root/Spark/relmap_signals.py" "$data" --out "$out" --master 'local[2]' --verbose 2>"$out.log" >/dev/null || { tail -20 "$out.log"; exit 1; }
  t1=$(date +%s.%N)
  python3 - "$n" "$ours" "$out" "$t0" "$t1" <<'PY'
import json, re, sys
n, ours, out, t0, t1 = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
stage = {m.group(2).strip(): float(m.group(1)) for m in re.finditer(r"^\s*([0-9.]+) s\s+(.+)$", ours, re.M)}
meta = json.load(open(out + "/signals.json"))
steps = [float(x) for x in re.findall(r"ppr step \d+: bound \S+, ([0-9.]+) s", open(out + ".log").read())]
print(f"world {n}: {meta['fingerprint']}")
print(f"  Relmap   ppr {stage.get('ppr', float('nan')):.3f} s, coverage {stage.get('coverage', float('nan')):.3f} s"
      f" (stages of `relmap next`: {', '.join(f'{k} {v:.2f}' for k, v in sorted(stage.items(), key=lambda kv: -kv[1])[:4])})")
print(f"  Spark    local[2] {t1 - t0:.1f} s end to end (JVM start, read, ppr, coverage, components, write);"
      f" ppr {meta['iterations']} steps, {sum(steps):.1f} s, {sum(steps) / max(1, len(steps)):.2f} s per step;"
      f" components {meta['component_rounds']} rounds; L1 bound {meta['ppr_error_bound']:.1e}")
PY
done
