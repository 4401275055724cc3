"""Saved searches (seed 002): a named search one user keeps, of one of two kinds: an
appointment list filter (APPOINTMENTS, validated as the appointments query validates it) or a
free-time slot search (FREE_TIME: availableSlots' arguments, resolvers/user_settings/
slot_searches.py); every id must be one of the organization's. At most one default per owner
and kind (a partial unique index; a new default replaces the old). Created, changed and
deleted by their owner only; a search keeps its kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import user_settings as queries
from db.rows.user_settings import SavedSearchRow
from db.tables import locations, operatories, patients, providers
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import NotFound, Validation
from resolvers.pages import Page
from resolvers.user_settings import owned
from resolvers.user_settings.slot_searches import (
    FREE_TIME,
    SlotSearchCriteria,
    check_slot_search,
    stored_slot_search,
)

SEARCHES = CursorList("mySavedSearches", ("text", "uuid"))
LABEL = "saved search"
SEARCH = owned.OwnedKind(queries.SEARCHES, "savedSearchId", LABEL, "SavedSearch")
APPOINTMENTS = "APPOINTMENTS"


@dataclass(frozen=True, slots=True)
class AppointmentSearch:
    """An appointment list filter, its ids decoded (the appointments query's `filter`)."""

    location_ids: list[uuid.UUID] = field(default_factory=list)
    provider_ids: list[uuid.UUID] = field(default_factory=list)
    patient_ids: list[uuid.UUID] = field(default_factory=list)
    operatory_ids: list[uuid.UUID] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    starts_from: date | None = None
    starts_before: date | None = None
    patient_name: str | None = None


# filter JSON key -> (the dataclass field, the table its ids name, the label of an error)
ID_LISTS: dict[str, tuple[str, Table, str]] = {
    "locationIds": ("location_ids", locations, "location"),
    "providerIds": ("provider_ids", providers, "provider"),
    "patientIds": ("patient_ids", patients, "patient"),
    "operatoryIds": ("operatory_ids", operatories, "operatory"),
}


def stored_filter(search: AppointmentSearch) -> dict[str, Any]:
    """The filter as saved: each list without repeats, dates as ISO text; VALIDATION for a
    reversed range."""
    stored: dict[str, Any] = {}
    for key, (name, _, _) in ID_LISTS.items():
        ids = owned.distinct(getattr(search, name), field=("filter", key), longest=100)
        stored[key] = [str(ident) for ident in ids]
    stored["statuses"] = list(dict.fromkeys(search.statuses))
    start, end = search.starts_from, search.starts_before
    if start is not None and end is not None and _comparable(end) < _comparable(start):
        raise Validation("filter.to must not be before filter.from", field=("filter", "to"))
    for key, value in (("from", search.starts_from), ("to", search.starts_before)):
        stored[key] = value.isoformat() if value is not None else None
    words = " ".join((search.patient_name or "").split())
    if words:  # kept only when given: searches saved before it was offered lack the key
        stored["patientName"] = words
    return stored


def _comparable(value: date) -> date:
    """A date or date-time as the day it falls on (for the order check only)."""
    return date(value.year, value.month, value.day)


# Either kind's criteria, as a client gives them.
Criteria = AppointmentSearch | SlotSearchCriteria


async def _check(item: owned.Checked) -> None:
    """Every id of the criteria is the organization's; an update keeps the kind; a new default
    replaces the owner's old one of the kind (names: OwnedKind.unique)."""
    connection, ctx, clean = item.connection, item.ctx, item.clean
    kind = clean.get("kind")
    if item.other_than is not None:
        kept = await _kind_of(connection, item.other_than)
        if kind is not None and kind != kept:
            field = "filter" if kind == APPOINTMENTS else "slotSearch"
            raise Validation(f"A saved search keeps its kind ({kept})", field=field)
        kind = kept
    stored = clean.get("filter")
    if stored is not None and kind == APPOINTMENTS:
        for key, (_, table, label) in ID_LISTS.items():
            ids = [uuid.UUID(text) for text in stored[key]]
            await owned.require_ids(connection, ctx, table, ids, field=("filter", key), label=label)
    elif stored is not None:
        await check_slot_search(connection, ctx, stored)
    await item.replace_default(
        queries.saved_searches, where=[queries.saved_searches.c.kind == kind]
    )


async def _kind_of(connection: AsyncConnection, ident: uuid.UUID) -> str:
    """The kind of a search (locked and checked by then)."""
    table = queries.saved_searches
    kind = await connection.scalar(select(table.c.kind).where(table.c.id == ident))
    if kind is None:
        raise NotFound(f"No {LABEL} with this ID", field="savedSearchId")
    return str(kind)


def _clean(name: str | None, criteria: Criteria | None, is_default: bool | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if name is not None:
        clean["name"] = owned.clean_name(name)
    if isinstance(criteria, AppointmentSearch):
        clean["kind"] = APPOINTMENTS
        clean["filter"] = stored_filter(criteria)
    elif criteria is not None:
        clean["kind"] = FREE_TIME
        clean["filter"] = stored_slot_search(criteria)
    if is_default is not None:
        clean["is_default"] = is_default
    return clean


async def create_search(
    ctx: RequestContext,
    name: str,
    criteria: Criteria,
    *,
    is_default: bool,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Save a search owned by the caller; its id."""
    clean = _clean(name, criteria, is_default)
    return await owned.create_own(ctx, SEARCH, clean, check=_check, idempotency_key=idempotency_key)


async def update_search(
    ctx: RequestContext,
    search_id: uuid.UUID,
    base_version: int,
    *,
    name: str | None,
    criteria: Criteria | None,
    is_default: bool | None,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Rename one of the caller's searches, replace its criteria (of its kind) or make it the
    default of its kind (or not) at `base_version`; its id."""
    clean = _clean(name, criteria, is_default)
    return await owned.update_own(
        ctx, SEARCH, search_id, base_version, clean, check=_check, idempotency_key=idempotency_key
    )


async def delete_search(
    ctx: RequestContext, search_id: uuid.UUID, base_version: int, *, idempotency_key: str | None
) -> uuid.UUID:
    """Delete one of the caller's searches at `base_version`; its id."""
    return await owned.delete_own(
        ctx, SEARCH, search_id, base_version, idempotency_key=idempotency_key
    )


def of_kind(kind: str | None) -> list[ColumnElement[bool]]:
    """The condition of the searches of one kind (None: every search)."""
    return [] if kind is None else [queries.saved_searches.c.kind == kind]


async def search_page(
    ctx: RequestContext, *, kind: str | None, first: int, after: str | None, owner: str
) -> Page[SavedSearchRow]:
    """A page of the owner's saved searches (of one kind if given) by name."""
    return await owned.own_page(
        ctx, queries.SEARCHES, SEARCHES, first=first, after=after, owner=owner, where=of_kind(kind)
    )
