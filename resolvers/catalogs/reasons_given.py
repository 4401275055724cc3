"""The reason a cancellation or a no-show is recorded with: an entry of the organization's
list (its id kept on the appointment), free text, or both (the text then says more)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.catalogs.lists import ReasonKind, require_reason
from resolvers.context import RequestContext


@dataclass(frozen=True, slots=True)
class GivenReason:
    """What the appointment keeps: statusReason's text and the list entry's id."""

    text: str | None
    reason_id: uuid.UUID | None

    def history(self) -> dict[str, Any]:
        """The history entry's changes for the reason (the entry's id only when one was given)."""
        changes: dict[str, Any] = {"reason": {"before": None, "after": self.text}}
        if self.reason_id is not None:
            changes["reason_id"] = {"before": None, "after": str(self.reason_id)}
        return changes


async def given_reason(
    connection: AsyncConnection,
    ctx: RequestContext,
    reason_id: uuid.UUID | None,
    text: str | None,
    kind: ReasonKind,
) -> GivenReason:
    """The reason as the appointment keeps it: free text wins for statusReason; without it
    the entry's name (so readers of statusReason see the reason either way)."""
    if reason_id is None:
        return GivenReason(text, None)
    row = await require_reason(connection, ctx.viewer.organization_id, reason_id, kind)
    return GivenReason(text if text is not None and text.strip() else row.name, row.id)
