"""Appointment types' display order, hidden and blockout-only flags, required procedure codes
and time pattern (seed 002): exact data, the name search, refusals that change nothing,
tenancy."""

from __future__ import annotations

from typing import Any

from tests.support.factories import make_practice
from tests.support.setup_documents import setup_state

FIELDS = """id name durationMinutes displayOrder hidden blockoutOnly requiredProcedureCodes
  requiredCodesMatch timePattern { kind minutes } effectiveTimePattern { kind minutes }
  version"""
ERRORS = "userErrors { field code message }"
CREATE = f"""mutation ($input: CreateAppointmentTypeInput!) {{
  createAppointmentType(input: $input) {{ appointmentType {{ {FIELDS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation ($input: UpdateAppointmentTypeInput!) {{
  updateAppointmentType(input: $input) {{ appointmentType {{ {FIELDS} }} {ERRORS} }} }}"""
LIST = """query ($search: String, $hidden: Boolean!) {
  appointmentTypes(search: $search, includeHidden: $hidden) { name } }"""


def new_type(name: str = "Crown prep", **extra: Any) -> dict[str, Any]:
    return {
        "input": {
            "name": name,
            "abbreviation": "CRN",
            "color": "#AA3300",
            "durationMinutes": 45,
            **extra,
        }
    }


async def create(execute, practice, name: str = "Crown prep", **extra: Any) -> dict[str, Any]:
    result = await execute(CREATE, new_type(name, **extra), viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["createAppointmentType"]
    assert payload["userErrors"] == []
    return payload["appointmentType"]


def without_id(kind: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in kind.items() if key != "id"}


async def test_a_type_with_order_flags_required_codes_and_a_time_pattern(engine, execute):
    practice = await make_practice(engine)
    made = await create(
        execute,
        practice,
        displayOrder=3,
        hidden=True,
        blockoutOnly=True,
        requiredProcedureCodes=["d2740", " D2950 ", "D2740"],
        requiredCodesMatch="ANY",
        timePattern=[
            {"kind": "ASSISTANT", "minutes": 10},
            {"kind": "PROVIDER", "minutes": 30},
            {"kind": "OPEN", "minutes": 5},
        ],
    )
    assert without_id(made) == {
        "name": "Crown prep",
        "durationMinutes": 45,
        "displayOrder": 3,
        "hidden": True,
        "blockoutOnly": True,
        "requiredProcedureCodes": ["D2740", "D2950"],
        "requiredCodesMatch": "ANY",
        "timePattern": [
            {"kind": "ASSISTANT", "minutes": 10},
            {"kind": "PROVIDER", "minutes": 30},
            {"kind": "OPEN", "minutes": 5},
        ],
        "effectiveTimePattern": [
            {"kind": "ASSISTANT", "minutes": 10},
            {"kind": "PROVIDER", "minutes": 30},
            {"kind": "OPEN", "minutes": 5},
        ],
        "version": 1,
    }
    plain = await create(execute, practice, "Exam")
    assert without_id(plain) == {
        "name": "Exam",
        "durationMinutes": 45,
        "displayOrder": 0,
        "hidden": False,
        "blockoutOnly": False,
        "requiredProcedureCodes": [],
        "requiredCodesMatch": "ALL",
        "timePattern": [],
        "effectiveTimePattern": [{"kind": "PROVIDER", "minutes": 45}],
        "version": 1,
    }


async def test_update_changes_the_new_fields_and_a_new_duration_needs_its_pattern(engine, execute):
    practice = await make_practice(engine)
    made = await create(execute, practice, timePattern=[{"kind": "PROVIDER", "minutes": 45}])
    base = {"appointmentTypeId": made["id"]}
    before = await setup_state(engine)
    stale_pattern = await execute(
        UPDATE, {"input": {**base, "baseVersion": 1, "durationMinutes": 60}}, viewer=practice.staff
    )
    assert stale_pattern.data["updateAppointmentType"]["userErrors"] == [
        {
            "field": ["input", "timePattern"],
            "code": "VALIDATION",
            "message": "The type's timePattern no longer fills the new duration: give a "
            "timePattern that does (or [] to remove it)",
        }
    ]
    assert await setup_state(engine) == before
    changed = await execute(
        UPDATE,
        {
            "input": {
                **base,
                "baseVersion": 1,
                "durationMinutes": 60,
                "timePattern": [
                    {"kind": "PROVIDER", "minutes": 50},
                    {"kind": "ASSISTANT", "minutes": 10},
                ],
                "displayOrder": 1,
                "requiredProcedureCodes": ["D1110"],
                "hidden": True,
            }
        },
        viewer=practice.staff,
    )
    kind = changed.data["updateAppointmentType"]["appointmentType"]
    assert (kind["durationMinutes"], kind["timePattern"], kind["version"]) == (
        60,
        [{"kind": "PROVIDER", "minutes": 50}, {"kind": "ASSISTANT", "minutes": 10}],
        2,
    )
    assert (kind["displayOrder"], kind["requiredProcedureCodes"], kind["hidden"]) == (
        1,
        ["D1110"],
        True,
    )
    # [] removes the pattern; then any duration goes
    cleared = await execute(
        UPDATE,
        {"input": {**base, "baseVersion": 2, "timePattern": [], "durationMinutes": 47}},
        viewer=practice.staff,
    )
    kind = cleared.data["updateAppointmentType"]["appointmentType"]
    assert (kind["timePattern"], kind["effectiveTimePattern"]) == (
        [],
        [{"kind": "PROVIDER", "minutes": 47}],
    )


async def test_bad_patterns_orders_and_codes_change_nothing(engine, execute):
    practice = await make_practice(engine)
    await create(execute, practice, "Kept")
    before = await setup_state(engine)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (
            {"timePattern": [{"kind": "PROVIDER", "minutes": 30}]},
            "timePattern",
            "timePattern lasts 30 minutes; it must fill the duration (45 minutes)",
        ),
        (
            {"timePattern": [{"kind": "PROVIDER", "minutes": 43}, {"kind": "OPEN", "minutes": 2}]},
            "timePattern",
            "Each part of timePattern lasts a positive multiple of 5 minutes",
        ),
        ({"displayOrder": 1001}, "displayOrder", "displayOrder must be between 0 and 1000"),
        (
            {"requiredProcedureCodes": [f"D{n:04}" for n in range(21)]},
            "requiredProcedureCodes",
            "At most 20 procedure codes",
        ),
    ]
    for extra, field, message in cases:
        result = await execute(CREATE, new_type(**extra), viewer=practice.staff)
        assert result.data["createAppointmentType"]["userErrors"] == [
            {"field": ["input", field], "code": "VALIDATION", "message": message}
        ], extra
    assert await setup_state(engine) == before


async def test_the_list_searches_names_hides_hidden_types_and_keeps_the_order(engine, execute):
    practice = await make_practice(engine)  # it has one type, "Type <n>"
    await create(execute, practice, "Crown prep", displayOrder=2)
    await create(execute, practice, "Crown seat", displayOrder=1)
    await create(execute, practice, "Secret crown", hidden=True)
    await create(execute, practice, "100% fluoride")
    other = await make_practice(engine)
    await create(execute, other, "Crown elsewhere")

    async def names(viewer, search, hidden=False) -> list[str]:
        result = await execute(LIST, {"search": search, "hidden": hidden}, viewer=viewer)
        assert result.errors is None, result.errors
        return [kind["name"] for kind in result.data["appointmentTypes"]]

    assert await names(practice.staff, "CROWN") == ["Crown seat", "Crown prep"]
    assert await names(practice.staff, "crown", hidden=True) == [
        "Secret crown",
        "Crown seat",
        "Crown prep",
    ]
    # LIKE's wildcards are matched as themselves
    assert await names(practice.staff, "0%") == ["100% fluoride"]
    assert await names(practice.staff, "_") == []
    assert await names(practice.staff, "  ") == [
        "100% fluoride",
        practice.appointment_type.name,
        "Crown seat",
        "Crown prep",
    ]
    # another organization's types never show
    assert await names(other.staff, "crown") == ["Crown elsewhere"]
