"""Idempotency keys: a retried mutation returns its first result and has no second effect."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.shapes import one_as
from db.tables import idempotency_keys as keys


class StoredRow(Protocol):
    """What a claimed key holds: its request's fingerprint and the response, once stored."""

    request_hash: str
    response: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of claiming a key: new (do the work) or seen (with its stored response)."""

    is_new: bool
    same_request: bool
    response: dict[str, Any] | None


def request_hash(mutation: str, request: dict[str, Any]) -> str:
    """A stable fingerprint of a mutation's input."""
    payload = orjson.dumps(
        {"mutation": mutation, "input": request}, option=orjson.OPT_SORT_KEYS, default=str
    )
    return hashlib.sha256(payload).hexdigest()


async def claim_key(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    actor: str,
    key: str,
    mutation: str,
    fingerprint: str,
) -> Claim:
    """Claim a key inside the mutation's transaction.

    A concurrent retry with the same key blocks on the unique index until the first
    transaction ends, then sees its committed response; a rolled-back attempt leaves no key.
    """
    inserted = await connection.execute(
        insert(keys)
        .values(
            organization_id=organization_id,
            actor=actor,
            key=key,
            mutation=mutation,
            request_hash=fingerprint,
        )
        .on_conflict_do_nothing()
        .returning(keys.c.key)
    )
    if inserted.first() is not None:
        return Claim(is_new=True, same_request=True, response=None)
    existing = await one_as(
        connection,
        StoredRow,
        select(keys.c.request_hash, keys.c.response).where(
            keys.c.organization_id == organization_id, keys.c.actor == actor, keys.c.key == key
        ),
    )
    return Claim(
        is_new=False, same_request=existing.request_hash == fingerprint, response=existing.response
    )


async def store_response(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    actor: str,
    key: str,
    response: dict[str, Any],
) -> None:
    """Remember what the first execution returned."""
    await connection.execute(
        update(keys)
        .where(keys.c.organization_id == organization_id, keys.c.actor == actor, keys.c.key == key)
        .values(response=response)
    )
