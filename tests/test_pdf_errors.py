"""PDF ingestion: page numbers on chunks, one specific error per bad file, caps on pages and time.

Most cases use tiny PDFs written here (no ../shared needed); the shared bad-*.pdf files and the
32-page guide excerpt are checked too when ../shared is present. The 1,186-page PDF is never
ingested here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdf_fixtures import make_pdf
from pypdf import PdfReader, PdfWriter

from tutor.index.ingest import IngestReport, ingest
from tutor.index.manifest import Manifest
from tutor.index.store import InMemoryStore
from tutor.markdown import clean_inline
from tutor.settings import Settings

PAGES = [
    "Feature Store keeps features consistent.\nIt has an online store and an offline store.",
    "Model Monitor watches endpoints in production.\nIt detects data drift and quality drift.",
    "Clarify reports bias before and after training.\nIt explains predictions with SHAP values.",
]


def rewrite(src: Path, dst: Path, **encrypt: Any) -> Path:
    writer = PdfWriter(clone_from=src)
    if encrypt:
        writer.encrypt(algorithm="AES-256", **encrypt)
    writer.write(dst)
    return dst


def store_sources(store: InMemoryStore) -> set[str]:
    return {c.source for c in store.all_chunks()}


def failure_by_name(report: IngestReport) -> dict[str, Any]:
    return {Path(f.path).name: f for f in report.failed}


# --------------------------------------------------------------------------- tiny PDFs
@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("pdfs")
    good = make_pdf(d / "good.pdf", PAGES)
    rewrite(good, d / "encrypted.pdf", user_password="secret")
    rewrite(good, d / "owner-only.pdf", user_password="", owner_password="owner")
    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    blank.add_blank_page(612, 792)
    blank.write(d / "scanned.pdf")
    (d / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (d / "truncated.pdf").write_bytes(good.read_bytes()[:300])
    (d / "renamed.pdf").write_text("These are notes saved as text, not a PDF.\n", encoding="utf-8")
    (d / "zero.pdf").write_bytes(b"")
    (d / "notes.md").write_text("# Notes\n\nA Markdown file in the same run as the PDFs.\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def pdf_run(
    pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[IngestReport, InMemoryStore, Settings]:
    from conftest import HashingEmbedder

    settings = Settings(data_dir=tmp_path_factory.mktemp("pdf-run-data"), workers=2)
    store = InMemoryStore()
    report = ingest([pdf_dir], settings=settings, store=store, embedder=HashingEmbedder())
    return report, store, settings


BAD_TINY = [
    ("encrypted.pdf", "password-protected", "is password-protected", "qpdf --decrypt"),
    ("garbage.pdf", "damaged", "is damaged or truncated", "qpdf --check"),
    ("truncated.pdf", "damaged", "is damaged or truncated", "qpdf --check"),
    ("scanned.pdf", "no-text", "has no extractable text", "OCR"),
    ("renamed.pdf", "not-a-pdf", "is not a PDF", "save text as .txt or .md"),
    ("zero.pdf", "empty", "is empty", "Export or download it again"),
]


@pytest.mark.parametrize(("name", "kind", "message", "hint"), BAD_TINY)
def test_each_bad_pdf_gets_its_own_error_and_nothing_of_it_is_indexed(
    pdf_run: tuple[IngestReport, InMemoryStore, Settings], name: str, kind: str, message: str, hint: str
) -> None:
    report, store, settings = pdf_run
    failure = failure_by_name(report)[name]
    assert failure.kind == kind
    assert failure.message.startswith(name) and message in failure.message
    assert failure.hint and hint in failure.hint
    assert name not in store_sources(store)
    assert not any(Path(k).name == name for k in Manifest.load(settings.manifest_path).files)


def test_the_good_files_of_a_run_with_bad_pdfs_are_indexed(
    pdf_run: tuple[IngestReport, InMemoryStore, Settings],
) -> None:
    report, store, _ = pdf_run
    assert set(failure_by_name(report)) == {name for name, *_ in BAD_TINY}
    assert not report.ok
    assert sorted(Path(p).name for p in report.ingested) == ["good.pdf", "notes.md", "owner-only.pdf"]
    assert store_sources(store) == {"good.pdf", "notes.md", "owner-only.pdf"}
    assert report.pages == 6


def test_a_pdf_with_only_an_owner_password_opens_without_one(
    pdf_run: tuple[IngestReport, InMemoryStore, Settings],
) -> None:
    _, store, _ = pdf_run
    texts = " ".join(c.text for c in store.all_chunks() if c.source == "owner-only.pdf")
    assert "Model Monitor" in texts


def test_pdf_chunks_carry_page_numbers_and_exact_page_spans(
    pdf_run: tuple[IngestReport, InMemoryStore, Settings], pdf_dir: Path
) -> None:
    _, store, _ = pdf_run
    chunks = [c for c in store.all_chunks() if c.source == "good.pdf"]
    assert {c.page for c in chunks} == {1, 2, 3}
    page_texts = [p.extract_text() for p in PdfReader(pdf_dir / "good.pdf").pages]
    for c in chunks:
        assert c.title == "good"
        assert c.section_path == ["good"]
        assert c.module is None
        assert c.source_path == str((pdf_dir / "good.pdf").resolve())
        assert clean_inline(page_texts[c.page - 1][c.start : c.end]).strip() == c.text
    drift = next(c for c in chunks if "data drift" in c.text)
    assert drift.page == 2


def test_pages_without_text_are_skipped_but_counted(tmp_path: Path, fake_embedder) -> None:
    pdf = make_pdf(tmp_path / "gap.pdf", [PAGES[0], "", PAGES[2]])
    writer = PdfWriter(clone_from=pdf)
    writer.add_metadata({"/Title": "Services Guide"})
    writer.write(pdf)
    store = InMemoryStore()
    report = ingest([pdf], settings=Settings(data_dir=tmp_path / "d", workers=1), store=store,
                    embedder=fake_embedder)  # fmt: skip
    assert report.ok and report.pages == 3
    assert {c.page for c in store.all_chunks()} == {1, 3}
    assert {c.title for c in store.all_chunks()} == {"Services Guide"}
    assert Manifest.load(Settings(data_dir=tmp_path / "d").manifest_path).files[str(pdf.resolve())].pages == 3


def _capped_run(tmp_path: Path, fake_embedder, name: str, **caps: Any) -> tuple[Any, InMemoryStore]:
    """A three-page PDF and a note ingested under ``caps``: (the PDF's one failure, the store)."""
    pdf = make_pdf(tmp_path / name, PAGES)
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nIndexed in the same run.\n", encoding="utf-8")
    store = InMemoryStore()
    settings = Settings(data_dir=tmp_path / "d", workers=1, **caps)
    report = ingest([pdf, note], settings=settings, store=store, embedder=fake_embedder)
    [failure] = report.failed
    return failure, store


def test_page_cap(tmp_path: Path, fake_embedder) -> None:
    failure, store = _capped_run(tmp_path, fake_embedder, "three.pdf", max_pages=2)
    assert failure.kind == "too-many-pages"
    assert failure.message == "three.pdf has 3 pages; the limit is 2."
    assert failure.hint and "TUTOR_MAX_PAGES" in failure.hint
    assert store_sources(store) == {"note.md"}


def test_extraction_timeout(tmp_path: Path, fake_embedder) -> None:
    failure, store = _capped_run(tmp_path, fake_embedder, "slow.pdf", extract_timeout_s=0.001)
    assert failure.kind == "timeout"
    assert "slow.pdf" in failure.message and "longer than 0.001 s" in failure.message
    assert failure.hint and "TUTOR_EXTRACT_TIMEOUT_S" in failure.hint
    assert store_sources(store) == {"note.md"}


# --------------------------------------------------------------------------- ../shared/pdfs
@pytest.fixture(scope="module")
def _shared_cache() -> dict[str, Any]:
    return {}


@pytest.fixture
def shared_run(
    shared: Path, _shared_cache: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> tuple[IngestReport, InMemoryStore]:
    """One ingest of every shared bad PDF plus the 32-page excerpt (run once per module)."""
    if "run" not in _shared_cache:
        from conftest import HashingEmbedder

        pdfs = shared / "pdfs"
        files = [*sorted(pdfs.glob("bad-*.pdf")), pdfs / "sagemaker-guide-excerpt.pdf"]
        assert len(files) == 6
        settings = Settings(data_dir=tmp_path_factory.mktemp("shared-run"), workers=2)
        store = InMemoryStore()
        report = ingest(files, settings=settings, store=store, embedder=HashingEmbedder())
        _shared_cache["run"] = (report, store)
    return _shared_cache["run"]


BAD_SHARED = [
    ("bad-encrypted.pdf", "password-protected", "is password-protected"),
    ("bad-truncated.pdf", "damaged", "is damaged or truncated"),
    ("bad-empty.pdf", "empty", "is empty"),
    ("bad-not-a-pdf.pdf", "not-a-pdf", "is not a PDF"),
    ("bad-scanned-no-text.pdf", "no-text", "has no extractable text"),
]


@pytest.mark.parametrize(("name", "kind", "message"), BAD_SHARED)
def test_shared_bad_pdfs_each_get_a_specific_error(
    shared_run: tuple[IngestReport, InMemoryStore], name: str, kind: str, message: str
) -> None:
    report, store = shared_run
    failure = failure_by_name(report)[name]
    assert failure.kind == kind
    assert name in failure.message and message in failure.message
    assert failure.hint
    assert name not in store_sources(store)


def test_shared_excerpt_is_indexed_with_page_numbers(
    shared_run: tuple[IngestReport, InMemoryStore], shared: Path
) -> None:
    report, store = shared_run
    assert len(report.failed) == 5
    assert [Path(p).name for p in report.ingested] == ["sagemaker-guide-excerpt.pdf"]
    assert report.pages == 32
    chunks = [c for c in store.all_chunks() if c.source == "sagemaker-guide-excerpt.pdf"]
    assert store.count() == len(chunks) > 32
    pages = {c.page for c in chunks}
    assert pages <= set(range(1, 33)) and len(pages) >= 28
    assert all(c.page is not None for c in chunks)
    reader = PdfReader(shared / "pdfs" / "sagemaker-guide-excerpt.pdf")
    for page in (1, 16, 32):
        text = reader.pages[page - 1].extract_text()
        on_page = [c for c in chunks if c.page == page]
        assert on_page, f"no chunk on page {page}"
        for c in on_page:
            assert clean_inline(text[c.start : c.end]).strip() == c.text


def test_shared_excerpt_page_cap(shared: Path, tmp_path: Path, fake_embedder) -> None:
    pdf = shared / "pdfs" / "sagemaker-guide-excerpt.pdf"
    store = InMemoryStore()
    report = ingest([pdf], settings=Settings(data_dir=tmp_path / "d", max_pages=5, workers=1), store=store,
                    embedder=fake_embedder)  # fmt: skip
    [failure] = report.failed
    assert failure.kind == "too-many-pages"
    assert "has 32 pages; the limit is 5" in failure.message
    assert store.count() == 0


def test_shared_excerpt_timeout(shared: Path, tmp_path: Path, fake_embedder) -> None:
    pdf = shared / "pdfs" / "sagemaker-guide-excerpt.pdf"
    store = InMemoryStore()
    report = ingest([pdf], settings=Settings(data_dir=tmp_path / "d", extract_timeout_s=0.001, workers=1),
                    store=store, embedder=fake_embedder)  # fmt: skip
    [failure] = report.failed
    assert failure.kind == "timeout"
    assert "took longer than 0.001 s and was stopped" in failure.message
    assert store.count() == 0
    assert not Manifest.load(Settings(data_dir=tmp_path / "d").manifest_path).files


def test_shared_size_cap(shared: Path, tmp_path: Path, fake_embedder) -> None:
    pdf = shared / "pdfs" / "sagemaker-guide-excerpt.pdf"
    report = ingest([pdf], settings=Settings(data_dir=tmp_path / "d", max_file_mb=0.001),
                    store=InMemoryStore(), embedder=fake_embedder)  # fmt: skip
    [failure] = report.failed
    assert failure.kind == "too-large"
    assert "0.5 MB is over the 0.001 MB limit" in failure.message
