"""Run a function in a forked child and fail if it does not finish in time.

A hang in a C-level regex cannot be interrupted in-process; a child process can be killed,
so a regression fails the test in seconds instead of hanging the suite.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from typing import Any


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as e:  # noqa: BLE001 - reported to the parent as is
        conn.send(("error", repr(e)))


def run_within(seconds: float, fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """(fn(*args), elapsed seconds); AssertionError when it takes longer than ``seconds``."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    started = time.perf_counter()
    proc.start()
    ready = parent.poll(seconds)
    elapsed = time.perf_counter() - started
    if not ready:
        proc.kill()
        proc.join()
        raise AssertionError(f"{getattr(fn, '__name__', fn)} took longer than {seconds} s")
    status, value = parent.recv()
    proc.join()
    if status == "error":
        raise AssertionError(f"{getattr(fn, '__name__', fn)} raised {value}")
    return value, elapsed
