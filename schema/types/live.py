"""What subscriptions send: one change each, with the item as it is now and its cursor."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from typing import Any, TypeVar

import strawberry
from strawberry.relay import GlobalID

from resolvers.live.stream import LiveEvent
from scheduling.live_changes import Entity
from schema.types.appointment import Appointment
from schema.types.blockouts import Blockout
from schema.types.schedules import ProviderScheduleOverride
from schema.types.waitlist import WaitlistEntry

T = TypeVar("T")
v = strawberry.enum_value


@strawberry.enum(description="What happened to an item a subscription shows.")
class LiveChangeKind(enum.Enum):
    BOOKED = v("booked", description="A new appointment was booked.")
    HELD = v("held", description="A new hold reserves a slot until it is confirmed or lapses.")
    CONFIRMED = v("confirmed", description="A hold was confirmed.")
    EXPIRED = v("expired", description="A hold lapsed (announced when its time ran out).")
    CANCELLED = v("cancelled", description="The appointment was cancelled.")
    BROKEN = v("broken", description="The appointment was broken (no-show, late cancel).")
    PINBOARDED = v("pinboarded", description="The appointment was parked on the pinboard.")
    PLACED = v("placed", description="An appointment from the pinboard was placed.")
    COMPLETED = v("completed", description="The visit was completed.")
    UNSCHEDULED = v("unscheduled", description="The appointment needs a new time.")
    STATUS_CHANGED = v("status_changed", description="Another status change.")
    MOVED = v("moved", description="Its time, operatory or location changed.")
    MOVED_IN = v("moved_in", description="It moved into the range shown.")
    MOVED_OUT = v("moved_out", description="It moved out of the range shown (removed).")
    PROVIDERS_CHANGED = v("providers_changed", description="Its providers changed.")
    UPDATED = v("updated", description="Another field changed.")
    CREATED = v("created", description="A blockout, override or waitlist entry was created.")
    DELETED = v("deleted", description="The item was deleted (removed).")
    SUBSCRIBED = v(
        "subscribed",
        description=(
            "Everything up to this cursor was sent (what was missed after `after` included): "
            "live changes follow. The first event unless missed changes come first."
        ),
    )
    REFETCH = v(
        "refetch",
        description=(
            "More was missed than can be replayed (a cursor too old, a client too slow): "
            "refetch the view, then keep applying changes."
        ),
    )


def _kind(event: LiveEvent) -> LiveChangeKind:
    return LiveChangeKind(event.kind.value)


def _global_id(event: LiveEvent, entity: Entity, type_name: str) -> GlobalID | None:
    if event.entity is not entity or event.entity_id is None:
        return None
    return GlobalID(type_name, str(event.entity_id))


def _appointment(event: LiveEvent) -> Appointment | None:
    row = event.item.appointment
    return Appointment.from_row(row, event.now) if row is not None and event.now else None


_CURSOR = "Pass it as `after` when subscribing again, to receive what was missed meanwhile."
_REMOVED = "The item is no longer shown: it left the range or the statuses shown, or was deleted."


@strawberry.type(description="What every change carries first.")
class _LiveChange:
    cursor: str = strawberry.field(description=_CURSOR)
    kind: LiveChangeKind = strawberry.field(description="What happened.")


def _heading(event: LiveEvent) -> dict[str, Any]:
    """The constructor arguments every change takes alike: cursor, kind and removed."""
    return {"cursor": event.cursor, "kind": _kind(event), "removed": event.removed}


@strawberry.type(description="A change of a calendar range: an appointment, blockout or override.")
class CalendarChange(_LiveChange):
    removed: bool = strawberry.field(description=_REMOVED)
    appointment_id: GlobalID | None = strawberry.field(description="The appointment changed.")
    appointment: Appointment | None = strawberry.field(
        description="The appointment as it is now, as the calendar shows it (null once deleted)."
    )
    blockout_id: GlobalID | None = strawberry.field(description="The blockout changed.")
    blockout: Blockout | None = strawberry.field(description="The blockout as it is now.")
    schedule_override_id: GlobalID | None = strawberry.field(
        description="The provider schedule override changed."
    )
    schedule_override: ProviderScheduleOverride | None = strawberry.field(
        description="The override as it is now."
    )

    @classmethod
    def from_event(cls, event: LiveEvent) -> CalendarChange:
        item = event.item
        return cls(
            **_heading(event),
            appointment_id=_global_id(event, Entity.APPOINTMENT, "Appointment"),
            appointment=_appointment(event),
            blockout_id=_global_id(event, Entity.BLOCKOUT, "Blockout"),
            blockout=Blockout.from_row(item.blockout) if item.blockout is not None else None,
            schedule_override_id=_global_id(
                event, Entity.SCHEDULE_OVERRIDE, "ProviderScheduleOverride"
            ),
            schedule_override=ProviderScheduleOverride.from_row(item.schedule_override)
            if item.schedule_override is not None
            else None,
        )


@strawberry.type(description="A change of one of the caller's own appointments.")
class AppointmentChange(_LiveChange):
    removed: bool = strawberry.field(description="The appointment was deleted.")
    appointment_id: GlobalID | None = strawberry.field(description="The appointment changed.")
    appointment: Appointment | None = strawberry.field(
        description="The appointment as it is now (null once deleted)."
    )

    @classmethod
    def from_event(cls, event: LiveEvent) -> AppointmentChange:
        return cls(
            **_heading(event),
            appointment_id=_global_id(event, Entity.APPOINTMENT, "Appointment"),
            appointment=_appointment(event),
        )


@strawberry.type(
    description="A change of a waitlist entry whose home is the location watched (or, with "
    "includeOtherLocations, that accepts it)."
)
class WaitlistChange(_LiveChange):
    removed: bool = strawberry.field(
        description="The entry left the view: it moved to another home location, stopped "
        "accepting this one, or was deleted."
    )
    entry_id: GlobalID | None = strawberry.field(description="The entry changed.")
    entry: WaitlistEntry | None = strawberry.field(description="The entry as it is now.")

    @classmethod
    def from_event(cls, event: LiveEvent) -> WaitlistChange:
        return cls(
            **_heading(event),
            entry_id=_global_id(event, Entity.WAITLIST_ENTRY, "WaitlistEntry"),
            entry=WaitlistEntry.from_row(event.item.entry) if event.item.entry else None,
        )


async def converted(
    events: AsyncIterator[LiveEvent], convert: Callable[[LiveEvent], T]
) -> AsyncIterator[T]:
    """The events as GraphQL objects; closing this closes the events (unsubscribing)."""
    async with aclosing(events) as source:  # type: ignore[type-var]
        async for event in source:
            yield convert(event)
