"""The change log (migration 0015) as Change values, and the reads subscriptions make of it.

A change arrives as a NOTIFY payload (the row as JSON) or as a row read back after a gap;
both become the same Change. Reads here run in the caller's organization (row-level
security); the listener's own catch-up reads are in db/change_listener.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Select, select

from db.request_database import RequestDatabase
from db.rows.changes import ChangeHeadRow, ChangeRow, ChangeTimeRow, HoldRow
from db.tables import appointments, change_counters, change_log
from scheduling.appointment_status import AppointmentStatus
from scheduling.live_changes import Change, Entity, Operation

_UUIDS = ("organization_id", "entity_id", "location_id", "previous_location_id", "patient_id")
_INSTANTS = (
    "starts_at",
    "ends_at",
    "previous_starts_at",
    "previous_ends_at",
    "hold_expires_at",
    "committed_at",
)
_DATES = ("on_date", "previous_on_date")
_UUID_LISTS = ("additional_location_ids", "previous_additional_location_ids")
_FIELDS = tuple(field.name for field in fields(Change))


def change_from_record(record: Mapping[str, Any]) -> Change:
    """A change from a change log row (typed values) or its JSON (strings)."""
    values = {name: record[name] for name in _FIELDS if name in record}
    for name in _UUIDS:
        values[name] = _parsed(values.get(name), uuid.UUID)
    for name in _INSTANTS:
        values[name] = _parsed(values.get(name), datetime.fromisoformat)
    for name in _DATES:
        values[name] = _parsed(values.get(name), date.fromisoformat)
    for name in _UUID_LISTS:
        ids = values.get(name)
        values[name] = None if ids is None else tuple(_parsed(i, uuid.UUID) for i in ids)
    values["entity"] = Entity(values["entity"])
    values["operation"] = Operation(values["operation"])
    return Change(**values)


def change_from_row(row: ChangeRow) -> Change:
    """A change from a change log row read back."""
    return change_from_record({name: getattr(row, name) for name in _FIELDS})


def change_from_payload(payload: str) -> Change:
    """A change from a NOTIFY payload."""
    return change_from_record(orjson.loads(payload))


def _parsed(value: Any, parse: Any) -> Any:
    return parse(value) if isinstance(value, str) else value


async def change_head(db: RequestDatabase, *, organization_id: uuid.UUID) -> int:
    """The organization's last change id (0 before its first change)."""
    row = await db.fetch_one(
        select(change_counters.c.last_change_id).where(
            change_counters.c.organization_id == organization_id
        ),
        shape=ChangeHeadRow,
    )
    return int(row.last_change_id) if row is not None else 0


async def changes_after(
    db: RequestDatabase, *, organization_id: uuid.UUID, after: int, through: int
) -> Sequence[ChangeRow]:
    """The organization's changes numbered after `after` up to `through`, in order."""
    return await db.fetch_all(
        select(change_log)
        .where(
            change_log.c.organization_id == organization_id,
            change_log.c.change_id > after,
            change_log.c.change_id <= through,
        )
        .order_by(change_log.c.change_id),
        shape=ChangeRow,
    )


async def change_time(
    db: RequestDatabase, *, organization_id: uuid.UUID, change_id: int
) -> datetime | None:
    """When a change was committed, if the log still has it."""
    row = await db.fetch_one(
        select(change_log.c.committed_at).where(
            change_log.c.organization_id == organization_id,
            change_log.c.change_id == change_id,
        ),
        shape=ChangeTimeRow,
    )
    return row.committed_at if row is not None else None


def _holds(organization_id: uuid.UUID, expiring_after: datetime) -> Select[Any]:
    return select(
        appointments.c.id,
        appointments.c.organization_id,
        appointments.c.location_id,
        appointments.c.patient_id,
        appointments.c.start_at,
        appointments.c.end_at,
        appointments.c.status,
        appointments.c.hold_expires_at,
    ).where(
        appointments.c.organization_id == organization_id,
        appointments.c.status == AppointmentStatus.HOLD.value,
        appointments.c.hold_expires_at > expiring_after,
    )


async def holds_starting_between(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    starts_from: datetime,
    starts_before: datetime,
    expiring_after: datetime,
) -> Sequence[HoldRow]:
    """Holds (live or lapsed after `expiring_after`) of a location's range, by start."""
    return await db.fetch_all(
        _holds(organization_id, expiring_after).where(
            appointments.c.location_id == location_id,
            appointments.c.start_at >= starts_from,
            appointments.c.start_at < starts_before,
        ),
        shape=HoldRow,
    )


async def holds_of_patient(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    expiring_after: datetime,
) -> Sequence[HoldRow]:
    """A patient's holds, live or lapsed after `expiring_after`."""
    return await db.fetch_all(
        _holds(organization_id, expiring_after).where(appointments.c.patient_id == patient_id),
        shape=HoldRow,
    )
