"""Where an uploaded file is saved: never over another upload with the same name."""

from __future__ import annotations

import hashlib
from pathlib import Path

MAX_SAME_NAME = 1000
"""Uploads kept under one file name ("notes.md", "notes-2.md", ...) before refusing more."""


def upload_path(folder: Path, name: str, data: bytes) -> Path:
    """``folder/name``, or ``folder/stem-N.suffix`` when a different file already has that
    name. The same content uploaded again under the same name reuses its file (ingest then
    sees it unchanged). ``name`` must already be a safe file name."""
    digest = hashlib.sha256(data).digest()
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1, MAX_SAME_NAME + 1):
        candidate = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
        if not candidate.exists() or hashlib.sha256(candidate.read_bytes()).digest() == digest:
            return candidate
    raise FileExistsError(f"{MAX_SAME_NAME} uploads are already named like {name}")
