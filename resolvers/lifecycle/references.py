"""Looking up what a mutation input refers to, inside its transaction, with typed errors."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.practice import (
    APPOINTMENT_TYPES,
    CONFIRMATION_STATUSES,
    LOCATIONS,
    OPERATORIES,
    PATIENTS,
)
from db.rows.practice import (
    AppointmentTypeRow,
    ConfirmationStatusRow,
    LocationRow,
    OperatoryRow,
    PatientRow,
    ProviderRow,
)
from db.shapes import R, ShapedTable, all_as, one_or_none_as
from db.tables import (
    appointment_types,
    confirmation_statuses,
    operatories,
    patients,
    providers,
)
from resolvers.errors import NotFound, Validation


async def require(
    connection: AsyncConnection,
    kind: ShapedTable[R],
    *,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    field: str,
    label: str,
) -> R:
    """The row of `kind` (e.g. db.queries.practice.LOCATIONS), or NotFound naming the input
    field (another organization's id included)."""
    table = kind.table
    statement = select(table).where(table.c.organization_id == organization_id, table.c.id == ident)
    row = await one_or_none_as(connection, kind.shape, statement)
    return present(row, field=field, label=label)


def present(row: R | None, *, field: str, label: str) -> R:
    """The row read, or NotFound naming the input field."""
    if row is None:
        raise NotFound(f"No {label} with this ID", field=field)
    return row


async def require_location(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> LocationRow:
    """The location or NotFound."""
    return await require(
        connection,
        LOCATIONS,
        organization_id=organization_id,
        ident=ident,
        field="locationId",
        label="location",
    )


async def require_operatory(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    *,
    location_id: uuid.UUID,
) -> OperatoryRow:
    """An active operatory of the location, or NotFound / Validation."""
    statement = select(operatories).where(
        operatories.c.organization_id == organization_id, operatories.c.id == ident
    )
    return usable_operatory(
        await one_or_none_as(connection, OPERATORIES.shape, statement), location_id=location_id
    )


def usable_operatory(row: OperatoryRow | None, *, location_id: uuid.UUID) -> OperatoryRow:
    """The operatory read, if it is active and at the location; else NotFound / Validation."""
    row = present(row, field="operatoryId", label="operatory")
    if row.location_id != location_id:
        raise Validation("The operatory is not at this location", field="operatoryId")
    if not row.active:
        raise Validation("The operatory is not in use", field="operatoryId")
    return row


async def require_patient(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> PatientRow:
    """The patient, or NotFound; Validation for a duplicate merged into another patient.

    Read under a KEY SHARE lock until the transaction ends: a merge of this patient (which
    locks the row for update) waits for this booking, or this read waits for the merge and
    then sees the patient merged."""
    statement = (
        select(patients)
        .where(patients.c.organization_id == organization_id, patients.c.id == ident)
        .with_for_update(key_share=True)
    )
    return usable_patient(await one_or_none_as(connection, PATIENTS.shape, statement))


def usable_patient(row: PatientRow | None) -> PatientRow:
    """The patient read, unless missing (NotFound) or merged into another (Validation)."""
    row = present(row, field="patientId", label="patient")
    if row.merged_into_id is not None:
        raise Validation(
            "This patient was merged into another; use the patient kept", field="patientId"
        )
    return row


async def require_type(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> AppointmentTypeRow:
    """A bookable (not archived) appointment type, or NotFound / Validation."""
    statement = select(appointment_types).where(
        appointment_types.c.organization_id == organization_id, appointment_types.c.id == ident
    )
    return usable_type(await one_or_none_as(connection, APPOINTMENT_TYPES.shape, statement))


def usable_type(row: AppointmentTypeRow | None) -> AppointmentTypeRow:
    """The appointment type read, unless missing (NotFound) or archived (Validation)."""
    row = present(row, field="appointmentTypeId", label="appointment type")
    if row.archived:
        raise Validation("This appointment type is archived", field="appointmentTypeId")
    return row


async def require_confirmation_status(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> ConfirmationStatusRow:
    """An active (not archived) confirmation status, or NotFound / Validation."""
    statement = select(confirmation_statuses).where(
        confirmation_statuses.c.organization_id == organization_id,
        confirmation_statuses.c.id == ident,
    )
    return usable_confirmation_status(
        await one_or_none_as(connection, CONFIRMATION_STATUSES.shape, statement)
    )


def usable_confirmation_status(row: ConfirmationStatusRow | None) -> ConfirmationStatusRow:
    """The status read, unless missing (NotFound) or archived (Validation)."""
    row = present(row, field="confirmationStatusId", label="confirmation status")
    if not row.active:
        raise Validation(
            f"The confirmation status '{row.name}' is archived", field="confirmationStatusId"
        )
    return row


async def require_providers(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    idents: Sequence[uuid.UUID],
    *,
    field: str = "providerIds",
) -> list[ProviderRow]:
    """Active providers, in the given order: the first is the primary one; errors name `field`."""
    check_provider_list(idents, field=field)
    statement = select(providers).where(
        providers.c.organization_id == organization_id, providers.c.id.in_(list(idents))
    )
    found = {row.id: row for row in await all_as(connection, ProviderRow, statement)}
    return usable_providers(idents, found, field=field)


def check_provider_list(idents: Sequence[uuid.UUID], *, field: str) -> None:
    """VALIDATION for no provider, one listed twice, or more than 5."""
    if not idents:
        raise Validation("At least one provider is required", field=field)
    if len(set(idents)) != len(idents):
        raise Validation("A provider is listed twice", field=field)
    if len(idents) > 5:
        raise Validation("At most 5 providers per appointment", field=field)


def usable_providers(
    idents: Sequence[uuid.UUID], found: Mapping[uuid.UUID, ProviderRow], *, field: str
) -> list[ProviderRow]:
    """The listed providers among those read, in order; NotFound / Validation (inactive)."""
    if not all(ident in found for ident in idents):
        raise NotFound("No provider with this ID", field=field)
    if not all(found[ident].active for ident in idents):
        raise Validation("This provider is inactive", field=field)
    return [found[ident] for ident in idents]
