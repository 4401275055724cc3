"""The input rules table covers every String and Int input of the schema, and reads as documented."""

from __future__ import annotations

import pytest
from graphql import GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from schema.assembled import schema
from schema.input_rules import INT_RULES, TEXT_RULES, int_problem, text_problem


def input_names(type_name: str) -> set[str]:
    """Names of every argument and input field whose (unwrapped) type is `type_name`."""
    names = set()
    for named in schema._schema.type_map.values():
        if named.name.startswith("__"):
            continue
        if isinstance(named, GraphQLInputObjectType):
            positions = named.fields.items()
        elif isinstance(named, GraphQLObjectType):
            positions = [(n, a) for f in named.fields.values() for n, a in f.args.items()]
        else:
            continue
        for name, position in positions:
            kind = position.type
            while isinstance(kind, GraphQLNonNull | GraphQLList):
                kind = kind.of_type
            if kind.name == type_name:
                names.add(name)
    return names


def test_every_string_input_has_a_rule():
    assert input_names("String") - TEXT_RULES.keys() == set()


def test_every_int_input_has_a_rule():
    assert input_names("Int") - INT_RULES.keys() == set()


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("note", "two\nlines\tand a tab\r\n", None),
        ("note", "x" * 2000, None),
        ("note", "x" * 2001, "note may be at most 2000 characters"),
        ("note", "\x00", "note must not contain control characters"),
        ("note", "\x1b[31m", "note must not contain control characters"),
        ("note", "\x9b", "note must not contain control characters"),
        ("note", "\udfff", "note must not contain control characters"),
        ("name", "Zoë's Clinic ☺", None),
        ("name", "a\tb", "name must be a single line (no tabs or line breaks)"),
        ("idempotencyKey", "k" * 200, None),
        ("idempotencyKey", "k" * 201, "idempotencyKey may be at most 200 characters"),
        ("abbreviation", "x" * 11, "abbreviation must be 1 to 10 characters"),
    ],
)
def test_text_rules(name, value, problem):
    assert text_problem(name, value) == problem


def test_int_rules_checked_here_and_those_left_to_resolvers():
    assert int_problem("baseVersion", 0) == "baseVersion must be between 1 and 2147483647"
    assert int_problem("baseVersion", 1) is None
    assert int_problem("sortOrder", 10_001) == "sortOrder must be between -10000 and 10000"
    # priority's resolver answers FORBIDDEN before it looks at the value, so it checks the range
    assert int_problem("priority", 101) is None


def test_every_mutation_can_answer_a_refusal_with_its_own_payload():
    from schema.input_rules import Problem
    from schema.mutation import Mutation
    from schema.strict_input import RefuseBadInput, refused_payload

    problem = Problem(("input", "note"), "note must not contain control characters")
    fields = Mutation.__strawberry_definition__.fields  # type: ignore[attr-defined]
    assert fields
    for field in fields:
        assert any(isinstance(e, RefuseBadInput) for e in field.extensions), field.name
        payload = refused_payload(field.type, problem)
        [error] = payload.user_errors
        assert (error.field, error.code.name, error.message) == (
            ["input", "note"],
            "VALIDATION",
            problem.message,
        )
