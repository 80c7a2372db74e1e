#!/usr/bin/env bash
# apt-get install the Debian packages named as arguments (no recommends), as root or through
# sudo. The install_*.sh scripts call it once they have found their package missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "apt_install.sh: need root or sudo to apt-get install $*" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "$@"
