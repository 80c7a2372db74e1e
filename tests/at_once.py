"""Run one function in several fresh processes that start together, for race tests."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def run_at_once(target: Callable[..., None], *arg_lists: tuple[Any, ...]) -> None:
    """``target(*args, barrier)`` for each of ``arg_lists``, each in its own process; the shared
    barrier lets them begin together. Every process must exit cleanly.

    spawn, not fork: a pytest process may hold threads (torch, Streamlit, Chroma) that a forked
    child would inherit mid-lock."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(arg_lists))
    procs = [ctx.Process(target=target, args=(*args, barrier)) for args in arg_lists]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)  # generous: CI shares 2 busy cores
        assert p.exitcode == 0
