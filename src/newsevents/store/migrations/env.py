"""Alembic's environment for the event store: runs on the connection `newsevents` hands over
(`Config.attributes["connection"]`), or on `sqlalchemy.url` when called from the `alembic` tool."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from newsevents.store.migrations import include_object
from newsevents.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection, target_metadata=metadata, include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=sa.pool.NullPool)
    with engine.connect() as opened:
        _run(opened)
