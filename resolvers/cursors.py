"""Opaque keyset cursors, one format for every paged list.

A cursor is URL-safe base64 (unpadded) of JSON naming its list and the position of one item
in that list's order: `{"list": "appointments", "at": ["2026-11-17T15:00:00+00:00", "<id>"]}`.
Each list declares its name and the kinds of its position's values once (CursorList); a
cursor that is damaged, forged or made by another list is BAD_USER_INPUT on `after`.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from resolvers.errors import BadInput

MAX_CURSOR_LENGTH = 1000
MALFORMED = "Malformed cursor: pass an endCursor or an edge's cursor of this list unchanged"
_LIMITS = {"int": 2**31, "bigint": 2**63}  # anything beyond the column's integer is forged
_MAX_TEXT = 500

# name -> the kinds of its positions' values: every list that makes cursors.
_LISTS: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class CursorList:
    """The cursors of one list (one order of it): its name and its position's value kinds.

    Kinds: "int", "bigint", "bool", "decimal", "text", "date", "instant" (aware; read back
    in UTC) and "uuid".
    """

    name: str
    kinds: tuple[str, ...]

    def __post_init__(self) -> None:
        if _LISTS.setdefault(self.name, self.kinds) != self.kinds:
            raise ValueError(f"two cursor lists named {self.name}")

    def encode(self, position: Sequence[Any]) -> str:
        """The cursor of the item at `position`."""
        values = [_dump(kind, value) for kind, value in zip(self.kinds, position, strict=True)]
        raw = json.dumps({"list": self.name, "at": values}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> tuple[Any, ...]:
        """The position inside a cursor this list made, or BadInput naming `after`."""
        try:
            made_for, position = _read(cursor)
        except (ValueError, TypeError, OverflowError, binascii.Error, InvalidOperation) as exc:
            raise BadInput(MALFORMED, field="after") from exc
        if made_for != self.name:
            raise BadInput(
                f"The cursor belongs to {made_for}, not {self.name}: start again without after",
                field="after",
            )
        return position


def _read(cursor: str) -> tuple[str, tuple[Any, ...]]:
    """The list a cursor names and its position, checked against that list's kinds."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise ValueError("too long")
    data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if not isinstance(data, dict) or set(data) != {"list", "at"}:
        raise ValueError("not a cursor")
    made_for, values = data["list"], data["at"]
    kinds = _LISTS.get(made_for) if isinstance(made_for, str) else None
    if kinds is None:
        raise ValueError("unknown list")
    if not isinstance(values, list) or len(values) != len(kinds):
        raise ValueError("wrong number of values")
    return made_for, tuple(_load(kind, value) for kind, value in zip(kinds, values, strict=True))


def _dump(kind: str, value: Any) -> Any:
    if kind in ("instant", "date"):
        return value.isoformat()
    if kind in ("decimal", "uuid"):
        return str(value)
    return value


def _load(kind: str, value: Any) -> Any:
    """A cursor value of the kind, or ValueError."""
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind in _LIMITS and type(value) is int and -_LIMITS[kind] <= value < _LIMITS[kind]:
        return value
    if kind == "text" and isinstance(value, str) and len(value) <= _MAX_TEXT:
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a {kind}")
    return _load_text(kind, value)


def _load_text(kind: str, value: str) -> Any:
    if kind == "uuid":
        return uuid.UUID(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "decimal":
        number = Decimal(value)
        # Sorted amounts have at most 2 decimals; a finer or huge number is forged.
        if number.is_finite() and abs(number) < _LIMITS["int"] and _exponent(number) >= -2:
            return number
    if kind == "instant":
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is not None:
            return instant.astimezone(UTC)  # OverflowError near year 1 or 9999
    raise ValueError(f"not a {kind}")


def _exponent(number: Decimal) -> int:
    return int(number.as_tuple().exponent)
