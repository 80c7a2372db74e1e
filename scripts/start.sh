#!/usr/bin/env bash
# Set up (if needed), build or refresh the index of the bundled course, and start the tutor.
# Works offline and with no LLM configured. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# Unchanged files are skipped, so this is quick once the index exists.
.venv/bin/tutor ingest

exec .venv/bin/streamlit run app.py --browser.gatherUsageStats false "$@"
