"""The WaitlistEntry node, its contact log and history, and the waitlistEntries root field."""

from __future__ import annotations

import enum
import json
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import strawberry
from sqlalchemy import Row
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.relay import GlobalID
from strawberry.scalars import JSON

from db.queries import waitlist as queries
from db.request_database import RequestDatabase
from resolvers.context import RequestContext
from resolvers.ids import decode_id, parse_uuid
from resolvers.recalls import recall_of_entry
from resolvers.waitlist import MAX_PAGE, entries_by_ids, list_entries
from scheduling.waitlist import days_waiting, effective_status
from schema.types.appointment import Appointment
from schema.types.practice import AppointmentType, Location, Patient, Provider
from schema.types.recalls import PatientRecall

Info = strawberry.Info[RequestContext, None]


@strawberry.enum(description="Where a waitlist entry stands (past its date range reads EXPIRED).")
class WaitlistStatus(enum.Enum):
    WAITING = "waiting"
    CONTACTED = "contacted"
    OFFERED = "offered"
    SCHEDULED = "scheduled"
    REMOVED = "removed"
    EXPIRED = "expired"


@strawberry.enum(description="How soon the patient needs to be seen.")
class WaitlistUrgency(enum.Enum):
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"
    FLEXIBLE = "flexible"


@strawberry.enum(description="Where a waitlist entry came from.")
class WaitlistSource(enum.Enum):
    MANUAL = "manual"
    APPOINTMENT_FLAG = "appointment_flag"
    RECALL = "recall"
    TREATMENT_PLAN = "treatment_plan"
    ONLINE = "online"


@strawberry.enum(description="Which locations an entry may be offered slots at.")
class WaitlistLocationScope(enum.Enum):
    HOME_ONLY = "home_only"
    SELECTED = "selected"
    ANY = "any"


@strawberry.enum(description="How a waitlisted patient was contacted.")
class WaitlistContactMethod(enum.Enum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    IN_PERSON = "in_person"
    OTHER = "other"


@strawberry.enum(description="Who started a waitlist contact.")
class WaitlistContactInitiator(enum.Enum):
    STAFF = "staff"
    SMART_FILL = "smart_fill"


@strawberry.enum(description="The patient's answer to an offer.")
class WaitlistResponse(enum.Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    NO_ANSWER = "no_answer"
    SLOT_TAKEN = "slot_taken"


@strawberry.enum(description="The order of waitlistEntries.")
class WaitlistSort(enum.Enum):
    URGENCY = "URGENCY"
    PRIORITY = "PRIORITY"
    DAYS_WAITING = "DAYS_WAITING"
    CREATED = "CREATED"
    TREATMENT_VALUE = "TREATMENT_VALUE"


@strawberry.type(description="One attempt to reach a waitlisted patient.")
class WaitlistContact:
    method: WaitlistContactMethod = strawberry.field(description="How the patient was reached.")
    initiated_by: WaitlistContactInitiator = strawberry.field(description="Who started it.")
    slot_offered: bool = strawberry.field(description="Whether a slot was offered.")
    note: str | None = strawberry.field(description="Free-text note.")
    actor: str = strawberry.field(description="The caller who logged it.")
    occurred_at: datetime = strawberry.field(description="When it was logged.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> WaitlistContact:
        """Build from a waitlist_contacts row."""
        return cls(
            method=WaitlistContactMethod(row.method),
            initiated_by=WaitlistContactInitiator(row.initiated_by),
            slot_offered=row.slot_offered,
            note=row.note,
            actor=row.actor,
            occurred_at=row.occurred_at,
        )


@strawberry.type(description="One change of a waitlist entry.")
class WaitlistHistoryEntry:
    action: str = strawberry.field(description="What happened, e.g. 'added' or 'offered'.")
    actor: str = strawberry.field(description="Who did it.")
    before: JSON | None = strawberry.field(description="The changed fields before.")
    after: JSON | None = strawberry.field(description="The changed fields after.")
    occurred_at: datetime = strawberry.field(description="When it happened.")


class WaitlistLoaders:
    """Per-request loaders of entries' contacts and history: one query per batch."""

    def __init__(self, db: RequestDatabase, organization_id: UUID) -> None:
        async def contacts(keys: Sequence[UUID]) -> list[list[Row[Any]]]:
            rows = await queries.contacts_of(db, organization_id=organization_id, entry_ids=keys)
            return _grouped(rows, keys)

        async def history(keys: Sequence[UUID]) -> list[list[Row[Any]]]:
            rows = await queries.history_of(db, organization_id=organization_id, entry_ids=keys)
            return _grouped(rows, keys)

        self.contacts: DataLoader[UUID, list[Row[Any]]] = DataLoader(contacts)
        self.history: DataLoader[UUID, list[Row[Any]]] = DataLoader(history)


def _grouped(rows: Sequence[Row[Any]], keys: Sequence[UUID]) -> list[list[Row[Any]]]:
    groups: dict[UUID, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        groups[row.entry_id].append(row)
    return [groups[key] for key in keys]


_LOADERS: weakref.WeakKeyDictionary[RequestDatabase, WaitlistLoaders] = weakref.WeakKeyDictionary()


def waitlist_loaders(ctx: RequestContext) -> WaitlistLoaders:
    """The request's waitlist loaders (created on first use)."""
    loaders = _LOADERS.get(ctx.db)
    if loaders is None:
        loaders = WaitlistLoaders(ctx.db, ctx.viewer.organization_id)
        _LOADERS[ctx.db] = loaders
    return loaders


@strawberry.type(description="A patient waiting for a suitable or earlier slot (staff only).")
class WaitlistEntry(relay.Node):
    pk: relay.NodeID[UUID]
    status: WaitlistStatus = strawberry.field(
        description="Current status; an active entry past its dateTo reads EXPIRED."
    )
    stored_status: WaitlistStatus = strawberry.field(
        description="The status as stored, before read-time expiry."
    )
    location_scope: WaitlistLocationScope = strawberry.field(
        description="Which locations slots may be offered at."
    )
    estimated_duration_minutes: int | None = strawberry.field(
        description="Expected length of the visit."
    )
    date_from: date | None = strawberry.field(description="Earliest acceptable date.")
    date_to: date | None = strawberry.field(description="Latest acceptable date.")
    preferred_days: list[int] = strawberry.field(
        description="Preferred ISO weekdays, 1 (Monday) to 7."
    )
    preferred_start_time: time | None = strawberry.field(description="Earliest preferred time.")
    preferred_end_time: time | None = strawberry.field(description="Latest preferred time.")
    urgency: WaitlistUrgency = strawberry.field(description="How soon the patient must be seen.")
    priority: int = strawberry.field(description="Practice priority, -100 to 100.")
    source: WaitlistSource = strawberry.field(description="Where the entry came from.")
    treatment_value: Decimal | None = strawberry.field(description="Value of the treatment.")
    note: str | None = strawberry.field(description="Free-text note.")
    offered_start_at: datetime | None = strawberry.field(description="Start of the offered slot.")
    offered_end_at: datetime | None = strawberry.field(description="End of the offered slot.")
    offer_expires_at: datetime | None = strawberry.field(description="When the offer lapses.")
    patient_response: WaitlistResponse | None = strawberry.field(
        description="The latest response recorded."
    )
    days_waiting: int = strawberry.field(description="Whole days since the entry was added.")
    version: int = strawberry.field(description="Bumped by every change; pass as baseVersion.")
    created_at: datetime = strawberry.field(description="When the entry was added.")
    updated_at: datetime = strawberry.field(description="When the entry last changed.")
    patient_id: strawberry.Private[UUID]
    home_location_id: strawberry.Private[UUID]
    additional_location_ids: strawberry.Private[list[UUID]]
    provider_id: strawberry.Private[UUID | None]
    appointment_type_id: strawberry.Private[UUID | None]
    linked_appointment_id: strawberry.Private[UUID | None]
    recall_id: strawberry.Private[UUID | None]
    offered_operatory_id: strawberry.Private[UUID | None]
    offered_provider_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: Row[Any]) -> WaitlistEntry:
        """Build from a waitlist_entries row read with its local today."""
        today = queries.today_of(row)
        return cls(
            pk=row.id,
            status=WaitlistStatus(effective_status(row, today).value),
            stored_status=WaitlistStatus(row.status),
            location_scope=WaitlistLocationScope(row.location_scope),
            estimated_duration_minutes=row.estimated_duration_minutes,
            date_from=row.date_from,
            date_to=row.date_to,
            preferred_days=list(row.preferred_days),
            preferred_start_time=row.preferred_start_time,
            preferred_end_time=row.preferred_end_time,
            urgency=WaitlistUrgency(row.urgency),
            priority=row.priority,
            source=WaitlistSource(row.source),
            treatment_value=row.treatment_value,
            note=row.note,
            offered_start_at=row.offered_start_at,
            offered_end_at=row.offered_end_at,
            offer_expires_at=row.offer_expires_at,
            patient_response=(
                WaitlistResponse(row.patient_response) if row.patient_response else None
            ),
            days_waiting=days_waiting(row.local_created_on, today),
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            patient_id=row.patient_id,
            home_location_id=row.home_location_id,
            additional_location_ids=list(row.additional_location_ids),
            provider_id=row.provider_id,
            appointment_type_id=row.appointment_type_id,
            linked_appointment_id=row.linked_appointment_id,
            recall_id=row.recall_id,
            offered_operatory_id=row.offered_operatory_id,
            offered_provider_id=row.offered_provider_id,
        )

    @strawberry.field(description="The waiting patient.")
    async def patient(self, info: Info) -> Patient | None:
        row = await info.context.loaders.patients.load(self.patient_id)
        return Patient.from_row(row) if row is not None else None

    @strawberry.field(description="The entry's home location.")
    async def location(self, info: Info) -> Location | None:
        row = await info.context.loaders.locations.load(self.home_location_id)
        return Location.from_row(row) if row is not None else None

    @strawberry.field(description="Other locations acceptable under a SELECTED scope.")
    async def additional_locations(self, info: Info) -> list[Location]:
        rows = await info.context.loaders.locations.load_many(self.additional_location_ids)
        return [Location.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="The preferred provider, if any.")
    async def provider(self, info: Info) -> Provider | None:
        if self.provider_id is None:
            return None
        row = await info.context.loaders.providers.load(self.provider_id)
        return Provider.from_row(row) if row is not None else None

    @strawberry.field(description="The kind of visit wanted, if known.")
    async def appointment_type(self, info: Info) -> AppointmentType | None:
        if self.appointment_type_id is None:
            return None
        row = await info.context.loaders.appointment_types.load(self.appointment_type_id)
        return AppointmentType.from_row(row) if row is not None else None

    @strawberry.field(
        description="The appointment the entry came from, or the one booked from its offer."
    )
    async def linked_appointment(self, info: Info) -> Appointment | None:
        if self.linked_appointment_id is None:
            return None
        row = await info.context.loaders.appointments.load(self.linked_appointment_id)
        return Appointment.from_row(row) if row is not None else None

    @strawberry.field(
        description=(
            "The patient recall the entry was made from (source RECALL); accepting an offer "
            "books it."
        )
    )
    async def recall(self, info: Info) -> PatientRecall | None:
        if self.recall_id is None:
            return None
        row = await recall_of_entry(info.context, self.recall_id)
        return PatientRecall.from_row(row) if row is not None else None

    @strawberry.field(description="The provider of the offered slot.")
    async def offered_provider(self, info: Info) -> Provider | None:
        if self.offered_provider_id is None:
            return None
        row = await info.context.loaders.providers.load(self.offered_provider_id)
        return Provider.from_row(row) if row is not None else None

    @strawberry.field(description="Contact attempts, oldest first.")
    async def contact_log(self, info: Info) -> list[WaitlistContact]:
        rows = await waitlist_loaders(info.context).contacts.load(self.pk)
        return [WaitlistContact.from_row(row) for row in rows]

    @strawberry.field(description="Every change of the entry, oldest first.")
    async def history(self, info: Info) -> list[WaitlistHistoryEntry]:
        rows = await waitlist_loaders(info.context).history.load(self.pk)
        return [
            WaitlistHistoryEntry(
                action=row.action,
                actor=row.actor,
                before=_plain(row.before),
                after=_plain(row.after),
                occurred_at=row.occurred_at,
            )
            for row in rows
        ]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[WaitlistEntry | None]:
        """Entries of the caller's organization; none for patients."""
        ids = [parse_uuid(node_id) for node_id in node_ids]
        rows = await entries_by_ids(info.context, [i for i in ids if i is not None])
        found = {row.id: row for row in rows if row is not None}
        return [cls.from_row(found[i]) if i is not None and i in found else None for i in ids]


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value)) if value is not None else None


@strawberry.input(description="Which waitlist entries to list.")
class WaitlistFilter:
    statuses: list[WaitlistStatus] | None = strawberry.field(
        default=None, description="Only these (read-time) statuses; default the active ones."
    )
    urgency: list[WaitlistUrgency] | None = strawberry.field(
        default=None, description="Only these urgencies."
    )
    source: list[WaitlistSource] | None = strawberry.field(
        default=None, description="Only these sources."
    )
    provider_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries preferring this provider."
    )
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries for this appointment type."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="Only entries whose home is this location."
    )
    include_other_locations: bool = strawberry.field(
        default=False,
        description="With locationId: also entries of other homes that accept this location.",
    )


@strawberry.type(description="A page of waitlist entries.")
class WaitlistEntryConnection:
    nodes: list[WaitlistEntry] = strawberry.field(description="The entries of this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")
    has_next_page: bool = strawberry.field(description="Whether more entries follow.")


ACTIVE_STATUSES = ["waiting", "contacted", "offered"]


async def resolve_waitlist_entries(
    info: Info,
    filter: Annotated[
        WaitlistFilter | None, strawberry.argument(description="Which entries to list.")
    ] = None,
    sort: Annotated[WaitlistSort, strawberry.argument(description="The order.")] = (
        WaitlistSort.URGENCY
    ),
    first: Annotated[int, strawberry.argument(description=f"Page size, 1 to {MAX_PAGE}.")] = 50,
    after: Annotated[
        str | None, strawberry.argument(description="The endCursor of the previous page.")
    ] = None,
) -> WaitlistEntryConnection:
    """A page of the waitlist."""
    f = filter or WaitlistFilter()
    where = queries.EntryFilter(
        statuses=[s.value for s in f.statuses] if f.statuses is not None else ACTIVE_STATUSES,
        urgency=[u.value for u in f.urgency] if f.urgency is not None else None,
        source=[s.value for s in f.source] if f.source is not None else None,
        provider_id=decode_id(f.provider_id, "Provider", field="providerId")
        if f.provider_id
        else None,
        appointment_type_id=decode_id(
            f.appointment_type_id, "AppointmentType", field="appointmentTypeId"
        )
        if f.appointment_type_id
        else None,
        location_id=decode_id(f.location_id, "Location", field="locationId")
        if f.location_id
        else None,
        include_other_locations=f.include_other_locations,
    )
    page = await list_entries(info.context, where=where, sort=sort.value, first=first, after=after)
    return WaitlistEntryConnection(
        nodes=[WaitlistEntry.from_row(row) for row in page.rows],
        end_cursor=page.end_cursor,
        has_next_page=page.has_next_page,
    )


waitlist_entries_field = strawberry.field(
    resolver=resolve_waitlist_entries,
    description=(
        "The waitlist (staff and integrations): active entries by default, filtered and "
        f"sorted, at most {MAX_PAGE} per page."
    ),
)
