"""Per-request DataLoaders of schedules: one query per table and batch, resolution in Python."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from aiodataloader import DataLoader

from db.batching import T, by_id
from db.queries import schedules as schedule_queries
from db.queries.ids import rows_by_ids
from db.request_database import RequestDatabase
from db.rows.practice import LocationRow
from db.rows.schedules import OverrideRow, ScheduleNoteRow, TemplateRow
from db.shapes import ShapedTable
from scheduling.local_time import zone_named
from scheduling.schedules import DateOverride, ProviderDay, WeeklyTemplate, resolve_provider_days

DayKey = tuple[uuid.UUID, date]  # (location id, local date)
# A query of the rows of some locations over a range of days (templates_of_locations, ...).
RangeQuery = Callable[..., Awaitable[list[T]]]


def weekly_template(row: TemplateRow) -> WeeklyTemplate:
    """The pure rule form of a provider_schedule_templates row."""
    return WeeklyTemplate(
        provider_id=row.provider_id,
        location_id=row.location_id,
        weekday=row.weekday,
        start=row.start_time,
        end=row.end_time,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        operatory_id=row.operatory_id,
        template_id=row.id,
    )


def date_override(row: OverrideRow) -> DateOverride:
    """The pure rule form of a provider_schedule_overrides row."""
    return DateOverride(
        provider_id=row.provider_id,
        location_id=row.location_id,
        day=row.override_date,
        unavailable=row.is_unavailable,
        start=row.start_time,
        end=row.end_time,
        reason=row.reason,
        note=row.note,
        operatory_id=row.operatory_id,
        override_id=row.id,
    )


class ScheduleLoaders:
    """Schedule DataLoaders of one request, scoped to the caller's organization."""

    def __init__(
        self,
        db: RequestDatabase,
        organization_id: uuid.UUID,
        locations: DataLoader[uuid.UUID, LocationRow | None],
    ) -> None:
        self.db = db
        self.organization_id = organization_id
        self._locations = locations
        self.templates = self._by_id(schedule_queries.TEMPLATES)
        self.overrides = self._by_id(schedule_queries.OVERRIDES)
        self.notes = self._by_id(schedule_queries.NOTES)
        self.overlap_rules = self._by_id(schedule_queries.OVERLAP_RULES)
        # Keyed by (location, local date); a batch of days is one query per table.
        self.templates_by_day: DataLoader[DayKey, list[TemplateRow]] = DataLoader(
            self._days(schedule_queries.templates_of_locations, self.templates, _template_on)
        )
        self.overrides_by_day: DataLoader[DayKey, list[OverrideRow]] = DataLoader(
            self._days(schedule_queries.overrides_of_locations, self.overrides, _override_on)
        )
        self.notes_by_day: DataLoader[DayKey, list[ScheduleNoteRow]] = DataLoader(
            self._days(schedule_queries.notes_of_locations, self.notes, _note_on)
        )
        self.provider_days: DataLoader[DayKey, list[ProviderDay]] = DataLoader(self._provider_days)

    def _by_id(self, kind: ShapedTable[T]) -> DataLoader[uuid.UUID, T | None]:
        async def load(keys: Sequence[uuid.UUID]) -> list[T | None]:
            rows = await rows_by_ids(self.db, kind, organization_id=self.organization_id, ids=keys)
            return by_id(rows, keys)

        return DataLoader(load)

    def _days(
        self,
        query: RangeQuery[T],
        by_id: DataLoader[uuid.UUID, T | None],
        applies: Callable[[T, DayKey], bool],
    ) -> Callable[[Sequence[DayKey]], Any]:
        async def load(keys: Sequence[DayKey]) -> list[list[T]]:
            rows = await query(
                self.db,
                organization_id=self.organization_id,
                location_ids=sorted({location for location, _ in keys}),
                first_day=min(day for _, day in keys),
                last_day=max(day for _, day in keys),
            )
            for row in rows:
                by_id.prime(row.id, row)
            return [[row for row in rows if applies(row, key)] for key in keys]

        return load

    async def _provider_days(self, keys: Sequence[DayKey]) -> list[list[ProviderDay]]:
        locations, templates, overrides = await asyncio.gather(
            self._locations.load_many([location for location, _ in keys]),
            self.templates_by_day.load_many(keys),
            self.overrides_by_day.load_many(keys),
        )
        result: list[list[ProviderDay]] = []
        for (_, day), location, day_templates, day_overrides in zip(
            keys, locations, templates, overrides, strict=True
        ):
            if location is None:
                result.append([])
                continue
            result.append(
                resolve_provider_days(
                    [weekly_template(row) for row in day_templates],
                    [date_override(row) for row in day_overrides],
                    day,
                    zone_named(location.time_zone),
                )
            )
        return result


def _template_on(row: TemplateRow, key: DayKey) -> bool:
    location, day = key
    return row.location_id == location and weekly_template(row).applies_on(day)


def _override_on(row: OverrideRow, key: DayKey) -> bool:
    return (row.location_id, row.override_date) == key


def _note_on(row: ScheduleNoteRow, key: DayKey) -> bool:
    return (row.location_id, row.note_date) == key
