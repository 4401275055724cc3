"""A provider's time within a visit: set with setAppointmentProviders' providerRoles, read as
offsets and instants on providerAssignments, kept through role changes and moves (it follows
the visit), refused outside the visit with nothing changed."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_practice, make_provider
from tests.support.lifecycle_documents import booking_input
from tests.support.lifecycle_documents import providers_state as state

ASSIGNMENTS = """providerAssignments { provider { id } role startOffsetMinutes
  endOffsetMinutes startAt endAt }"""
FIELDS = f"""id version startAt endAt {ASSIGNMENTS}
  history {{ edges {{ node {{ action changes {{ field before after }} }} }} }}"""
BOOK = f"""mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
SET = f"""mutation ($input: SetAppointmentProvidersInput!) {{
  setAppointmentProviders(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
MOVE = f"""mutation ($input: MoveAppointmentInput!) {{ moveAppointment(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
READ = f"""query ($id: ID!) {{ node(id: $id) {{ ... on Appointment {{ {ASSIGNMENTS} }} }} }}"""


async def trio(engine, execute) -> tuple[Any, list[str], dict[str, Any]]:
    """A 60-minute visit 09:00-10:00 Chicago (15:00-16:00 UTC) with a lead and two others."""
    practice = await make_practice(engine)
    ids = [global_id("Provider", practice.provider.id)]
    for name in ("Assistant", "Hygienist"):
        provider = await make_provider(
            engine, practice.org, last_name=name, works_at=practice.location
        )
        ids.append(global_id("Provider", provider.id))
    result = await execute(
        BOOK, {"input": booking_input(practice, providerIds=ids)}, viewer=practice.staff
    )
    assert result.errors is None, result.errors
    return practice, ids, result.data["bookAppointment"]["appointment"]


def assignment(provider: str, role: str, offsets=(None, None), at=("15:00", "16:00")) -> dict:
    return {
        "provider": {"id": provider},
        "role": role,
        "startOffsetMinutes": offsets[0],
        "endOffsetMinutes": offsets[1],
        "startAt": f"2030-01-07T{at[0]}:00+00:00",
        "endAt": f"2030-01-07T{at[1]}:00+00:00",
    }


def set_input(appointment, ids, version, roles) -> dict[str, Any]:
    return {
        "input": {
            "appointmentId": appointment["id"],
            "baseVersion": version,
            "providerIds": ids,
            "providerRoles": roles,
        }
    }


async def test_time_ranges_are_set_read_kept_and_follow_a_move(engine, execute):
    practice, (lead, helper, hygienist), appointment = await trio(engine, execute)
    assert appointment["providerAssignments"] == [
        assignment(lead, "PRIMARY"),
        assignment(helper, "SECONDARY"),
        assignment(hygienist, "SECONDARY"),
    ]
    roles = [{"providerId": helper, "role": "ASSISTANT", "startOffsetMinutes": 0,
              "endOffsetMinutes": 20}]  # fmt: skip
    result = await execute(
        SET, set_input(appointment, [lead, helper, hygienist], 1, roles), viewer=practice.staff
    )
    changed = result.data["setAppointmentProviders"]["appointment"]
    assert changed["version"] == 2
    assert changed["providerAssignments"] == [
        assignment(lead, "PRIMARY"),
        assignment(helper, "ASSISTANT", (0, 20), ("15:00", "15:20")),
        assignment(hygienist, "SECONDARY"),
    ]
    assert changed["history"]["edges"][-1]["node"]["changes"] == [
        {"field": "providerAssignments", "before": {}, "after": {helper: "ASSISTANT"}},
        {"field": "providerAssignments", "before": {}, "after": {helper: [0, 20]}},
    ]
    # naming the hygienist alone keeps the assistant's range
    roles = [{"providerId": hygienist, "role": "HYGIENIST", "startOffsetMinutes": 30,
              "endOffsetMinutes": 60}]  # fmt: skip
    result = await execute(
        SET, set_input(appointment, [lead, helper, hygienist], 2, roles), viewer=practice.staff
    )
    assert result.data["setAppointmentProviders"]["appointment"]["providerAssignments"] == [
        assignment(lead, "PRIMARY"),
        assignment(helper, "ASSISTANT", (0, 20), ("15:00", "15:20")),
        assignment(hygienist, "HYGIENIST", (30, 60), ("15:30", "16:00")),
    ]
    # a move to 11:00 carries the ranges along; a shorter visit cuts them at its end
    move = {
        "appointmentId": appointment["id"],
        "baseVersion": 3,
        "slot": {"date": "2030-01-07", "startTime": "11:00", "endTime": "11:45"},
    }
    moved = (await execute(MOVE, {"input": move}, viewer=practice.staff)).data["moveAppointment"]
    assert moved["userErrors"] == []
    read = await execute(READ, {"id": appointment["id"]}, viewer=practice.staff)
    assert read.data["node"]["providerAssignments"] == [
        assignment(lead, "PRIMARY", at=("17:00", "17:45")),
        assignment(helper, "ASSISTANT", (0, 20), ("17:00", "17:20")),
        assignment(hygienist, "HYGIENIST", (30, 60), ("17:30", "17:45")),
    ]
    # naming the assistant without offsets gives it the whole visit again
    roles = [{"providerId": helper, "role": "ASSISTANT"}]
    result = await execute(
        SET, set_input(appointment, [lead, helper, hygienist], 4, roles), viewer=practice.staff
    )
    after = result.data["setAppointmentProviders"]["appointment"]["providerAssignments"]
    assert after[1] == assignment(helper, "ASSISTANT", at=("17:00", "17:45"))


async def test_ranges_outside_the_visit_are_refused_and_change_nothing(engine, execute):
    practice, (lead, helper, hygienist), appointment = await trio(engine, execute)
    before = await state(engine)
    for start, end in ((0, 61), (30, 30), (45, 15), (-5, 10), (10, None)):
        roles = [
            {
                "providerId": helper,
                "role": "ASSISTANT",
                "startOffsetMinutes": start,
                "endOffsetMinutes": end,
            }
        ]
        result = await execute(
            SET, set_input(appointment, [lead, helper, hygienist], 1, roles), viewer=practice.staff
        )
        [error] = result.data["setAppointmentProviders"]["userErrors"]
        assert (error["field"], error["code"]) == (["input", "providerRoles"], "VALIDATION")
    assert await state(engine) == before
    # another organization's staff cannot reach the appointment
    other = await make_practice(engine)
    roles = [{"providerId": helper, "role": "ASSISTANT", "startOffsetMinutes": 0,
              "endOffsetMinutes": 10}]  # fmt: skip
    refused = await execute(
        SET, set_input(appointment, [lead, helper, hygienist], 1, roles), viewer=other.staff
    )
    assert refused.data["setAppointmentProviders"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await state(engine) == before
