"""Starting real local servers in tests: a free port, and waiting until a server answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Loopback only; never through a proxy from the environment.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout_s: float = 20) -> None:
    """Terminate a server, and kill it if it has not exited within ``timeout_s``."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)


def wait_until_ready(
    proc: subprocess.Popen, url: str, log_path: Path, timeout_s: float, ready: bytes | None = None
) -> None:
    """Poll ``url`` until it answers 200 (and, if given, its body is ``ready``); fail the test
    with the server's log if the process exits or the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{proc.args[0]} exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            with _NO_PROXY.open(url, timeout=2) as response:
                if response.status == 200 and (ready is None or response.read().strip() == ready):
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer within {timeout_s:g} s:\n{log_path.read_text()}")
        time.sleep(0.25)


def streamlit_command(script: str, port: int, extra: Sequence[str] = ()) -> list[str]:
    """`streamlit run SCRIPT` headless on 127.0.0.1:PORT, no usage statistics."""
    return [
        *(sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"),
        *("--server.address", "127.0.0.1", "--server.port", str(port)),
        *("--browser.gatherUsageStats", "false", *extra),
    ]


@contextmanager
def streamlit_app(script: str, env: dict[str, str], log_path: Path, keep_log: Path) -> Iterator[str]:
    """A Streamlit app running for the duration of the block; yields its URL once it is
    healthy, then stops it and keeps its log at ``keep_log`` (for the CI artefacts)."""
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            streamlit_command(script, port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(server, f"{url}/_stcore/health", log_path, 120, ready=b"ok")
            yield url
        finally:
            stop(server)
            keep_log.parent.mkdir(parents=True, exist_ok=True)
            keep_log.write_text(log_path.read_text())
