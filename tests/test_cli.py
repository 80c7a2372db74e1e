"""`tutor ingest / search / stats / eval` through typer's CliRunner (and once through the real script).

The embedding model is replaced by the hashing embedder; the store is the real embedded Chroma in
the test's own TUTOR_DATA_DIR.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import tutor.cli
import tutor.index.ingest
import tutor.retrieval.retriever
import tutor.retrieval.search
from tutor.index.stats import index_stats
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

LESSONS = {
    "01-foundations.md": "---\nmodule: 1\ntitle: Foundations\n---\n# Foundations\n\n## SageMaker Studio\n\n"
    "Studio is the web IDE for machine learning. It hosts notebooks.\n",
    "02-data.md": "---\nmodule: 2\ntitle: Data Preparation\n---\n# Data Preparation\n\n## SageMaker Feature Store\n\n"
    "Feature Store keeps features consistent between training and inference.\n\n## SageMaker Data Wrangler\n\n"
    "Data Wrangler prepares data visually.\n",
    "notes/04-monitor.txt": "Model Monitor detects data drift on deployed endpoints. It raises alerts.",
}

Run = Callable[..., Result]


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare on normalised whitespace."""
    return " ".join(text.split())


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    for name, text in LESSONS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, fake_embedder) -> Run:
    """Invoke the CLI in-process with the hashing embedder instead of the real model."""
    monkeypatch.setattr(tutor.index.ingest, "load_bulk_embedder", lambda settings: fake_embedder)
    monkeypatch.setattr(tutor.retrieval.retriever, "load_embedder", lambda settings: fake_embedder)
    monkeypatch.setattr(tutor.retrieval.search, "_retrievers", {})
    runner = CliRunner()

    def run(*args: object) -> Result:
        return runner.invoke(tutor.cli.app, [str(a) for a in args])

    return run


def ingested(cli: Run, *args: object) -> dict:
    result = cli("ingest", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- ingest
def test_ingest_prints_a_summary_and_skips_unchanged_files_next_time(cli: Run, lessons: Path) -> None:
    result = cli("ingest", lessons)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Ingest finished in" in out
    assert "3 files (3 indexed, 0 unchanged, 0 failed), 0 pages" in out
    assert "chunks in the index" in out
    assert "new sentences for offline answers" in out

    again = cli("ingest", lessons)
    assert again.exit_code == 0
    assert "3 files (0 indexed, 3 unchanged, 0 failed)" in flat(again.stdout)
    assert "sentences" not in flat(again.stdout), "nothing new to embed"
    assert "+0/-0 chunks" in flat(again.stdout)


def test_ingest_json_report(cli: Run, lessons: Path) -> None:
    report = ingested(cli, lessons)
    assert report["files_seen"] == 3
    assert sorted(Path(p).name for p in report["ingested"]) == [
        "01-foundations.md",
        "02-data.md",
        "04-monitor.txt",
    ]
    assert report["failed"] == [] and report["pages"] == 0
    assert report["total_chunks"] == report["chunks_added"] >= 4
    assert report["seconds"] > 0


def test_ingest_without_paths_uses_the_configured_corpus(
    cli: Run, lessons: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(lessons))
    assert ingested(cli)["files_seen"] == 3


def assert_some_failed(result: Result, messages: list[str], summary: str) -> None:
    """An ingest that failed on some files: exit 1, each message on stderr, the summary on stdout."""
    assert result.exit_code == 1
    err = flat(result.stderr)
    for message in messages:
        assert message in err
    assert summary in flat(result.stdout)


def test_ingest_exits_1_when_some_files_fail_and_indexes_the_rest(cli: Run, lessons: Path) -> None:
    bad = lessons / "slides.docx"
    bad.write_bytes(b"PK\x03\x04 not a lesson")
    empty = lessons / "empty.md"
    empty.write_text("\n\n", encoding="utf-8")
    assert_some_failed(
        cli("ingest", lessons, bad, "--quiet"),
        [
            "✗ slides.docx: '.docx' files are not supported.",
            "Add Markdown (.md), plain text (.txt) or PDF (.pdf) files.",
            "✗ empty.md: the file holds only whitespace.",
        ],
        "5 files (3 indexed, 0 unchanged, 2 failed)",
    )

    stats = json.loads(cli("stats", "--json").stdout)
    assert sorted(s["source"] for s in stats["sources"]) == [
        "01-foundations.md",
        "02-data.md",
        "04-monitor.txt",
    ]


def test_ingest_json_lists_failures_and_still_exits_1(cli: Run, lessons: Path) -> None:
    (lessons / "bad.pdf").write_text("I am plain text with a .pdf name.\n", encoding="utf-8")
    result = cli("ingest", lessons, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [failure] = report["failed"]
    assert failure["kind"] == "not-a-pdf"
    assert failure["message"].startswith("bad.pdf is not a PDF")
    assert len(report["ingested"]) == 3


def test_ingest_shared_bad_pdfs_exit_1_with_one_message_each(cli: Run, lessons: Path, shared: Path) -> None:
    pdfs = shared / "pdfs"
    result = cli(
        "ingest", lessons, pdfs / "bad-encrypted.pdf", pdfs / "bad-not-a-pdf.pdf", pdfs / "bad-empty.pdf"
    )
    messages = [
        "bad-encrypted.pdf is password-protected.",
        "bad-not-a-pdf.pdf is not a PDF",
        "bad-empty.pdf: the file is empty (0 bytes).",
    ]
    assert_some_failed(result, messages, "6 files (3 indexed, 0 unchanged, 3 failed)")


def test_ingest_prune_through_the_cli(cli: Run, lessons: Path) -> None:
    ingested(cli, lessons)
    (lessons / "02-data.md").unlink()
    report = ingested(cli, lessons, "--prune")
    assert [Path(p).name for p in report["pruned"]] == ["02-data.md"]
    stats = json.loads(cli("stats", "--json").stdout)
    assert "02-data.md" not in {s["source"] for s in stats["sources"]}
    assert stats["chunks"] == report["total_chunks"]

    (lessons / "01-foundations.md").unlink()
    result = cli("ingest", lessons, "--prune")
    assert result.exit_code == 0
    assert "Pruned 1 files that no longer exist." in flat(result.stdout)


# --------------------------------------------------------------------------- search
def test_search_json_returns_typed_passages(cli: Run, lessons: Path) -> None:
    ingested(cli, lessons)
    result = cli("search", "How does Feature Store keep features consistent?", "--json")
    assert result.exit_code == 0, result.output
    passages = json.loads(result.stdout)
    assert 1 <= len(passages) <= 5
    top = passages[0]
    for key in ("id", "text", "source", "title", "module", "section_path", "page", "score"):
        assert key in top
    assert top["source"] == "02-data.md"
    assert top["module"] == 2
    assert top["section_path"] == ["Data Preparation", "SageMaker Feature Store"]
    assert top["page"] is None
    scores = [p["score"] for p in passages]
    assert scores == sorted(scores, reverse=True)


def test_search_k_and_module_options(cli: Run, lessons: Path) -> None:
    ingested(cli, lessons)
    two = json.loads(cli("search", "SageMaker data", "-k", "2", "--json").stdout)
    assert len(two) == 2
    mod = json.loads(cli("search", "data drift Feature Store", "--module", "1", "--json").stdout)
    assert mod and {p["module"] for p in mod} == {1}
    assert cli("search", "anything", "-k", "0").exit_code == 2  # outside 1..50


def test_search_text_output(cli: Run, lessons: Path) -> None:
    ingested(cli, lessons)
    result = cli("search", "Model Monitor data drift", "-k", "1")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert out.startswith("1. 04-monitor.txt")
    assert "04 monitor" in out  # the section label of a text file is its name
    assert "Model Monitor detects data drift" in out
    assert "(rrf " in out and "cos " in out


def test_search_refuses_an_empty_question(cli: Run) -> None:
    result = cli("search", "   ")
    assert result.exit_code == 2
    assert "Error: The question is empty." in flat(result.stderr)


@pytest.mark.parametrize("command", ["search", "ask"])
def test_search_and_ask_on_an_empty_index_say_so(cli: Run, command: str) -> None:
    result = cli(command, "What is SageMaker?")
    assert result.exit_code == 2
    out = flat(result.stdout + result.stderr)
    assert "Nothing is indexed yet" in out and "tutor ingest" in out
    assert "doesn't cover" not in out


# --------------------------------------------------------------------------- stats
def test_stats_json_and_text(cli: Run, lessons: Path, _isolated_data_dir: Path) -> None:
    empty = json.loads(cli("stats", "--json").stdout)
    assert (empty["files"], empty["chunks"], empty["sources"]) == (0, 0, [])

    report = ingested(cli, lessons)
    stats = json.loads(cli("stats", "--json").stdout)
    assert stats["files"] == 3
    assert stats["chunks"] == report["total_chunks"]
    assert stats["pages"] == 0
    assert stats["data_dir"] == str(_isolated_data_dir)
    assert set(stats["by_module"]) == {"1", "2", "other"}
    assert sum(stats["by_module"].values()) == stats["chunks"]
    assert [s["module"] for s in stats["sources"]] == [1, 2, None]
    assert stats["sources"][1]["title"] == "Data Preparation"
    assert not any(s["bundled"] for s in stats["sources"])

    text = cli("stats")
    assert text.exit_code == 0
    out = flat(text.stdout)
    assert f"3 files, {stats['chunks']} chunks, 0 PDF pages" in out
    assert "02-data.md" in out and "Chunks by module: 1:" in out


# --------------------------------------------------------------------------- eval
def test_eval_reports_hit_at_k_mrr_and_latency(cli: Run, lessons: Path, tmp_path: Path) -> None:
    ingested(cli, lessons)
    qfile = tmp_path / "q.jsonl"
    rows = [
        {"id": "fs", "question": "Feature Store consistent features", "expected_sources": ["02-data.md"]},
        {
            "id": "mm",
            "question": "Model Monitor drift alerts",
            "module": 2,
            "expected_terms": ["Model Monitor"],
        },
        {"id": "zz", "question": "quantum teleportation", "expected_sources": ["nowhere.md"]},
    ]
    qfile.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")

    result = cli("eval", qfile, "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 3 and report["k"] == 3
    ranks = {r["id"]: r["rank"] for r in report["results"]}
    assert ranks["fs"] == 1 and ranks["mm"] == 1 and ranks["zz"] is None
    assert report["hit_at_k"] == pytest.approx(2 / 3)
    assert report["mrr"] == pytest.approx(2 / 3)
    assert report["latency_p50_ms"] > 0

    filtered = json.loads(cli("eval", qfile, "-k", "3", "--module-filter", "--json").stdout)
    assert {r["id"]: r["rank"] for r in filtered["results"]}["mm"] is None  # module 2 has no Model Monitor

    text = cli("eval", qfile, "-k", "3", "--misses")
    out = flat(text.stdout)
    assert "3 questions hit@3 0.667" in out and "MRR 0.667" in out and "latency p50" in out
    assert "miss zz: quantum teleportation" in out
    assert "miss fs" not in out


def test_eval_with_a_broken_question_file_exits_2(cli: Run, tmp_path: Path) -> None:
    qfile = tmp_path / "broken.jsonl"
    qfile.write_text('{"id": "q1", "question": "x"}\n', encoding="utf-8")
    result = cli("eval", qfile)
    assert result.exit_code == 2
    assert "broken.jsonl:1 is not a valid labelled question" in flat(result.stderr)
    assert "Hint:" in result.stderr

    missing = cli("eval", tmp_path / "missing.jsonl")
    assert missing.exit_code == 2
    assert "Cannot read" in flat(missing.stderr)


# --------------------------------------------------------------------------- the installed script
def test_the_tutor_script_exits_1_on_failed_files(tmp_path: Path, _isolated_data_dir: Path) -> None:
    script = ROOT / ".venv" / "bin" / "tutor"
    if not script.exists():
        pytest.skip(f"{script} is not installed")
    good = tmp_path / "ok.md"
    good.write_text("# OK\n\nA fine lesson.\n", encoding="utf-8")
    bad = tmp_path / "notes.rtf"
    bad.write_text("{\\rtf1 hello}", encoding="utf-8")
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(_isolated_data_dir),
        "TUTOR_EMBEDDING_MODEL": str(tmp_path / "nomodel"),
    }
    # Only the bad file: no model is needed, so the run is quick and offline.
    result = subprocess.run(
        [str(script), "ingest", str(bad), "--quiet"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "'.rtf' files are not supported" in flat(result.stderr)
    assert "0 indexed, 0 unchanged, 1 failed" in flat(result.stdout)
    assert index_stats(Settings(data_dir=_isolated_data_dir)).files == 0
