"""What is indexed, by source and by module (read from the manifest: no model needed), and
whether the store agrees with the manifest."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from tutor.exceptions import StoreUnavailableError
from tutor.index.health import IndexHealth, check_index
from tutor.index.manifest import Manifest
from tutor.index.staging import semantic_share
from tutor.index.store import VectorStore, open_store
from tutor.settings import Settings, get_settings


class SourceStats(BaseModel):
    path: str
    source: str
    title: str
    module: int | None
    pages: int
    chunks: int
    ingested_at: str
    bundled: bool


class IndexStats(BaseModel):
    files: int
    chunks: int
    pages: int
    by_module: dict[str, int]
    sources: list[SourceStats]
    data_dir: str
    store: str
    health: IndexHealth | None = None
    """Store and manifest compared; None when the store could not be opened."""
    awaiting_vectors: int = 0
    """Chunks searchable by keyword whose vectors an ingest has not computed yet."""

    @property
    def semantic_share(self) -> float:
        """How much of the library has its vectors (1.0 once no ingest is running)."""
        return semantic_share(self.awaiting_vectors, self.chunks)

    store_problem: str | None = None


def index_stats(settings: Settings | None = None, store: VectorStore | None = None) -> IndexStats:
    settings = settings or get_settings()
    manifest, state = Manifest.load_checked(settings.manifest_path)
    health, store_problem, awaiting = None, None, 0
    try:
        store = store if store is not None else open_store(settings)
        health = check_index(manifest, state, store, shared=bool(settings.chroma_url))
        awaiting = store.staged_count()
    except StoreUnavailableError as e:
        store_problem = str(e)
    corpus = settings.corpus_dir.resolve()
    sources = [
        SourceStats(
            path=path,
            source=Path(path).name,
            title=e.title,
            module=e.module,
            pages=e.pages,
            chunks=len(e.chunk_ids),
            ingested_at=e.ingested_at,
            bundled=Path(path).resolve().is_relative_to(corpus),
        )
        for path, e in sorted(
            manifest.files.items(), key=lambda kv: (kv[1].module is None, kv[1].module, kv[0])
        )
    ]
    by_module: dict[str, int] = {}
    for s in sources:
        key = "other" if s.module is None else str(s.module)
        by_module[key] = by_module.get(key, 0) + s.chunks
    return IndexStats(
        files=len(sources),
        chunks=sum(s.chunks for s in sources),
        pages=sum(s.pages for s in sources),
        by_module=by_module,
        sources=sources,
        data_dir=str(settings.data_dir),
        store=settings.chroma_url or str(settings.chroma_dir),
        health=health,
        store_problem=store_problem,
        awaiting_vectors=awaiting,
    )
