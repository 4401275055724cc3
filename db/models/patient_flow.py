"""Patient flow: the organization's chairside statuses and each appointment's timeline of them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Index,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, uuid_pk, version
from db.models.labelled import LabelledKind, labelled_kind_args


class PatientFlowStatus(LabelledKind, Base):
    """One step of an organization's patient flow, e.g. 'Checked in' or 'In chair'."""

    __tablename__ = "patient_flow_statuses"
    __table_args__ = labelled_kind_args("patient_flow_statuses")

    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    # Terminal steps end the visit's flow (e.g. 'Checked out').
    is_terminal: Mapped[bool] = mapped_column(default=False, server_default="false")
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()


class PatientFlowEvent(TenantOwned, Base):
    """An appointment entering a flow status: when, set by whom, with an optional note."""

    __tablename__ = "patient_flow_events"
    __table_args__ = (
        tenant_fk("appointment_id", "appointments"),
        # NO ACTION: a status that has history is deactivated, not deleted.
        tenant_fk("flow_status_id", "patient_flow_statuses", nullable_ok=True),
        Index("ix_patient_flow_events_appointment_occurred_at", "appointment_id", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    appointment_id: Mapped[uuid.UUID] = mapped_column()
    flow_status_id: Mapped[uuid.UUID] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
