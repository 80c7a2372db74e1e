"""Helpers shared by the index tests: a data dir's settings, folders of small files, stray
chunks no file lists, an ingest that indexes and one that is killed before its manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.index.ingest import ingest
from tutor.index.manifest import Manifest
from tutor.index.store import InMemoryStore
from tutor.models import Chunk
from tutor.settings import Settings


def index_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", workers=1)


def folder_of(root: Path, files: dict[str, str]) -> Path:
    """``root`` holding ``files`` (name -> text); names may contain sub-folders."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def stray_chunks(n: int) -> list[Chunk]:
    """Chunks of a file no manifest lists (leftovers, or another writer's)."""
    return [
        Chunk(id=f"stray{i}", text=f"Stray text {i}.", source="gone.md", source_path="/gone.md",
              title="Gone", section_path=["Gone"], start=i, end=i + 1)
        for i in range(n)
    ]  # fmt: skip


def indexed_store(lessons: Path, settings: Settings, embedder) -> InMemoryStore:
    """A new store with ``lessons`` ingested."""
    store = InMemoryStore()
    ingest([lessons], settings=settings, store=store, embedder=embedder)
    return store


def indexed_with_strays(lessons: Path, settings: Settings, embedder, strays: int) -> InMemoryStore:
    """A store holding ``lessons`` (ingested) and ``strays`` stray chunks besides."""
    store = indexed_store(lessons, settings, embedder)
    extra = stray_chunks(strays)
    store.upsert(extra, embedder.embed_documents([c.text for c in extra]))
    return store


def ingest_killed_before_the_manifest(
    lessons: Path, settings: Settings, embedder, monkeypatch: pytest.MonkeyPatch
) -> InMemoryStore:
    """Ingest ``lessons`` into a new store, killed when it comes to write the manifest."""
    store = InMemoryStore()

    def killed(self: Manifest, path: Path) -> None:
        raise KeyboardInterrupt("killed before the manifest was written")

    with monkeypatch.context() as m:
        m.setattr(Manifest, "save", killed)
        with pytest.raises(KeyboardInterrupt):
            ingest([lessons], settings=settings, store=store, embedder=embedder)
    return store
