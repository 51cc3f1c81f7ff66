#!/usr/bin/env bash
# Snapshot benchmark (issue 17): each command end to end reading the files (--no-cache) and from a
# warm snapshot (--cache), alternately in one run, with peak resident memory. The first snapshot
# run of a ranking also computes the signals kept beside the snapshot (access, and the whole-bank
# signals for `next --top 100`); the later ones read them: every run's time is printed; `relmap next --top
# 100` against the pandas (pyarrow) + igraph anchor; `relmap serve` start-up to /healthz.
# usage: Benchmarks/bench-snapshot.sh [DIR] [RUNS]   (default: a generated 1M-entity world, 3 runs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/data/world-1000000}"
runs="${2:-3}"
relmap="${RELMAP:-$here/../.build/release/relmap}"
[ -n "${RELMAP:-}" ] || (cd "$here/.." && swift build -c release --product relmap >/dev/null)
python3 -c "import igraph, pandas, pyarrow" 2>/dev/null || pip install -q igraph pandas pyarrow
mkdir -p "$(dirname "$data")"
[ -f "$data/relations.csv" ] || "$relmap" generate --entities 1000000 --seed 7 --out "$data"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
# A client with an RM (map, RM book) and a prospect (chain target), from the files themselves.
read -r client rm < <(awk -F, 'NR>1 && $4=="client" && $8!="" {print $1, $8; exit}' "$data/entities.csv")
prospect=$(awk -F, 'NR>1 && $4=="prospect" {print $1; exit}' "$data/entities.csv")
echo "world: $data; client $client, RM $rm, chain target $prospect; $runs runs each, alternating"
/usr/bin/time -f "%e s, peak %M KB" "$relmap" compile "$data" --cache "$cache" 2>&1 | sed 's/^/compile: /'

python3 - "$relmap" "$data" "$cache" "$runs" "$client" "$rm" "$prospect" "$here/anchors/next_anchor.py" <<'PY'
import json, statistics, subprocess, sys, time
relmap, data, cache, runs, client, rm, prospect, anchor = sys.argv[1:9]
runs = int(runs)
commands = {
    "chain --to": ["chain", data, "--to", prospect],
    "map --client --format dot": ["map", data, "--client", client, "--format", "dot"],
    "next --rm": ["next", data, "--rm", rm],
    "next --top 100": ["next", data, "--top", "100"],
}
def timed(argv):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall, rss = p.stderr.strip().split("\n")[-1].split()
    return float(wall), int(rss) / 1024
results = {}
for name, argv in commands.items():
    files, snap = [], []
    for _ in range(runs):
        files.append(timed([relmap] + argv + ["--no-cache"]))
        snap.append(timed([relmap] + argv + ["--cache", cache]))
    results[name] = (files, snap)
    f = statistics.median(w for w, _ in files); s = statistics.median(w for w, _ in snap)
    fm = max(m for _, m in files); sm = max(m for _, m in snap)
    print(f"{name:28s} files {f:6.2f} s {fm:7.0f} MB | snapshot {s:6.2f} s {sm:7.0f} MB | snapshot/files {s / f:.2f}"
          f"  (runs: files {' '.join(f'{w:.2f}' for w, _ in files)}; snapshot {' '.join(f'{w:.2f}' for w, _ in snap)})")
anchors = []
for _ in range(runs):
    out = subprocess.run(["python3", anchor, data], capture_output=True, text=True, check=True).stdout.strip().split("\n")[-1]
    anchors.append(json.loads(out)["seconds"])
a = statistics.median(anchors)
files, snap = results["next --top 100"]
f = statistics.median(w for w, _ in files); s = statistics.median(w for w, _ in snap)
print(f"anchor pandas(pyarrow)+igraph PPR  {a:.2f} s (median of {runs})")
print(f"next --top 100 / anchor: warm snapshot {s / a:.2f} (goal <= 0.2), files only {f / a:.2f} (goal <= 0.35)")
PY

# Server start-up: from exec to /healthz answering, files only and from the warm snapshot.
port=$((20000 + RANDOM % 20000))
ws="$cache/workspace.sqlite"
printf 'bench password %s\n' "$rm" | "$relmap" users add --workspace "$ws" --name "$rm" --role rm --rm "$rm" --password-stdin >/dev/null 2>&1
for mode in --no-cache "--cache $cache"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$relmap" serve "$data" $mode --workspace "$ws" --port "$port" --host 127.0.0.1 >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 1200); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.05
    done
    end=$(date +%s.%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "serve $mode: /healthz after $(echo "$end - $start" | bc) s"
done
