"""Recall rows for tests: recall types and patients' recalls inserted directly."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Row, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import PatientRecall, RecallTrigger, RecallType
from db.tables import table_of
from resolvers.clock import SYSTEM_CLOCK
from tests.support.factories import Practice


def today() -> date:
    """The date (UTC) a request on the default clock reads recalls' statuses against."""
    return SYSTEM_CLOCK.now().date()


async def insert_row(engine: AsyncEngine, model: Any, values: dict[str, Any]) -> Row[Any]:
    table = table_of(model)
    async with engine.begin() as connection:
        return (await connection.execute(insert(table).values(**values).returning(table))).one()


async def make_type(
    engine: AsyncEngine,
    practice: Practice,
    name: str = "Hygiene",
    months: int = 6,
    *,
    active: bool = True,
) -> Row[Any]:
    return await insert_row(
        engine,
        RecallType,
        {"organization_id": practice.org.id, "name": name, "default_interval_months": months,
         "active": active},
    )  # fmt: skip


async def make_trigger(
    engine: AsyncEngine, practice: Practice, recall_type: Row[Any], code: str
) -> Row[Any]:
    return await insert_row(
        engine,
        RecallTrigger,
        {"organization_id": practice.org.id, "recall_type_id": recall_type.id,
         "procedure_code": code},
    )  # fmt: skip


async def make_recall(
    engine: AsyncEngine,
    practice: Practice,
    recall_type: Row[Any],
    due: date,
    *,
    patient: Row[Any] | None = None,
    status: str = "due",
    disabled: bool = False,
    months: int = 6,
    appointment: Row[Any] | None = None,
    previous: date | None = None,
    note: str | None = None,
) -> Row[Any]:
    return await insert_row(
        engine,
        PatientRecall,
        {
            "organization_id": practice.org.id,
            "patient_id": (patient or practice.patient).id,
            "recall_type_id": recall_type.id,
            "due_date": due,
            "interval_months": months,
            "status": status,
            "disabled": disabled,
            "appointment_id": appointment.id if appointment is not None else None,
            "previous_date": previous,
            "note": note,
        },
    )
