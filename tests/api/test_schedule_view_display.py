"""Schedule views' location and display settings (hours, time step, layout, colours, compact
and privacy modes), validated with the full input path; myScheduleViews of one location; the
preset displays (scheduleViewTemplates) a view starts from."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_location, make_practice
from tests.support.settings_documents import ERRORS, only_error, settings_state
from tests.support.tokens import bearer

DISPLAY = "shownFrom shownUntil timeStepMinutes layout colorMode compact privacy"
VIEW = f"id name version location {{ id }} display {{ {DISPLAY} }}"
CREATE = f"""
mutation ($input: CreateScheduleViewInput!) {{
  createScheduleView(input: $input) {{ scheduleView {{ {VIEW} }} {ERRORS} }}
}}
"""
UPDATE = f"""
mutation ($input: UpdateScheduleViewInput!) {{
  updateScheduleView(input: $input) {{ scheduleView {{ {VIEW} }} {ERRORS} }}
}}
"""
LIST = """
query ($location: ID) {
  myScheduleViews(first: 10, locationId: $location) { totalCount edges { node { name } } }
}
"""
TEMPLATES = f"query {{ scheduleViewTemplates {{ key name display {{ {DISPLAY} }} }} }}"
LOBBY = {
    "shownFrom": "07:00:00",
    "shownUntil": "19:00:00",
    "timeStepMinutes": 15,
    "layout": "DAY",
    "colorMode": "OPERATORY",
    "compact": True,
    "privacy": True,
}


async def create(execute, practice, **extra) -> dict[str, Any]:
    result = await execute(CREATE, {"input": {"name": "Front", **extra}}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["createScheduleView"]


async def test_a_view_keeps_its_location_and_display_over_http(engine, http):
    practice = await make_practice(engine)
    location = global_id("Location", practice.location.id)
    display = {
        "shownFrom": "06:30",
        "shownUntil": None,
        "timeStepMinutes": 30,
        "layout": "WORK_WEEK",
        "colorMode": "PROVIDER",
        "compact": True,
    }
    variables = {"input": {"name": "Week", "locationId": location, "display": display}}
    response = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": variables},
        headers=bearer(practice.staff),
    )
    body = response.json()["data"]["createScheduleView"]
    body["scheduleView"].pop("id")
    assert body == {
        "scheduleView": {
            "name": "Week",
            "version": 1,
            "location": {"id": location},
            "display": {
                "shownFrom": "06:30:00",
                "shownUntil": None,
                "timeStepMinutes": 30,
                "layout": "WORK_WEEK",
                "colorMode": "PROVIDER",
                "compact": True,
                "privacy": False,
            },
        },
        "userErrors": [],
    }


async def test_defaults_a_change_of_display_and_lists_by_location(engine, execute):
    practice = await make_practice(engine)
    elsewhere = await make_location(engine, practice.org)
    plain = (await create(execute, practice))["scheduleView"]
    assert (plain["location"], plain["display"]) == (
        None,
        {**LOBBY, "timeStepMinutes": 10, "colorMode": "APPOINTMENT_TYPE", "compact": False}
        | {"privacy": False},
    )
    here = global_id("Location", practice.location.id)
    await create(execute, practice, name="Here", locationId=here)
    await create(execute, practice, name="There", locationId=global_id("Location", elsewhere.id))
    changed = await execute(
        UPDATE,
        {"input": {"scheduleViewId": plain["id"], "baseVersion": 1, "display": LOBBY}},
        viewer=practice.staff,
    )
    view = changed.data["updateScheduleView"]["scheduleView"]
    assert (view["display"], view["version"]) == (LOBBY, 2)
    listed = await execute(LIST, {"location": here}, viewer=practice.staff)
    assert listed.data["myScheduleViews"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Here"}}],
    }
    every = await execute(LIST, {}, viewer=practice.staff)
    assert every.data["myScheduleViews"]["totalCount"] == 3


async def test_display_refusals_name_the_setting_and_change_nothing(engine, execute):
    practice = await make_practice(engine)
    foreign = await make_practice(engine)
    view = (await create(execute, practice))["scheduleView"]
    before = await settings_state(engine)
    cases: list[tuple[dict[str, Any], list[str], str]] = [
        ({"display": {"timeStepMinutes": 7}}, ["input", "display", "timeStepMinutes"], ""),
        (
            {"display": {"shownFrom": "12:00", "shownUntil": "09:00"}},
            ["input", "display", "shownUntil"],
            "",
        ),
        ({"display": {"shownFrom": "07:05"}}, ["input", "display", "shownFrom"], ""),
        (
            {"display": {"shownUntil": "18:45", "timeStepMinutes": 30}},
            ["input", "display", "shownUntil"],
            "",
        ),
        (
            {"locationId": global_id("Location", foreign.location.id)},
            ["input", "locationId"],
            "NOT_FOUND",
        ),
        (
            {"locationId": global_id("Provider", practice.provider.id)},
            ["input", "locationId"],
            "VALIDATION",
        ),
    ]
    for extra, field, code in cases:
        new = await execute(CREATE, {"input": {"name": "New", **extra}}, viewer=practice.staff)
        payload = new.data["createScheduleView"]
        assert payload["scheduleView"] is None
        assert only_error(payload) == (field, code or "VALIDATION"), extra
        update = {"scheduleViewId": view["id"], "baseVersion": 1, **extra}
        changed = await execute(UPDATE, {"input": update}, viewer=practice.staff)
        assert only_error(changed.data["updateScheduleView"]) == (field, code or "VALIDATION")
    assert await settings_state(engine) == before


async def test_templates_are_presets_a_view_copies(engine, execute):
    practice = await make_practice(engine)
    listed = await execute(TEMPLATES, viewer=practice.staff)
    templates = listed.data["scheduleViewTemplates"]
    assert [(t["key"], t["name"]) for t in templates] == [
        ("FRONT_DESK", "Front desk"),
        ("PROVIDER_DAY", "Provider day"),
        ("HYGIENE", "Hygiene"),
        ("WEEK_OVERVIEW", "Week overview"),
        ("WORK_WEEK", "Work week"),
        ("LOBBY_SCREEN", "Lobby screen"),
    ]
    lobby = templates[-1]["display"]
    assert lobby == LOBBY
    copied = await create(execute, practice, name="Lobby", display=lobby)
    assert copied["scheduleView"]["display"] == LOBBY
    refused = await execute(TEMPLATES, viewer=practice.patient_viewer())
    assert refused.data is None
    assert refused.errors[0].message == "Only staff may read schedule view templates"
