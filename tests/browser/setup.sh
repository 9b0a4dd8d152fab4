#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium and the npm packages
# pinned by tests/browser/package-lock.json. Idempotent: safe to run again.
# Called from .ci/run; run it by hand once before `cargo test` on a new machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
# Never download a browser build: playwright-core drives /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
want="$(cd "$here" && node -p "require('./package.json').devDependencies['playwright-core']")"
have="$(cd "$here" && node -p "require('./node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
echo "browser tests ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)"
