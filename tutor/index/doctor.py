"""`tutor doctor`: compare the store with the manifest and repair the manifest.

Repairing never deletes a chunk: chunks no entry lists are adopted from their metadata,
and ids of chunks the store no longer holds are dropped from the manifest (their files are
read again at the next ingest). Deleting is left to `tutor ingest --prune`.
"""

from __future__ import annotations

from pydantic import BaseModel

from tutor.index.health import IndexHealth, adopt_chunks, check_index, chunks_with_ids, forget_missing
from tutor.index.ingest import writing_index
from tutor.index.manifest import Manifest
from tutor.index.store import VectorStore, open_store
from tutor.settings import Settings, get_settings


class DoctorReport(BaseModel):
    before: IndexHealth
    after: IndexHealth | None = None
    """Set when a repair ran."""
    adopted: int = 0
    forgotten: int = 0


def diagnose(settings: Settings | None = None, store: VectorStore | None = None) -> IndexHealth:
    settings = settings or get_settings()
    store = store if store is not None else open_store(settings)
    manifest, state = Manifest.load_checked(settings.manifest_path)
    return check_index(manifest, state, store, shared=bool(settings.chroma_url))


def repair(settings: Settings | None = None, store: VectorStore | None = None) -> DoctorReport:
    """Make the manifest list exactly what the store holds (under the index lock)."""
    settings = settings or get_settings()
    with writing_index(settings):
        store = store if store is not None else open_store(settings)
        manifest, state = Manifest.load_checked(settings.manifest_path)
        shared = bool(settings.chroma_url)
        before = check_index(manifest, state, store, shared=shared)
        report = DoctorReport(before=before)
        if before.ok:
            return report
        store_ids = store.all_ids()
        report.forgotten = forget_missing(manifest, store_ids)
        # On a shared server, unlisted chunks may be other writers': never take them over.
        unlisted = set() if shared else store_ids - manifest.known_ids()
        report.adopted = adopt_chunks(manifest, chunks_with_ids(store, unlisted)) if unlisted else 0
        manifest.generation += 1
        manifest.save(settings.manifest_path)
        after_manifest, after_state = Manifest.load_checked(settings.manifest_path)
        report.after = check_index(after_manifest, after_state, store, shared=shared)
        return report
