"""The one table of limits for string and integer inputs, and the walk that applies it.

GraphQL's String and Int cannot be replaced (graphql-core reserves their names), so their
limits are checked on the coerced input objects and arguments instead, in one place for
every mutation and query (`schema/strict_input.py` applies it). A rule is keyed by the
input field's or argument's GraphQL name: a name means the same thing wherever it appears
(every `note` is free text of at most 2000 characters, resolvers/input_limits.py's MAX_NOTE,
which the resolvers check too). `tests/unit/test_input_rules.py` checks
that every String and Int input of the schema has a rule here.

Resolvers keep their own, domain checks (a name must not be blank, a type's procedure codes
are upper-cased, a `first` of 0 is refused); the limits here are the outer bounds that keep
any value from reaching PostgreSQL in a form it cannot store.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass

from strawberry.types.base import has_object_definition
from strawberry.types.maybe import Some
from strawberry.utils.str_converters import to_camel_case

from resolvers.input_limits import MAX_IDEMPOTENCY_KEY, MAX_NAME, MAX_NOTE

INT32_MAX = 2**31 - 1
# The longest list any input may be. Resolvers hold most lists far shorter (bulk mutations
# 100, procedure codes 20); this outer bound keeps a filter of 20,000 IDs from becoming more
# bind parameters than PostgreSQL's protocol allows (32,767), which was an INTERNAL error.
MAX_ITEMS = 500


@dataclass(frozen=True)
class Text:
    """At most `max_length` characters; `multiline` free text may hold tabs and line breaks.
    `message` keeps the wording a resolver used for the same limit before it moved here."""

    max_length: int
    multiline: bool = False
    message: str | None = None


@dataclass(frozen=True)
class Whole:
    """An integer from `low` to `high`, both included. `by_resolver`: the field's resolver
    checks it, after the caller's role (a patient learns FORBIDDEN, not the rule), so the
    rule is listed here for the record and documentation only."""

    low: int
    high: int
    by_resolver: bool = False


NOTE = Text(MAX_NOTE, multiline=True)
KEY = Text(MAX_IDEMPOTENCY_KEY)
# Outer bounds only: the cursor's and the month's resolvers explain a malformed value better.
CURSOR = Text(4000)
NAME = Text(MAX_NAME)

TEXT_RULES: dict[str, Text] = {
    "note": NOTE,
    "notes": NOTE,
    "reason": NOTE,
    "idempotencyKey": KEY,
    "after": CURSOR,
    "search": Text(100),
    "patientName": Text(100),
    "month": Text(40),
    "name": NAME,
    "abbreviation": Text(10, message="abbreviation must be 1 to 10 characters"),
    "color": Text(7),
    "timeZone": Text(64),
    "addressLine1": Text(200),
    "city": Text(100),
    "region": Text(100),
    "postalCode": Text(20),
    "country": Text(2),
    "procedureCode": Text(20),
    "shortcut": Text(20),
    "description": Text(MAX_NOTE, multiline=True),
    "category": Text(100),
    "firstName": Text(100),
    "lastName": Text(100),
    "phone": Text(32),
    "email": Text(254),
    "chartNumber": Text(20),
    "procedureCodes": Text(20, message="The procedure code must be 1 to 20 characters"),
    "requiredProcedureCodes": Text(20, message="The procedure code must be 1 to 20 characters"),
    "code": Text(20, message="The procedure code must be 1 to 20 characters"),
    "colorOverride": Text(7),
    "tags": Text(30, message="A tag has at most 30 characters"),
    "externalId": Text(100, message="externalId has 1 to 100 characters"),
    "owner": Text(200),  # a token's subject (server/tokens.py MAX_SUBJECT)
}

INT_RULES: dict[str, Whole] = {
    # availableSlots takes up to 500; every connection up to 100 (resolvers.pages).
    "first": Whole(1, 500, by_resolver=True),
    "baseVersion": Whole(1, INT32_MAX),
    "keepBaseVersion": Whole(1, INT32_MAX),
    "duplicateBaseVersion": Whole(1, INT32_MAX),
    "priority": Whole(-100, 100, by_resolver=True),
    "estimatedDurationMinutes": Whole(5, 480, by_resolver=True),
    "sortOrder": Whole(-10000, 10000),
    "intervalMonths": Whole(1, 120, by_resolver=True),
    "defaultIntervalMonths": Whole(1, 120, by_resolver=True),
    "weeks": Whole(1, 52, by_resolver=True),
    "durationMinutes": Whole(5, 720, by_resolver=True),
    "maxAttendees": Whole(1, 100, by_resolver=True),
    "bookingLeadTimeHours": Whole(0, 8760, by_resolver=True),
    "bookingWindowDays": Whole(1, 730, by_resolver=True),
    "cancellationPolicyHours": Whole(0, 8760, by_resolver=True),
    "askToArriveMinutes": Whole(0, 240, by_resolver=True),
    # a type's place in pick lists, a visit's among those sharing its slot
    "displayOrder": Whole(0, 1000, by_resolver=True),
    # a time pattern's stretch: a multiple of 5 within the type's duration
    "minutes": Whole(5, 720, by_resolver=True),
    # a provider's time within a visit, minutes from its start
    "startOffsetMinutes": Whole(0, 1440, by_resolver=True),
    "endOffsetMinutes": Whole(1, 1440, by_resolver=True),
    # a schedule view's rows: one of 5, 10, 15, 20, 30, 60 (scheduling/view_display.py)
    "timeStepMinutes": Whole(5, 60, by_resolver=True),
    # a procedure's place: from 0; a place past the end is the end
    "order": Whole(0, INT32_MAX, by_resolver=True),
}

# C0 controls other than tab, line feed and carriage return; DEL and the C1 controls; lone
# UTF-16 surrogates (JSON's "\ud800" decodes to one and asyncpg cannot encode it). PostgreSQL
# refuses NUL in text outright: fuzzing turned each into an INTERNAL error.
_NEVER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r]")


@dataclass(frozen=True)
class Problem:
    """Why an input was refused, and where: ["input", "slot", "note"]."""

    path: tuple[str, ...]
    message: str


def text_problem(name: str, value: str) -> str | None:
    """Why a string input named `name` is refused, or None."""
    rule = TEXT_RULES.get(name, NAME)
    if len(value) > rule.max_length:
        return rule.message or f"{name} may be at most {rule.max_length} characters"
    if _NEVER.search(value):
        return f"{name} must not contain control characters"
    if not rule.multiline and _LINE_BREAKS.search(value):
        return f"{name} must be a single line (no tabs or line breaks)"
    return None


def int_problem(name: str, value: int) -> str | None:
    """Why an integer input named `name` is refused, or None."""
    rule = INT_RULES.get(name)
    if rule is not None and not rule.by_resolver and not rule.low <= value <= rule.high:
        return f"{name} must be between {rule.low} and {rule.high}"
    return None


def find_problem(name: str, value: object, path: tuple[str, ...]) -> Problem | None:
    """The first refused value in an argument or input field (walking lists and inputs)."""
    if isinstance(value, Some):  # strawberry.Maybe: given (perhaps as null) versus omitted
        value = value.value
    if isinstance(value, bool | enum.Enum) or value is None:
        return None
    message: str | None = None
    if isinstance(value, str):
        message = text_problem(name, value)
    elif isinstance(value, int):
        message = int_problem(name, value)
    elif isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            return Problem(path, f"{name} may list at most {MAX_ITEMS} items")
        # An item's path is its list's, as the resolvers' own errors name it.
        for item in value:
            found = find_problem(name, item, path)
            if found is not None:
                return found
    elif has_object_definition(value) and dataclasses.is_dataclass(value):
        return _input_problem(value, path)
    return Problem(path, message) if message is not None else None


def _input_problem(value: object, path: tuple[str, ...]) -> Problem | None:
    """The first refused field of a Strawberry input object."""
    for field in value.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        name = field.graphql_name or to_camel_case(field.python_name)
        found = find_problem(name, getattr(value, field.python_name, None), (*path, name))
        if found is not None:
            return found
    return None
