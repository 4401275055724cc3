"""Random, valid GraphQL selections over the schema, for comparing the two executors.

Each selection picks fields of an output type at random (through aliases, inline and named
fragments, `__typename`, and @include/@skip on a variable), descends into object, interface
and union types to a bounded depth, and passes a small `first` where a field takes one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_leaf_type,
)

# Fields left out of generated selections: costly searches that their own tests cover.
SKIPPED_FIELDS = {"availableSlots", "slotCount", "nextAvailableSlot", "quickFill"}


@dataclass
class SelectionGenerator:
    """Builds selection sets and the named fragments they use."""

    schema: GraphQLSchema
    rng: random.Random
    max_depth: int = 3
    fragments: list[str] = field(default_factory=list)
    uses_flag: bool = False

    def selection(self, type_name: str, depth: int = 0) -> str:
        """A non-empty selection set (braces included) for the named output type."""
        output_type = self.schema.type_map[type_name]
        if isinstance(output_type, GraphQLObjectType):
            return "{ " + " ".join(self._object_parts(output_type, depth)) + " }"
        assert isinstance(output_type, GraphQLInterfaceType | GraphQLUnionType)
        possible = list(self.schema.get_possible_types(output_type))
        chosen = self.rng.sample(possible, k=min(len(possible), self.rng.randint(1, 3)))
        parts = ["__typename"]
        if isinstance(output_type, GraphQLInterfaceType) and "id" in output_type.fields:
            parts.append("id")
        parts += [f"... on {t.name} {self.selection(t.name, depth)}" for t in chosen]
        return "{ " + " ".join(parts) + " }"

    def _object_parts(self, object_type: GraphQLObjectType, depth: int) -> list[str]:
        candidates = [
            (name, definition)
            for name, definition in object_type.fields.items()
            if name not in SKIPPED_FIELDS
            and self._callable(definition)
            and (depth < self.max_depth or is_leaf_type(get_named_type(definition.type)))
        ]
        leaves = [c for c in candidates if is_leaf_type(get_named_type(c[1].type))]
        if not candidates:
            return ["__typename"]
        count = self.rng.randint(1, min(6, len(candidates)))
        picked = self.rng.sample(candidates, k=count)
        if not any(is_leaf_type(get_named_type(d.type)) for _, d in picked) and leaves:
            picked.append(self.rng.choice(leaves))  # keeps every selection non-empty
        parts = [self._field(name, definition, depth) for name, definition in picked]
        if self.rng.random() < 0.3:
            parts.append("__typename")
        return self._wrap(object_type.name, parts)

    def _callable(self, definition: GraphQLField) -> bool:
        for name, argument in definition.args.items():
            required = (
                isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined
            )
            if required and name != "first":
                return False
        return True

    def _field(self, name: str, definition: GraphQLField, depth: int) -> str:
        text = name
        if self.rng.random() < 0.25:
            text = f"a{self.rng.randint(0, 99)}_{name}: {name}"
        if "first" in definition.args:
            text += f"(first: {self.rng.randint(1, 3)})"
        if self.rng.random() < 0.15:
            self.uses_flag = True
            text += f" @{self.rng.choice(['include', 'skip'])}(if: $flag)"
        named = get_named_type(definition.type)
        if not is_leaf_type(named):
            text += " " + self.selection(named.name, depth + 1)
        return text

    def _wrap(self, type_name: str, parts: list[str]) -> list[str]:
        """Move some parts into an inline or a named fragment on the same type."""
        if len(parts) < 2 or self.rng.random() < 0.5:
            return parts
        split = self.rng.randint(1, len(parts) - 1)
        inside, outside = parts[:split], parts[split:]
        if self.rng.random() < 0.5:
            return [*outside, f"... on {type_name} {{ {' '.join(inside)} }}"]
        name = f"F{len(self.fragments)}"
        self.fragments.append(f"fragment {name} on {type_name} {{ {' '.join(inside)} }}")
        return [*outside, f"...{name}"]
