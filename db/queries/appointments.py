"""Reads of appointments: by id, by calendar range, and keyset-paginated lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from typing import cast as typed

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
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, TIMESTAMP, aggregate_order_by, array

from db.composite_rows import CompositeRows
from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.records import record_type
from db.request_database import RequestDatabase
from db.rows.appointments import (
    AdditionalProviderRow,
    AppointmentWithPeopleRow,
    CountRow,
    ZonedAppointmentRow,
)
from db.rows.practice import PatientRow, ProviderRow
from db.tables import appointment_providers, appointments, locations, patients, providers
from scheduling.appointment_status import AppointmentStatus


def _with_zone() -> Select[Any]:
    """Appointment columns plus the location's time zone, which every local-time field needs."""
    return select(appointments, locations.c.time_zone).join(
        locations, locations.c.id == appointments.c.location_id
    )


def _whole_row(table: Any, name: str, *where: Callable[[Any], ColumnElement[bool]]) -> Any:
    """The one row of `table` (as a composite value) that `where` picks for an appointment."""
    alias = table.alias(name)
    found = [condition(alias) for condition in where]
    return select(literal_column(name)).select_from(alias).where(*found).scalar_subquery()


def _same_organization(alias: Any) -> ColumnElement[bool]:
    return alias.c.organization_id == appointments.c.organization_id


_assisting = appointment_providers.alias("assisting")
_assistant = providers.alias("assistant")


def _assistants(value: ColumnElement[Any]) -> Any:
    """`value` of each additional provider of an appointment, in their order (null: none)."""
    return (
        select(func.array_agg(aggregate_order_by(value, _assisting.c.position)))
        .select_from(_assisting)
        .join(
            _assistant,
            and_(
                _assistant.c.organization_id == _assisting.c.organization_id,
                _assistant.c.id == _assisting.c.provider_id,
            ),
        )
        .where(
            _assisting.c.organization_id == appointments.c.organization_id,
            _assisting.c.appointment_id == appointments.c.id,
        )
        .scalar_subquery()
    )


# Appointments by id, with the people every view of an appointment shows: its patient and
# providers ride along as composite values, so a `node(id)` needs one statement, not four.
APPOINTMENTS_WITH_PEOPLE_BY_IDS = ReadStatement(
    _with_zone()
    .add_columns(
        _whole_row(
            patients,
            "visit_patient",
            _same_organization,
            lambda alias: alias.c.id == appointments.c.patient_id,
        ).label("patient_record"),
        _whole_row(
            providers,
            "visit_provider",
            _same_organization,
            lambda alias: alias.c.id == appointments.c.primary_provider_id,
        ).label("primary_provider_record"),
        _assistants(literal_column("assistant")).label("additional_provider_records"),
        _assistants(_assisting.c.role).label("additional_provider_roles"),
        _assistants(
            array([_assisting.c.start_offset_minutes, _assisting.c.end_offset_minutes])
        ).label("additional_provider_ranges"),
    )
    .where(
        appointments.c.organization_id == bindparam("organization_id"),
        appointments.c.id == any_(uuid_array("ids")),
    ),
    AppointmentWithPeopleRow,
)

# The appointment's own columns (and zone) lead each row: records of just those.
_APPOINTMENT = record_type(tuple(_with_zone().selected_columns.keys()))._make
_WIDTH = len(_with_zone().selected_columns)
_PATIENT = CompositeRows(patients)
_PROVIDER = CompositeRows(providers)
_ADDITIONAL = CompositeRows(
    providers,
    leading=("appointment_id", "provider_role", "provider_start_offset", "provider_end_offset"),
)


@dataclass(frozen=True, slots=True)
class AppointmentsWithPeople:
    """Appointments with their patients, primary providers and additional providers."""

    appointments: list[ZonedAppointmentRow]
    patients: list[PatientRow]
    providers: list[ProviderRow]
    additional: dict[uuid.UUID, list[AdditionalProviderRow]]


async def appointments_with_people_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> AppointmentsWithPeople:
    """Appointments with the given ids in the organization, with the people they show."""
    params = {"organization_id": organization_id, "ids": list(ids)}
    found = AppointmentsWithPeople([], [], [], {})
    for row in await db.fetch_all(APPOINTMENTS_WITH_PEOPLE_BY_IDS, params):
        found.appointments.append(_APPOINTMENT(typed(tuple[Any, ...], row)[:_WIDTH]))
        if row.patient_record is not None:
            found.patients.append(_PATIENT.record(row.patient_record))
        if row.primary_provider_record is not None:
            found.providers.append(_PROVIDER.record(row.primary_provider_record))
        assisting = row.additional_provider_records or []
        roles = row.additional_provider_roles or []
        ranges = row.additional_provider_ranges or []
        found.additional[row.id] = [
            _ADDITIONAL.record(each, row.id, role, *offsets)
            for each, role, offsets in zip(assisting, roles, ranges, strict=True)
        ]
        found.providers.extend(_PROVIDER.record(each) for each in assisting)
    return found


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
        appointment_providers.c.start_offset_minutes.label("provider_start_offset"),
        appointment_providers.c.end_offset_minutes.label("provider_end_offset"),
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
