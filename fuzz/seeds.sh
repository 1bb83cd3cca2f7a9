#!/usr/bin/env bash
# `seeds.sh [DIR]`: fills DIR (default fuzz/corpus/pages) with seeds made from the real
# pages: each page alone, each page with the page before it (so the merge sees two pages),
# and each page with the real overrides file. Pieces are joined with the record separator
# 0x1e (see check.rs); the overrides lose their comment lines, since a piece is the
# overrides file when it starts with `- field:`.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-corpus/pages}
mkdir -p "$out"
prev=""
i=0
while IFS= read -r page; do
  i=$((i + 1))
  cp "$page" "$out/page-$i"
  if [ -n "$prev" ]; then
    { cat "$prev"; printf '\x1e'; cat "$page"; } > "$out/pair-$i"
  fi
  { cat "$page"; printf '\x1e'; grep -v -e '^#' -e '^$' ../specs/overrides.yaml; } > "$out/overrides-$i"
  prev="$page"
done < <(find ../specs -mindepth 2 -name '*.md' | sort)
echo "$(ls "$out" | wc -l) seeds in $out"
