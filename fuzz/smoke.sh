#!/usr/bin/env bash
# The fuzz smoke run CI does (fuzz/README.md): build the target on the stable toolchain,
# replay every saved crash input, then fuzz from the seeds for FUZZ_SECONDS (default 20).
# Bounded in time; fails on any crash, timeout or out-of-memory.
set -euo pipefail
cd "$(dirname "$0")"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
cargo fuzz build -s none -O pages
# Cargo says where it builds (CARGO_TARGET_DIR, a config's build.target-dir, or target/);
# cargo fuzz builds for the host triple.
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release/pages"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./seeds.sh "$work/corpus"
opts=(-dict=pages.dict -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1)
# Saved crash inputs, each run once and whole (given as files, not as a corpus directory,
# so none is cut to -max_len).
mapfile -t saved < <(find regressions -type f ! -name README.md | sort)
"$bin" "${opts[@]}" "${saved[@]}"
"$bin" "${opts[@]}" -max_total_time="${FUZZ_SECONDS:-20}" -seed=1 "$work/corpus"
