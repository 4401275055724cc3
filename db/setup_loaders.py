"""Per-request loaders of who offers what (db/queries/setup.py), one query per batch."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from db.batch_loader import BatchLoader
from db.queries import setup as setup_queries
from db.request_database import RequestDatabase


class SetupLoaders:
    """Linked ids by owner: a provider's locations, a type's providers and locations."""

    def __init__(self, db: RequestDatabase, organization_id: uuid.UUID) -> None:
        self.db = db
        self.organization_id = organization_id

    @cached_property
    def provider_locations(self) -> BatchLoader[uuid.UUID, list[uuid.UUID]]:
        """The locations each provider works at (empty: every location)."""
        return self._links("provider_locations")

    @cached_property
    def type_providers(self) -> BatchLoader[uuid.UUID, list[uuid.UUID]]:
        """The providers offering each appointment type (empty: every provider)."""
        return self._links("type_providers")

    @cached_property
    def type_locations(self) -> BatchLoader[uuid.UUID, list[uuid.UUID]]:
        """The locations offering each appointment type (empty: every location)."""
        return self._links("type_locations")

    def forget(self, ident: uuid.UUID) -> None:
        """Drop an owner a mutation changed from the loaders this request made."""
        made = self.__dict__
        for name in ("provider_locations", "type_providers", "type_locations"):
            if name in made:
                made[name].clear(ident)

    def _links(self, link: str) -> BatchLoader[uuid.UUID, list[uuid.UUID]]:
        async def load(keys: Sequence[uuid.UUID]) -> list[list[uuid.UUID]]:
            rows = await setup_queries.linked_ids(
                self.db, link=link, organization_id=self.organization_id, owner_ids=keys
            )
            found: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
            for row in rows:
                found[row.owner_id].append(row.linked_id)
            return [found.get(key, []) for key in keys]

        return BatchLoader(load)
