"""Reads of the practice's directory: locations, operatories, providers, patients, types."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, any_, bindparam, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from db.queries import keyset
from db.queries.ids import by_ids, uuid_array
from db.queries.keyset import SortKey
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.practice import (
    AppointmentTypeRow,
    ConfirmationStatusRow,
    FlowStatusRow,
    LocationRow,
    OperatoryRow,
    OrganizationRow,
    PatientRow,
    ProviderRow,
)
from db.shapes import R, ShapedTable
from db.tables import (
    appointment_types,
    confirmation_statuses,
    flow_statuses,
    locations,
    operatories,
    organizations,
    patients,
    providers,
)

# The directory tables: read by id (below) and looked up by mutations (references.require).
LOCATIONS = ShapedTable(locations, LocationRow)
OPERATORIES = ShapedTable(operatories, OperatoryRow)
PROVIDERS = ShapedTable(providers, ProviderRow)
PATIENTS = ShapedTable(patients, PatientRow)
APPOINTMENT_TYPES = ShapedTable(appointment_types, AppointmentTypeRow)
CONFIRMATION_STATUSES = ShapedTable(confirmation_statuses, ConfirmationStatusRow)
FLOW_STATUSES = ShapedTable(flow_statuses, FlowStatusRow)


def _by_ids(kind: ShapedTable[R]) -> ReadStatement[R]:
    return ReadStatement(by_ids(kind.table), kind.shape)


LOCATIONS_BY_IDS = _by_ids(LOCATIONS)
OPERATORIES_BY_IDS = _by_ids(OPERATORIES)
PROVIDERS_BY_IDS = _by_ids(PROVIDERS)
PATIENTS_BY_IDS = _by_ids(PATIENTS)
APPOINTMENT_TYPES_BY_IDS = _by_ids(APPOINTMENT_TYPES)
CONFIRMATION_STATUSES_BY_IDS = _by_ids(CONFIRMATION_STATUSES)
FLOW_STATUSES_BY_IDS = _by_ids(FLOW_STATUSES)


async def organization(
    db: RequestDatabase, *, organization_id: uuid.UUID
) -> OrganizationRow | None:
    """The organization row."""
    statement = select(organizations).where(organizations.c.id == organization_id)
    return await db.fetch_one(statement, shape=OrganizationRow)


async def all_locations(db: RequestDatabase, *, organization_id: uuid.UUID) -> list[LocationRow]:
    """Every location of the organization, by name."""
    statement = (
        select(locations)
        .where(locations.c.organization_id == organization_id)
        .order_by(locations.c.name, locations.c.id)
    )
    return await db.fetch_all(statement, shape=LocationRow)


OPERATORIES_OF_LOCATIONS = ReadStatement(
    select(operatories)
    .where(
        operatories.c.organization_id == bindparam("organization_id"),
        operatories.c.location_id == any_(uuid_array("location_ids")),
        operatories.c.active.is_(True),
    )
    .order_by(operatories.c.location_id, operatories.c.sort_order, operatories.c.name),
    OperatoryRow,
)


async def operatories_of_locations(
    db: RequestDatabase, *, organization_id: uuid.UUID, location_ids: Sequence[uuid.UUID]
) -> list[OperatoryRow]:
    """Active operatories of the given locations, in display order."""
    params = {"organization_id": organization_id, "location_ids": list(location_ids)}
    return await db.fetch_all(OPERATORIES_OF_LOCATIONS, params)


async def all_appointment_types(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    include_archived: bool,
    include_hidden: bool,
    search: str | None,
) -> list[AppointmentTypeRow]:
    """Appointment types of the organization by display order and name; `search` keeps those
    whose name contains it, in any case."""
    table = appointment_types
    statement = select(table).where(table.c.organization_id == organization_id)
    if not include_archived:
        statement = statement.where(table.c.archived.is_(False))
    if not include_hidden:
        statement = statement.where(table.c.hidden.is_(False))
    if search is not None:
        statement = statement.where(table.c.name.ilike("%" + escape_like(search) + "%"))
    order = (table.c.display_order, table.c.name, table.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=AppointmentTypeRow)


async def all_confirmation_statuses(
    db: RequestDatabase, *, organization_id: uuid.UUID, include_inactive: bool
) -> list[ConfirmationStatusRow]:
    """The organization's confirmation statuses in their configured order."""
    table = confirmation_statuses
    statement = select(table).where(table.c.organization_id == organization_id)
    if not include_inactive:
        statement = statement.where(table.c.active.is_(True))
    order = (table.c.sort_order, table.c.name, table.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=ConfirmationStatusRow)


async def all_flow_statuses(
    db: RequestDatabase, *, organization_id: uuid.UUID, include_inactive: bool
) -> list[FlowStatusRow]:
    """The organization's patient flow statuses in their configured order."""
    statement = select(flow_statuses).where(flow_statuses.c.organization_id == organization_id)
    if not include_inactive:
        statement = statement.where(flow_statuses.c.active.is_(True))
    order = (flow_statuses.c.sort_order, flow_statuses.c.name, flow_statuses.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=FlowStatusRow)


def escape_like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (backslash escapes)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Patients by name: last, first (case-insensitive), then id.
PATIENT_ORDER = (
    SortKey(func.lower(patients.c.last_name), "text"),
    SortKey(func.lower(patients.c.first_name), "text"),
    SortKey(patients.c.id, "uuid"),
)


def _patient_conditions(
    organization_id: uuid.UUID, search: str | None, only_patient_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    """Patients whose name, chart number or email starts with every search word or whose
    phone contains it (a word that is a date, YYYY-MM-DD, also matches a patient born that
    day). Each alternative is one an index serves (ix_patients_search's trigrams,
    ix_patients_date_of_birth; migration 0027): keep them so when adding one."""
    conditions: list[ColumnElement[bool]] = [
        patients.c.organization_id == organization_id,
        # A duplicate merged into another patient is found as that patient.
        patients.c.merged_into_id.is_(None),
    ]
    if only_patient_id is not None:
        conditions.append(patients.c.id == only_patient_id)
    for word in (search or "").split():
        prefix = escape_like(word.lower()) + "%"
        matches: list[ColumnElement[bool]] = [
            func.lower(patients.c.last_name).like(prefix),
            func.lower(patients.c.first_name).like(prefix),
            func.lower(patients.c.chart_number).like(prefix),
            func.lower(patients.c.email).like(prefix),
            patients.c.phone.like("%" + escape_like(word) + "%"),
        ]
        born = _iso_date(word)
        if born is not None:
            matches.append(patients.c.date_of_birth == born)
        conditions.append(or_(*matches))
    return conditions


def _iso_date(word: str) -> date | None:
    """The date a search word writes as YYYY-MM-DD, if it is one."""
    if len(word) != 10 or word[4] != "-" or word[7] != "-":
        return None
    try:
        return date.fromisoformat(word)
    except ValueError:  # e.g. 1980-02-30
        return None


def patient_search(
    *,
    organization_id: uuid.UUID,
    search: str | None,
    only_patient_id: uuid.UUID | None,
    after: Sequence[Any] | None,
    limit: int,
) -> Select[Any]:
    """The statement of search_patients (tests EXPLAIN it: ix_patients_search serves it)."""
    conditions = _patient_conditions(organization_id, search, only_patient_id)
    if after is not None:
        conditions.append(keyset.after(PATIENT_ORDER, after))
    return (
        select(patients, *keyset.key_columns(PATIENT_ORDER))
        .where(*conditions)
        .order_by(*keyset.order_by(PATIENT_ORDER))
        .limit(limit)
    )


async def search_patients(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    search: str | None,
    only_patient_id: uuid.UUID | None,
    after: Sequence[Any] | None,
    limit: int,
) -> list[PatientRow]:
    """Matching patients by name (PATIENT_ORDER), after the position if any."""
    statement = patient_search(
        organization_id=organization_id,
        search=search,
        only_patient_id=only_patient_id,
        after=after,
        limit=limit,
    )
    return await db.fetch_all(statement, shape=PatientRow)


def patient_count(
    *, organization_id: uuid.UUID, search: str | None, only_patient_id: uuid.UUID | None
) -> Select[Any]:
    """The statement of count_patients."""
    conditions = _patient_conditions(organization_id, search, only_patient_id)
    return select(func.count().label("count")).select_from(patients).where(*conditions)


async def count_patients(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    search: str | None,
    only_patient_id: uuid.UUID | None,
) -> int:
    """How many patients match the search."""
    statement = patient_count(
        organization_id=organization_id, search=search, only_patient_id=only_patient_id
    )
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0


def type_procedure_codes(
    *, organization_id: uuid.UUID, appointment_type_id: uuid.UUID | None
) -> ColumnElement[Any]:
    """SQL for an appointment type's procedure codes ('{}' without a type), for an INSERT."""
    codes = (
        select(appointment_types.c.procedure_codes)
        .where(
            appointment_types.c.organization_id == organization_id,
            appointment_types.c.id == appointment_type_id,
        )
        .scalar_subquery()
    )
    return func.coalesce(codes, literal([], ARRAY(Text)))


def type_modality(
    *, organization_id: uuid.UUID, appointment_type_id: uuid.UUID | None
) -> ColumnElement[Any]:
    """SQL for an appointment type's modality (IN_PERSON without a type), for an INSERT."""
    modality = (
        select(appointment_types.c.modality)
        .where(
            appointment_types.c.organization_id == organization_id,
            appointment_types.c.id == appointment_type_id,
        )
        .scalar_subquery()
    )
    return func.coalesce(modality, literal("IN_PERSON", Text))
