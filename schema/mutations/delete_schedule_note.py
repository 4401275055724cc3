"""deleteScheduleNote: remove a schedule note."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import NOTE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.notes import delete_note
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    deleted_id,
)


@strawberry.input(description="The schedule note to remove.")
class DeleteScheduleNoteInput:
    note_id: GlobalID = strawberry.field(description="The note to remove.")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of deleteScheduleNote.")
class DeleteScheduleNotePayload:
    deleted_id: GlobalID | None = strawberry.field(
        description="The global ID of the deleted schedule note; null if nothing was deleted."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing was deleted.")


async def resolve_delete_schedule_note(
    info: Info,
    input: Annotated[DeleteScheduleNoteInput, strawberry.argument(description="What to remove.")],
) -> DeleteScheduleNotePayload:
    """Delete a schedule note; staff only."""

    async def call() -> uuid.UUID:
        note_id = decode_id(input.note_id, "ScheduleNote", field="noteId")
        return await delete_note(info.context, note_id, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    return DeleteScheduleNotePayload(
        deleted_id=deleted_id("ScheduleNote", ident), user_errors=errors
    )


delete_schedule_note_field = strawberry.mutation(
    metadata=NOTE_EDITORS,
    resolver=resolve_delete_schedule_note,
    description="Remove a schedule note.",
)
