"""Enforces the `Access` declared on every root field and mutation (resolvers/access.py).

One field extension, added to every field of Query and Mutation once they are assembled,
reads the field's declaration before anything else of the field runs (it is the outermost
extension: the input rules and the resolver come after it):

- no valid bearer token: UNAUTHENTICATED, a GraphQL error, for queries and mutations alike
  (a mutation payload's `userErrors` codes are the domain's, and a missing token is not one);
- a role the declaration leaves out: FORBIDDEN, a GraphQL error on a query field and the
  payload's `userErrors` entry on a mutation (the mutations' convention for expected
  failures); the resolver never runs, so nothing changes;
- an input rule of the declaration (resolvers/access_rules.py) the arguments break: its
  error (FORBIDDEN mostly) at the rule's path, the same way, checked in the declared order
  after the role and before the input rules, the resolver and any transaction. The rules'
  paths are resolved against the field's arguments when the schema is built (a path naming
  no input field refuses to build).

Root fields always run through graphql-core's executor (compiled plans start below them), so
the extension costs one dictionary lookup and a set membership test per root field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.field import StrawberryField
from strawberry.types.unset import UNSET
from strawberry.utils.str_converters import to_camel_case

from resolvers.access import ACCESS_KEY, Access, Grant
from resolvers.access_rules import InputRule
from resolvers.errors import ClientError, Forbidden, Unauthenticated
from resolvers.viewer import Role
from schema.input_rules import Problem
from schema.strict_input import refused_payload

# The role table's column order (schema/access_table.py).
ROLES = (Role.STAFF, Role.STAFF_ADMIN, Role.INTEGRATION, Role.PATIENT)


class MissingAccess(TypeError):
    """A root field or mutation declares no Access: the schema refuses to build."""


class BadRulePath(TypeError):
    """An input rule's path names no input field of its field: the schema refuses to build."""


class Permit(FieldExtension):
    """Refuses a caller the field's Access does not admit, before the field runs."""

    def __init__(
        self, access: Access, *, payload: bool, checks: tuple[tuple[InputRule, Path], ...] = ()
    ) -> None:
        self.access = access
        # Mutations answer FORBIDDEN in their payload's userErrors.
        self.payload = payload
        # The input rules, each with the Python names of its path.
        self.checks = checks

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def _refusal(self, info: Any, kwargs: dict[str, Any]) -> ClientError | None:
        context = info.context
        viewer = context.viewer_or_none
        if viewer is None:
            return Unauthenticated(context.auth_error or "A bearer token is required")
        if not self.access.allows(viewer.role):
            return Forbidden(self.access.refusal)
        for rule, names in self.checks:
            refusal = rule.refusal(viewer, value_at(kwargs, names))
            if refusal is not None:
                return refusal
        return None

    def _refuse(self, refusal: ClientError) -> Any:
        if self.payload and not isinstance(refusal, Unauthenticated):
            found = Problem(refusal.path, refusal.message)
            return refused_payload(self.field.type, found, refusal.code)
        raise refusal

    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        refusal = self._refusal(info, kwargs)
        if refusal is None:
            return next_(source, info, **kwargs)
        return self._refuse(refusal)

    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        refusal = self._refusal(info, kwargs)
        if refusal is None:
            return await next_(source, info, **kwargs)
        return self._refuse(refusal)


# Python attribute names from a field's keyword arguments to one input value.
Path = tuple[str, ...]


def value_at(kwargs: Mapping[str, Any], names: Path) -> Any:
    """The coerced input value at `names` (None when it or an input on its way is absent)."""
    value: Any = kwargs
    for index, name in enumerate(names):
        value = value.get(name) if index == 0 else getattr(value, name, None)
        if value is None or value is UNSET:
            return None
    return value


def python_path(field: StrawberryField, path: tuple[str, ...]) -> Path:
    """The Python names of a GraphQL path from the field's arguments; BadRulePath if none."""
    names: list[str] = []
    options: Any = field.arguments
    for step in path:
        found = next((o for o in options if _graphql_name(o) == step), None)
        if found is None:
            raise BadRulePath(f"{field.python_name} has no input {'.'.join(path)}")
        names.append(found.python_name)
        kind = found.type
        while isinstance(kind, StrawberryOptional):
            kind = kind.of_type
        # Lists are leaves: a rule judges a list as a whole.
        definition = None if isinstance(kind, StrawberryList) else _definition(kind)
        options = definition.fields if definition is not None else ()
    return tuple(names)


def _graphql_name(option: Any) -> str:
    return str(option.graphql_name or to_camel_case(option.python_name))


def _definition(kind: Any) -> Any:
    return getattr(kind, "__strawberry_definition__", None)


def declared_access(field: StrawberryField) -> Access | None:
    """The Access a field declares in its metadata, if any."""
    metadata: Mapping[Any, Any] = field.metadata or {}
    access = metadata.get(ACCESS_KEY)
    return access if isinstance(access, Access) else None


def enforce_access(root: type, *, payload: bool) -> None:
    """Add Permit to every field of a root type; MissingAccess for a field without Access.

    Call it after every other extension is added: the last extension runs first.
    """
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        access = declared_access(field)
        if access is None:
            raise MissingAccess(
                f"{root.__name__}.{field.python_name} declares no Access "
                "(metadata=allow(...), resolvers/access.py)"
            )
        checks = tuple(
            (rule, python_path(field, rule.path))
            for rule in access.rules
            if isinstance(rule, InputRule)
        )
        field.extensions.append(Permit(access, payload=payload, checks=checks))
        # The description says who may call the field in the role table's words, from the
        # same declaration, so the two never disagree.
        field.description = f"{(field.description or '').rstrip()} {roles_sentence(access)}"


def roles_sentence(access: Access) -> str:
    """`Roles: staff, integration, patient (own records).`: who may call a field."""
    named = [
        role.value if access.grant(role) is Grant.YES else f"{role.value} ({Grant.OWN})"
        for role in ROLES
        if access.allows(role)
    ]
    return f"Roles: {', '.join(named)}."
