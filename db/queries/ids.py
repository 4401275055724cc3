"""Bind parameters for `= ANY(:ids)` lookups with one statement text whatever the count."""

from __future__ import annotations

from sqlalchemy import BindParameter, bindparam
from sqlalchemy.dialects.postgresql import ARRAY, UUID


def uuid_array(name: str) -> BindParameter[list[object]]:
    """A bind parameter carrying a uuid[]; unlike IN (...), its SQL text never varies."""
    return bindparam(name, type_=ARRAY(UUID(as_uuid=True)))  # type: ignore[arg-type]
