"""Enforces the `Access` declared on every root field and mutation (resolvers/access.py).

One field extension, added to every field of Query and Mutation once they are assembled,
reads the field's declaration before anything else of the field runs (it is the outermost
extension: the input rules and the resolver come after it):

- no valid bearer token: UNAUTHENTICATED, a GraphQL error, for queries and mutations alike
  (a mutation payload's `userErrors` codes are the domain's, and a missing token is not one);
- a role the declaration leaves out: FORBIDDEN, a GraphQL error on a query field and the
  payload's `userErrors` entry on a mutation (the mutations' convention for expected
  failures); the resolver never runs, so nothing changes.

Root fields always run through graphql-core's executor (compiled plans start below them), so
the extension costs one dictionary lookup and a set membership test per root field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types.field import StrawberryField

from resolvers.access import ACCESS_KEY, Access, Grant
from resolvers.errors import ClientError, Forbidden, Unauthenticated
from resolvers.viewer import Role
from schema.input_rules import Problem
from schema.strict_input import refused_payload

# The role table's column order (schema/access_table.py).
ROLES = (Role.STAFF, Role.STAFF_ADMIN, Role.INTEGRATION, Role.PATIENT)


class MissingAccess(TypeError):
    """A root field or mutation declares no Access: the schema refuses to build."""


class Permit(FieldExtension):
    """Refuses a caller the field's Access does not admit, before the field runs."""

    def __init__(self, access: Access, *, payload: bool) -> None:
        self.access = access
        # Mutations answer FORBIDDEN in their payload's userErrors.
        self.payload = payload

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def _refusal(self, info: Any) -> ClientError | None:
        context = info.context
        viewer = context.viewer_or_none
        if viewer is None:
            return Unauthenticated(context.auth_error or "A bearer token is required")
        if not self.access.allows(viewer.role):
            return Forbidden(self.access.refusal)
        return None

    def _refuse(self, refusal: ClientError) -> Any:
        if self.payload and isinstance(refusal, Forbidden):
            return refused_payload(self.field.type, Problem((), refusal.message), "FORBIDDEN")
        raise refusal

    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        refusal = self._refusal(info)
        if refusal is None:
            return next_(source, info, **kwargs)
        return self._refuse(refusal)

    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        refusal = self._refusal(info)
        if refusal is None:
            return await next_(source, info, **kwargs)
        return self._refuse(refusal)


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
        field.extensions.append(Permit(access, payload=payload))
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
