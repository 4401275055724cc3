"""Every root field and mutation, called by every role and without a token, answers as its
declared Access says (resolvers/access.py, enforced by schema/permissions.py).

The fields are enumerated from the schema, so a new one is covered (or fails for lack of a
declaration) without editing this file. Arguments are generated from the argument types, with
the practice's own rows where an ID names one, so that a refused mutation would change
something if the refusal failed.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    Undefined,
)

from resolvers.access import Access
from resolvers.viewer import Role, Viewer
from schema.permissions import MissingAccess, declared_access, enforce_access
from tests.support.database import snapshot
from tests.support.factories import Practice, global_id
from tests.support.root_fields import (
    ID_TYPES,
    MUTATION,
    QUERY,
    practice_rows,
    root_fields,
    selection,
)

ROLES: list[Role | None] = [None, Role.STAFF, Role.STAFF_ADMIN, Role.INTEGRATION, Role.PATIENT]
SCALARS = {
    "Int": "1",
    "Float": "1.0",
    "String": '"x"',
    "Boolean": "false",
    "Date": '"2030-01-07"',
    "DateOrDateTime": '"2030-01-07"',
    "DateTime": '"2030-01-07T15:00:00Z"',
    "Time": '"09:00:00"',
    "Decimal": '"1"',
    "JSON": "{}",
}


def access_of(operation: str, name: str) -> Access:
    root = QUERY if operation == "query" else MUTATION
    access = declared_access(root.fields[name].extensions["strawberry-definition"])
    assert access is not None, f"{operation} {name} declares no Access"
    return access


def allowed(call: tuple[str, str], role: Role) -> bool:
    return access_of(*call).allows(role)


def refusals() -> set[str]:
    """Every refusal message a declaration gives."""
    return {access_of(op, name).refusal for op, name in root_fields()} - {""}


class Arguments:
    """GraphQL literals for a field's required arguments, naming the practice's rows."""

    def __init__(self, rows: dict[str, str]) -> None:
        self.rows = rows

    def of(self, field: GraphQLField) -> str:
        required = [
            f"{name}: {self.value(name, arg.type)}"
            for name, arg in field.args.items()
            if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        ]
        return f"({', '.join(required)})" if required else ""

    def value(self, name: str, kind: GraphQLInputType) -> str:
        if isinstance(kind, GraphQLNonNull):
            return self.value(name, kind.of_type)
        if isinstance(kind, GraphQLList):
            return f"[{self.value(name, kind.of_type)}]"
        if isinstance(kind, GraphQLInputObjectType):
            fields = [
                f"{key}: {self.value(key, field.type)}"
                for key, field in kind.fields.items()
                if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
            ]
            return "{" + ", ".join(fields) + "}"
        if isinstance(kind, GraphQLEnumType):
            return next(iter(kind.values))
        if kind.name == "ID":
            type_name = ID_TYPES[name]
            return f'"{self.rows.get(type_name) or global_id(type_name, uuid.uuid4())}"'
        return SCALARS[kind.name]


def document(operation: str, name: str, arguments: Arguments) -> str:
    root = QUERY if operation == "query" else MUTATION
    field = root.fields[name]
    return f"{operation} {{ {name}{arguments.of(field)}{selection(field)} }}"


def viewer_for(practice: Practice, role: Role | None) -> Viewer | None:
    if role is None:
        return None
    if role is Role.PATIENT:
        return practice.patient_viewer()
    return Viewer(organization_id=practice.org.id, role=role, subject=f"{role.value}-probe")


def field_errors(result: Any, name: str) -> list[tuple[str, str]]:
    """(code, message) of the top-level errors at the field and of its payload's userErrors."""
    found = [
        (error.extensions.get("code"), error.message)
        for error in result.errors or ()
        if error.path and error.path[0] == name
    ]
    payload = (result.data or {}).get(name)
    if isinstance(payload, dict):
        found += [(e["code"], e["message"]) for e in payload.get("userErrors") or ()]
    return found


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "no-token")
async def test_every_root_field_and_mutation_answers_as_declared(engine, execute, role):
    practice, rows = await practice_rows(engine)
    arguments = Arguments(rows)
    viewer = viewer_for(practice, role)
    every_refusal = refusals()
    # Refused calls first, while the practice's appointment is as made: had a refusal failed,
    # they would have changed it.
    calls = sorted(root_fields(), key=lambda call: role is not None and allowed(call, role))
    for operation, name in calls:
        access = access_of(operation, name)
        refused = role is None or not access.allows(role)
        before = await snapshot(engine) if refused and operation == "mutation" else None
        result = await execute(document(operation, name, arguments), viewer=viewer)
        errors = field_errors(result, name)
        where = f"{operation} {name} as {role}"
        if role is None:
            assert errors == [("UNAUTHENTICATED", "A bearer token is required")], where
            assert (result.data or {}).get(name) is None, where
        elif refused:
            assert errors == [("FORBIDDEN", access.refusal)], where
        else:
            codes = [code for code, _ in errors]
            assert "UNAUTHENTICATED" not in codes, where
            # Staff and integrations meet no rule finer than the role; a patient may (a type
            # not bookable online), but never a role's refusal.
            if role is Role.PATIENT:
                assert not [m for c, m in errors if c == "FORBIDDEN" and m in every_refusal], where
            else:
                assert "FORBIDDEN" not in codes, (where, errors)
        if before is not None:
            assert await snapshot(engine) == before, f"{where} changed data"


def test_every_root_field_and_mutation_declares_access():
    for operation, name in root_fields():
        assert access_of(operation, name).roles or operation, name
    assert len(root_fields()) == len(QUERY.fields) + len(MUTATION.fields)


def test_a_field_without_a_declaration_stops_the_schema_from_building():
    import strawberry

    @strawberry.type
    class Loose:
        @strawberry.field
        def anything(self) -> int:
            return 1

    with pytest.raises(MissingAccess, match=r"Loose\.anything declares no Access"):
        enforce_access(Loose, payload=False)


async def test_the_caller_is_checked_before_the_input_rules(engine, execute):
    practice, rows = await practice_rows(engine)
    document = (
        "mutation { updateAppointment(input: "
        f'{{appointmentId: "{rows["Appointment"]}", baseVersion: 0}}) '
        "{ userErrors { code message } } }"
    )
    staff = await execute(document, viewer=practice.staff)
    assert field_errors(staff, "updateAppointment") == [
        ("VALIDATION", "baseVersion must be between 1 and 2147483647")
    ]
    nobody = await execute(document, viewer=None)
    assert field_errors(nobody, "updateAppointment") == [
        ("UNAUTHENTICATED", "A bearer token is required")
    ]
    patient = await execute(document, viewer=practice.patient_viewer())
    assert field_errors(patient, "updateAppointment") == [
        ("FORBIDDEN", "Only staff may update an appointment")
    ]
