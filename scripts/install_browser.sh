#!/usr/bin/env bash
# Install the Chromium the browser end-to-end test drives (tests/e2e/test_browser.py).
# Debian's `chromium` package is used with PyPI `playwright`: no Playwright browser download.
# Does nothing when /usr/bin/chromium is already there. Needs root (or sudo) for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

bash "$(dirname "$0")/apt_install.sh" chromium
/usr/bin/chromium --version || true
