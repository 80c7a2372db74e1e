"""Turn a file into chunks: Markdown by headings, plain text by paragraphs, PDF by page.

PDF pages are extracted in worker processes (``tutor.index.pdf``); a PDF's chunks are handed
on a page range at a time, so ingest can make the first pages searchable before the last are
read.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor import exceptions as exc
from tutor.index.chunking import chunk_spans
from tutor.index.pdf import PdfExtractor
from tutor.markdown import FrontMatterError, clean_inline, parse_markdown
from tutor.models import Chunk
from tutor.safety.text_cleaning import looks_binary, neutralise_controls

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | PDF_SUFFIXES

CHUNKER_VERSION = "3"
"""Bump when chunking changes: the manifest then re-ingests every file."""


@dataclass(frozen=True)
class LoadLimits:
    """Per-file caps: an untrusted file must not take unbounded time or fill the index."""

    max_line_chars: int = 100_000
    max_chunks: int = 20_000
    deadline_s: float = 300.0


class Deadline:
    """The per-file time budget of a loader that runs in this process. Parsing is linear, so
    checking between steps (and every few thousand lines or chunks) keeps the bound."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise exc.ExtractionTimeoutError(
                str(self.path),
                f"{self.path.name}: reading the file took longer than {self.seconds:g} s and was stopped.",
                "The file may be malformed; raise TUTOR_EXTRACT_TIMEOUT_S if it is just very large.",
            )


@dataclass
class LoadedFile:
    path: Path
    title: str
    module: int | None
    chunks: list[Chunk]
    pages: int = 0
    front_matter: dict[str, Any] = field(default_factory=dict)


def chunk_id(source_path: str, start: int, end: int, page: int | None, text: str) -> str:
    """Deterministic: the same file content always gives the same ids."""
    key = f"{source_path}|{page}|{start}|{end}|{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files of supported types under ``paths`` (folders recursively), sorted, deduplicated.

    A file named explicitly is yielded whatever its type, so its error can be reported.
    """
    seen: set[Path] = set()
    for path in paths:
        path = path.expanduser()
        if path.is_dir():
            candidates = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            candidates = [path]
        for p in candidates:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def check_size(path: Path, max_mb: float) -> int:
    if not path.exists():
        raise exc.IngestError(str(path), f"{path}: no such file.", "Check the path.")
    size = path.stat().st_size
    if size == 0:
        raise exc.EmptyFileError(
            str(path), f"{path.name}: the file is empty (0 bytes).", "Export or download it again."
        )
    if size > max_mb * 1024 * 1024:
        raise exc.FileTooLargeError(
            str(path),
            f"{path.name}: {size / 1e6:.1f} MB is over the {max_mb:g} MB limit.",
            "Split the file or raise TUTOR_MAX_FILE_MB.",
        )
    return size


def _read_text(path: Path, limits: LoadLimits) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    # Judged on the decoded text, not just NUL bytes: an image or archive renamed .md
    # decodes as latin-1 "text" full of control characters.
    if looks_binary(text):
        raise exc.UnsupportedFileError(
            str(path),
            f"{path.name}: this looks like a binary file, not text.",
            "Only Markdown, plain text and PDF files can be added.",
        )
    if not text.strip():
        raise exc.EmptyFileError(
            str(path), f"{path.name}: the file holds only whitespace.", "Add some text to it."
        )
    _check_line_length(path, text, limits.max_line_chars)
    # Escape sequences must never reach a terminal or a prompt; spaces keep offsets exact.
    return neutralise_controls(text)


def _check_line_length(path: Path, text: str, limit: int) -> None:
    start, number = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > limit:
            raise exc.LineTooLongError(
                str(path),
                f"{path.name}: line {number} is {end - start:,} characters long; the limit is {limit:,}.",
                "Break the text into lines or paragraphs, or raise TUTOR_MAX_LINE_CHARS.",
            )
        start, number = end + 1, number + 1


def _chunks_from_units(
    path: Path,
    title: str,
    module: int | None,
    units: list[tuple[list[str], int | None, str, int]],
    target: int,
    limits: LoadLimits | None = None,
    deadline: Deadline | None = None,
) -> list[Chunk]:
    """units: (section path, page, raw text, offset of that text in the file or page)."""
    limits = limits or LoadLimits()
    source_path = str(path)
    chunks: list[Chunk] = []
    for section_path, page, raw, offset in units:
        if deadline:
            deadline.check()
        for a, b in chunk_spans(raw, target):
            text = clean_inline(raw[a:b]).strip()
            if len(text) < 3:
                continue
            start, end = offset + a, offset + b
            chunks.append(
                Chunk(
                    id=chunk_id(source_path, start, end, page, text),
                    text=text,
                    source=path.name,
                    source_path=source_path,
                    title=title,
                    module=module,
                    section_path=section_path,
                    page=page,
                    start=start,
                    end=end,
                )
            )
            if len(chunks) > limits.max_chunks:
                raise exc.TooManyChunksError(
                    str(path),
                    f"{path.name} makes more than {limits.max_chunks:,} chunks.",
                    "Split the file, or raise TUTOR_MAX_CHUNKS_PER_FILE.",
                )
    return chunks


def load_markdown(path: Path, target: int, limits: LoadLimits | None = None) -> LoadedFile:
    limits = limits or LoadLimits()
    deadline = Deadline(path, limits.deadline_s)
    text = _read_text(path, limits)
    deadline.check()
    try:
        front, sections = parse_markdown(text)
    except FrontMatterError as e:
        raise exc.DamagedFileError(
            str(path), f"{path.name}: {e}.", "Fix the YAML between the leading '---' lines."
        ) from e
    module = front.get("module")
    module = int(module) if isinstance(module, int | str) and str(module).isdigit() else None
    h1 = next((s.heading for s in sections if s.level == 1), None)
    title = str(front.get("title") or h1 or path.stem)
    units: list[tuple[list[str], int | None, str, int]] = []
    for s in sections:
        if not s.body.strip():
            continue
        units.append((s.path or [title], None, s.body, s.body_start))
    deadline.check()
    chunks = _chunks_from_units(path, title, module, units, target, limits, deadline)
    if not chunks:
        raise exc.EmptyFileError(
            str(path),
            f"{path.name}: no text to index (only headings?).",
            "Add some prose under the headings.",
        )
    return LoadedFile(path, title, module, chunks, front_matter=front)


def load_text(path: Path, target: int, limits: LoadLimits | None = None) -> LoadedFile:
    limits = limits or LoadLimits()
    deadline = Deadline(path, limits.deadline_s)
    text = _read_text(path, limits)
    deadline.check()
    title = path.stem.replace("-", " ").replace("_", " ")
    units: list[tuple[list[str], int | None, str, int]] = [([title], None, text, 0)]
    chunks = _chunks_from_units(path, title, None, units, target, limits, deadline)
    deadline.check()
    return LoadedFile(path, title, None, chunks)


def load_pdf(
    path: Path,
    target: int,
    extractor: PdfExtractor,
    on_pages: Callable[[int], None] | None = None,
    limits: LoadLimits | None = None,
    on_chunks: Callable[[list[Chunk]], None] | None = None,
) -> LoadedFile:
    """Chunks of every page with text; ``on_chunks`` gets them a page range at a time, in page
    order, as the workers finish (the file as a whole may still fail after that)."""
    limits = limits or LoadLimits()
    chunks: list[Chunk] = []
    title = path.stem

    def take_range(first_page: int, texts: list[str], doc_title: str) -> None:
        nonlocal title
        title = neutralise_controls(doc_title)
        units = [
            ([title], first_page + i, neutralise_controls(text), 0)
            for i, text in enumerate(texts)
            if text.strip()
        ]
        part = _chunks_from_units(path, title, None, units, target, limits)
        if len(chunks) + len(part) > limits.max_chunks:
            raise exc.TooManyChunksError(
                str(path),
                f"{path.name} makes more than {limits.max_chunks:,} chunks.",
                "Split the file, or raise TUTOR_MAX_CHUNKS_PER_FILE.",
            )
        chunks.extend(part)
        if on_pages:
            on_pages(len(texts))
        if on_chunks and part:
            on_chunks(part)

    n_pages = extractor.extract(path, take_range)
    return LoadedFile(path, title, None, chunks, pages=n_pages)


def load_file(
    path: Path,
    target: int,
    max_mb: float,
    extractor: PdfExtractor,
    on_pages: Callable[[int], None] | None = None,
    limits: LoadLimits | None = None,
    on_chunks: Callable[[list[Chunk]], None] | None = None,
) -> LoadedFile:
    """Load any supported file or raise the IngestError that says what is wrong with it.
    ``on_chunks`` sees a PDF's chunks early, a page range at a time (see ``load_pdf``)."""
    check_size(path, max_mb)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return load_pdf(path, target, extractor, on_pages, limits, on_chunks)
    if suffix in MARKDOWN_SUFFIXES:
        return load_markdown(path, target, limits)
    if suffix in TEXT_SUFFIXES:
        return load_text(path, target, limits)
    raise exc.UnsupportedFileError(
        str(path),
        f"{path.name}: '{suffix or 'no extension'}' files are not supported.",
        "Add Markdown (.md), plain text (.txt) or PDF (.pdf) files.",
    )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
