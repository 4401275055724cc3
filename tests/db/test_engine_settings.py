"""What every connection of the application's engine sets on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text


async def test_connections_use_utc_name_themselves_and_never_jit_compile(engine):
    async with engine.connect() as connection:
        settings = {
            name: await connection.scalar(text(f"SHOW {name}"))
            for name in ("timezone", "application_name", "jit")
        }
    assert settings == {"timezone": "UTC", "application_name": "slotgraph", "jit": "off"}
