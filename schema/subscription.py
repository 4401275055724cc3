"""The root Subscription type: live changes over WebSocket (graphql-transport-ws, graphql-ws).

Each field checks its arguments and the caller before anything streams: a refusal is that
operation's error, and the connection and its other subscriptions go on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import CALENDAR_READERS, WAITLIST_USERS, allow
from resolvers.ids import decode_id
from resolvers.live import feeds
from resolvers.live.stream import parse_cursor
from resolvers.viewer import Role
from schema.enums import AppointmentStatus
from schema.info import LiveInfo
from schema.permissions import enforce_access
from schema.strict_input import RefuseBadArguments, refuse_bad_input
from schema.types.live import AppointmentChange, CalendarChange, WaitlistChange, converted

After = Annotated[
    str | None,
    strawberry.argument(
        description=(
            "The cursor of the last change received: what happened since is sent first "
            "(or REFETCH when that is too much or too old)."
        )
    ),
]
OWN_APPOINTMENTS = allow(
    Role.PATIENT,
    refusal="Only a patient's token follows its own appointments (staff: calendarChanges)",
)


@strawberry.type(
    description=(
        "Live changes, pushed as they are committed by any server. Subscribe, then load the "
        "view (changes that happen in between arrive as events too: apply them by id)."
    )
)
class Subscription:
    @strawberry.subscription(
        metadata=CALENDAR_READERS,
        description=(
            "Every appointment that enters, leaves or changes in a location's calendar "
            "between two local dates (at most 31 days), and its blockouts and schedule "
            "overrides; holds are announced when they lapse."
        ),
    )
    async def calendar_changes(
        self,
        info: LiveInfo,
        location_id: Annotated[GlobalID, strawberry.argument(description="The location.")],
        from_: Annotated[
            date, strawberry.argument(name="from", description="The first local date.")
        ],
        to: Annotated[date, strawberry.argument(description="The last local date (included).")],
        statuses: Annotated[
            list[AppointmentStatus] | None,
            strawberry.argument(
                description="The statuses the view shows (default: the calendar's); an "
                "appointment leaving them is removed."
            ),
        ] = None,
        after: After = None,
    ) -> AsyncIterator[CalendarChange]:
        events = await feeds.calendar_changes(
            info.context,
            location_id=decode_id(location_id, "Location", field="locationId"),
            first_day=from_,
            last_day=to,
            statuses=statuses,
            after=parse_cursor(after),
        )
        return converted(events, CalendarChange.from_event)

    @strawberry.subscription(
        metadata=WAITLIST_USERS,
        description=(
            "Every change of the waitlist entries whose home is a location (and, with "
            "includeOtherLocations, of those of other homes that accept it)."
        ),
    )
    async def waitlist_changes(
        self,
        info: LiveInfo,
        location_id: Annotated[GlobalID, strawberry.argument(description="The location.")],
        include_other_locations: Annotated[
            bool,
            strawberry.argument(
                description="Also entries of other homes that accept this location (their "
                "scope is ANY, or SELECTED with it), as the waitlist list's filter offers; an "
                "entry that stops accepting it is removed."
            ),
        ] = False,
        after: After = None,
    ) -> AsyncIterator[WaitlistChange]:
        events = await feeds.waitlist_changes(
            info.context,
            location_id=decode_id(location_id, "Location", field="locationId"),
            other_locations=include_other_locations,
            after=parse_cursor(after),
        )
        return converted(events, WaitlistChange.from_event)

    @strawberry.subscription(
        metadata=OWN_APPOINTMENTS,
        description="Every change of the calling patient's own appointments.",
    )
    async def my_appointment_changes(
        self, info: LiveInfo, after: After = None
    ) -> AsyncIterator[AppointmentChange]:
        events = await feeds.my_appointment_changes(info.context, after=parse_cursor(after))
        return converted(events, AppointmentChange.from_event)


refuse_bad_input(Subscription, RefuseBadArguments)
enforce_access(Subscription, payload=False)
