"""Engines and connection URLs for PostgreSQL through asyncpg."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from db.read_scope import refuse_stamped, scope_reads_by_transaction

# What every connection says at start-up. jit is no parameter a pooler in transaction mode
# lets through (PgBouncer refuses unknown start-up parameters): there it is left out, and the
# database's or role's own setting applies (README: PgBouncer).
_SERVER_SETTINGS = {"timezone": "UTC", "application_name": "slotgraph"}
_DIRECT_ONLY_SETTINGS = {"jit": "off"}


def async_url(url: str | URL) -> URL:
    """The same database addressed through the asyncpg driver."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg")


def with_database(url: str | URL, database: str) -> URL:
    """The URL of another database on the same server."""
    return make_url(url).set(database=database)


def prepared_statement_name() -> str:
    """A name no other client of a pooled server connection uses (asyncpg numbers its
    statements per process, so two processes behind PgBouncer would pick the same names)."""
    return f"__slotgraph_{uuid.uuid4().hex}__"


def driver_options(*, transaction_pooling: bool) -> dict[str, Any]:
    """asyncpg.connect's keywords for a connection to a server or, with
    `transaction_pooling`, to a pooler in transaction mode (PgBouncer before 1.21 keeps no
    prepared statement from one transaction to the next: asyncpg's statement cache is off)."""
    if transaction_pooling:
        return {"statement_cache_size": 0, "server_settings": dict(_SERVER_SETTINGS)}
    return {"server_settings": {**_SERVER_SETTINGS, **_DIRECT_ONLY_SETTINGS}}


def create_engine(
    url: str | URL, *, pool_size: int = 10, transaction_pooling: bool = False
) -> AsyncEngine:
    """An async engine whose connections use UTC, so timestamptz values come back in UTC.

    No pre-ping (up to three round trips per checkout with asyncpg): a connection PostgreSQL
    closed is replaced when a request first uses it (db/request_database.py). Statement
    parameters (patient names, notes) stay out of exception messages: hide_parameters.
    JIT off: a server built with LLVM compiles any statement estimated above jit_above_cost,
    and slot search's bookings read (a few thousand rows) spent 9 ms compiling to run in 20.
    `transaction_pooling`: `url` is a pooler in transaction mode (PgBouncer): neither asyncpg
    nor SQLAlchemy keeps prepared statements across transactions, and each one SQLAlchemy
    prepares has a name of its own (README: PgBouncer).
    """
    connect_args = driver_options(transaction_pooling=transaction_pooling)
    if transaction_pooling:
        connect_args["prepared_statement_cache_size"] = 0
        connect_args["prepared_statement_name_func"] = prepared_statement_name
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        # The connection used last is handed out next: it has the statements prepared and
        # PostgreSQL's generic plans made (five executions each), where first-in-first-out
        # would rotate every request onto the least recently used, coldest connection.
        pool_use_lifo=True,
        hide_parameters=True,
        connect_args=connect_args,
    )
    # Request reads leave their organization set on a server connection (db/read_scope.py).
    if transaction_pooling:
        scope_reads_by_transaction(engine)
    refuse_stamped(engine)
    return engine
