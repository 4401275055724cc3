"""Appointment fields computed from the request's loaders alone (schema/types/loaded.py):
its operatory and its providers. They take no info, so the compiled executor reads them
like a Relation, and a calendar's plan stays pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schema.types.loaded import Built, is_loaded, object_of
from schema.types.practice import Operatory, Provider


@dataclass(frozen=True, slots=True)
class OperatoryOfAppointment:
    """The appointment's operatory, through its location's list (which a calendar loads
    anyway), else by id: an inactive operatory is not on the list."""

    def value(self, source: Any, loaders: Any, built: Built) -> Any:
        """The operatory now when its location's list is loaded, else an awaitable."""
        listed = loaders.operatories_by_location.load(source.location_id)
        if is_loaded(listed):
            for row in listed.result():
                if row.id == source.operatory_id:
                    return object_of(built, Operatory, row)
        return _operatory_at(source, loaders, built)


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
