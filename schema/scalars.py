"""Custom scalars: strict Date, Time, DateTime and Decimal, and a date-or-instant bound.

Strawberry's built-in Date, Time, DateTime and Decimal accept years 1..9999, times with UTC
offsets, naive date-times, NaN and any length; the overrides below (registered in SCALAR_MAP
under the same names, so the SDL's types do not change) refuse all of that during coercion.
"""

from __future__ import annotations

import datetime as dt
import decimal
from datetime import date, datetime
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from schema.scalar_parsing import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_DECIMAL_LENGTH,
    parse_date,
    parse_date_or_datetime,
    parse_datetime,
    parse_decimal,
    parse_time,
    strict,
)

# The Python type annotating fields; its GraphQL definition is registered in SCALAR_MAP.
# `date` as the base covers both: datetime is a subclass of date.
DateOrDateTime = NewType("DateOrDateTime", date)

_RANGE = f"between {EARLIEST_DATE} and {LATEST_DATE}"


def isoformat(value: date | dt.time) -> str:
    """ISO 8601 text of a date, time or aware date-time."""
    return value.isoformat()


SCALAR_MAP: dict[object, ScalarDefinition] = {
    DateOrDateTime: strawberry.scalar(
        name="DateOrDateTime",
        description=(
            "Either a local date (YYYY-MM-DD), read in the location's time zone, or an ISO 8601 "
            f"date-time with a UTC offset (an exact instant); {_RANGE}."
        ),
        serialize=isoformat,
        parse_value=strict(parse_date_or_datetime, "DateOrDateTime"),
    ),
    dt.date: strawberry.scalar(
        name="Date",
        description=f"A calendar date, YYYY-MM-DD, {_RANGE}.",
        serialize=isoformat,
        parse_value=strict(parse_date, "Date"),
    ),
    dt.time: strawberry.scalar(
        name="Time",
        description=(
            "A local wall-clock time, HH:MM, HH:MM:SS or HH:MM:SS.ffffff, read in the "
            "location's time zone; a UTC offset is refused."
        ),
        serialize=isoformat,
        parse_value=strict(parse_time, "Time"),
    ),
    datetime: strawberry.scalar(
        name="DateTime",
        description=(
            "An instant: an ISO 8601 date-time with a UTC offset, e.g. "
            f"2026-11-16T09:00:00-06:00, {_RANGE}."
        ),
        serialize=isoformat,
        parse_value=strict(parse_datetime, "DateTime"),
    ),
    decimal.Decimal: strawberry.scalar(
        name="Decimal",
        description=(
            "A decimal amount as a string (or a JSON number), at most 40 characters; each "
            "field documents its own range."
        ),
        serialize=str,
        parse_value=strict(parse_decimal, "Decimal", MAX_DECIMAL_LENGTH, numbers=True),
    ),
}
