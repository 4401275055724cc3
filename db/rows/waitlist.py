"""Rows of waitlist entries, their contacts and history."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

from db.rows.practice import TenantRow


class WaitlistEntryRow(TenantRow, Protocol):
    """A waitlist_entries row."""

    patient_id: uuid.UUID
    home_location_id: uuid.UUID
    location_scope: str
    additional_location_ids: list[uuid.UUID]
    provider_id: uuid.UUID | None
    appointment_type_id: uuid.UUID | None
    estimated_duration_minutes: int | None
    date_from: date | None
    date_to: date | None
    preferred_days: list[int]
    preferred_start_time: time | None
    preferred_end_time: time | None
    urgency: str
    priority: int
    source: str
    treatment_value: Decimal | None
    note: str | None
    linked_appointment_id: uuid.UUID | None
    recall_id: uuid.UUID | None
    status: str
    offered_start_at: datetime | None
    offered_end_at: datetime | None
    offered_operatory_id: uuid.UUID | None
    offered_provider_id: uuid.UUID | None
    offer_expires_at: datetime | None
    patient_response: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class EntryRow(WaitlistEntryRow, Protocol):
    """An entry with the local dates (home location's zone) it was read on and created on."""

    local_today: date
    local_created_on: date


class QuickFillEntryRow(EntryRow, Protocol):
    """An entry with the start of its linked visit while that visit is still booked."""

    linked_visit_start_at: datetime | None


class ContactRow(TenantRow, Protocol):
    """A waitlist_contacts row."""

    entry_id: uuid.UUID
    method: str
    initiated_by: str
    slot_offered: bool
    note: str | None
    actor: str
    occurred_at: datetime


class WaitlistHistoryRow(TenantRow, Protocol):
    """A waitlist_history row."""

    entry_id: uuid.UUID
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    occurred_at: datetime
