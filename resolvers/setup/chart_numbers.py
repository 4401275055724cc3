"""Chart numbers registerPatient generates when it is given none: P000001, P000002, ... per
organization, from a counter row (never max()+1, which two registrations could both take);
numbers a patient already has (typed in by hand) are skipped."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.chart_numbers import chart_number_taken, next_chart_number
from resolvers.errors import Validation

PREFIX = "P"
DIGITS = 6
# Numbers tried before giving up (only hand-typed numbers in the generated form are skipped).
ATTEMPTS = 1000


def formatted(number: int) -> str:
    """A generated chart number."""
    return f"{PREFIX}{number:0{DIGITS}d}"


async def generate_chart_number(connection: AsyncConnection, organization_id: uuid.UUID) -> str:
    """The organization's next free generated chart number, taken inside the transaction."""
    for _ in range(ATTEMPTS):
        candidate = formatted(await next_chart_number(connection, organization_id=organization_id))
        if not await chart_number_taken(
            connection, organization_id=organization_id, chart_number=candidate
        ):
            return candidate
    raise Validation(
        "No free chart number could be generated; give chartNumber", field="chartNumber"
    )
