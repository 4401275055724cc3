"""Blockouts: time a location or operatory is held back, its kinds, and reusable day templates."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import (
    Base,
    TenantOwned,
    created_at,
    tenant_key,
    uuid_pk,
    version,
    version_positive,
)
from db.models.labelled import LabelledKind, labelled_kind_args


class BlockoutType(LabelledKind, Base):
    """A kind of blockout, e.g. 'Lunch'; no_schedule ones keep appointments out."""

    __tablename__ = "blockout_types"
    __table_args__ = (*labelled_kind_args("blockout_types"), version_positive())

    # No appointment may be booked or moved into a blockout of this type.
    no_schedule: Mapped[bool] = mapped_column(default=False, server_default="false")
    # Copying a day or week (and repeating weeks) leaves blockouts of this type out.
    do_not_copy: Mapped[bool] = mapped_column(default=False, server_default="false")
    # Calendars leave blockouts of this type out unless asked for them.
    hidden: Mapped[bool] = mapped_column(default=False, server_default="false")
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()


class Blockout(TenantOwned, Base):
    """Time held back at a location: in one operatory, or in all of them (operatory_id NULL)."""

    __tablename__ = "blockouts"
    __table_args__ = (
        tenant_key("blockouts"),
        tenant_fk("location_id", "locations"),
        # The operatory must be one of the blockout's own location (skipped when NULL).
        ForeignKeyConstraint(
            ["organization_id", "location_id", "operatory_id"],
            ["operatories.organization_id", "operatories.location_id", "operatories.id"],
            ondelete="CASCADE",
        ),
        # NO ACTION: a type that is in use is deactivated, not deleted.
        tenant_fk("blockout_type_id", "blockout_types", nullable_ok=True),
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        version_positive(),
        Index("ix_blockouts_location_start", "location_id", "start_at"),
        Index("ix_blockouts_recurrence", "recurrence_id", "start_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    location_id: Mapped[uuid.UUID] = mapped_column()
    operatory_id: Mapped[uuid.UUID | None] = mapped_column()
    blockout_type_id: Mapped[uuid.UUID] = mapped_column()
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    # The blockouts repeatBlockoutWeeks made from one source, the source included, share one;
    # updateBlockout's scope reaches them. NULL: never repeated.
    recurrence_id: Mapped[uuid.UUID | None] = mapped_column()
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()


class BlockoutTemplate(TenantOwned, Base):
    """A named set of blockouts for one day, applied to any location and date. Its version
    covers its items too: adding, changing or removing one bumps it."""

    __tablename__ = "blockout_templates"
    __table_args__ = (
        tenant_key("blockout_templates"),
        UniqueConstraint("organization_id", "name"),
        # NO ACTION: locations are deactivated, not deleted.
        tenant_fk("location_id", "locations", nullable_ok=True),
        CheckConstraint("weekdays <@ ARRAY[0, 1, 2, 3, 4, 5, 6]", name="weekdays_known"),
        CheckConstraint("sort_order BETWEEN -10000 AND 10000", name="sort_order_range"),
        version_positive(),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    # NULL: meant for any location; applying it elsewhere than its own location is refused.
    location_id: Mapped[uuid.UUID | None] = mapped_column()
    # Days of the week it is meant for, 0 Monday to 6 Sunday; empty: any day.
    weekdays: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'::integer[]")
    )
    # Pick lists leave hidden templates out unless asked for them.
    hidden: Mapped[bool] = mapped_column(default=False, server_default="false")
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    # Inactive templates are kept but cannot be applied.
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()


class BlockoutTemplateItem(TenantOwned, Base):
    """One blockout of a template: a type and local wall-clock times on whatever day it is used."""

    __tablename__ = "blockout_template_items"
    __table_args__ = (
        tenant_fk("template_id", "blockout_templates"),
        tenant_fk("blockout_type_id", "blockout_types", nullable_ok=True),
        tenant_fk("operatory_id", "operatories", nullable_ok=True),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        Index("ix_blockout_template_items_template", "template_id", "sort_order"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    template_id: Mapped[uuid.UUID] = mapped_column()
    blockout_type_id: Mapped[uuid.UUID] = mapped_column()
    # NULL: every operatory of the location the template is applied to.
    operatory_id: Mapped[uuid.UUID | None] = mapped_column()
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
