"""Strict parsers for the date, time and number scalars: typed, bounded, never a server error.

Every parser raises StrawberryInputCoercionError, which graphql-core turns into a coercion
error (BAD_USER_INPUT) naming the variable and the path of the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, DecimalException, InvalidOperation
from typing import TypeVar

from strawberry.exceptions import StrawberryInputCoercionError

# The calendar the API accepts. Wide enough for birth dates and far-future templates, narrow
# enough that date arithmetic (a week, a month, 180 days of slot search) never leaves Python's
# or PostgreSQL's range: fuzzing found INTERNAL errors for dates near 9999-12-31.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)

# Longest text a date, time, date-time or decimal may be: 2026-11-16T09:00:00.123456+05:30 is
# 32 characters. Refusing longer text before parsing keeps a 100 KB string from being parsed.
MAX_TEMPORAL_LENGTH = 40
MAX_DECIMAL_LENGTH = 40

# HH:MM, HH:MM:SS or HH:MM:SS.ffffff (1-6 fraction digits); no offset, no "Z", no other forms.
_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?", re.ASCII)
# YYYY-MM-DD only: fromisoformat also reads 20261116 and 2026-W47-1, which nobody means.
# re.ASCII: \d would otherwise match any script's digits.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

T = TypeVar("T")


def _shown(value: str) -> str:
    """The value as an error message quotes it: short, so a huge input is not echoed back."""
    return value if len(value) <= MAX_TEMPORAL_LENGTH else value[:MAX_TEMPORAL_LENGTH] + "…"


def strict(
    parser: Callable[[str], T],
    type_name: str,
    max_length: int = MAX_TEMPORAL_LENGTH,
    numbers: bool = False,
) -> Callable[[object], T]:
    """A scalar's parse_value: a string of at most `max_length` characters read by `parser`,
    whose ValueError explains the refusal (`numbers`: a JSON number is read as its text)."""

    def parse(value: object) -> T:
        if numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise StrawberryInputCoercionError(
                f'Value cannot represent a {type_name}: "{_shown(str(value))}". Expected a string.'
            )
        if len(value) > max_length:
            raise StrawberryInputCoercionError(
                f'Value cannot represent a {type_name}: "{_shown(value)}". '
                f"At most {max_length} characters."
            )
        try:
            return parser(value)
        except (ValueError, DecimalException) as error:
            raise StrawberryInputCoercionError(
                f'Value cannot represent a {type_name}: "{_shown(value)}". {error}'
            ) from None

    return parse


def _in_range(day: date) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"Dates must lie between {EARLIEST_DATE} and {LATEST_DATE}")


def parse_date(value: str) -> date:
    """A YYYY-MM-DD date within the accepted calendar."""
    if not _DATE.fullmatch(value):
        raise ValueError(f"Invalid isoformat string: {value!r}")
    parsed = date.fromisoformat(value)
    _in_range(parsed)
    return parsed


def parse_time(value: str) -> time:
    """A local wall-clock time, HH:MM[:SS[.ffffff]], without a UTC offset."""
    if not _TIME.fullmatch(value):
        start = _TIME.match(value)
        if start is not None and value[start.end() : start.end() + 1] in ("+", "-", "Z", "z"):
            raise ValueError(
                "A local time takes no UTC offset: it is read in the location's time zone"
            )
        raise ValueError("Expected a local time HH:MM, HH:MM:SS or HH:MM:SS.ffffff")
    return time.fromisoformat(value)


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date-time with a UTC offset (an instant) within the accepted calendar."""
    if not _DATE.fullmatch(value[:10]):
        raise ValueError("Expected an ISO 8601 date-time such as 2026-11-16T09:00:00-06:00")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("A date-time needs a UTC offset, e.g. 2026-11-16T09:00:00-06:00")
    _in_range(parsed.date())
    return parsed


def parse_date_or_datetime(value: str) -> date | datetime:
    """A YYYY-MM-DD local date, or an ISO 8601 date-time that carries a UTC offset."""
    if len(value) == 10:
        return parse_date(value)
    if not _DATE.fullmatch(value[:10]):
        raise ValueError(f"Invalid isoformat string: {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(
            f"{value!r} has no UTC offset; send a date, or a date-time such as "
            "2026-11-16T09:00:00-06:00"
        )
    _in_range(parsed.date())
    return parsed


def parse_decimal(value: str) -> Decimal:
    """A decimal; each amount's resolver checks its range (NaN and Infinity included), so that
    a refused amount is a VALIDATION userError like any other out-of-range value.

    decimal's own error reads "[<class 'decimal.ConversionSyntax'>]": a Python class name a
    client must not see, so a text that is no number gets a message of its own."""
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        raise ValueError("Expected a decimal number such as 120.50.") from None
