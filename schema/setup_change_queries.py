"""The setup's audit trail as a root field: setupChanges (staff)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.setup_changes import SetupChangeFilter as ChangeSpec
from db.rows.setup import SetupChangeRow
from resolvers.access import staff_only
from resolvers.errors import BadInput
from resolvers.ids import decode_id
from resolvers.setup.audit_trail import setup_change_page
from schema.info import Info
from schema.types.connection import AfterArg, Connection, FirstArg
from schema.types.history import FieldChange
from schema.types.setup_change_fields import (
    ENTITY_NODE,
    SetupChangeAction,
    SetupEntityType,
    setup_field_changes,
)


@strawberry.type(
    description="One audited change of the practice setup, a catalog, a user's settings or "
    "a deleted appointment."
)
class SetupChange:
    entity_type: SetupEntityType = strawberry.field(description="The kind of row it changed.")
    entity_id: GlobalID = strawberry.field(
        description="The row's global ID (for scheduling preferences, the patient's); a "
        "deleted row's ID no longer resolves."
    )
    action: SetupChangeAction = strawberry.field(description="What happened.")
    actor: str = strawberry.field(description="Who did it (the token's subject).")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    changes: list[FieldChange] = strawberry.field(
        description="The fields it set, as the entity's GraphQL fields (global IDs, enum "
        "names): `after` the value set, `before` null (the trail keeps no earlier value); for "
        "a patient only which fields changed (both null); a deleted appointment's last values "
        "as `before`."
    )

    @classmethod
    def from_row(cls, row: SetupChangeRow) -> SetupChange:
        """Build from a setup_changes row."""
        entity = SetupEntityType(row.subject_table)
        return cls(
            entity_type=entity,
            entity_id=GlobalID(ENTITY_NODE[entity], str(row.subject_id)),
            action=SetupChangeAction(row.action),
            actor=row.actor,
            occurred_at=row.changed_at,
            changes=setup_field_changes(entity, row.action, row.changes or {}),
        )


@strawberry.type(description="A page of setup changes, oldest first.")
class SetupChangeConnection(Connection[SetupChange]):
    pass


@strawberry.input(description="Which setup changes to list; every condition given must hold.")
class SetupChangeFilter:
    entity_type: SetupEntityType | None = strawberry.field(
        default=None, description="Changes of this kind of row only."
    )
    entity_id: GlobalID | None = strawberry.field(
        default=None, description="Changes of this row only (a patient's: also its preferences)."
    )
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="Changes at or after this instant."
    )
    to: datetime | None = strawberry.field(default=None, description="Changes before this instant.")


def _spec(spec: SetupChangeFilter | None) -> ChangeSpec:
    if spec is None:
        return ChangeSpec()
    kinds = list(SetupEntityType) if spec.entity_type is None else [spec.entity_type]
    subject: uuid.UUID | None = None
    if spec.entity_id is not None:
        kinds = [kind for kind in kinds if ENTITY_NODE[kind] == spec.entity_id.type_name]
        if not kinds:
            raise BadInput(
                "filter.entityId names no object of the setup trail's kinds (or not of "
                "filter.entityType)",
                field="filter.entityId",
            )
        subject = decode_id(spec.entity_id, spec.entity_id.type_name, field="filter.entityId")
    return ChangeSpec(
        tables=None if spec.entity_type is None and subject is None else [k.value for k in kinds],
        subject_id=subject,
        changed_from=spec.from_,
        changed_before=spec.to,
    )


async def resolve_setup_changes(
    info: Info,
    filter: Annotated[
        SetupChangeFilter | None, strawberry.argument(description="What to narrow to.")
    ] = None,
    first: FirstArg = 50,
    after: AfterArg = None,
) -> SetupChangeConnection:
    """A page of the organization's setup audit trail."""
    page = await setup_change_page(info.context, _spec(filter), first=first, after=after)
    return SetupChangeConnection.from_page(page, SetupChange.from_row)


setup_changes_field = strawberry.field(
    metadata=staff_only("read the setup audit trail"),
    resolver=resolve_setup_changes,
    description="The audit trail of the practice setup, the catalogs, users' settings and "
    "deleted appointments, oldest first.",
)
