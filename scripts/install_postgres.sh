#!/usr/bin/env bash
# Install the PostgreSQL server the progress-store tests start on 127.0.0.1
# (tests/pg_server.py runs initdb/pg_ctl from /usr/lib/postgresql/*/bin; no service is enabled).
# Debian's `postgresql` package. Does nothing when a server binary is already there.
# Needs root (or sudo) for apt-get.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
    echo "postgresql already installed: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_postgres.sh: need root or sudo to apt-get install postgresql" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql
# The package may start a system cluster; the tests use their own throwaway one.
ls -d /usr/lib/postgresql/*/bin
