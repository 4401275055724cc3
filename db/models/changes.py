"""The change log behind live subscriptions, and each organization's change counter.

Rows are written by triggers only (migration 0015): one per changed appointment, blockout,
schedule override or waitlist entry and transaction, numbered at commit. They carry ids,
times and statuses, never names or notes; subscribers load the rows themselves.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


def _organization() -> Mapped[uuid.UUID]:
    # The keys begin with it (no index of its own): a sharded PostgreSQL distributes by it.
    return mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False)


class ChangeLog(Base):
    """One committed change of one row, as its state before and after the transaction."""

    __tablename__ = "change_log"
    __table_args__ = (
        PrimaryKeyConstraint("organization_id", "txid", "entity_id"),
        CheckConstraint(
            "entity IN ('appointment', 'blockout', 'schedule_override', 'waitlist_entry')",
            name="entity_known",
        ),
        CheckConstraint("operation IN ('insert', 'update', 'delete')", name="operation_known"),
        # Catch-up reads: an organization's changes after a cursor, in order.
        Index(
            "ix_change_log_organization_id_change_id", "organization_id", "change_id", unique=True
        ),
    )

    organization_id: Mapped[uuid.UUID] = _organization()
    # The writing transaction (pg_current_xact_id): its writes to one row fold into one change.
    txid: Mapped[int] = mapped_column(BigInteger)
    entity_id: Mapped[uuid.UUID] = mapped_column()
    # The organization's change number, given at commit (NULL until then).
    change_id: Mapped[int | None] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(20))
    operation: Mapped[str] = mapped_column(String(6))
    location_id: Mapped[uuid.UUID | None] = mapped_column()
    previous_location_id: Mapped[uuid.UUID | None] = mapped_column()
    patient_id: Mapped[uuid.UUID | None] = mapped_column()
    starts_at: Mapped[datetime | None] = mapped_column()
    ends_at: Mapped[datetime | None] = mapped_column()
    previous_starts_at: Mapped[datetime | None] = mapped_column()
    previous_ends_at: Mapped[datetime | None] = mapped_column()
    # Schedule overrides are for a local date rather than a time range.
    on_date: Mapped[date | None] = mapped_column()
    previous_on_date: Mapped[date | None] = mapped_column()
    status: Mapped[str | None] = mapped_column(String(16))
    previous_status: Mapped[str | None] = mapped_column(String(16))
    hold_expires_at: Mapped[datetime | None] = mapped_column()
    # Start, end, operatory or location changed (an override: its date or location).
    moved: Mapped[bool] = mapped_column(server_default="false")
    providers_changed: Mapped[bool] = mapped_column(server_default="false")
    committed_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # A waitlist entry's location scope and additional locations, before and after
    # (migration 0023): which other locations' waitlists it appears in.
    location_scope: Mapped[str | None] = mapped_column(String(16))
    previous_location_scope: Mapped[str | None] = mapped_column(String(16))
    additional_location_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True))
    )
    previous_additional_location_ids: Mapped[list[uuid.UUID] | None] = mapped_column(
        ARRAY(UUID(as_uuid=True))
    )


class ChangeCounter(Base):
    """An organization's last change id; its row is locked while a commit numbers changes."""

    __tablename__ = "change_counters"
    __table_args__ = (PrimaryKeyConstraint("organization_id"),)

    organization_id: Mapped[uuid.UUID] = _organization()
    last_change_id: Mapped[int] = mapped_column(BigInteger)
