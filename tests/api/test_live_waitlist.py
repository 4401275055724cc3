"""waitlistChanges with includeOtherLocations: entries of other homes that accept the location
(scope ANY, or SELECTED with it) come and go as their scope changes (migration 0023 records the
scope before and after); the default view keeps to entries whose home is the location."""

from __future__ import annotations

from tests.support.factories import global_id, make_location, make_practice
from tests.support.live_documents import WAITLIST, next_change, subscribed
from tests.support.live_server import staff_watching
from tests.support.waitlist_documents import ADD, UPDATE, add_input


async def test_entries_that_accept_a_location_come_and_go_with_their_scope(engine, database_url):
    practice = await make_practice(engine)
    other = global_id("Location", (await make_location(engine, practice.org)).id)
    async with staff_watching(database_url, practice.staff) as (server, client):
        # given the other location's waitlist, with and without other homes' entries
        watching = {"locationId": other}
        await subscribed(client, "others", WAITLIST, watching | {"includeOtherLocations": True})
        await subscribed(client, "homes", WAITLIST, watching)
        # when an entry of the practice's location starts out accepting the other one
        selected = add_input(practice, locationScope="SELECTED", additionalLocationIds=[other])
        entry = (await server.graphql(practice.staff, ADD, selected))["addToWaitlist"]
        entry_id = entry["waitlistEntry"]["id"]
        # then it comes into the view that includes other homes
        event = await next_change(client, "others")
        assert (event["kind"], event["removed"], event["entryId"]) == ("CREATED", False, entry_id)
        # when it is narrowed to its home: it leaves that view
        narrowed = {"waitlistEntryId": entry_id, "baseVersion": 1, "locationScope": "HOME_ONLY"}
        data = await server.graphql(practice.staff, UPDATE, {"input": narrowed})
        assert data["updateWaitlistEntry"]["userErrors"] == []
        event = await next_change(client, "others")
        assert (event["kind"], event["removed"], event["entryId"]) == ("MOVED_OUT", True, entry_id)
        # and when widened to any location, it comes back
        widened = {"waitlistEntryId": entry_id, "baseVersion": 2, "locationScope": "ANY"}
        data = await server.graphql(practice.staff, UPDATE, {"input": widened})
        assert data["updateWaitlistEntry"]["userErrors"] == []
        event = await next_change(client, "others")
        assert (event["kind"], event["removed"], event["entryId"]) == ("MOVED_IN", False, entry_id)
        # while the homes-only view was told of none of that: its first event is an entry
        # whose home is the other location (changes arrive in commit order)
        own = add_input(practice, homeLocationId=other)
        own_id = (await server.graphql(practice.staff, ADD, own))["addToWaitlist"]
        event = await next_change(client, "homes")
        assert (event["kind"], event["entryId"]) == ("CREATED", own_id["waitlistEntry"]["id"])
        # which the other view shows as well
        event = await next_change(client, "others")
        assert (event["kind"], event["entryId"]) == ("CREATED", own_id["waitlistEntry"]["id"])
