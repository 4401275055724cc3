"""What a blockout mutation returns: the rows it wrote and what it left out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.loaders import Loaders
from scheduling.blockouts import Skipped


@dataclass(frozen=True, slots=True)
class BlockoutOutcome:
    """Ids of the rows to return (blockouts, a type or a template), and any warnings."""

    ids: tuple[uuid.UUID, ...]
    warnings: tuple[Skipped, ...] = ()

    def forget(self, loaders: Loaders) -> None:
        # A copy or repeat changes the blockouts of whole days: every cached range is stale.
        loaders.blockouts.clear()
