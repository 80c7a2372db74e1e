"""The offline answerer over the bundled course, ingested and warmed once, for the answer
benchmarks. This checkout's ``tutor`` package is measured, not an installed copy of it."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import ROOT, offline_env, use_this_checkout

use_this_checkout()
offline_env()

import tutor  # noqa: E402 - after the path and the offline switches
from tutor.answer import answer_question  # noqa: E402
from tutor.index.ingest import ingest  # noqa: E402
from tutor.retrieval.retriever import Retriever  # noqa: E402
from tutor.settings import Settings  # noqa: E402

if not Path(tutor.__file__).is_relative_to(ROOT):
    sys.exit(f"tutor was imported from {tutor.__file__}, not from {ROOT}.")


@contextmanager
def warm_retriever(data_dir: Path | None) -> Iterator[Retriever]:
    """Ingest into ``data_dir`` (or a temporary dir), load the retriever and answer once."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=data_dir or Path(tmp))
        report = ingest(settings=settings)
        print(
            f"ingest: {report.seconds:.1f} s, {report.total_chunks} chunks, "
            f"{report.sentences_embedded} sentences embedded for offline answers"
        )
        retriever = Retriever(settings)
        retriever.warm_up()
        print(f"sentence vectors from ingest: {len(retriever.sentence_vectors())}")
        answer_question("warm up: what is SageMaker?", retriever=retriever)
        yield retriever
