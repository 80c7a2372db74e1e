"""What is in the index: one entry per ingested file, written atomically.

The manifest is the source of truth for "is this file already indexed?". Chunks in the
store that no manifest entry lists are leftovers of an interrupted run and are removed.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

MANIFEST_VERSION = 1


class FileEntry(BaseModel):
    sha256: str
    size: int
    title: str
    module: int | None = None
    pages: int = 0
    chunk_ids: list[str]
    ingested_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    embedding_model: str = ""
    chunker: str = ""
    generation: int = Field(default=0, description="Bumped on every change to the index.")
    files: dict[str, FileEntry] = Field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        if not path.exists():
            return cls()
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            # An unreadable manifest only costs a re-ingest: every file is hashed again and
            # chunk ids are deterministic, so nothing is duplicated.
            return cls()

    def save(self, path: Path) -> None:
        """Write to a temporary file and rename, so a crash never leaves half a manifest."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(self.model_dump(), indent=1))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def known_ids(self) -> set[str]:
        return {i for entry in self.files.values() for i in entry.chunk_ids}
