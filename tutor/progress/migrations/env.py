"""Alembic environment of the progress store.

The tutor runs migrations itself (``tutor.progress.migrations.upgrade_schema``) on a
connection that is already inside one write transaction, passed as
``config.attributes["connection"]``: the migrations and the version row commit together,
and two processes opening the database at once apply each migration once.
"""

from __future__ import annotations

from alembic import context

from tutor.progress.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "The progress-store migrations run from tutor.progress.migrations.upgrade_schema(), "
        "which passes an open connection; the alembic command line is not wired to a database."
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # Our SQLite connections begin their own transaction (BEGIN IMMEDIATE), so DDL is
    # transactional there too.
    transactional_ddl=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
