"""History entries of every kind in one typed form: an action, who, when, and field changes.

The audit tables keep what the mutations wrote (column names, raw ids, stored enum values);
this module speaks of it in the schema's terms: each changed column becomes the GraphQL field
it is read through (`operatory_id` -> `operatory`), its values what that field returns (global
IDs, enum names, ISO dates). Each kind declares its columns once (FieldOf), in its type's field
order, which is also the order of `changes`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from schema.types.connection import Connection


@strawberry.enum(description="What a history entry records (the object kind it applies to).")
class HistoryAction(enum.Enum):
    ADDED = strawberry.enum_value("added", description="Waitlist: the entry was added.")
    BOOKED = strawberry.enum_value("booked", description="Appointment: booked (scheduled).")
    BROKEN = strawberry.enum_value("broken", description="Appointment: broken (a no-show).")
    CANCELLED = strawberry.enum_value("cancelled", description="Appointment: cancelled.")
    CONFIRMATION_SET = strawberry.enum_value(
        "confirmation_set", description="Appointment: its confirmation status was set."
    )
    CONFIRMED = strawberry.enum_value(
        "confirmed", description="Appointment: a hold was confirmed (now scheduled)."
    )
    CONTACTED = strawberry.enum_value(
        "contacted", description="Waitlist: a contact attempt was logged."
    )
    DOCUMENTED = strawberry.enum_value(
        "documented", description="Appointment: its documentation was recorded."
    )
    FLOW_STATUS_SET = strawberry.enum_value(
        "flow_status_set", description="Appointment: the patient flow status was set."
    )
    HELD = strawberry.enum_value("held", description="Appointment: a hold reserved the slot.")
    MOVED = strawberry.enum_value(
        "moved", description="Appointment: moved to another time, operatory or location."
    )
    OFFERED = strawberry.enum_value("offered", description="Waitlist: a slot was offered.")
    PINBOARDED = strawberry.enum_value(
        "pinboarded", description="Appointment: sent to the pinboard (unscheduled)."
    )
    PLACED = strawberry.enum_value(
        "placed", description="Appointment: placed from the pinboard into a slot."
    )
    PROCEDURE_ADDED = strawberry.enum_value(
        "procedure_added", description="Appointment: a procedure was added."
    )
    PROCEDURE_REMOVED = strawberry.enum_value(
        "procedure_removed", description="Appointment: a procedure was removed."
    )
    PROVIDERS_SET = strawberry.enum_value(
        "providers_set", description="Appointment: its providers were replaced."
    )
    REMOVED = strawberry.enum_value("removed", description="Waitlist: the entry was removed.")
    RESPONSE_DECLINED = strawberry.enum_value(
        "response_declined", description="Waitlist: the patient declined the offer."
    )
    RESPONSE_EXPIRED = strawberry.enum_value(
        "response_expired", description="Waitlist: the offer lapsed unanswered."
    )
    RESPONSE_NO_ANSWER = strawberry.enum_value(
        "response_no_answer", description="Waitlist: the patient could not be reached."
    )
    RESPONSE_SLOT_TAKEN = strawberry.enum_value(
        "response_slot_taken",
        description="Waitlist: the offered slot was taken before it could be booked.",
    )
    SCHEDULED = strawberry.enum_value(
        "scheduled", description="Waitlist: the offer was accepted and the visit booked."
    )
    STATUS_CHANGED = strawberry.enum_value(
        "status_changed", description="Appointment: its status was changed by staff."
    )
    UPDATED = strawberry.enum_value(
        "updated", description="Appointment or waitlist entry: details were changed."
    )


@strawberry.type(description="One field of the object as it was before and after a change.")
class FieldChange:
    field: str = strawberry.field(
        description="The object's GraphQL field, e.g. `startAt` or `operatory`; for what no "
        "field of it shows, the input field that set it (`overridePolicy`, a removal's "
        "`reason`) or a name saying what it is (`flowEventNote`, `triggeredRecalls`)."
    )
    before: JSON | None = strawberry.field(
        description="The value before, as the field returns it (global IDs, enum names, ISO "
        "dates); null when it had none."
    )
    after: JSON | None = strawberry.field(description="The value after, in the same form.")


class Audited(Protocol):
    """An audit row: who made the change and when."""

    @property
    def actor(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...


@strawberry.type(description="One audited change of an appointment or a waitlist entry.")
class HistoryEntry:
    action: HistoryAction = strawberry.field(description="What happened.")
    actor: str = strawberry.field(description="Who did it (the token's subject).")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    changes: list[FieldChange] = strawberry.field(
        description="The fields that changed, in the order of the object's fields."
    )

    @classmethod
    def of(
        cls,
        row: Audited,
        action: str,
        changes: Iterable[tuple[str, Any, Any]],
        fields: Mapping[str, FieldOf],
    ) -> HistoryEntry:
        """An audit row's entry: its stored action, and its (column, before, after) changes in
        the schema's terms (field_changes)."""
        return cls(
            action=HistoryAction(action),
            actor=row.actor,
            occurred_at=row.occurred_at,
            changes=field_changes(changes, fields),
        )


@strawberry.type(description="A page of an object's history, oldest first.")
class HistoryEntryConnection(Connection[HistoryEntry]):
    pass


Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class FieldOf:
    """The GraphQL field a stored column is read through, and how its value reads there."""

    name: str
    convert: Convert | None = None


def global_id(type_name: str) -> Convert:
    """A stored id as the global ID of `type_name`."""
    return lambda value: str(relay.GlobalID(type_name, str(value)))


def global_ids(type_name: str) -> Convert:
    """Stored ids as global IDs of `type_name`."""
    one = global_id(type_name)
    return lambda values: [one(value) for value in values]


def enum_name(kind: type[enum.Enum]) -> Convert:
    """A stored enum value as the GraphQL enum's name."""
    return lambda value: kind(value).name


def field_changes(
    changes: Iterable[tuple[str, Any, Any]], fields: Mapping[str, FieldOf]
) -> list[FieldChange]:
    """(column, before, after) triples in the schema's terms, in `fields` order (a column
    none declares keeps its name in camelCase and its value, after the declared ones); a
    column stored with the same value before and after changed nothing and is left out."""
    order = {column: n for n, column in enumerate(fields)}
    made = []
    for column, before, after in sorted(
        changes, key=lambda change: (order.get(change[0], len(order)), change[0])
    ):
        if before == after:
            continue
        known = fields.get(column)
        if known is None:
            made.append(FieldChange(field=_camel(column), before=before, after=after))
            continue
        convert = known.convert or _same
        made.append(
            FieldChange(
                field=known.name,
                before=None if before is None else convert(before),
                after=None if after is None else convert(after),
            )
        )
    return made


def _same(value: Any) -> Any:
    return value


def _camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.capitalize() for part in rest)
