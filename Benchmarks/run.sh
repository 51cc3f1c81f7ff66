#!/usr/bin/env bash
# Runs every benchmark (Benchmarks/bench-*.sh) in turn. Each prints Relmap's figures next to the
# anchor library's, measured in the same run, and the ratios.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for b in "$here"/bench-*.sh; do
  echo "=== $(basename "$b" .sh)"
  bash "$b" "$@"
  echo
done
