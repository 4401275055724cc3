"""The WaitlistEntry node and its enums."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

import strawberry
from strawberry import relay

from db.queries import waitlist as queries
from db.rows.waitlist import EntryRow
from resolvers.ids import parse_uuid
from resolvers.pages import page_in, page_request
from resolvers.recalls.reads import recall_of_entry
from resolvers.waitlist.entries import entries_by_ids
from scheduling.quick_fill import standing_score
from scheduling.waitlist import days_waiting, effective_status
from schema.info import Info
from schema.types.appointment import Appointment
from schema.types.appointment_type import AppointmentType
from schema.types.connection import AfterArg, FirstArg
from schema.types.day_of_week import DayOfWeek, from_iso
from schema.types.history import HistoryEntryConnection
from schema.types.practice import Location, Operatory, Patient, Provider
from schema.types.recalls import PatientRecall
from schema.types.waitlist_enums import (
    WaitlistLocationScope,
    WaitlistResponse,
    WaitlistSource,
    WaitlistStatus,
    WaitlistUrgency,
)
from schema.types.waitlist_log import (
    CONTACT_LOG,
    WAITLIST_HISTORY,
    WaitlistContact,
    WaitlistContactConnection,
    logged_at,
    waitlist_history_entry,
    waitlist_loaders,
)


@strawberry.type(
    description="An entry's standing: the points it has before any opening (sort SCORE)."
)
class WaitlistScore:
    urgency: int = strawberry.field(description="40 urgent, 30 soon, 20 routine, 10 flexible.")
    priority: int = strawberry.field(description="The entry's priority // 5.")
    days_waiting: int = strawberry.field(description="Days waiting, at most 30.")
    total: int = strawberry.field(
        description="The sum; quickFill adds the fit to a particular opening to it."
    )


@strawberry.type(description="A patient waiting for a suitable or earlier slot (not for patients).")
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
    preferred_days: list[DayOfWeek] = strawberry.field(
        description="Preferred days of the week; empty: any day."
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
    days_waiting: int = strawberry.field(
        description="Whole local days (home location) since the entry was added."
    )
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
    def from_row(cls, row: EntryRow) -> WaitlistEntry:
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
            preferred_days=from_iso(row.preferred_days),
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

    @strawberry.field(description="The standing score with its parts (see quickFill).")
    def score(self) -> WaitlistScore:
        points = standing_score(self.urgency.value, self.priority, self.days_waiting)
        return WaitlistScore(
            urgency=points.urgency,
            priority=points.priority,
            days_waiting=points.days_waiting,
            total=points.total,
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
        return Appointment.from_row(row, info.context.now) if row is not None else None

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
        return PatientRecall.from_row(row, info.context.now) if row is not None else None

    @strawberry.field(description="The provider of the offered slot.")
    async def offered_provider(self, info: Info) -> Provider | None:
        if self.offered_provider_id is None:
            return None
        row = await info.context.loaders.providers.load(self.offered_provider_id)
        return Provider.from_row(row) if row is not None else None

    @strawberry.field(description="The operatory of the offered slot.")
    async def offered_operatory(self, info: Info) -> Operatory | None:
        if self.offered_operatory_id is None:
            return None
        row = await info.context.loaders.operatories.load(self.offered_operatory_id)
        return Operatory.from_row(row) if row is not None else None

    @strawberry.field(description="Contact attempts, oldest first.")
    async def contact_log(
        self, info: Info, first: FirstArg = 50, after: AfterArg = None
    ) -> WaitlistContactConnection:
        request = page_request(first, after, CONTACT_LOG)
        rows = await waitlist_loaders(info.context).contacts.load(self.pk)
        page = page_in(rows, request, CONTACT_LOG, logged_at)
        return WaitlistContactConnection.from_page(page, WaitlistContact.from_row)

    @strawberry.field(description="How many times the patient was contacted about this entry.")
    async def contact_attempts(self, info: Info) -> int:
        return len(await waitlist_loaders(info.context).contacts.load(self.pk))

    @strawberry.field(description="The latest contact attempt (method, when, by whom), if any.")
    async def last_contact(self, info: Info) -> WaitlistContact | None:
        rows = await waitlist_loaders(info.context).contacts.load(self.pk)
        return WaitlistContact.from_row(rows[-1]) if rows else None

    @strawberry.field(
        description="When the patient's current response (patientResponse) was recorded."
    )
    async def responded_at(self, info: Info) -> datetime | None:
        if self.patient_response is None:  # a new offer clears the last response
            return None
        rows = await waitlist_loaders(info.context).history.load(self.pk)
        # Every response writes patient_response into its history row; an offer resets it.
        answered = [r.occurred_at for r in rows if (r.after or {}).get("patient_response")]
        return answered[-1] if answered else None

    @strawberry.field(description="Every change of the entry, oldest first.")
    async def history(
        self, info: Info, first: FirstArg = 50, after: AfterArg = None
    ) -> HistoryEntryConnection:
        # The whole log is loaded (respondedAt reads it too, in the same batch) and paged here.
        request = page_request(first, after, WAITLIST_HISTORY)
        rows = await waitlist_loaders(info.context).history.load(self.pk)
        page = page_in(rows, request, WAITLIST_HISTORY, logged_at)
        return HistoryEntryConnection.from_page(page, waitlist_history_entry)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[WaitlistEntry | None]:
        """Entries of the caller's organization; none for patients."""
        ids = [parse_uuid(node_id) for node_id in node_ids]
        rows = await entries_by_ids(info.context, [i for i in ids if i is not None])
        found = {row.id: row for row in rows if row is not None}
        return [cls.from_row(found[i]) if i is not None and i in found else None for i in ids]
