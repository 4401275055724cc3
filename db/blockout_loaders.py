"""Per-request DataLoaders of blockouts, their types and templates (one statement per batch)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from aiodataloader import DataLoader

from db.batching import T, by_id, grouped
from db.queries import blockouts as queries
from db.request_database import RequestDatabase
from db.rows.blockouts import TemplateItemRow, TypedBlockoutRow

# (location, start of the range, end of the range): blockouts overlapping that range.
RangeKey = tuple[uuid.UUID, datetime, datetime]
# A query of rows by id (blockout_types_by_ids, ...).
ByIds = Callable[..., Awaitable[list[T]]]


class BlockoutLoaders:
    """The blockout DataLoaders of one request, scoped to the caller's organization."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id
        self.types = self._by_id(queries.blockout_types_by_ids)
        self.blockouts = self._by_id(queries.blockouts_by_ids)
        self.templates = self._by_id(queries.templates_by_ids)
        self.template_items = self._by_id(queries.template_items_by_ids)
        self.items_by_template: DataLoader[uuid.UUID, list[TemplateItemRow]] = DataLoader(
            self._items_by_template
        )
        self.in_range: DataLoader[RangeKey, list[TypedBlockoutRow]] = DataLoader(self._in_range)

    def _by_id(self, fetch: ByIds[T]) -> DataLoader[uuid.UUID, T | None]:
        async def load(keys: Sequence[uuid.UUID]) -> list[T | None]:
            rows = await fetch(self.db, organization_id=self.organization_id, ids=keys)
            return by_id(rows, keys)

        return DataLoader(load)

    async def _items_by_template(self, keys: Sequence[uuid.UUID]) -> list[list[TemplateItemRow]]:
        rows = await queries.items_of_templates(
            self.db, organization_id=self.organization_id, template_ids=keys
        )
        return grouped(rows, keys, lambda row: row.template_id)

    async def _in_range(self, keys: Sequence[RangeKey]) -> list[list[TypedBlockoutRow]]:
        """One statement for every key: all their locations over the span of all their ranges."""
        rows = await queries.blockouts_overlapping(
            self.db,
            organization_id=self.organization_id,
            location_ids=sorted({key[0] for key in keys}),
            starts_before=max(key[2] for key in keys),
            ends_after=min(key[1] for key in keys),
        )
        self.prime(rows)
        return [
            [
                row
                for row in rows
                if row.location_id == location and row.start_at < end and row.end_at > start
            ]
            for location, start, end in keys
        ]

    def prime(self, rows: Sequence[TypedBlockoutRow]) -> None:
        """Seed the by-id cache with blockout rows a range query already fetched."""
        for row in rows:
            self.blockouts.prime(row.id, row)

    def clear(self) -> None:
        """Forget everything cached: a mutation just changed blockouts, types or templates."""
        for loader in (
            self.types,
            self.blockouts,
            self.templates,
            self.template_items,
            self.items_by_template,
            self.in_range,
        ):
            loader.clear_all()
