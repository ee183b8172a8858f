#!/usr/bin/env bash
# Browser tests drive Debian's headless Chromium (Playwright cannot download its own here).
# The headless shell is preferred: a page costs it about half of what the full browser
# costs (accessibility/audit.py picks it when both are installed).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
    exit 0
fi
if [ -x /usr/bin/chromium-headless-shell ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium's headless shell for the browser tests (apt-get install chromium-headless-shell)…"
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium-headless-shell fonts-dejavu-core >/dev/null; then
        exit 0
    fi
    echo "apt-get could not install chromium-headless-shell." >&2
fi
if [ -x /usr/bin/chromium ]; then
    echo "Using /usr/bin/chromium; the browser tests take about a third less time with" >&2
    echo "Debian's headless shell: sudo apt-get install -y chromium-headless-shell" >&2
    exit 0
fi
echo "Chromium not found. Install it with: sudo apt-get install -y chromium-headless-shell" >&2
echo "(or chromium, or set CHROMIUM_PATH). Browser tests will fail under CI=true and skip otherwise." >&2
