"""Root fields of the managed lists of reasons, and the report that counts appointments by
reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import EVERYONE, PRODUCTION_READERS
from resolvers.catalogs import report
from resolvers.catalogs.queries import appointment_reasons
from resolvers.ids import decode_optional_id
from schema.enums import ReasonKind
from schema.info import Info
from schema.types.catalogs import AppointmentReason, ReasonCount

KindArg = Annotated[
    ReasonKind,
    strawberry.argument(
        description="CANCELLATION (cancelAppointment) or NO_SHOW (breakAppointment)."
    ),
]


async def resolve_appointment_reasons(
    info: Info,
    kind: KindArg,
    include_inactive: Annotated[
        bool, strawberry.argument(description="Also list archived reasons.")
    ] = False,
) -> list[AppointmentReason]:
    """One list of the organization's reasons, in order."""
    rows = await appointment_reasons(info.context, kind=kind, include_inactive=include_inactive)
    return [AppointmentReason.from_row(row) for row in rows]


appointment_reasons_field = strawberry.field(
    metadata=EVERYONE,
    resolver=resolve_appointment_reasons,
    description="The organization's cancellation or no-show reasons, in order.",
)


async def resolve_appointment_counts_by_reason(
    info: Info,
    kind: KindArg,
    from_: Annotated[
        date, strawberry.argument(name="from", description="The first local date, inclusive.")
    ],
    to: Annotated[date, strawberry.argument(description="The last local date, inclusive.")],
    location_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only this location's appointments.")
    ] = None,
) -> list[ReasonCount]:
    """Appointments cancelled or broken in the range, counted per reason."""
    counts = await report.reason_counts(
        info.context,
        kind=kind,
        first_day=from_,
        last_day=to,
        location_id=decode_optional_id(location_id, "Location", field="locationId"),
    )
    return [
        ReasonCount(
            reason=AppointmentReason.from_row(row) if row is not None else None, count=count
        )
        for row, count in counts
    ]


appointment_counts_by_reason_field = strawberry.field(
    metadata=PRODUCTION_READERS,
    resolver=resolve_appointment_counts_by_reason,
    description=(
        "How many appointments starting on `from`..`to` (local dates of their location, at most "
        f"{report.MAX_REPORT_DAYS} days) are CANCELLED (kind CANCELLATION) or BROKEN (NO_SHOW), "
        "per reason, most frequent first; one entry without a reason counts those recorded with "
        "free text only or none."
    ),
)
