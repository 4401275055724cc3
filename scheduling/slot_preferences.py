"""Slot search ordered by a patient's scheduling preferences (pure; no database, no GraphQL).

A slot misses a preference when the patient named some and the slot is none of them: its
local weekday is not a preferred day; its local start and end do not both lie within one
preferred time-of-day window; its provider is not a preferred provider; its location is not a
preferred location. Slots with fewer misses come first; among equals the search's own order
(earliest first) stands, so without preferences the order is unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduling.slots import Slot

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class SlotPreferences:
    """What a patient prefers; an empty collection does not restrict."""

    days_of_week: frozenset[int]  # ISO: 1 Monday ... 7 Sunday
    windows: tuple[tuple[int, int], ...]  # local [start, end) minutes after midnight
    provider_ids: frozenset[uuid.UUID]
    location_ids: frozenset[uuid.UUID]


def misses(slot: Slot, prefs: SlotPreferences, zone: ZoneInfo, location_id: uuid.UUID) -> int:
    """How many of the patient's preferences the slot does not meet (0: all of them)."""
    local_start = slot.start_at.astimezone(zone)
    missed = 0
    if prefs.days_of_week and local_start.isoweekday() not in prefs.days_of_week:
        missed += 1
    if prefs.windows and not within_windows(slot.start_at, slot.end_at, zone, prefs.windows):
        missed += 1
    if prefs.provider_ids and slot.provider_id not in prefs.provider_ids:
        missed += 1
    if prefs.location_ids and location_id not in prefs.location_ids:
        missed += 1
    return missed


def within_windows(
    start_at: datetime, end_at: datetime, zone: ZoneInfo, windows: Sequence[tuple[int, int]]
) -> bool:
    """Whether the local start and end both lie within one of the time-of-day windows."""
    local_start, local_end = start_at.astimezone(zone), end_at.astimezone(zone)
    start = local_start.hour * 60 + local_start.minute
    # An end at or past midnight of the next day lies after every window of this day.
    if local_end.date() == local_start.date():
        end = local_end.hour * 60 + local_end.minute
    else:
        end = MINUTES_PER_DAY + 1
    return any(low <= start and end <= high for low, high in windows)


def preferred_first(
    slots: Sequence[Slot], prefs: SlotPreferences, zone: ZoneInfo, location_id: uuid.UUID
) -> list[Slot]:
    """The slots, those meeting more preferences first, otherwise in their given order."""
    return sorted(slots, key=lambda slot: misses(slot, prefs, zone, location_id))
