"""Waitlist entries: read by id, list a page, add one, change its preferences."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from db.audit_journal import WaitlistAudit
from db.queries import booking as booking_writes
from db.queries import keyset
from db.queries import waitlist as queries
from db.queries.practice import LOCATIONS
from db.rows.waitlist import EntryRow
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import InvalidTransition, NotFound, Validation
from resolvers.lifecycle import references
from resolvers.lifecycle.recall_links import lock_linkable
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.pages import Page, page_of, page_request
from resolvers.viewer import Role, acting_role
from resolvers.waitlist.common import (
    EntryFields,
    change,
    check_fields,
    check_references,
    column_values,
    duplicate_entry,
    entry_values,
    json_ready,
    locked,
)
from scheduling.waitlist import ACTIVE, WaitlistStatus, scope_problem


async def entries_by_ids(ctx: RequestContext, ids: Sequence[uuid.UUID]) -> list[EntryRow | None]:
    """Entries by id in the given order (None when missing, foreign, or for patients)."""
    if acting_role(ctx.viewer.role) not in (Role.STAFF, Role.INTEGRATION) or not ids:
        return [None for _ in ids]
    rows = await queries.entries_by_ids(
        ctx.db, organization_id=ctx.viewer.organization_id, ids=ids, now=ctx.now
    )
    found = {row.id: row for row in rows}
    return [found.get(ident) for ident in ids]


# One cursor list per order: a cursor of one order is no position in another.
WAITLIST_ENTRIES = {
    sort: CursorList(f"waitlistEntries(sort: {sort})", tuple(key.kind for key in keys))
    for sort, keys in queries.SORTS.items()
}


async def list_entries(
    ctx: RequestContext, *, where: queries.EntryFilter, sort: str, first: int, after: str | None
) -> Page[EntryRow]:
    """One page of entries after the cursor (a keyset: rows added or changed meanwhile cause
    no duplicates or skips of the others)."""
    cursors = WAITLIST_ENTRIES[sort]
    request = page_request(first, after, cursors)
    if where.patient_id is not None and await ctx.loaders.patients.load(where.patient_id) is None:
        raise NotFound("No patient with this ID", field="patientId")
    rows = await queries.list_entries(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        where=where,
        sort=sort,
        after=request.after,
        limit=request.limit,
        now=ctx.now,
    )
    keys = queries.SORTS[sort]
    return page_of(rows, request, cursors, lambda row: keyset.position_of(row, keys))


async def count_entries(ctx: RequestContext, *, where: queries.EntryFilter) -> int:
    """How many entries the filter matches."""
    return await queries.count_entries(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where, now=ctx.now
    )


@dataclass(frozen=True, slots=True)
class NewEntry:
    """addToWaitlist's input."""

    patient_id: uuid.UUID
    home_location_id: uuid.UUID
    fields: EntryFields
    source: str = "manual"
    linked_appointment_id: uuid.UUID | None = None
    recall_id: uuid.UUID | None = None


async def add_entry(
    ctx: RequestContext, new: NewEntry, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a waiting entry."""
    org = ctx.viewer.organization_id
    f = new.fields
    check_fields(f)
    scope = f.location_scope or "home_only"
    problem = scope_problem(scope, f.additional_location_ids or ())
    if problem is not None:
        raise Validation(problem, field="additionalLocationIds")

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        await references.require_patient(connection, org, new.patient_id)
        await references.require(
            connection,
            LOCATIONS,
            organization_id=org,
            ident=new.home_location_id,
            field="homeLocationId",
            label="location",
        )
        await check_references(connection, org, f)
        if new.linked_appointment_id is not None:
            linked = await booking_writes.lock_appointment(
                connection, organization_id=org, appointment_id=new.linked_appointment_id
            )
            if linked is None:
                raise NotFound("No appointment with this ID", field="linkedAppointmentId")
            if linked.patient_id != new.patient_id:
                # Accepting an offer would move this visit: it must be the patient's own.
                raise Validation(
                    "The linked appointment is another patient's", field="linkedAppointmentId"
                )
        if new.recall_id is not None:
            # An entry may come from a recall that already has a later visit: it looks for an
            # earlier one, so a booked recall is fine (takeover).
            await lock_linkable(
                connection,
                organization_id=org,
                patient_id=new.patient_id,
                recall_ids=(new.recall_id,),
                field="patientRecallId",
                takeover=True,
            )
        values = {
            **entry_values(f),
            "organization_id": org,
            "patient_id": new.patient_id,
            "home_location_id": new.home_location_id,
            "location_scope": scope,
            "urgency": f.urgency or "routine",
            "source": "recall" if new.recall_id is not None else new.source,
            "linked_appointment_id": new.linked_appointment_id,
            "recall_id": new.recall_id,
            "status": WaitlistStatus.WAITING.value,
        }
        entry_id = await queries.insert_entry(connection, values)
        after = json_ready({k: v for k, v in values.items() if k != "organization_id"})
        tx.journal.record(WaitlistAudit(entry_id, "added", None, after))
        return Written(entry_id)

    request = {"patient": str(new.patient_id), "location": str(new.home_location_id),
               "source": new.source, "linked": str(new.linked_appointment_id),
               "recall": str(new.recall_id),
               **json_ready(entry_values(f))}  # fmt: skip
    return await run_row_mutation(
        ctx,
        work,
        name="addToWaitlist",
        idempotency_key=idempotency_key,
        request=request,
        duplicate=duplicate_entry(),
    )


async def update_entry(
    ctx: RequestContext,
    *,
    entry_id: uuid.UUID,
    base_version: int,
    changes: Mapping[str, Any],
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change an active entry: `changes` maps EntryFields names to new values (None clears)."""
    org = ctx.viewer.organization_id
    unknown = set(changes) - set(EntryFields.__dataclass_fields__)
    if unknown:  # a programming error, not a client's
        raise ValueError(f"not entry fields: {sorted(unknown)}")

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row, status = await locked(connection, ctx, entry_id, base_version)
        if status not in ACTIVE:
            raise InvalidTransition(f"A {status.upper()} entry cannot be changed")
        wanted = dict(changes)
        if wanted.get("location_scope", row.location_scope) != "selected":
            # Leaving SELECTED drops its locations unless the client sent some (VALIDATION).
            wanted.setdefault("additional_location_ids", ())
        merged = EntryFields(
            **{key: wanted.get(key, getattr(row, key)) for key in EntryFields.__dataclass_fields__}
        )
        # The result must be valid as a whole: a new end is checked against the stored start.
        check_fields(merged)
        problem = scope_problem(merged.location_scope or "", merged.additional_location_ids or ())
        if problem is not None:
            raise Validation(problem, field="additionalLocationIds")
        await check_references(connection, org, EntryFields(**wanted))
        # Only real changes: a field sent with its current value is neither history nor a
        # new version (as updateAppointment does).
        values = {
            key: value for key, value in column_values(wanted).items() if getattr(row, key) != value
        }
        if values:
            await change(tx, row, "updated", values)
        return Written(row.id)

    request = {"id": str(entry_id), "v": base_version, **json_ready(column_values(changes))}
    return await run_row_mutation(
        ctx,
        work,
        name="updateWaitlistEntry",
        idempotency_key=idempotency_key,
        request=request,
        duplicate=duplicate_entry(),
    )
