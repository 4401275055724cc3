"""Who offers what: a provider's locations, the providers and locations offering an appointment
type, and the audit trail of practice setup changes (migration 0014)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, PrimaryKeyConstraint, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, tenant_key, uuid_pk


class ProviderLocation(TenantOwned, Base):
    """A location a provider works at; a provider with none works at every location."""

    __tablename__ = "provider_locations"
    __table_args__ = (
        PrimaryKeyConstraint("provider_id", "location_id"),
        tenant_fk("provider_id", "providers"),
        tenant_fk("location_id", "locations"),
        Index("ix_provider_locations_location", "location_id"),
    )

    provider_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID] = mapped_column()


class AppointmentTypeProvider(TenantOwned, Base):
    """A provider who offers an appointment type; a type with none is offered by every one."""

    __tablename__ = "appointment_type_providers"
    __table_args__ = (
        PrimaryKeyConstraint("appointment_type_id", "provider_id"),
        tenant_fk("appointment_type_id", "appointment_types"),
        tenant_fk("provider_id", "providers"),
        Index("ix_appointment_type_providers_provider", "provider_id"),
    )

    appointment_type_id: Mapped[uuid.UUID] = mapped_column()
    provider_id: Mapped[uuid.UUID] = mapped_column()


class AppointmentTypeLocation(TenantOwned, Base):
    """A location offering an appointment type; a type with none is offered everywhere."""

    __tablename__ = "appointment_type_locations"
    __table_args__ = (
        PrimaryKeyConstraint("appointment_type_id", "location_id"),
        tenant_fk("appointment_type_id", "appointment_types"),
        tenant_fk("location_id", "locations"),
        Index("ix_appointment_type_locations_location", "location_id"),
    )

    appointment_type_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID] = mapped_column()


class SetupChange(TenantOwned, Base):
    """One audited change to the practice's setup: who changed which row, and to what."""

    __tablename__ = "setup_changes"
    __table_args__ = (
        tenant_key("setup_changes"),
        Index("ix_setup_changes_subject", "organization_id", "subject_id", "changed_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    # The table's name: locations, operatories, providers, patients, appointment_types.
    subject_table: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[uuid.UUID] = mapped_column()
    action: Mapped[str] = mapped_column(String(20))  # CREATED or UPDATED
    actor: Mapped[str] = mapped_column(String(200))
    # The fields the change set, by column name (no patient contact details: see resolvers).
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB)
    changed_at: Mapped[datetime] = created_at()
