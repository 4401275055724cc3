"""The next number of an organization's generated chart numbers (patient_chart_counters)."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import chart_counters, patients


async def next_chart_number(connection: AsyncConnection, *, organization_id: uuid.UUID) -> int:
    """Take the organization's next number: the counter row is created or bumped, and stays
    locked until the transaction ends, so concurrent registrations take one number each."""
    statement = (
        insert(chart_counters)
        .values(organization_id=organization_id, last_number=1)
        .on_conflict_do_update(
            index_elements=[chart_counters.c.organization_id],
            set_={"last_number": chart_counters.c.last_number + 1},
        )
        .returning(chart_counters.c.last_number)
    )
    number: int = (await connection.execute(statement)).scalar_one()
    return number


async def chart_number_taken(
    connection: AsyncConnection, *, organization_id: uuid.UUID, chart_number: str
) -> bool:
    """Whether a patient of the organization has this chart number (one typed in by hand)."""
    statement = select(
        exists().where(
            patients.c.organization_id == organization_id,
            patients.c.chart_number == chart_number,
        )
    )
    return bool(await connection.scalar(statement))
