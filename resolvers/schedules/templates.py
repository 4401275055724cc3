"""createScheduleTemplate, updateScheduleTemplate and deleteScheduleTemplate."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, time
from typing import Any

from db.queries import schedule_writes as writes
from db.queries.schedules import TEMPLATES
from resolvers.context import RequestContext
from resolvers.errors import VersionConflict
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.schedules import checks


@dataclass(frozen=True, slots=True)
class TemplateHours:
    """The changeable parts of a weekly template."""

    weekday: int
    start_time: time
    end_time: time
    effective_from: date
    effective_to: date | None = None
    operatory_id: uuid.UUID | None = None
    note: str | None = None

    def checked(self) -> TemplateHours:
        """The same hours with a trimmed note, or Validation naming the field at fault."""
        checks.check_hours(self.start_time, self.end_time)
        checks.check_effective(self.effective_from, self.effective_to)
        return replace(self, note=checks.clean_text(self.note, field="note"))


@dataclass(frozen=True, slots=True)
class NewTemplate:
    """A weekly template as a client asks for it."""

    provider_id: uuid.UUID
    location_id: uuid.UUID
    hours: TemplateHours


@dataclass(frozen=True, slots=True)
class TemplateChange:
    """New values for some of a template's hours (absent keys stay as they are)."""

    template_id: uuid.UUID
    base_version: int
    changes: dict[str, Any] = field(default_factory=dict)


async def create_template(
    ctx: RequestContext, new: NewTemplate, *, idempotency_key: str | None
) -> uuid.UUID:
    """Add a weekly template; returns its id."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        hours = new.hours.checked()
        await checks.require_provider(connection, org, new.provider_id)
        await checks.require_site(
            connection, org, location_id=new.location_id, operatory_id=hours.operatory_id
        )
        row = await writes.insert_row(
            connection,
            kind=TEMPLATES,
            values={
                "organization_id": org,
                "provider_id": new.provider_id,
                "location_id": new.location_id,
                **asdict(hours),
            },
        )
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createScheduleTemplate",
        idempotency_key=idempotency_key,
        request=asdict(new),
    )


async def update_template(
    ctx: RequestContext, change: TemplateChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Change a template's hours, dates, operatory or note (baseVersion must be current)."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await writes.lock_row(
            connection, kind=TEMPLATES, organization_id=org, ident=change.template_id
        )
        if row is None:
            raise checks.not_found("schedule template", "templateId")
        if row.version != change.base_version:
            raise VersionConflict(
                f"The template is at version {row.version}, not {change.base_version}",
                field="baseVersion",
            )
        current = TemplateHours(**{f.name: getattr(row, f.name) for f in fields(TemplateHours)})
        hours = replace(current, **change.changes).checked()
        if hours.operatory_id != row.operatory_id:
            await checks.require_site(
                connection, org, location_id=row.location_id, operatory_id=hours.operatory_id
            )
        await writes.update_row(connection, kind=TEMPLATES, ident=row.id, values=asdict(hours))
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="updateScheduleTemplate",
        idempotency_key=idempotency_key,
        request=asdict(change),
    )


async def delete_template(
    ctx: RequestContext, template_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Remove a template; returns the removed id."""
    org = ctx.viewer.organization_id

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await writes.delete_row(
            connection, kind=TEMPLATES, organization_id=org, ident=template_id
        ):
            raise checks.not_found("schedule template", "templateId")
        return Written(template_id)

    return await run_row_mutation(
        ctx,
        work,
        name="deleteScheduleTemplate",
        idempotency_key=idempotency_key,
        request={"template_id": str(template_id)},
    )
