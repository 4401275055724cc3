"""Applies the input rules (schema/input_rules.py) to the arguments of root and object fields.

Queries: a refused argument is a BAD_USER_INPUT error naming the field, as a malformed
scalar is. Mutations: a refused input is a VALIDATION entry in the payload's `userErrors`
(the project's convention for expected mutation failures), and the resolver never runs, so
nothing is written.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from resolvers.errors import BadInput
from schema.input_rules import Problem, find_problem


def _problem(field: StrawberryField, kwargs: dict[str, Any]) -> Problem | None:
    """The first refused argument value, with its path from the argument's name."""
    for argument in field.arguments:
        name = argument.graphql_name or to_camel_case(argument.python_name)
        found = find_problem(name, kwargs.get(argument.python_name), (name,))
        if found is not None:
            return found
    return None


class RefuseBadArguments(FieldExtension):
    """Query fields: BAD_USER_INPUT (with `field`) for an argument the rules refuse."""

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        # Runs once the arguments are converted and before the resolver, sync or async.
        found = _problem(self.field, kwargs)
        if found is not None:
            raise BadInput(found.message, field=".".join(found.path))
        return kwargs


class RefuseBadInput(FieldExtension):
    """Mutation fields: the payload with one VALIDATION userError for a refused input."""

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        found = _problem(self.field, kwargs)
        if found is None:
            return await next_(source, info, **kwargs)
        return refused_payload(self.field.type, found)


def refused_payload(payload: Any, found: Problem, code: str = "VALIDATION") -> Any:
    """A payload that changed nothing: empty results and one userError (VALIDATION)."""
    values: dict[str, Any] = {}
    types = {f.python_name: f.type for f in payload.__strawberry_definition__.fields}
    for field in dataclasses.fields(payload):
        kind = types.get(field.name)
        if not field.init:  # resolver fields (e.g. openingMatches) compute themselves
            continue
        if field.name == "user_errors" and isinstance(kind, StrawberryList):
            values[field.name] = [_user_error(kind.of_type, found, code)]
        elif isinstance(kind, StrawberryList):
            values[field.name] = []
        elif isinstance(kind, StrawberryOptional):
            values[field.name] = None
        elif kind in (int, bool):
            values[field.name] = kind()
    return payload(**values)


def _user_error(error_type: Any, found: Problem, code: str) -> Any:
    """The payload's own userError type with `code`, pointing at the refused field if any."""
    names = {f.name for f in dataclasses.fields(error_type)}
    code_type = {f.python_name: f.type for f in error_type.__strawberry_definition__.fields}["code"]
    codes = getattr(code_type, "wrapped_cls", code_type)  # the Python enum behind the GraphQL one
    extra: dict[str, list[Any]] = {"conflicts": []} if "conflicts" in names else {}
    field = list(found.path) or None
    return error_type(field=field, code=codes[code], message=found.message, **extra)


def refuse_bad_input(root: type, extension: type[FieldExtension]) -> None:
    """Add `extension` to every field of a root type that takes arguments."""
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        # Only resolver fields: relay's node/nodes get their (ID-only) arguments later, from
        # their own extension, and reading them now would leave them without any.
        if field.base_resolver is not None and field.base_resolver.arguments:
            field.extensions.append(extension())
