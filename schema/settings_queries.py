"""The caller's own settings as root fields: myScheduleViews and mySavedSearches (a staff
admin may name another owner)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.queries.user_settings import saved_searches, schedule_views
from resolvers.access import SETTINGS_OWNERS
from resolvers.context import RequestContext
from resolvers.user_settings.owned import listed_owner, own_count
from resolvers.user_settings.saved_searches import search_page
from resolvers.user_settings.schedule_views import view_page
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.user_settings import SavedSearch, ScheduleView

Info = strawberry.Info[RequestContext, None]
OwnerArg = Annotated[
    str | None,
    strawberry.argument(
        description=(
            "Whose items to list: a user's token subject (another's: staff-admin only, "
            "else FORBIDDEN); default: the caller's."
        )
    ),
]


@strawberry.type(description="A page of the caller's schedule views by name.")
class ScheduleViewConnection(CountedConnection[ScheduleView]):
    pass


@strawberry.type(description="A page of the caller's saved searches by name.")
class SavedSearchConnection(CountedConnection[SavedSearch]):
    pass


async def resolve_my_schedule_views(
    info: Info, first: FirstArg = 50, after: AfterArg = None, owner: OwnerArg = None
) -> ScheduleViewConnection:
    """A page of the caller's views (or, for a staff admin, the named owner's)."""
    ctx = info.context
    whose = listed_owner(ctx, owner)
    page = await view_page(ctx, first=first, after=after, owner=whose)
    return ScheduleViewConnection.from_page(
        page, ScheduleView.from_row, count=lambda: own_count(ctx, schedule_views, whose)
    )


async def resolve_my_saved_searches(
    info: Info, first: FirstArg = 50, after: AfterArg = None, owner: OwnerArg = None
) -> SavedSearchConnection:
    """A page of the caller's saved searches (or, for a staff admin, the named owner's)."""
    ctx = info.context
    whose = listed_owner(ctx, owner)
    page = await search_page(ctx, first=first, after=after, owner=whose)
    return SavedSearchConnection.from_page(
        page, SavedSearch.from_row, count=lambda: own_count(ctx, saved_searches, whose)
    )


my_schedule_views_field = strawberry.field(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_my_schedule_views,
    description=(
        "The caller's own schedule views (their token's subject), by name; a staff admin "
        "lists another user's with `owner`."
    ),
)
my_saved_searches_field = strawberry.field(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_my_saved_searches,
    description=(
        "The caller's own saved searches (their token's subject), by name; a staff admin "
        "lists another user's with `owner`."
    ),
)
