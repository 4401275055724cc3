"""The Alembic migrations build exactly the schema the models describe, and undo cleanly."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from db.engine import create_engine
from db.migrate import alembic_config, upgrade_to_head
from db.models import Base
from tests.support.database import TEST_DATABASE, recreate_database, server_url


def _drift(sync_connection: Any) -> list[Any]:
    context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _downgrade_to_base(sync_connection: Any) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.downgrade(config, "base")


async def test_migrations_match_the_models_and_downgrade_to_nothing():
    # given a fresh database migrated to the newest schema
    url = await recreate_database(server_url(), f"{TEST_DATABASE}_migrations")
    engine = create_engine(url, pool_size=1)
    try:
        await upgrade_to_head(engine)
        # then autogenerate finds nothing to add, drop or alter (models == migrations)
        async with engine.connect() as connection:
            assert await connection.run_sync(_drift) == []
        # when every migration is undone
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade_to_base)
        # then no table of ours is left, and upgrading again works
        async with engine.connect() as connection:
            tables = await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        assert tables == 0
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_drift) == []
    finally:
        await engine.dispose()
