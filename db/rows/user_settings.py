"""Rows of per-user settings: scheduling preferences, schedule views, saved searches."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol


class PreferenceRow(Protocol):
    """A patient_scheduling_preferences row."""

    organization_id: uuid.UUID
    patient_id: uuid.UUID
    days_of_week: list[int]
    window_starts: list[int]
    window_ends: list[int]
    provider_ids: list[uuid.UUID]
    location_ids: list[uuid.UUID]
    operatory_ids: list[uuid.UUID]
    contact_method: str | None
    notes: str
    learned_from_history: bool
    version: int
    updated_at: datetime


class OwnedRow(Protocol):
    """What schedule views and saved searches share: an owner, a name and a version."""

    id: uuid.UUID
    organization_id: uuid.UUID
    owner: str
    name: str
    version: int
    created_at: datetime
    updated_at: datetime


class ScheduleViewRow(OwnedRow, Protocol):
    """A schedule_views row."""

    shortcut: str | None
    is_default: bool
    operatory_ids: list[uuid.UUID]
    provider_ids: list[uuid.UUID]
    location_id: uuid.UUID | None
    shown_from: int
    shown_until: int
    step_minutes: int
    layout: str
    color_mode: str
    compact: bool
    privacy: bool


class SavedSearchRow(OwnedRow, Protocol):
    """A saved_searches row."""

    kind: str
    is_default: bool
    filter: dict[str, Any]
