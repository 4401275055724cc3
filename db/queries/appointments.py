"""Reads of appointments: by id, by calendar range, and keyset-paginated lists."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    func,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, TIMESTAMP

from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import AdditionalProviderRow, CountRow, ZonedAppointmentRow
from db.tables import appointment_providers, appointments, locations, providers
from scheduling.appointment_status import AppointmentStatus


def _with_zone() -> Select[Any]:
    """Appointment columns plus the location's time zone, which every local-time field needs."""
    return select(appointments, locations.c.time_zone).join(
        locations, locations.c.id == appointments.c.location_id
    )


APPOINTMENTS_BY_IDS = ReadStatement(
    _with_zone().where(
        appointments.c.organization_id == bindparam("organization_id"),
        appointments.c.id == any_(uuid_array("ids")),
    ),
    ZonedAppointmentRow,
)


async def appointments_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[ZonedAppointmentRow]:
    """Appointments with the given ids in the organization."""
    params = {"organization_id": organization_id, "ids": list(ids)}
    return await db.fetch_all(APPOINTMENTS_BY_IDS, params)


async def appointments_starting_between(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    starts_from: datetime,
    starts_before: datetime,
    statuses: Sequence[AppointmentStatus],
) -> list[ZonedAppointmentRow]:
    """Appointments of a location that start in [starts_from, starts_before), in time order."""
    params = {
        "organization_id": organization_id,
        "location_id": location_id,
        "starts_from": starts_from,
        "starts_before": starts_before,
        "statuses": [status.value for status in statuses],
    }
    return await db.fetch_all(APPOINTMENTS_STARTING_BETWEEN, params)


APPOINTMENTS_STARTING_BETWEEN = ReadStatement(
    _with_zone()
    .where(
        appointments.c.organization_id == bindparam("organization_id"),
        appointments.c.location_id == bindparam("location_id"),
        appointments.c.start_at >= bindparam("starts_from", type_=appointments.c.start_at.type),
        appointments.c.start_at < bindparam("starts_before", type_=appointments.c.start_at.type),
        appointments.c.status == any_(bindparam("statuses", type_=ARRAY(Text))),
        # A lapsed hold is EXPIRED as soon as its time runs out, written or not.
        or_(
            appointments.c.status != AppointmentStatus.HOLD,
            appointments.c.hold_expires_at > func.now(),
        ),
    )
    .order_by(appointments.c.start_at, appointments.c.id),
    ZonedAppointmentRow,
)

ADDITIONAL_PROVIDERS_OF = ReadStatement(
    select(
        appointment_providers.c.appointment_id,
        appointment_providers.c.role.label("provider_role"),
        providers,
    )
    .join(providers, providers.c.id == appointment_providers.c.provider_id)
    .where(
        appointment_providers.c.organization_id == bindparam("organization_id"),
        appointment_providers.c.appointment_id == any_(uuid_array("ids")),
    )
    .order_by(appointment_providers.c.appointment_id, appointment_providers.c.position),
    AdditionalProviderRow,
)


async def additional_providers_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, appointment_ids: Sequence[uuid.UUID]
) -> list[AdditionalProviderRow]:
    """(appointment_id, provider row) pairs for additional providers, in their order."""
    params = {"organization_id": organization_id, "ids": list(appointment_ids)}
    return await db.fetch_all(ADDITIONAL_PROVIDERS_OF, params)


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
    return conditions


async def list_appointments(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    spec: AppointmentListFilter,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[ZonedAppointmentRow]:
    """A page of appointments in (start_at, id) order, strictly after the keyset `after`."""
    conditions = _conditions(organization_id, spec)
    if after is not None:
        conditions.append(tuple_(appointments.c.start_at, appointments.c.id) > tuple_(*after))
    statement = (
        _with_zone()
        .where(and_(*conditions))
        .order_by(appointments.c.start_at, appointments.c.id)
        .limit(limit)
    )
    return await db.fetch_all(statement, shape=ZonedAppointmentRow)


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
