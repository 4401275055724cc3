"""The audit trail of an appointment as a connection."""

from __future__ import annotations

import base64
from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from db.rows.appointments import HistoryEntryRow
from resolvers.errors import BadInput


@strawberry.type(description="One audited change to an appointment.")
class AppointmentHistoryEntry:
    action: str = strawberry.field(description="What happened: booked, held, confirmed, moved, ...")
    actor: str = strawberry.field(description="Who did it (the token's subject).")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    changes: JSON = strawberry.field(description="Changed fields: {field: {before, after}}.")

    @classmethod
    def from_row(cls, row: HistoryEntryRow) -> AppointmentHistoryEntry:
        """Build from an appointment_history row."""
        return cls(
            action=row.action,
            actor=row.actor,
            occurred_at=row.occurred_at,
            changes=JSON(row.changes),
        )


@strawberry.type(description="An entry in a page of history, with its cursor.")
class AppointmentHistoryEdge:
    cursor: str = strawberry.field(description="Opaque cursor; pass it as `after`.")
    node: AppointmentHistoryEntry = strawberry.field(description="The entry.")


@strawberry.type(description="A page of an appointment's history, oldest first.")
class AppointmentHistoryConnection:
    edges: list[AppointmentHistoryEdge] = strawberry.field(description="The entries.")
    page_info: relay.PageInfo = strawberry.field(description="Cursors and whether more exist.")

    @classmethod
    def from_rows(
        cls, rows: list[HistoryEntryRow], *, first: int, after: int
    ) -> AppointmentHistoryConnection:
        """Build a page from up to first+1 rows."""
        edges = [
            AppointmentHistoryEdge(
                cursor=encode_history_cursor(row.id), node=AppointmentHistoryEntry.from_row(row)
            )
            for row in rows[:first]
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=after > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


def encode_history_cursor(entry_id: int) -> str:
    """Opaque cursor of a history entry."""
    return base64.urlsafe_b64encode(f"history:{entry_id}".encode()).decode()


def decode_history_cursor(cursor: str | None) -> int:
    """The entry id in a cursor (0 for none), or BadInput."""
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "history":
            raise ValueError(kind)
        return int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput("Invalid cursor", field="after") from exc
