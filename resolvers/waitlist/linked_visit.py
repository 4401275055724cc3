"""Accepting an offer for an entry with a later visit: that visit moves into the offered slot.

The patient asked for their appointment sooner, not for a second one: the same appointment
(id, notes, confirmation, recalls) takes the offer's time, operatory and provider, under the
move rules, and its old time is freed for the next patient on the list.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as booking_writes
from db.rows.appointments import AppointmentRow
from db.rows.waitlist import EntryRow
from resolvers.context import RequestContext
from resolvers.lifecycle import references
from resolvers.lifecycle.reslot import Reslot, apply_reslot
from resolvers.mutation_runner import Transaction
from resolvers.quick_fill import FreedSlot
from resolvers.waitlist.common import require_offer
from scheduling.appointment_status import AppointmentStatus
from scheduling.conflicts import Booking
from scheduling.waitlist import linked_visit_stays


async def lock_linked_visit(
    connection: AsyncConnection, entry: EntryRow, now: datetime
) -> tuple[AppointmentRow | None, str | None]:
    """The entry's linked visit, locked, when accepting moves it; else None and why it stays
    (None too when the entry links no visit)."""
    if entry.linked_appointment_id is None:
        return None, None
    visit = await booking_writes.lock_appointment(
        connection,
        organization_id=entry.organization_id,
        appointment_id=entry.linked_appointment_id,
    )
    if visit is None:  # the composite foreign key keeps this from happening
        return None, "the linked appointment no longer exists"
    reason = linked_visit_stays(
        status=AppointmentStatus(visit.status),
        start_at=visit.start_at,
        time_locked=visit.is_time_locked,
        now=now,
    )
    return (visit if reason is None else None), reason


async def move_linked_visit(
    tx: Transaction,
    ctx: RequestContext,
    entry: EntryRow,
    visit: AppointmentRow,
) -> FreedSlot:
    """Move the locked visit into the entry's offer (SCHEDULED); the slot it freed."""
    connection = tx.connection
    org = entry.organization_id
    offer = await require_offer(connection, entry)
    location = await references.require_location(connection, org, visit.location_id)
    additional = await booking_writes.provider_ids_of(connection, appointment_id=visit.id)
    offered = offer.provider_id
    # The offered provider sees the patient; assistants on the visit come along.
    providers = (offered, *(p for p in additional if p != offered))
    plan = Reslot(
        candidate=Booking(
            visit.id,
            offer.operatory.id,
            frozenset(providers),
            offer.start_at,
            offer.end_at,
            visit.appointment_type_id,
            primary_provider_id=offered,
        ),
        location_id=offer.operatory.location_id,
        providers=providers,
        before_providers=(visit.primary_provider_id, *additional),
        allow_overlap=False,
    )
    await apply_reslot(
        tx,
        ctx,
        visit,
        plan,
        status=AppointmentStatus.SCHEDULED,
        action="moved",
        context={"waitlist_entry_id": {"before": None, "after": str(entry.id)}},
    )
    return FreedSlot(
        location_id=visit.location_id,
        start_at=visit.start_at,
        end_at=visit.end_at,
        time_zone=location.time_zone,
        provider_id=visit.primary_provider_id,
        appointment_type_id=visit.appointment_type_id,
    )
