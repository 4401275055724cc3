"""Rows the report tests need that no mutation writes at a chosen instant: patient flow
statuses and the timeline events setPatientFlowStatus records (stamped by the database's
clock there, by the test here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import PatientFlowEvent, PatientFlowStatus
from tests.support.factories import Practice
from tests.support.recall_rows import insert_row


async def make_flow_status(
    engine: AsyncEngine, practice: Practice, name: str, sort_order: int
) -> Row[Any]:
    """An active flow status of the practice."""
    return await insert_row(
        engine,
        PatientFlowStatus,
        {"organization_id": practice.org.id, "name": name, "abbreviation": name[:3],
         "color": "#336699", "sort_order": sort_order},
    )  # fmt: skip


async def flow_timeline(
    engine: AsyncEngine,
    practice: Practice,
    appointment: Row[Any],
    steps: list[tuple[datetime, Row[Any]]],
) -> None:
    """The appointment entered each status at its instant."""
    for occurred_at, status in steps:
        await insert_row(
            engine,
            PatientFlowEvent,
            {"organization_id": practice.org.id, "appointment_id": appointment.id,
             "flow_status_id": status.id, "occurred_at": occurred_at, "actor": "test"},
        )  # fmt: skip
