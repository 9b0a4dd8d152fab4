#!/usr/bin/env bash
# Builds the release archives of annals into dist/ (see docs/install.md):
#
#   dist/annals-<version>-x86_64-pc-windows-gnu.zip        annals.exe, preview.cmd
#   dist/annals-<version>-x86_64-unknown-linux-musl.tar.gz  annals (static)
#   dist/SHA256SUMS                                        the archives' checksums
#
# Each archive holds one folder annals-<version>-<target>/ with the program,
# README.md, docs/install.md as INSTALL.md, LICENSE-MIT, LICENSE-APACHE,
# THIRD-PARTY-LICENSES.txt (the crates compiled in) and SHA256SUMS of those
# files. macOS is not built: no macOS SDK or linker is available on Linux
# here (see docs/install.md for building on a Mac).
#
# Usage: scripts/release.sh [TARGET...]   (default: both targets above)
# Needs (Debian; installed when run as root): gcc-mingw-w64-x86-64,
# musl-tools, zip, and the rustup targets. Release builds cost about 3
# CPU-minutes per target. The archives are reproducible: sorted entries,
# fixed owner and times (SOURCE_DATE_EPOCH, default: the last commit's time).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
[ -n "$version" ] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(x86_64-pc-windows-gnu x86_64-unknown-linux-musl)
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

# Tools for each target, installed when missing and we may.
need=()
command -v python3 >/dev/null || need+=(python3)
for target in "${targets[@]}"; do
  case "$target" in
    *-windows-gnu)
      command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
      command -v zip >/dev/null || need+=(zip) ;;
    *-linux-musl) command -v musl-gcc >/dev/null || need+=(musl-tools) ;;
    *-apple-darwin)
      echo "release.sh: $target cannot be built here (no macOS SDK on Linux); build it on a Mac: docs/install.md" >&2
      exit 1 ;;
    *) echo "release.sh: unknown target $target" >&2; exit 1 ;;
  esac
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "release.sh: missing ${need[*]}: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

mkdir -p dist
rm -f dist/SHA256SUMS
for target in "${targets[@]}"; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  echo "== $target: cargo build --release"
  # Static C runtime for musl (the default) and for mingw's libgcc and
  # winpthread, so the .exe needs no DLL beside it.
  RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
    cargo build --release --locked --target "$target" --bin annals
  exe=annals
  case "$target" in *windows*) exe=annals.exe ;; esac
  name="annals-$version-$target"
  stage="$(mktemp -d)/$name"
  mkdir -p "$stage"
  cp "target/$target/release/$exe" "$stage/$exe"
  # The release profile keeps line tables for local backtraces; the
  # published program goes without (116 MB -> about 15 MB for the .exe).
  case "$target" in
    *windows-gnu) x86_64-w64-mingw32-strip "$stage/$exe" ;;
    *) strip "$stage/$exe" ;;
  esac
  cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"
  cp docs/install.md "$stage/INSTALL.md"
  python3 scripts/third-party-licenses.py "$target" >"$stage/THIRD-PARTY-LICENSES.txt"
  case "$target" in
    *windows*)
      cp scripts/preview.cmd "$stage/preview.cmd"
      # Windows' own tools read CRLF text best (Notepad before 2018).
      for f in README.md INSTALL.md LICENSE-MIT LICENSE-APACHE THIRD-PARTY-LICENSES.txt preview.cmd; do
        sed -i 's/\r*$/\r/' "$stage/$f"
      done ;;
  esac
  (cd "$stage" && find . -type f ! -name SHA256SUMS | sed 's#^\./##' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
  find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  rm -f "dist/$name.zip" "dist/$name.tar.gz"
  case "$target" in
    *windows*)
      (cd "$(dirname "$stage")" && find "$name" | LC_ALL=C sort | TZ=UTC zip -q -X -@ "$repo/dist/$name.zip")
      archive="$name.zip" ;;
    *)
      tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
        -C "$(dirname "$stage")" -cf - "$name" | gzip -n -9 >"dist/$name.tar.gz"
      archive="$name.tar.gz" ;;
  esac
  rm -rf "$(dirname "$stage")"
  (cd dist && sha256sum "$archive" >>SHA256SUMS)
  echo "   dist/$archive ($(du -h "dist/$archive" | cut -f1))"
done
(cd dist && LC_ALL=C sort -k2 -o SHA256SUMS SHA256SUMS)
echo "== dist/SHA256SUMS"
cat dist/SHA256SUMS
