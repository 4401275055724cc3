"""Root report fields: appointments counted per location, time spent in patient flow steps."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers import reports
from resolvers.access import PRODUCTION_READERS
from resolvers.catalogs.report import MAX_REPORT_DAYS
from resolvers.ids import decode_id, decode_optional_id
from schema.enums import AppointmentStatus
from schema.info import Info
from schema.types.patient_flow import PatientFlowStatus
from schema.types.practice import Location, Provider

FromArg = Annotated[
    date, strawberry.argument(name="from", description="The first local date, inclusive.")
]
ToArg = Annotated[date, strawberry.argument(description="The last local date, inclusive.")]


@strawberry.type(description="How many appointments one location has in the report's range.")
class LocationAppointmentCount:
    location: Location = strawberry.field(description="The location.")
    count: int = strawberry.field(description="Its appointments in the range and statuses.")


@strawberry.type(description="Appointments counted per location over local dates.")
class AppointmentCountsByLocation:
    from_: date = strawberry.field(name="from", description="The first local date counted.")
    to: date = strawberry.field(description="The last local date counted (inclusive).")
    statuses: list[AppointmentStatus] = strawberry.field(description="The statuses counted.")
    total: int = strawberry.field(description="The sum of the locations' counts.")
    locations: list[LocationAppointmentCount] = strawberry.field(
        description="Every location of the organization by name, those without any with 0."
    )


async def resolve_appointment_counts_by_location(
    info: Info,
    from_: FromArg,
    to: ToArg,
    statuses: Annotated[
        list[AppointmentStatus] | None,
        strawberry.argument(description="The statuses to count; default SCHEDULED."),
    ] = None,
) -> AppointmentCountsByLocation:
    """Appointments starting in the range, counted per location."""
    counted = list(dict.fromkeys(statuses)) if statuses else list(reports.DEFAULT_COUNTED)
    counts = await reports.counts_by_location(
        info.context, first_day=from_, last_day=to, statuses=counted
    )
    return AppointmentCountsByLocation(
        from_=from_,
        to=to,
        statuses=counted,
        total=sum(each.count for each in counts),
        locations=[
            LocationAppointmentCount(location=Location.from_row(each.location), count=each.count)
            for each in counts
        ],
    )


appointment_counts_by_location_field = strawberry.field(
    metadata=PRODUCTION_READERS,
    resolver=resolve_appointment_counts_by_location,
    description=(
        "How many appointments in `statuses` (default SCHEDULED) start on `from`..`to` (local "
        f"dates of each location, at most {MAX_REPORT_DAYS} days) at each location, without "
        "the appointments themselves: one grouped query."
    ),
)


@strawberry.type(
    description="Time one provider's visits spent in one patient flow step on one local day."
)
class PatientFlowStepStat:
    date: date = strawberry.field(description="The local date the visits started on.")
    provider: Provider = strawberry.field(description="The visits' primary provider.")
    flow_status: PatientFlowStatus = strawberry.field(description="The step.")
    visits: int = strawberry.field(description="How many visits moved on from this step.")
    total_seconds: int = strawberry.field(description="The seconds they spent in it, in all.")
    average_seconds: int = strawberry.field(description="totalSeconds / visits, rounded.")


async def resolve_patient_flow_stats(
    info: Info,
    location_id: Annotated[GlobalID, strawberry.argument(description="The location.")],
    from_: FromArg,
    to: ToArg,
    provider_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only this primary provider's visits.")
    ] = None,
) -> list[PatientFlowStepStat]:
    """Time in each flow step per local day and provider."""
    stats = await reports.flow_step_stats(
        info.context,
        location_id=decode_id(location_id, "Location", field="locationId"),
        first_day=from_,
        last_day=to,
        provider_id=decode_optional_id(provider_id, "Provider", field="providerId"),
    )
    return [
        PatientFlowStepStat(
            date=stat.row.day,
            provider=Provider.from_row(stat.provider),
            flow_status=PatientFlowStatus.from_row(stat.flow_status),
            visits=stat.row.visits,
            total_seconds=stat.row.total_seconds,
            average_seconds=round(stat.row.total_seconds / stat.row.visits),
        )
        for stat in stats
    ]


patient_flow_stats_field = strawberry.field(
    metadata=PRODUCTION_READERS,
    resolver=resolve_patient_flow_stats,
    description=(
        "Time a location's visits starting on `from`..`to` (local dates, at most "
        f"{reports.MAX_FLOW_REPORT_DAYS} days) spent in each patient flow step, per local day "
        "and primary provider, by date, provider and step: a step lasts from "
        "setPatientFlowStatus to the visit's next one (the step a visit is still in is not "
        "counted)."
    ),
)
