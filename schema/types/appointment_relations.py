"""Which relations of Appointment a query selects, so a list can load them ahead in batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from db.loaders import AppointmentRelation

# GraphQL field of Appointment -> the relations its resolver reads.
RELATIONS_BY_FIELD: dict[str, tuple[AppointmentRelation, ...]] = {
    "location": ("location",),
    "operatory": ("operatory",),
    "patient": ("patient",),
    "appointmentType": ("appointment_type",),
    "primaryProvider": ("primary_provider",),
    "additionalProviders": ("additional_providers",),
    "providers": ("primary_provider", "additional_providers"),
    "providerAssignments": ("primary_provider", "additional_providers"),
    "confirmationStatus": ("confirmation_status",),
    "flowStatus": ("flow_status",),
    "procedures": ("procedures",),
}


# GraphQL fields of Appointment that read only its core columns (db/rows/appointments.py
# AppointmentCoreRow and the time zone): a list whose query selects nothing else reads only
# those (tests/api/test_calendar_core_fields.py runs every one of them on core rows).
CORE_FIELDS = frozenset(
    {
        "__typename", "id", "startAt", "endAt", "status", "note", "version", "timeZone",
        "holdExpiresAt", "askToArriveMinutes", "askToArriveAt", "source", "modality",
        "localDate", "localStartTime", "localEndTime", "durationMinutes",
        *RELATIONS_BY_FIELD.keys() - {"procedures"},
    }
)  # fmt: skip


def _fields_below(selections: Iterable[Selection], path: Sequence[str]) -> set[str]:
    """Names of the fields selected at `path` below these selections (through fragments)."""
    names: set[str] = set()
    for selection in selections:
        if not isinstance(selection, SelectedField):  # a fragment spread or inline fragment
            names |= _fields_below(selection.selections, path)
        elif not path:
            names.add(selection.name)
        elif selection.name == path[0]:
            names |= _fields_below(selection.selections, path[1:])
    return names


def selected_fields(info: strawberry.Info, path: Sequence[str]) -> set[str]:
    """The fields of the appointments at `path` below the current field that the query asks
    for, e.g. ("days", "appointments") under calendarWeek."""
    fields: set[str] = set()
    for current in info.selected_fields:  # the resolving field itself (once, or aliased)
        fields |= _fields_below(current.selections, path)
    return fields


def relations_of(fields: Iterable[str]) -> set[AppointmentRelation]:
    """The relations these Appointment fields read."""
    return {relation for name in fields for relation in RELATIONS_BY_FIELD.get(name, ())}


def selected_relations(info: strawberry.Info, path: Sequence[str]) -> set[AppointmentRelation]:
    """The relations of the appointments at `path` that the query asks for."""
    return relations_of(selected_fields(info, path))


@dataclass(frozen=True, slots=True)
class AppointmentReads:
    """What a list of appointments must read for the fields a query selects of them."""

    relations: set[AppointmentRelation]  # to load ahead, one batch each
    core_only: bool  # every selected field reads only the core columns (CORE_FIELDS)


def appointment_reads(info: strawberry.Info, path: Sequence[str]) -> AppointmentReads:
    """What the appointments at `path` below the current field need read."""
    fields = selected_fields(info, path)
    return AppointmentReads(relations_of(fields), core_only=fields <= CORE_FIELDS)
