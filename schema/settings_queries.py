"""The caller's own settings as root fields: myScheduleViews and mySavedSearches (a staff
admin may name another owner), and the preset displays views start from
(scheduleViewTemplates)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.user_settings import saved_searches, schedule_views
from resolvers.access import SETTINGS_LISTERS, VIEW_TEMPLATE_READERS
from resolvers.ids import decode_optional_id
from resolvers.user_settings.owned import listed_owner, own_count
from resolvers.user_settings.saved_searches import of_kind, search_page
from resolvers.user_settings.schedule_views import at_location, view_page
from scheduling.view_display import TEMPLATES
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.user_settings import SavedSearch, SavedSearchKind, ScheduleView
from schema.types.view_display import ScheduleViewTemplate

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
    info: Info,
    first: FirstArg = 50,
    after: AfterArg = None,
    owner: OwnerArg = None,
    location_id: Annotated[
        GlobalID | None, strawberry.argument(description="Only the views of this location.")
    ] = None,
) -> ScheduleViewConnection:
    """A page of the caller's views (or, for a staff admin, the named owner's)."""
    ctx = info.context
    whose = listed_owner(ctx, owner)
    location = decode_optional_id(location_id, "Location", field="locationId")
    page = await view_page(ctx, location_id=location, first=first, after=after, owner=whose)
    return ScheduleViewConnection.from_page(
        page,
        ScheduleView.from_row,
        count=lambda: own_count(ctx, schedule_views, whose, at_location(location)),
    )


def resolve_schedule_view_templates() -> list[ScheduleViewTemplate]:
    """The presets, in their order."""
    return [ScheduleViewTemplate.from_template(template) for template in TEMPLATES]


async def resolve_my_saved_searches(
    info: Info,
    first: FirstArg = 50,
    after: AfterArg = None,
    owner: OwnerArg = None,
    kind: Annotated[
        SavedSearchKind | None, strawberry.argument(description="Only searches of this kind.")
    ] = None,
) -> SavedSearchConnection:
    """A page of the caller's saved searches (or, for a staff admin, the named owner's)."""
    ctx = info.context
    whose = listed_owner(ctx, owner)
    value = kind.value if kind is not None else None
    page = await search_page(ctx, kind=value, first=first, after=after, owner=whose)
    return SavedSearchConnection.from_page(
        page,
        SavedSearch.from_row,
        count=lambda: own_count(ctx, saved_searches, whose, of_kind(value)),
    )


my_schedule_views_field = strawberry.field(
    metadata=SETTINGS_LISTERS,
    resolver=resolve_my_schedule_views,
    description=(
        "The caller's own schedule views (their token's subject), of one location if given, by "
        "name; a staff admin lists another user's with `owner`."
    ),
)
schedule_view_templates_field = strawberry.field(
    metadata=VIEW_TEMPLATE_READERS,
    resolver=resolve_schedule_view_templates,
    description=(
        "Preset displays to start a schedule view from, the same for every organization "
        "(staff): copy one's display into createScheduleView or updateScheduleView."
    ),
)
my_saved_searches_field = strawberry.field(
    metadata=SETTINGS_LISTERS,
    resolver=resolve_my_saved_searches,
    description=(
        "The caller's own saved searches (their token's subject), of one kind if given, by "
        "name; a staff admin lists another user's with `owner`."
    ),
)
