"""Which relations of Appointment a query selects, so a list can load them ahead in batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def selected_relations(info: strawberry.Info, path: Sequence[str]) -> set[AppointmentRelation]:
    """The relations of the appointments at `path` below the current field that the query
    asks for, e.g. ("days", "appointments") under calendarWeek."""
    fields: set[str] = set()
    for current in info.selected_fields:  # the resolving field itself (once, or aliased)
        fields |= _fields_below(current.selections, path)
    return {relation for name in fields for relation in RELATIONS_BY_FIELD.get(name, ())}
