"""Looking up what a mutation input refers to, inside its transaction, with typed errors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import AppointmentType, ConfirmationStatus, Location, Operatory, Patient, Provider
from resolvers.errors import NotFound, Validation


async def _row(
    connection: AsyncConnection, model: Any, organization_id: uuid.UUID, ident: uuid.UUID
) -> Row[Any] | None:
    table: Table = model.__table__
    statement = select(table).where(table.c.organization_id == organization_id, table.c.id == ident)
    return (await connection.execute(statement)).one_or_none()


async def require(
    connection: AsyncConnection,
    model: Any,
    *,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    field: str,
    label: str,
) -> Row[Any]:
    """The row, or NotFound naming the input field (another organization's id included)."""
    row = await _row(connection, model, organization_id, ident)
    if row is None:
        raise NotFound(f"No {label} with this ID", field=field)
    return row


async def require_location(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> Row[Any]:
    """The location or NotFound."""
    return await require(
        connection,
        Location,
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
) -> Row[Any]:
    """An active operatory of the location, or NotFound / Validation."""
    row = await require(
        connection,
        Operatory,
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
) -> Row[Any]:
    """The patient or NotFound."""
    return await require(
        connection,
        Patient,
        organization_id=organization_id,
        ident=ident,
        field="patientId",
        label="patient",
    )


async def require_type(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> Row[Any]:
    """A bookable (not archived) appointment type, or NotFound / Validation."""
    row = await require(
        connection,
        AppointmentType,
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
) -> Row[Any]:
    """The confirmation status or NotFound."""
    return await require(
        connection,
        ConfirmationStatus,
        organization_id=organization_id,
        ident=ident,
        field="confirmationStatusId",
        label="confirmation status",
    )


async def require_providers(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    idents: Sequence[uuid.UUID],
    *,
    field: str = "providerIds",
) -> list[Row[Any]]:
    """Active providers, in the given order: the first is the primary one; errors name `field`."""
    if not idents:
        raise Validation("At least one provider is required", field=field)
    if len(set(idents)) != len(idents):
        raise Validation("A provider is listed twice", field=field)
    if len(idents) > 5:
        raise Validation("At most 5 providers per appointment", field=field)
    table: Table = Provider.__table__  # type: ignore[assignment]
    statement = select(table).where(
        table.c.organization_id == organization_id, table.c.id.in_(list(idents))
    )
    found = {row.id: row for row in (await connection.execute(statement)).all()}
    if len(found) != len(idents):
        raise NotFound("No provider with this ID", field=field)
    if not all(found[ident].active for ident in idents):
        raise Validation("This provider is inactive", field=field)
    return [found[ident] for ident in idents]
