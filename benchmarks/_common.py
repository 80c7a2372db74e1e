"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV_GUIDE = SHARED / "corpora" / "sagemaker-dev-guide"


def need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} is missing: the benchmarks read ../shared beside the checkout.")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and waited-for children), MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def use_this_checkout() -> None:
    """Import ``tutor`` from this checkout. An editable install (``pip install -e``) puts a finder
    ahead of ``sys.path`` that hands every importer the checkout it was installed from: a worktree
    of another commit run with the main checkout's .venv would measure the main checkout's code."""
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    sys.path.insert(0, str(ROOT))


def offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
