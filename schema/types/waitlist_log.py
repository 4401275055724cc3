"""A waitlist entry's contact log and history, and their per-request DataLoaders."""

from __future__ import annotations

import enum
import weakref
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import strawberry
from aiodataloader import DataLoader

from db.batching import grouped
from db.queries import waitlist as queries
from db.request_database import RequestDatabase
from db.rows.waitlist import ContactRow, WaitlistHistoryRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from schema.types.connection import Connection
from schema.types.day_of_week import iso_names
from schema.types.history import (
    FieldOf,
    HistoryEntry,
    enum_name,
    global_id,
    global_ids,
)
from schema.types.waitlist_enums import (
    WaitlistLocationScope,
    WaitlistResponse,
    WaitlistSource,
    WaitlistStatus,
    WaitlistUrgency,
)


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


@strawberry.type(description="One attempt to reach a waitlisted patient.")
class WaitlistContact:
    method: WaitlistContactMethod = strawberry.field(description="How the patient was reached.")
    initiated_by: WaitlistContactInitiator = strawberry.field(description="Who started it.")
    slot_offered: bool = strawberry.field(description="Whether a slot was offered.")
    note: str | None = strawberry.field(description="Free-text note.")
    actor: str = strawberry.field(description="The caller who logged it.")
    occurred_at: datetime = strawberry.field(description="When it was logged.")

    @classmethod
    def from_row(cls, row: ContactRow) -> WaitlistContact:
        """Build from a waitlist_contacts row."""
        return cls(
            method=WaitlistContactMethod(row.method),
            initiated_by=WaitlistContactInitiator(row.initiated_by),
            slot_offered=row.slot_offered,
            note=row.note,
            actor=row.actor,
            occurred_at=row.occurred_at,
        )


# waitlist_history before/after keys, in the order of WaitlistEntry's fields. Keys without a
# field of their own read as the input field that set them (`reason`) or in camelCase.
WAITLIST_FIELDS: dict[str, FieldOf] = {
    "status": FieldOf("status", enum_name(WaitlistStatus)),
    "location_scope": FieldOf("locationScope", enum_name(WaitlistLocationScope)),
    "estimated_duration_minutes": FieldOf("estimatedDurationMinutes"),
    "date_from": FieldOf("dateFrom"),
    "date_to": FieldOf("dateTo"),
    "preferred_days": FieldOf("preferredDays", iso_names),
    "preferred_start_time": FieldOf("preferredStartTime"),
    "preferred_end_time": FieldOf("preferredEndTime"),
    "urgency": FieldOf("urgency", enum_name(WaitlistUrgency)),
    "priority": FieldOf("priority"),
    "source": FieldOf("source", enum_name(WaitlistSource)),
    "treatment_value": FieldOf("treatmentValue"),
    "note": FieldOf("note"),
    "offered_start_at": FieldOf("offeredStartAt"),
    "offered_end_at": FieldOf("offeredEndAt"),
    "offer_expires_at": FieldOf("offerExpiresAt"),
    "patient_response": FieldOf("patientResponse", enum_name(WaitlistResponse)),
    "patient_id": FieldOf("patient", global_id("Patient")),
    "home_location_id": FieldOf("location", global_id("Location")),
    "additional_location_ids": FieldOf("additionalLocations", global_ids("Location")),
    "provider_id": FieldOf("provider", global_id("Provider")),
    "appointment_type_id": FieldOf("appointmentType", global_id("AppointmentType")),
    "linked_appointment_id": FieldOf("linkedAppointment", global_id("Appointment")),
    "recall_id": FieldOf("recall", global_id("PatientRecall")),
    "offered_provider_id": FieldOf("offeredProvider", global_id("Provider")),
    "offered_operatory_id": FieldOf("offeredOperatory", global_id("Operatory")),
    "reason": FieldOf("reason"),
    "moved_appointment_id": FieldOf("movedAppointment", global_id("Appointment")),
    "linked_visit_kept_because": FieldOf("linkedVisitKeptBecause"),
    "recall_booked": FieldOf("recallBooked"),
    "recall_not_booked_because": FieldOf("recallNotBookedBecause"),
}
WAITLIST_HISTORY = CursorList("WaitlistEntry.history", ("instant", "uuid"))
CONTACT_LOG = CursorList("WaitlistEntry.contactLog", ("instant", "uuid"))


def logged_at(row: ContactRow | WaitlistHistoryRow) -> tuple[datetime, UUID]:
    """A history or contact row's place in its log: when, then id."""
    return row.occurred_at, row.id


def waitlist_history_entry(row: WaitlistHistoryRow) -> HistoryEntry:
    """A waitlist_history row (before and after: {column: value}) as a history entry."""
    before, after = row.before or {}, row.after or {}
    changes = [(column, before.get(column), after.get(column)) for column in {**before, **after}]
    return HistoryEntry.of(row, row.action, changes, WAITLIST_FIELDS)


@strawberry.type(description="A page of a waitlist entry's contact attempts, oldest first.")
class WaitlistContactConnection(Connection[WaitlistContact]):
    pass


class WaitlistLoaders:
    """Per-request loaders of entries' contacts and history: one query per batch."""

    def __init__(self, db: RequestDatabase, organization_id: UUID) -> None:
        async def contacts(keys: Sequence[UUID]) -> list[list[ContactRow]]:
            rows = await queries.contacts_of(db, organization_id=organization_id, entry_ids=keys)
            return grouped(rows, keys, lambda row: row.entry_id)

        async def history(keys: Sequence[UUID]) -> list[list[WaitlistHistoryRow]]:
            rows = await queries.history_of(db, organization_id=organization_id, entry_ids=keys)
            return grouped(rows, keys, lambda row: row.entry_id)

        self.contacts: DataLoader[UUID, list[ContactRow]] = DataLoader(contacts)
        self.history: DataLoader[UUID, list[WaitlistHistoryRow]] = DataLoader(history)


_LOADERS: weakref.WeakKeyDictionary[RequestDatabase, WaitlistLoaders] = weakref.WeakKeyDictionary()


def waitlist_loaders(ctx: RequestContext) -> WaitlistLoaders:
    """The request's waitlist loaders (created on first use)."""
    loaders = _LOADERS.get(ctx.db)
    if loaders is None:
        loaders = WaitlistLoaders(ctx.db, ctx.viewer.organization_id)
        _LOADERS[ctx.db] = loaders
    return loaders
