"""Issue 17: files are searchable by keyword as soon as they are read; vectors follow.

The ingest stages each file's chunks before a background thread embeds them. These tests hold
the embedding stage back (or break it) and check what a learner can find meanwhile, that an
answer says the index is still being built, that nothing is lost when the second stage dies,
and that the dense index is given only the text meaning search helps with.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from index_fixtures import folder_of, index_settings
from pdf_fixtures import make_pdf

import tutor.index.ingest as ingest_mod
from tutor.index.dense_text import content_mix, dense_text
from tutor.index.ingest import IngestProgress, ingest
from tutor.index.loaders import load_pdf
from tutor.index.manifest import Manifest
from tutor.index.pdf import PdfExtractor
from tutor.index.semantic_stage import SemanticStage
from tutor.index.staging import StagedChunks
from tutor.index.stats import index_stats
from tutor.index.store import ChromaStore, InMemoryStore
from tutor.models import Chunk
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

LESSON = (
    "---\nmodule: 3\ntitle: Training\n---\n# Training\n\n## Managed Spot Training\n\n"
    "Managed Spot Training uses spare capacity and checkpoints to cut the cost of training jobs.\n"
)


class HeldEmbedder:
    """Embeds only once released: the semantic stage waits while the test looks around."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.started = threading.Event()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.started.set()
        assert self.release.wait(30), "the test never released the embedder"
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class BrokenEmbedder:
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("model crashed")

    def embed_query(self, text: str) -> list[float]:
        raise RuntimeError("model crashed")


def chunk(text: str, label: list[str] | None = None, cid: str = "c1") -> Chunk:
    return Chunk(
        id=cid, text=text, source="a.md", source_path="/a.md", title="A", section_path=label or ["A", "B"],
        start=0, end=len(text),
    )  # fmt: skip


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return index_settings(tmp_path)


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    return folder_of(tmp_path / "lessons", {"03-training.md": LESSON})


# --------------------------------------------------------------------------- searchable first
def test_a_file_is_found_by_keyword_while_its_vectors_are_still_being_computed(
    lesson_dir: Path, settings: Settings, fake_embedder
) -> None:
    store = InMemoryStore()
    held = HeldEmbedder(fake_embedder)
    seen: list[tuple[int, int]] = []

    class Progress(IngestProgress):
        def embedded(self, n: int, total: int) -> None:
            seen.append((n, total))

    run = threading.Thread(
        target=ingest, args=([lesson_dir],), kwargs={"settings": settings, "store": store, "embedder": held,
                                                     "progress": Progress()},
    )  # fmt: skip
    run.start()
    try:
        assert held.started.wait(30)
        retriever = Retriever(settings, store=store, embedder=fake_embedder)
        hits = retriever.search("spare capacity checkpoints", k=3)
        assert hits and "Managed Spot Training" in hits[0].text
        assert hits[0].similarity is None, "found by BM25 alone: it has no vector yet"
        notice = retriever.indexing_notice()
        assert notice and "semantic index is 0% built" in notice
    finally:
        held.release.set()
        run.join(30)
    assert store.staged_count() == 0
    assert Retriever(settings, store=store, embedder=fake_embedder).indexing_notice() is None
    assert seen[-1][0] == seen[-1][1] > 0, "the semantic index reached 100%"


def test_when_the_embedding_stage_fails_the_files_stay_searchable_and_the_next_run_finishes(
    lesson_dir: Path, settings: Settings, fake_embedder
) -> None:
    with pytest.raises(RuntimeError, match="model crashed"):
        ingest([lesson_dir], settings=settings, embedder=BrokenEmbedder())
    store = ChromaStore(settings)
    assert store.staged_count() > 0
    assert len(Manifest.load(settings.manifest_path).files) == 1
    assert index_stats(settings, store).awaiting_vectors == store.staged_count()
    found = Retriever(settings, store=store, embedder=fake_embedder).search("spare capacity", k=1)
    assert found and "Spot" in found[0].text

    report = ingest([lesson_dir], settings=settings, store=store, embedder=fake_embedder)
    assert report.unchanged == 1 and not report.ingested  # not read again
    assert report.chunks_embedded > 0 and store.staged_count() == 0
    assert store.query(fake_embedder.embed_query("spare capacity checkpoints"), 1)


def test_a_damaged_staging_file_is_set_aside_and_its_files_are_read_again(
    lesson_dir: Path, settings: Settings, fake_embedder
) -> None:
    with pytest.raises(RuntimeError):
        ingest([lesson_dir], settings=settings, embedder=BrokenEmbedder())
    settings.staged_path.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        settings.staged_path.with_name(settings.staged_path.name + extra).unlink(missing_ok=True)

    report = ingest([lesson_dir], settings=settings, embedder=fake_embedder)
    assert report.ok and report.ingested, "its chunks were lost, so the file is read again"
    assert list(settings.data_dir.glob("*.damaged-*")), "the damaged file is kept aside, not deleted"
    assert ChromaStore(settings).staged_count() == 0


def test_staged_chunks_survive_a_new_process_and_are_returned_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "staged.sqlite3"
    first = StagedChunks(path)
    first.stage([chunk("one", cid="a"), chunk("two", cid="b")])
    first.stage([chunk("three", cid="c")])
    again = StagedChunks(path)  # as another process would open it
    assert [c.id for c in again.oldest(2)] == ["a", "b"]
    again.remove(["a"])
    assert first.count() == 2 and first.ids() == {"b", "c"}


# --------------------------------------------------------------------------- PDF ranges
def test_a_pdf_hands_on_its_chunks_a_page_range_at_a_time(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "big.pdf", [f"Page {i} talks about endpoint number {i}." for i in range(1, 41)])
    ranges: list[list[int]] = []
    with PdfExtractor(2, 60, 100) as extractor:
        loaded = load_pdf(pdf, 1000, extractor, on_chunks=lambda cs: ranges.append([c.page for c in cs]))
    assert len(ranges) > 1, "more than one range"
    pages = [p for r in ranges for p in r]
    assert pages == sorted(pages) == list(range(1, 41))
    assert [c.page for c in loaded.chunks] == pages


def _refused_midway(tmp_path: Path, settings: Settings) -> tuple[Path, Settings]:
    """A folder with a 40-page PDF, and settings that refuse it after 25 chunks (its first
    pages are staged by then)."""
    (tmp_path / "docs").mkdir()
    make_pdf(tmp_path / "docs" / "big.pdf", [f"Page {i} about endpoints." for i in range(1, 41)])
    return tmp_path / "docs", settings.model_copy(update={"max_chunks_per_file": 25})


def test_a_pdf_refused_midway_takes_back_the_pages_it_staged(
    tmp_path: Path, settings: Settings, fake_embedder
) -> None:
    docs, limited = _refused_midway(tmp_path, settings)
    store = InMemoryStore()
    report = ingest([docs], settings=limited, store=store, embedder=fake_embedder)
    assert [f.kind for f in report.failed] == ["too-many-chunks"]
    assert store.count() == 0 and store.staged_count() == 0


class _StagingWaitsForTheEmbedder(InMemoryStore):
    """After its first pages are staged, reading waits until a thread is embedding them; the
    embedder (a ``HeldEmbedder``) is released only once the refused file's chunks are deleted:
    the order in which a refused PDF used to leave its first pages in the index."""

    def __init__(self, embedder: HeldEmbedder) -> None:
        super().__init__()
        self.embedder = embedder
        self.stagings = 0

    def stage(self, chunks: list[Chunk]) -> None:
        super().stage(chunks)
        self.stagings += 1
        if self.stagings == 2:
            assert self.embedder.started.wait(30), "no thread took the first pages"

    def delete(self, ids) -> None:
        super().delete(ids)
        self.embedder.release.set()


def test_pages_being_embedded_when_a_pdf_is_refused_are_not_stored_after_it(
    tmp_path: Path, settings: Settings, fake_embedder
) -> None:
    docs, limited = _refused_midway(tmp_path, settings)
    held = HeldEmbedder(fake_embedder)
    store = _StagingWaitsForTheEmbedder(held)
    report = ingest([docs], settings=limited, store=store, embedder=held)
    assert held.started.is_set() and store.stagings >= 2, "a thread was embedding when the file was refused"
    assert [f.kind for f in report.failed] == ["too-many-chunks"]
    assert store.count() == 0 and store.staged_count() == 0


# --------------------------------------------------------------------------- what is embedded
def test_code_tables_and_json_are_left_out_of_the_embedded_text() -> None:
    text = (
        "Use the SDK to look up the image of a framework for your Region.\n"
        "```\nfrom sagemaker import image_uris\nimage_uris.retrieve(framework='xgboost')\n```\n"
        "| Registry path | Version |\n| --- | --- |\n| 123.dkr.ecr.aws/xgb | 1.7 |\n"
        '{\n"Key": "value",\n}\n'
        "The registry path differs by Region, so copy the one for yours."
    )
    embedded = dense_text(chunk(text, ["Docker Registry Paths", "XGBoost"]))
    assert embedded.startswith("Docker Registry Paths > XGBoost\n")
    assert "look up the image" in embedded and "differs by Region" in embedded
    for left_out in ("image_uris", "dkr.ecr", "| Version |", '"Key"'):
        assert left_out not in embedded


def test_a_chunk_of_only_a_table_is_embedded_by_its_heading_and_prose_stays_whole() -> None:
    table = "| Symbol | Value |\n| --- | --- |\n| x | The x coordinate |\n| y | The y coordinate |"
    assert dense_text(chunk(table, ["Point cloud formats"])) == "Point cloud formats"
    short = chunk("Model Monitor raises alerts.", ["Monitoring"])
    assert dense_text(short) == short.embedding_text()


def test_content_mix_counts_kinds_headings_and_repeats() -> None:
    table = "| a | b |\n| --- | --- |\n| 1 | 2 |"
    chunks = [
        chunk("Prose that explains a feature in a sentence or two, long enough to matter here.", cid="p"),
        chunk(table, ["T"], cid="t1"),
        chunk(table.replace("1", "3"), ["T"], cid="t2"),
    ]
    mix = content_mix(chunks)
    assert mix.chunks == 3 and mix.heading_only == 2 and mix.repeated == 1 and mix.dense_texts == 2
    assert mix.characters["table"] > 0 and mix.characters["prose"] > 0
    assert mix.dense_characters < mix.full_characters


def test_identical_texts_are_embedded_once(lesson_dir: Path, settings: Settings, fake_embedder) -> None:
    for name in ("a.md", "b.md"):  # the same text in two files: two chunks, one vector computed
        (lesson_dir / name).write_text(
            "# Same\n\nThe very same paragraph appears in two pages.\n", encoding="utf-8"
        )
    report = ingest([lesson_dir], settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    assert report.chunks_embedded == 3 and report.texts_embedded == 2


class _ThreadRecordingEmbedder:
    """The hashing embedder, slowed a little, noting which stage thread called it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.callers: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.callers.append(threading.current_thread().name)
        time.sleep(0.05)  # long enough that the other thread takes its own batch meanwhile
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_one_thread_embeds_while_pdf_pages_are_extracted_and_all_of_them_after(fake_embedder) -> None:
    store = InMemoryStore()
    torch_threads: list[int] = []
    model = _ThreadRecordingEmbedder(fake_embedder)
    stage = SemanticStage(store, lambda: model, per_call=512, threads=2, set_threads=torch_threads.append)
    stage.extracting.set()
    stage.start()
    store.stage([chunk(f"Passage number {i} about endpoints.", cid=f"c{i}") for i in range(100)])
    stage.more_staged()
    deadline = time.monotonic() + 10
    while store.staged_count() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.staged_count() == 0
    assert set(model.callers) == {"tutor-semantic-index-0"}, "while extracting: one thread embeds"
    assert torch_threads == [1], "each stage thread computes with one torch thread"
    model.callers.clear()
    stage.extracting.clear()
    store.stage([chunk(f"Passage {i} after extraction.", cid=f"late{i}") for i in range(200)])
    stage.more_staged()
    stage.reading_done()
    stage.wait(lambda n, total: None)
    stage.stop()
    assert store.staged_count() == 0 and stage.chunks_done == 300
    assert set(model.callers) == {"tutor-semantic-index-0", "tutor-semantic-index-1"}, "both threads"
    assert torch_threads == [1, 2], "all threads again for what this process computes next"


def test_stage_threads_never_embed_the_same_chunk_twice(fake_embedder) -> None:
    store = InMemoryStore()
    embedded: list[str] = []
    lock = threading.Lock()

    class Counting:
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            with lock:
                embedded.extend(texts)
            time.sleep(0.01)
            return fake_embedder.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return fake_embedder.embed_query(text)

    stage = SemanticStage(store, Counting, per_call=40, threads=3)
    started = time.perf_counter()
    stage.start()
    for part in range(5):
        store.stage([chunk(f"Passage {part}-{i} of the guide.", cid=f"p{part}-{i}") for i in range(60)])
        stage.more_staged()
    stage.reading_done()
    stage.wait(lambda n, total: None)
    assert store.staged_count() == 0 and stage.chunks_done == 300
    assert len(embedded) == len(set(embedded)) == 300
    calls = -(-300 // 40)  # at least this many calls of 10 ms each, some of them at once
    assert 0.01 * calls / 3 <= stage.embedding_seconds <= time.perf_counter() - started, "busy wall time"


def test_ingest_marks_pdf_extraction_for_the_semantic_stage(
    tmp_path: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    make_pdf(tmp_path / "docs" / "a.pdf", ["Page one is about endpoints.", "Page two is about models."])
    (tmp_path / "docs" / "b.md").write_text("# B\n\nMarkdown is read in this process.\n", encoding="utf-8")
    during: dict[str, bool] = {}
    real_load = ingest_mod.load_file
    stages: list[SemanticStage] = []

    class Recording(SemanticStage):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            stages.append(self)

    def load(path: Path, *args, **kwargs):
        during[path.name] = stages[0].extracting.is_set()
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(ingest_mod, "SemanticStage", Recording)
    monkeypatch.setattr(ingest_mod, "load_file", load)
    report = ingest([tmp_path / "docs"], settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    assert report.ok
    assert during == {"a.pdf": True, "b.md": False}
    assert not stages[0].extracting.is_set()


def test_a_table_row_that_describes_something_is_kept_as_prose() -> None:
    table = (
        "| Parameter name | Description |\n| --- | --- |\n"
        "| scale_pos_weight | Controls the balance of positive and negative weights, useful for unbalanced classes. |\n"
        "| 355873309152.dkr.ecr.aws/xgb | 1.7 |"
    )
    embedded = dense_text(chunk(table, ["XGBoost Hyperparameters"]))
    assert "scale_pos_weight; Controls the balance of positive and negative weights" in embedded
    assert "dkr.ecr" not in embedded and "---" not in embedded
