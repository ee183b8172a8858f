#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    exit 0
fi
echo "Chromium not found at $CHROMIUM. Install it with: sudo apt-get install -y chromium" >&2
echo "(or set CHROMIUM_PATH). Browser tests will fail under CI=true and skip otherwise." >&2
