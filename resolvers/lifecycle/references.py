"""Looking up what a mutation input refers to, inside its transaction, with typed errors.

`References` reads each kind of row by id (one statement text: `= ANY(:ids)`), once, and checks
it; `booking_reads.BookingReads` adds the links and schedules a booking's rules read."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import by_ids
from db.queries.practice import (
    APPOINTMENT_TYPES,
    CONFIRMATION_STATUSES,
    LOCATIONS,
    OPERATORIES,
    PATIENTS,
    PROVIDERS,
)
from db.rows.practice import (
    AppointmentTypeRow,
    ConfirmationStatusRow,
    LocationRow,
    OperatoryRow,
    PatientRow,
    ProviderRow,
)
from db.shapes import R, ShapedTable, all_as
from resolvers.errors import NotFound, Validation


class References:
    """The rows an input names, read in one organization on a transaction's connection, each
    at most once per References (cached by id, the ids that named none too)."""

    def __init__(self, connection: AsyncConnection, organization_id: uuid.UUID) -> None:
        self.connection = connection
        self.organization_id = organization_id
        self._rows: dict[tuple[str, uuid.UUID], Any] = {}

    async def rows(
        self, kind: ShapedTable[R], idents: Iterable[uuid.UUID], *, lock: bool = False
    ) -> dict[uuid.UUID, R]:
        """The rows of `kind` (e.g. db.queries.practice.LOCATIONS) with these ids, by id, the
        ones not read before in one statement; `lock`: KEY SHARE until the transaction ends (a
        merge of the patient waits for the booking, or the booking waits for the merge and
        then sees the patient merged)."""
        wanted = list(idents)
        missing = sorted({i for i in wanted if (kind.table.name, i) not in self._rows})
        if missing:
            statement = by_ids(kind.table).order_by(kind.table.c.id)
            if lock:
                statement = statement.with_for_update(key_share=True)
            params = {"organization_id": self.organization_id, "ids": missing}
            found: list[Any] = await all_as(self.connection, kind.shape, statement, params)
            self._rows.update(((kind.table.name, i), None) for i in missing)
            self._rows.update(((kind.table.name, row.id), row) for row in found)
        cached = {i: self._rows[(kind.table.name, i)] for i in wanted}
        return {i: row for i, row in cached.items() if row is not None}

    async def row(self, kind: ShapedTable[R], ident: uuid.UUID, *, lock: bool = False) -> R | None:
        """The row of `kind` with this id, if the organization has one."""
        return (await self.rows(kind, [ident], lock=lock)).get(ident)

    def cached(self, kind: ShapedTable[R], ident: uuid.UUID) -> R | None:
        """The row of `kind` with this id if read before (else None: not read, or none)."""
        row: R | None = self._rows.get((kind.table.name, ident))
        return row

    async def read_ahead(
        self,
        *,
        locations: Iterable[uuid.UUID],
        operatories: Iterable[uuid.UUID],
        patients: Iterable[uuid.UUID],
        providers: Iterable[uuid.UUID],
        types: Iterable[uuid.UUID],
        confirmation_statuses: Iterable[uuid.UUID],
    ) -> None:
        """Read the rows of many bookings at once, a statement per kind (patients locked as
        `patient` locks them); the checks below then read nothing."""
        await self.rows(LOCATIONS, locations)
        await self.rows(OPERATORIES, operatories)
        await self.rows(PATIENTS, patients, lock=True)
        await self.rows(PROVIDERS, providers)
        await self.rows(APPOINTMENT_TYPES, types)
        await self.rows(CONFIRMATION_STATUSES, confirmation_statuses)

    async def location(self, ident: uuid.UUID) -> LocationRow:
        """The location, or NotFound."""
        row = await self.row(LOCATIONS, ident)
        return present(row, field="locationId", label="location")

    async def operatory(self, ident: uuid.UUID, *, location_id: uuid.UUID) -> OperatoryRow:
        """An active operatory of the location, or NotFound / Validation."""
        found = await self.row(OPERATORIES, ident)
        row = present(found, field="operatoryId", label="operatory")
        if row.location_id != location_id:
            raise Validation("The operatory is not at this location", field="operatoryId")
        if not row.active:
            raise Validation("The operatory is not in use", field="operatoryId")
        return row

    async def patient(self, ident: uuid.UUID) -> PatientRow:
        """The patient (KEY SHARE locked), or NotFound; Validation for a duplicate merged into
        another patient."""
        row = await self.row(PATIENTS, ident, lock=True)
        row = present(row, field="patientId", label="patient")
        if row.merged_into_id is not None:
            raise Validation(
                "This patient was merged into another; use the patient kept", field="patientId"
            )
        return row

    async def appointment_type(self, ident: uuid.UUID) -> AppointmentTypeRow:
        """A bookable (not archived) appointment type, or NotFound / Validation."""
        row = await self.row(APPOINTMENT_TYPES, ident)
        row = present(row, field="appointmentTypeId", label="appointment type")
        if row.archived:
            raise Validation("This appointment type is archived", field="appointmentTypeId")
        return row

    async def confirmation_status(self, ident: uuid.UUID) -> ConfirmationStatusRow:
        """An active (not archived) confirmation status, or NotFound / Validation."""
        row = await self.row(CONFIRMATION_STATUSES, ident)
        row = present(row, field="confirmationStatusId", label="confirmation status")
        if not row.active:
            raise Validation(
                f"The confirmation status '{row.name}' is archived", field="confirmationStatusId"
            )
        return row

    async def providers(
        self, idents: Sequence[uuid.UUID], *, field: str = "providerIds"
    ) -> list[ProviderRow]:
        """Active providers, in the given order (the first is the primary one); VALIDATION for
        none, one listed twice or more than 5; errors name `field`."""
        if not idents:
            raise Validation("At least one provider is required", field=field)
        if len(set(idents)) != len(idents):
            raise Validation("A provider is listed twice", field=field)
        if len(idents) > 5:
            raise Validation("At most 5 providers per appointment", field=field)
        found = await self.rows(PROVIDERS, idents)
        if not all(ident in found for ident in idents):
            raise NotFound("No provider with this ID", field=field)
        if not all(found[ident].active for ident in idents):
            raise Validation("This provider is inactive", field=field)
        return [found[ident] for ident in idents]


def present(row: R | None, *, field: str, label: str) -> R:
    """The row read, or NotFound naming the input field."""
    if row is None:
        raise NotFound(f"No {label} with this ID", field=field)
    return row


async def require(
    connection: AsyncConnection,
    kind: ShapedTable[R],
    *,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    field: str,
    label: str,
) -> R:
    """The row of `kind`, or NotFound naming the input field (another organization's id
    included)."""
    row = await References(connection, organization_id).row(kind, ident)
    return present(row, field=field, label=label)


async def require_location(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> LocationRow:
    """References.location, read once."""
    return await References(connection, organization_id).location(ident)


async def require_operatory(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    *,
    location_id: uuid.UUID,
) -> OperatoryRow:
    """References.operatory, read once."""
    return await References(connection, organization_id).operatory(ident, location_id=location_id)


async def require_patient(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> PatientRow:
    """References.patient, read once."""
    return await References(connection, organization_id).patient(ident)


async def require_type(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> AppointmentTypeRow:
    """References.appointment_type, read once."""
    return await References(connection, organization_id).appointment_type(ident)


async def require_confirmation_status(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> ConfirmationStatusRow:
    """References.confirmation_status, read once."""
    return await References(connection, organization_id).confirmation_status(ident)


async def require_providers(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    idents: Sequence[uuid.UUID],
    *,
    field: str = "providerIds",
) -> list[ProviderRow]:
    """References.providers, read once."""
    return await References(connection, organization_id).providers(idents, field=field)
