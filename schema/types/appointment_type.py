"""The AppointmentType node: a kind of visit, its booking rules, pick-list settings, required
procedure codes and time pattern (scheduling/time_pattern.py)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.practice import AppointmentTypeRow
from scheduling.time_pattern import Segment, effective_pattern, segments_of, units_of
from schema.enums import CodeMatch, Modality, TimeUnitKind
from schema.info import Info
from schema.types.node_loading import node_resolver
from schema.types.practice import Location, Provider

if TYPE_CHECKING:
    from schema.types.recalls import RecallType


@strawberry.type(description="A stretch of a visit: what it needs and for how many minutes.")
class TimePatternSegment:
    kind: TimeUnitKind = strawberry.field(description="Who the stretch needs.")
    minutes: int = strawberry.field(description="How long it lasts (a multiple of 5).")

    @classmethod
    def list_of(cls, segments: Sequence[Segment]) -> list[TimePatternSegment]:
        """The graph's form of a pattern's runs."""
        return [cls(kind=segment.kind, minutes=segment.minutes) for segment in segments]

    def segment(self) -> Segment:
        """The domain's form."""
        return Segment(TimeUnitKind(self.kind), self.minutes)


@strawberry.type(description="A kind of visit, with its default length and booking rules.")
class AppointmentType(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, e.g. 'Adult cleaning'.")
    abbreviation: str = strawberry.field(description="Short label shown on appointments.")
    description: str | None = strawberry.field(description="What the visit is for.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    duration_minutes: int = strawberry.field(description="Default length of the visit.")
    max_attendees: int = strawberry.field(description="How many patients one appointment may hold.")
    bookable_online: bool = strawberry.field(description="Whether patients may book it themselves.")
    booking_lead_time_hours: int = strawberry.field(description="How far ahead it must be booked.")
    cancellation_policy_hours: int = strawberry.field(
        description="Patients may not cancel or move it within this many hours of its start."
    )
    booking_window_days: int = strawberry.field(
        description="How many days ahead it may be booked (slot search looks no further)."
    )
    archived: bool = strawberry.field(description="Archived types are kept for history only.")
    procedure_codes: list[str] = strawberry.field(
        description="Procedures a visit of this type performs unless its booking names others."
    )
    category: str | None = strawberry.field(description="Grouping in pick lists, e.g. 'Hygiene'.")
    modality: Modality = strawberry.field(description="How the visit happens.")
    telehealth: bool = strawberry.field(description="Whether the visit runs over telehealth.")
    deposit_amount: Decimal | None = strawberry.field(
        description="Deposit to show when booking, in the practice's currency (no payments)."
    )
    display_order: int = strawberry.field(
        description="Its place in pick lists (0 first; types of one order by name)."
    )
    hidden: bool = strawberry.field(
        description="Kept out of pick lists (appointmentTypes without includeHidden); still "
        "bookable by id."
    )
    blockout_only: bool = strawberry.field(
        description="Meant to be booked only into blockouts that allow it (a flag clients read)."
    )
    required_procedure_codes: list[str] = strawberry.field(
        description="Procedure codes a visit of this type needs (see requiredCodesMatch)."
    )
    required_codes_match: CodeMatch = strawberry.field(
        description="Whether a visit needs ALL the required codes or ANY one of them."
    )
    time_pattern: list[TimePatternSegment] = strawberry.field(
        description="What each stretch of the visit needs, in order, filling durationMinutes; "
        "empty: none set."
    )
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")

    @classmethod
    def from_row(cls, row: AppointmentTypeRow) -> AppointmentType:
        """Build from an appointment_types row."""
        return cls(
            pk=row.id,
            name=row.name,
            abbreviation=row.abbreviation,
            description=row.description,
            color=row.color,
            duration_minutes=row.duration_minutes,
            max_attendees=row.max_attendees,
            bookable_online=row.bookable_online,
            booking_lead_time_hours=row.booking_lead_time_hours,
            cancellation_policy_hours=row.cancellation_policy_hours,
            booking_window_days=row.booking_window_days,
            archived=row.archived,
            procedure_codes=list(row.procedure_codes),
            category=row.category,
            modality=Modality(row.modality),
            telehealth=row.telehealth,
            deposit_amount=row.deposit_amount,
            display_order=row.display_order,
            hidden=row.hidden,
            blockout_only=row.blockout_only,
            required_procedure_codes=list(row.required_procedure_codes),
            required_codes_match=CodeMatch(row.required_codes_match),
            time_pattern=TimePatternSegment.list_of(segments_of(row.time_pattern)),
            version=row.version,
        )

    @strawberry.field(
        description="The pattern in effect: timePattern, or (none set) provider time for the "
        "whole duration."
    )
    def effective_time_pattern(self) -> list[TimePatternSegment]:
        units = units_of(segment.segment() for segment in self.time_pattern)
        return TimePatternSegment.list_of(effective_pattern(units, self.duration_minutes))

    @strawberry.field(
        description="The providers offering this type (slot search and booking keep to them); "
        "empty means every provider."
    )
    async def offered_by(self, info: Info) -> list[Provider]:
        ids = await info.context.loaders.setup.type_providers.load(self.pk)
        rows = await info.context.loaders.providers.load_many(ids)
        return [Provider.from_row(row) for row in rows if row is not None]

    @strawberry.field(
        description="The locations offering this type (slot search and booking keep to them); "
        "empty means every location."
    )
    async def offered_at(self, info: Info) -> list[Location]:
        ids = await info.context.loaders.setup.type_locations.load(self.pk)
        rows = await info.context.loaders.locations.load_many(ids)
        return [Location.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="The recall types it books, in order; empty for patients.")
    async def recall_types(
        self, info: Info
    ) -> list[Annotated[RecallType, strawberry.lazy("schema.types.recalls")]]:
        from schema.types.recalls import RecallType  # it builds on this module's types

        if info.context.viewer.is_patient:
            return []
        rows = await info.context.loaders.recalls.booked_by.load(self.pk)
        return [RecallType.from_row(row) for row in rows]

    resolve_nodes = node_resolver(lambda c: c.loaders.appointment_types)
