"""What a booking's input refers to, read inside its transaction: one statement per reference
for bookAppointment, or a few statements for all rows of an import (`preload`). Either way
the rows go through the same checks (references.References, the offer and location rules)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, Table, any_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.queries.practice import LOCATIONS, OPERATORIES
from db.queries.schedules import OVERRIDES, TEMPLATES
from db.queries.setup import LINKS, links_in_transaction
from db.rows.practice import LocationRow
from db.rows.schedules import OverrideRow, TemplateRow
from db.shapes import R, all_as
from resolvers.lifecycle.references import References
from resolvers.lifecycle.schedule_guard import DirectScheduleReads


@dataclass(frozen=True, slots=True)
class Wanted:
    """Every id the rows of an import name, read at once by BookingReads.preload."""

    locations: frozenset[uuid.UUID]
    operatories: frozenset[uuid.UUID]
    patients: frozenset[uuid.UUID]
    providers: frozenset[uuid.UUID]
    types: frozenset[uuid.UUID]
    confirmation_statuses: frozenset[uuid.UUID]
    first_day: date  # the span of the rows' local dates (a day either side is added)
    last_day: date


class BookingReads(References):
    """The references of bookings in one transaction, each read once (cached by id)."""

    def __init__(self, connection: AsyncConnection, organization_id: uuid.UUID) -> None:
        super().__init__(connection, organization_id)
        self._links: dict[tuple[str, uuid.UUID], Sequence[uuid.UUID]] = {}
        self._direct = DirectScheduleReads(connection, organization_id)
        # (provider, location) -> templates, and overrides, once preloaded (else read each time)
        self._templates: dict[tuple[uuid.UUID, uuid.UUID], list[TemplateRow]] | None = None
        self._overrides: dict[tuple[uuid.UUID, uuid.UUID], list[OverrideRow]] = {}
        self._override_span: tuple[date, date] | None = None

    async def links(self, link: str, owner_id: uuid.UUID) -> Sequence[uuid.UUID]:
        """The owner's linked ids (resolvers.setup.offers.LinkReader)."""
        key = (link, owner_id)
        if key not in self._links:
            self._links[key] = await links_in_transaction(
                self.connection, link=link, organization_id=self.organization_id, owner_id=owner_id
            )
        return self._links[key]

    async def site_of(self, operatory_id: uuid.UUID) -> LocationRow:
        """The operatory's location (lifecycle.schedule_guard.ScheduleReads)."""
        operatory = self.cached(OPERATORIES, operatory_id)
        if operatory is not None:
            location = self.cached(LOCATIONS, operatory.location_id)
            if location is not None:
                return location
        return await self._direct.site_of(operatory_id)

    async def schedule_rows(
        self, provider_id: uuid.UUID, location_id: uuid.UUID, first_day: date, last_day: date
    ) -> tuple[Sequence[TemplateRow], Sequence[OverrideRow]]:
        """The schedule rule's rows (lifecycle.schedule_guard.ScheduleReads)."""
        span = self._override_span
        if (
            self._templates is None
            or span is None
            or not span[0] <= first_day <= last_day <= span[1]
        ):
            return await self._direct.schedule_rows(provider_id, location_id, first_day, last_day)
        pair = (provider_id, location_id)
        overrides = [
            row
            for row in self._overrides.get(pair, [])
            if first_day <= row.override_date <= last_day
        ]
        return self._templates.get(pair, []), overrides

    async def preload(self, wanted: Wanted) -> None:
        """Read every row, link and schedule the import's rows name, a statement per kind."""
        await self.read_ahead(
            locations=wanted.locations,
            operatories=wanted.operatories,
            patients=wanted.patients,
            providers=wanted.providers,
            types=wanted.types,
            confirmation_statuses=wanted.confirmation_statuses,
        )
        await self._preload_links("provider_locations", wanted.providers)
        await self._preload_links("type_locations", wanted.types)
        await self._preload_links("type_providers", wanted.types)
        await self._preload_schedules(wanted)

    async def _preload_links(self, link: str, owners: Iterable[uuid.UUID]) -> None:
        table, owner, column = LINKS[link]
        found: dict[uuid.UUID, list[uuid.UUID]] = {ident: [] for ident in owners}
        if not found:
            return
        result = await self.connection.execute(
            select(table.c[owner], table.c[column]).where(
                table.c.organization_id == self.organization_id,
                table.c[owner] == any_(uuid_array("ids")),
            ),
            {"ids": list(found)},
        )
        for owner_id, linked_id in result:
            found[owner_id].append(linked_id)
        for owner_id, linked in found.items():
            self._links[(link, owner_id)] = linked

    async def _preload_schedules(self, wanted: Wanted) -> None:
        """Templates (any dates) and overrides over the span of the import's providers."""
        first_day, last_day = wanted.first_day, wanted.last_day
        params = {"organization_id": self.organization_id, "ids": sorted(wanted.providers)}
        templates = await all_as(
            self.connection, TEMPLATES.shape, _of_providers(TEMPLATES.table), params
        )
        overrides_table = OVERRIDES.table
        overrides = await all_as(
            self.connection,
            OVERRIDES.shape,
            _of_providers(overrides_table).where(
                overrides_table.c.override_date.between(first_day, last_day)
            ),
            params,
        )
        self._templates = _by_pair(templates)
        self._overrides = _by_pair(overrides)
        self._override_span = (first_day, last_day)


def _of_providers(table: Table) -> Select[Any]:
    """The organization's rows of the providers :ids."""
    return select(table).where(
        table.c.organization_id == bindparam("organization_id"),
        table.c.provider_id == any_(uuid_array("ids")),
    )


def _by_pair(rows: Iterable[R]) -> dict[tuple[uuid.UUID, uuid.UUID], list[R]]:
    grouped: dict[tuple[uuid.UUID, uuid.UUID], list[R]] = defaultdict(list)
    for row in rows:
        grouped[(row.provider_id, row.location_id)].append(row)  # type: ignore[attr-defined]
    return dict(grouped)
