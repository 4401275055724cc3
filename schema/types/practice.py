"""Node types of the practice directory."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.practice import (
    ConfirmationStatusRow,
    LocationRow,
    OperatoryRow,
    OrganizationRow,
    PatientRow,
    ProviderRow,
)
from schema.enums import ProviderKind
from schema.info import Info
from schema.types.node_loading import node_resolver

if TYPE_CHECKING:
    from schema.types.patient_preferences import PatientSchedulingPreferences
    from schema.types.recalls import PatientRecall


@strawberry.type(description="A practice: the tenant that owns all other data.")
class Organization(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name of the practice.")

    @classmethod
    def from_row(cls, row: OrganizationRow) -> Organization:
        """Build from an organizations row."""
        return cls(pk=row.id, name=row.name)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]  # Node's overloads vary by `required`
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Organization | None]:
        """Only the caller's own organization resolves."""
        own = str(info.context.viewer.organization_id)
        ids = list(node_ids)
        if own not in ids:
            return [None] * len(ids)
        from resolvers.directory import organization

        row = await organization(info.context)
        return [cls.from_row(row) if row is not None and ident == own else None for ident in ids]


@strawberry.type(description="A clinic site; its wall-clock times are read in its time zone.")
class Location(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name of the location.")
    time_zone: str = strawberry.field(description="IANA time zone name, e.g. America/Chicago.")
    address_line1: str | None = strawberry.field(description="Street address.")
    city: str | None = strawberry.field(description="City.")
    region: str | None = strawberry.field(description="State, county or region.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")

    @classmethod
    def from_row(cls, row: LocationRow) -> Location:
        """Build from a locations row."""
        return cls(
            pk=row.id,
            name=row.name,
            time_zone=row.time_zone,
            address_line1=row.address_line1,
            city=row.city,
            region=row.region,
            postal_code=row.postal_code,
            country=row.country,
            version=row.version,
        )

    @strawberry.field(description="Active operatories (chairs/rooms) in display order.")
    async def operatories(self, info: Info) -> list[Operatory]:
        rows = await info.context.loaders.operatories_by_location.load(self.pk)
        return [Operatory.from_row(row) for row in rows]

    resolve_nodes = node_resolver(lambda c: c.loaders.locations)


@strawberry.type(description="A chair or room at a location.")
class Operatory(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, e.g. 'Op 3'.")
    abbreviation: str = strawberry.field(description="Short label for calendar column headers.")
    sort_order: int = strawberry.field(description="Position of the column on the calendar.")
    active: bool = strawberry.field(description="Whether the operatory is in use.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    location_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: OperatoryRow) -> Operatory:
        """Build from an operatories row."""
        return cls(
            pk=row.id,
            name=row.name,
            abbreviation=row.abbreviation,
            sort_order=row.sort_order,
            active=row.active,
            version=row.version,
            location_id=row.location_id,
        )

    @strawberry.field(description="The location the operatory belongs to.")
    async def location(self, info: Info) -> Location:
        row = await info.context.loaders.locations.load(self.location_id)
        assert row is not None, "composite foreign keys keep operatories in their organization"
        return Location.from_row(row)

    resolve_nodes = node_resolver(lambda c: c.loaders.operatories)


@strawberry.type(description="A dentist, hygienist or assistant who can be booked.")
class Provider(relay.Node):
    pk: relay.NodeID[UUID]
    first_name: str = strawberry.field(description="Given name.")
    last_name: str = strawberry.field(description="Family name.")
    abbreviation: str = strawberry.field(description="Short label shown on appointments.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    active: bool = strawberry.field(description="Whether the provider can be booked.")
    kind: ProviderKind = strawberry.field(description="What the provider does.")
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")

    @classmethod
    def from_row(cls, row: ProviderRow) -> Provider:
        """Build from a providers row."""
        return cls(
            pk=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            abbreviation=row.abbreviation,
            color=row.color,
            active=row.active,
            kind=ProviderKind(row.kind),
            version=row.version,
        )

    @strawberry.field(
        description="The locations the provider works at; empty means every location."
    )
    async def locations(self, info: Info) -> list[Location]:
        ids = await info.context.loaders.setup.provider_locations.load(self.pk)
        rows = await info.context.loaders.locations.load_many(ids)
        return [Location.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="First and last name together.")
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    resolve_nodes = node_resolver(lambda c: c.loaders.providers)


@strawberry.type(description="A person seen at the practice.")
class Patient(relay.Node):
    pk: relay.NodeID[UUID]
    first_name: str = strawberry.field(description="Given name.")
    last_name: str = strawberry.field(description="Family name.")
    date_of_birth: date | None = strawberry.field(description="Date of birth.")
    phone: str | None = strawberry.field(description="Phone number.")
    email: str | None = strawberry.field(description="Email address.")
    chart_number: str = strawberry.field(
        description="The practice's chart number, unique per organization."
    )
    version: int = strawberry.field(description="Optimistic-concurrency version (baseVersion).")
    merged_into_id: strawberry.Private[UUID | None] = None

    @classmethod
    def from_row(cls, row: PatientRow) -> Patient:
        """Build from a patients row."""
        return cls(
            pk=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            date_of_birth=row.date_of_birth,
            phone=row.phone,
            email=row.email,
            chart_number=row.chart_number,
            version=row.version,
            merged_into_id=row.merged_into_id,
        )

    @strawberry.field(
        description="For a duplicate merged by mergePatients: the patient kept (staff and "
        "integrations; null for a patient caller)."
    )
    async def merged_into(self, info: Info) -> Patient | None:
        if self.merged_into_id is None or info.context.viewer.is_patient:
            return None
        row = await info.context.loaders.patients.load(self.merged_into_id)
        return Patient.from_row(row) if row is not None else None

    @strawberry.field(description="The patient's recalls by due date (a patient sees their own).")
    async def recalls(
        self, info: Info
    ) -> list[Annotated[PatientRecall, strawberry.lazy("schema.types.recalls")]]:
        # Imported here: schema.types.recalls builds on this module's Patient.
        from resolvers.recalls.reads import patient_recalls
        from schema.types.recalls import PatientRecall

        rows = await patient_recalls(info.context, self.pk)
        return [PatientRecall.from_row(row, info.context.now) for row in rows]

    @strawberry.field(
        description=(
            "When and with whom the patient prefers to be seen (version 0 while none are "
            "saved); a patient caller sees their own."
        )
    )
    async def scheduling_preferences(
        self, info: Info
    ) -> Annotated[
        PatientSchedulingPreferences, strawberry.lazy("schema.types.patient_preferences")
    ]:
        # Imported here: schema.types.patient_preferences builds on this module's types.
        from resolvers.user_settings.preferences import patient_preferences
        from schema.types.patient_preferences import PatientSchedulingPreferences

        row = await patient_preferences(info.context, self.pk)
        return PatientSchedulingPreferences.from_row(row, self.pk)

    # A patient caller resolves only themselves.
    resolve_nodes = node_resolver(
        lambda c: c.loaders.patients, visible=lambda ctx, row: ctx.viewer.may_see_patient(row.id)
    )


@strawberry.type(
    description="One of the organization's confirmation statuses, e.g. 'Left message' (a "
    "managed list: createConfirmationStatus, updateConfirmationStatus, "
    "archiveConfirmationStatus)."
)
class ConfirmationStatus(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name.")
    abbreviation: str = strawberry.field(description="Short label.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    is_confirmed: bool = strawberry.field(
        description="Whether this status means the patient confirmed."
    )
    sort_order: int = strawberry.field(description="Position in pick lists.")
    active: bool = strawberry.field(
        description="Archived statuses (false) stay on the visits that have them but cannot "
        "be set any more."
    )
    version: int = strawberry.field(
        description="Optimistic-concurrency version; changes send it back as baseVersion."
    )

    @classmethod
    def from_row(cls, row: ConfirmationStatusRow) -> ConfirmationStatus:
        """Build from a confirmation_statuses row."""
        return cls(
            pk=row.id,
            name=row.name,
            abbreviation=row.abbreviation,
            color=row.color,
            is_confirmed=row.is_confirmed,
            sort_order=row.sort_order,
            active=row.active,
            version=row.version,
        )

    resolve_nodes = node_resolver(lambda c: c.loaders.confirmation_statuses)
