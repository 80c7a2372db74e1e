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

bash "$(dirname "$0")/apt_install.sh" postgresql
# The package may start a system cluster; the tests use their own throwaway one.
ls -d /usr/lib/postgresql/*/bin
