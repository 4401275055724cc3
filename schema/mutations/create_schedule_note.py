"""createScheduleNote: the note at the top of a location's calendar on one local date."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import NOTE_EDITORS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.schedules.notes import NewNote, create_note
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.schedules import ScheduleNote


@strawberry.input(description="A new schedule note.")
class CreateScheduleNoteInput:
    location_id: GlobalID = strawberry.field(description="The location whose calendar shows it.")
    date: date = strawberry.field(description="The local date (one note per location and date).")
    note: str = strawberry.field(description=f"The text, 1 to {MAX_NOTE} characters.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of createScheduleNote.")
class CreateScheduleNotePayload:
    schedule_note: ScheduleNote | None = strawberry.field(description="The new note.")
    user_errors: list[ScheduleUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the date has a note already)."
    )


async def resolve_create_schedule_note(
    info: Info,
    input: Annotated[CreateScheduleNoteInput, strawberry.argument(description="The new note.")],
) -> CreateScheduleNotePayload:
    """Create a schedule note; staff only."""

    async def call() -> uuid.UUID:
        new = NewNote(
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            day=input.date,
            note=input.note,
        )
        return await create_note(info.context, new, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.notes, ident)
    return CreateScheduleNotePayload(
        schedule_note=ScheduleNote.from_row(row) if row else None, user_errors=errors
    )


create_schedule_note_field = strawberry.mutation(
    metadata=NOTE_EDITORS,
    resolver=resolve_create_schedule_note,
    description="Add the note of a location's local date; a second one is DUPLICATE.",
)
