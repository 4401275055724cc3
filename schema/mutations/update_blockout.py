"""updateBlockout: change a blockout's type, operatory, times or note (staff)."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.edit import BlockoutChanges, update_blockout
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.recurrence import BlockoutScope
from resolvers.ids import decode_id
from resolvers.wall_clock import Occurrence
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    BlockoutUserError,
    BlockoutWarning,
    local_span,
    occurrence_field,
)
from schema.mutations.create_blockouts import written_blockouts
from schema.mutations.setup_common import BASE_VERSION
from schema.types.blockouts import Blockout

strawberry.enum(
    BlockoutScope,
    description="Which blockouts of a recurrence group a change reaches: THIS one, "
    "THIS_AND_FOLLOWING (it and the later ones), ALL.",
)


@strawberry.input(
    description="New local date and times for a blockout, read in its location's zone."
)
class BlockoutTimesInput:
    date: date = strawberry.field(description="Local calendar date.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time; 00:00 means the end of day.")
    start_occurrence: Occurrence | None = occurrence_field("start")
    end_occurrence: Occurrence | None = occurrence_field("end")


@strawberry.input(description="Changes to a blockout; omitted fields stay as they are.")
class UpdateBlockoutInput:
    blockout_id: GlobalID = strawberry.field(description="The blockout to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    blockout_type_id: GlobalID | None = strawberry.field(
        default=None, description="A new kind of blockout."
    )
    operatory_id: GlobalID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Another operatory of its location; null: the whole location.",
    )
    times: BlockoutTimesInput | None = strawberry.field(
        default=None, description="New local date and times."
    )
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new note; null or empty removes it."
    )
    scope: BlockoutScope = strawberry.field(
        default=BlockoutScope.THIS,
        description="Which blockouts of its recurrence group the change reaches; baseVersion "
        "is this one's. A new date moves each by as many days.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateBlockout.")
class UpdateBlockoutPayload:
    blockout: Blockout | None = strawberry.field(description="The changed blockout.")
    blockouts: list[Blockout] = strawberry.field(
        description="Every blockout changed: this one first, then the others of its recurrence "
        "group the scope reached, in time order."
    )
    warnings: list[BlockoutWarning] = strawberry.field(
        description="OVERLAPS_BLOCKOUT for each blockout it now overlaps (it changed anyway)."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_blockout(
    info: Info,
    input: Annotated[UpdateBlockoutInput, strawberry.argument(description="The changes.")],
) -> UpdateBlockoutPayload:
    """Change a blockout or explain why not."""

    async def call() -> BlockoutOutcome:
        times = input.times
        operatory = input.operatory_id
        changes = BlockoutChanges(
            blockout_id=decode_id(input.blockout_id, "Blockout", field="blockoutId"),
            base_version=input.base_version,
            blockout_type_id=decode_id(
                input.blockout_type_id, "BlockoutType", field="blockoutTypeId"
            )
            if input.blockout_type_id
            else None,
            span=local_span(times) if times else None,
            set_operatory=operatory is not strawberry.UNSET,
            operatory_id=decode_id(operatory, "Operatory", field="operatoryId")
            if operatory
            else None,
            set_note=input.note is not strawberry.UNSET,
            note=input.note or None,
            scope=input.scope,
        )
        return await update_blockout(info.context, changes, idempotency_key=input.idempotency_key)

    found, warnings, errors = await written_blockouts(info, call)
    return UpdateBlockoutPayload(
        blockout=found[0] if found else None,
        blockouts=found,
        warnings=warnings,
        user_errors=errors,
    )


update_blockout_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_update_blockout,
    description=(
        "Change a blockout at its baseVersion, and with a scope the others of its recurrence "
        "group (repeatBlockoutWeeks) too; warns of blockouts they now overlap."
    ),
)
