"""updateScheduleNote: replace a schedule note's text."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import NOTE_EDITORS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.schedules.notes import update_note
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.schedules import ScheduleNote


@strawberry.input(description="New text for a schedule note.")
class UpdateScheduleNoteInput:
    note_id: GlobalID = strawberry.field(description="The note to change.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    note: str = strawberry.field(description=f"The new text, 1 to {MAX_NOTE} characters.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of updateScheduleNote.")
class UpdateScheduleNotePayload:
    schedule_note: ScheduleNote | None = strawberry.field(description="The changed note.")
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_schedule_note(
    info: Info,
    input: Annotated[UpdateScheduleNoteInput, strawberry.argument(description="The change.")],
) -> UpdateScheduleNotePayload:
    """Change a schedule note; staff only."""

    async def call() -> uuid.UUID:
        return await update_note(
            info.context,
            note_id=decode_id(input.note_id, "ScheduleNote", field="noteId"),
            base_version=input.base_version,
            note=input.note,
            idempotency_key=input.idempotency_key,
        )

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.notes, ident)
    return UpdateScheduleNotePayload(
        schedule_note=ScheduleNote.from_row(row) if row else None, user_errors=errors
    )


update_schedule_note_field = strawberry.mutation(
    metadata=NOTE_EDITORS,
    resolver=resolve_update_schedule_note,
    description="Replace a schedule note's text; baseVersion must be current.",
)
