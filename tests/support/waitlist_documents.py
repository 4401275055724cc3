"""GraphQL documents and helpers shared by the waitlist tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.support.factories import Practice, global_id

ENTRY = "id status version urgency daysWaiting patientResponse"
# Every preference a client can set, for exact read-backs.
PREFERENCES = """id status version priority urgency dateFrom dateTo preferredDays
  preferredStartTime preferredEndTime estimatedDurationMinutes treatmentValue note
  provider { id } appointmentType { id }"""
ERRORS = "userErrors { field code message }"
ADD = f"""mutation ($input: AddToWaitlistInput!) {{
  addToWaitlist(input: $input) {{ waitlistEntry {{ {ENTRY} }} {ERRORS} }} }}"""
CONTACT = f"""mutation ($input: LogWaitlistContactInput!) {{
  logWaitlistContact(input: $input) {{ waitlistEntry {{ {ENTRY} }} {ERRORS} }} }}"""
OFFER = f"""mutation ($input: OfferWaitlistSlotInput!) {{
  offerWaitlistSlot(input: $input) {{ waitlistEntry {{ {ENTRY} offeredStartAt }} {ERRORS} }} }}"""
RESPOND = f"""mutation ($input: RecordWaitlistResponseInput!) {{
  recordWaitlistResponse(input: $input) {{
    waitlistEntry {{ {ENTRY} linkedAppointment {{ id }} }} appointment {{ id }} {ERRORS} }} }}"""
REMOVE = f"""mutation ($input: RemoveFromWaitlistInput!) {{
  removeFromWaitlist(input: $input) {{ waitlistEntry {{ {ENTRY} }} {ERRORS} }} }}"""
BULK = f"""mutation ($input: BulkRemoveFromWaitlistInput!) {{
  bulkRemoveFromWaitlist(input: $input) {{ removed {{ {ENTRY} }} skippedIds {ERRORS} }} }}"""
UPDATE = f"""mutation ($input: UpdateWaitlistEntryInput!) {{
  updateWaitlistEntry(input: $input) {{ waitlistEntry {{ {PREFERENCES} }} {ERRORS} }} }}"""
READ = f"""query ($id: ID!) {{ node(id: $id) {{ ... on WaitlistEntry {{
  {PREFERENCES} history {{ edges {{ node {{ action actor changes {{ field before after }} }} }} }}
}} }} }}"""

START = "2030-01-07T15:00:00+00:00"  # 09:00 in Chicago
END = "2030-01-07T16:00:00+00:00"
TABLES = {
    "waitlist_entries": "id",
    "waitlist_contacts": "id",
    "waitlist_history": "id",
    "appointments": "id",
    "idempotency_keys": "organization_id, actor, key",
}


def data(result: Any, name: str) -> dict[str, Any]:
    """The mutation's or query's payload; fails on top-level errors."""
    assert result.errors is None, result.errors
    payload: dict[str, Any] = result.data[name]
    return payload


def add_input(practice: Practice, **overrides: Any) -> dict[str, Any]:
    """addToWaitlist variables: the practice's patient, location and type, SOON."""
    return {
        "input": {
            "patientId": global_id("Patient", practice.patient.id),
            "homeLocationId": global_id("Location", practice.location.id),
            "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
            "urgency": "SOON",
            **overrides,
        }
    }


async def add(execute: Any, practice: Practice, **overrides: Any) -> dict[str, Any]:
    """A new waiting entry."""
    result = await execute(ADD, add_input(practice, **overrides), viewer=practice.staff)
    payload = data(result, "addToWaitlist")
    assert payload["userErrors"] == []
    entry: dict[str, Any] = payload["waitlistEntry"]
    return entry


async def contacted(execute: Any, practice: Practice, entry: dict[str, Any]) -> dict[str, Any]:
    """The entry after a phone contact."""
    variables = {"input": {"waitlistEntryId": entry["id"], "method": "PHONE"}}
    payload = data(await execute(CONTACT, variables, viewer=practice.staff), "logWaitlistContact")
    assert payload["userErrors"] == []
    result: dict[str, Any] = payload["waitlistEntry"]
    return result


def offer_input(practice: Practice, entry: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """offerWaitlistSlot variables for START-END in the practice's operatory."""
    return {
        "input": {
            "waitlistEntryId": entry["id"],
            "baseVersion": entry["version"],
            "operatoryId": global_id("Operatory", practice.operatory.id),
            "providerId": global_id("Provider", practice.provider.id),
            "startAt": START,
            "endAt": END,
            **overrides,
        }
    }


async def offered(execute: Any, practice: Practice, entry: dict[str, Any]) -> dict[str, Any]:
    """The (contacted) entry after an offer of START-END."""
    result = await execute(OFFER, offer_input(practice, entry), viewer=practice.staff)
    payload = data(result, "offerWaitlistSlot")
    assert payload["userErrors"] == []
    offer: dict[str, Any] = payload["waitlistEntry"]
    return offer


def respond_input(entry: dict[str, Any], response: str, **overrides: Any) -> dict[str, Any]:
    """recordWaitlistResponse variables."""
    return {
        "input": {
            "waitlistEntryId": entry["id"],
            "baseVersion": entry["version"],
            "response": response,
            **overrides,
        }
    }


def update_input(entry: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """updateWaitlistEntry variables based on the entry's version."""
    return {"input": {"waitlistEntryId": entry["id"], "baseVersion": entry["version"], **changes}}


async def update(
    execute: Any, practice: Practice, entry: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    """The updateWaitlistEntry payload (staff)."""
    result = await execute(UPDATE, update_input(entry, **changes), viewer=practice.staff)
    return data(result, "updateWaitlistEntry")


def entry_error(code: str, message: str, field: str | None) -> dict[str, Any]:
    """The payload of a one-entry mutation that changed nothing."""
    return {
        "waitlistEntry": None,
        "userErrors": [
            {"field": ["input", field] if field else None, "code": code, "message": message}
        ],
    }


async def read_entry(execute: Any, practice: Practice, entry_id: str) -> dict[str, Any]:
    """The entry's preferences and history, read back through `node`."""
    result = await execute(READ, {"id": entry_id}, viewer=practice.staff)
    node: dict[str, Any] = data(result, "node")
    return node


async def state(engine: Any) -> tuple[Any, ...]:
    """Every waitlist, appointment and idempotency row: to prove that nothing changed."""
    async with engine.connect() as connection:
        tables = []
        for table, order in TABLES.items():
            rows = await connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
            tables.append(tuple(rows.all()))
    return tuple(tables)


async def count(engine: Any, table: str) -> int:
    """How many rows a table holds."""
    async with engine.connect() as connection:
        value = await connection.scalar(text(f"SELECT count(*) FROM {table}"))
    return int(value)
