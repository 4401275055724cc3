"""Engines and connection URLs for PostgreSQL through asyncpg."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def async_url(url: str | URL) -> URL:
    """The same database addressed through the asyncpg driver."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg")


def with_database(url: str | URL, database: str) -> URL:
    """The URL of another database on the same server."""
    return make_url(url).set(database=database)


def create_engine(url: str | URL, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine whose connections use UTC, so timestamptz values come back in UTC.

    No pre-ping (up to three round trips per checkout with asyncpg): a connection PostgreSQL
    closed is replaced when a request first uses it (db/request_database.py). Statement
    parameters (patient names, notes) stay out of exception messages: hide_parameters.
    JIT off: a server built with LLVM compiles any statement estimated above jit_above_cost,
    and slot search's bookings read (a few thousand rows) spent 9 ms compiling to run in 20.
    """
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        hide_parameters=True,
        connect_args={
            "server_settings": {"timezone": "UTC", "application_name": "slotgraph", "jit": "off"}
        },
    )
