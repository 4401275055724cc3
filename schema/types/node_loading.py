"""Shared `resolve_nodes` plumbing: ids to UUIDs, loader lookups, hidden rows to null."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from aiodataloader import DataLoader

from resolvers.context import RequestContext
from resolvers.ids import parse_uuid
from schema.info import Info

T = TypeVar("T")
R = TypeVar("R")  # the row shape the loader gives (db/rows/)


async def load_nodes(
    ctx: RequestContext,
    loader: Callable[[RequestContext], DataLoader[Any, R | None]],
    node_ids: Iterable[str],
    build: Callable[[R], T],
    *,
    visible: Callable[[RequestContext, R], bool] = lambda ctx, row: True,
) -> list[T | None]:
    """Nodes for the ids in order; malformed, unknown, foreign or hidden ids become None."""
    ids = [parse_uuid(node_id) for node_id in node_ids]
    wanted = [ident for ident in ids if ident is not None]
    rows = dict(zip(wanted, await loader(ctx).load_many(wanted), strict=True))
    result: list[T | None] = []
    for ident in ids:
        row = rows.get(ident) if ident is not None else None
        result.append(build(row) if row is not None and visible(ctx, row) else None)
    return result


def node_resolver(
    loader: Callable[[RequestContext], DataLoader[Any, Any]],
    *,
    visible: Callable[[RequestContext, Any], bool] = lambda ctx, row: True,
) -> Any:
    """A Node type's `resolve_nodes`: load through `loader`, build with the type's `from_row`."""

    async def resolve_nodes(
        cls: Any,
        *,
        info: Info,
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Any]:
        return await load_nodes(info.context, loader, node_ids, cls.from_row, visible=visible)

    return classmethod(resolve_nodes)
