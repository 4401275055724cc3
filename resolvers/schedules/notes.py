"""createScheduleNote (one per location and date), updateScheduleNote, deleteScheduleNote."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date

from db.queries import schedule_writes as writes
from db.queries.schedules import NOTES
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, VersionConflict
from resolvers.lifecycle import references
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.schedules import checks


@dataclass(frozen=True, slots=True)
class NewNote:
    """The note shown at the top of a location's calendar on one local date."""

    location_id: uuid.UUID
    day: date
    note: str


async def create_note(
    ctx: RequestContext, new: NewNote, *, idempotency_key: str | None
) -> uuid.UUID:
    """Add the date's note; a second one for the same location and date is DUPLICATE."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        text = checks.clean_text(new.note, field="note", required=True)
        await references.require_location(connection, org, new.location_id)
        # No pre-check: the unique constraint decides, for concurrent creates as well.
        row = await writes.insert_row(
            connection,
            kind=NOTES,
            values={
                "organization_id": org,
                "location_id": new.location_id,
                "note_date": new.day,
                "note": text,
            },
        )
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createScheduleNote",
        idempotency_key=idempotency_key,
        request=asdict(new),
        duplicate=Duplicate(
            "This location already has a note for this date; update it instead", field="date"
        ),
    )


async def update_note(
    ctx: RequestContext,
    *,
    note_id: uuid.UUID,
    base_version: int,
    note: str,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Replace a note's text (baseVersion must be current)."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        text = checks.clean_text(note, field="note", required=True)
        row = await writes.lock_row(connection, kind=NOTES, organization_id=org, ident=note_id)
        if row is None:
            raise checks.not_found("schedule note", "noteId")
        if row.version != base_version:
            raise VersionConflict(
                f"The note is at version {row.version}, not {base_version}", field="baseVersion"
            )
        await writes.update_row(connection, kind=NOTES, ident=row.id, values={"note": text})
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="updateScheduleNote",
        idempotency_key=idempotency_key,
        request={"note_id": str(note_id), "base_version": base_version, "note": note},
    )


async def delete_note(
    ctx: RequestContext, note_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Remove a note; returns the removed id."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await writes.delete_row(connection, kind=NOTES, organization_id=org, ident=note_id):
            raise checks.not_found("schedule note", "noteId")
        return Written(note_id)

    return await run_row_mutation(
        ctx,
        work,
        name="deleteScheduleNote",
        idempotency_key=idempotency_key,
        request={"note_id": str(note_id)},
    )
