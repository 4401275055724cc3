"""Per-user settings (migration 0018): a patient's scheduling preferences, and the schedule
views and saved searches each user (a token's subject) keeps for themselves."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, version
from scheduling.view_display import STEPS

# The most items of any list a setting keeps (days, windows, providers, operatories, ...).
MAX_SETTING_ITEMS = 50


def _uuid_list() -> Mapped[list[uuid.UUID]]:
    return mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'::uuid[]"), nullable=False
    )


def _int_list() -> Mapped[list[int]]:
    return mapped_column(ARRAY(Integer), server_default=text("'{}'::integer[]"), nullable=False)


def _flag() -> Mapped[bool]:
    return mapped_column(server_default="false", nullable=False)


def _updated_at() -> Mapped[datetime]:
    return mapped_column(server_default=func.now(), nullable=False)


class PatientSchedulingPreference(TenantOwned, Base):
    """When and with whom a patient prefers to be seen; at most one row per patient."""

    __tablename__ = "patient_scheduling_preferences"
    __table_args__ = (
        PrimaryKeyConstraint("organization_id", "patient_id"),
        tenant_fk("patient_id", "patients"),
        CheckConstraint("days_of_week <@ '{1,2,3,4,5,6,7}'::smallint[]", name="days_known"),
        CheckConstraint(
            "cardinality(window_starts) = cardinality(window_ends) "
            "AND cardinality(window_starts) <= 12",
            name="windows_paired",
        ),
        CheckConstraint(
            f"cardinality(provider_ids) <= {MAX_SETTING_ITEMS} "
            f"AND cardinality(location_ids) <= {MAX_SETTING_ITEMS}",
            name="lists_bounded",
        ),
        CheckConstraint(
            f"cardinality(operatory_ids) <= {MAX_SETTING_ITEMS}", name="operatories_bounded"
        ),
        CheckConstraint(
            "contact_method IN ('PHONE', 'SMS', 'EMAIL', 'MAIL')", name="contact_method_known"
        ),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column()
    # ISO days of the week, 1 = Monday ... 7 = Sunday.
    days_of_week: Mapped[list[int]] = mapped_column(
        ARRAY(SmallInteger), server_default=text("'{}'::smallint[]"), nullable=False
    )
    # Local time-of-day windows as minutes after midnight: [start, end) pairs.
    window_starts: Mapped[list[int]] = _int_list()
    window_ends: Mapped[list[int]] = _int_list()
    provider_ids: Mapped[list[uuid.UUID]] = _uuid_list()
    location_ids: Mapped[list[uuid.UUID]] = _uuid_list()
    operatory_ids: Mapped[list[uuid.UUID]] = _uuid_list()
    # How the practice should reach the patient about appointments (null: no preference).
    contact_method: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(String(2000), server_default="", nullable=False)
    # Set by whoever inferred them from the patient's appointments rather than being told.
    learned_from_history: Mapped[bool] = _flag()
    version: Mapped[int] = version()
    updated_at: Mapped[datetime] = _updated_at()


class ScheduleView(TenantOwned, Base):
    """Which operatories and providers one user's calendar shows; owned by a token subject."""

    __tablename__ = "schedule_views"
    __table_args__ = (
        PrimaryKeyConstraint("organization_id", "id"),
        Index("uq_schedule_views_owner_name", "organization_id", "owner", "name", unique=True),
        Index(
            "uq_schedule_views_owner_shortcut",
            "organization_id",
            "owner",
            "shortcut",
            unique=True,
            postgresql_where=text("shortcut IS NOT NULL"),
        ),
        Index(
            "uq_schedule_views_owner_default",
            "organization_id",
            "owner",
            unique=True,
            postgresql_where=text("is_default"),
        ),
        CheckConstraint(
            f"cardinality(operatory_ids) <= {MAX_SETTING_ITEMS} "
            f"AND cardinality(provider_ids) <= {MAX_SETTING_ITEMS}",
            name="lists_bounded",
        ),
        tenant_fk("location_id", "locations"),
        # Shown hours as minutes after midnight, local wall-clock time.
        CheckConstraint(
            "shown_from >= 0 AND shown_from < shown_until AND shown_until <= 1440",
            name="hours_ordered",
        ),
        CheckConstraint(f"step_minutes IN {STEPS}", name="step_known"),
        CheckConstraint("layout IN ('DAY', 'WEEK', 'WORK_WEEK')", name="layout_known"),
        CheckConstraint(
            "color_mode IN ('APPOINTMENT_TYPE', 'PROVIDER', 'OPERATORY', 'STATUS')",
            name="color_mode_known",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(server_default=text("gen_random_uuid()"))
    owner: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100))
    # The location whose calendar it shows (null: not tied to one).
    location_id: Mapped[uuid.UUID | None] = mapped_column()
    shown_from: Mapped[int] = mapped_column(SmallInteger, server_default="420", nullable=False)
    shown_until: Mapped[int] = mapped_column(SmallInteger, server_default="1140", nullable=False)
    step_minutes: Mapped[int] = mapped_column(SmallInteger, server_default="10", nullable=False)
    layout: Mapped[str] = mapped_column(String(10), server_default="DAY", nullable=False)
    color_mode: Mapped[str] = mapped_column(
        String(20), server_default="APPOINTMENT_TYPE", nullable=False
    )
    compact: Mapped[bool] = _flag()
    privacy: Mapped[bool] = _flag()
    shortcut: Mapped[str | None] = mapped_column(String(20))
    is_default: Mapped[bool] = mapped_column(server_default="false", nullable=False)
    operatory_ids: Mapped[list[uuid.UUID]] = _uuid_list()
    provider_ids: Mapped[list[uuid.UUID]] = _uuid_list()
    version: Mapped[int] = version()
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _updated_at()


class SavedSearch(TenantOwned, Base):
    """A named filter one user keeps (its kind says which input type it holds)."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        PrimaryKeyConstraint("organization_id", "id"),
        Index("uq_saved_searches_owner_name", "organization_id", "owner", "name", unique=True),
        Index(
            "uq_saved_searches_owner_kind_default",
            "organization_id",
            "owner",
            "kind",
            unique=True,
            postgresql_where=text("is_default"),
        ),
        CheckConstraint("kind IN ('APPOINTMENTS', 'FREE_TIME')", name="kind_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(server_default=text("gen_random_uuid()"))
    owner: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    is_default: Mapped[bool] = _flag()
    # The criteria as validated on save, in the shape of the kind's input type (only the
    # resolvers write it; the graph reads it back as the kind's typed object).
    filter: Mapped[dict[str, Any]] = mapped_column(JSONB)
    version: Mapped[int] = version()
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = _updated_at()
