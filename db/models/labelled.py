"""The columns and constraints of an organization's named, abbreviated and colored kinds."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import TenantOwned, tenant_key, uuid_pk


class LabelledKind(TenantOwned):
    """Mixin: an id, a name unique in the organization, a short label and a calendar color."""

    # sort_order -1: these columns come first, before the kind's own.
    id: Mapped[uuid.UUID] = uuid_pk(sort_order=-1)
    name: Mapped[str] = mapped_column(String(100), sort_order=-1)
    abbreviation: Mapped[str] = mapped_column(String(10), sort_order=-1)
    color: Mapped[str] = mapped_column(String(7), sort_order=-1)


def labelled_kind_args(table: str) -> tuple[UniqueConstraint | CheckConstraint, ...]:
    """A labelled kind's table constraints: tenant key, one name per organization, #rrggbb."""
    return (
        tenant_key(table),
        UniqueConstraint("organization_id", "name"),
        CheckConstraint("color ~ '^#[0-9a-fA-F]{6}$'", name="color_hex"),
    )
