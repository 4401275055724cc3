"""importAppointments' document and inputs, shared by its tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

IMPORT = """mutation ($input: ImportAppointmentsInput!) { importAppointments(input: $input) {
  rows { index status appointment { id source status startAt }
         errors { field code message conflicts { reason appointment { id } } } }
  createdCount skippedCount failedCount
  userErrors { field code message }
} }"""


def import_input(
    rows: list[dict[str, Any]], *, mode: str = "PER_ROW", key: str | None = None
) -> dict[str, Any]:
    """The mutation's variables."""
    return {"input": {"rows": rows, "mode": mode, "idempotencyKey": key}}


def row_result(index: int, status: str, **extra: Any) -> dict[str, Any]:
    """A row's result without an appointment or errors, unless given."""
    return {"index": index, "status": status, "appointment": None, "errors": [], **extra}


def row_error(index: int, code: str, message: str, *field: str) -> dict[str, Any]:
    """A refused row's one error, its field path below rows.<index>."""
    path = ["input", "rows", str(index), *field]
    return {"field": path, "code": code, "message": message, "conflicts": []}


async def imported_count(engine: AsyncEngine) -> int:
    """Appointments whose source is IMPORT."""
    async with engine.connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM appointments WHERE source = 'IMPORT'")
        )
    return int(count or 0)
