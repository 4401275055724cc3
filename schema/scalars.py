"""Custom scalars: a date-or-instant bound for filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition


def parse_date_or_datetime(value: object) -> date | datetime:
    """A YYYY-MM-DD local date, or an ISO 8601 date-time that carries a UTC offset."""
    if not isinstance(value, str):
        raise ValueError("expected a string such as 2026-11-16 or 2026-11-16T09:00:00-06:00")
    if len(value) == 10:
        return date.fromisoformat(value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(
            f"{value!r} has no UTC offset; send a date, or a date-time such as "
            "2026-11-16T09:00:00-06:00"
        )
    return parsed


def serialize_date_or_datetime(value: date | datetime) -> str:
    """ISO 8601 text of a date or an aware date-time."""
    return value.isoformat()


# The Python type annotating fields; its GraphQL definition is registered in SCALAR_MAP.
# `date` as the base covers both: datetime is a subclass of date.
DateOrDateTime = NewType("DateOrDateTime", date)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    DateOrDateTime: strawberry.scalar(
        name="DateOrDateTime",
        description=(
            "Either a local date (YYYY-MM-DD), read in the location's time zone, or an ISO 8601 "
            "date-time with a UTC offset (an exact instant)."
        ),
        serialize=serialize_date_or_datetime,
        parse_value=parse_date_or_datetime,
    )
}
