"""quickFill and the openingMatches of cancel/move payloads, on PostgreSQL, with exact rankings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.support.factories import global_id, make_location, make_patient, make_practice
from tests.support.graphql_errors import codes
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.waitlist_documents import add

MATCH = """entry { id } quality providerMatch locationMatch durationFit
           score { urgency priority daysWaiting fit total }"""
QUICK_FILL = (
    f"""query ($opening: QuickFillInput!) {{ quickFill(opening: $opening) {{ {MATCH} }} }}"""
)
CANCEL = f"""mutation ($input: CancelAppointmentInput!) {{
  cancelAppointment(input: $input) {{ appointment {{ id }} userErrors {{ code }}
                                      openingMatches {{ {MATCH} }} }} }}"""
MOVE = f"""mutation ($input: MoveAppointmentInput!) {{
  moveAppointment(input: $input) {{ appointment {{ startAt }} userErrors {{ code }}
                                    openingMatches {{ {MATCH} }} }} }}"""


def expected(entry, quality, provider, location, urgency, priority, fit) -> dict[str, Any]:
    return {
        "entry": {"id": entry["id"]},
        "quality": quality,
        "providerMatch": provider,
        "locationMatch": location,
        "durationFit": "FITS",
        "score": {
            "urgency": urgency,
            "priority": priority,
            "daysWaiting": 0,
            "fit": fit,
            "total": urgency + priority + fit,
        },
    }


async def waitlist(engine, execute, practice) -> dict[str, Any]:
    """Entries for the Monday 2030-01-07 09:00-10:00 opening with the practice's provider/type."""
    org = practice.org

    async def patient(name: str) -> str:
        return global_id("Patient", (await make_patient(engine, org, first_name=name)).id)

    provider = global_id("Provider", practice.provider.id)
    other = await make_location(engine, org, name="Uptown")
    return {
        "exact": await add(execute, practice, providerId=provider),  # SOON
        "urgent_tuesday": await add(
            execute,
            practice,
            patientId=await patient("Bo"),
            urgency="URGENT",
            preferredDays=["TUESDAY"],
        ),
        "untyped": await add(
            execute,
            practice,
            patientId=await patient("Cy"),
            appointmentTypeId=None,
            urgency="ROUTINE",
            priority=12,
        ),
        "too_long": await add(
            execute, practice, patientId=await patient("Di"), estimatedDurationMinutes=90
        ),
        "later": await add(execute, practice, patientId=await patient("Ed"), dateFrom="2030-02-01"),
        "elsewhere": await add(
            execute,
            practice,
            patientId=await patient("Flo"),
            homeLocationId=global_id("Location", other.id),
            locationScope="ANY",
            appointmentTypeId=None,
            urgency="URGENT",
        ),
    }


def opening(practice, **extra: Any) -> dict[str, Any]:
    return {
        "opening": {
            "locationId": global_id("Location", practice.location.id),
            "date": "2030-01-07",
            "startTime": "09:00",
            "endTime": "10:00",
            "providerId": global_id("Provider", practice.provider.id),
            "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
            **extra,
        }
    }


async def test_quick_fill_ranks_the_opening(engine, execute):
    practice = await make_practice(engine)
    entries = await waitlist(engine, execute, practice)
    # urgent 40 + fit (ANY 5 + type 10 + HOME 5) = 60, one miss (Tuesday only): GOOD;
    # soon 30 + fit (EXACT 10 + type 10 + HOME 5) = 55: EXCELLENT;
    # routine 20 + 12 // 5 = 2 + fit (ANY 5 + HOME 5) = 32: EXCELLENT.
    urgent = expected(entries["urgent_tuesday"], "GOOD", "ANY", "HOME", 40, 0, 20)
    exact = expected(entries["exact"], "EXCELLENT", "EXACT", "HOME", 30, 0, 25)
    untyped = expected(entries["untyped"], "EXCELLENT", "ANY", "HOME", 20, 2, 10)
    result = await execute(QUICK_FILL, opening(practice), viewer=practice.staff)
    assert result.errors is None, result.errors
    assert result.data["quickFill"] == [urgent, exact, untyped]
    # Across locations the ANY-scope entry of another home joins: 40 + fit (ANY 5 + ANY 0).
    elsewhere = expected(entries["elsewhere"], "GOOD", "ANY", "ANY", 40, 0, 5)
    result = await execute(QUICK_FILL, opening(practice, crossLocation=True), viewer=practice.staff)
    assert result.data["quickFill"] == [urgent, exact, elsewhere, untyped]
    result = await execute(QUICK_FILL, opening(practice, first=2), viewer=practice.staff)
    assert result.data["quickFill"] == [urgent, exact]
    # A 2-hour opening fits the 90-minute visit too (soon 30 + fit 20).
    result = await execute(QUICK_FILL, opening(practice, endTime="11:00"), viewer=practice.staff)
    too_long = expected(entries["too_long"], "EXCELLENT", "ANY", "HOME", 30, 0, 20)
    assert result.data["quickFill"] == [urgent, exact, too_long, untyped]


async def test_quick_fill_is_for_staff_and_checks_input(engine, execute):
    practice = await make_practice(engine)
    await add(execute, practice)
    result = await execute(QUICK_FILL, opening(practice), viewer=practice.patient_viewer())
    assert codes(result) == ["FORBIDDEN"]
    result = await execute(QUICK_FILL, opening(practice, first=0), viewer=practice.staff)
    assert codes(result) == ["VALIDATION"]
    result = await execute(QUICK_FILL, opening(practice, endTime="08:00"), viewer=practice.staff)
    assert codes(result) == ["VALIDATION"]
    spring_gap = opening(practice, date="2030-03-10", startTime="02:30", endTime="03:30")
    assert codes(await execute(QUICK_FILL, spring_gap, viewer=practice.staff)) == ["DST_GAP"]


async def test_cancel_payload_lists_the_matches_for_the_freed_slot(engine, execute):
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    entries = await waitlist(engine, execute, practice)
    variables = {"input": {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PRACTICE"}}
    result = await execute(CANCEL, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["cancelAppointment"]
    assert payload["userErrors"] == []
    assert payload["openingMatches"] == [
        expected(entries["urgent_tuesday"], "GOOD", "ANY", "HOME", 40, 0, 20),
        expected(entries["exact"], "EXCELLENT", "EXACT", "HOME", 30, 0, 25),
        expected(entries["untyped"], "EXCELLENT", "ANY", "HOME", 20, 2, 10),
    ]
    again = await execute(CANCEL, variables, viewer=practice.staff)
    assert again.data["cancelAppointment"]["userErrors"] == [{"code": "VERSION_CONFLICT"}]
    assert again.data["cancelAppointment"]["openingMatches"] == []


async def test_move_payload_lists_the_matches_for_the_old_slot(engine, execute):
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    early = await add(execute, practice, preferredEndTime="10:00", urgency="ROUTINE")
    variables = {
        "input": {
            "appointmentId": ident,
            "baseVersion": 1,
            "slot": {"date": "2030-01-07", "startTime": "11:00"},
        }
    }
    result = await execute(MOVE, variables, viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["moveAppointment"]
    assert payload["appointment"]["startAt"] == "2030-01-07T17:00:00+00:00"
    # routine 20 + fit (ANY 5 + type 10 + HOME 5 + inside the 09:00-10:00 window 5).
    assert payload["openingMatches"] == [expected(early, "EXCELLENT", "ANY", "HOME", 20, 0, 25)]


async def test_days_waiting_count_local_dates(engine, execute):
    # given an entry added at 23:30 Chicago time yesterday (already today's date in UTC)
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE waitlist_entries SET created_at = "
                "(date_trunc('day', now() AT TIME ZONE 'America/Chicago') - interval '30 minutes')"
                " AT TIME ZONE 'America/Chicago'"
            )
        )
    # when the entry is read
    result = await execute(
        """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
          daysWaiting score { urgency priority daysWaiting total } } } }""",
        {"id": entry["id"]},
        viewer=practice.staff,
    )
    # then it has waited one local day, not zero, and its standing score counts that day
    assert result.data["node"] == {
        "daysWaiting": 1,
        "score": {"urgency": 30, "priority": 0, "daysWaiting": 1, "total": 31},
    }
