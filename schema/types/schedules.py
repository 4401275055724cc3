"""Node types of provider schedules, schedule notes and appointment type overlap rules."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Protocol
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.schedules import OverlapRuleRow, OverrideRow, ScheduleNoteRow, TemplateRow
from resolvers.context import RequestContext
from schema.info import Info
from schema.types.appointment_type import AppointmentType
from schema.types.day_of_week import DayOfWeek, from_weekday
from schema.types.node_loading import node_resolver
from schema.types.practice import Location, Operatory, Provider


def _staff_visible(ctx: RequestContext, row: object) -> bool:
    return not ctx.viewer.is_patient


async def _location(info: Info, location_id: UUID) -> Location:
    row = await info.context.loaders.locations.load(location_id)
    assert row is not None, "composite foreign keys keep schedules in their organization"
    return Location.from_row(row)


class _ProviderDay(Protocol):
    """What templates and overrides both carry: whose hours, where, in which operatory."""

    provider_id: UUID
    location_id: UUID
    operatory_id: UUID | None


def _provider_day_fields(row: TemplateRow | OverrideRow) -> dict[str, Any]:
    """The constructor arguments a template and an override take alike from their rows."""
    return {
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "provider_id": row.provider_id,
        "location_id": row.location_id,
        "operatory_id": row.operatory_id,
    }


async def _provider_of(root: _ProviderDay, info: Info) -> Provider:
    row = await info.context.loaders.providers.load(root.provider_id)
    assert row is not None, "composite foreign keys keep schedules in their organization"
    return Provider.from_row(row)


async def _location_of(root: _ProviderDay, info: Info) -> Location:
    return await _location(info, root.location_id)


async def _operatory_of(root: _ProviderDay, info: Info) -> Operatory | None:
    if root.operatory_id is None:
        return None
    row = await info.context.loaders.operatory_at(root.location_id, root.operatory_id)
    return Operatory.from_row(row) if row is not None else None


@strawberry.type(description="A provider's recurring local hours at a location on one weekday.")
class ProviderScheduleTemplate(relay.Node):
    pk: relay.NodeID[UUID]
    weekday: DayOfWeek = strawberry.field(description="Day of the week.")
    start_time: time = strawberry.field(description="Local start time in the location's zone.")
    end_time: time = strawberry.field(description="Local end time (after the start).")
    effective_from: date = strawberry.field(description="First local date it applies to.")
    effective_to: date | None = strawberry.field(
        description="Last local date it applies to (inclusive); null: open-ended."
    )
    note: str | None = strawberry.field(description="Free-text note.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    created_at: datetime = strawberry.field(description="When the template was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    provider_id: strawberry.Private[UUID]
    location_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: TemplateRow) -> ProviderScheduleTemplate:
        """Build from a provider_schedule_templates row."""
        return cls(
            pk=row.id,
            weekday=from_weekday(row.weekday),
            start_time=row.start_time,
            end_time=row.end_time,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            note=row.note,
            **_provider_day_fields(row),
        )

    provider: Provider = strawberry.field(
        resolver=_provider_of, description="The provider who works these hours."
    )
    location: Location = strawberry.field(
        resolver=_location_of, description="The location the hours are at."
    )
    operatory: Operatory | None = strawberry.field(
        resolver=_operatory_of, description="The operatory the provider works in; null: not fixed."
    )

    # Templates of the caller's organization (staff and integrations).
    resolve_nodes = node_resolver(lambda c: c.loaders.schedules.templates, visible=_staff_visible)


@strawberry.type(description="One date of a provider at a location: unavailable or custom hours.")
class ProviderScheduleOverride(relay.Node):
    pk: relay.NodeID[UUID]
    date: date = strawberry.field(description="The local date it replaces the templates on.")
    is_unavailable: bool = strawberry.field(description="Whether the provider is off all day.")
    start_time: time | None = strawberry.field(description="Custom local start; null when off.")
    end_time: time | None = strawberry.field(description="Custom local end; null when off.")
    reason: str | None = strawberry.field(description="Why, e.g. 'Vacation'.")
    note: str | None = strawberry.field(description="Free-text note.")
    version: int = strawberry.field(description="Optimistic-concurrency version.")
    created_at: datetime = strawberry.field(description="When the override was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    provider_id: strawberry.Private[UUID]
    location_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: OverrideRow) -> ProviderScheduleOverride:
        """Build from a provider_schedule_overrides row."""
        return cls(
            pk=row.id,
            date=row.override_date,
            is_unavailable=row.is_unavailable,
            start_time=row.start_time,
            end_time=row.end_time,
            reason=row.reason,
            note=row.note,
            **_provider_day_fields(row),
        )

    provider: Provider = strawberry.field(
        resolver=_provider_of, description="The provider whose day it is."
    )
    location: Location = strawberry.field(
        resolver=_location_of, description="The location the day is at."
    )
    operatory: Operatory | None = strawberry.field(
        resolver=_operatory_of, description="The operatory for the custom hours; null: not fixed."
    )

    # Overrides of the caller's organization (staff and integrations).
    resolve_nodes = node_resolver(lambda c: c.loaders.schedules.overrides, visible=_staff_visible)


@strawberry.type(description="The note at the top of a location's calendar on one local date.")
class ScheduleNote(relay.Node):
    pk: relay.NodeID[UUID]
    date: date = strawberry.field(description="The local date the note is for.")
    note: str = strawberry.field(description="The note text.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    created_at: datetime = strawberry.field(description="When the note was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    location_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: ScheduleNoteRow) -> ScheduleNote:
        """Build from a schedule_notes row."""
        return cls(
            pk=row.id,
            date=row.note_date,
            note=row.note,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            location_id=row.location_id,
        )

    @strawberry.field(description="The location whose calendar shows it.")
    async def location(self, info: Info) -> Location:
        return await _location(info, self.location_id)

    # Schedule notes of the caller's organization (staff and integrations).
    resolve_nodes = node_resolver(lambda c: c.loaders.schedules.notes, visible=_staff_visible)


@strawberry.type(
    description="Whether appointments of two types may overlap, at a location or everywhere."
)
class AppointmentTypeOverlapRule(relay.Node):
    pk: relay.NodeID[UUID]
    allow_overlap: bool = strawberry.field(
        description="Whether the pair may overlap; at a location its own rule outweighs the "
        "org-wide one (false there forbids what the organization allows)."
    )
    created_at: datetime = strawberry.field(description="When the rule was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    type_a_id: strawberry.Private[UUID]
    type_b_id: strawberry.Private[UUID]
    location_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: OverlapRuleRow) -> AppointmentTypeOverlapRule:
        """Build from an appointment_type_overlap_rules row."""
        return cls(
            pk=row.id,
            allow_overlap=row.allow_overlap,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            type_a_id=row.appointment_type_a_id,
            type_b_id=row.appointment_type_b_id,
            location_id=row.location_id,
        )

    async def _type(self, info: Info, ident: UUID) -> AppointmentType:
        row = await info.context.loaders.appointment_types.load(ident)
        assert row is not None, "composite foreign keys keep rules in their organization"
        return AppointmentType.from_row(row)

    @strawberry.field(description="One type of the pair (the pair is stored ordered by ID).")
    async def appointment_type_a(self, info: Info) -> AppointmentType:
        return await self._type(info, self.type_a_id)

    @strawberry.field(description="The other type of the pair (may be the same type).")
    async def appointment_type_b(self, info: Info) -> AppointmentType:
        return await self._type(info, self.type_b_id)

    @strawberry.field(description="The location it applies at; null: every location.")
    async def location(self, info: Info) -> Location | None:
        return await _location(info, self.location_id) if self.location_id else None

    # Overlap rules of the caller's organization (staff and integrations).
    resolve_nodes = node_resolver(
        lambda c: c.loaders.schedules.overlap_rules, visible=_staff_visible
    )
