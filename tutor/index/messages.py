"""Words for the CLI and the app about an index whose store and manifest disagreed."""

from __future__ import annotations

from tutor.index.ingest import IngestReport
from tutor.index.stats import IndexStats


def ingest_notice(report: IngestReport) -> str:
    parts = []
    if report.manifest_problem:
        parts.append(f"Warning: {report.manifest_problem}")
    if report.chunks_adopted:
        parts.append(
            f"Kept {report.chunks_adopted} chunks the manifest did not list and listed them again "
            "from their metadata (nothing was deleted; `tutor ingest --prune` removes files that are gone)."
        )
    return " ".join(parts)


def stats_warning(stats: IndexStats) -> str:
    if stats.store_problem:
        return f"Warning: the store could not be checked: {stats.store_problem}"
    assert stats.health is not None
    return f"Warning: {stats.health.summary()} Run `tutor doctor --repair` to fix the manifest."
