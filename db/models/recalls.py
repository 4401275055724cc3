"""Recalls: recall types, procedure-code triggers and each patient's recall of a type."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Index,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, tenant_key, uuid_pk, version_positive


class RecallType(TenantOwned, Base):
    """A kind of recall, e.g. 'Hygiene' every 6 months."""

    __tablename__ = "recall_types"
    __table_args__ = (
        tenant_key("recall_types"),
        UniqueConstraint("organization_id", "name"),
        CheckConstraint(
            "default_interval_months BETWEEN 1 AND 120", name="default_interval_months_range"
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    default_interval_months: Mapped[int] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = created_at()


class RecallBookingType(TenantOwned, Base):
    """An appointment type that books a recall type (a recall type names any number)."""

    __tablename__ = "recall_booking_types"
    __table_args__ = (
        PrimaryKeyConstraint("organization_id", "recall_type_id", "appointment_type_id"),
        tenant_fk("recall_type_id", "recall_types"),
        tenant_fk("appointment_type_id", "appointment_types"),
        # The other way: the recall types an appointment type books.
        Index("ix_recall_booking_types_appointment_type", "organization_id", "appointment_type_id"),
    )

    recall_type_id: Mapped[uuid.UUID] = mapped_column()
    appointment_type_id: Mapped[uuid.UUID] = mapped_column()


class RecallTrigger(TenantOwned, Base):
    """A procedure code whose completion sets a patient's recall of a type."""

    __tablename__ = "recall_triggers"
    __table_args__ = (
        tenant_key("recall_triggers"),
        tenant_fk("recall_type_id", "recall_types"),
        UniqueConstraint("organization_id", "procedure_code"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    recall_type_id: Mapped[uuid.UUID] = mapped_column()
    procedure_code: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = created_at()


class PatientRecall(TenantOwned, Base):
    """A patient's recall of one type: when it is due next and when it was last done."""

    __tablename__ = "patient_recalls"
    __table_args__ = (
        tenant_key("patient_recalls"),
        tenant_fk("patient_id", "patients"),
        tenant_fk("recall_type_id", "recall_types"),
        # NULL appointment: MATCH SIMPLE skips the check.
        tenant_fk("appointment_id", "appointments", nullable_ok=True),
        UniqueConstraint("organization_id", "patient_id", "recall_type_id"),
        CheckConstraint("interval_months BETWEEN 1 AND 120", name="interval_months_range"),
        CheckConstraint(
            "status IN ('due', 'scheduled', 'completed', 'overdue')", name="status_known"
        ),
        version_positive(),
        Index("ix_patient_recalls_organization_id_due_date", "organization_id", "due_date"),
        Index(
            "ix_patient_recalls_organization_id_appointment_id",
            "organization_id",
            "appointment_id",
            postgresql_where=text("appointment_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    patient_id: Mapped[uuid.UUID] = mapped_column()
    recall_type_id: Mapped[uuid.UUID] = mapped_column()
    due_date: Mapped[date] = mapped_column()
    previous_date: Mapped[date | None] = mapped_column()
    interval_months: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="due", server_default="due")
    disabled: Mapped[bool] = mapped_column(default=False, server_default="false")
    note: Mapped[str | None] = mapped_column(Text)
    appointment_id: Mapped[uuid.UUID | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), nullable=False)
