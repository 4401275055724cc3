"""Provider roles on multi-provider appointments: the primary is PRIMARY, additional ones are
SECONDARY unless setAppointmentProviders says otherwise; roles survive moves and provider
changes; bad roles are refused and change nothing."""

from __future__ import annotations

from typing import Any

from tests.support.factories import global_id, make_practice, make_provider
from tests.support.lifecycle_documents import booking_input
from tests.support.lifecycle_documents import providers_state as database_state

FIELDS = """id version providerAssignments { provider { id } role }
  history { edges { node { action changes { field before after } } } }"""
BOOK = f"""mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
SET = f"""mutation ($input: SetAppointmentProvidersInput!) {{ setAppointmentProviders(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
MOVE = f"""mutation ($input: MoveAppointmentInput!) {{ moveAppointment(input: $input) {{
  appointment {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""


def roles(appointment: dict[str, Any]) -> list[tuple[str, str]]:
    return [(a["provider"]["id"], a["role"]) for a in appointment["providerAssignments"]]


async def team(engine, execute):
    practice = await make_practice(engine)
    ids = [global_id("Provider", practice.provider.id)]
    for name in ("Second", "Third"):
        provider = await make_provider(
            engine, practice.org, last_name=name, works_at=practice.location
        )
        ids.append(global_id("Provider", provider.id))
    result = await execute(
        BOOK, {"input": booking_input(practice, providerIds=ids)}, viewer=practice.staff
    )
    assert result.errors is None, result.errors
    appointment = result.data["bookAppointment"]["appointment"]
    return practice, ids, appointment


def set_input(appointment, ids, version, **extra) -> dict[str, Any]:
    return {
        "input": {
            "appointmentId": appointment["id"],
            "baseVersion": version,
            "providerIds": ids,
            **extra,
        }
    }


async def test_roles_are_set_kept_and_audited(engine, execute):
    practice, (lead, second, third), appointment = await team(engine, execute)
    assert roles(appointment) == [(lead, "PRIMARY"), (second, "SECONDARY"), (third, "SECONDARY")]
    # staff name the second an assistant; the third keeps its role
    result = await execute(
        SET,
        set_input(
            appointment,
            [lead, second, third],
            1,
            providerRoles=[{"providerId": second, "role": "ASSISTANT"}],
        ),
        viewer=practice.staff,
    )
    changed = result.data["setAppointmentProviders"]["appointment"]
    assert changed["version"] == 2
    assert roles(changed) == [(lead, "PRIMARY"), (second, "ASSISTANT"), (third, "SECONDARY")]
    assert changed["history"]["edges"][-1]["node"] == {
        "action": "PROVIDERS_SET",
        "changes": [
            {
                "field": "providerAssignments",
                "before": {},
                "after": {second: "ASSISTANT"},
            }
        ],
    }
    # the same roles again change nothing
    before = await database_state(engine)
    same = await execute(
        SET,
        set_input(
            appointment,
            [lead, second, third],
            2,
            providerRoles=[{"providerId": second, "role": "ASSISTANT"}],
        ),
        viewer=practice.staff,
    )
    assert same.data["setAppointmentProviders"]["appointment"]["version"] == 2
    assert await database_state(engine) == before
    # a move that reorders the additional providers keeps each one's role
    move = {
        "appointmentId": appointment["id"],
        "baseVersion": 2,
        "slot": {"date": "2030-01-07", "startTime": "11:00"},
        "providerIds": [lead, third, second],
    }
    moved = (await execute(MOVE, {"input": move}, viewer=practice.staff)).data["moveAppointment"]
    assert moved["userErrors"] == []
    assert roles(moved["appointment"]) == [
        (lead, "PRIMARY"),
        (third, "SECONDARY"),
        (second, "ASSISTANT"),
    ]


async def test_bad_roles_are_refused_and_change_nothing(engine, execute):
    practice, (lead, second, third), appointment = await team(engine, execute)
    before = await database_state(engine)
    cases = [
        [{"providerId": lead, "role": "ASSISTANT"}],  # the primary provider
        [{"providerId": second, "role": "PRIMARY"}],
        [{"providerId": second, "role": "ASSISTANT"}, {"providerId": second, "role": "HYGIENIST"}],
        [{"providerId": global_id("Provider", practice.org.id), "role": "ASSISTANT"}],
    ]
    for provider_roles in cases:
        result = await execute(
            SET,
            set_input(appointment, [lead, second, third], 1, providerRoles=provider_roles),
            viewer=practice.staff,
        )
        [error] = result.data["setAppointmentProviders"]["userErrors"]
        assert (error["field"], error["code"]) == (["input", "providerRoles"], "VALIDATION"), error
    assert await database_state(engine) == before
