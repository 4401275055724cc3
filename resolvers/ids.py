"""Global IDs in, database UUIDs out."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from strawberry.relay import GlobalID

from resolvers.errors import BadInput


def parse_uuid(value: str) -> uuid.UUID | None:
    """The UUID in a node id string, or None when it is not one."""
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


def decode_id(value: GlobalID, type_name: str, *, field: str) -> uuid.UUID:
    """The UUID inside a global ID of the expected type, or BadInput naming the field."""
    if value.type_name != type_name:
        raise BadInput(
            f"Expected an ID of a {type_name}, got one of a {value.type_name}", field=field
        )
    parsed = parse_uuid(value.node_id)
    if parsed is None:
        raise BadInput(f"Malformed {type_name} ID", field=field)
    return parsed


def decode_ids(values: Iterable[GlobalID] | None, type_name: str, *, field: str) -> list[uuid.UUID]:
    """The UUIDs inside a list of global IDs of one type."""
    return [decode_id(value, type_name, field=field) for value in values or ()]


def decode_optional_id(value: GlobalID | None, type_name: str, *, field: str) -> uuid.UUID | None:
    """decode_id of an optional input: None stays None."""
    return None if value is None else decode_id(value, type_name, field=field)
