"""Provider schedules: weekly templates, date overrides, day notes and type overlap rules."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, tenant_key, uuid_pk, version_positive


def site_operatory_fk(table: str) -> ForeignKeyConstraint:
    """An optional operatory that must be one of the row's own location (NULL: any)."""
    return ForeignKeyConstraint(
        ["organization_id", "location_id", "operatory_id"],
        ["operatories.organization_id", "operatories.location_id", "operatories.id"],
        name=f"fk_{table}_operatory",
        ondelete="CASCADE",
    )


def type_fk(column: str, name: str) -> ForeignKeyConstraint:
    """A tenant-pinned foreign key to an appointment type, with a short name."""
    return ForeignKeyConstraint(
        ["organization_id", column],
        ["appointment_types.organization_id", "appointment_types.id"],
        name=f"fk_appointment_type_overlap_rules_{name}",
        ondelete="CASCADE",
    )


def updated_at() -> Mapped[datetime]:
    """Last change instant, set by the database."""
    return mapped_column(server_default=func.now(), onupdate=func.now(), nullable=False)


class ProviderScheduleTemplate(TenantOwned, Base):
    """A provider's recurring local hours at a location on one weekday (0 Monday)."""

    __tablename__ = "provider_schedule_templates"
    __table_args__ = (
        tenant_key("provider_schedule_templates"),
        tenant_fk("provider_id", "providers"),
        tenant_fk("location_id", "locations"),
        site_operatory_fk("provider_schedule_templates"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
        CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from", name="effective_range"
        ),
        version_positive(),
        Index("ix_provider_schedule_templates_location_provider", "location_id", "provider_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    provider_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID] = mapped_column()
    operatory_id: Mapped[uuid.UUID | None] = mapped_column()
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    effective_from: Mapped[date] = mapped_column()
    effective_to: Mapped[date | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class ProviderScheduleOverride(TenantOwned, Base):
    """One date of a provider at a location: unavailable, or custom local hours."""

    __tablename__ = "provider_schedule_overrides"
    __table_args__ = (
        tenant_key("provider_schedule_overrides"),
        tenant_fk("provider_id", "providers"),
        tenant_fk("location_id", "locations"),
        site_operatory_fk("provider_schedule_overrides"),
        UniqueConstraint(
            "organization_id",
            "provider_id",
            "location_id",
            "override_date",
            name="uq_provider_schedule_overrides_day",
        ),
        CheckConstraint(
            "(is_unavailable AND start_time IS NULL AND end_time IS NULL) OR "
            "(NOT is_unavailable AND start_time IS NOT NULL AND end_time IS NOT NULL "
            "AND end_time > start_time)",
            name="unavailable_or_hours",
        ),
        version_positive(),
        Index("ix_provider_schedule_overrides_location_date", "location_id", "override_date"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    provider_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID] = mapped_column()
    operatory_id: Mapped[uuid.UUID | None] = mapped_column()
    override_date: Mapped[date] = mapped_column()
    is_unavailable: Mapped[bool] = mapped_column()
    start_time: Mapped[time | None] = mapped_column()
    end_time: Mapped[time | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class ScheduleNote(TenantOwned, Base):
    """The note shown at the top of a location's calendar on one local date (one per date)."""

    __tablename__ = "schedule_notes"
    __table_args__ = (
        tenant_key("schedule_notes"),
        tenant_fk("location_id", "locations"),
        UniqueConstraint("organization_id", "location_id", "note_date"),
        CheckConstraint("length(note) > 0", name="note_not_empty"),
        version_positive(),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    location_id: Mapped[uuid.UUID] = mapped_column()
    note_date: Mapped[date] = mapped_column()
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class AppointmentTypeOverlapRule(TenantOwned, Base):
    """Two appointment types that may overlap, at one location or (location NULL) everywhere."""

    __tablename__ = "appointment_type_overlap_rules"
    __table_args__ = (
        tenant_key("appointment_type_overlap_rules"),
        type_fk("appointment_type_a_id", "type_a"),
        type_fk("appointment_type_b_id", "type_b"),
        tenant_fk("location_id", "locations"),
        # The pair is stored ordered, so (a, b) and (b, a) are the same rule.
        CheckConstraint("appointment_type_a_id <= appointment_type_b_id", name="pair_ordered"),
        UniqueConstraint(
            "organization_id",
            "location_id",
            "appointment_type_a_id",
            "appointment_type_b_id",
            name="uq_appointment_type_overlap_rules_pair",
            postgresql_nulls_not_distinct=True,  # one org-wide rule per pair too
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    appointment_type_a_id: Mapped[uuid.UUID] = mapped_column()
    appointment_type_b_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID | None] = mapped_column()
    # Migration 0025: false forbids the pair (a location's rule outweighs an org-wide one).
    allow_overlap: Mapped[bool] = mapped_column(default=True, server_default="true")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    version: Mapped[int] = mapped_column(default=1, server_default="1")
