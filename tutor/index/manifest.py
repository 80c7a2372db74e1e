"""What is in the index: one entry per ingested file, written atomically.

The manifest says "is this file already indexed?". It is written to a temporary file and
renamed, and the copy it replaces is kept as ``<name>.prev``. When neither can be read the
manifest is rebuilt from the chunk metadata in the store (see ``tutor.index_health``): it is
never a reason to delete chunks.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

MANIFEST_VERSION = 1


class ManifestState(BaseModel):
    """How the manifest was read: what ``Manifest.load_checked`` found on disk."""

    source: str = "file"
    """file: the manifest itself; previous: its previous copy; new: neither exists;
    unreadable: a file exists but neither it nor a previous copy could be read."""
    problem: str | None = None
    """What was wrong, in words, when ``source`` is not "file" or "new"."""

    @property
    def trusted(self) -> bool:
        """Whether the manifest can be taken as the full list of what the store holds."""
        return self.source == "file"


class FileEntry(BaseModel):
    sha256: str
    size: int
    title: str
    module: int | None = None
    pages: int = 0
    chunk_ids: list[str]
    recovered: bool = False
    """Rebuilt from chunk metadata: the file's hash is unknown, so it is read again (and its
    chunks reconciled) the next time it is ingested."""
    ingested_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    embedding_model: str = ""
    chunker: str = ""
    generation: int = Field(default=0, description="Bumped on every change to the index.")
    files: dict[str, FileEntry] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest, else its previous copy, else an empty one (see ``load_checked``)."""
        return cls.load_checked(path)[0]

    @classmethod
    def load_checked(cls, path: Path) -> tuple[Manifest, ManifestState]:
        """The manifest and how it was found. Never raises for a damaged file: the state
        says what was wrong, so the caller can rebuild instead of trusting an empty list."""
        manifest, problem = _read(path)
        if manifest is not None:
            return manifest, ManifestState()
        previous, prev_problem = _read(previous_path(path))
        if previous is not None:
            what = problem or f"{path.name} is missing"
            return previous, ManifestState(
                source="previous",
                problem=f"{what}; using its previous copy (generation {previous.generation}).",
            )
        if problem is None and prev_problem is None:
            return cls(), ManifestState(source="new")
        return cls(), ManifestState(source="unreadable", problem=problem or prev_problem)

    def save(self, path: Path) -> None:
        """Write to a temporary file and rename, so a crash never leaves half a manifest; the
        copy it replaces (when readable) is kept as ``<name>.prev``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = None
        _write_atomic(path, json.dumps(self.model_dump(), indent=1).encode("utf-8"))
        if old is not None and _parses(old):
            # After the new manifest is in place: a crash in between loses only the older copy.
            _write_atomic(previous_path(path), old)

    def known_ids(self) -> set[str]:
        return {i for entry in self.files.values() for i in entry.chunk_ids}


def previous_path(path: Path) -> Path:
    return path.with_name(path.name + ".prev")


def _read(path: Path) -> tuple[Manifest | None, str | None]:
    """(manifest, None) | (None, None) when missing | (None, what is wrong)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as e:
        return None, f"{path.name} cannot be read ({e.strerror or e})"
    try:
        return Manifest.model_validate_json(raw), None
    except (ValidationError, ValueError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return None, f"{path.name} is damaged ({len(raw)} bytes; {first})"


def _parses(raw: bytes) -> bool:
    try:
        Manifest.model_validate_json(raw)
    except (ValidationError, ValueError):
        return False
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
