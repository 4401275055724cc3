"""What waitlist resolvers share: entry fields and their checks, locking an entry and writing a
change with its history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import WaitlistAudit
from db.queries import waitlist as queries
from db.queries.practice import LOCATIONS, OPERATORIES
from db.rows.practice import OperatoryRow
from db.rows.waitlist import EntryRow
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, InvalidTransition, NotFound, Validation, VersionConflict
from resolvers.input_limits import check_length
from resolvers.lifecycle import references
from resolvers.mutation_runner import Transaction
from scheduling.waitlist import WaitlistStatus, can_transition, effective_status


@dataclass(frozen=True, slots=True)
class EntryFields:
    """Entry fields a client sets (None: unset / keep)."""

    provider_id: uuid.UUID | None = None
    appointment_type_id: uuid.UUID | None = None
    location_scope: str | None = None
    additional_location_ids: tuple[uuid.UUID, ...] | None = None
    estimated_duration_minutes: int | None = None
    date_from: Any = None
    date_to: Any = None
    preferred_days: tuple[int, ...] | None = None
    preferred_start_time: time | None = None
    preferred_end_time: time | None = None
    urgency: str | None = None
    priority: int | None = None
    treatment_value: Decimal | None = None
    note: str | None = None


def check_fields(f: EntryFields) -> None:
    """VALIDATION unless each field set is in range and the ranges are in order."""
    if f.estimated_duration_minutes is not None and not 5 <= f.estimated_duration_minutes <= 480:
        raise Validation(
            "estimatedDurationMinutes must be 5 to 480", field="estimatedDurationMinutes"
        )
    if f.date_from is not None and f.date_to is not None and f.date_to < f.date_from:
        raise Validation("dateTo must not be before dateFrom", field="dateTo")
    if (
        f.preferred_start_time is not None
        and f.preferred_end_time is not None
        and f.preferred_end_time <= f.preferred_start_time
    ):
        raise Validation(
            "preferredEndTime must be after preferredStartTime", field="preferredEndTime"
        )
    if f.priority is not None and not -100 <= f.priority <= 100:
        raise Validation("priority must be between -100 and 100", field="priority")
    if f.treatment_value is not None and (
        not f.treatment_value.is_finite() or not 0 <= f.treatment_value <= 10_000_000
    ):
        raise Validation("treatmentValue must be 0 to 10000000", field="treatmentValue")
    check_length(f.note, field="note")


async def check_references(connection: AsyncConnection, org: uuid.UUID, f: EntryFields) -> None:
    """NOT_FOUND unless the provider, type and locations set are the organization's."""
    if f.provider_id is not None:
        await references.require_providers(connection, org, (f.provider_id,), field="providerId")
    if f.appointment_type_id is not None:
        await references.require_type(connection, org, f.appointment_type_id)
    for location_id in f.additional_location_ids or ():
        await references.require(
            connection,
            LOCATIONS,
            organization_id=org,
            ident=location_id,
            field="additionalLocationIds",
            label="location",
        )


ARRAYS = ("additional_location_ids", "preferred_days")  # NOT NULL arrays: cleared is empty


def column_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Entry fields as column values: arrays as lists, a cleared array empty."""
    values = dict(fields)
    for key in ARRAYS:
        if key in values:
            values[key] = list(values[key] or ())
    return values


def entry_values(f: EntryFields) -> dict[str, Any]:
    """The fields set (not None), as column values."""
    return column_values(
        {
            key: getattr(f, key)
            for key in EntryFields.__dataclass_fields__
            if getattr(f, key) is not None
        }
    )


def duplicate_entry() -> Duplicate:
    """What the index of active entries (one per patient, location and type) means."""
    return Duplicate(
        "The patient already has an active waitlist entry for this location and type",
        field="appointmentTypeId",
    )


def _plain(value: Any) -> Any:
    """JSON-ready: numbers, strings and None as they are, lists item by item, times in ISO."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """The values JSON-ready, for history and request fingerprints."""
    return {key: _plain(value) for key, value in values.items()}


async def locked(
    connection: AsyncConnection,
    ctx: RequestContext,
    entry_id: uuid.UUID,
    base_version: int | None,
) -> tuple[EntryRow, WaitlistStatus]:
    """The entry locked for update and its read-time status; NOT_FOUND or VERSION_CONFLICT."""
    row = await queries.lock_entry(
        connection, organization_id=ctx.viewer.organization_id, entry_id=entry_id, now=ctx.now
    )
    if row is None:
        raise NotFound("No waitlist entry with this ID", field="waitlistEntryId")
    if base_version is not None and row.version != base_version:
        raise VersionConflict(
            f"The entry is at version {row.version}, not {base_version}", field="baseVersion"
        )
    return row, effective_status(row, queries.today_of(row))


def transition(current: WaitlistStatus, target: WaitlistStatus) -> None:
    """INVALID_TRANSITION unless the status machine allows current -> target."""
    if not can_transition(current, target):
        raise InvalidTransition(
            f"A {current.upper()} entry cannot become {target.upper()}", field="waitlistEntryId"
        )


async def change(
    tx: Transaction,
    row: EntryRow,
    action: str,
    values: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """Write the change and record its history (before/after of the fields changed)."""
    await queries.update_entry(tx.connection, entry_id=row.id, values=values)
    before = json_ready({key: getattr(row, key) for key in values})
    after = {**json_ready(values), **(extra or {})}
    tx.journal.record(WaitlistAudit(row.id, action, before, after))


@dataclass(frozen=True, slots=True)
class Offer:
    """The slot an offered entry holds out (offerWaitlistSlot writes all of it at once)."""

    operatory: OperatoryRow
    provider_id: uuid.UUID
    start_at: datetime
    end_at: datetime


async def require_offer(connection: AsyncConnection, entry: EntryRow) -> Offer:
    """The entry's offer and its operatory (accepting books or moves a visit into it)."""
    operatory_id, provider_id = entry.offered_operatory_id, entry.offered_provider_id
    start_at, end_at = entry.offered_start_at, entry.offered_end_at
    if operatory_id is None or provider_id is None or start_at is None or end_at is None:
        raise InvalidTransition("The entry holds no offer to accept", field="waitlistEntryId")
    operatory = await references.require(
        connection,
        OPERATORIES,
        organization_id=entry.organization_id,
        ident=operatory_id,
        field="waitlistEntryId",
        label="offered operatory",
    )
    return Offer(operatory, provider_id, start_at, end_at)
