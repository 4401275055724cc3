"""calendarMonth's hasBlockout and isHoliday flags, from blockouts of the location."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from db.models import Blockout, BlockoutType
from tests.support.factories import Practice, global_id, make_location, make_practice
from tests.support.production_documents import utc

FLAGS = """
query ($locationId: ID!, $month: String!) { calendarMonth(locationId: $locationId, month: $month) {
  days { date hasBlockout isHoliday }
} }
"""


async def blockout_type(engine, practice: Practice, name: str, **flags: bool) -> uuid.UUID:
    ident = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            insert(BlockoutType).values(
                id=ident, organization_id=practice.org.id, name=name, abbreviation=name[:4],
                color="#888888", no_schedule=flags.get("no_schedule", False),
                hidden=flags.get("hidden", False),
            )
        )  # fmt: skip
    return ident


async def blockout(
    engine,
    practice: Practice,
    kind: uuid.UUID,
    start_at: datetime,
    end_at: datetime,
    *,
    operatory: Any = None,
    location: Any = None,
) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            insert(Blockout).values(
                organization_id=practice.org.id,
                location_id=(location or practice.location).id,
                operatory_id=operatory.id if operatory is not None else None,
                blockout_type_id=kind,
                start_at=start_at,
                end_at=end_at,
            )
        )


async def flags(execute, practice: Practice, month: str) -> dict[str, tuple[bool, bool]]:
    """(hasBlockout, isHoliday) of the days where either is set."""
    result = await execute(
        FLAGS,
        {"locationId": global_id("Location", practice.location.id), "month": month},
        viewer=practice.staff,
    )
    assert result.errors is None, result.errors
    days = result.data["calendarMonth"]["days"]
    return {
        day["date"]: (day["hasBlockout"], day["isHoliday"])
        for day in days
        if day["hasBlockout"] or day["isHoliday"]
    }


async def test_blockouts_and_whole_day_closures_in_november(engine, execute):
    # given blockout types at a Chicago location (CST = UTC-6 after Sun 2026-11-01)
    practice = await make_practice(engine)
    lunch = await blockout_type(engine, practice, "Lunch")
    hidden = await blockout_type(engine, practice, "Admin", hidden=True)
    closed = await blockout_type(engine, practice, "Holiday", no_schedule=True)
    op = practice.operatory
    # an operatory's lunch on the 10th; a hidden one on the 11th
    await blockout(
        engine, practice, lunch, utc(2026, 11, 10, 18), utc(2026, 11, 10, 19), operatory=op
    )
    await blockout(engine, practice, hidden, utc(2026, 11, 11, 18), utc(2026, 11, 11, 19))
    # a no-schedule blockout of part of the 12th; a whole 13th but only in one operatory
    await blockout(engine, practice, closed, utc(2026, 11, 12, 14), utc(2026, 11, 12, 23))
    await blockout(
        engine, practice, closed, utc(2026, 11, 13, 6), utc(2026, 11, 14, 6), operatory=op
    )
    # the whole location closed from Thu 26th 00:00 to Sat 28th 00:00 local
    await blockout(engine, practice, closed, utc(2026, 11, 26, 6), utc(2026, 11, 28, 6))
    # one ending exactly at local midnight of the 5th belongs to the 4th only (half-open)
    await blockout(engine, practice, lunch, utc(2026, 11, 5, 5), utc(2026, 11, 5, 6))
    # 24 hours from local midnight of the 25-hour Sun 1st: not the whole day
    await blockout(engine, practice, closed, utc(2026, 11, 1, 5), utc(2026, 11, 2, 5))
    # closures of another location and of another organization do not count
    elsewhere = await make_location(engine, practice.org)
    await blockout(
        engine, practice, closed, utc(2026, 11, 20, 6), utc(2026, 11, 21, 6), location=elsewhere
    )
    stranger = await make_practice(engine)
    theirs = await blockout_type(engine, stranger, "Holiday", no_schedule=True)
    await blockout(engine, stranger, theirs, utc(2026, 11, 19, 6), utc(2026, 11, 20, 6))
    # when November is read, then
    assert await flags(execute, practice, "2026-11") == {
        "2026-11-01": (True, False),
        "2026-11-04": (True, False),
        "2026-11-10": (True, False),
        "2026-11-12": (True, False),
        "2026-11-13": (True, False),
        "2026-11-26": (True, True),
        "2026-11-27": (True, True),
    }  # fmt: skip


async def test_a_closure_of_the_whole_23_hour_day_is_a_holiday(engine, execute):
    # given a no-schedule closure from Sun 2026-03-08 00:00 CST to Mon 00:00 CDT (23 hours)
    practice = await make_practice(engine)
    closed = await blockout_type(engine, practice, "Holiday", no_schedule=True)
    await blockout(engine, practice, closed, utc(2026, 3, 8, 6), utc(2026, 3, 9, 5))
    # when March is read, then exactly that day is a holiday
    assert await flags(execute, practice, "2026-03") == {"2026-03-08": (True, True)}
