"""Rows of provider schedules, schedule notes and appointment type overlap rules."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Protocol

from db.rows.practice import TenantRow


class VersionedRow(TenantRow, Protocol):
    """A row that optimistic concurrency versions (version, created_at, updated_at)."""

    version: int
    created_at: datetime
    updated_at: datetime


class TemplateRow(VersionedRow, Protocol):
    """A provider_schedule_templates row: weekly working hours."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    operatory_id: uuid.UUID | None
    weekday: int
    start_time: time
    end_time: time
    effective_from: date
    effective_to: date | None
    note: str | None


class OverrideRow(VersionedRow, Protocol):
    """A provider_schedule_overrides row: one date's different hours, or a day off."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    operatory_id: uuid.UUID | None
    override_date: date
    is_unavailable: bool
    start_time: time | None
    end_time: time | None
    reason: str | None
    note: str | None


class ScheduleNoteRow(VersionedRow, Protocol):
    """A schedule_notes row."""

    location_id: uuid.UUID
    note_date: date
    note: str


class OverlapRuleRow(TenantRow, Protocol):
    """An appointment_type_overlap_rules row."""

    appointment_type_a_id: uuid.UUID
    appointment_type_b_id: uuid.UUID
    location_id: uuid.UUID | None
    allow_overlap: bool
    created_at: datetime
    updated_at: datetime
    version: int


class TypePairRow(Protocol):
    """An overlap rule's pair of appointment types, where it applies and its verdict."""

    appointment_type_a_id: uuid.UUID
    appointment_type_b_id: uuid.UUID
    location_id: uuid.UUID | None
    allow_overlap: bool
