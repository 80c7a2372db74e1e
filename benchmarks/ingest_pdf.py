"""PDF ingestion at scale: ../shared/pdfs/sagemaker-guide-large.pdf (1,186 pages).

Prints, in one run:
1. text extraction and chunking alone (worker processes), pages/s;
2. a real `tutor ingest` of the PDF in its own process, while this process runs `tutor search`
   for a sentence of the PDF's last page again and again, each in a process of its own: when
   the first search found it (seconds from the ingest process's start);
3. the same `tutor ingest` again, alone (the searching processes of 2 take CPU from it): its
   wall time, and the seconds its own report counts from the ingest's start;
4. the embedding floor: the same texts the ingest embedded, in the same calls, embedded alone
   by the already-loaded model, and the ingest's time as a multiple of it.

    .venv/bin/python benchmarks/ingest_pdf.py [--pdf PATH] [--skip-full]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SHARED, need, offline_env, peak_rss_mb

QUERY = "HomeEfsFileSystemId describe_domain DomainId"
EXPECT = "HomeEfsFileSystemId"
"""On page 1,186 of the shared PDF: the last page."""


def tutor(*args: str) -> list[str]:
    return [sys.executable, "-m", "tutor.cli", *args]


def search_until_found(
    env: dict[str, str], ingest: subprocess.Popen, started: float
) -> tuple[float | None, int]:
    """Run `tutor search` back to back until one finds EXPECT; (seconds since start, searches)."""
    searches = 0
    while True:
        searches += 1
        out = subprocess.run(
            tutor("search", QUERY, "-k", "5", "--json"), env=env, capture_output=True, text=True
        )
        if out.returncode == 0 and EXPECT in out.stdout:
            return time.perf_counter() - started, searches
        if ingest.poll() is not None and searches > 1:
            return None, searches
        time.sleep(0.5)


def embedding_floor(chunks: list, settings) -> tuple[float, int]:
    """Model seconds to embed what the ingest embeds, in its calls (the ingest's own semantic
    stage, over an in-memory store, with nothing else running and the model already loaded)."""
    from tutor.embeddings import embedding_threads, load_bulk_embedder
    from tutor.index.semantic_stage import SemanticStage
    from tutor.index.store import InMemoryStore

    embedder = load_bulk_embedder(settings)
    embedder.embed_documents(["warm up"])
    store = InMemoryStore()
    store.stage(chunks)
    stage = SemanticStage(
        store, lambda: embedder, settings.embed_chunks_per_call, settings.workers, embedding_threads
    )
    stage.start()
    stage.reading_done()
    stage.wait(lambda done, total: None)
    return stage.embedding_seconds, stage.texts_embedded


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", type=Path, default=SHARED / "pdfs" / "sagemaker-guide-large.pdf")
    parser.add_argument("--skip-full", action="store_true", help="Only extraction and chunking.")
    args = parser.parse_args()
    offline_env()
    pdf = need(args.pdf).resolve()

    from tutor.index.dense_text import content_mix
    from tutor.index.loaders import load_pdf
    from tutor.index.pdf import PdfExtractor
    from tutor.settings import Settings

    settings = Settings()
    with PdfExtractor(settings.workers, settings.extract_timeout_s, settings.max_pages) as extractor:
        t0 = time.perf_counter()
        loaded = load_pdf(pdf, settings.chunk_chars, extractor)
        extract_s = time.perf_counter() - t0
    chars = sum(len(c.text) for c in loaded.chunks)
    mix = content_mix(loaded.chunks)
    print(f"{pdf.name}: {loaded.pages} pages, {len(loaded.chunks)} chunks, {chars / 1e6:.1f} M characters")
    print(
        f"extraction + chunking with {settings.workers} worker processes: {extract_s:.1f} s "
        f"({loaded.pages / extract_s:.0f} pages/s)"
    )
    print(
        f"embedded text: {mix.dense_texts} distinct texts, {mix.dense_characters / 1e6:.2f} M of "
        f"{mix.full_characters / 1e6:.2f} M characters; by kind: "
        + ", ".join(f"{k} {v / 1e6:.2f} M" for k, v in sorted(mix.characters.items()))
    )
    if args.skip_full:
        return

    found_s, searches, busy_s = None, 0, 0.0
    for with_searches in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "TUTOR_DATA_DIR": tmp, "PYTHONPATH": str(ROOT)}
            started = time.perf_counter()
            ingest = subprocess.Popen(
                tutor("ingest", str(pdf), "--json"), env=env, stdout=subprocess.PIPE, text=True
            )
            if with_searches:
                found_s, searches = search_until_found(env, ingest, started)
            out, _ = ingest.communicate()
            wall_s = time.perf_counter() - started
            if ingest.returncode != 0:
                sys.exit(f"tutor ingest failed ({ingest.returncode}): {out[-2000:]}")
            report = json.loads(out)
            if with_searches:
                busy_s = report["seconds"]
    floor_s, floor_texts = embedding_floor(loaded.chunks, settings)
    print(
        "searchable: found on the last page by `tutor search` from another process "
        + (f"{found_s:.1f} s after the ingest process started" if found_s else "NOT before the ingest ended")
        + f" ({searches} searches, each its own process; target <= 30 s)"
    )
    print(f"the ingest that was searched meanwhile took {busy_s:.1f} s from its start")
    print(
        f"full ingest, alone: {wall_s:.1f} s wall for the `tutor ingest` process, {report['seconds']:.1f} s from "
        f"the ingest's start; {report['texts_embedded']} texts embedded for {report['chunks_embedded']} chunks "
        f"({report['embedding_seconds']:.1f} s inside the model while reading went on)"
    )
    print(
        f"embedding floor: {floor_s:.1f} s to embed the same {floor_texts} texts alone; ingest / floor = "
        f"{report['seconds'] / floor_s:.2f} from the ingest's start, {wall_s / floor_s:.2f} with process "
        f"start-up (target <= 1.10); peak memory of this process {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
