"""What the answerer reads from the whole course once, not once per question.

The retriever replaces its chunk list whenever the index changes, so the list's identity says
which library a value was built from: the value is kept until another list is asked for (one
library at a time, so memory stays flat; tests build many small libraries).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from tutor.models import Chunk

T = TypeVar("T")


def per_library(build: Callable[[list[Chunk]], T]) -> Callable[[list[Chunk]], T]:
    """``build(library)``, built once per library."""
    lock = threading.Lock()
    kept: list[tuple[list[Chunk], T]] = []

    @functools.wraps(build)
    def once(library: list[Chunk]) -> T:
        with lock:
            if kept and kept[0][0] is library:
                return kept[0][1]
        value = build(library)
        with lock:
            kept[:] = [(library, value)]
        return value

    return once
