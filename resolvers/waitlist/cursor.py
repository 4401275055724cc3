"""Opaque keyset cursors of the waitlist list: the sort, the last row's sort key values, its id."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from db.queries.waitlist import SORTS, Keyset
from resolvers.errors import BadInput

MAX_CURSOR_LENGTH = 1000
_LIMIT = 2**31  # sort key numbers are small; anything beyond a PostgreSQL integer is forged


def encode_cursor(sort: str, keyset: Keyset) -> str:
    """The cursor after `keyset` in `sort`: URL-safe base64 of JSON, without padding."""
    values = [_dump(key.kind, value) for key, value in zip(SORTS[sort], keyset.values, strict=True)]
    raw = json.dumps({"sort": sort, "keys": values, "id": str(keyset.id)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sort: str, cursor: str) -> Keyset:
    """The keyset in a cursor made by encode_cursor for `sort`, or BadInput naming `after`."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        if not isinstance(data, dict) or set(data) != {"sort", "keys", "id"}:
            raise ValueError("not a cursor")
        made_for, values, ident = data["sort"], data["keys"], data["id"]
        if not isinstance(made_for, str) or made_for not in SORTS:
            raise ValueError("unknown sort")
        if not isinstance(values, list) or len(values) != len(SORTS[made_for]):
            raise ValueError("wrong number of keys")
        if not isinstance(ident, str):
            raise ValueError("id is not a string")
        keyset = Keyset(
            tuple(
                _load(key.kind, value) for key, value in zip(SORTS[made_for], values, strict=True)
            ),
            uuid.UUID(ident),
        )
    except (ValueError, TypeError, OverflowError, binascii.Error, InvalidOperation) as exc:
        raise BadInput("Malformed cursor", field="after") from exc
    if made_for != sort:
        raise BadInput(f"The cursor belongs to the {made_for} sort, not {sort}", field="after")
    return keyset


def _dump(kind: str, value: Any) -> Any:
    if kind == "instant":
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    return value


def _load(kind: str, value: Any) -> Any:
    """A cursor value of the key's kind, or ValueError."""
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and type(value) is int and -_LIMIT <= value < _LIMIT:
        return value
    if kind == "decimal" and isinstance(value, str):
        number = Decimal(value)
        # Treatment values have at most 2 decimals; a finer or huge number is forged.
        if number.is_finite() and abs(number) < _LIMIT and int(number.as_tuple().exponent) >= -2:
            return number
    if kind == "instant" and isinstance(value, str):
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is not None:
            return instant.astimezone(UTC)  # OverflowError near year 1 or 9999
    raise ValueError(f"not a {kind}: {value!r}")
