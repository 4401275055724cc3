"""DayOfWeek: the one way the schema names a day of the week, and its conversions to the two
ways the database stores one. Waitlist entries and patient preferences store ISO weekdays (1
Monday to 7 Sunday, date.isoweekday()); schedule and blockout templates store 0 Monday to 6
Sunday (date.weekday()). Storage stays as it is; every field, argument and input converts here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import strawberry

from resolvers.errors import Validation


@strawberry.enum(description="A day of the week.")
class DayOfWeek(enum.Enum):
    # The values are ISO weekdays; GraphQL shows only the names.
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7


def distinct(days: Iterable[DayOfWeek], *, field: str) -> list[DayOfWeek]:
    """The days as given, or VALIDATION at `field` when one is listed twice: every list of
    weekdays the schema takes names each day once."""
    listed = list(days)
    if len(set(listed)) != len(listed):
        raise Validation("A weekday is listed twice", field=field)
    return listed


def from_iso(days: Iterable[int]) -> list[DayOfWeek]:
    """Stored ISO weekdays (1 Monday to 7) as days of the week."""
    return [DayOfWeek(day) for day in days]


def to_iso(days: Iterable[DayOfWeek]) -> tuple[int, ...]:
    """Days of the week as ISO weekdays (1 Monday to 7), in the given order."""
    return tuple(day.value for day in days)


def from_weekday(weekday: int) -> DayOfWeek:
    """A stored 0 (Monday) to 6 (Sunday) weekday as a day of the week."""
    return DayOfWeek(weekday + 1)


def to_weekday(day: DayOfWeek) -> int:
    """A day of the week as 0 (Monday) to 6 (Sunday), as templates store it."""
    return day.value - 1


def iso_names(days: Iterable[int | str]) -> list[str]:
    """Stored ISO weekdays as the enum's names, as history shows a value."""
    # The demo's 'added' history stores its list items as text ("2"), the mutations as numbers.
    return [day.name for day in from_iso(int(day) for day in days)]
