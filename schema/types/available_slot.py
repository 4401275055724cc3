"""An open slot offered by slot search."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

import strawberry

from scheduling.slots import Slot
from schema.types.loaded import Relation
from schema.types.practice import Operatory, Provider


@strawberry.type(description="A start time that bookAppointment will accept as offered.")
class AvailableSlot:
    start_at: datetime = strawberry.field(description="Start (an instant).")
    end_at: datetime = strawberry.field(description="End: start plus the type's duration.")
    time_zone: str = strawberry.field(description="IANA zone of the location.")
    provider_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID]

    @classmethod
    def from_slot(cls, slot: Slot, time_zone: str) -> AvailableSlot:
        """Build from the rules' slot."""
        return cls(
            start_at=slot.start_at,
            end_at=slot.end_at,
            time_zone=time_zone,
            provider_id=slot.provider_id,
            operatory_id=slot.operatory_id,
        )

    @strawberry.field(description="Local date of the start.")
    def local_date(self) -> date:
        return self.start_at.astimezone(ZoneInfo(self.time_zone)).date()

    @strawberry.field(description="Local start time (send it back as slot.startTime).")
    def local_start_time(self) -> time:
        return self.start_at.astimezone(ZoneInfo(self.time_zone)).time()

    @strawberry.field(description="Local end time.")
    def local_end_time(self) -> time:
        return self.end_at.astimezone(ZoneInfo(self.time_zone)).time()

    # Plain resolvers returning a value or an awaitable (schema/types/loaded.py): slot search
    # loads the slots' providers and operatories ahead, so a hundred slots cost no coroutines.
    provider = strawberry.field(
        resolver=Relation("providers", "provider_id", Provider, must_exist=True).resolver(),
        description="The provider who is free then.",
        graphql_type=Provider,
    )

    operatory = strawberry.field(
        resolver=Relation("operatories", "operatory_id", Operatory, must_exist=True).resolver(),
        description="An operatory free then (the first in display order).",
        graphql_type=Operatory,
    )
