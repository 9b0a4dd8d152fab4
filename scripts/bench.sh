#!/usr/bin/env bash
# Benchmarks annals on generated archives and writes docs/benchmarks.md.
#
#   scripts/bench.sh           S, M and L (1 × 10, 10 × 10 and 63 × 20 publishers × years)
#   scripts/bench.sh --quick   S and M only: rerun it after a change
#
# Needs hyperfine and GNU time (apt-get install hyperfine time). Archives are
# generated once into $BENCH_DIR (default /tmp/annals-bench) by the project's
# generator, deterministically from a seed.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
bench_dir=${BENCH_DIR:-/tmp/annals-bench}
report=${BENCH_REPORT:-docs/benchmarks.md}
mkdir -p "$bench_dir"

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install hyperfine time)" >&2; exit 2; }
done

cargo build --release --quiet --bin annals --example gen-archive
annals=$PWD/target/release/annals
gen=$PWD/target/release/examples/gen-archive

tiers=("S 1 10" "M 10 10")
$quick || tiers+=("L 63 20")

rows=()
for tier in "${tiers[@]}"; do
  read -r name publishers years <<<"$tier"
  site=$bench_dir/$name
  if [ ! -f "$site/site.yaml" ]; then
    rm -rf "$site"
    "$gen" --publishers "$publishers" --years "$years" --out "$site" >/dev/null
  fi
  out=$bench_dir/$name-out
  reports=$(find "$site/content" -name '*.md' | wc -l)
  input_mb=$(du -sm "$site/content" | cut -f1)
  echo "== $name: $reports reports, ${input_mb} MB of Markdown" >&2

  # Floor: reading the input, and copying an output tree of the same size.
  sync
  /usr/bin/time -o "$bench_dir/$name-read.txt" -f %e sh -c "find '$site/content' -type f -exec cat {} + > /dev/null"
  read_s=$(cat "$bench_dir/$name-read.txt")

  hyperfine --warmup 1 --runs "$([ "$name" = L ] && echo 3 || echo 10)" --export-json "$bench_dir/$name-build.json" \
    --prepare "rm -rf '$out'" "'$annals' build --quiet --root '$site' --out '$out'" >&2
  build_s=$(python3 -c "import json;r=json.load(open('$bench_dir/$name-build.json'))['results'][0];print(f\"{r['mean']:.3f} ± {r['stddev']:.3f}\")")
  rm -rf "$out"
  /usr/bin/time -o "$bench_dir/$name-time.txt" -f "%e %U %S %M" "$annals" build --quiet --root "$site" --out "$out" 2>/dev/null
  read -r wall user sys rss_kb < "$bench_dir/$name-time.txt"
  files=$(find "$out" -type f | wc -l)
  out_mb=$(du -sm "$out" | cut -f1)
  /usr/bin/time -o "$bench_dir/$name-copy.txt" -f %e cp -r "$out" "$out-copy"
  copy_s=$(cat "$bench_dir/$name-copy.txt")
  rm -rf "$out-copy"
  search_kb=$( [ -d "$out/search" ] && du -sk "$out/search" | cut -f1 || echo "–")

  hyperfine --warmup 1 --runs 5 --export-json "$bench_dir/$name-check.json" "'$annals' check --root '$site'" >&2 || true
  check_s=$(python3 -c "import json;r=json.load(open('$bench_dir/$name-check.json'))['results'][0];print(f\"{r['mean']:.3f}\")")

  rows+=("| $name | $reports | $input_mb | $build_s | $(python3 -c "print(f'{$user+$sys:.2f}')") | $((rss_kb / 1024)) | $check_s | $files | $out_mb | $search_kb | $read_s | $copy_s |")
done

{
  echo "# Benchmarks"
  echo
  echo "Measured by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD),"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB of memory."
  echo "Archives come from \`examples/gen-archive\` (20 indicators, about 8 KB of Vietnamese text per report)."
  echo
  echo "| tier | reports | input MB | build s (mean ± sd) | build CPU s | peak RSS MB | check s | output files | output MB | search index KB | floor: read input s | floor: copy output s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  if [ -f docs/benchmarks-notes.md ]; then cat docs/benchmarks-notes.md; fi
} > "$report"
echo "wrote $report" >&2
