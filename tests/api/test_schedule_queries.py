"""providerSchedule, locationSchedules and the schedule lists and nodes through the schema."""

from __future__ import annotations

from datetime import date, time

from db.models import AppointmentTypeOverlapRule, ProviderScheduleOverride, ScheduleNote
from tests.support.factories import global_id, make_practice, make_provider
from tests.support.schedule_documents import add_template, insert_row, integration

PERIODS = "startsAt endsAt localStartTime localEndTime operatory { id } template { id }"
RESOLVED = f"""provider {{ lastName }} date timeZone isOverride reason note
               location {{ id }} override {{ id }} periods {{ {PERIODS} }}"""
PROVIDER_SCHEDULE = f"""query ($p: ID!, $l: ID!, $d: Date!) {{
  providerSchedule(providerId: $p, locationId: $l, date: $d) {{ {RESOLVED} }} }}"""
LOCATION_SCHEDULES = """query ($l: ID!, $d: Date!) {
  locationSchedules(locationId: $l, date: $d) { provider { lastName } isOverride
    periods { localStartTime localEndTime } } }"""
MONDAY = "2030-01-07"


async def test_a_providers_day_from_split_templates(engine, execute):
    practice = await make_practice(engine)
    morning = await add_template(
        engine, practice.provider, practice.location, 0, time(8), time(12),
        operatory_id=practice.operatory.id,
    )  # fmt: skip
    afternoon = await add_template(
        engine, practice.provider, practice.location, 0, time(13), time(17)
    )
    await add_template(engine, practice.provider, practice.location, 1, time(8), time(12))
    ids = {
        "p": global_id("Provider", practice.provider.id),
        "l": global_id("Location", practice.location.id),
        "d": MONDAY,
    }
    result = await execute(PROVIDER_SCHEDULE, ids, viewer=practice.staff)
    assert result.errors is None
    assert result.data["providerSchedule"] == {
        "provider": {"lastName": "Lee"},
        "date": MONDAY,
        "timeZone": "America/Chicago",
        "isOverride": False,
        "reason": None,
        "note": None,
        "location": {"id": ids["l"]},
        "override": None,
        "periods": [
            {
                "startsAt": "2030-01-07T14:00:00+00:00",
                "endsAt": "2030-01-07T18:00:00+00:00",
                "localStartTime": "08:00:00",
                "localEndTime": "12:00:00",
                "operatory": {"id": global_id("Operatory", practice.operatory.id)},
                "template": {"id": global_id("ProviderScheduleTemplate", morning.id)},
            },
            {
                "startsAt": "2030-01-07T19:00:00+00:00",
                "endsAt": "2030-01-07T23:00:00+00:00",
                "localStartTime": "13:00:00",
                "localEndTime": "17:00:00",
                "operatory": None,
                "template": {"id": global_id("ProviderScheduleTemplate", afternoon.id)},
            },
        ],
    }


async def test_an_unavailable_override_and_a_spring_forward_day(engine, execute):
    practice = await make_practice(engine, time_zone="Europe/London")
    await add_template(engine, practice.provider, practice.location, 0, time(8), time(12))
    off = await insert_row(
        engine, ProviderScheduleOverride, organization_id=practice.org.id,
        provider_id=practice.provider.id, location_id=practice.location.id,
        override_date=date(2030, 1, 7), is_unavailable=True, reason="Sick", note="Flu",
    )  # fmt: skip
    ids = {"p": global_id("Provider", practice.provider.id)}
    ids["l"] = global_id("Location", practice.location.id)
    result = await execute(PROVIDER_SCHEDULE, {**ids, "d": MONDAY}, viewer=practice.staff)
    day = result.data["providerSchedule"]
    assert (day["isOverride"], day["reason"], day["note"], day["periods"]) == (
        True,
        "Sick",
        "Flu",
        [],
    )
    assert day["override"] == {"id": global_id("ProviderScheduleOverride", off.id)}
    # London springs forward on Sunday 2030-03-31: 01:30 does not exist and reads as 02:00 BST.
    await add_template(engine, practice.provider, practice.location, 6, time(1, 30), time(3))
    sunday = await execute(PROVIDER_SCHEDULE, {**ids, "d": "2030-03-31"}, viewer=practice.staff)
    (period,) = sunday.data["providerSchedule"]["periods"]
    assert (period["startsAt"], period["endsAt"], period["localStartTime"]) == (
        "2030-03-31T01:00:00+00:00",
        "2030-03-31T02:00:00+00:00",
        "02:00:00",
    )


async def test_location_schedules_list_scheduled_providers_by_name(engine, execute):
    practice = await make_practice(engine)
    adams = await make_provider(engine, practice.org, last_name="Adams")
    zed = await make_provider(engine, practice.org, last_name="Zed")
    await make_provider(engine, practice.org, last_name="Unscheduled")
    await add_template(engine, zed, practice.location, 0, time(9), time(17))
    await add_template(engine, practice.provider, practice.location, 0, time(8), time(12))
    await insert_row(
        engine, ProviderScheduleOverride, organization_id=practice.org.id, provider_id=adams.id,
        location_id=practice.location.id, override_date=date(2030, 1, 7), is_unavailable=False,
        start_time=time(7), end_time=time(9),
    )  # fmt: skip
    location = global_id("Location", practice.location.id)
    result = await execute(LOCATION_SCHEDULES, {"l": location, "d": MONDAY}, viewer=practice.staff)
    assert result.data["locationSchedules"] == [
        {"provider": {"lastName": "Adams"}, "isOverride": True,
         "periods": [{"localStartTime": "07:00:00", "localEndTime": "09:00:00"}]},
        {"provider": {"lastName": "Lee"}, "isOverride": False,
         "periods": [{"localStartTime": "08:00:00", "localEndTime": "12:00:00"}]},
        {"provider": {"lastName": "Zed"}, "isOverride": False,
         "periods": [{"localStartTime": "09:00:00", "localEndTime": "17:00:00"}]},
    ]  # fmt: skip
    tuesday = await execute(
        LOCATION_SCHEDULES, {"l": location, "d": "2030-01-08"}, viewer=practice.staff
    )
    assert tuesday.data["locationSchedules"] == []
    by_integration = await execute(
        LOCATION_SCHEDULES, {"l": location, "d": MONDAY}, viewer=integration(practice)
    )
    assert by_integration.data == result.data


async def test_other_organizations_see_null_and_patients_are_forbidden(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    await add_template(engine, practice.provider, practice.location, 0, time(8), time(12))
    mine = {
        "p": global_id("Provider", practice.provider.id),
        "l": global_id("Location", practice.location.id),
        "d": MONDAY,
    }
    foreign = await execute(PROVIDER_SCHEDULE, mine, viewer=other.staff)
    assert foreign.errors is None
    assert foreign.data == {"providerSchedule": None}
    location = await execute(LOCATION_SCHEDULES, {"l": mine["l"], "d": MONDAY}, viewer=other.staff)
    assert location.data == {"locationSchedules": None}
    patient = await execute(PROVIDER_SCHEDULE, mine, viewer=practice.patient_viewer())
    assert patient.data == {"providerSchedule": None}
    assert [(e.message, e.extensions["code"]) for e in patient.errors] == [
        ("Patients cannot read the practice schedule", "FORBIDDEN")
    ]


LISTS = """query ($l: ID!) {
  scheduleTemplates(locationId: $l) { weekday startTime }
  scheduleNotes(locationId: $l, from: "2030-01-01", to: "2030-01-31") { date note }
  appointmentTypeOverlapRules(locationId: $l) { id location { id } }
}"""


async def test_lists_and_nodes(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    template = await add_template(
        engine, practice.provider, practice.location, 2, time(9), time(10)
    )
    await add_template(engine, practice.provider, practice.location, 0, time(8), time(9))
    note = await insert_row(
        engine, ScheduleNote, organization_id=practice.org.id,
        location_id=practice.location.id, note_date=date(2030, 1, 9), note="Inventory",
    )  # fmt: skip
    await insert_row(
        engine, ScheduleNote, organization_id=practice.org.id,
        location_id=practice.location.id, note_date=date(2030, 2, 1), note="Later",
    )  # fmt: skip
    kind = practice.appointment_type.id
    rule = await insert_row(
        engine, AppointmentTypeOverlapRule, organization_id=practice.org.id,
        appointment_type_a_id=kind, appointment_type_b_id=kind,
    )  # fmt: skip
    location = global_id("Location", practice.location.id)
    result = await execute(LISTS, {"l": location}, viewer=practice.staff)
    assert result.errors is None
    assert result.data == {
        "scheduleTemplates": [
            {"weekday": "MONDAY", "startTime": "08:00:00"},
            {"weekday": "WEDNESDAY", "startTime": "09:00:00"},
        ],
        "scheduleNotes": [{"date": "2030-01-09", "note": "Inventory"}],
        "appointmentTypeOverlapRules": [
            {"id": global_id("AppointmentTypeOverlapRule", rule.id), "location": None}
        ],
    }
    ids = [
        global_id("ProviderScheduleTemplate", template.id),
        global_id("ScheduleNote", note.id),
        global_id("AppointmentTypeOverlapRule", rule.id),
    ]
    nodes = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    mine = await execute(nodes, {"ids": ids}, viewer=practice.staff)
    assert mine.data == {"nodes": [{"id": ident} for ident in ids]}
    for viewer in (other.staff, practice.patient_viewer()):
        hidden = await execute(nodes, {"ids": ids}, viewer=viewer)
        assert hidden.data == {"nodes": [None, None, None]}
    too_long = await execute(
        'query ($l: ID!) { scheduleNotes(locationId: $l, from: "2030-01-01", to: "2031-01-02") '
        "{ id } }",
        {"l": location},
        viewer=practice.staff,
    )
    assert [(e.message, e.extensions["code"]) for e in too_long.errors] == [
        ("At most 366 days at a time", "BAD_USER_INPUT")
    ]
