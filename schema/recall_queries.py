"""The patientRecalls root field: the organization's recalls by type, status and patient."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.recall_list import RecallFilter
from resolvers.access import RECALL_READERS
from resolvers.ids import decode_ids, decode_optional_id
from resolvers.pages import MAX_PAGE_SIZE
from resolvers.recalls import reads
from scheduling import recalls as rules
from schema.info import Info
from schema.types.connection import AfterArg, FirstArg
from schema.types.recalls import PatientRecall, PatientRecallConnection, RecallStatus


@strawberry.input(description="Which patient recalls to list; omitted fields match every recall.")
class PatientRecallFilter:
    recall_type_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only recalls of these types."
    )
    statuses: list[RecallStatus] | None = strawberry.field(
        default=None,
        description="Only recalls in these statuses as of today (PatientRecall.status).",
    )
    patient_id: GlobalID | None = strawberry.field(
        default=None, description="Only this patient's recalls."
    )


async def resolve_patient_recalls(
    info: Info,
    filter: Annotated[
        PatientRecallFilter | None, strawberry.argument(description="Which recalls to list.")
    ] = None,
    first: FirstArg = 50,
    after: AfterArg = None,
) -> PatientRecallConnection:
    """The organization's recalls, by due date."""
    f = filter or PatientRecallFilter()
    ctx = info.context
    where = RecallFilter(
        today=ctx.now.date(),
        recall_type_ids=decode_ids(f.recall_type_ids, "RecallType", field="recallTypeIds"),
        statuses=list(
            dict.fromkeys(rules.RecallStatus[status.name].value for status in f.statuses or ())
        ),
        patient_id=decode_optional_id(f.patient_id, "Patient", field="patientId"),
    )
    page = await reads.recall_page(ctx, where, first=first, after=after)
    return PatientRecallConnection.from_page(
        page,
        lambda row: PatientRecall.from_row(row, ctx.now),
        count=lambda: reads.recall_count(ctx, where),
    )


patient_recalls_field = strawberry.field(
    metadata=RECALL_READERS,
    resolver=resolve_patient_recalls,
    description=(
        "Every patient recall of the organization matching `filter` (disabled ones too), "
        f"earliest due date first, then id, at most {MAX_PAGE_SIZE} per page. Staff and "
        "integrations only."
    ),
)
