"""Opening the progress store the settings name."""

from __future__ import annotations

from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings


def open_progress_store(settings: Settings | None = None) -> ProgressStore:
    """The progress store of ``settings.data_dir`` (SQLite at ``settings.progress_db``)."""
    settings = settings or get_settings()
    settings.ensure_data_dir()
    return SQLiteProgressStore(settings.progress_db)
