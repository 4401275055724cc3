"""patients(search:): a word written YYYY-MM-DD also finds the patients born that day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from db.models import Patient
from tests.support.factories import make_patient, make_practice

SEARCH = """query ($s: String) { patients(search: $s, first: 100) {
  totalCount edges { node { firstName lastName dateOfBirth } } } }"""


async def born(engine, patient, day: date) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(Patient).where(Patient.id == patient.id).values(date_of_birth=day)
        )


async def test_a_date_word_finds_patients_born_that_day(engine, execute):
    # given three patients, two born on 1980-04-02 (one a Smith) and one a day later
    practice = await make_practice(engine)
    await born(engine, practice.patient, date(1980, 4, 2))  # Ann Smith
    jones = await make_patient(engine, practice.org, first_name="Bea", last_name="Jones")
    await born(engine, jones, date(1980, 4, 2))
    later = await make_patient(engine, practice.org, first_name="Cy", last_name="Smith")
    await born(engine, later, date(1980, 4, 3))

    async def names(search: str) -> list[str]:
        result = await execute(SEARCH, {"s": search}, viewer=practice.staff)
        assert result.errors is None
        page = result.data["patients"]
        assert page["totalCount"] == len(page["edges"])
        return [edge["node"]["firstName"] for edge in page["edges"]]

    # then the date finds both born that day, by name; with a name, only the one
    assert await names("1980-04-02") == ["Bea", "Ann"]
    assert await names("smith 1980-04-02") == ["Ann"]
    assert await names("1980-04-03") == ["Cy"]
    # and a word that only looks like a date matches no birthday (and is no error)
    assert await names("1980-02-30") == []
