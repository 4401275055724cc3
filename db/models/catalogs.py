"""Managed lists of an organization: why appointments are cancelled or broken; and the counter
that numbers patients' generated chart numbers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, TenantOwned, created_at, version


class AppointmentReason(TenantOwned, Base):
    """A cancellation or no-show reason of the organization's list (kind says which)."""

    __tablename__ = "appointment_reasons"
    __table_args__ = (
        # Keyed by organization first, as new tables are (distributable by organization); the
        # key is also the target of appointments' (organization_id, status_reason_id).
        PrimaryKeyConstraint("organization_id", "id"),
        CheckConstraint("kind IN ('CANCELLATION', 'NO_SHOW')", name="kind_known"),
        # One name per list: the database refuses a second, also from a concurrent request.
        UniqueConstraint("organization_id", "kind", "name", name="uq_appointment_reasons_name"),
    )

    id: Mapped[uuid.UUID] = mapped_column(server_default=text("gen_random_uuid()"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(default=0, server_default="0")
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    version: Mapped[int] = version()
    created_at: Mapped[datetime] = created_at()


class PatientChartCounter(Base):
    """The last generated chart number of an organization: registerPatient without a chart
    number takes the next one while holding this row's lock (no max()+1 race)."""

    __tablename__ = "patient_chart_counters"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
    )
    last_number: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
