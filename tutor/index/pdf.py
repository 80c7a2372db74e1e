"""PDF text extraction in worker processes, with a deadline per file.

pypdf has no timeout of its own and an untrusted file can make it spin, so pages are read in a
pool of spawned processes that is terminated when a file runs over its time. This module stays
free of torch and Chroma imports so worker processes start quickly.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.pool
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tutor import exceptions as exc

_MIN_TEXT_CHARS = 20
"""A PDF with less text than this on every page has no text layer worth indexing."""


def _pdf_probe(path: str) -> tuple[str, Any]:
    """Open a PDF and report ("ok", (pages, title)) or ("error", (kind, detail))."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, EmptyFileError, FileNotDecryptedError, PyPdfError
    except ImportError as e:  # pragma: no cover - pypdf is a dependency
        return "error", ("damaged", f"pypdf missing: {e}")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        return "error", ("not-a-pdf", "")
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return "error", ("password-protected", "")
            except (FileNotDecryptedError, DependencyError) as e:
                return "error", ("password-protected", str(e))
        pages = len(reader.pages)
        title = ""
        try:
            title = str((reader.metadata or {}).get("/Title") or "")
        except Exception:  # noqa: BLE001 - a broken info dict must not fail the file
            title = ""
        return "ok", (pages, title)
    except EmptyFileError:
        return "error", ("empty", "")
    except FileNotDecryptedError as e:
        return "error", ("password-protected", str(e))
    except PyPdfError as e:
        return "error", ("damaged", str(e))
    except Exception as e:  # noqa: BLE001 - damaged files raise anything (ValueError, KeyError...)
        return "error", ("damaged", f"{type(e).__name__}: {e}")


def _pdf_pages(path: str, first: int, last: int) -> tuple[str, Any]:
    """Extract pages first..last-1: ("ok", [texts]) or ("error", (kind, detail))."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")
        return "ok", [reader.pages[i].extract_text() or "" for i in range(first, last)]
    except Exception as e:  # noqa: BLE001 - any failure of a damaged file is reported per file
        return "error", ("damaged", f"{type(e).__name__}: {e}")


_PDF_MESSAGES: dict[str, tuple[type[exc.IngestError], str, str]] = {
    "not-a-pdf": (
        exc.NotAPdfError,
        "is not a PDF (no %PDF header); it may be another file type renamed to .pdf.",
        "Open it to see what it is; save text as .txt or .md.",
    ),
    "password-protected": (
        exc.PasswordProtectedError,
        "is password-protected.",
        "Remove the password (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and add it again.",
    ),
    "empty": (exc.EmptyFileError, "is empty.", "Export or download it again."),
    "damaged": (
        exc.DamagedFileError,
        "is damaged or truncated and cannot be read.",
        "Download or export it again; `qpdf --check` shows what is wrong.",
    ),
}


def _pdf_error(path: Path, kind: str, detail: str) -> exc.IngestError:
    cls, what, hint = _PDF_MESSAGES[kind]
    detail = f" ({detail[:200]})" if detail and kind == "damaged" else ""
    return cls(str(path), f"{path.name} {what}{detail}", hint)


class PdfExtractor:
    """Extracts PDF pages in a pool of worker processes, with a deadline per file.

    Use as a context manager; the pool starts on first use and is replaced after a timeout
    (terminating is the only way to stop a stuck extraction).
    """

    def __init__(self, workers: int, timeout_s: float, max_pages: int) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self.max_pages = max_pages
        self._pool: multiprocessing.pool.Pool | None = None

    def __enter__(self) -> PdfExtractor:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def _get_pool(self) -> multiprocessing.pool.Pool:
        if self._pool is None:
            # spawn: the parent may hold torch threads; forking them is unsafe.
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers)
        return self._pool

    def extract(self, path: Path, on_range: Callable[[int, list[str], str], None]) -> int:
        """Read every page's text and return the number of pages. ``on_range(first_page,
        texts, title)`` gets the pages a range at a time, in order (page numbers from 1), so
        the caller can index the first pages while the workers read the rest. Raises a
        specific IngestError, also after some ranges were handed on."""
        deadline = time.monotonic() + self.timeout_s
        pool = self._get_pool()
        try:
            status, value = pool.apply_async(_pdf_probe, (str(path),)).get(self._remaining(deadline))
            if status == "error":
                raise _pdf_error(path, *value)
            n_pages, title = value
            if n_pages > self.max_pages:
                raise exc.TooManyPagesError(
                    str(path),
                    f"{path.name} has {n_pages} pages; the limit is {self.max_pages}.",
                    "Split the PDF or raise TUTOR_MAX_PAGES.",
                )
            if n_pages == 0:
                raise exc.EmptyFileError(str(path), f"{path.name} has no pages.", "Export it again.")
            # Several ranges per worker so progress moves, the load evens out and the first
            # pages reach the index early; each range opens the file again, so not too many.
            n_parts = min(n_pages, max(self.workers * 4, n_pages // 100))
            bounds = [round(i * n_pages / n_parts) for i in range(n_parts + 1)]
            jobs = [pool.apply_async(_pdf_pages, (str(path), a, b)) for a, b in itertools.pairwise(bounds)]
            title = title or path.stem
            text_chars = 0
            for job, (a, _) in zip(jobs, itertools.pairwise(bounds), strict=False):
                status, value = job.get(self._remaining(deadline))
                if status == "error":
                    raise _pdf_error(path, *value)
                text_chars += sum(len(p.strip()) for p in value)
                on_range(a + 1, value, title)
        except multiprocessing.TimeoutError:
            self.close()
            raise exc.ExtractionTimeoutError(
                str(path),
                f"{path.name}: text extraction took longer than {self.timeout_s:g} s and was stopped.",
                "The file may be malformed; raise TUTOR_EXTRACT_TIMEOUT_S if it is just very large.",
            ) from None
        if text_chars < _MIN_TEXT_CHARS:
            raise exc.NoTextError(
                str(path),
                f"{path.name} has no extractable text: it looks scanned (images of pages).",
                "Run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and add the result.",
            )
        return n_pages

    @staticmethod
    def _remaining(deadline: float) -> float:
        return max(0.01, deadline - time.monotonic())
