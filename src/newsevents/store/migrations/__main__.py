"""`python -m newsevents.store.migrations COMMAND --db URL`: the store's migrations by hand.

    upgrade   bring the store to the newest revision (open_store does this on every open)
    current   print the store's revision and the newest one
    revision  write a new revision file from the difference between schema.py and a store at
              the newest revision (autogenerate): read and correct it before committing
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa
from alembic import command

from . import alembic_config, current_revision, head_revision, upgrade


def _engine(url: str | None) -> sa.Engine:
    from ..store import database_url

    return sa.create_engine(database_url(url), poolclass=sa.pool.NullPool)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsevents.store.migrations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("upgrade", "current", "revision"))
    parser.add_argument("--db", default=None, metavar="URL", help="database URL or SQLite file")
    parser.add_argument("-m", "--message", default="schema change", help="the new revision's title")
    args = parser.parse_args(argv)
    engine = _engine(args.db)
    if args.command == "upgrade":
        before, after = upgrade(engine)
        print(f"{before or 'empty'} -> {after}")
    elif args.command == "current":
        with engine.connect() as conn:
            print(f"{current_revision(conn) or 'none'} (newest: {head_revision()})")
    else:
        upgrade(engine)  # autogenerate compares schema.py with a store at the newest revision
        number = f"{int(head_revision()) + 1:04d}"
        with engine.connect() as conn:
            config = alembic_config(connection=conn)
            script = command.revision(config, message=args.message, autogenerate=True, rev_id=number)
        print(f"wrote {getattr(script, 'path', script)}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
