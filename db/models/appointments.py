"""Appointments, their ordered additional providers, and their audit trail."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Enum,
    ForeignKeyConstraint,
    Index,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSTZRANGE, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import (
    Base,
    TenantOwned,
    created_at,
    procedure_codes_limit,
    tenant_key,
    text_list,
    uuid_pk,
    version_positive,
)
from scheduling.appointment_record import ADDITIONAL_ROLES, MAX_TAGS, AppointmentSource
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.practice_kinds import Modality

BLOCKING_SQL = ", ".join(f"'{status.value}'" for status in sorted(BLOCKING))


def _listed(kind: type[enum.Enum]) -> str:
    """An enum's values as a SQL list, for a CHECK constraint."""
    return ", ".join(f"'{member.value}'" for member in kind)


def tenant_fk(column: str, target: str, *, nullable_ok: bool = False) -> ForeignKeyConstraint:
    """A foreign key that also pins the target to the same organization."""
    return ForeignKeyConstraint(
        ["organization_id", column],
        [f"{target}.organization_id", f"{target}.id"],
        # MATCH SIMPLE (the default) skips the check when the referencing column is NULL.
        ondelete="CASCADE" if not nullable_ok else "NO ACTION",
    )


STATUS_ENUM = Enum(
    AppointmentStatus,
    name="appointment_status",
    native_enum=False,
    create_constraint=True,
    length=16,
    values_callable=lambda members: [m.value for m in members],
)


class Appointment(TenantOwned, Base):
    """A patient's visit in an operatory with providers, between two instants."""

    __tablename__ = "appointments"
    __table_args__ = (
        tenant_key("appointments"),
        tenant_fk("location_id", "locations"),
        # The operatory must be one of the appointment's own location.
        ForeignKeyConstraint(
            ["organization_id", "location_id", "operatory_id"],
            ["operatories.organization_id", "operatories.location_id", "operatories.id"],
            ondelete="CASCADE",
        ),
        tenant_fk("patient_id", "patients"),
        tenant_fk("appointment_type_id", "appointment_types", nullable_ok=True),
        tenant_fk("primary_provider_id", "providers"),
        tenant_fk("confirmation_status_id", "confirmation_statuses", nullable_ok=True),
        tenant_fk("flow_status_id", "patient_flow_statuses", nullable_ok=True),
        tenant_fk("status_reason_id", "appointment_reasons", nullable_ok=True),
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        CheckConstraint(
            "(status = 'hold') = (hold_expires_at IS NOT NULL)", name="hold_has_expiry"
        ),
        CheckConstraint("cancelled_by IN ('patient', 'practice')", name="cancelled_by_known"),
        CheckConstraint(
            "(documented_at IS NULL) = (documented_by IS NULL)", name="documented_by_whom"
        ),
        # No two slot-holding appointments in one operatory at once (half-open ranges).
        ExcludeConstraint(
            ("operatory_id", "="),
            (text("tstzrange(start_at, end_at, '[)')"), "&&"),
            name="ex_appointments_operatory_overlap",
            using="gist",
            where=text("blocks_slot"),
        ),
        version_positive(),
        CheckConstraint("production_amount >= 0", name="production_non_negative"),
        procedure_codes_limit(),
        # Migration 0017: the appointment record's details.
        CheckConstraint("ask_to_arrive_minutes BETWEEN 0 AND 240", name="ask_to_arrive_range"),
        CheckConstraint("color_override ~ '^#[0-9A-Fa-f]{6}$'", name="color_override_hex"),
        CheckConstraint(f"cardinality(tags) <= {MAX_TAGS}", name="tags_limit"),
        CheckConstraint(f"source IN ({_listed(AppointmentSource)})", name="source_known"),
        CheckConstraint(f"modality IN ({_listed(Modality)})", name="modality_known"),
        # Migration 0025: estimates and the order among visits sharing a slot.
        CheckConstraint("estimated_insurance >= 0", name="estimated_insurance_non_negative"),
        CheckConstraint(
            "estimated_patient_portion >= 0", name="estimated_patient_portion_non_negative"
        ),
        CheckConstraint("display_order >= 0", name="display_order_non_negative"),
        # The calendar reads a location's time range; the list keyset-paginates on (start_at, id).
        Index("ix_appointments_location_start", "location_id", "start_at", "id"),
        Index("ix_appointments_org_start", "organization_id", "start_at", "id"),
        Index("ix_appointments_provider_start", "primary_provider_id", "start_at"),
        Index("ix_appointments_patient_start", "patient_id", "start_at"),
        Index("ix_appointments_operatory_start", "operatory_id", "start_at"),
        # Migration 0019: an import row whose external id the organization has is skipped.
        Index(
            "uq_appointments_external_id",
            "organization_id",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        # Migration 0028: completed visits still to be documented, in time order.
        Index(
            "ix_appointments_pending_documentation",
            "organization_id",
            "start_at",
            postgresql_where=text("status = 'complete' AND documented_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    location_id: Mapped[uuid.UUID] = mapped_column()
    operatory_id: Mapped[uuid.UUID] = mapped_column()
    patient_id: Mapped[uuid.UUID] = mapped_column()
    appointment_type_id: Mapped[uuid.UUID | None] = mapped_column()
    primary_provider_id: Mapped[uuid.UUID] = mapped_column()
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    status: Mapped[AppointmentStatus] = mapped_column(STATUS_ENUM)
    confirmation_status_id: Mapped[uuid.UUID | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(default=0)
    production_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    is_new_patient: Mapped[bool] = mapped_column(default=False)
    is_time_locked: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    hold_expires_at: Mapped[datetime | None] = mapped_column()
    allow_overlap: Mapped[bool] = mapped_column(default=False, server_default="false")
    # allow_overlap was set because an appointment type overlap rule allowed it (migration 0004).
    overlap_by_rule: Mapped[bool] = mapped_column(default=False, server_default="false")
    # Whether the row holds its operatory and providers; the exclusion constraints use it.
    blocks_slot: Mapped[bool] = mapped_column(
        Boolean,
        Computed(f"status IN ({BLOCKING_SQL}) AND NOT allow_overlap", persisted=True),
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    # The catalog entry a cancellation or no-show was recorded with (migration 0016).
    status_reason_id: Mapped[uuid.UUID | None] = mapped_column()
    cancelled_by: Mapped[str | None] = mapped_column(String(16))
    # The current patient flow status (checked in, seated, ...); events keep the timeline.
    flow_status_id: Mapped[uuid.UUID | None] = mapped_column()
    # Procedures performed; completing the visit fires their recall triggers (migration 0011).
    procedure_codes: Mapped[list[str]] = text_list()  # upper case, at most 20, no duplicates
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    # Migration 0017. The patient is asked to arrive this many minutes before the start (an
    # offset, so a move keeps it); a color of its own on the calendar; short labels.
    ask_to_arrive_minutes: Mapped[int | None] = mapped_column()
    color_override: Mapped[str | None] = mapped_column(String(7))
    tags: Mapped[list[str]] = text_list()
    # How it was created (set by the server, never by the client) and how the visit happens.
    source: Mapped[str] = mapped_column(String(16), default="STAFF", server_default="STAFF")
    modality: Mapped[str] = mapped_column(
        String(16), default="IN_PERSON", server_default="IN_PERSON"
    )
    # When a confirmed confirmation status was first set, and when it was cancelled.
    confirmed_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    # The reference of the system an imported appointment came from (migration 0019).
    external_id: Mapped[str | None] = mapped_column(String(100))
    # Migration 0025: what insurance is expected to pay and what the patient is, and the
    # visit's place among those sharing its slot (0 first).
    estimated_insurance: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    estimated_patient_portion: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    display_order: Mapped[int] = mapped_column(default=0, server_default="0")
    # Migration 0028: when a completed visit's documentation was recorded and by whom (the
    # token's subject); a completed visit without it is pending (seed 001).
    documented_at: Mapped[datetime | None] = mapped_column()
    documented_by: Mapped[str | None] = mapped_column(String(200))


class AppointmentProcedure(TenantOwned, Base):
    """A procedure an appointment performs: its code, fee, provider and place in the list.

    The appointment's procedure_codes keep the distinct codes of its procedures (and codes
    recorded without a procedure), so completing it fires their recall triggers."""

    __tablename__ = "appointment_procedures"
    __table_args__ = (
        # Keyed by organization first, as new tables are (distributable by organization).
        PrimaryKeyConstraint("organization_id", "id"),
        tenant_fk("appointment_id", "appointments"),
        tenant_fk("provider_id", "providers", nullable_ok=True),
        CheckConstraint("fee >= 0", name="fee_non_negative"),
        CheckConstraint("position >= 0", name="position_non_negative"),
        Index("ix_appointment_procedures_appointment", "appointment_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(server_default=text("gen_random_uuid()"))
    appointment_id: Mapped[uuid.UUID] = mapped_column()
    code: Mapped[str] = mapped_column(String(20))
    fee: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    provider_id: Mapped[uuid.UUID | None] = mapped_column()
    position: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = created_at()


class AppointmentProvider(TenantOwned, Base):
    """An additional provider on an appointment, in display order."""

    __tablename__ = "appointment_providers"
    __table_args__ = (
        PrimaryKeyConstraint("appointment_id", "provider_id"),
        tenant_fk("appointment_id", "appointments"),
        tenant_fk("provider_id", "providers"),
        CheckConstraint("position >= 0", name="position_non_negative"),
        CheckConstraint(
            f"role IN ({', '.join(repr(role.value) for role in ADDITIONAL_ROLES)})",
            name="role_known",
        ),
        Index("ix_appointment_providers_provider", "provider_id"),
        # Migration 0025: a time range within the visit, in minutes from its start, or none.
        CheckConstraint(
            "(start_offset_minutes IS NULL) = (end_offset_minutes IS NULL)", name="time_range_whole"
        ),
        CheckConstraint(
            "start_offset_minutes >= 0 AND end_offset_minutes > start_offset_minutes",
            name="time_range_ordered",
        ),
    )

    appointment_id: Mapped[uuid.UUID] = mapped_column()
    provider_id: Mapped[uuid.UUID] = mapped_column()
    position: Mapped[int] = mapped_column()
    # What the provider does on the visit (migration 0017).
    role: Mapped[str] = mapped_column(String(16), default="SECONDARY", server_default="SECONDARY")
    start_offset_minutes: Mapped[int | None] = mapped_column()
    end_offset_minutes: Mapped[int | None] = mapped_column()


class AppointmentHistory(TenantOwned, Base):
    """One audited change to an appointment: who, what, and the fields before and after."""

    __tablename__ = "appointment_history"
    __table_args__ = (
        tenant_fk("appointment_id", "appointments"),
        Index("ix_appointment_history_appointment", "appointment_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    appointment_id: Mapped[uuid.UUID] = mapped_column()
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    occurred_at: Mapped[datetime] = created_at()


class ProviderSlot(TenantOwned, Base):
    """Who is busy when: one row per provider of each slot-holding appointment.

    Maintained by triggers on appointments and appointment_providers (migration 0002) so its
    exclusion constraint keeps every provider in one place at a time, whatever wrote the rows.
    """

    __tablename__ = "provider_slots"
    __table_args__ = (
        PrimaryKeyConstraint("appointment_id", "provider_id"),
        tenant_fk("appointment_id", "appointments"),
        tenant_fk("provider_id", "providers"),
        ExcludeConstraint(
            ("provider_id", "="),
            ("during", "&&"),
            name="ex_provider_slots_provider_overlap",
            using="gist",
        ),
    )

    appointment_id: Mapped[uuid.UUID] = mapped_column()
    provider_id: Mapped[uuid.UUID] = mapped_column()
    during: Mapped[Any] = mapped_column(TSTZRANGE)


class IdempotencyKey(TenantOwned, Base):
    """A mutation already performed for (organization, actor, key), and what it returned."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (PrimaryKeyConstraint("organization_id", "actor", "key"),)

    actor: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    mutation: Mapped[str] = mapped_column(String(60))
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = created_at()
