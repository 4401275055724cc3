"""Looking up what a mutation input refers to, inside its transaction, with typed errors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

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
from db.tables import patients, providers
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
    row = await require(
        connection,
        OPERATORIES,
        organization_id=organization_id,
        ident=ident,
        field="operatoryId",
        label="operatory",
    )
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
    row = await one_or_none_as(connection, PATIENTS.shape, statement)
    if row is None:
        raise NotFound("No patient with this ID", field="patientId")
    if row.merged_into_id is not None:
        raise Validation(
            "This patient was merged into another; use the patient kept", field="patientId"
        )
    return row


async def require_type(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> AppointmentTypeRow:
    """A bookable (not archived) appointment type, or NotFound / Validation."""
    row = await require(
        connection,
        APPOINTMENT_TYPES,
        organization_id=organization_id,
        ident=ident,
        field="appointmentTypeId",
        label="appointment type",
    )
    if row.archived:
        raise Validation("This appointment type is archived", field="appointmentTypeId")
    return row


async def require_confirmation_status(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> ConfirmationStatusRow:
    """An active (not archived) confirmation status, or NotFound / Validation."""
    row = await require(
        connection,
        CONFIRMATION_STATUSES,
        organization_id=organization_id,
        ident=ident,
        field="confirmationStatusId",
        label="confirmation status",
    )
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
    if not idents:
        raise Validation("At least one provider is required", field=field)
    if len(set(idents)) != len(idents):
        raise Validation("A provider is listed twice", field=field)
    if len(idents) > 5:
        raise Validation("At most 5 providers per appointment", field=field)
    statement = select(providers).where(
        providers.c.organization_id == organization_id, providers.c.id.in_(list(idents))
    )
    found = {row.id: row for row in await all_as(connection, ProviderRow, statement)}
    if len(found) != len(idents):
        raise NotFound("No provider with this ID", field=field)
    if not all(found[ident].active for ident in idents):
        raise Validation("This provider is inactive", field=field)
    return [found[ident] for ident in idents]
