"""Reads of appointments: by id, by calendar range, and keyset-paginated lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from typing import cast as typed

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID, aggregate_order_by, array

from db.composite_rows import CompositeRows
from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.records import record_type
from db.request_database import RequestDatabase
from db.rows.appointments import (
    AdditionalProviderRow,
    AppointmentCoreRow,
    AppointmentWithPeopleRow,
    ZonedAppointmentRow,
    ZonedCoreRow,
)
from db.rows.practice import PatientRow, ProviderRow
from db.shapes import fields_of
from db.tables import appointment_providers, appointments, locations, patients, providers
from scheduling.appointment_status import AppointmentStatus


def with_zone(*columns: ColumnElement[Any]) -> Select[Any]:
    """Appointment columns (default: all) plus the location's time zone, which every
    local-time field needs."""
    return select(*(columns or (appointments,)), locations.c.time_zone).join(
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


def _with_people(match: ColumnElement[bool]) -> ReadStatement[AppointmentWithPeopleRow]:
    """Appointments matching `match` in the organization, with the people every view of an
    appointment shows: its patient and providers ride along as composite values, so a
    `node(id)` needs one statement, not four."""
    return ReadStatement(
        with_zone()
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
        .where(appointments.c.organization_id == bindparam("organization_id"), match),
        AppointmentWithPeopleRow,
    )


APPOINTMENTS_WITH_PEOPLE_BY_IDS = _with_people(appointments.c.id == any_(uuid_array("ids")))
# One appointment (a `node(id)`): PostgreSQL estimates `id = ANY($2)` at ten rows when it
# weighs a generic plan, so it planned the five subqueries above again on every execution
# (0.5 ms of the server's time, more than executing it); an equality it estimates at one row,
# so after five executions it keeps one generic plan (tests/db/test_generic_plans.py).
APPOINTMENT_WITH_PEOPLE_BY_ID = _with_people(
    appointments.c.id == bindparam("id", type_=UUID(as_uuid=True))
)

# The appointment's own columns (and zone) lead each row: records of just those.
_APPOINTMENT = record_type(tuple(with_zone().selected_columns.keys()))._make
_WIDTH = len(with_zone().selected_columns)
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
    params: dict[str, Any] = {"organization_id": organization_id}
    statement = APPOINTMENTS_WITH_PEOPLE_BY_IDS
    if len(ids) == 1:
        statement, params["id"] = APPOINTMENT_WITH_PEOPLE_BY_ID, ids[0]
    else:
        params["ids"] = list(ids)
    found = AppointmentsWithPeople([], [], [], {})
    for row in await db.fetch_all(statement, params):
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
    core_only: bool = False,
) -> Sequence[ZonedCoreRow]:
    """Appointments of a location that start in [starts_from, starts_before), in time order:
    whole rows (ZonedAppointmentRow), or with `core_only` their core columns alone."""
    params = {
        "organization_id": organization_id,
        "location_id": location_id,
        "starts_from": starts_from,
        "starts_before": starts_before,
        "statuses": [status.value for status in statuses],
    }
    if core_only:
        return await db.fetch_all(CORES_STARTING_BETWEEN, params)
    return await db.fetch_all(APPOINTMENTS_STARTING_BETWEEN, params)


def _starting_between(statement: Select[Any]) -> Select[Any]:
    return statement.where(
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
    ).order_by(appointments.c.start_at, appointments.c.id)


APPOINTMENTS_STARTING_BETWEEN = ReadStatement(_starting_between(with_zone()), ZonedAppointmentRow)
# A calendar whose query reads only the core fields: 19 of 40 columns to send and decode.
CORES_STARTING_BETWEEN = ReadStatement(
    _starting_between(with_zone(*(appointments.c[name] for name in fields_of(AppointmentCoreRow)))),
    ZonedCoreRow,
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
