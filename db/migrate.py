"""Apply the Alembic migrations to a database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """The Alembic configuration of this project."""
    return Config(str(MIGRATIONS / "alembic.ini"))


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the database behind `engine` to the newest schema."""
    config = alembic_config()

    def run(sync_connection: object) -> None:
        config.attributes["connection"] = sync_connection
        # "heads": feature branches of the migration graph may be merged later.
        command.upgrade(config, "heads")

    async with engine.begin() as connection:
        await connection.run_sync(run)
