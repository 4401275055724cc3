"""The procedure-frequency check as the graph asks it: for a procedure on a visit, or for a
patient and a code before there is a visit. Both read the same batched facts (the code's
recall intervals, the patient's completed visits) and apply scheduling/procedure_frequency.py."""

from __future__ import annotations

import uuid
from datetime import date

from strawberry.relay import GlobalID

from db.loaders import Loaders
from resolvers.context import RequestContext
from resolvers.errors import BadInput, Validation
from resolvers.ids import decode_id
from resolvers.recalls.common import check_procedure_code
from scheduling.procedure_frequency import FrequencyCheck, frequency_check, shortest_interval


async def frequency_of(
    loaders: Loaders,
    *,
    patient_id: uuid.UUID,
    code: str,
    on: date,
    excluding: uuid.UUID | None = None,
) -> FrequencyCheck:
    """Whether the patient may have `code` done on `on` (a visit `excluding` not counted)."""
    intervals = loaders.procedures.intervals.load(code)
    done = loaders.procedures.done.load((patient_id, code))
    return frequency_check(
        shortest_interval(await intervals),
        [day for ident, day in await done if ident != excluding],
        on,
    )


async def frequency_for_patient(
    ctx: RequestContext, *, patient_id: GlobalID, code: str, on: date
) -> tuple[str, FrequencyCheck] | None:
    """The check for a patient the caller may see (None: no such patient for them), and the
    code as stored; BAD_USER_INPUT on a malformed ID or code."""
    ident = decode_id(patient_id, "Patient", field="patientId")
    try:
        clean = check_procedure_code(code)
    except Validation as exc:
        raise BadInput(exc.message, field="procedureCode") from exc
    if not ctx.viewer.may_see_patient(ident):
        return None
    if await ctx.loaders.patients.load(ident) is None:
        return None
    return clean, await frequency_of(ctx.loaders, patient_id=ident, code=clean, on=on)
