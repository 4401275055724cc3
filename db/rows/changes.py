"""Rows of the change log (migration 0015) and of the holds a live view starts with."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol


class ChangeRow(Protocol):
    """A change_log row: one committed change of one row."""

    organization_id: uuid.UUID
    txid: int
    entity_id: uuid.UUID
    change_id: int | None
    entity: str
    operation: str
    location_id: uuid.UUID | None
    previous_location_id: uuid.UUID | None
    patient_id: uuid.UUID | None
    starts_at: datetime | None
    ends_at: datetime | None
    previous_starts_at: datetime | None
    previous_ends_at: datetime | None
    on_date: date | None
    previous_on_date: date | None
    status: str | None
    previous_status: str | None
    hold_expires_at: datetime | None
    moved: bool
    providers_changed: bool
    committed_at: datetime
    location_scope: str | None
    previous_location_scope: str | None
    additional_location_ids: list[uuid.UUID] | None
    previous_additional_location_ids: list[uuid.UUID] | None


class ChangeHeadRow(Protocol):
    """An organization's last change id."""

    last_change_id: int


class ChangeTimeRow(Protocol):
    """When a change was committed."""

    committed_at: datetime


class HoldRow(Protocol):
    """A hold, with what the hold timer and the views need of it."""

    id: uuid.UUID
    organization_id: uuid.UUID
    location_id: uuid.UUID
    patient_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    status: str
    hold_expires_at: datetime | None
