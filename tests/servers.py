"""Starting real local servers in tests: a free port, and waiting until a server answers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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
