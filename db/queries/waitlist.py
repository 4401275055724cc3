"""Waitlist reads and writes: entries with their local 'today', contacts, history."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import keyset
from db.queries.ids import uuid_array
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.waitlist import ContactRow, EntryRow, QuickFillEntryRow, WaitlistHistoryRow
from db.shapes import one_or_none_as
from db.tables import appointments as linked
from db.tables import locations
from db.tables import waitlist_contacts as contacts
from db.tables import waitlist_entries as entries
from db.tables import waitlist_history as history
from scheduling.quick_fill import MAX_DAYS_POINTS, URGENCY_POINTS
from scheduling.waitlist import MOVED_BY_ACCEPTANCE

# The request's instant (RequestContext.now), bound into every statement that reads an entry:
# the waitlist's "today" is the request clock's, so a pinned clock (FixedClock) moves it too.
REQUEST_NOW = bindparam("request_now", type_=DateTime(timezone=True))
# The home location's current local date: what read-time expiry and days waiting count from.
LOCAL_TODAY = cast(func.timezone(locations.c.time_zone, REQUEST_NOW), Date).label("local_today")
# Days waiting count local dates at both ends: an evening entry in Chicago is not "tomorrow".
LOCAL_CREATED_ON = cast(func.timezone(locations.c.time_zone, entries.c.created_at), Date).label(
    "local_created_on"
)
ACTIVE = ("waiting", "contacted", "offered")
EFFECTIVE_STATUS = case(
    (
        and_(
            entries.c.status.in_(ACTIVE),
            entries.c.date_to.is_not(None),
            entries.c.date_to < LOCAL_TODAY.element,
        ),
        literal("expired"),
    ),
    else_=entries.c.status,
)
URGENCY_RANK = case(
    {"urgent": 0, "soon": 1, "routine": 2, "flexible": 3}, value=entries.c.urgency, else_=4
)


def _entry_select() -> Select[Any]:
    return select(entries, LOCAL_TODAY, LOCAL_CREATED_ON).join(
        locations,
        and_(
            locations.c.organization_id == entries.c.organization_id,
            locations.c.id == entries.c.home_location_id,
        ),
    )


async def entries_by_ids(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    now: datetime,
) -> list[EntryRow]:
    """Entries of the organization with these ids, their today read at `now`."""
    statement = _entry_select().where(
        entries.c.organization_id == organization_id, entries.c.id == any_(uuid_array("ids"))
    )
    return await db.fetch_all(statement, {"ids": list(ids), "request_now": now}, shape=EntryRow)


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """Which entries a list shows (None: any)."""

    statuses: Sequence[str]
    urgency: Sequence[str] | None = None
    source: Sequence[str] | None = None
    provider_id: uuid.UUID | None = None
    appointment_type_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    include_other_locations: bool = False
    patient_id: uuid.UUID | None = None


# SQL twin of scheduling.quick_fill.standing_score (urgency + priority // 5 + capped days).
STANDING_SCORE = cast(
    case(URGENCY_POINTS, value=entries.c.urgency, else_=0)
    + func.floor(entries.c.priority / 5.0)
    + func.least(
        func.greatest(cast(LOCAL_TODAY.element - LOCAL_CREATED_ON.element, Integer), 0),
        MAX_DAYS_POINTS,
    ),
    Integer,
)
_CREATED = SortKey(entries.c.created_at, "instant")
_URGENCY = SortKey(URGENCY_RANK, "int")
_PRIORITY = SortKey(entries.c.priority, "int", descending=True)
_ID = SortKey(entries.c.id, "uuid")  # every order ends with the id ascending: the tiebreak
# The treatment value (nullable) sorts as two keys that are never NULL, so a keyset can
# compare them: entries with a value first, highest first.
SORTS: dict[str, tuple[SortKey, ...]] = {
    "URGENCY": (_URGENCY, _PRIORITY, _CREATED, _ID),
    "PRIORITY": (_PRIORITY, _URGENCY, _CREATED, _ID),
    "SCORE": (SortKey(STANDING_SCORE, "int", descending=True), _CREATED, _ID),
    "DAYS_WAITING": (_CREATED, _ID),
    "CREATED": (SortKey(entries.c.created_at, "instant", descending=True), _ID),
    "TREATMENT_VALUE": (
        SortKey(entries.c.treatment_value.is_(None), "bool"),
        SortKey(func.coalesce(entries.c.treatment_value, 0), "decimal", descending=True),
        _CREATED,
        _ID,
    ),
}


def _conditions(organization_id: uuid.UUID, where: EntryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        entries.c.organization_id == organization_id,
        EFFECTIVE_STATUS.in_(list(where.statuses)),
    ]
    if where.urgency is not None:
        conditions.append(entries.c.urgency.in_(list(where.urgency)))
    if where.source is not None:
        conditions.append(entries.c.source.in_(list(where.source)))
    if where.provider_id is not None:
        conditions.append(entries.c.provider_id == where.provider_id)
    if where.patient_id is not None:
        conditions.append(entries.c.patient_id == where.patient_id)
    if where.appointment_type_id is not None:
        conditions.append(entries.c.appointment_type_id == where.appointment_type_id)
    if where.location_id is not None:
        here = entries.c.home_location_id == where.location_id
        if where.include_other_locations:
            here = or_(
                here,
                entries.c.location_scope == "any",
                and_(
                    entries.c.location_scope == "selected",
                    entries.c.additional_location_ids.any(where.location_id),
                ),
            )
        conditions.append(here)
    return conditions


async def list_entries(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    where: EntryFilter,
    sort: str,
    after: Sequence[Any] | None,
    limit: int,
    now: datetime,
) -> list[EntryRow]:
    """One page of matching entries in the order asked (SORTS), after the position if any;
    expiry and days waiting read at `now`.

    Each row also carries its sort key values (keyset.position_of reads them back).
    """
    keys = SORTS[sort]
    conditions = _conditions(organization_id, where)
    if after is not None:
        conditions.append(keyset.after(keys, after))
    statement = (
        _entry_select()
        .add_columns(*keyset.key_columns(keys))
        .where(*conditions)
        .order_by(*keyset.order_by(keys))
        .limit(limit)
    )
    return await db.fetch_all(statement, {"request_now": now}, shape=EntryRow)


async def count_entries(
    db: RequestDatabase, *, organization_id: uuid.UUID, where: EntryFilter, now: datetime
) -> int:
    """How many entries match the filter, expiry read at `now`."""
    statement = select(func.count().label("count")).select_from(
        _entry_select().where(*_conditions(organization_id, where)).subquery()
    )
    row = await db.fetch_one(statement, {"request_now": now}, shape=CountRow)
    return row.count if row else 0


async def active_entries_at(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    cross_location: bool,
    now: datetime,
) -> list[QuickFillEntryRow]:
    """Stored-active entries that may be seen at the location (quick fill), in one statement;
    their today read at `now`."""
    here: ColumnElement[bool] = entries.c.home_location_id == location_id
    if cross_location:
        here = or_(
            here,
            entries.c.location_scope == "any",
            and_(
                entries.c.location_scope == "selected",
                literal(location_id) == any_(entries.c.additional_location_ids),
            ),
        )
    # The start of the linked visit while it is still booked: an opening no sooner than the
    # visit the patient already has is no offer for them (scheduling.quick_fill.evaluate).
    linked_visit_start = case(
        (linked.c.status.in_(MOVED_BY_ACCEPTANCE), linked.c.start_at), else_=None
    ).label("linked_visit_start_at")
    statement = (
        _entry_select()
        .add_columns(linked_visit_start)
        .outerjoin(
            linked,
            and_(
                linked.c.organization_id == entries.c.organization_id,
                linked.c.id == entries.c.linked_appointment_id,
            ),
        )
        .where(
            entries.c.organization_id == organization_id,
            entries.c.status.in_(ACTIVE),
            here,
        )
        .order_by(entries.c.created_at, entries.c.id)
    )
    return await db.fetch_all(statement, {"request_now": now}, shape=QuickFillEntryRow)


async def lock_entry(
    connection: AsyncConnection, *, organization_id: uuid.UUID, entry_id: uuid.UUID, now: datetime
) -> EntryRow | None:
    """The entry with its local today (at `now`), locked until the transaction ends."""
    statement = (
        _entry_select()
        .where(entries.c.organization_id == organization_id, entries.c.id == entry_id)
        .with_for_update(of=entries)
    )
    return await one_or_none_as(connection, EntryRow, statement, {"request_now": now})


async def insert_entry(connection: AsyncConnection, values: dict[str, Any]) -> uuid.UUID:
    """Insert an entry; its id."""
    statement = insert(entries).values(**values).returning(entries.c.id)
    return (await connection.execute(statement)).scalar_one()


async def update_entry(
    connection: AsyncConnection, *, entry_id: uuid.UUID, values: dict[str, Any]
) -> None:
    """Change an entry and bump its version."""
    await connection.execute(
        update(entries)
        .where(entries.c.id == entry_id)
        .values(**values, version=entries.c.version + 1, updated_at=func.now())
    )


async def insert_contact(connection: AsyncConnection, values: dict[str, Any]) -> None:
    """Log a contact attempt."""
    await connection.execute(insert(contacts).values(**values, occurred_at=func.clock_timestamp()))


async def contacts_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, entry_ids: Sequence[uuid.UUID]
) -> list[ContactRow]:
    """Contacts of these entries, oldest first."""
    statement = (
        select(contacts)
        .where(
            contacts.c.organization_id == organization_id,
            contacts.c.entry_id == any_(uuid_array("ids")),
        )
        .order_by(contacts.c.occurred_at, contacts.c.id)
    )
    return await db.fetch_all(statement, {"ids": list(entry_ids)}, shape=ContactRow)


async def history_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, entry_ids: Sequence[uuid.UUID]
) -> list[WaitlistHistoryRow]:
    """History of these entries, oldest first."""
    statement = (
        select(history)
        .where(
            history.c.organization_id == organization_id,
            history.c.entry_id == any_(uuid_array("ids")),
        )
        .order_by(history.c.occurred_at, history.c.id)
    )
    return await db.fetch_all(statement, {"ids": list(entry_ids)}, shape=WaitlistHistoryRow)


def today_of(row: EntryRow) -> date:
    """The local date an entry row was read on."""
    return row.local_today
