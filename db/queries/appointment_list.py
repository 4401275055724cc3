"""The appointment list: its filter, its orders (keyset sort keys) and its count."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    cast,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import TIMESTAMP

from db.queries import keyset
from db.queries.appointments import with_zone
from db.queries.keyset import SortKey
from db.queries.practice import escape_like
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow, ZonedAppointmentRow
from db.tables import appointment_providers, appointments, locations, patients
from scheduling.appointment_status import AppointmentStatus


@dataclass(frozen=True, slots=True)
class AppointmentListFilter:
    """What a list of appointments is narrowed to; empty sequences mean 'any'.

    A `date` bound is a local day in each appointment's location zone; a `datetime` is an
    instant. `starts_before` is exclusive in both forms.
    """

    location_ids: Sequence[uuid.UUID] = ()
    provider_ids: Sequence[uuid.UUID] = ()
    patient_ids: Sequence[uuid.UUID] = ()
    operatory_ids: Sequence[uuid.UUID] = ()
    statuses: Sequence[AppointmentStatus] = ()
    starts_from: date | datetime | None = None
    starts_before: date | datetime | None = None
    patient_name: str | None = None
    pending_documentation: bool | None = None  # complete and not documented (or the others)


def _named(words: str) -> ColumnElement[bool]:
    """The appointment's patient has a first or last name starting with every word."""
    conditions = [
        or_(
            func.lower(patients.c.last_name).like(escape_like(word.lower()) + "%"),
            func.lower(patients.c.first_name).like(escape_like(word.lower()) + "%"),
        )
        for word in words.split()
    ]
    return exists().where(
        patients.c.organization_id == appointments.c.organization_id,
        patients.c.id == appointments.c.patient_id,
        *conditions,
    )


def _bound(value: date | datetime) -> ColumnElement[Any]:
    if isinstance(value, datetime):
        return cast(value, appointments.c.start_at.type)
    # Local midnight of that day in the appointment's own location zone.
    return func.timezone(
        locations.c.time_zone, cast(datetime.combine(value, datetime.min.time()), TIMESTAMP())
    )


def _conditions(
    organization_id: uuid.UUID, spec: AppointmentListFilter
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [appointments.c.organization_id == organization_id]
    if spec.location_ids:
        conditions.append(appointments.c.location_id.in_(list(spec.location_ids)))
    if spec.patient_ids:
        conditions.append(appointments.c.patient_id.in_(list(spec.patient_ids)))
    if spec.operatory_ids:
        conditions.append(appointments.c.operatory_id.in_(list(spec.operatory_ids)))
    if spec.statuses:
        conditions.append(appointments.c.status.in_(list(spec.statuses)))
    if spec.provider_ids:
        # A provider filter matches the primary provider or any additional one.
        additional = exists().where(
            appointment_providers.c.appointment_id == appointments.c.id,
            appointment_providers.c.provider_id.in_(list(spec.provider_ids)),
        )
        conditions.append(
            or_(appointments.c.primary_provider_id.in_(list(spec.provider_ids)), additional)
        )
    if spec.starts_from is not None:
        conditions.append(appointments.c.start_at >= _bound(spec.starts_from))
    if spec.starts_before is not None:
        conditions.append(appointments.c.start_at < _bound(spec.starts_before))
    if spec.patient_name is not None and spec.patient_name.split():
        conditions.append(_named(spec.patient_name))
    if spec.pending_documentation is not None:
        conditions.append(_PENDING if spec.pending_documentation else not_(_PENDING))
    return conditions


# ix_appointments_pending_documentation's predicate, the status written as a literal: a bound
# value would keep a generic plan (which PostgreSQL may settle on) from using the index.
_PENDING = and_(
    appointments.c.status == literal_column(f"'{AppointmentStatus.COMPLETE.value}'"),
    appointments.c.documented_at.is_(None),
)

_START = SortKey(appointments.c.start_at, "instant")
_ID = SortKey(appointments.c.id, "uuid")  # every order ends with the id ascending: the tiebreak
# The patient's name as the sort reads it (a join the PATIENT_NAME order adds).
_sorted_patient = patients.alias("sorted_patient")

# The list's orders by name (the AppointmentSort enum's values).
SORTS: dict[str, tuple[SortKey, ...]] = {
    "START": (_START, _ID),
    "START_DESC": (SortKey(appointments.c.start_at, "instant", descending=True), _ID),
    "PATIENT_NAME": (
        SortKey(func.lower(_sorted_patient.c.last_name), "text"),
        SortKey(func.lower(_sorted_patient.c.first_name), "text"),
        _START,
        _ID,
    ),
    "CREATED_DESC": (SortKey(appointments.c.created_at, "instant", descending=True), _ID),
    "UPDATED_DESC": (SortKey(appointments.c.updated_at, "instant", descending=True), _ID),
    "STATUS": (SortKey(cast(appointments.c.status, Text), "text"), _START, _ID),
}


async def list_appointments(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    spec: AppointmentListFilter,
    sort: str,
    after: Sequence[Any] | None,
    limit: int,
) -> list[ZonedAppointmentRow]:
    """A page of appointments in the order SORTS[sort] names, strictly after the position
    `after`; each row also carries its sort key values (keyset.position_of reads them)."""
    keys = SORTS[sort]
    conditions = _conditions(organization_id, spec)
    if after is not None:
        conditions.append(keyset.after(keys, after))
    statement = with_zone().add_columns(*keyset.key_columns(keys))
    if sort == "PATIENT_NAME":
        statement = statement.join(
            _sorted_patient,
            and_(
                _sorted_patient.c.organization_id == appointments.c.organization_id,
                _sorted_patient.c.id == appointments.c.patient_id,
            ),
        )
    ordered = statement.where(and_(*conditions)).order_by(*keyset.order_by(keys)).limit(limit)
    return await db.fetch_all(ordered, shape=ZonedAppointmentRow)


async def count_appointments(
    db: RequestDatabase, *, organization_id: uuid.UUID, spec: AppointmentListFilter
) -> int:
    """How many appointments match the filter."""
    statement = (
        select(func.count().label("count"))
        .select_from(appointments.join(locations, locations.c.id == appointments.c.location_id))
        .where(and_(*_conditions(organization_id, spec)))
    )
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0
