"""The appointment list: filters, keyset cursors and page size limits."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from db.loaders import AppointmentRelation
from db.queries import appointments as queries
from db.queries.appointments import AppointmentListFilter
from db.rows.appointments import ZonedAppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import BadInput

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class AppointmentPage:
    """One page of appointments in (start, id) order and whether more follow."""

    rows: Sequence[ZonedAppointmentRow]
    has_next_page: bool
    has_previous_page: bool
    spec: AppointmentListFilter


def encode_cursor(start_at: datetime, appointment_id: uuid.UUID) -> str:
    """An opaque cursor for the keyset (start instant, id)."""
    raw = f"{start_at.isoformat()}|{appointment_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The keyset inside a cursor made by encode_cursor, or BadInput."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        start, _, ident = raw.partition("|")
        start_at = datetime.fromisoformat(start)
        if start_at.tzinfo is None:
            raise ValueError("naive")
        return start_at, uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise BadInput("Invalid cursor", field="after") from exc


def inclusive_end(to: date | datetime | None) -> date | datetime | None:
    """A `to` date covers its whole local day: the exclusive bound is the next day."""
    if isinstance(to, datetime) or to is None:
        return to
    return to + timedelta(days=1)


async def appointment_page(
    ctx: RequestContext,
    *,
    spec: AppointmentListFilter,
    first: int,
    after: str | None,
    relations: Collection[AppointmentRelation] = (),
) -> AppointmentPage:
    """A page of the caller's visible appointments matching the filter, with `relations`
    loaded ahead (one batch each)."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    viewer = ctx.viewer
    if viewer.is_patient and viewer.patient_id is not None:
        # A patient sees only their own appointments, whatever patient filter they sent.
        spec = replace(spec, patient_ids=[viewer.patient_id])
    keyset = decode_cursor(after) if after else None
    rows = await queries.list_appointments(
        ctx.db, organization_id=viewer.organization_id, spec=spec, after=keyset, limit=first + 1
    )
    page = rows[:first]
    ctx.loaders.prime_appointments(page)
    await ctx.loaders.load_relations(page, relations)
    return AppointmentPage(
        rows=page, has_next_page=len(rows) > first, has_previous_page=keyset is not None, spec=spec
    )


async def appointment_count(ctx: RequestContext, *, spec: AppointmentListFilter) -> int:
    """How many appointments the filter matches."""
    return await queries.count_appointments(
        ctx.db, organization_id=ctx.viewer.organization_id, spec=spec
    )
