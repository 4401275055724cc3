"""Rows of appointments, their providers, audit trail and flow timeline; bookings that hold
a slot."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from asyncpg import Record

from db.rows.practice import ProviderRow, TenantRow
from scheduling.appointment_status import AppointmentStatus


class AppointmentCoreRow(TenantRow, Protocol):
    """The appointments columns that a calendar's usual fields read (its times, status,
    note, version and the keys of its relations): schema/types/appointment_relations.py
    CORE_FIELDS names the fields that read nothing else."""

    location_id: uuid.UUID
    operatory_id: uuid.UUID
    patient_id: uuid.UUID
    appointment_type_id: uuid.UUID | None
    primary_provider_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    status: AppointmentStatus
    hold_expires_at: datetime | None
    confirmation_status_id: uuid.UUID | None
    flow_status_id: uuid.UUID | None
    note: str | None
    version: int
    ask_to_arrive_minutes: int | None
    source: str
    modality: str


class ZonedCoreRow(AppointmentCoreRow, Protocol):
    """The core columns with the location's time zone, which every local time needs."""

    time_zone: str


class AppointmentRow(AppointmentCoreRow, Protocol):
    """An appointments row."""

    priority: int
    production_amount: Decimal
    is_new_patient: bool
    is_time_locked: bool
    allow_overlap: bool
    overlap_by_rule: bool
    blocks_slot: bool
    status_reason: str | None
    status_reason_id: uuid.UUID | None
    cancelled_by: str | None
    procedure_codes: list[str]
    created_at: datetime
    updated_at: datetime
    color_override: str | None
    tags: list[str]
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    external_id: str | None
    estimated_insurance: Decimal | None
    estimated_patient_portion: Decimal | None
    display_order: int
    documented_at: datetime | None
    documented_by: str | None


class ZonedAppointmentRow(AppointmentRow, ZonedCoreRow, Protocol):
    """An appointments row with its location's time zone, which every local time needs."""


class AppointmentWithPeopleRow(ZonedAppointmentRow, Protocol):
    """An appointment with its patient, primary provider and additional providers (in their
    order) as whole rows: composite values, keyed by column name; the additional providers'
    roles in the same order."""

    patient_record: Record | None
    primary_provider_record: Record | None
    additional_provider_records: list[Record] | None
    additional_provider_roles: list[str] | None
    additional_provider_ranges: list[list[int | None]] | None


class AdditionalProviderRow(ProviderRow, Protocol):
    """A providers row with the appointment it is an additional provider of, and its role
    there."""

    appointment_id: uuid.UUID
    provider_role: str
    # Its time within the visit, in minutes from the start (None: the whole visit).
    provider_start_offset: int | None
    provider_end_offset: int | None


class HistoryEntryRow(Protocol):
    """An appointment_history row with its position in its appointment's page (1, 2, ...)."""

    id: int
    organization_id: uuid.UUID
    appointment_id: uuid.UUID
    actor: str
    action: str
    changes: dict[str, Any]
    occurred_at: datetime
    rank: int


class FlowEventRow(TenantRow, Protocol):
    """A patient_flow_events row."""

    appointment_id: uuid.UUID
    flow_status_id: uuid.UUID
    occurred_at: datetime
    actor: str
    note: str | None


class BusyRow(Protocol):
    """One provider's or operatory's merged busy spans, in microseconds since the epoch:
    [starts[i], ends[i]), in order. resource_id NULL (an operatory row): every operatory."""

    for_provider: bool
    resource_id: uuid.UUID | None
    starts: list[int]
    ends: list[int]


class BookingRow(Protocol):
    """What a slot-holding appointment takes: its operatory and providers for a time."""

    id: uuid.UUID
    operatory_id: uuid.UUID
    primary_provider_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    additional: list[uuid.UUID] | None  # the additional providers' ids (NULL: none)


class TypedBookingRow(BookingRow, Protocol):
    """A BookingRow with the appointment's type (overlap rules depend on it)."""

    appointment_type_id: uuid.UUID | None


class ProcedureRow(TenantRow, Protocol):
    """An appointment_procedures row."""

    appointment_id: uuid.UUID
    code: str
    fee: Decimal
    provider_id: uuid.UUID | None
    position: int
    created_at: datetime


class DoneProcedureRow(Protocol):
    """A procedure code done on a patient's COMPLETE appointment, on its local date."""

    patient_id: uuid.UUID
    code: str
    appointment_id: uuid.UUID
    done_on: date


class CodeIntervalRow(Protocol):
    """A procedure code and the interval of an active recall type it triggers."""

    code: str
    interval_months: int


class CountRow(Protocol):
    """A count."""

    count: int


class ReasonCountRow(Protocol):
    """How many appointments one reason (None: free text or none) was given for."""

    reason_id: uuid.UUID | None
    count: int


class LocationCountRow(Protocol):
    """How many appointments one location has in a report's range."""

    location_id: uuid.UUID
    count: int


class FlowStepStatRow(Protocol):
    """Time spent in one patient flow step on one local day with one provider."""

    day: date
    provider_id: uuid.UUID
    flow_status_id: uuid.UUID
    visits: int
    total_seconds: int
