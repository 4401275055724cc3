"""Per-user settings as the graph shows them: the ScheduleView and SavedSearch nodes a user owns
(their connections: schema/settings_queries.py; patients' preferences:
schema/types/patient_preferences.py)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from db.queries import user_settings as queries
from db.rows.user_settings import SavedSearchRow, ScheduleViewRow
from resolvers.ids import parse_uuid
from resolvers.user_settings import owned
from scheduling.view_display import ViewDisplay
from schema.enums import AppointmentStatus
from schema.info import Info
from schema.scalars import DateOrDateTime
from schema.types.patient_preferences import load_existing
from schema.types.practice import Location, Operatory, Provider
from schema.types.view_display import ScheduleViewDisplay


@strawberry.type(
    description="Which location, operatories and providers one user's calendar shows, and how."
)
class ScheduleView(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Its name, unique among the owner's views.")
    display: ScheduleViewDisplay = strawberry.field(description="How it draws the calendar.")
    shortcut: str | None = strawberry.field(
        description="A short key to open it, unique among the owner's views."
    )
    is_default: bool = strawberry.field(description="Whether the owner's calendar opens on it.")
    owner: str = strawberry.field(description="The user it belongs to (their token's subject).")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    operatory_ids: strawberry.Private[list[UUID]]
    provider_ids: strawberry.Private[list[UUID]]
    location_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: ScheduleViewRow) -> ScheduleView:
        """Build from a schedule_views row."""
        display = ViewDisplay(
            shown_from=row.shown_from,
            shown_until=row.shown_until,
            step_minutes=row.step_minutes,
            layout=row.layout,
            color_mode=row.color_mode,
            compact=row.compact,
            privacy=row.privacy,
        )
        return cls(
            pk=row.id,
            name=row.name,
            display=ScheduleViewDisplay.from_display(display),
            location_id=row.location_id,
            shortcut=row.shortcut,
            is_default=row.is_default,
            owner=row.owner,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            operatory_ids=list(row.operatory_ids),
            provider_ids=list(row.provider_ids),
        )

    @strawberry.field(description="The location whose calendar it shows; null: not tied to one.")
    async def location(self, info: Info) -> Location | None:
        if self.location_id is None:
            return None
        row = await info.context.loaders.locations.load(self.location_id)
        return Location.from_row(row) if row is not None else None

    @strawberry.field(description="The operatories shown, in the order saved.")
    async def operatories(self, info: Info) -> list[Operatory]:
        found = await load_existing(info.context.loaders.operatories, self.operatory_ids)
        return [Operatory.from_row(row) for row in found]

    @strawberry.field(description="The providers shown, in the order saved.")
    async def providers(self, info: Info) -> list[Provider]:
        found = await load_existing(info.context.loaders.providers, self.provider_ids)
        return [Provider.from_row(row) for row in found]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[ScheduleView | None]:
        """The caller's own views; None for others' and unknown ids."""
        ids = [parse_uuid(node_id) for node_id in node_ids]
        found = await owned.own_by_ids(
            info.context, queries.VIEWS, [ident for ident in ids if ident is not None]
        )
        rows = {row.id: row for row in found if row is not None}
        return [cls.from_row(rows[i]) if i is not None and i in rows else None for i in ids]


def _global_ids(typename: str, stored: list[str]) -> list[GlobalID]:
    return [GlobalID(typename, ident) for ident in stored]


def _moment(stored: str | None) -> date | None:
    if stored is None:
        return None
    return datetime.fromisoformat(stored) if "T" in stored else date.fromisoformat(stored)


@strawberry.type(
    description="A saved appointment list filter: pass its fields to `appointments(filter:)`."
)
class SavedAppointmentFilter:
    location_ids: list[GlobalID] = strawberry.field(description="Only at these locations.")
    provider_ids: list[GlobalID] = strawberry.field(description="Only with these providers.")
    patient_ids: list[GlobalID] = strawberry.field(description="Only for these patients.")
    operatory_ids: list[GlobalID] = strawberry.field(description="Only in these operatories.")
    statuses: list[AppointmentStatus] = strawberry.field(description="Only in these statuses.")
    from_: DateOrDateTime | None = strawberry.field(
        name="from", description="Starting at or after this."
    )
    to: DateOrDateTime | None = strawberry.field(description="Starting before this.")
    patient_name: str | None = strawberry.field(
        description="Only patients whose first or last name starts with each of these words."
    )

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> SavedAppointmentFilter:
        """Build from the filter as saved (resolvers/user_settings/saved_searches.py)."""
        return cls(
            location_ids=_global_ids("Location", stored["locationIds"]),
            provider_ids=_global_ids("Provider", stored["providerIds"]),
            patient_ids=_global_ids("Patient", stored["patientIds"]),
            operatory_ids=_global_ids("Operatory", stored["operatoryIds"]),
            statuses=[AppointmentStatus(status) for status in stored["statuses"]],
            from_=_moment(stored["from"]),  # type: ignore[arg-type]  # DateOrDateTime is a date
            to=_moment(stored["to"]),  # type: ignore[arg-type]
            patient_name=stored.get("patientName"),
        )


@strawberry.enum(description="What a saved search looks for.")
class SavedSearchKind(enum.Enum):
    APPOINTMENTS = "APPOINTMENTS"
    FREE_TIME = "FREE_TIME"


def _global_id(typename: str, stored: str | None) -> GlobalID | None:
    return GlobalID(typename, stored) if stored is not None else None


@strawberry.type(
    description="A saved free-time search: pass its fields as availableSlots' arguments."
)
class SavedSlotSearch:
    location_id: GlobalID = strawberry.field(description="The location.")
    appointment_type_id: GlobalID = strawberry.field(description="The appointment type.")
    provider_ids: list[GlobalID] = strawberry.field(description="Only these (empty: all).")
    for_patient_id: GlobalID | None = strawberry.field(
        description="Order by this patient's preferences."
    )
    from_: date | None = strawberry.field(
        name="from", description="First local date; null: the client's choice (e.g. today)."
    )
    to: date | None = strawberry.field(description="Last local date; null: the client's choice.")
    first: int | None = strawberry.field(description="At most this many; null: the default.")

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> SavedSlotSearch:
        """Build from the criteria as saved (resolvers/user_settings/slot_searches.py)."""
        start, end = stored["from"], stored["to"]
        return cls(
            location_id=GlobalID("Location", stored["locationId"]),
            appointment_type_id=GlobalID("AppointmentType", stored["appointmentTypeId"]),
            provider_ids=_global_ids("Provider", stored["providerIds"]),
            for_patient_id=_global_id("Patient", stored["forPatientId"]),
            from_=date.fromisoformat(start) if start is not None else None,
            to=date.fromisoformat(end) if end is not None else None,
            first=stored["first"],
        )


@strawberry.type(description="A named search one user keeps for themselves.")
class SavedSearch(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Its name, unique among the owner's searches.")
    kind: SavedSearchKind = strawberry.field(description="What it looks for; it keeps it.")
    is_default: bool = strawberry.field(
        description="Whether it is the owner's default search of its kind (one at most)."
    )
    appointment_filter: SavedAppointmentFilter | None = strawberry.field(
        description="The appointment list filter it holds (kind APPOINTMENTS; null otherwise)."
    )
    slot_search: SavedSlotSearch | None = strawberry.field(
        description="The free-time search it holds (kind FREE_TIME; null otherwise)."
    )
    owner: str = strawberry.field(description="The user it belongs to (their token's subject).")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    created_at: datetime = strawberry.field(description="When it was saved.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_row(cls, row: SavedSearchRow) -> SavedSearch:
        """Build from a saved_searches row."""
        appointments = row.kind == SavedSearchKind.APPOINTMENTS.value
        return cls(
            pk=row.id,
            name=row.name,
            kind=SavedSearchKind(row.kind),
            is_default=row.is_default,
            appointment_filter=SavedAppointmentFilter.from_stored(row.filter)
            if appointments
            else None,
            slot_search=None if appointments else SavedSlotSearch.from_stored(row.filter),
            owner=row.owner,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SavedSearch | None]:
        """The caller's own searches; None for others' and unknown ids."""
        ids = [parse_uuid(node_id) for node_id in node_ids]
        found = await owned.own_by_ids(
            info.context, queries.SEARCHES, [ident for ident in ids if ident is not None]
        )
        rows = {row.id: row for row in found if row is not None}
        return [cls.from_row(rows[i]) if i is not None and i in rows else None for i in ids]
