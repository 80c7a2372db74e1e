"""Opening the progress store the settings name."""

from __future__ import annotations

from tutor.progress.sql_store import SQLProgressStore
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings


def open_progress_store(settings: Settings | None = None) -> ProgressStore:
    """The configured progress store: the database at ``settings.database_url``
    (TUTOR_DATABASE_URL, e.g. PostgreSQL for a class), else SQLite at
    ``settings.progress_db`` under the data directory. Migrates it to the newest schema."""
    settings = settings or get_settings()
    if settings.database_url is not None:
        return SQLProgressStore(settings.database_url.get_secret_value())
    settings.ensure_data_dir()
    return SQLiteProgressStore(settings.progress_db)
