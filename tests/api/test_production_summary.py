"""productionSummary: hand-computed totals per provider and local day, filters and limits."""

from __future__ import annotations

from datetime import date

import pytest

from scheduling.appointment_status import AppointmentStatus as S
from tests.support.factories import global_id, make_practice, make_provider
from tests.support.graphql_errors import codes
from tests.support.production_documents import make_goal, make_priced, utc

FIGURES = "scheduled completed lost goal attainment"
SUMMARY = f"""
query ($locationId: ID!, $from: Date!, $to: Date!, $providerId: ID) {{
  productionSummary(locationId: $locationId, from: $from, to: $to, providerId: $providerId) {{
    from to {FIGURES} provider {{ lastName }}
    byProvider {{ provider {{ lastName }} {FIGURES} }}
    byDay {{ date {FIGURES} }}
  }}
}}
"""


def figures(scheduled="0.00", completed="0.00", lost="0.00", goal="0.00", attainment=None):
    return {"scheduled": scheduled, "completed": completed, "lost": lost, "goal": goal,
            "attainment": attainment}  # fmt: skip


async def summary(execute, practice, first="2026-11-01", last="2026-11-03", **options):
    variables = {
        "locationId": options.get("location_id") or global_id("Location", practice.location.id),
        "from": first,
        "to": last,
        "providerId": options.get("provider_id"),
    }
    return await execute(SUMMARY, variables, viewer=options.get("viewer") or practice.staff)


async def november_practice(engine):
    """Two providers' production and goals on Nov 1-3 in Chicago, plus rows outside."""
    practice = await make_practice(engine)  # provider Lee
    adams = await make_provider(engine, practice.org, last_name="Adams")
    zimmer = await make_provider(engine, practice.org, last_name="Zimmer")
    for instant, status, amount, provider in [
        (utc(2026, 11, 2, 5, 30), S.SCHEDULED, "100.00", None),  # Nov 1 23:30 CST
        (utc(2026, 11, 2, 15), S.COMPLETE, "300.00", None),
        (utc(2026, 11, 2, 16), S.BROKEN, "50.00", None),
        (utc(2026, 11, 2, 17), S.COMPLETE, "200.00", adams),
        (utc(2026, 11, 3, 15), S.CANCELLED, "25.50", adams),
        (utc(2026, 11, 3, 16), S.PLANNED, "75.25", adams),
        (utc(2026, 11, 3, 17), S.HOLD, "999.00", None),  # a hold is not production yet
        (utc(2026, 11, 3, 18), S.UNSCHEDULED, "44.00", None),  # off the grid: neither
        (utc(2026, 11, 1, 4, 30), S.COMPLETE, "1000.00", None),  # Oct 31 23:30 CDT
        (utc(2026, 11, 4, 6), S.COMPLETE, "1000.00", None),  # Nov 4 00:00 CST
    ]:
        await make_priced(
            engine, practice, instant, status=status, amount=amount, provider=provider
        )
    for day, amount, provider in [
        (date(2026, 11, 2), "400.00", None), (date(2026, 11, 2), "200.00", adams),
        (date(2026, 11, 3), "100.00", None), (date(2026, 11, 3), "0.00", zimmer),
        (date(2026, 10, 31), "999.00", None), (date(2026, 11, 4), "999.00", None),
    ]:  # fmt: skip
        await make_goal(engine, practice, day, amount, provider=provider)
    stranger = await make_practice(engine)
    await make_priced(engine, stranger, utc(2026, 11, 2, 15), status=S.COMPLETE, amount="5000")
    await make_goal(engine, stranger, date(2026, 11, 2), "5000.00")
    return practice, adams


async def test_totals_per_provider_and_per_local_day(engine, execute):
    # given two providers' appointments and goals (and some outside the range)
    practice, _ = await november_practice(engine)
    # when Nov 1-3 is summarized
    result = await summary(execute, practice)
    # then every figure is as computed by hand; attainment is completed / goal
    assert result.errors is None, result.errors
    assert result.data["productionSummary"] == {
        "from": "2026-11-01", "to": "2026-11-03", "provider": None,
        **figures("175.25", "500.00", "75.50", "700.00", 0.7143),
        "byProvider": [
            {"provider": {"lastName": "Adams"}, **figures("75.25", "200.00", "25.50", "200.00", 1.0)},
            {"provider": {"lastName": "Lee"}, **figures("100.00", "300.00", "50.00", "500.00", 0.6)},
            {"provider": {"lastName": "Zimmer"}, **figures()},
        ],
        "byDay": [
            {"date": "2026-11-01", **figures(scheduled="100.00")},
            {"date": "2026-11-02", **figures("0.00", "500.00", "50.00", "600.00", 0.8333)},
            {"date": "2026-11-03", **figures("75.25", "0.00", "25.50", "100.00", 0.0)},
        ],
    }  # fmt: skip


async def test_one_providers_summary(engine, execute):
    practice, _ = await november_practice(engine)
    lee = global_id("Provider", practice.provider.id)
    result = await summary(execute, practice, provider_id=lee)
    assert result.errors is None, result.errors
    assert result.data["productionSummary"] == {
        "from": "2026-11-01", "to": "2026-11-03", "provider": {"lastName": "Lee"},
        **figures("100.00", "300.00", "50.00", "500.00", 0.6),
        "byProvider": [{"provider": {"lastName": "Lee"},
                        **figures("100.00", "300.00", "50.00", "500.00", 0.6)}],
        "byDay": [
            {"date": "2026-11-01", **figures(scheduled="100.00")},
            {"date": "2026-11-02", **figures("0.00", "300.00", "50.00", "400.00", 0.75)},
            {"date": "2026-11-03", **figures(goal="100.00", attainment=0.0)},
        ],
    }  # fmt: skip


async def test_an_empty_range_has_zeros_and_no_attainment(engine, execute):
    practice = await make_practice(engine)
    result = await summary(execute, practice, "2026-03-07", "2026-03-08")
    assert result.errors is None, result.errors
    data = result.data["productionSummary"]
    assert {key: data[key] for key in ("scheduled", "goal", "attainment")} == {
        "scheduled": "0.00", "goal": "0.00", "attainment": None,
    }  # fmt: skip
    assert data["byProvider"] == []
    assert [day["date"] for day in data["byDay"]] == ["2026-03-07", "2026-03-08"]


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        ("2026-01-01", "2027-01-01", None),  # 366 days: the most allowed
        ("2026-01-01", "2027-01-02", "VALIDATION"),
        ("2026-11-03", "2026-11-02", "VALIDATION"),
    ],
)
async def test_the_range_is_ordered_and_at_most_366_days(engine, execute, first, last, code):
    practice = await make_practice(engine)
    result = await summary(execute, practice, first, last)
    assert codes(result) == ([code] if code else [])


async def test_patients_are_forbidden_and_foreign_ids_give_null(engine, execute):
    practice, _ = await november_practice(engine)
    stranger = await make_practice(engine)
    denied = await summary(execute, practice, viewer=practice.patient_viewer())
    assert codes(denied) == ["FORBIDDEN"]
    assert denied.data is None or denied.data["productionSummary"] is None
    foreign_location = global_id("Location", stranger.location.id)
    result = await summary(execute, practice, location_id=foreign_location)
    assert (result.errors, result.data) == (None, {"productionSummary": None})
    foreign_provider = global_id("Provider", stranger.provider.id)
    result = await summary(execute, practice, provider_id=foreign_provider)
    assert (result.errors, result.data) == (None, {"productionSummary": None})
    wrong_kind = await summary(execute, practice, location_id=foreign_provider)
    assert codes(wrong_kind) == ["BAD_USER_INPUT"]
