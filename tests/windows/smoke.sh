#!/usr/bin/env bash
# Smoke test of the Windows build, on Linux: cross-compiles annals.exe with
# mingw-w64, runs `check`, `build`, `new`, `import` and `serve` on copies of
# the bundled site under Wine, runs the same commands with the Linux build on
# identical copies, and compares the two byte for byte: exit status, what was
# printed (with `\` read as `/`, since paths are printed the Windows way),
# and every file each left in its site folder; then a build while another
# program holds a folder of the output (tests/windows/hold.c).
#
# Installs what it lacks when run as root with apt-get (mingw-w64, Wine 8,
# the rustup target). Caches nothing: CI is fresh each run. Called by .ci/run;
# run it alone with `bash tests/windows/smoke.sh` (about 3 CPU-minutes, most
# of it compiling annals.exe; see docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$(pwd)"
target=x86_64-pc-windows-gnu
started=$SECONDS
step() { echo "== windows smoke ($((SECONDS - started)) s): $*"; }

step "tools"
wine="$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver64)"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x "$wine" ] || need+=(wine64)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    wine="$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)"
    wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver64)"
  else
    echo "windows smoke: missing ${need[*]}: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

step "cargo build --target $target (and the Linux build to compare with)"
# No debug info in the .exe (the Linux build keeps its profile): a third of
# the time, and a 30 MB file instead of 150 MB. Host build scripts and
# procedural macros are shared with the Linux build.
cargo build --quiet --target "$target" --bin annals --config "target.$target.rustflags=['-C', 'debuginfo=0']"
cargo build --quiet --bin annals
win_exe="$repo/target/$target/debug/annals.exe"
linux_exe="$repo/target/debug/annals"

work="$(mktemp -d)"
cleanup() {
  WINEPREFIX="$work/prefix" "$wineserver" -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "Wine prefix with the ProcessPrng stub"
bash tests/windows/wine-prefix.sh "$work/prefix" >/dev/null
export WINEPREFIX="$work/prefix" WINEDEBUG=-all NO_COLOR=1
export "$(bash tests/windows/wine-prefix.sh --env)"

# Two identical trees: the bundled site, and a site with no report and a
# document to import (the importer's seed text).
for side in linux windows; do
  mkdir -p "$work/$side/site" "$work/$side/imported/content" "$work/$side/inbox"
  cp -r site.yaml content "$work/$side/site/"
  cp site.yaml "$work/$side/imported/"
  cp content/indicators.yaml "$work/$side/imported/content/"
  cp tests/fixtures/import/bao-cao-stttt-quang-ninh-2014-08.txt "$work/$side/inbox/"
done

# What was printed, made comparable: `\` (and `\\` in JSON) as `/`, durations as N.
normalize() { sed -e 's#\\\\#/#g' -e 's#\\#/#g' -e 's/ in [0-9.]* s/ in N s/g' "$1"; }

failures=0
# both NAME FOLDER ARGS...: runs `annals ARGS` in FOLDER with each build.
both() {
  local name="$1" folder="$2"
  shift 2
  local linux_rc=0 windows_rc=0
  (cd "$work/linux/$folder" && "$linux_exe" "$@" >"$work/$name.linux.out" 2>"$work/$name.linux.err") || linux_rc=$?
  (cd "$work/windows/$folder" && "$wine" "$win_exe" "$@" >"$work/$name.windows.out" 2>"$work/$name.windows.err") ||
    windows_rc=$?
  local same=yes
  [ "$linux_rc" = "$windows_rc" ] || { echo "  $name: exit status $linux_rc on Linux, $windows_rc on Windows"; same=no; }
  for stream in out err; do
    if ! diff -u <(normalize "$work/$name.linux.$stream") <(normalize "$work/$name.windows.$stream") \
      >"$work/$name.$stream.diff"; then
      echo "  $name: std$stream differs (- Linux, + Windows):"
      head -40 "$work/$name.$stream.diff"
      same=no
    fi
  done
  if [ "$same" = yes ]; then
    echo "  annals $* (in $folder): same exit status ($linux_rc) and output"
  else
    failures=$((failures + 1))
  fi
}

step "commands"
both check site check
both build site build
both new site new
both check-draft site check
both build-drafts site build --drafts --out public-drafts
both import imported import ../inbox/bao-cao-stttt-quang-ninh-2014-08.txt
both build-imported imported build
both check-json site check --format json

step "messages name files the Windows way, pages link the web's way"
if grep -qF 'content\2014\2014-08.md:36:46' "$work/check.windows.err" &&
  grep -qF 'content/2014/2014-08.md:36:46' "$work/check.linux.err"; then
  echo "  check: content\\2014\\2014-08.md:36:46 on Windows, content/2014/2014-08.md:36:46 on Linux"
else
  echo "  check: the warning's location is not written the system's way"
  cat "$work/check.windows.err"
  failures=$((failures + 1))
fi
if grep -q 'href="[^"]*\\' "$work/windows/site/public/index.html"; then
  echo "  build: a link with a backslash in public/index.html"
  failures=$((failures + 1))
fi

step "the site folders, byte for byte"
for folder in site imported; do
  # `.<output>.annals-inputs.json` holds the input files' sizes and times,
  # and the report cache `.<output>.annals-reports/` is valid only for the
  # executable that wrote it (its size and time are in every file): both
  # differ from machine to machine by design (docs/publishing.md);
  # everything else, the incremental build's state and spare included, must
  # be identical.
  if diff -r -x '.*.annals-inputs.json' -x '.*.annals-reports' "$work/linux/$folder" "$work/windows/$folder" >"$work/$folder.tree.diff"; then
    echo "  $folder: $(find "$work/linux/$folder" -type f | wc -l) files, identical"
  else
    echo "  $folder: the trees differ:"
    head -40 "$work/$folder.tree.diff"
    failures=$((failures + 1))
  fi
done

step "serve: a page, then an edit seen without a restart"
port="${ANNALS_SMOKE_PORT:-1208}"
(cd "$work/windows/site" && exec "$wine" "$win_exe" serve --port "$port" >"$work/serve.out" 2>&1) &
serve_pid=$!
fetch() { curl -fsS --max-time 5 "http://127.0.0.1:$port$1" 2>/dev/null || true; }
page=""
for _ in $(seq 1 60); do
  page="$(fetch /)"
  [ -n "$page" ] && break
  sleep 0.5
done
if [ -z "$page" ]; then
  echo "  serve: no answer on port $port"
  cat "$work/serve.out"
  failures=$((failures + 1))
else
  sed -i 's/^title: Báo cáo hoạt động/title: Sửa trên Windows, báo cáo hoạt động/' \
    "$work/windows/site/content/2014/2014-08.md"
  seen=no
  for _ in $(seq 1 60); do
    if fetch / | grep -q "Sửa trên Windows"; then seen=yes && break; fi
    sleep 0.5
  done
  if [ "$seen" = yes ]; then
    echo "  serve: the edited title is on the home page"
  else
    echo "  serve: the edit never showed"
    cat "$work/serve.out"
    failures=$((failures + 1))
  fi
fi
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true

step "build while another program holds a folder of the output (a Command Prompt inside it)"
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/hold.exe" tests/windows/hold.c
site="$work/windows/site"
mkfifo "$work/hold.in"
(cd "$site" && exec "$wine" "$work/hold.exe" 'public\static' <"$work/hold.in" >"$work/hold.out" 2>&1) &
hold_pid=$!
exec 7>"$work/hold.in"
for _ in $(seq 1 40); do grep -q holding "$work/hold.out" 2>/dev/null && break; sleep 0.25; done
sed -i 's#^number: .*#number: 1/BC-HELD#' "$site/content/2014/2014-08.md"
held_rc=0
(cd "$site" && "$wine" "$win_exe" build --quiet >"$work/held.out" 2>&1) || held_rc=$?
if [ "$held_rc" = 0 ] && grep -q "1/BC-HELD" "$site/public/reports/2014/08/index.html"; then
  echo "  build: exit 0, the new output in place while public\\static is held"
else
  echo "  build: exit $held_rc while public\\static is held; the new output is not in place"
  cat "$work/held.out"
  failures=$((failures + 1))
fi
exec 7>&-
wait "$hold_pid" 2>/dev/null || true
(cd "$site" && "$wine" "$win_exe" build --quiet >/dev/null 2>&1) || true
# The incremental build's spare tree, inputs file and caches (charts,
# reports, search analysis) belong beside public (docs/publishing.md); a
# staging or retired folder does not.
if ls -A "$site" | grep '^\.public\.annals-' | grep -qv '^\.public\.annals-\(spare\|charts\|reports\|search\|inputs\.json\)$'; then
  echo "  build: a staging or retired folder is left beside public after the hold ended"
  ls -A "$site"
  failures=$((failures + 1))
else
  echo "  build: once the hold ended, the next build left nothing beside public"
fi

step "done"
if [ "$failures" -gt 0 ]; then
  echo "windows smoke: $failures check(s) failed"
  exit 1
fi
echo "windows smoke: every command behaved the same under Wine as on Linux"
