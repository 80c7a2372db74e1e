"""PDF ingestion at scale: ../shared/pdfs/sagemaker-guide-large.pdf (1,186 pages).

Prints, separately: text extraction (worker processes), chunking, and the full ingest
(extraction + chunking + embedding + Chroma), with pages/s, chunks and peak memory.

    .venv/bin/python benchmarks/ingest_pdf.py [--pdf PATH] [--skip-full]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, need, offline_env, peak_rss_mb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", type=Path, default=SHARED / "pdfs" / "sagemaker-guide-large.pdf")
    parser.add_argument("--skip-full", action="store_true", help="Only extraction and chunking.")
    args = parser.parse_args()
    offline_env()
    pdf = need(args.pdf)

    from tutor.index.ingest import ingest
    from tutor.index.loaders import PdfExtractor, load_pdf
    from tutor.settings import Settings

    settings = Settings()
    with PdfExtractor(settings.workers, settings.extract_timeout_s, settings.max_pages) as extractor:
        t0 = time.perf_counter()
        loaded = load_pdf(pdf, settings.chunk_chars, extractor)
        extract_s = time.perf_counter() - t0
    chars = sum(len(c.text) for c in loaded.chunks)
    print(f"{pdf.name}: {loaded.pages} pages, {len(loaded.chunks)} chunks, {chars / 1e6:.1f} M characters")
    print(
        f"extraction + chunking with {settings.workers} worker processes: {extract_s:.1f} s "
        f"({loaded.pages / extract_s:.0f} pages/s)"
    )
    if args.skip_full:
        return
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = ingest([pdf], settings=Settings(data_dir=Path(tmp)))
        full_s = time.perf_counter() - t0
    embed_s = full_s - extract_s
    print(
        f"full ingest (extract, chunk, embed, store): {full_s:.1f} s; of which embedding + store about "
        f"{embed_s:.0f} s ({report.total_chunks / max(embed_s, 1e-9):.1f} chunks/s)"
    )
    print(f"target: under 60 s -> {'met' if full_s < 60 else 'NOT met'}; peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
