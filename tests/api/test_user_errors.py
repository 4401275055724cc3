"""userErrors speak one dialect (schema/user_errors.py): full input paths, the error's own
code or none (a code a payload does not list is not relabelled VALIDATION), and
UNAUTHENTICATED never in a payload."""

from __future__ import annotations

import enum
import uuid
from typing import cast

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, get_named_type

from resolvers.errors import BadInput, Duplicate, NotFound, SlotTaken, Unauthenticated, Validation
from schema.assembled import schema
from schema.mutations.schedule_common import ScheduleErrorCode
from schema.user_errors import UnlistedCode, user_error
from tests.support.factories import global_id, make_practice
from tests.support.tokens import bearer

MUTATION = cast(GraphQLObjectType, schema._schema.mutation_type)
# What any mutation can answer: a refused input (VALIDATION), a role or ownership refusal
# (FORBIDDEN), and a row deleted by someone else meanwhile (NOT_FOUND, the mutation runner's
# reading of a foreign-key violation).
EVERY_MUTATION = {"VALIDATION", "FORBIDDEN", "NOT_FOUND"}


def payload_codes() -> dict[str, set[str]]:
    """Each mutation's userErrors codes, as the schema lists them."""
    codes = {}
    for name, field in MUTATION.fields.items():
        payload = cast(GraphQLObjectType, get_named_type(field.type))
        error = cast(GraphQLObjectType, get_named_type(payload.fields["userErrors"].type))
        codes[name] = set(cast(GraphQLEnumType, get_named_type(error.fields["code"].type)).values)
    return codes


def test_every_mutation_lists_the_codes_every_mutation_can_answer():
    missing = {name: EVERY_MUTATION - codes for name, codes in payload_codes().items()}
    assert {name: lacking for name, lacking in missing.items() if lacking} == {}


def test_every_mutation_error_type_is_named_like_a_user_error():
    names = {
        get_named_type(
            cast(GraphQLObjectType, get_named_type(field.type)).fields["userErrors"].type
        ).name
        for field in MUTATION.fields.values()
    }
    assert {name for name in names if not name.endswith("UserError")} == set()


def test_user_error_keeps_the_code_and_the_full_path():
    assert user_error(Validation("bad end", field=("slot", "endTime")), ScheduleErrorCode) == (
        ["input", "slot", "endTime"],
        ScheduleErrorCode.VALIDATION,
        "bad end",
    )
    assert user_error(Duplicate("twice"), ScheduleErrorCode) == (
        None,
        ScheduleErrorCode.DUPLICATE,
        "twice",
    )
    # a malformed argument reads VALIDATION, as the input rules' refusals do
    assert user_error(BadInput("Malformed ID", field="noteId"), ScheduleErrorCode) == (
        ["input", "noteId"],
        ScheduleErrorCode.VALIDATION,
        "Malformed ID",
    )
    assert user_error(NotFound("gone"), ScheduleErrorCode)[1] is ScheduleErrorCode.NOT_FOUND


def test_a_code_the_payload_does_not_list_is_a_defect_not_a_validation_error():
    class Narrow(enum.Enum):
        VALIDATION = "VALIDATION"

    with pytest.raises(UnlistedCode):
        user_error(SlotTaken("gone", entry_id=uuid.uuid4()), Narrow)
    with pytest.raises(Unauthenticated):
        user_error(Unauthenticated("A bearer token is required"), Narrow)


async def test_a_nested_input_field_is_named_by_its_full_path(engine, http):
    # given a booking whose slot ends before it starts
    practice = await make_practice(engine)
    response = await http.post(
        "/graphql",
        json={
            "query": (
                "mutation($input: BookAppointmentInput!) { bookAppointment(input: $input) "
                "{ appointment { id } userErrors { field code message } } }"
            ),
            "variables": {
                "input": {
                    "patientId": global_id("Patient", practice.patient.id),
                    "locationId": global_id("Location", practice.location.id),
                    "operatoryId": global_id("Operatory", practice.operatory.id),
                    "providerIds": [global_id("Provider", practice.provider.id)],
                    "slot": {"date": "2030-01-07", "startTime": "10:00", "endTime": "09:00"},
                }
            },
        },
        headers=bearer(practice.staff),
    )
    # then the error points at input.slot.endTime, not a flattened input.endTime
    assert response.json()["data"]["bookAppointment"] == {
        "appointment": None,
        "userErrors": [
            {
                "field": ["input", "slot", "endTime"],
                "code": "VALIDATION",
                "message": "The end must be after the start",
            }
        ],
    }
