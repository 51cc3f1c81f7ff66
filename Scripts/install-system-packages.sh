#!/usr/bin/env bash
# Installs the Debian packages Relmap needs, only those missing: Graphviz's C library and plugins
# (rendering happens in-process through libgvc), pkg-config to find it, a CJK font so that
# Chinese labels render as text, not boxes, and SQLite's C library, which GRDB links for the
# workspace file (accounts and sessions of relmap serve).
set -euo pipefail
packages=(libgraphviz-dev graphviz pkg-config fonts-noto-cjk libsqlite3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Graphviz finds its layout and render plugins through a config file written by `dot -c`.
if ! dot -Tsvg </dev/null >/dev/null 2>&1 <<<'digraph{a}'; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO dot -c
fi
