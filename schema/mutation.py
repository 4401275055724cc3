"""The root Mutation type, assembled from one file per mutation."""

from __future__ import annotations

import strawberry

from schema.mutations.create_location import create_location_field


@strawberry.type(description="Changes to the scheduling graph.")
class Mutation:
    create_location = create_location_field
