#!/usr/bin/env bash
# Install the Chromium the browser end-to-end test drives (tests/e2e/test_browser.py).
# Debian's `chromium` package is used with PyPI `playwright`: no Playwright browser download.
# Does nothing when /usr/bin/chromium is already there. Needs root (or sudo) for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser.sh: need root or sudo to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version || true
