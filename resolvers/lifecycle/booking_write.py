"""The write half of booking: bookings that passed every rule (book.plan_booking), inserted
in a few multi-row statements, one booking (bookAppointment) or an import's rows alike."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.rows.appointments import AppointmentRow
from db.rows.recalls import RecallRow
from resolvers.lifecycle.details import DETAIL_FIELDS
from resolvers.lifecycle.recall_links import link_recalls
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.conflicts import Booking

if TYPE_CHECKING:  # book.py writes through this module
    from resolvers.lifecycle.book import BookingRequest


@dataclass(frozen=True, slots=True)
class PlannedBooking:
    """A booking that passed every rule, as it is about to be written: its row's columns
    (its id chosen already, so later rows of an import can name it) and what its history
    entry records."""

    values: dict[str, Any]
    request: BookingRequest
    status: AppointmentStatus
    candidate: Booking
    recalls: list[RecallRow]
    procedure_codes: list[str]

    @property
    def id(self) -> uuid.UUID:
        """The new appointment's id."""
        ident: uuid.UUID = self.values["id"]
        return ident

    @property
    def holds_slot(self) -> bool:
        """Whether it takes its slot once written (db/queries/busy.HOLDS_SLOT): a blocking
        status, and no overlap asked for (a rule-allowed overlap still holds it)."""
        return self.status in BLOCKING and not self.request.allow_overlap


@dataclass(frozen=True, slots=True)
class Booked:
    """An appointment written by write_bookings and the history entry it is recorded with."""

    row: AppointmentRow
    action: str
    changes: dict[str, Any]


async def write_bookings(
    connection: AsyncConnection, organization_id: uuid.UUID, planned: Sequence[PlannedBooking]
) -> list[Booked]:
    """Insert the bookings, their additional providers and recall links; what each history
    entry records (the caller writes them). PostgreSQL's exclusion constraints refuse the
    statement if any of them collides with what another transaction wrote."""
    rows = {row.id: row for row in await writes.insert_appointments(connection, _values(planned))}
    extra = [(p.id, p.request.provider_ids[1:]) for p in planned if p.request.provider_ids[1:]]
    if extra:
        await writes.add_additional_providers(
            connection, organization_id=organization_id, providers=extra
        )
    for booking in planned:
        await link_recalls(
            connection,
            organization_id=organization_id,
            appointment_id=booking.id,
            recalls=booking.recalls,
        )
    return [
        Booked(rows[p.id], "held" if p.request.hold else "booked", _booking_changes(p, rows[p.id]))
        for p in planned
    ]


def _values(planned: Sequence[PlannedBooking]) -> list[dict[str, Any]]:
    return [booking.values for booking in planned]


def _booking_changes(planned: PlannedBooking, row: AppointmentRow) -> dict[str, Any]:
    """The history entry's changes of a new appointment: every value it was created with."""
    request, candidate = planned.request, planned.candidate
    changes: dict[str, Any] = {
        "status": {"before": None, "after": planned.status.value},
        "start_at": {"before": None, "after": candidate.start_at.isoformat()},
        "end_at": {"before": None, "after": candidate.end_at.isoformat()},
        "operatory_id": {"before": None, "after": str(request.operatory_id)},
        "provider_ids": {"before": None, "after": [str(p) for p in request.provider_ids]},
    }
    if planned.procedure_codes:
        changes["procedure_codes"] = {"before": None, "after": planned.procedure_codes}
    changes |= {
        column: {"before": None, "after": getattr(row, column)}
        for column in (*DETAIL_FIELDS, "source", "external_id")
        if getattr(row, column) not in (None, [])
    }
    if planned.recalls:
        changes["patient_recall_ids"] = {
            "before": None,
            "after": [str(r.id) for r in planned.recalls],
        }
    return changes
