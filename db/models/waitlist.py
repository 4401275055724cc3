"""Waitlist (ASAP list): entries, the contact log, and each entry's history."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, tenant_key, uuid_pk

# One active entry per patient, home location and appointment type; addToWaitlist's DUPLICATE.
ACTIVE_UNIQUE = "uq_waitlist_entries_active"
ACTIVE_SQL = "status IN ('waiting', 'contacted', 'offered')"


class WaitlistEntry(TenantOwned, Base):
    """A patient waiting for an earlier or suitable slot."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (
        tenant_key("waitlist_entries"),
        tenant_fk("patient_id", "patients"),
        tenant_fk("home_location_id", "locations"),
        tenant_fk("provider_id", "providers", nullable_ok=True),
        tenant_fk("appointment_type_id", "appointment_types", nullable_ok=True),
        tenant_fk("linked_appointment_id", "appointments", nullable_ok=True),
        tenant_fk("offered_operatory_id", "operatories", nullable_ok=True),
        tenant_fk("offered_provider_id", "providers", nullable_ok=True),
        tenant_fk("recall_id", "patient_recalls", nullable_ok=True),
        CheckConstraint(
            "status IN ('waiting', 'contacted', 'offered', 'scheduled', 'removed', 'expired')",
            name="status_known",
        ),
        CheckConstraint("location_scope IN ('home_only', 'selected', 'any')", name="scope_known"),
        CheckConstraint(
            "urgency IN ('urgent', 'soon', 'routine', 'flexible')", name="urgency_known"
        ),
        CheckConstraint(
            "source IN ('manual', 'appointment_flag', 'recall', 'treatment_plan', 'online')",
            name="source_known",
        ),
        CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from", name="range"
        ),
        Index(
            ACTIVE_UNIQUE,
            "organization_id",
            "patient_id",
            "home_location_id",
            text("coalesce(appointment_type_id, '00000000-0000-0000-0000-000000000000'::uuid)"),
            unique=True,
            postgresql_where=text(ACTIVE_SQL),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    patient_id: Mapped[uuid.UUID] = mapped_column()
    home_location_id: Mapped[uuid.UUID] = mapped_column()
    location_scope: Mapped[str] = mapped_column(String(16))
    additional_location_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'::uuid[]")
    )
    provider_id: Mapped[uuid.UUID | None] = mapped_column()
    appointment_type_id: Mapped[uuid.UUID | None] = mapped_column()
    estimated_duration_minutes: Mapped[int | None] = mapped_column()
    date_from: Mapped[date | None] = mapped_column()
    date_to: Mapped[date | None] = mapped_column()
    preferred_days: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default=text("'{}'::integer[]")
    )
    preferred_start_time: Mapped[time | None] = mapped_column()
    preferred_end_time: Mapped[time | None] = mapped_column()
    urgency: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(server_default="0")
    source: Mapped[str] = mapped_column(String(20))
    treatment_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    note: Mapped[str | None] = mapped_column(Text)
    linked_appointment_id: Mapped[uuid.UUID | None] = mapped_column()
    recall_id: Mapped[uuid.UUID | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16))
    offered_start_at: Mapped[datetime | None] = mapped_column()
    offered_end_at: Mapped[datetime | None] = mapped_column()
    offered_operatory_id: Mapped[uuid.UUID | None] = mapped_column()
    offered_provider_id: Mapped[uuid.UUID | None] = mapped_column()
    offer_expires_at: Mapped[datetime | None] = mapped_column()
    patient_response: Mapped[str | None] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(server_default="1")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class WaitlistContact(TenantOwned, Base):
    """One attempt to reach a waitlisted patient."""

    __tablename__ = "waitlist_contacts"
    __table_args__ = (
        tenant_fk("entry_id", "waitlist_entries"),
        CheckConstraint("initiated_by IN ('staff', 'smart_fill')", name="initiated_by_known"),
        Index("ix_waitlist_contacts_entry_occurred_at", "entry_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column()
    method: Mapped[str] = mapped_column(String(16))
    initiated_by: Mapped[str] = mapped_column(String(16))
    slot_offered: Mapped[bool] = mapped_column(server_default="false")
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = created_at()


class WaitlistHistory(TenantOwned, Base):
    """One change of a waitlist entry: who, what, and the fields before and after."""

    __tablename__ = "waitlist_history"
    __table_args__ = (
        tenant_fk("entry_id", "waitlist_entries"),
        Index("ix_waitlist_history_entry_occurred_at", "entry_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    entry_id: Mapped[uuid.UUID] = mapped_column()
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = created_at()
