"""An appointment's procedures as records, and the procedure-frequency check of each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.appointments import ProcedureRow
from resolvers.ids import parse_uuid
from resolvers.procedure_frequency import frequency_of
from scheduling.local_time import local_date_of, zone_named
from scheduling.procedure_frequency import FrequencyCheck
from schema.info import Info
from schema.types.loaded import Built, Relation, is_loaded, loader_resolver, object_of
from schema.types.practice import Provider


@strawberry.type(description="When a procedure was last done and when it is allowed again.")
class ProcedureFrequency:
    procedure_code: str = strawberry.field(description="The code checked (upper case).")
    interval_months: int | None = strawberry.field(
        description="How often the code may be done: the shortest interval of the active recall "
        "types it triggers (null: no limit)."
    )
    last_done_on: date | None = strawberry.field(
        description="The latest local date before the day checked on which the patient had the "
        "code done (a COMPLETE visit); null: never."
    )
    allowed_again_on: date | None = strawberry.field(
        description="From which date it may be done again (null: no limit, or never done)."
    )
    allowed: bool = strawberry.field(description="Whether it may be done on the day checked.")
    days_since: int | None = strawberry.field(
        description="Days from lastDoneOn to the day checked (null: never done)."
    )

    @classmethod
    def of(cls, code: str, check: FrequencyCheck) -> ProcedureFrequency:
        """The graph's form of the rule's answer."""
        return cls(
            procedure_code=code,
            interval_months=check.interval_months,
            last_done_on=check.last_done_on,
            allowed_again_on=check.allowed_again_on,
            allowed=check.allowed,
            days_since=check.days_since,
        )


@strawberry.type(description="A procedure an appointment performs: code, fee, provider, order.")
class AppointmentProcedure(relay.Node):
    pk: relay.NodeID[UUID]
    code: str = strawberry.field(description="The procedure code (upper case), e.g. D1110.")
    fee: Decimal = strawberry.field(description="The fee charged for it.")
    order: int = strawberry.field(description="Its place in the appointment's list (0 first).")
    appointment_id: strawberry.Private[UUID]
    provider_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: ProcedureRow) -> AppointmentProcedure:
        """Build from an appointment_procedures row."""
        return cls(
            pk=row.id,
            code=row.code,
            fee=row.fee,
            order=row.position,
            appointment_id=row.appointment_id,
            provider_id=row.provider_id,
        )

    provider = strawberry.field(
        resolver=Relation("providers", "provider_id", Provider).resolver(),
        description="Who performs it (null: the appointment's providers).",
        graphql_type=Provider | None,
    )

    @strawberry.field(
        description="The procedure-frequency check for this visit's date (its local start "
        "date; this visit not counted)."
    )
    async def frequency(self, info: Info) -> ProcedureFrequency:
        loaders = info.context.loaders
        appointment = await loaders.appointments.load(self.appointment_id)
        assert appointment is not None  # a composite foreign key guarantees it
        check = await frequency_of(
            loaders,
            patient_id=appointment.patient_id,
            code=self.code,
            on=local_date_of(appointment.start_at, zone_named(appointment.time_zone)),
            excluding=self.appointment_id,
        )
        return ProcedureFrequency.of(self.code, check)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AppointmentProcedure | None]:
        """Procedures of the caller's organization; a patient sees only their own visits'."""
        loaders, viewer = info.context.loaders, info.context.viewer
        ids = [parse_uuid(node_id) for node_id in node_ids]
        wanted = [ident for ident in ids if ident is not None]
        rows = [row for row in await loaders.procedures.by_id.load_many(wanted) if row]
        visits = await loaders.appointments.load_many([row.appointment_id for row in rows])
        visible = {
            row.id: row
            for row, visit in zip(rows, visits, strict=True)
            if visit is not None and viewer.may_see_patient(visit.patient_id)
        }
        return [cls.from_row(visible[ident]) if ident in visible else None for ident in ids]


class ProceduresOfAppointment:
    """An appointment's procedures in order (schema/types/loaded.py FromLoaders)."""

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The procedures now when loaded, else an awaitable of them."""
        rows = loaders.procedures.of_appointment.load(source.pk)
        if is_loaded(rows):
            return [object_of(built, AppointmentProcedure, row) for row in rows.result()]
        return _later(rows, built)


async def _later(rows: Any, built: Built) -> list[AppointmentProcedure]:
    return [object_of(built, AppointmentProcedure, row) for row in await rows]


procedures_field = strawberry.field(
    resolver=loader_resolver(ProceduresOfAppointment()),
    description="The procedures the visit performs, in order (addAppointmentProcedure).",
    graphql_type=list[AppointmentProcedure],
)
