"""An appointment's audit trail as history entries: its columns in the schema's terms."""

from __future__ import annotations

from typing import Any

from db.rows.appointments import HistoryEntryRow
from resolvers.cursors import CursorList
from schema.enums import AppointmentStatus
from schema.types.history import (
    FieldOf,
    HistoryEntry,
    enum_name,
    global_id,
    global_ids,
)

APPOINTMENT_HISTORY = CursorList("Appointment.history", ("bigint",))

# appointment_history.changes keys, in the order of Appointment's fields. Columns without a
# field of their own read as the input field that set them.
APPOINTMENT_FIELDS: dict[str, FieldOf] = {
    "start_at": FieldOf("startAt"),
    "end_at": FieldOf("endAt"),
    "status": FieldOf("status", enum_name(AppointmentStatus)),
    "note": FieldOf("note"),
    "priority": FieldOf("priority"),
    "production_amount": FieldOf("productionAmount"),
    "is_new_patient": FieldOf("isNewPatient"),
    "is_time_locked": FieldOf("isTimeLocked"),
    "allow_overlap": FieldOf("allowOverlap"),
    "reason": FieldOf("statusReason"),
    "reason_id": FieldOf("reason", global_id("AppointmentReason")),
    "cancelled_by": FieldOf("cancelledBy"),
    "policy_overridden": FieldOf("overridePolicy"),
    "procedure_codes": FieldOf("procedureCodes"),
    "patient_id": FieldOf("patient", global_id("Patient")),
    "ask_to_arrive_minutes": FieldOf("askToArriveMinutes"),
    "color_override": FieldOf("colorOverride"),
    "tags": FieldOf("tags"),
    "source": FieldOf("source"),
    "modality": FieldOf("modality"),
    "confirmed_at": FieldOf("confirmedAt"),
    "cancelled_at": FieldOf("cancelledAt"),
    "documented_at": FieldOf("documentedAt"),
    "external_id": FieldOf("externalId"),  # importAppointments(input: {rows: [{externalId}]})
    "estimated_insurance": FieldOf("estimatedInsurance"),
    "estimated_patient_portion": FieldOf("estimatedPatientPortion"),
    "display_order": FieldOf("displayOrder"),
    "move_reason": FieldOf(
        "moveReason"
    ),  # moveAppointment(input: {reason}); `reason` is the catalog's
    "procedure": FieldOf("procedures", lambda value: _procedure(value)),
    "location_id": FieldOf("location", global_id("Location")),
    "operatory_id": FieldOf("operatory", global_id("Operatory")),
    "appointment_type_id": FieldOf("appointmentType", global_id("AppointmentType")),
    "primary_provider_id": FieldOf("primaryProvider", global_id("Provider")),
    "provider_ids": FieldOf("providers", global_ids("Provider")),
    "provider_roles": FieldOf("providerAssignments", lambda value: _roles(value)),
    "provider_time_ranges": FieldOf("providerAssignments", lambda value: _ranges(value)),
    "confirmation_status_id": FieldOf("confirmationStatus", global_id("ConfirmationStatus")),
    "flow_status_id": FieldOf("flowStatus", global_id("PatientFlowStatus")),
    "patient_recall_ids": FieldOf("recalls", global_ids("PatientRecall")),
    "completed_recall_ids": FieldOf("completedRecalls", global_ids("PatientRecall")),
    "triggered_recall_ids": FieldOf("triggeredRecalls", global_ids("PatientRecall")),
    "waitlist_entry_id": FieldOf("waitlistEntry", global_id("WaitlistEntry")),
}


def _roles(stored: dict[str, str]) -> dict[str, str]:
    """The additional providers' roles by provider global ID."""
    return {global_id("Provider")(provider): role for provider, role in stored.items()}


def _ranges(stored: dict[str, list[int]]) -> dict[str, list[int]]:
    """The additional providers' [start, end] minutes within the visit by provider global ID."""
    return {global_id("Provider")(provider): span for provider, span in stored.items()}


def _procedure(stored: dict[str, Any]) -> dict[str, Any]:
    """A procedure added or removed, as its fields read (global IDs)."""
    provider = stored.get("provider_id")
    return {
        "id": global_id("AppointmentProcedure")(stored["id"]),
        "code": stored["code"],
        "fee": stored["fee"],
        "provider": global_id("Provider")(provider) if provider else None,
        "order": stored["order"],
    }


# setPatientFlowStatus records the new flow event's note, not the appointment's.
FLOW_FIELDS = {**APPOINTMENT_FIELDS, "note": FieldOf("flowEventNote")}


def appointment_history_entry(row: HistoryEntryRow) -> HistoryEntry:
    """An appointment_history row (changes: {column: {before, after}}) as a history entry."""
    action, stored = row.action, row.changes or {}
    if action == "created":
        # Demo databases laid out before the demo wrote "booked" entries hold this form
        # (changes: {before: null, after: {column: value}}) until their next refresh.
        action = "booked"
        stored = {column: {"after": value} for column, value in (stored["after"] or {}).items()}
    changes = [
        (column, change.get("before"), change.get("after")) for column, change in stored.items()
    ]
    fields = FLOW_FIELDS if action == "flow_status_set" else APPOINTMENT_FIELDS
    return HistoryEntry.of(row, action, changes, fields)
