#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: lint, unit, integration and browser tests.
# Tests that need ../shared skip with a reason when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
bash scripts/install_browser.sh
bash scripts/install_postgres.sh
bash scripts/install_test_llm.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
