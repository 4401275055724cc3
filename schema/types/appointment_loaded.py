"""Appointment fields computed from the request's loaders alone (schema/types/loaded.py):
its operatory and its providers. They take no info, so the compiled executor reads them
like a Relation, and a calendar's plan stays pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

import strawberry

from schema.enums import ProviderRole
from schema.types.loaded import Built, is_loaded, object_of
from schema.types.practice import Operatory, Provider


@dataclass(frozen=True, slots=True)
class OperatoryOfAppointment:
    """The appointment's operatory, through its location's list (which a calendar loads
    anyway), else by id: an inactive operatory is not on the list."""

    # The operatory depends on these alone (FromLoaders.memo_keys); a ClassVar, not a field.
    memo_keys: ClassVar[tuple[str, ...]] = ("location_id", "operatory_id")

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The operatory now when its location's list is loaded, else an awaitable."""
        listed = loaders.operatories_by_location.load(source.location_id)
        if is_loaded(listed):
            row = _by_id(built, listed.result()).get(source.operatory_id)
            if row is not None:
                return object_of(built, Operatory, row)
        return _operatory_at(source, loaders, built)


def _by_id(built: Built, rows: list[Any]) -> dict[Any, Any]:
    """A location's operatories by id, made once per request and list (a week looks up 700
    appointments' operatories in the same list), in the request's memo beside its objects."""
    key = (dict, id(rows))
    hit = built.get(key)
    if hit is None or hit[0] is not rows:
        hit = built[key] = (rows, {row.id: row for row in rows})
    by_id: dict[Any, Any] = hit[1]
    return by_id


async def _operatory_at(source: Any, loaders: Any, built: Built) -> Operatory:
    row = await loaders.operatory_at(source.location_id, source.operatory_id)
    return object_of(built, Operatory, row, must_exist=True)


@dataclass(frozen=True, slots=True)
class ProvidersOfAppointment:
    """The additional providers in order, after the primary provider when `with_primary`."""

    with_primary: bool

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The providers now when loaded, else an awaitable of them."""
        others = loaders.additional_providers.load(source.pk)
        if not self.with_primary:
            if is_loaded(others):
                return [object_of(built, Provider, row) for row in others.result()]
            return _later(None, others, built)
        primary = loaders.providers.load(source.primary_provider_id)
        if is_loaded(primary) and is_loaded(others):
            first = object_of(built, Provider, primary.result(), must_exist=True)
            return [first, *[object_of(built, Provider, row) for row in others.result()]]
        return _later(primary, others, built)


async def _later(primary: Any, others: Any, built: Built) -> list[Provider]:
    rows = [await primary] if primary is not None else []
    rows += await others
    return [object_of(built, Provider, row, must_exist=True) for row in rows]


@strawberry.type(
    description="A provider on an appointment, what they do there and when within the visit."
)
class ProviderAssignment:
    provider: Provider = strawberry.field(description="The provider.")
    role: ProviderRole = strawberry.field(description="What they do on this visit.")
    start_offset_minutes: int | None = strawberry.field(
        description="Minutes from the visit's start at which their time begins (null: the "
        "whole visit; the primary provider takes the whole visit)."
    )
    end_offset_minutes: int | None = strawberry.field(
        description="Minutes from the visit's start at which their time ends (null: the whole "
        "visit)."
    )
    start_at: datetime = strawberry.field(
        description="When their time begins: the visit's start plus the offset (it follows a "
        "move; a visit made shorter cuts it at its end)."
    )
    end_at: datetime = strawberry.field(description="When their time ends, within the visit.")


@dataclass(frozen=True, slots=True)
class AssignmentsOfAppointment:
    """The primary provider (PRIMARY), then the additional ones in order with their roles."""

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The assignments now when loaded, else an awaitable of them."""
        primary = loaders.providers.load(source.primary_provider_id)
        others = loaders.additional_providers.load(source.pk)
        if is_loaded(primary) and is_loaded(others):
            return _assignments(source, primary.result(), others.result(), built)
        return _later_assignments(source, primary, others, built)


def _assignment(
    source: Any, provider: Provider, role: ProviderRole, offsets: tuple[int | None, int | None]
) -> ProviderAssignment:
    """One assignment, its times within the visit (clamped to its end)."""
    start, end = offsets
    visit_start, visit_end = source.start_at, source.end_at
    return ProviderAssignment(
        provider=provider,
        role=role,
        start_offset_minutes=start,
        end_offset_minutes=end,
        start_at=visit_start
        if start is None
        else min(visit_start + timedelta(minutes=start), visit_end),
        end_at=visit_end if end is None else min(visit_start + timedelta(minutes=end), visit_end),
    )


def _assignments(
    source: Any, primary: Any, others: list[Any], built: Built
) -> list[ProviderAssignment]:
    first = _assignment(
        source,
        object_of(built, Provider, primary, must_exist=True),
        ProviderRole.PRIMARY,
        (None, None),
    )
    return [
        first,
        *[
            _assignment(
                source,
                object_of(built, Provider, row),
                ProviderRole(row.provider_role),
                (row.provider_start_offset, row.provider_end_offset),
            )
            for row in others
        ],
    ]


async def _later_assignments(
    source: Any, primary: Any, others: Any, built: Built
) -> list[ProviderAssignment]:
    return _assignments(source, await primary, await others, built)
