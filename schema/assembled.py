"""The assembled schema with its extensions."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema.error_policy import ErrorPolicy
from schema.mutation import Mutation
from schema.query import Query
from schema.request_lifecycle import ReleaseConnection
from schema.scalars import SCALAR_MAP
from schema.types.appointment import Appointment
from schema.types.practice import (
    AppointmentType,
    ConfirmationStatus,
    Location,
    Operatory,
    Organization,
    Patient,
    Provider,
)

NODE_TYPES = [
    Organization,
    Location,
    Operatory,
    Provider,
    Patient,
    AppointmentType,
    ConfirmationStatus,
    Appointment,
]


def build_schema() -> strawberry.Schema:
    """The slotgraph schema."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        extensions=[
            ReleaseConnection,
            ErrorPolicy,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
        config=StrawberryConfig(relay_max_results=100, scalar_map=SCALAR_MAP),
    )


schema = build_schema()
