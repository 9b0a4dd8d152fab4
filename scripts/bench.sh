#!/usr/bin/env bash
# Benchmarks annals on a generated archive and writes docs/benchmarks.md.
#
#   scripts/bench.sh                     L (63 publishers × 20 years, 15,120 reports)
#   scripts/bench.sh --xl                also XL (630 × 20, 151,200 reports) in the scaling table
#                                        (one full build; slow: 5-20 minutes, ~2 GB of Markdown, ~15 GB out)
#   scripts/bench.sh --against OLD_BIN   also runs the builds with another annals binary
#                                        (e.g. the previous commit's) and prints both side by side
#   scripts/bench.sh --runs N            runs per scenario (default 3; medians are reported)
#   scripts/bench.sh --no-write          print the tables, leave docs/benchmarks.md alone
#
# Needs GNU time (/usr/bin/time) and python3. Archives are generated once into
# $BENCH_DIR (default /tmp/annals-bench) by examples/gen-archive, from a seed.
# Scenarios, each a median of N runs (never the best run):
#
# - full build into an empty folder (each run into a new folder);
# - full build into the existing output (`--full`: every file afresh, the
#   previous tree removed);
# - incremental build, nothing changed;
# - incremental build after one new month for one publisher, and after one
#   new month for every publisher (each run adds the next month, on a copy);
# - `annals check`;
# - serve: saving a report → the reload event (examples/serve_bench);
# - CPU (user + system) and peak memory of the full build (/usr/bin/time);
# - scaling: a full build of S (6 × 20), M (21 × 20), L and, with --xl, XL
#   (630 × 20): wall, CPU and peak per report, the fit of CPU and peak
#   against the number of reports (cost ∝ reports^k: k = 1 is a flat cost
#   per report), and, when tests/browser/node_modules is installed, the
#   search's cost per query on each tier (tests/browser/bench.mjs with the
#   relevance set).
#
# The machine must be quiet: the script prints the load average before and
# after and writes both into the report. Numbers from a loaded machine are
# not worth writing down.
set -euo pipefail
cd "$(dirname "$0")/.."

args="$*"
runs=3
xl=false
against=""
write=true
while [ $# -gt 0 ]; do
  case $1 in
    --xl) xl=true ;;
    --against) against=$(realpath "$2"); shift ;;
    --runs) runs=$2; shift ;;
    --no-write) write=false ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
bench_dir=${BENCH_DIR:-/tmp/annals-bench}
report=${BENCH_REPORT:-docs/benchmarks.md}
mkdir -p "$bench_dir"
for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install time python3)" >&2; exit 2; }
done

cargo build --release --quiet --bin annals --example gen-archive --example serve_bench
annals=$PWD/target/release/annals
examples=$PWD/target/release/examples
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

median() { python3 -c 'import sys,statistics;v=[float(x) for x in sys.argv[1:]];print(f"{statistics.median(v):.2f}" if v else "–")' "$@"; }
# Wall seconds of a command (its output discarded); fails the script if it fails.
timed() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$bench_dir/last-stderr" || { cat "$bench_dir/last-stderr" >&2; return 1; }
  end=$(date +%s%N)
  python3 -c "print(($end-$start)/1e9)"
}
# Adds the month after each publisher's latest report (all, or the first
# one), its totals carried over from that report so that no check fires.
add_month() {
  python3 - "$1" "$2" <<'EOF'
import pathlib, re, sys
root, which = pathlib.Path(sys.argv[1]), sys.argv[2]
publishers = sorted(p for p in (root / "content").iterdir() if p.is_dir())
if which == "one":
    publishers = publishers[:1]
for publisher in publishers:
    latest = max(publisher.rglob("*.md"))
    text = latest.read_text()
    year, month = map(int, re.search(r"^period: (\d{4})-(\d{2})", text, re.M).groups())
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    period = f"{year:04d}-{month:02d}"
    text = re.sub(r"^period: .*$", f"period: {period}", text, count=1, flags=re.M)
    text = re.sub(r"^issued: .*$", f"issued: {period}-21", text, count=1, flags=re.M)
    text = re.sub(r"^title: .*$", f"title: Báo cáo tháng {month} năm {year}", text, count=1, flags=re.M)
    def carry(m):
        body = m.group(2)
        total = re.search(r"total: ([\d.]+)", body)
        if total is None:
            return m.group(0)
        added = re.search(r"added: ([\d.]+)", body)
        removed = re.search(r"removed: ([\d.]+)", body)
        value = float(total.group(1))
        if added and removed:
            value += float(added.group(1)) - float(removed.group(1))
        shown = f"{value:.2f}" if "." in total.group(1) else f"{int(round(value))}"
        return m.group(1) + body.replace(f"total: {total.group(1)}", f"total: {shown}") + m.group(3)
    text = re.sub(r"^(  [a-z-]+: \{)(.*)(\}\s*)$", carry, text, flags=re.M)
    target = publisher / f"{year:04d}" / f"{period}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
EOF
}

rows=()
side=()
tier() {
  local name=$1 publishers=$2 years=$3 bin=$4 label=$5
  local site=$bench_dir/$name work=$bench_dir/runs-$name-$label
  if [ ! -f "$site/site.yaml" ]; then
    rm -rf "$site"
    "$examples/gen-archive" --publishers "$publishers" --years "$years" --out "$site" >/dev/null
  fi
  rm -rf "$work"
  mkdir -p "$work"
  local reports input_mb
  reports=$(find "$site/content" -name '*.md' | wc -l)
  input_mb=$(du -sm --apparent-size "$site/content" | cut -f1)
  echo "== $name ($label): $reports reports, $input_mb MB of Markdown, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

  local empty=() existing=() nochange=() one=() all=() check=()
  for i in $(seq "$runs"); do empty+=("$(timed "$bin" build --quiet --root "$site" --out "$work/empty-$i")"); done
  echo "   into an empty folder: ${empty[*]}" >&2
  /usr/bin/time -o "$work/time.txt" -f "%U %S %M" "$bin" build --quiet --root "$site" --out "$work/measured" 2>/dev/null
  local user sys rss_kb
  read -r user sys rss_kb < "$work/time.txt"
  local full_flag=--full
  "$bin" build --help 2>/dev/null | grep -q -- --full || full_flag=""
  for i in $(seq "$runs"); do existing+=("$(timed "$bin" build --quiet $full_flag --root "$site" --out "$work/measured")"); done
  echo "   into the existing output ($full_flag): ${existing[*]}" >&2
  # Incremental scenarios (a binary without them builds everything).
  "$bin" build --quiet --root "$site" --out "$work/measured" >/dev/null 2>&1
  for i in $(seq "$runs"); do nochange+=("$(timed "$bin" build --quiet --root "$site" --out "$work/measured")"); done
  echo "   nothing changed: ${nochange[*]}" >&2
  local copy=$work/site
  cp -r "$site" "$copy"
  "$bin" build --quiet --root "$copy" --out "$work/edited" >/dev/null 2>&1
  "$bin" build --quiet --root "$copy" --out "$work/edited" >/dev/null 2>&1
  for i in $(seq "$runs"); do add_month "$copy" one; one+=("$(timed "$bin" build --quiet --root "$copy" --out "$work/edited")"); done
  echo "   one new month, one publisher: ${one[*]}" >&2
  for i in $(seq "$runs"); do add_month "$copy" all; all+=("$(timed "$bin" build --quiet --root "$copy" --out "$work/edited")"); done
  echo "   one new month, every publisher: ${all[*]}" >&2
  for i in $(seq "$runs"); do check+=("$(timed "$bin" check --root "$site")"); done
  echo "   check: ${check[*]}" >&2
  local serve_ms="–"
  if [ "$label" = "this" ] && [ "$name" != "XL" ]; then
    "$examples/serve_bench" "$site" "$bin" 6 > "$work/serve.txt" 2>&1 || true
    serve_ms=$(grep -o 'body edit → reload event: .*' "$work/serve.txt" | grep -o 'median [0-9]* ms' | grep -o '[0-9]*' || echo "–")
  fi
  local files out_mb cpu
  files=$(find "$work/measured" -type f | wc -l)
  out_mb=$(( $(du -sb --apparent-size "$work/measured" | cut -f1) / 1000000 ))
  cpu=$(python3 -c "print(f'{$user+$sys:.1f} ({$user:.1f} user + {$sys:.1f} sys)')")
  local row="| $name | $label | $reports | $(median "${empty[@]}") | $(median "${existing[@]}") | $(median "${nochange[@]}") | $(median "${one[@]}") | $(median "${all[@]}") | $(median "${check[@]}") | $serve_ms | $cpu | $((rss_kb / 1024)) | $files | $out_mb |"
  rows+=("$row")
  echo "$row" >&2
  rm -rf "$work"
}

# One full build per tier (wall: median of the runs; XL: one run), with
# its CPU, peak memory and, when node can run it, the search cost.
scale_rows=()
scale_data=()
scale() {
  local name=$1 publishers=$2 years=$3 n=$4
  local site=$bench_dir/$name out=$bench_dir/scale-$name
  if [ ! -f "$site/site.yaml" ]; then
    rm -rf "$site"
    "$examples/gen-archive" --publishers "$publishers" --years "$years" --out "$site" >/dev/null
  fi
  local reports walls=() wall user sys rss_kb
  reports=$(find "$site/content" -name '*.md' | wc -l)
  echo "== scaling $name: $reports reports, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for i in $(seq "$n"); do
    rm -rf "$out" "$bench_dir/.scale-$name.annals-"*
    /usr/bin/time -o "$bench_dir/scale-time.txt" -f "%e %U %S %M" "$annals" build --quiet --root "$site" --out "$out" 2>/dev/null
    read -r wall user sys rss_kb < "$bench_dir/scale-time.txt"
    walls+=("$wall")
  done
  echo "   full builds: ${walls[*]}" >&2
  local search="–"
  if [ -d tests/browser/node_modules ] && command -v node >/dev/null; then
    search=$(RELEVANCE=1 node tests/browser/bench.mjs "$out" 2>/dev/null | grep '^median:' | sed 's/^median: //' || true)
    search=${search:-–}
  fi
  local wall_median
  wall_median=$(median "${walls[@]}")
  scale_data+=("$reports $wall_median $user $sys $rss_kb")
  scale_rows+=("$(python3 -c "
n,w,u,s,m=$reports,$wall_median,$user,$sys,$rss_kb
print(f'| $name | {n} | {w:.2f} | {u+s:.1f} | {m//1024} | {1000*(u+s)/n:.2f} | {m/n:.1f} | $search |')")")
  echo "${scale_rows[-1]}" >&2
  rm -rf "$out" "$bench_dir/.scale-$name.annals-"*
}

tier L 63 20 "$annals" this
[ -n "$against" ] && tier L 63 20 "$against" against
scale S 6 20 "$runs"
scale M 21 20 "$runs"
scale L 63 20 "$runs"
$xl && scale XL 630 20 1
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
scale_top=L
xl_note=""
if $xl; then scale_top=XL; xl_note=", 630"; fi

# Least squares of log(cost) on log(reports): cost ∝ reports^k.
fit() {
  python3 - "$@" <<'EOF'
import math, sys
rows = [list(map(float, r.split())) for r in sys.argv[1:]]
def slope(col):
    xs = [math.log(r[0]) for r in rows]
    ys = [math.log(col(r)) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
if len(rows) >= 2:
    print(f"Fit over {len(rows)} tiers ({int(rows[0][0])} to {int(rows[-1][0])} reports), cost ∝ reports^k: "
          f"CPU k = {slope(lambda r: r[2] + r[3]):.2f}, wall k = {slope(lambda r: r[1]):.2f}, "
          f"peak memory k = {slope(lambda r: r[4]):.2f} (k = 1: the same cost per report at every size).")
EOF
}

table() {
  echo "| tier | binary | reports | full build, empty folder s | full build, existing output s | nothing changed s | one new month, one publisher s | one new month, every publisher s | check s | serve: save → reload ms | CPU s of a full build | peak RSS MB | output files | output MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
}
scale_table() {
  echo "| tier | reports | full build, empty folder s | CPU s | peak RSS MB | CPU ms per report | peak KB per report | search per query (relevance set) |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${scale_rows[@]}"
  echo
  fit "${scale_data[@]}"
}
table
echo
scale_table
$write || exit 0
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`scripts/bench.sh${args:+ $args}\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD),"
  echo "on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB of memory,"
  echo "disk: $(df -T "$bench_dir" | awk 'NR==2{print $2}') at $bench_dir."
  echo "Load average before: $load_before; after: $load_after (1, 5, 15 minutes)."
  echo "Each figure is the median of $runs runs (wall time, seconds unless marked)."
  echo "Archives come from \`examples/gen-archive\` (20 indicators, about 8 KB of Vietnamese text per report)."
  echo
  table
  echo
  echo "- *full build*: \`annals build\` into a new folder; *existing output*: \`annals build --full\` over the previous build (every file written afresh into a new folder, the previous tree removed);"
  echo "- *nothing changed*, *one new month*: \`annals build\` over the previous build (incremental: only what changed is rendered and written, see docs/publishing.md); each run adds the next month to a copy of the archive;"
  echo "- *serve*: examples/serve_bench, saving a report's body → the reload event (median of 6 edits);"
  echo "- *CPU* and *peak RSS*: /usr/bin/time of one full build into a new folder."
  echo
  echo "## Cost per report, from S to $scale_top"
  echo
  echo "A full build into an empty folder of each size (6, 21, 63$xl_note publishers × 20 years; wall: median of the runs, XL one run; CPU and peak: the last run); *search per query*: \`RELEVANCE=1 node tests/browser/bench.mjs\` on that build (median and max requests and KB of the 52 queries, after the page)."
  echo
  scale_table
  echo
  if [ -f docs/benchmarks-notes.md ]; then cat docs/benchmarks-notes.md; fi
} > "$report"
echo "wrote $report" >&2
