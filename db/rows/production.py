"""Rows of production goals and the production and month aggregates."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from db.rows.practice import TenantRow


class GoalRow(TenantRow, Protocol):
    """A production_goals row."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    goal_date: date
    goal_amount: Decimal
    created_at: datetime
    updated_at: datetime


class IdRow(Protocol):
    """The id of a row a statement wrote."""

    id: uuid.UUID


class UpsertedGoalRow(IdRow, Protocol):
    """A goal written by an upsert, and whether it was new."""

    inserted: bool


class ProductionTotalsRow(Protocol):
    """Production of a day (level 1), of a provider (level 2) or of the range (level 3)."""

    day: date | None
    provider_id: uuid.UUID | None
    level: int
    scheduled: Decimal
    completed: Decimal
    lost: Decimal
    goal: Decimal


class AppointmentDayRow(Protocol):
    """A local day's appointments of one (effective) status and their production."""

    day: date
    status: str
    appointments: int
    production: Decimal


class GoalDayRow(Protocol):
    """A date's goals of all providers at a location, summed."""

    day: date
    goal: Decimal


class BlockoutDayRow(Protocol):
    """Whether a visible blockout touches a local day, and whether one makes it a holiday."""

    day: date
    has_blockout: bool
    is_holiday: bool
