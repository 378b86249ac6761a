#!/usr/bin/env bash
# The page (`sacoche ui`) in a headless browser: Debian's chromium, driven by
# playwright-core (tests/browser/page.test.mjs). Builds nothing: it tests the binary in
# $SACOCHE_BIN (default target/debug/sacoche). Needs node and npm, and chromium
# ($CHROMIUM, default /usr/bin/chromium). Screenshots of each screen go to
# $SCREENSHOTS (default: a new temporary folder). Exits non-zero when a test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

bin="${SACOCHE_BIN:-target/debug/sacoche}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "tests/browser: no sacoche binary at $bin (cargo build, or set SACOCHE_BIN)" >&2
  exit 2
fi
chromium="${CHROMIUM:-}"
if [ -z "$chromium" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$c" ]; then chromium="$c"; break; fi
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "tests/browser: no chromium (apt-get install chromium, or set CHROMIUM)" >&2
  exit 2
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "tests/browser: $tool is missing (apt-get install nodejs npm)" >&2
    exit 2
  fi
done
if [ ! -d "$here/node_modules/playwright-core" ]; then
  # The locked version; playwright-core downloads no browser of its own.
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
screenshots="${SCREENSHOTS:-$(mktemp -d "${TMPDIR:-/tmp}/sacoche-screenshots-XXXXXX")}"
mkdir -p "$screenshots"

echo "tests/browser: $("$bin" --version 2>/dev/null | head -1), $("$chromium" --version 2>/dev/null | head -1), node $(node --version)"
start=$(date +%s)
status=0
SACOCHE_BIN="$bin" CHROMIUM="$chromium" SCREENSHOTS="$screenshots" \
  node --test --test-reporter=spec "$here/page.test.mjs" || status=$?
echo "tests/browser: $(( $(date +%s) - start )) s; screenshots in $screenshots"
if [ "$status" -ne 0 ]; then
  echo "tests/browser: FAILED (see above: each failing flow prints the page it was on and its screenshot)" >&2
fi
exit "$status"
