"""registerPatient without a chart number: the next of the organization's generated numbers,
one each also under concurrency, skipping numbers typed in by hand."""

from __future__ import annotations

import asyncio

from tests.support.factories import make_practice
from tests.support.setup_documents import REGISTER_PATIENT
from tests.support.tokens import bearer

NEW = {"firstName": "Ada", "lastName": "Byron"}


async def register(execute, practice, **extra) -> dict:
    result = await execute(REGISTER_PATIENT, {"input": {**NEW, **extra}}, viewer=practice.staff)
    return result.data["registerPatient"]


async def test_generated_chart_numbers_count_per_organization(engine, execute, http):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    first = await register(execute, practice)
    assert (first["userErrors"], first["patient"]["chartNumber"]) == ([], "P000001")
    second = await http.post(
        "/graphql",
        json={"query": REGISTER_PATIENT, "variables": {"input": NEW}},
        headers=bearer(practice.staff),
    )
    assert second.json()["data"]["registerPatient"]["patient"]["chartNumber"] == "P000002"
    # another organization counts on its own
    assert (await register(execute, other))["patient"]["chartNumber"] == "P000001"
    # a number typed in by hand in the generated form is skipped
    typed = await register(execute, practice, chartNumber="P000003")
    assert typed["patient"]["chartNumber"] == "P000003"
    assert (await register(execute, practice))["patient"]["chartNumber"] == "P000004"
    # and a hand-typed number that is taken stays DUPLICATE
    taken = await register(execute, practice, chartNumber="P000004")
    assert taken == {
        "patient": None,
        "userErrors": [
            {
                "field": ["input", "chartNumber"],
                "code": "DUPLICATE",
                "message": "Another patient has this chart number",
            }
        ],
    }


async def test_concurrent_registrations_take_one_number_each(engine, execute):
    practice = await make_practice(engine)
    results = await asyncio.gather(*(register(execute, practice) for _ in range(8)))
    assert all(result["userErrors"] == [] for result in results)
    numbers = sorted(result["patient"]["chartNumber"] for result in results)
    assert numbers == [f"P{n:06d}" for n in range(1, 9)]
