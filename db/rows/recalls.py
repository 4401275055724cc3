"""Rows of recall types, their triggers and patients' recalls."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol

from db.rows.practice import AppointmentTypeRow, TenantRow
from scheduling.appointment_status import AppointmentStatus


class RecallTypeRow(TenantRow, Protocol):
    """A recall_types row."""

    name: str
    description: str | None
    default_interval_months: int
    active: bool
    sort_order: int
    created_at: datetime


class RecallTriggerRow(TenantRow, Protocol):
    """A recall_triggers row."""

    recall_type_id: uuid.UUID
    procedure_code: str
    created_at: datetime


class PatientRecallRow(TenantRow, Protocol):
    """A patient_recalls row."""

    patient_id: uuid.UUID
    recall_type_id: uuid.UUID
    due_date: date
    previous_date: date | None
    interval_months: int
    status: str
    disabled: bool
    note: str | None
    appointment_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class RecallRow(PatientRecallRow, Protocol):
    """A patient recall with its type's columns as `type_*` and the status of the appointment
    it is linked to (None without one), which decides whether it is still booked."""

    type_name: str
    type_description: str | None
    type_default_interval_months: int
    type_active: bool
    type_sort_order: int
    type_created_at: datetime
    appointment_status: AppointmentStatus | None
    appointment_hold_expires_at: datetime | None


class FiredTriggerRow(Protocol):
    """A trigger of a performed procedure code, with its recall type's state and interval."""

    procedure_code: str
    recall_type_id: uuid.UUID
    type_active: bool
    default_interval_months: int


class LockedRecallRow(Protocol):
    """A patient's recall of a type, as firing triggers needs it."""

    id: uuid.UUID
    recall_type_id: uuid.UUID
    interval_months: int


class BookingTypeRow(AppointmentTypeRow, Protocol):
    """An appointment type that books a recall type, with that recall type's id."""

    recall_type_id: uuid.UUID


class BookedRecallTypeRow(RecallTypeRow, Protocol):
    """A recall type an appointment type books, with that appointment type's id."""

    appointment_type_id: uuid.UUID
