"""The RecallType, RecallTrigger and PatientRecall nodes and the recall root fields."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.relay import GlobalID

from db.rows.recalls import RecallRow, RecallTriggerRow, RecallTypeRow
from resolvers.access import RECALL_READERS
from resolvers.ids import decode_id, parse_uuid
from resolvers.recalls import reads
from scheduling import recalls as rules
from scheduling.appointment_status import AppointmentStatus as AppointmentStatusRule
from schema.info import Info
from schema.types.appointment import Appointment
from schema.types.appointment_type import AppointmentType
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.practice import Patient

R = TypeVar("R")


@strawberry.enum(description="Where a patient's recall stands.")
class RecallStatus(enum.Enum):
    DUE = strawberry.enum_value("due", description="Open; due on or after today.")
    SCHEDULED = strawberry.enum_value("scheduled", description="An appointment is booked.")
    COMPLETED = strawberry.enum_value("completed", description="Done; no next due date.")
    OVERDUE = strawberry.enum_value("overdue", description="Open and past its due date.")


async def _nodes(info: Info, fetch: reads.ByIds[R], node_ids: Iterable[str]) -> list[R | None]:
    ids = [parse_uuid(node_id) for node_id in node_ids]
    wanted = [ident for ident in ids if ident is not None]
    found = dict(zip(wanted, await fetch(info.context, wanted), strict=True))
    return [found.get(ident) if ident is not None else None for ident in ids]


@strawberry.type(description="A kind of recall, e.g. 'Hygiene' every 6 months (not for patients).")
class RecallType(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, unique in the organization.")
    description: str | None = strawberry.field(description="What the recall is for.")
    default_interval_months: int = strawberry.field(
        description="Months between recalls for new patient recalls of this type (1-120)."
    )
    active: bool = strawberry.field(description="Whether the type is offered for new recalls.")
    sort_order: int = strawberry.field(description="Position in lists, ascending.")
    created_at: datetime = strawberry.field(description="When the type was created.")

    @classmethod
    def from_row(cls, row: RecallTypeRow) -> RecallType:
        """Build from a recall_types row."""
        return cls(
            pk=row.id,
            name=row.name,
            description=row.description,
            default_interval_months=row.default_interval_months,
            active=row.active,
            sort_order=row.sort_order,
            created_at=row.created_at,
        )

    @classmethod
    def of_recall(cls, row: RecallRow) -> RecallType:
        """Build from a patient recall's `type_*` columns."""
        return cls(
            pk=row.recall_type_id,
            name=row.type_name,
            description=row.type_description,
            default_interval_months=row.type_default_interval_months,
            active=row.type_active,
            sort_order=row.type_sort_order,
            created_at=row.type_created_at,
        )

    @strawberry.field(
        description="The appointment types that book this recall type, by name (one batch)."
    )
    async def appointment_types(self, info: Info) -> list[AppointmentType]:
        rows = await info.context.loaders.recalls.booking_types.load(self.pk)
        return [AppointmentType.from_row(row) for row in rows]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RecallType | None]:
        """Recall types of the caller's organization; none for patients."""
        rows = await _nodes(info, reads.recall_types_by_ids, node_ids)
        return [cls.from_row(row) if row is not None else None for row in rows]


@strawberry.type(
    description="A procedure code whose completion sets a recall type (not for patients)."
)
class RecallTrigger(relay.Node):
    pk: relay.NodeID[UUID]
    procedure_code: str = strawberry.field(
        description="The procedure code, upper case, unique in the organization, e.g. 'D1110'."
    )
    created_at: datetime = strawberry.field(description="When the trigger was created.")
    recall_type_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: RecallTriggerRow) -> RecallTrigger:
        """Build from a recall_triggers row."""
        return cls(
            pk=row.id,
            procedure_code=row.procedure_code,
            created_at=row.created_at,
            recall_type_id=row.recall_type_id,
        )

    @strawberry.field(description="The recall type the procedure sets.")
    async def recall_type(self, info: Info) -> RecallType:
        (row,) = await reads.recall_types_by_ids(info.context, [self.recall_type_id])
        assert row is not None, "composite foreign keys keep triggers in their organization"
        return RecallType.from_row(row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[RecallTrigger | None]:
        """Recall triggers of the caller's organization; none for patients."""
        rows = await _nodes(info, reads.recall_triggers_by_ids, node_ids)
        return [cls.from_row(row) if row is not None else None for row in rows]


@strawberry.type(
    description="A patient's recall of one type: when it is next due (not for patients)."
)
class PatientRecall(relay.Node):
    pk: relay.NodeID[UUID]
    due_date: date = strawberry.field(description="When the recall is next due.")
    previous_date: date | None = strawberry.field(
        description="When it was last completed, if ever."
    )
    interval_months: int = strawberry.field(description="Months between recalls (1-120).")
    disabled: bool = strawberry.field(
        description="Whether the recall is switched off (never listed as due)."
    )
    note: str | None = strawberry.field(description="Free-text note for the front desk.")
    version: int = strawberry.field(description="Increments on every change; use as baseVersion.")
    created_at: datetime = strawberry.field(description="When the recall was created.")
    updated_at: datetime = strawberry.field(description="When the recall last changed.")
    recall_type: RecallType = strawberry.field(description="The kind of recall.")
    stored_status: strawberry.Private[str]
    booked: strawberry.Private[bool]
    patient_id: strawberry.Private[UUID]
    appointment_id: strawberry.Private[UUID | None]
    today: strawberry.Private[date]  # the request's date (UTC) the status is read against

    @classmethod
    def from_row(cls, row: RecallRow, now: datetime) -> PatientRecall:
        """Build from a patient_recalls row joined with its type's `type_*` columns; `now`
        (the request's instant) decides whether a linked hold still books it."""
        return cls(
            pk=row.id,
            due_date=row.due_date,
            previous_date=row.previous_date,
            interval_months=row.interval_months,
            disabled=row.disabled,
            note=row.note,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            recall_type=RecallType.of_recall(row),
            stored_status=row.status,
            booked=rules.is_booked(
                AppointmentStatusRule(row.appointment_status) if row.appointment_status else None,
                row.appointment_hold_expires_at,
                now,
            ),
            patient_id=row.patient_id,
            appointment_id=row.appointment_id,
            today=now.date(),
        )

    def _state(self) -> rules.RecallState:
        return rules.RecallState(
            id=self.pk,
            due_date=self.due_date,
            status=rules.RecallStatus(self.stored_status),
            booked=self.booked,
        )

    @strawberry.field(
        description=(
            "The status as of now: SCHEDULED while the linked appointment is live (hold, "
            "planned, scheduled); once it is cancelled, broken, pinboarded or its hold lapses "
            "the recall is open again: OVERDUE past its due date (UTC today), else DUE."
        )
    )
    def status(self) -> RecallStatus:
        return RecallStatus(rules.effective_status(self._state(), self.today).value)

    @strawberry.field(description="Days past the due date as of today (UTC); 0 unless overdue.")
    def days_overdue(self) -> int:
        return rules.days_overdue(self._state(), self.today)

    @strawberry.field(description="The patient the recall is for.")
    async def patient(self, info: Info) -> Patient:
        row = await info.context.loaders.patients.load(self.patient_id)
        assert row is not None, "composite foreign keys keep recalls in their organization"
        return Patient.from_row(row)

    @strawberry.field(
        description="The appointment last booked for the recall, if any (see status: live or not)."
    )
    async def appointment(self, info: Info) -> Appointment | None:
        if self.appointment_id is None:
            return None
        row = await info.context.loaders.appointments.load(self.appointment_id)
        return Appointment.from_row(row, info.context.now) if row is not None else None

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[PatientRecall | None]:
        """Patient recalls of the caller's organization; none for patients."""
        rows = await _nodes(info, reads.patient_recalls_by_ids, node_ids)
        now = info.context.now
        return [cls.from_row(row, now) if row is not None else None for row in rows]


async def resolve_recall_types(
    info: Info,
    include_inactive: Annotated[
        bool, strawberry.argument(description="Also list inactive types.")
    ] = False,
) -> list[RecallType]:
    """Recall types in order."""
    rows = await reads.recall_types(info.context, include_inactive=include_inactive)
    return [RecallType.from_row(row) for row in rows]


async def resolve_recall_triggers(
    info: Info,
    recall_type_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only triggers of this recall type.")
    ] = None,
) -> list[RecallTrigger]:
    """Recall triggers by procedure code."""
    type_id = (
        decode_id(recall_type_id, "RecallType", field="recallTypeId") if recall_type_id else None
    )
    rows = await reads.recall_triggers(info.context, recall_type_id=type_id)
    return [RecallTrigger.from_row(row) for row in rows]


@strawberry.type(description="A page of patient recalls, earliest due date first, then id.")
class PatientRecallConnection(CountedConnection[PatientRecall]):
    pass


async def resolve_due_recalls(
    info: Info,
    due_on: Annotated[
        date, strawberry.argument(description="List recalls due on or before this date.")
    ],
    location_id: Annotated[
        GlobalID | None,
        strawberry.argument(description="Only patients with an appointment at this location."),
    ] = None,
    first: FirstArg = 100,
    after: AfterArg = None,
) -> PatientRecallConnection:
    """Due recalls, most overdue first."""
    ctx = info.context
    location = decode_id(location_id, "Location", field="locationId") if location_id else None
    page = await reads.due_recalls(
        ctx, due_on=due_on, location_id=location, first=first, after=after
    )
    return PatientRecallConnection.from_page(
        page,
        lambda row: PatientRecall.from_row(row, ctx.now),
        count=lambda: reads.due_recall_count(ctx, due_on=due_on, location_id=location),
    )


recall_types_field = strawberry.field(
    metadata=RECALL_READERS,
    resolver=resolve_recall_types,
    description="The organization's recall types by sort order and name.",
)
recall_triggers_field = strawberry.field(
    metadata=RECALL_READERS,
    resolver=resolve_recall_triggers,
    description="Procedure codes that set recalls, by code.",
)
due_recalls_field = strawberry.field(
    metadata=RECALL_READERS,
    resolver=resolve_due_recalls,
    description=(
        "Enabled recalls not completed and due on or before `dueOn`, most overdue first "
        "(earliest due date, then id), `first` at a time after the cursor `after`. Staff and "
        "integrations only."
    ),
)
