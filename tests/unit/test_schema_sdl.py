"""The exported SDL is current, and the schema documents every type, field and argument."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from schema.assembled import schema
from tests.support.paths import REPO_ROOT

SDL_FILE = REPO_ROOT / "graphql" / "schema.graphql"


def test_exported_sdl_is_current():
    assert SDL_FILE.read_text() == str(schema) + "\n", "run `make schema` (slotgraph export-schema)"


def test_every_type_field_and_argument_has_a_description():
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__"):
            continue
        if (
            isinstance(
                graphql_type,
                (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType),
            )
            and not graphql_type.description
        ):
            missing.append(name)
        if isinstance(
            graphql_type, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)
        ):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []
