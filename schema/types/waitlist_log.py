"""A waitlist entry's contact log and history, and their per-request DataLoaders."""

from __future__ import annotations

import enum
import json
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
from aiodataloader import DataLoader
from strawberry.scalars import JSON

from db.batching import grouped
from db.queries import waitlist as queries
from db.request_database import RequestDatabase
from db.rows.waitlist import ContactRow, WaitlistHistoryRow
from resolvers.context import RequestContext


@strawberry.enum(description="How a waitlisted patient was contacted.")
class WaitlistContactMethod(enum.Enum):
    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    IN_PERSON = "in_person"
    OTHER = "other"


@strawberry.enum(description="Who started a waitlist contact.")
class WaitlistContactInitiator(enum.Enum):
    STAFF = "staff"
    SMART_FILL = "smart_fill"


@strawberry.type(description="One attempt to reach a waitlisted patient.")
class WaitlistContact:
    method: WaitlistContactMethod = strawberry.field(description="How the patient was reached.")
    initiated_by: WaitlistContactInitiator = strawberry.field(description="Who started it.")
    slot_offered: bool = strawberry.field(description="Whether a slot was offered.")
    note: str | None = strawberry.field(description="Free-text note.")
    actor: str = strawberry.field(description="The caller who logged it.")
    occurred_at: datetime = strawberry.field(description="When it was logged.")

    @classmethod
    def from_row(cls, row: ContactRow) -> WaitlistContact:
        """Build from a waitlist_contacts row."""
        return cls(
            method=WaitlistContactMethod(row.method),
            initiated_by=WaitlistContactInitiator(row.initiated_by),
            slot_offered=row.slot_offered,
            note=row.note,
            actor=row.actor,
            occurred_at=row.occurred_at,
        )


@strawberry.type(description="One change of a waitlist entry.")
class WaitlistHistoryEntry:
    action: str = strawberry.field(description="What happened, e.g. 'added' or 'offered'.")
    actor: str = strawberry.field(description="Who did it.")
    before: JSON | None = strawberry.field(description="The changed fields before.")
    after: JSON | None = strawberry.field(description="The changed fields after.")
    occurred_at: datetime = strawberry.field(description="When it happened.")

    @classmethod
    def from_row(cls, row: WaitlistHistoryRow) -> WaitlistHistoryEntry:
        """Build from a waitlist_history row."""
        return cls(
            action=row.action,
            actor=row.actor,
            before=_plain(row.before),
            after=_plain(row.after),
            occurred_at=row.occurred_at,
        )


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value)) if value is not None else None


class WaitlistLoaders:
    """Per-request loaders of entries' contacts and history: one query per batch."""

    def __init__(self, db: RequestDatabase, organization_id: UUID) -> None:
        async def contacts(keys: Sequence[UUID]) -> list[list[ContactRow]]:
            rows = await queries.contacts_of(db, organization_id=organization_id, entry_ids=keys)
            return grouped(rows, keys, lambda row: row.entry_id)

        async def history(keys: Sequence[UUID]) -> list[list[WaitlistHistoryRow]]:
            rows = await queries.history_of(db, organization_id=organization_id, entry_ids=keys)
            return grouped(rows, keys, lambda row: row.entry_id)

        self.contacts: DataLoader[UUID, list[ContactRow]] = DataLoader(contacts)
        self.history: DataLoader[UUID, list[WaitlistHistoryRow]] = DataLoader(history)


_LOADERS: weakref.WeakKeyDictionary[RequestDatabase, WaitlistLoaders] = weakref.WeakKeyDictionary()


def waitlist_loaders(ctx: RequestContext) -> WaitlistLoaders:
    """The request's waitlist loaders (created on first use)."""
    loaders = _LOADERS.get(ctx.db)
    if loaders is None:
        loaders = WaitlistLoaders(ctx.db, ctx.viewer.organization_id)
        _LOADERS[ctx.db] = loaders
    return loaders
