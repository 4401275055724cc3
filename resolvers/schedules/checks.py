"""Input rules shared by the schedule mutations, raised as typed client errors."""

from __future__ import annotations

import uuid
from datetime import date, time

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.practice import PROVIDERS
from db.rows.practice import LocationRow, ProviderRow
from resolvers.errors import NotFound, Validation
from resolvers.input_limits import MAX_NOTE, check_length
from resolvers.lifecycle import references


def check_hours(start: time | None, end: time | None) -> None:
    """Local hours: both given and the end after the start (no overnight periods)."""
    if start is None:
        raise Validation("startTime is required", field="startTime")
    if end is None:
        raise Validation("endTime is required", field="endTime")
    if end <= start:
        raise Validation("endTime must be after startTime", field="endTime")


def check_effective(effective_from: date, effective_to: date | None) -> None:
    """An inclusive date range whose end is not before its start."""
    if effective_to is not None and effective_to < effective_from:
        raise Validation("effectiveTo must not be before effectiveFrom", field="effectiveTo")


def clean_text(
    text: str | None, *, field: str, limit: int = MAX_NOTE, required: bool = False
) -> str | None:
    """Trimmed text of at most `limit` characters; empty becomes None unless required."""
    cleaned = text.strip() if text is not None else ""
    check_length(cleaned, field=field, limit=limit)
    if not cleaned:
        if required:
            raise Validation(f"{field} must not be empty", field=field)
        return None
    return cleaned


async def require_provider(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> ProviderRow:
    """The provider or NotFound (another organization's included)."""
    return await references.require(
        connection,
        PROVIDERS,
        organization_id=organization_id,
        ident=ident,
        field="providerId",
        label="provider",
    )


async def require_site(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    *,
    location_id: uuid.UUID,
    operatory_id: uuid.UUID | None,
) -> LocationRow:
    """The location, and the operatory (when given) as an active one of that location."""
    location = await references.require_location(connection, organization_id, location_id)
    if operatory_id is not None:
        await references.require_operatory(
            connection, organization_id, operatory_id, location_id=location_id
        )
    return location


def not_found(label: str, field: str) -> NotFound:
    """NotFound for an id of this organization's kind of row."""
    return NotFound(f"No {label} with this ID", field=field)
