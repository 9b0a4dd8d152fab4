#!/usr/bin/env bash
# Benchmarks annals on generated archives and writes docs/benchmarks.md.
#
#   scripts/bench.sh           S, M and L (1 × 10, 10 × 10 and 63 × 20 publishers × years)
#   scripts/bench.sh --quick   S and M only: rerun it after a change (a few minutes)
#
# Needs hyperfine, GNU time and python3 (apt-get install hyperfine time python3).
# Archives are generated once into $BENCH_DIR (default /tmp/annals-bench) by
# the project's generator, deterministically from a seed. For each tier:
#
# - full `annals build` into an empty folder (hyperfine: median of several
#   runs), on the disk of $BENCH_DIR and, when /dev/shm exists, in memory
#   (tmpfs), which leaves the file system's own cost out;
# - the same build without the search index (examples/stage-times --no-search),
#   to tell the search index's share from the rest;
# - CPU time and peak memory of one build (/usr/bin/time);
# - `annals check`;
# - `annals serve`: from saving one report to the reload event (examples/serve_bench
#   on a copy of the archive; median of the edits);
# - the output's files and bytes, the search index's files and bytes;
# - the floor: reading the input (cat) and copying the output tree (cp -r).
#
# Outputs are never deleted between runs of a tier: on a file system that
# re-checks recently freed inodes (ext4 without a journal, as on the
# benchmark machine) creating files right after deleting many is several
# times slower, which would measure the previous run's deletion.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
bench_dir=${BENCH_DIR:-/tmp/annals-bench}
report=${BENCH_REPORT:-docs/benchmarks.md}
mkdir -p "$bench_dir"

for tool in hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install hyperfine time python3)" >&2; exit 2; }
done

cargo build --release --quiet --bin annals --example gen-archive --example stage-times --example serve_bench
annals=$PWD/target/release/annals
examples=$PWD/target/release/examples
shm=""
[ -d /dev/shm ] && [ -w /dev/shm ] && shm=/dev/shm/annals-bench-$$

# Outputs of an earlier run are deleted first, then the file system is
# given time to forget them (see above).
if [ -d "$bench_dir/runs" ]; then
  rm -rf "$bench_dir/runs"
  sync
  sleep 65
fi

tiers=("S 1 10" "M 10 10")
$quick || tiers+=("L 63 20")

median() { python3 -c "import json,statistics;r=json.load(open('$1'))['results'][0];print(f\"{statistics.median(r['times']):.3f}\")"; }
spread() { python3 -c "import json;r=json.load(open('$1'))['results'][0];print(f\"{min(r['times']):.2f}–{max(r['times']):.2f}\")"; }

build_rows=()
other_rows=()
fit_points=()
for tier in "${tiers[@]}"; do
  read -r name publishers years <<<"$tier"
  site=$bench_dir/$name
  if [ ! -f "$site/site.yaml" ]; then
    rm -rf "$site"
    "$examples/gen-archive" --publishers "$publishers" --years "$years" --out "$site" >/dev/null
  fi
  runs=$(case $name in S) echo 10 ;; M) echo 5 ;; *) echo 3 ;; esac)
  work=$bench_dir/runs/$name
  mkdir -p "$work"
  reports=$(find "$site/content" -name '*.md' | wc -l)
  input_mb=$(du -sm --apparent-size "$site/content" | cut -f1)
  echo "== $name: $reports reports, ${input_mb} MB of Markdown" >&2

  # Floor: reading the input.
  sync
  /usr/bin/time -o "$work/read.txt" -f %e sh -c "find '$site/content' -type f -exec cat {} + > /dev/null"
  read_s=$(cat "$work/read.txt")

  # Full builds, each into a new folder (nothing deleted in between).
  hyperfine --warmup 1 --runs "$runs" --export-json "$work/build.json" \
    "'$annals' build --quiet --root '$site' --out \"$work/out-\$(date +%s%N)\"" >&2
  build_s=$(median "$work/build.json")
  build_range=$(spread "$work/build.json")
  tmpfs_s="–"
  if [ -n "$shm" ]; then
    hyperfine --warmup 1 --runs "$runs" --export-json "$work/build-shm.json" \
      --prepare "rm -rf '$shm'" "'$annals' build --quiet --root '$site' --out '$shm'" >&2
    tmpfs_s=$(median "$work/build-shm.json")
    rm -rf "$shm"
  fi
  out=$work/out
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$annals" build --quiet --root "$site" --out "$out" 2>/dev/null
  read -r _wall user sys rss_kb < "$work/time.txt"
  # Without the search index (same pipeline, into a staging folder swapped in).
  nosearch=()
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$examples/stage-times" "$site" --no-search --out "$work/nosearch-$start" 2>"$work/nosearch.txt"
    nosearch+=("$(python3 -c "print(($(date +%s%N)-$start)/1e9)")")
  done
  nosearch_s=$(printf '%s\n' "${nosearch[@]}" | python3 -c "import sys,statistics;print(f'{statistics.median(float(l) for l in sys.stdin):.3f}')")
  nosearch_mb=$(grep -o 'peak [0-9]* MB' "$work/nosearch.txt" | tail -1 | cut -d' ' -f2)

  files=$(find "$out" -type f | wc -l)
  out_bytes=$(du -sb --apparent-size "$out" | cut -f1)
  out_mb=$((out_bytes / 1000000))
  search_files=$(find "$out/search/index" -type f 2>/dev/null | wc -l)
  search_kb=$(( $(du -sb --apparent-size "$out/search/index" 2>/dev/null | cut -f1 || echo 0) / 1000 ))
  # The bytes a typical query fetches: left to the search benchmark
  # (examples/search_bench) when it reports it as `query bytes: N`.
  query_kb="–"
  /usr/bin/time -o "$work/copy.txt" -f %e cp -r "$out" "$work/copy"
  copy_s=$(cat "$work/copy.txt")

  hyperfine --warmup 1 --runs 5 --export-json "$work/check.json" "'$annals' check --root '$site'" >&2
  check_s=$(median "$work/check.json")

  edits=$(case $name in L) echo 6 ;; *) echo 10 ;; esac)
  "$examples/serve_bench" "$site" "$annals" "$edits" > "$work/serve.txt" 2>&1 || true
  body_ms=$(grep -o 'body edit → reload event: .*' "$work/serve.txt" | grep -o 'median [0-9]* ms' | grep -o '[0-9]*' || echo "–")
  title_ms=$(grep -o 'title edit → reload event: .*' "$work/serve.txt" | grep -o 'median [0-9]* ms' | grep -o '[0-9]*' || echo "–")
  css_ms=$(grep -o 'stylesheet change → css event: [0-9]* ms' "$work/serve.txt" | grep -o '[0-9]* ms' | grep -o '[0-9]*' || echo "–")

  cpu_s=$(python3 -c "print(f'{$user+$sys:.1f}')")
  build_rows+=("| $name | $reports | $input_mb | **$build_s** ($build_range) | $tmpfs_s | $nosearch_s | $cpu_s ($user user + $sys sys) | $((rss_kb / 1024)) | ${nosearch_mb:-–} |")
  other_rows+=("| $name | $check_s | $body_ms / $title_ms | $css_ms | $files | $out_mb | $search_files | $search_kb | $query_kb | $read_s | $copy_s |")
  fit_points+=("$reports $build_s $nosearch_s")
done
rm -rf "$bench_dir/runs"

fit=$(printf '%s\n' "${fit_points[@]}" | python3 -c '
import sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
def fit(xs, ys):
    n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    a = my - b * mx
    ss = sum((y - my) ** 2 for y in ys)
    r2 = 1 - sum((y - a - b * x) ** 2 for x, y in zip(xs, ys)) / ss if ss else 1.0
    return a, b, r2
xs = [r[0] for r in rows]
for label, col in (("full build", 1), ("build without the search index", 2)):
    a, b, r2 = fit(xs, [r[col] for r in rows])
    per = ", ".join(f"{r[col] / r[0] * 1000:.2f} ms" for r in rows)
    print(f"- {label}: t ≈ {a:.3f} s + {b * 1000:.3f} ms × reports (R² = {r2:.4f}); per report by tier: {per}")
')

{
  echo "# Benchmarks"
  echo
  echo "Measured by \`scripts/bench.sh$($quick && echo ' --quick')\` on $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD),"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB of memory,"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared: numbers are noisy)."
  echo "Archives come from \`examples/gen-archive\` (20 indicators, about 8 KB of Vietnamese text per report)."
  echo
  echo "## Full build"
  echo
  echo "| tier | reports | input MB | build s, disk (median, range) | build s, tmpfs | build s without search index | CPU s | peak RSS MB | peak RSS MB without search index |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${build_rows[@]}"
  echo
  echo "Linear fit over the tiers (least squares on the medians):"
  echo
  echo "$fit"
  echo
  echo "## Check, serve, output, floor"
  echo
  echo "| tier | check s | serve: save → reload ms, body / title edit (median) | serve: stylesheet → css ms | output files | output MB | search index files | search index KB | KB a typical query fetches | floor: read input s | floor: copy output s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${other_rows[@]}"
  echo
  if [ -f docs/benchmarks-notes.md ]; then cat docs/benchmarks-notes.md; fi
} > "$report"
echo "wrote $report" >&2
