"""What the browser tests share: Debian's Chromium driven through PyPI playwright, screenshots
in tests/artifacts/, waiting for a Streamlit run to settle, and a course indexed for an app.

Importing this module skips the importing test module when Chromium or playwright is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: run scripts/install_browser.sh (Debian chromium) to run the browser tests",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api", reason="PyPI playwright is not installed")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (and the artifacts folder for its screenshots)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def shot(page: object, name: str, prefix: str = "e2e") -> None:
    page.screenshot(path=str(ARTIFACTS / f"{prefix}-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def wait_idle(page: object) -> None:
    """Until the script run has finished and no element is left over from the previous run."""
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-stale=true]')", timeout=60_000
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # let tables and charts paint


def app_env(data: Path, **extra: str) -> dict[str, str]:
    """The environment of an app process on ``data``: no TUTOR_ setting of the test run leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env.update(TUTOR_DATA_DIR=str(data), PYTHONUNBUFFERED="1", **extra)
    return env


def ingest(env: dict[str, str], *paths: Path) -> None:
    """Index ``paths`` in a separate process, as a teacher would with the CLI before starting the app."""
    subprocess.run(
        [sys.executable, "-m", "tutor.cli", "ingest", *map(str, paths), "--quiet"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )


def write_docs(folder: Path, docs: dict[str, str]) -> Path:
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
