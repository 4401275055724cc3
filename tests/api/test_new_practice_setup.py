"""A new practice from nothing, over HTTP, with the shared operations only (issue 14): a
location, its operatories, providers, an appointment type, the provider's hours, a patient,
then a slot found by AvailableSlots, booked by BookAppointment and shown by CalendarDay.

Only the organization itself is not made through the API: tenants are provisioned outside it
(the token names the organization), so the test starts from an empty one.
"""

from __future__ import annotations

from typing import Any

import httpx

from resolvers.viewer import Role, Viewer
from tests.support.factories import make_organization
from tests.support.persisted_requests import post_hash, shared
from tests.support.tokens import bearer

MONDAY = "2030-01-07"  # the practice's first working day
WEEK: dict[str, Any] = {"from": MONDAY, "to": "2030-01-13"}


class Client:
    """Posts shared operations by hash with their example variables, changed as asked."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.http = http
        self.headers = headers

    async def run(
        self, operation: str, /, *, drop: tuple[str, ...] = (), **changes: Any
    ) -> dict[str, Any]:
        """The operation's data, its example variables changed (`changes`, at the top level,
        or inside `input` for a mutation's) and without the keys `drop` lists."""
        document, variables = shared(operation)
        target = variables.get("input", variables)
        for key in drop:
            del target[key]
        target.update(changes)
        response = await post_hash(self.http, document, variables, headers=self.headers)
        assert response.status_code == 200, (operation, response.text)
        body = response.json()
        assert "errors" not in body, (operation, body["errors"])
        data: dict[str, Any] = body["data"]
        for payload in data.values():
            if isinstance(payload, dict) and "userErrors" in payload:
                assert payload["userErrors"] == [], (operation, payload["userErrors"])
        return data


async def set_up_practice(client: Client) -> dict[str, Any]:
    """Location, two operatories, two providers, a type, the hygienist's Monday hours and a
    patient, made through the shared operations; each one's created node."""
    created = await client.run("CreateLocation", name="Lakeside", city="Madison")
    location = created["createLocation"]["location"]
    assert (location["name"], location["timeZone"]) == ("Lakeside", "America/Chicago")
    operatories = []
    for n in (1, 2):
        made = await client.run(
            "CreateOperatory",
            locationId=location["id"],
            name=f"Op {n}",
            abbreviation=f"O{n}",
            sortOrder=n,
        )
        operatories.append(made["createOperatory"]["operatory"])
    hygienist = (await client.run("CreateProvider", locationIds=[location["id"]]))[
        "createProvider"
    ]["provider"]
    dentist = (
        await client.run(
            "CreateProvider",
            firstName="Sam",
            lastName="Ortiz",
            abbreviation="SO",
            kind="DENTIST",
            locationIds=[location["id"]],
        )
    )["createProvider"]["provider"]
    assert [p["locations"] for p in (hygienist, dentist)] == [
        [{"id": location["id"], "name": "Lakeside"}]
    ] * 2
    kind = (
        await client.run(
            "CreateAppointmentType",
            drop=("depositAmount", "requiredProcedureCodes", "requiredCodesMatch", "timePattern"),
            name="Cleaning",
            abbreviation="CLN",
            durationMinutes=60,
            modality="IN_PERSON",
            telehealth=False,
            providerIds=[hygienist["id"]],
            locationIds=[location["id"]],
        )
    )["createAppointmentType"]["appointmentType"]
    assert (kind["durationMinutes"], kind["offeredBy"], kind["offeredAt"]) == (
        60,
        [{"id": hygienist["id"]}],
        [{"id": location["id"]}],
    )
    hours = (
        await client.run(
            "CreateScheduleTemplate",
            drop=("note",),
            providerId=hygienist["id"],
            locationId=location["id"],
            weekday="MONDAY",
            startTime="08:00",
            endTime="10:00",
            effectiveFrom="2030-01-01",
        )
    )["createScheduleTemplate"]["template"]
    assert (hours["weekday"], hours["startTime"], hours["endTime"]) == (
        "MONDAY", "08:00:00", "10:00:00")  # fmt: skip
    patient = (await client.run("RegisterPatient"))["registerPatient"]["patient"]
    return {
        "location": location,
        "operatories": operatories,
        "hygienist": hygienist,
        "type": kind,
        "patient": patient,
    }


async def slots_of(client: Client, practice: dict[str, Any]) -> dict[str, Any]:
    """AvailableSlots of the practice's type with the hygienist in the first week."""
    return await client.run(
        "AvailableSlots",
        locationId=practice["location"]["id"],
        appointmentTypeId=practice["type"]["id"],
        providerIds=[practice["hygienist"]["id"]],
        **WEEK,
    )


def offered(slots: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(local date, local start, operatory name) of each slot."""
    return [(s["localDate"], s["localStartTime"], s["operatory"]["name"]) for s in slots]


async def test_a_new_practice_books_its_first_appointment_through_the_api(engine, http):
    # given an empty organization and a staff token of it
    org = await make_organization(engine, name="Lakeside Dental")
    viewer = Viewer(organization_id=org.id, role=Role.STAFF, subject="front-desk")
    client = Client(http, bearer(viewer))
    # when the practice is set up through the shared operations
    practice = await set_up_practice(client)
    location, hygienist = practice["location"], practice["hygienist"]
    # then slot search offers the hygienist's Monday hours, every quarter hour (a visit
    # ending by 10:00), each in the first operatory free
    found = await slots_of(client, practice)
    slots = found["availableSlots"]
    first = slots[0]
    assert (first["localDate"], first["localStartTime"], first["localEndTime"]) == (
        MONDAY,
        "08:00:00",
        "09:00:00",
    )
    assert first["startAt"] == "2030-01-07T14:00:00+00:00"  # 08:00 in Chicago (UTC-6)
    assert first["provider"] == {"id": hygienist["id"], "displayName": "Priya Raman"}
    assert offered(slots) == [
        (MONDAY, start, "Op 1")
        for start in ("08:00:00", "08:15:00", "08:30:00", "08:45:00", "09:00:00")
    ]
    assert found["slotCount"] == 5
    # when the first slot is booked
    booked = await client.run(
        "BookAppointment",
        drop=("tags", "askToArriveMinutes"),
        patientId=practice["patient"]["id"],
        locationId=location["id"],
        operatoryId=first["operatory"]["id"],
        providerIds=[hygienist["id"]],
        appointmentTypeId=practice["type"]["id"],
        slot={"date": MONDAY, "startTime": "08:00"},
        note="First visit",
        idempotencyKey="first-visit",
    )
    appointment = booked["bookAppointment"]["appointment"]
    assert (appointment["status"], appointment["startAt"], appointment["endAt"]) == (
        "SCHEDULED",
        "2030-01-07T14:00:00+00:00",
        "2030-01-07T15:00:00+00:00",
    )
    # then the location's calendar of that day shows it, in its operatory
    day = (await client.run("CalendarDay", locationId=location["id"], date=MONDAY))["calendarDay"]
    assert (day["date"], day["timeZone"]) == (MONDAY, "America/Chicago")
    assert [(op["name"], op["abbreviation"], op["sortOrder"]) for op in day["operatories"]] == [
        ("Op 1", "O1", 1),
        ("Op 2", "O2", 2),
    ]
    (shown,) = day["appointments"]
    assert {
        key: shown[key]
        for key in ("id", "localStartTime", "localEndTime", "durationMinutes", "status", "note")
    } == {
        "id": appointment["id"],
        "localStartTime": "08:00:00",
        "localEndTime": "09:00:00",
        "durationMinutes": 60,
        "status": "SCHEDULED",
        "note": "First visit",
    }
    assert shown["operatory"] == {"id": first["operatory"]["id"], "abbreviation": "O1"}
    assert (shown["patient"]["firstName"], shown["patient"]["lastName"]) == ("Noor", "Haddad")
    assert shown["patient"]["chartNumber"] == "NEW-0001"
    assert shown["appointmentType"]["name"] == "Cleaning"
    assert shown["primaryProvider"]["id"] == hygienist["id"]
    # and the hygienist, busy until 09:00, is offered from then on only
    again = await slots_of(client, practice)
    assert offered(again["availableSlots"]) == [(MONDAY, "09:00:00", "Op 1")]
    assert again["slotCount"] == 1
