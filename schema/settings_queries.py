"""The caller's own settings as root fields: myScheduleViews and mySavedSearches."""

from __future__ import annotations

import strawberry

from db.queries.user_settings import saved_searches, schedule_views
from resolvers.access import SETTINGS_OWNERS
from resolvers.context import RequestContext
from resolvers.user_settings.owned import own_count
from resolvers.user_settings.saved_searches import search_page
from resolvers.user_settings.schedule_views import view_page
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.user_settings import SavedSearch, ScheduleView

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="A page of the caller's schedule views by name.")
class ScheduleViewConnection(CountedConnection[ScheduleView]):
    pass


@strawberry.type(description="A page of the caller's saved searches by name.")
class SavedSearchConnection(CountedConnection[SavedSearch]):
    pass


async def resolve_my_schedule_views(
    info: Info, first: FirstArg = 50, after: AfterArg = None
) -> ScheduleViewConnection:
    """A page of the caller's views."""
    ctx = info.context
    page = await view_page(ctx, first=first, after=after)
    return ScheduleViewConnection.from_page(
        page, ScheduleView.from_row, count=lambda: own_count(ctx, schedule_views)
    )


async def resolve_my_saved_searches(
    info: Info, first: FirstArg = 50, after: AfterArg = None
) -> SavedSearchConnection:
    """A page of the caller's saved searches."""
    ctx = info.context
    page = await search_page(ctx, first=first, after=after)
    return SavedSearchConnection.from_page(
        page, SavedSearch.from_row, count=lambda: own_count(ctx, saved_searches)
    )


my_schedule_views_field = strawberry.field(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_my_schedule_views,
    description="The caller's own schedule views (their token's subject), by name (staff).",
)
my_saved_searches_field = strawberry.field(
    metadata=SETTINGS_OWNERS,
    resolver=resolve_my_saved_searches,
    description="The caller's own saved searches (their token's subject), by name (staff).",
)
