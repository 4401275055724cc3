"""Which database the server uses, and bringing it to a usable state."""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import make_url

from db.embedded import start_embedded_server
from db.embedded_access import EmbeddedServerError
from db.engine import create_engine, with_database
from db.migrate import upgrade_to_head
from server.settings import ConfigurationError, Settings

EMBEDDED_DATABASE = "slotgraph"


async def ensure_database_exists(url: str) -> None:
    """Create the URL's database on its server if it is missing."""
    target = make_url(url)
    admin = with_database(target, "postgres").set(drivername="postgresql")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", target.database
        )
        if not exists:
            # Identifiers cannot be bound parameters; quote_ident via format() keeps it safe.
            statement = await connection.fetchval(
                "SELECT format('CREATE DATABASE %I', $1::text)", target.database
            )
            await connection.execute(statement)
    finally:
        await connection.close()


async def prepare_database(settings: Settings) -> str:
    """The URL to serve from: the embedded server unless DATABASE_URL is set, migrated."""
    if settings.database_url:
        url = settings.database_url
    else:
        try:
            server_url = start_embedded_server(settings.data_dir / "demo")
        except EmbeddedServerError as error:  # e.g. a lost password file: say what to do
            raise ConfigurationError(str(error)) from error
        url = with_database(server_url, EMBEDDED_DATABASE).render_as_string(hide_password=False)
        await ensure_database_exists(url)
    engine = create_engine(url, pool_size=1, transaction_pooling=settings.transaction_pooling)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()
    return url


async def connection_limit(url: str) -> int:
    """How many connections the server of `url` accepts from ordinary (non-superuser) roles."""
    connection = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False),
        statement_cache_size=0,  # nothing prepared is left behind on a pooled connection
    )
    try:
        limit = int(await connection.fetchval("SHOW max_connections"))
        for reserved in ("superuser_reserved_connections", "reserved_connections"):
            # reserved_connections exists from PostgreSQL 16 on.
            value = await connection.fetchval(
                "SELECT setting FROM pg_settings WHERE name = $1", reserved
            )
            limit -= int(value or 0)
    finally:
        await connection.close()
    return limit
