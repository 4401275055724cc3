"""The Appointment node and its connection."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry
from strawberry import relay

from db.rows.appointments import ZonedCoreRow
from db.rows.practice import AppointmentTypeRow
from resolvers.pages import page_of, page_request
from scheduling.appointment_status import CANCELLABLE, MOVABLE, effective_status
from scheduling.policy import within_policy_window
from schema.enums import AppointmentSource, AppointmentStatus, Modality
from schema.info import Info
from schema.types.appointment_history import APPOINTMENT_HISTORY, appointment_history_entry
from schema.types.appointment_loaded import (
    AssignmentsOfAppointment,
    OperatoryOfAppointment,
    ProviderAssignment,
    ProvidersOfAppointment,
)
from schema.types.appointment_procedure import procedures_field
from schema.types.appointment_type import AppointmentType
from schema.types.catalogs import AppointmentReason
from schema.types.connection import AfterArg, FirstArg
from schema.types.history import HistoryEntryConnection
from schema.types.loaded import Relation, loader_resolver, mapped
from schema.types.node_loading import load_nodes
from schema.types.patient_flow import (
    PatientFlowEvent,
    PatientFlowStatus,
    PatientFlowStay,
    PatientFlowStepTime,
    flow_stays,
    stay_of,
    step_times,
)
from schema.types.practice import (
    ConfirmationStatus,
    Location,
    Operatory,
    Patient,
    Provider,
)

if TYPE_CHECKING:
    from schema.types.recalls import PatientRecall


# Enum members by stored value: a calendar builds 700 appointments, and Enum(value) costs a
# call through EnumMeta each (the database's check constraints admit only these values).
_SOURCES = {member.value: member for member in AppointmentSource}
_MODALITIES = {member.value: member for member in Modality}


@strawberry.type(description="A patient's visit in an operatory with providers.")
class Appointment(relay.Node):
    pk: relay.NodeID[UUID]
    start_at: datetime = strawberry.field(description="When the visit starts (an instant, UTC).")
    end_at: datetime = strawberry.field(description="When the visit ends (exclusive).")
    status: AppointmentStatus = strawberry.field(description="Lifecycle status.")
    note: str | None = strawberry.field(description="Free-text note for the front desk.")
    priority: int = strawberry.field(description="Scheduling priority; higher is more urgent.")
    production_amount: Decimal = strawberry.field(description="Scheduled production (fees).")
    is_new_patient: bool = strawberry.field(
        description="Whether this is the patient's first visit."
    )
    is_time_locked: bool = strawberry.field(description="Locked appointments may not be moved.")
    version: int = strawberry.field(
        description="Optimistic-concurrency version; changes send it back as baseVersion."
    )
    created_at: datetime = strawberry.field(description="When the appointment was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    time_zone: str = strawberry.field(description="IANA time zone of the appointment's location.")
    hold_expires_at: datetime | None = strawberry.field(
        description="For a HOLD: when it lapses unless confirmed (it is EXPIRED afterwards)."
    )
    allow_overlap: bool = strawberry.field(
        description="Double-booked on purpose: neither blocks nor is blocked by other bookings."
    )
    status_reason: str | None = strawberry.field(description="Why it was cancelled or broken.")
    cancelled_by: str | None = strawberry.field(
        description="'patient' or 'practice', if cancelled."
    )
    procedure_codes: list[str] = strawberry.field(
        description=(
            "Procedures the visit performs (upper case); completing it fires the recall "
            "triggers of these codes."
        )
    )
    ask_to_arrive_minutes: int | None = strawberry.field(
        description="How many minutes before the start the patient is asked to arrive."
    )
    ask_to_arrive_at: datetime | None = strawberry.field(
        description="When the patient is asked to arrive (startAt less askToArriveMinutes; it "
        "follows the appointment when it moves)."
    )
    color_override: str | None = strawberry.field(
        description="A calendar color of its own (#RRGGBB), over its type's."
    )
    tags: list[str] = strawberry.field(description="Short labels, at most 10.")
    source: AppointmentSource = strawberry.field(
        description="How it was created: by staff, the patient app, an integration, from the "
        "waitlist, or an import."
    )
    modality: Modality = strawberry.field(
        description="How the visit happens (default: its type's modality, else IN_PERSON)."
    )
    estimated_insurance: Decimal | None = strawberry.field(
        description="What insurance is expected to pay (updateAppointmentDetails)."
    )
    estimated_patient_portion: Decimal | None = strawberry.field(
        description="What the patient is expected to pay (updateAppointmentDetails)."
    )
    display_order: int = strawberry.field(
        description="Its place among visits sharing its slot (0 first)."
    )
    confirmed_at: datetime | None = strawberry.field(
        description="When a confirmation status that counts as confirmed was first set."
    )
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    documented_at: datetime | None = strawberry.field(
        description="When the visit's documentation was recorded (documentAppointment)."
    )
    documented_by: str | None = strawberry.field(
        description="Who recorded it: the subject of their token."
    )
    location_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID]
    patient_id: strawberry.Private[UUID]
    appointment_type_id: strawberry.Private[UUID | None]
    primary_provider_id: strawberry.Private[UUID]
    confirmation_status_id: strawberry.Private[UUID | None]
    flow_status_id: strawberry.Private[UUID | None]
    status_reason_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: ZonedCoreRow, now: datetime) -> Appointment:
        """Build from an appointments row joined with its location's time_zone; `now` is the
        request's instant (RequestContext.now), taken once for all the rows it builds.

        The object reads its stored columns from the row when asked (_StoredAppointment): a
        calendar builds 700 appointments and completes a dozen of their 40 fields. A row of
        the core columns alone (ZonedCoreRow) serves the fields that read only those
        (CORE_FIELDS, schema/types/appointment_relations.py); any row serves them all."""
        appointment = _StoredAppointment.__new__(_StoredAppointment)
        minutes = row.ask_to_arrive_minutes
        appointment.__dict__.update(
            _row=row,
            status=effective_status(row.status, row.hold_expires_at, now),
            source=_SOURCES[row.source],
            modality=_MODALITIES[row.modality],
            ask_to_arrive_at=None if minutes is None else row.start_at - timedelta(minutes=minutes),
        )
        return appointment

    def _local(self, instant: datetime) -> datetime:
        return instant.astimezone(ZoneInfo(self.time_zone))

    @strawberry.field(description="Local calendar date of the start, in the location's zone.")
    def local_date(self) -> date:
        return self._local(self.start_at).date()

    @strawberry.field(description="Local wall-clock start time in the location's zone.")
    def local_start_time(self) -> time:
        return self._local(self.start_at).time()

    @strawberry.field(description="Local wall-clock end time in the location's zone.")
    def local_end_time(self) -> time:
        return self._local(self.end_at).time()

    @strawberry.field(
        description="Whether the visit is complete and its documentation not yet recorded "
        "(appointments(filter: {pendingDocumentation: true}) lists them)."
    )
    def documentation_pending(self) -> bool:
        return self.status is AppointmentStatus.COMPLETE and self.documented_at is None

    @strawberry.field(description="Length in minutes (real elapsed time, DST included).")
    def duration_minutes(self) -> int:
        return int((self.end_at - self.start_at).total_seconds() // 60)

    # Relations are plain resolvers returning a value or an awaitable (schema/types/loaded.py):
    # rows a calendar loaded ahead answer at once; others through the DataLoader as usual.
    location = strawberry.field(
        resolver=Relation("locations", "location_id", Location, must_exist=True).resolver(),
        description="The location of the visit.",
        graphql_type=Location,
    )

    operatory = strawberry.field(
        resolver=loader_resolver(OperatoryOfAppointment()),
        description="The operatory (chair/room) of the visit.",
        graphql_type=Operatory,
    )

    patient = strawberry.field(
        resolver=Relation("patients", "patient_id", Patient, must_exist=True).resolver(),
        description="The patient being seen.",
        graphql_type=Patient,
    )
    appointment_type = strawberry.field(
        resolver=Relation("appointment_types", "appointment_type_id", AppointmentType).resolver(),
        description="The kind of visit, if one was chosen.",
        graphql_type=AppointmentType | None,
    )
    primary_provider = strawberry.field(
        resolver=Relation("providers", "primary_provider_id", Provider, must_exist=True).resolver(),
        description="The provider responsible for the visit.",
        graphql_type=Provider,
    )

    additional_providers = strawberry.field(
        resolver=loader_resolver(ProvidersOfAppointment(with_primary=False)),
        description="Additional providers (e.g. an assistant), in order.",
        graphql_type=list[Provider],
    )
    providers = strawberry.field(
        resolver=loader_resolver(ProvidersOfAppointment(with_primary=True)),
        description="The primary provider followed by the additional ones.",
        graphql_type=list[Provider],
    )
    provider_assignments = strawberry.field(
        resolver=loader_resolver(AssignmentsOfAppointment()),
        description="The providers with their roles: the primary provider (PRIMARY), then the "
        "additional ones in order (setAppointmentProviders providerRoles).",
        graphql_type=list[ProviderAssignment],
    )

    procedures = procedures_field

    def _patient_may_change(self, info: Info) -> bool | Awaitable[bool]:
        """Staff may always; a patient not inside the type's cancellation policy window."""
        if not info.context.viewer.is_patient or self.appointment_type_id is None:
            return True
        kind = info.context.loaders.appointment_types.load(self.appointment_type_id)
        now = info.context.now
        return mapped(kind, lambda row: self._outside_policy_window(row, now))

    def _outside_policy_window(self, kind: AppointmentTypeRow | None, now: datetime) -> bool:
        hours = kind.cancellation_policy_hours if kind is not None else 0
        return not within_policy_window(self.start_at, hours, now)

    @strawberry.field(
        description="Whether the caller may cancel it now (status, policy window).",
        graphql_type=bool,
    )
    def can_be_cancelled(self, info: Info) -> bool | Awaitable[bool]:
        if self.status not in CANCELLABLE:
            return False
        return self._patient_may_change(info)

    @strawberry.field(
        description="Whether the caller may move it now (status, time lock, policy).",
        graphql_type=bool,
    )
    def can_be_rescheduled(self, info: Info) -> bool | Awaitable[bool]:
        if self.status not in MOVABLE or self.is_time_locked:
            return False
        return self._patient_may_change(info)

    @strawberry.field(description="The audit trail of this appointment, oldest first.")
    async def history(
        self,
        info: Info,
        first: FirstArg = 50,
        after: AfterArg = None,
    ) -> HistoryEntryConnection:
        request = page_request(first, after, APPOINTMENT_HISTORY)
        after_id = request.after[0] if request.after is not None else 0
        rows = await info.context.loaders.history.load((self.pk, after_id, request.limit))
        page = page_of(rows, request, APPOINTMENT_HISTORY, lambda row: (row.id,))
        return HistoryEntryConnection.from_page(page, appointment_history_entry)

    confirmation_status = strawberry.field(
        resolver=Relation(
            "confirmation_statuses", "confirmation_status_id", ConfirmationStatus
        ).resolver(),
        description="Where confirming the visit with the patient stands.",
        graphql_type=ConfirmationStatus | None,
    )
    flow_status = strawberry.field(
        resolver=Relation("flow_statuses", "flow_status_id", PatientFlowStatus).resolver(),
        description="Where the patient is in the visit now (checked in, seated...).",
        graphql_type=PatientFlowStatus | None,
    )

    reason = strawberry.field(
        resolver=Relation("appointment_reasons", "status_reason_id", AppointmentReason).resolver(),
        description="The entry of the cancellation or no-show reasons it was cancelled or broken "
        "with, if one was given (statusReason holds the text).",
        graphql_type=AppointmentReason | None,
    )

    @strawberry.field(description="The patient flow timeline of this visit, oldest first.")
    async def flow_events(self, info: Info) -> list[PatientFlowEvent]:
        rows = await info.context.loaders.flow_events.load(self.pk)
        return [PatientFlowEvent.from_row(row) for row in rows]

    @strawberry.field(
        description="The visit's stays in patient flow steps, in time order (seed 002's "
        "segments); the step it is still in comes last with leftAt null, measured to now."
    )
    async def flow_stays(self, info: Info) -> list[PatientFlowStay]:
        return [stay_of(stretch) for stretch in await flow_stays(info, self.pk)]

    @strawberry.field(
        description="Seconds the visit spent in each patient flow step (seed 002's totals), "
        "in the order the steps were first entered; a terminal step counts nothing."
    )
    async def flow_step_times(
        self,
        info: Info,
        include_open: Annotated[
            bool,
            strawberry.argument(
                description="Count the step the visit is still in, to now (else it counts 0)."
            ),
        ] = True,
    ) -> list[PatientFlowStepTime]:
        return step_times(await flow_stays(info, self.pk), include_open=include_open)

    @strawberry.field(
        description="The patient's recalls this visit books (bookAppointment patientRecallIds)."
    )
    async def recalls(
        self, info: Info
    ) -> list[Annotated[PatientRecall, strawberry.lazy("schema.types.recalls")]]:
        # Imported here: schema.types.recalls builds on this module's Appointment.
        from resolvers.recalls.reads import appointment_recalls
        from schema.types.recalls import PatientRecall

        rows = await appointment_recalls(info.context, self.pk, self.patient_id)
        return [PatientRecall.from_row(row, info.context.now) for row in rows]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Appointment | None]:
        """Appointments of the caller's organization; a patient sees only their own."""
        return await load_nodes(
            info.context,
            lambda c: c.loaders.appointments,
            node_ids,
            lambda row: cls.from_row(row, info.context.now),
            visible=lambda ctx, row: ctx.viewer.may_see_patient(row.patient_id),
        )


class _StoredAppointment(Appointment):
    """An Appointment whose stored fields are properties reading its row (`_row`, set by
    from_row with the computed ones): the same values the dataclass fields would hold."""


# Fields stored under the same name in the row, and those stored under another or as a copy.
_STORED_AS_IS = (
    "start_at", "end_at", "note", "priority", "production_amount", "is_new_patient",
    "is_time_locked", "version", "created_at", "updated_at", "time_zone", "hold_expires_at",
    "allow_overlap", "status_reason", "cancelled_by", "ask_to_arrive_minutes",
    "color_override", "estimated_insurance", "estimated_patient_portion", "display_order",
    "confirmed_at", "cancelled_at", "documented_at", "documented_by", "location_id",
    "operatory_id", "patient_id",
    "appointment_type_id", "primary_provider_id", "confirmation_status_id", "flow_status_id",
    "status_reason_id",
)  # fmt: skip
_PROPERTIES: dict[str, property] = {
    **{name: property(attrgetter(f"_row.{name}")) for name in _STORED_AS_IS},
    "pk": property(attrgetter("_row.id")),
    # Copies: a caller may change its list without changing the row's.
    "procedure_codes": property(lambda self: list(self._row.procedure_codes)),
    "tags": property(lambda self: list(self._row.tags)),
}
for _name, _property in _PROPERTIES.items():
    setattr(_StoredAppointment, _name, _property)
