"""Rows of the practice directory: organizations, locations, operatories, people and kinds."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol


class TenantRow(Protocol):
    """A row of a tenant-owned table."""

    id: uuid.UUID
    organization_id: uuid.UUID


class OrganizationRow(Protocol):
    """An organizations row."""

    id: uuid.UUID
    name: str
    created_at: datetime


class LocationRow(TenantRow, Protocol):
    """A locations row."""

    name: str
    time_zone: str
    address_line1: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    created_at: datetime
    version: int


class OperatoryRow(TenantRow, Protocol):
    """An operatories row."""

    location_id: uuid.UUID
    name: str
    abbreviation: str
    sort_order: int
    active: bool
    version: int


class ProviderRow(TenantRow, Protocol):
    """A providers row."""

    first_name: str
    last_name: str
    abbreviation: str
    color: str
    active: bool
    kind: str
    version: int


class PatientRow(TenantRow, Protocol):
    """A patients row."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    email: str | None
    chart_number: str
    created_at: datetime
    version: int
    merged_into_id: uuid.UUID | None


class AppointmentTypeRow(TenantRow, Protocol):
    """An appointment_types row."""

    name: str
    abbreviation: str
    description: str | None
    color: str
    duration_minutes: int
    max_attendees: int
    bookable_online: bool
    booking_lead_time_hours: int
    cancellation_policy_hours: int
    booking_window_days: int
    archived: bool
    procedure_codes: list[str]
    category: str | None
    modality: str
    telehealth: bool
    deposit_amount: Decimal | None
    display_order: int
    hidden: bool
    blockout_only: bool
    required_procedure_codes: list[str]
    required_codes_match: str
    time_pattern: list[str]
    version: int


class ConfirmationStatusRow(TenantRow, Protocol):
    """A confirmation_statuses row."""

    name: str
    abbreviation: str
    color: str
    is_confirmed: bool
    sort_order: int
    active: bool
    version: int


class FlowStatusRow(TenantRow, Protocol):
    """A patient_flow_statuses row."""

    name: str
    abbreviation: str
    color: str
    sort_order: int
    is_terminal: bool
    active: bool
    created_at: datetime
    version: int


class AppointmentReasonRow(TenantRow, Protocol):
    """An appointment_reasons row: a cancellation or no-show reason."""

    kind: str
    name: str
    sort_order: int
    active: bool
    version: int
    created_at: datetime
