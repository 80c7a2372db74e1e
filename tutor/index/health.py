"""Do the store and the manifest agree? Reported by `tutor stats`, repaired by `tutor doctor`,
and reconciled by every ingest before it writes anything.

The rule: the manifest never decides alone that chunks should go. A manifest that is missing,
damaged or restored from its previous copy is completed from the chunk metadata in the
store ("adopted" chunks); only when the manifest was read intact may a few unlisted chunks
(leftovers of an interrupted run) be deleted, and more than a few only with ``--prune``.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field

from tutor.index.manifest import FileEntry, Manifest, ManifestState
from tutor.index.store import VectorStore
from tutor.models import Chunk


class IndexHealth(BaseModel):
    """Store and manifest compared."""

    manifest_source: str
    manifest_problem: str | None = None
    store_chunks: int
    listed_chunks: int
    unlisted: int = Field(description="Chunks in the store that no manifest entry lists.")
    missing: int = Field(description="Chunks the manifest lists that the store does not hold.")
    unlisted_sources: list[str] = Field(default_factory=list)
    missing_sources: list[str] = Field(default_factory=list)
    shared: bool = Field(
        default=False,
        description="A Chroma server other machines may write to: chunks this manifest does not "
        "list can be theirs, so they are reported but not counted as a fault.",
    )

    @property
    def ok(self) -> bool:
        unlisted = 0 if self.shared else self.unlisted
        return not unlisted and not self.missing and self.manifest_problem is None

    def summary(self) -> str:
        """One or two sentences for a terminal or the app."""
        if self.ok and not self.unlisted:
            return f"Store and manifest agree: {self.store_chunks} chunks."
        parts = []
        if self.manifest_problem:
            parts.append(f"Manifest: {self.manifest_problem}")
        if self.unlisted:
            parts.append(
                f"{self.unlisted} of the {self.store_chunks} chunks in the store are not in the manifest "
                f"({len(self.unlisted_sources)} files)"
                + (" (on a shared server they may be other writers')." if self.shared else ".")
            )
        if self.missing:
            parts.append(
                f"The manifest lists {self.missing} chunks the store does not hold "
                f"({len(self.missing_sources)} files)."
            )
        return " ".join(parts)


def check_index(
    manifest: Manifest, state: ManifestState, store: VectorStore, *, shared: bool = False
) -> IndexHealth:
    store_ids = store.all_ids()
    listed = manifest.known_ids()
    unlisted = store_ids - listed
    missing = listed - store_ids
    unlisted_sources = sorted({c.source_path for c in chunks_with_ids(store, unlisted)})
    missing_sources = sorted(k for k, e in manifest.files.items() if missing.intersection(e.chunk_ids))
    return IndexHealth(
        manifest_source=state.source,
        manifest_problem=state.problem,
        store_chunks=len(store_ids),
        listed_chunks=len(listed),
        unlisted=len(unlisted),
        missing=len(missing),
        unlisted_sources=unlisted_sources,
        missing_sources=missing_sources,
        shared=shared,
    )


_GET_AT_ONCE = 2000
"""Above this many ids, reading every chunk page by page beats one huge get()."""


def chunks_with_ids(store: VectorStore, ids: set[str]) -> list[Chunk]:
    if not ids:
        return []
    if len(ids) <= _GET_AT_ONCE:
        return store.get(sorted(ids))
    return [c for c in store.all_chunks() if c.id in ids]


def adopt_chunks(manifest: Manifest, chunks: list[Chunk]) -> int:
    """Add manifest entries for chunks no entry lists, rebuilt from their metadata (one entry
    per source file, marked ``recovered`` so the file is read again when next ingested).
    Returns how many chunks were adopted."""
    listed = manifest.known_ids()
    by_source: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        if chunk.id not in listed:
            by_source[chunk.source_path].append(chunk)
    adopted = 0
    for source, found in by_source.items():
        found.sort(key=lambda c: c.position)
        entry = manifest.files.get(source)
        if entry is not None:
            entry.chunk_ids = [*entry.chunk_ids, *(c.id for c in found)]
            entry.sha256, entry.recovered = "", True
        else:
            first = found[0]
            manifest.files[source] = FileEntry(
                sha256="",
                size=0,
                title=first.title,
                module=first.module,
                pages=max((c.page or 0 for c in found), default=0),
                chunk_ids=[c.id for c in found],
                recovered=True,
            )
        adopted += len(found)
    return adopted


def forget_missing(manifest: Manifest, store_ids: set[str]) -> int:
    """Drop from the manifest the chunk ids the store does not hold; an entry that lost some
    is marked for re-reading (its file is ingested again next time). Returns ids dropped."""
    dropped = 0
    for key in list(manifest.files):
        entry = manifest.files[key]
        kept = [i for i in entry.chunk_ids if i in store_ids]
        if len(kept) == len(entry.chunk_ids):
            continue
        dropped += len(entry.chunk_ids) - len(kept)
        if kept:
            entry.chunk_ids, entry.sha256, entry.recovered = kept, "", True
        else:
            del manifest.files[key]
    return dropped
