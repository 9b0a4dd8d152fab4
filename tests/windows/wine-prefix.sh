#!/usr/bin/env bash
# Makes a fresh Wine prefix that can run annals.exe: `wineboot`, then the
# ProcessPrng stub (prng-stub.c) as bcryptprimitives.dll in system32.
# Usage: tests/windows/wine-prefix.sh DIR   (then export WINEPREFIX=DIR and
# the WINEDLLOVERRIDES printed by `tests/windows/wine-prefix.sh --env`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
overrides="bcryptprimitives=n;mscoree=d;mshtml=d"
if [ "${1:-}" = "--env" ]; then
  echo "WINEDLLOVERRIDES=$overrides"
  exit 0
fi
prefix="${1:?usage: wine-prefix.sh DIR}"
wine="${WINE:-$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)}"
mkdir -p "$prefix"
export WINEPREFIX="$(cd "$prefix" && pwd)" WINEDEBUG=-all WINEDLLOVERRIDES="$overrides"
"$wine" wineboot -i >/dev/null 2>&1 || true
system32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$system32" ] || { echo "wine-prefix.sh: wineboot made no $system32" >&2; exit 1; }
x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
  "$here/prng-stub.c" "$here/prng-stub.def" -ladvapi32
echo "$WINEPREFIX"
