"""What a setup_changes entry stored, in the schema's terms: the kind of row and its global ID,
and the values set as field changes (schema/types/history.py's form).

Entries store the values a change set by column name (no before: `before` reads null), a
patient's the names of the fields only (both values null: no contact details are kept), a
merge the merged patient and the counts moved, and a deleted appointment its last row (as
`before`), its history and the recalls it let go.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

import strawberry

from schema.types.appointment_history import APPOINTMENT_FIELDS, appointment_history_entry
from schema.types.day_of_week import iso_names
from schema.types.history import FieldChange, FieldOf, field_changes, global_id, global_ids


@strawberry.enum(description="The kind of row a setup change applies to.")
class SetupEntityType(enum.Enum):
    LOCATION = "locations"
    OPERATORY = "operatories"
    PROVIDER = "providers"
    PATIENT = "patients"
    APPOINTMENT_TYPE = "appointment_types"
    CONFIRMATION_STATUS = "confirmation_statuses"
    PATIENT_FLOW_STATUS = "patient_flow_statuses"
    APPOINTMENT_REASON = "appointment_reasons"
    SCHEDULE_VIEW = "schedule_views"
    SAVED_SEARCH = "saved_searches"
    SCHEDULING_PREFERENCES = strawberry.enum_value(
        "patient_scheduling_preferences",
        description="A patient's scheduling preferences (the entity ID is the patient's).",
    )
    APPOINTMENT = strawberry.enum_value(
        "appointments", description="A deleted appointment (the ID of the row that was)."
    )


@strawberry.enum(description="What a setup change did.")
class SetupChangeAction(enum.Enum):
    CREATED = strawberry.enum_value("CREATED", description="The row was created.")
    UPDATED = strawberry.enum_value("UPDATED", description="Fields of the row were set.")
    MERGED = strawberry.enum_value(
        "MERGED", description="A duplicate patient was merged into this one."
    )
    DELETED = strawberry.enum_value("DELETED", description="The row was deleted.")


# The GraphQL type an entity's ID names (preferences are the patient's).
ENTITY_NODE = {
    SetupEntityType.LOCATION: "Location",
    SetupEntityType.OPERATORY: "Operatory",
    SetupEntityType.PROVIDER: "Provider",
    SetupEntityType.PATIENT: "Patient",
    SetupEntityType.APPOINTMENT_TYPE: "AppointmentType",
    SetupEntityType.CONFIRMATION_STATUS: "ConfirmationStatus",
    SetupEntityType.PATIENT_FLOW_STATUS: "PatientFlowStatus",
    SetupEntityType.APPOINTMENT_REASON: "AppointmentReason",
    SetupEntityType.SCHEDULE_VIEW: "ScheduleView",
    SetupEntityType.SAVED_SEARCH: "SavedSearch",
    SetupEntityType.SCHEDULING_PREFERENCES: "Patient",
    SetupEntityType.APPOINTMENT: "Appointment",
}

# Stored keys that are no column of their name (ids, links, a merge's counts). The rest read
# as their column in camelCase, which is the field's name on these types.
SETUP_FIELDS: dict[str, FieldOf] = {
    "location_id": FieldOf("location", global_id("Location")),
    "location_ids": FieldOf("locations", global_ids("Location")),
    "type_providers": FieldOf("offeredBy", global_ids("Provider")),
    "type_locations": FieldOf("offeredAt", global_ids("Location")),
    "operatory_ids": FieldOf("operatories", global_ids("Operatory")),
    "provider_ids": FieldOf("providers", global_ids("Provider")),
    "filter": FieldOf("appointmentFilter", lambda stored: _saved_filter(stored)),
    "merged_into_id": FieldOf("mergedInto", global_id("Patient")),
    "merged_patient_id": FieldOf("mergedPatient", global_id("Patient")),
}
PREFERENCE_FIELDS = {
    **SETUP_FIELDS,
    "provider_ids": FieldOf("preferredProviders", global_ids("Provider")),
    "location_ids": FieldOf("preferredLocations", global_ids("Location")),
    "days_of_week": FieldOf("daysOfWeek", iso_names),
}
# A deleted appointment's row: its columns as Appointment's fields (the history's names).
DELETED_APPOINTMENT_FIELDS = {
    **APPOINTMENT_FIELDS,
    "status_reason": FieldOf("statusReason"),
    "status_reason_id": FieldOf("reason", global_id("AppointmentReason")),
    "history": FieldOf("history", lambda entries: [_history(entry) for entry in entries]),
    "unlinked_recall_ids": FieldOf("recalls", global_ids("PatientRecall")),
}
_FILTER_IDS = {
    "locationIds": "Location",
    "providerIds": "Provider",
    "patientIds": "Patient",
    "operatoryIds": "Operatory",
}
# Bookkeeping columns of a deleted row that no field shows.
_NOT_SHOWN = frozenset({"id", "organization_id", "blocks_slot", "overlap_by_rule"})


def setup_field_changes(
    entity: SetupEntityType, action: str, stored: Mapping[str, Any]
) -> list[FieldChange]:
    """The fields an entry records, in the schema's terms."""
    if entity is SetupEntityType.APPOINTMENT and action == "DELETED":
        row = {k: v for k, v in (stored.get("row") or {}).items() if k not in _NOT_SHOWN}
        row["history"] = stored.get("history") or []
        row["unlinked_recall_ids"] = stored.get("unlinked_recall_ids") or []
        triples = [(column, value, None) for column, value in row.items()]
        return field_changes(triples, DELETED_APPOINTMENT_FIELDS)
    fields = PREFERENCE_FIELDS if entity is SetupEntityType.SCHEDULING_PREFERENCES else SETUP_FIELDS
    if entity is SetupEntityType.PATIENT and set(stored) == {"fields"}:
        # Names only: a null before and after, yet the field is listed (field_changes would
        # drop an unchanged value).
        return [
            FieldChange(field=_name(column, fields), before=None, after=None)
            for column in stored["fields"]
        ]
    return field_changes([(column, None, value) for column, value in stored.items()], fields)


def _name(column: str, fields: Mapping[str, FieldOf]) -> str:
    known = fields.get(column)
    if known is not None:
        return known.name
    head, *rest = column.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _saved_filter(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A saved search's filter as `appointmentFilter` reads (global IDs)."""
    return {
        key: [global_id(_FILTER_IDS[key])(v) for v in value] if key in _FILTER_IDS else value
        for key, value in stored.items()
    }


def _history(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One entry of a deleted appointment's history, as Appointment.history read it."""
    read = appointment_history_entry(
        SimpleNamespace(
            action=entry["action"],
            actor=entry["actor"],
            occurred_at=entry["occurred_at"],
            changes=entry["changes"],
        )
    )
    return {
        "action": read.action.name,
        "actor": read.actor,
        "occurredAt": entry["occurred_at"],
        "changes": [
            {"field": change.field, "before": change.before, "after": change.after}
            for change in read.changes
        ],
    }
