"""The root Query type: thin fields that decode ids and call one resolver each."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from db.queries.appointment_list import AppointmentListFilter
from resolvers import appointments as appointment_resolvers
from resolvers import calendar as calendar_resolvers
from resolvers import directory
from resolvers.access import CALENDAR_READERS, CONFLICT_READERS, EVERYONE, EVERYONE_OWN
from resolvers.appointments import appointment_count, inclusive_end
from resolvers.ids import decode_id, decode_ids
from resolvers.lifecycle.conflict_check import check_conflicts
from resolvers.pages import MAX_PAGE_SIZE
from schema.availability_queries import (
    available_slots_field,
    is_slot_available_field,
    next_available_slot_field,
    slot_count_field,
)
from schema.blockout_queries import (
    BlockoutConnection,
    blockout_templates_field,
    blockout_types_field,
    blockouts_field,
)
from schema.catalog_queries import appointment_counts_by_reason_field, appointment_reasons_field
from schema.enums import AppointmentStatus
from schema.info import Info
from schema.inputs import AppointmentFilter, AppointmentSort
from schema.mutations.appointment_common import proposal_of
from schema.patient_queries import patients_field
from schema.permissions import enforce_access
from schema.preference_queries import (
    PatientSchedulingPreferencesConnection,
    patient_scheduling_preferences_field,
)
from schema.procedure_queries import procedure_frequency_field
from schema.provider_queries import ProviderConnection, providers_field
from schema.quick_fill_queries import quick_fill_field
from schema.recall_queries import patient_recalls_field
from schema.report_queries import (
    appointment_counts_by_location_field,
    patient_flow_stats_field,
)
from schema.schedule_queries import (
    appointment_type_overlap_rules_field,
    location_schedules_field,
    provider_schedule_field,
    schedule_notes_field,
    schedule_overrides_field,
    schedule_templates_field,
)
from schema.settings_queries import (
    SavedSearchConnection,
    ScheduleViewConnection,
    my_saved_searches_field,
    my_schedule_views_field,
    schedule_view_templates_field,
)
from schema.setup_change_queries import SetupChangeConnection, setup_changes_field
from schema.strict_input import RefuseBadArguments, refuse_bad_input
from schema.types.appointment import Appointment
from schema.types.appointment_connection import AppointmentConnection
from schema.types.appointment_relations import appointment_reads, selected_relations
from schema.types.appointment_type import AppointmentType
from schema.types.blockouts import BlockoutTemplate, BlockoutType
from schema.types.calendar import CalendarDay, CalendarWeek
from schema.types.calendar_month import CalendarMonth, calendar_month_field
from schema.types.conflict_check import CheckConflictsInput, ConflictCheck
from schema.types.connection import AfterArg, FirstArg
from schema.types.patient_flow import PatientFlowStatus
from schema.types.practice import ConfirmationStatus, Location, Organization
from schema.types.production_goal import ProductionGoalConnection, production_goals_field
from schema.types.production_summary import ProductionSummary, production_summary_field
from schema.types.recalls import (
    PatientRecallConnection,
    RecallTrigger,
    RecallType,
    due_recalls_field,
    recall_triggers_field,
    recall_types_field,
)
from schema.types.waitlist import WaitlistEntry
from schema.waitlist_queries import WaitlistEntryConnection, waitlist_entries_field

LocationArg = Annotated[GlobalID, strawberry.argument(description="The location to show.")]
StatusesArg = Annotated[
    list[AppointmentStatus] | None,
    strawberry.argument(description="Statuses to show instead of the default calendar set."),
]


def _list_filter(spec: AppointmentFilter | None) -> AppointmentListFilter:
    if spec is None:
        return AppointmentListFilter()
    return AppointmentListFilter(
        location_ids=decode_ids(spec.location_ids, "Location", field="filter.locationIds"),
        provider_ids=decode_ids(spec.provider_ids, "Provider", field="filter.providerIds"),
        patient_ids=decode_ids(spec.patient_ids, "Patient", field="filter.patientIds"),
        operatory_ids=decode_ids(spec.operatory_ids, "Operatory", field="filter.operatoryIds"),
        statuses=list(spec.statuses or ()),
        starts_from=spec.from_,
        starts_before=inclusive_end(spec.to),
        patient_name=spec.patient_name,
        pending_documentation=spec.pending_documentation,
    )


@strawberry.type(description="Reads of the scheduling graph, scoped to the caller's organization.")
class Query:
    node: relay.Node | None = relay.node(
        metadata=EVERYONE_OWN, description="Any object by its global ID."
    )
    nodes: list[relay.Node | None] = relay.node(
        metadata=EVERYONE_OWN, description="Objects by global IDs, in order."
    )
    provider_schedule = provider_schedule_field
    available_slots = available_slots_field
    next_available_slot = next_available_slot_field
    slot_count = slot_count_field
    is_slot_available = is_slot_available_field
    location_schedules = location_schedules_field
    schedule_templates = schedule_templates_field
    schedule_notes = schedule_notes_field
    schedule_overrides = schedule_overrides_field
    appointment_type_overlap_rules = appointment_type_overlap_rules_field
    blockout_types: list[BlockoutType] = blockout_types_field
    blockout_templates: list[BlockoutTemplate] = blockout_templates_field
    blockouts: BlockoutConnection = blockouts_field
    calendar_month: CalendarMonth | None = calendar_month_field
    production_goals: ProductionGoalConnection = production_goals_field
    waitlist_entries: WaitlistEntryConnection = waitlist_entries_field
    production_summary: ProductionSummary | None = production_summary_field
    recall_types: list[RecallType] = recall_types_field
    recall_triggers: list[RecallTrigger] = recall_triggers_field
    due_recalls: PatientRecallConnection = due_recalls_field
    patient_recalls: PatientRecallConnection = patient_recalls_field
    quick_fill = quick_fill_field
    patients = patients_field
    providers: ProviderConnection = providers_field
    procedure_frequency = procedure_frequency_field
    my_schedule_views: ScheduleViewConnection = my_schedule_views_field
    my_saved_searches: SavedSearchConnection = my_saved_searches_field
    setup_changes: SetupChangeConnection = setup_changes_field
    schedule_view_templates = schedule_view_templates_field
    patient_scheduling_preferences: PatientSchedulingPreferencesConnection = (
        patient_scheduling_preferences_field
    )

    @strawberry.field(metadata=EVERYONE, description="The caller's organization.")
    async def organization(self, info: Info) -> Organization | None:
        row = await directory.organization(info.context)
        return Organization.from_row(row) if row is not None else None

    @strawberry.field(metadata=EVERYONE, description="All locations of the organization, by name.")
    async def locations(self, info: Info) -> list[Location]:
        return [Location.from_row(row) for row in await directory.locations(info.context)]

    @strawberry.field(
        metadata=EVERYONE,
        description="One location by ID; null if unknown or another organization's.",
    )
    async def location(
        self, info: Info, id: Annotated[GlobalID, strawberry.argument(description="Location ID.")]
    ) -> Location | None:
        location_id = decode_id(id, "Location", field="id")
        row = await info.context.loaders.locations.load(location_id)
        return Location.from_row(row) if row is not None else None

    @strawberry.field(
        metadata=EVERYONE, description="Appointment types by display order, then name."
    )
    async def appointment_types(
        self,
        info: Info,
        include_archived: Annotated[
            bool, strawberry.argument(description="Also list archived types.")
        ] = False,
        include_hidden: Annotated[
            bool, strawberry.argument(description="Also list hidden types.")
        ] = False,
        search: Annotated[
            str | None,
            strawberry.argument(description="Only types whose name contains this, any case."),
        ] = None,
    ) -> list[AppointmentType]:
        rows = await directory.appointment_types(
            info.context,
            include_archived=include_archived,
            include_hidden=include_hidden,
            search=search,
        )
        return [AppointmentType.from_row(row) for row in rows]

    @strawberry.field(
        metadata=EVERYONE, description="The organization's confirmation statuses, in order."
    )
    async def confirmation_statuses(
        self,
        info: Info,
        include_inactive: Annotated[
            bool, strawberry.argument(description="Also list archived statuses.")
        ] = False,
    ) -> list[ConfirmationStatus]:
        rows = await directory.confirmation_statuses(
            info.context, include_inactive=include_inactive
        )
        return [ConfirmationStatus.from_row(row) for row in rows]

    appointment_reasons = appointment_reasons_field
    appointment_counts_by_reason = appointment_counts_by_reason_field
    appointment_counts_by_location = appointment_counts_by_location_field
    patient_flow_stats = patient_flow_stats_field

    @strawberry.field(
        metadata=EVERYONE, description="The organization's patient flow statuses, in flow order."
    )
    async def patient_flow_statuses(
        self,
        info: Info,
        include_inactive: Annotated[
            bool, strawberry.argument(description="Also list inactive statuses.")
        ] = False,
    ) -> list[PatientFlowStatus]:
        rows = await directory.flow_statuses(info.context, include_inactive=include_inactive)
        return [PatientFlowStatus.from_row(row) for row in rows]

    @strawberry.field(
        metadata=EVERYONE_OWN,
        description=(
            f"Appointments matching `filter` in the order `sort` (default START; ties by id), "
            f"`first` (1-{MAX_PAGE_SIZE}) at a time after the cursor `after` (a cursor of "
            "another order is BAD_USER_INPUT)."
        ),
    )
    async def appointments(
        self,
        info: Info,
        filter: Annotated[
            AppointmentFilter | None, strawberry.argument(description="What to narrow to.")
        ] = None,
        sort: Annotated[AppointmentSort, strawberry.argument(description="The order.")] = (
            AppointmentSort.START
        ),
        first: FirstArg = 50,
        after: AfterArg = None,
    ) -> AppointmentConnection:
        ctx = info.context
        page, spec = await appointment_resolvers.appointment_page(
            ctx,
            spec=_list_filter(filter),
            first=first,
            after=after,
            sort=sort.name,
            relations=selected_relations(info, ("edges", "node")),
        )
        return AppointmentConnection.from_page(
            page,
            lambda row: Appointment.from_row(row, ctx.now),
            count=lambda: appointment_count(ctx, spec=spec),
        )

    @strawberry.field(
        metadata=CALENDAR_READERS,
        description=(
            "One local day of a location's calendar; null if the location is unknown. By "
            "default it shows planned, scheduled, complete and broken appointments."
        ),
    )
    async def calendar_day(
        self,
        info: Info,
        location_id: LocationArg,
        date: Annotated[
            date | None,
            strawberry.argument(
                description="The local date to show; default: today in the location's zone."
            ),
        ] = None,
        statuses: StatusesArg = None,
    ) -> CalendarDay | None:
        reads = appointment_reads(info, ("appointments",))
        days = await calendar_resolvers.calendar_days(
            info.context,
            location_id=decode_id(location_id, "Location", field="locationId"),
            first_day=date,
            count=1,
            statuses=statuses,
            relations=reads.relations,
            core_only=reads.core_only,
        )
        return CalendarDay.from_data(days[0], info.context.now) if days else None

    @strawberry.field(
        metadata=CALENDAR_READERS,
        description=(
            "Seven local days of a location's calendar starting at `weekStart` (any weekday; "
            "default: the Monday of the current week in the location's zone); null if the "
            "location is unknown. One query loads all of it."
        ),
    )
    async def calendar_week(
        self,
        info: Info,
        location_id: LocationArg,
        week_start: Annotated[
            date | None,
            strawberry.argument(
                description="The first local date of the seven; default: this week's Monday."
            ),
        ] = None,
        statuses: StatusesArg = None,
    ) -> CalendarWeek | None:
        reads = appointment_reads(info, ("days", "appointments"))
        days = await calendar_resolvers.calendar_days(
            info.context,
            location_id=decode_id(location_id, "Location", field="locationId"),
            first_day=week_start,
            count=7,
            statuses=statuses,
            relations=reads.relations,
            core_only=reads.core_only,
        )
        if not days:
            return None
        calendar_days = [CalendarDay.from_data(day, info.context.now) for day in days]
        return CalendarWeek(
            week_start=days[0].day.day,
            time_zone=calendar_days[0].time_zone,
            location=calendar_days[0].location,
            days=calendar_days,
        )

    @strawberry.field(
        metadata=CONFLICT_READERS,
        description=(
            "What a booking or move would collide with (operatory and provider overlaps), using "
            "the same rules as the mutations and changing nothing: for inline form validation."
        ),
    )
    async def check_conflicts(
        self,
        info: Info,
        input: Annotated[CheckConflictsInput, strawberry.argument(description="The proposal.")],
    ) -> ConflictCheck:
        preview = await check_conflicts(
            info.context,
            **proposal_of(input),
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId")
            if input.appointment_id
            else None,
        )
        return ConflictCheck.from_preview(preview)


# Every argument of every query field passes the input rules (lengths, characters, ranges),
# and so do those of the object fields that take any (the history and contact log pages;
# CalendarDay's blockouts take only a Boolean).
refuse_bad_input(Query, RefuseBadArguments)
refuse_bad_input(Appointment, RefuseBadArguments)
refuse_bad_input(WaitlistEntry, RefuseBadArguments)
# Then, outermost, who may call each root field (declared on it as metadata=allow(...)).
enforce_access(Query, payload=False)
