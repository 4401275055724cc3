"""The practice itself: organizations, locations, chairs, people and appointment kinds."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import (
    Base,
    TenantOwned,
    created_at,
    procedure_codes_limit,
    tenant_key,
    text_list,
    uuid_pk,
    version,
)


class Organization(Base):
    """A practice: the tenant every other row belongs to."""

    __tablename__ = "organizations"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()


class Location(TenantOwned, Base):
    """A clinic site with its own IANA time zone."""

    __tablename__ = "locations"
    __table_args__ = (tenant_key("locations"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(64))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()


class Operatory(TenantOwned, Base):
    """A chair or room at a location; appointments happen in one."""

    __tablename__ = "operatories"
    __table_args__ = (
        tenant_key("operatories"),
        # Target of appointments' (organization, location, operatory) key: a chair of that site.
        UniqueConstraint("organization_id", "location_id", "id", name="uq_operatories_site_key"),
        ForeignKeyConstraint(
            ["organization_id", "location_id"],
            ["locations.organization_id", "locations.id"],
            ondelete="CASCADE",
        ),
        Index("ix_operatories_location_order", "location_id", "sort_order"),
        # Two chairs of one site never share a name (migration 0014).
        UniqueConstraint("organization_id", "location_id", "name", name="uq_operatories_name"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    location_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(String(100))
    abbreviation: Mapped[str] = mapped_column(String(10))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = version()


class Provider(TenantOwned, Base):
    """A dentist, hygienist or assistant who can be booked."""

    __tablename__ = "providers"

    id: Mapped[uuid.UUID] = uuid_pk()
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    abbreviation: Mapped[str] = mapped_column(String(10))
    color: Mapped[str] = mapped_column(String(7))
    active: Mapped[bool] = mapped_column(default=True)
    # What the provider does (scheduling.setup.PROVIDER_KINDS); migration 0014.
    kind: Mapped[str] = mapped_column(String(20), default="DENTIST", server_default="DENTIST")
    version: Mapped[int] = version()

    __table_args__ = (
        tenant_key("providers"),
        CheckConstraint("color ~ '^#[0-9a-fA-F]{6}$'", name="color_hex"),
        CheckConstraint(
            "kind IN ('DENTIST', 'HYGIENIST', 'ASSISTANT', 'SPECIALIST', 'OTHER')",
            name="kind_known",
        ),
    )


# Provider search (db/queries/provider_list.py): names and abbreviation by prefix, by
# trigrams (migration 0027).
Index(
    "ix_providers_search",
    func.lower(Provider.last_name).label("last_name_lower"),
    func.lower(Provider.first_name).label("first_name_lower"),
    func.lower(Provider.abbreviation).label("abbreviation_lower"),
    postgresql_using="gin",
    postgresql_with={"fastupdate": "off"},
    postgresql_ops={
        "last_name_lower": "gin_trgm_ops",
        "first_name_lower": "gin_trgm_ops",
        "abbreviation_lower": "gin_trgm_ops",
    },
)


class Patient(TenantOwned, Base):
    """A person who is seen at the practice."""

    __tablename__ = "patients"
    __table_args__ = (
        tenant_key("patients"),
        UniqueConstraint("organization_id", "chart_number"),
        # A merged duplicate points at the patient it was merged into (migration 0016).
        ForeignKeyConstraint(
            ["organization_id", "merged_into_id"], ["patients.organization_id", "patients.id"]
        ),
        CheckConstraint("merged_into_id <> id", name="not_merged_into_self"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column()
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    chart_number: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = created_at()
    version: Mapped[int] = version()
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column()


# Patients are listed by name (last, first, any case) within one organization.
Index(
    "ix_patients_name",
    Patient.organization_id,
    func.lower(Patient.last_name),
    func.lower(Patient.first_name),
)
# Patient search (db/queries/practice.py): every alternative a word can match, by trigrams
# (LIKE 'word%' on the lowered names, chart number and email, '%word%' on the phone), and
# the date of birth for a YYYY-MM-DD word (migration 0027). Without fastupdate, so a search
# never scans a pending list of recent rows.
Index(
    "ix_patients_search",
    func.lower(Patient.last_name).label("last_name_lower"),
    func.lower(Patient.first_name).label("first_name_lower"),
    func.lower(Patient.chart_number).label("chart_number_lower"),
    func.lower(Patient.email).label("email_lower"),
    Patient.phone,
    postgresql_using="gin",
    postgresql_with={"fastupdate": "off"},
    postgresql_ops={
        "last_name_lower": "gin_trgm_ops",
        "first_name_lower": "gin_trgm_ops",
        "chart_number_lower": "gin_trgm_ops",
        "email_lower": "gin_trgm_ops",
        "phone": "gin_trgm_ops",
    },
)
Index("ix_patients_date_of_birth", Patient.organization_id, Patient.date_of_birth)


class AppointmentType(TenantOwned, Base):
    """A kind of visit with its default length and booking rules."""

    __tablename__ = "appointment_types"
    __table_args__ = (
        tenant_key("appointment_types"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 720", name="duration_range"),
        CheckConstraint("max_attendees >= 1", name="max_attendees_positive"),
        CheckConstraint("booking_lead_time_hours >= 0", name="lead_time_non_negative"),
        CheckConstraint("cancellation_policy_hours >= 0", name="policy_non_negative"),
        CheckConstraint("booking_window_days BETWEEN 1 AND 730", name="booking_window_range"),
        procedure_codes_limit(),
        CheckConstraint("modality IN ('IN_PERSON', 'VIDEO', 'PHONE')", name="modality_known"),
        CheckConstraint("deposit_amount >= 0", name="deposit_non_negative"),
        # Migration 0025: order, required codes and the time pattern (scheduling/time_pattern.py).
        CheckConstraint("display_order >= 0", name="display_order_non_negative"),
        CheckConstraint("cardinality(required_procedure_codes) <= 20", name="required_codes_limit"),
        CheckConstraint(
            "required_codes_match IN ('ALL', 'ANY')", name="required_codes_match_known"
        ),
        CheckConstraint(
            "time_pattern <@ ARRAY['PROVIDER', 'ASSISTANT', 'OPEN']::text[]",
            name="time_pattern_units_known",
        ),
        CheckConstraint(
            "cardinality(time_pattern) = 0 OR cardinality(time_pattern) * 5 = duration_minutes",
            name="time_pattern_fills_duration",
        ),
        # Types are picked by name: one name per organization (migration 0014).
        UniqueConstraint("organization_id", "name", name="uq_appointment_types_name"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100))
    abbreviation: Mapped[str] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(7))
    duration_minutes: Mapped[int] = mapped_column()
    max_attendees: Mapped[int] = mapped_column(default=1)
    bookable_online: Mapped[bool] = mapped_column(default=False)
    booking_lead_time_hours: Mapped[int] = mapped_column(default=0)
    cancellation_policy_hours: Mapped[int] = mapped_column(default=0)
    booking_window_days: Mapped[int] = mapped_column(default=180, server_default="180")
    archived: Mapped[bool] = mapped_column(default=False)
    # What a visit of this type performs unless the booking says otherwise (migration 0011):
    # upper case, at most 20, no duplicates (the resolvers normalize them).
    procedure_codes: Mapped[list[str]] = text_list()
    # Migration 0014: a grouping for pick lists, how the visit happens, and a deposit clients
    # show (payments stay elsewhere).
    category: Mapped[str | None] = mapped_column(String(100))
    modality: Mapped[str] = mapped_column(
        String(16), default="IN_PERSON", server_default="IN_PERSON"
    )
    telehealth: Mapped[bool] = mapped_column(default=False, server_default="false")
    deposit_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    # Migration 0025: pick-list order and flags, the codes a visit of the type needs (all or
    # any of them), and its time pattern: one unit kind per 5 minutes, empty or the duration.
    display_order: Mapped[int] = mapped_column(default=0, server_default="0")
    hidden: Mapped[bool] = mapped_column(default=False, server_default="false")
    blockout_only: Mapped[bool] = mapped_column(default=False, server_default="false")
    required_procedure_codes: Mapped[list[str]] = text_list()
    required_codes_match: Mapped[str] = mapped_column(
        String(3), default="ALL", server_default="ALL"
    )
    time_pattern: Mapped[list[str]] = text_list()
    version: Mapped[int] = version()


class ConfirmationStatus(TenantOwned, Base):
    """One entry of an organization's list of confirmation statuses (e.g. 'Left message')."""

    __tablename__ = "confirmation_statuses"
    __table_args__ = (
        tenant_key("confirmation_statuses"),
        # A managed list: names are picked, one per organization (migration 0016).
        UniqueConstraint("organization_id", "name", name="uq_confirmation_statuses_name"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100))
    abbreviation: Mapped[str] = mapped_column(String(10))
    color: Mapped[str] = mapped_column(String(7))
    is_confirmed: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    # Archived statuses stay on the visits that have them but cannot be set (migration 0016).
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    version: Mapped[int] = version()
