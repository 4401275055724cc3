"""Schedule views (seed 002): which location, operatories and providers one user's calendar
shows and how it draws them (scheduling/view_display.py), with a default flag and a shortcut;
created, changed and deleted by their owner only."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement

from db.queries import user_settings as queries
from db.rows.user_settings import ScheduleViewRow
from db.tables import locations, operatories, providers
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.errors import Validation
from resolvers.pages import Page
from resolvers.setup import fields
from resolvers.user_settings import owned
from scheduling.view_display import ViewDisplay, display_fault

VIEWS = CursorList("myScheduleViews", ("text", "uuid"))
LABEL = "schedule view"
VIEW = owned.OwnedKind(
    queries.VIEWS, "scheduleViewId", LABEL, "ScheduleView", unique=("name", "shortcut")
)


@dataclass(frozen=True, slots=True)
class ViewValues:
    """A view as a client describes it (create) or the fields it changes (update: None
    leaves a field as it is)."""

    name: str | None = None
    shortcut: str | None = None
    is_default: bool | None = None
    operatory_ids: list[uuid.UUID] | None = None
    provider_ids: list[uuid.UUID] | None = None
    location_id: uuid.UUID | None = None
    display: ViewDisplay | None = None  # replaces the whole display


def display_columns(display: ViewDisplay) -> dict[str, Any]:
    """A display's columns; VALIDATION at ("display", setting) when it breaks a rule."""
    fault = display_fault(display)
    if fault is not None:
        raise Validation(fault.message, field=("display", fault.setting))
    return asdict(display)


def _clean(values: ViewValues) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if values.display is not None:
        clean.update(display_columns(values.display))
    if values.location_id is not None:
        clean["location_id"] = values.location_id
    if values.name is not None:
        clean["name"] = owned.clean_name(values.name)
    if values.shortcut is not None:
        # A blank shortcut removes it.
        clean["shortcut"] = fields.optional_text(values.shortcut, field="shortcut", longest=20)
    if values.is_default is not None:
        clean["is_default"] = values.is_default
    if values.operatory_ids is not None:
        clean["operatory_ids"] = owned.distinct(values.operatory_ids, field="operatoryIds")
    if values.provider_ids is not None:
        clean["provider_ids"] = owned.distinct(values.provider_ids, field="providerIds")
    return clean


async def _check(item: owned.Checked) -> None:
    """Referenced location, operatories and providers exist; a new default replaces the
    owner's old one (name and shortcut: OwnedKind.unique)."""
    connection, ctx, clean = item.connection, item.ctx, item.clean
    location = clean.get("location_id")
    await owned.require_ids(
        connection,
        ctx,
        locations,
        [location] if location is not None else [],
        field="locationId",
        label="location",
    )
    await owned.require_ids(
        connection,
        ctx,
        operatories,
        clean.get("operatory_ids", []),
        field="operatoryIds",
        label="operatory",
    )
    await owned.require_ids(
        connection,
        ctx,
        providers,
        clean.get("provider_ids", []),
        field="providerIds",
        label="provider",
    )
    await item.replace_default(queries.schedule_views)


async def create_view(
    ctx: RequestContext, values: ViewValues, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a view owned by the caller; its id."""
    clean = {
        "is_default": False,
        "operatory_ids": [],
        "provider_ids": [],
        **display_columns(ViewDisplay()),
        **_clean(values),
    }
    return await owned.create_own(ctx, VIEW, clean, check=_check, idempotency_key=idempotency_key)


async def update_view(
    ctx: RequestContext,
    view_id: uuid.UUID,
    base_version: int,
    values: ViewValues,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change one of the caller's views at `base_version`; its id."""
    clean = _clean(values)
    return await owned.update_own(
        ctx, VIEW, view_id, base_version, clean, check=_check, idempotency_key=idempotency_key
    )


async def delete_view(
    ctx: RequestContext, view_id: uuid.UUID, base_version: int, *, idempotency_key: str | None
) -> uuid.UUID:
    """Delete one of the caller's views at `base_version`; its id."""
    return await owned.delete_own(ctx, VIEW, view_id, base_version, idempotency_key=idempotency_key)


def at_location(location_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    """The condition of the views of one location (None: every view)."""
    if location_id is None:
        return []
    return [queries.schedule_views.c.location_id == location_id]


async def view_page(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID | None,
    first: int,
    after: str | None,
    owner: str,
) -> Page[ScheduleViewRow]:
    """A page of the owner's views (of one location if given) by name."""
    return await owned.own_page(
        ctx,
        queries.VIEWS,
        VIEWS,
        first=first,
        after=after,
        owner=owner,
        where=at_location(location_id),
    )
