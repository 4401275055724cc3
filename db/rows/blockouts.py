"""Rows of blockouts, their types and templates."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Protocol

from db.rows.practice import TenantRow


class BlockoutTypeRow(TenantRow, Protocol):
    """A blockout_types row."""

    name: str
    abbreviation: str
    color: str
    no_schedule: bool
    do_not_copy: bool
    hidden: bool
    sort_order: int
    active: bool
    created_at: datetime
    version: int


class BlockoutRow(TenantRow, Protocol):
    """A blockouts row."""

    location_id: uuid.UUID
    operatory_id: uuid.UUID | None
    blockout_type_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    note: str | None
    recurrence_id: uuid.UUID | None
    created_at: datetime
    version: int


class BlockedRow(Protocol):
    """What the conflict rules need of a blockout (scheduling.blockouts.BlockedTime)."""

    id: uuid.UUID
    operatory_id: uuid.UUID | None
    start_at: datetime
    end_at: datetime
    type_no_schedule: bool


class LocatedBlockedRow(BlockedRow, Protocol):
    """A blockout as the conflict rules need it, and its location."""

    location_id: uuid.UUID


class TypedBlockoutRow(BlockoutRow, Protocol):
    """A blockouts row with its location's time zone and its type's name and flags."""

    time_zone: str
    type_name: str
    type_hidden: bool
    type_no_schedule: bool
    type_do_not_copy: bool


class BlockoutTemplateRow(TenantRow, Protocol):
    """A blockout_templates row."""

    name: str
    description: str | None
    location_id: uuid.UUID | None
    weekdays: list[int]
    hidden: bool
    sort_order: int
    active: bool
    created_at: datetime
    version: int


class TemplateItemRow(TenantRow, Protocol):
    """A blockout_template_items row."""

    template_id: uuid.UUID
    blockout_type_id: uuid.UUID
    operatory_id: uuid.UUID | None
    start_time: time
    end_time: time
    note: str | None
    sort_order: int


class ItemToApplyRow(TemplateItemRow, Protocol):
    """A template item with its type's name and its operatory's location and state (None for
    a location-wide item)."""

    type_name: str
    operatory_location_id: uuid.UUID | None
    operatory_active: bool | None


class OverlapRow(Protocol):
    """A written blockout and another it overlaps: the other's type name and times, and the
    location's time zone to say them in."""

    blockout_id: uuid.UUID
    overlapping_id: uuid.UUID
    type_name: str
    start_at: datetime
    end_at: datetime
    time_zone: str
