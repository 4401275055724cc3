"""The demo seed on PostgreSQL: its rows pass the tables' own rules."""

from __future__ import annotations

from sqlalchemy import text

from db.demo import REFERENCE_ANCHOR, seed_demo_data


async def test_the_seed_fits_the_database_rules(engine) -> None:
    # the check constraints, foreign keys and the one-active-entry index all accept the rows
    async with engine.begin() as connection:
        summary = await seed_demo_data(connection, REFERENCE_ANCHOR)
        rows = await connection.execute(
            text("SELECT status, count(*) FROM waitlist_entries GROUP BY status ORDER BY status")
        )
        counts = dict(rows.all())
    assert (summary.waitlist_entries, summary.waitlist_contacts, summary.waitlist_history) == (
        41, 3, 46)  # fmt: skip
    assert counts == {"contacted": 3, "removed": 2, "waiting": 36}
