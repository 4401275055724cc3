"""Errors inside compiled plans: the same data, errors, paths and null propagation as the
standard executor, on a small schema whose fields fail in every way a resolver can."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import orjson
import pytest
import strawberry

from schema.execution.executor import CompilingExecutionContext


@dataclass
class Switch:
    """The context: `compiled` picks the executor (as RequestContext.compiled does)."""

    compiled: bool


@strawberry.type
class Leaf:
    name: str

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError(f"no {self.name}")

    @strawberry.field
    def fails_non_null(self) -> str:
        raise ValueError(f"never {self.name}")

    @strawberry.field
    def null_non_null(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return f"later {self.name}"

    @strawberry.field
    async def later_fails(self) -> str | None:
        await asyncio.sleep(0)
        raise ValueError(f"later no {self.name}")

    @strawberry.field
    async def later_fails_non_null(self) -> str:
        await asyncio.sleep(0)
        raise ValueError(f"later never {self.name}")

    @strawberry.field
    def wrong_type(self) -> int:
        return "not a number"  # type: ignore[return-value]


@strawberry.type
class Branch:
    leaves: list[Leaf]
    strict_leaves: list[Leaf] | None

    @strawberry.field
    def leaf(self) -> Leaf | None:
        return self.leaves[0]


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Fruit(Named):
    ripe: bool


@strawberry.type
class Stone(Named):
    @strawberry.field
    def weight(self, unit: str = "g") -> str:
        if unit not in ("g", "kg"):
            raise ValueError(f"no unit {unit}")
        return f"3 {unit}"


class Odd:
    """Neither Fruit nor Stone: resolve_type finds no type for it."""

    name = "odd"


class Closed(strawberry.extensions.FieldExtension):
    """A field extension refusing the value "shut" (as a permission would)."""

    def resolve(self, next_, source, info, **kwargs):
        value = next_(source, info, **kwargs)
        if value == "shut":
            raise PermissionError("closed")
        return value


@strawberry.type
class Query:
    @strawberry.field
    def branch(self) -> Branch | None:
        leaves = [Leaf(name="a"), Leaf(name="b")]
        return Branch(leaves=leaves, strict_leaves=leaves)

    @strawberry.field
    def thing(self, kind: str) -> Named | None:
        if kind == "boom":
            raise ValueError("no such kind")
        if kind == "odd":
            return Odd()  # type: ignore[return-value]
        return Fruit(name=kind, ripe=True) if kind != "stone" else Stone(name="flint")

    @strawberry.field
    def things(self, kinds: list[str]) -> list[Named]:
        return [Fruit(name=k, ripe=False) if k != "stone" else Stone(name="flint") for k in kinds]

    @strawberry.field
    def casts(self) -> list[Named]:
        # plain objects cast to a type (as rows are): resolved by their cast, an unknown one fails
        made = [strawberry.cast(Fruit, Odd()), strawberry.cast(Stone, Odd())]
        return [*made, strawberry.cast(Fruit, Odd())]  # type: ignore[list-item]

    @strawberry.field
    def miscast(self) -> list[Named | None]:
        return [strawberry.cast(Fruit, Odd()), strawberry.cast(Query, Odd())]  # type: ignore[list-item]

    @strawberry.field(extensions=[Closed()])
    def door(self, state: str = "open") -> str:
        return state


SCHEMA = strawberry.Schema(
    query=Query, types=[Fruit, Stone], execution_context_class=CompilingExecutionContext
)

DOCUMENTS = [
    "{ branch { leaves { name } } }",
    "{ branch { leaves { name fails } } }",
    "{ branch { leaves { name failsNonNull } } }",
    "{ branch { leaf { name nullNonNull } leaves { name } } }",
    "{ branch { leaves { later name } } }",
    "{ branch { leaves { name laterFails } } }",
    "{ branch { leaves { laterFailsNonNull name } strictLeaves { name } } }",
    "{ branch { strictLeaves { wrongType } leaf { later } } }",
    "{ branch { a: leaf { later } b: leaf { fails __typename } } }",
    "query Q($on: Boolean!) { branch { leaves { name fails @include(if: $on) } } }",
    '{ thing(kind: "pear") { name __typename ... on Fruit { ripe } } door }',
    '{ thing(kind: "stone") { name ... on Stone { weight heavy: weight(unit: "kg") } } }',
    '{ thing(kind: "stone") { ... on Stone { weight(unit: "lb") } } door(state: "shut") }',
    '{ thing(kind: "boom") { name } branch { leaf { name } } }',
    '{ thing(kind: "odd") { name } door }',
    '{ things(kinds: ["a", "stone", "b"]) { __typename name ... on Fruit { ripe } } }',
    "query Q($on: Boolean!) { door(state: $on) }",
    "{ casts { __typename name } }",
    "{ miscast { __typename name } }",
    'query Q($on: Boolean!) { thing(kind: "x") @include(if: $on) { name } }',
]


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("flag", [True, False])
async def test_failures_inside_plans_answer_as_the_standard_executor(document, flag):
    answers = []
    for compiled in (True, False):
        result = await SCHEMA.execute(
            document, variable_values={"on": flag}, context_value=Switch(compiled)
        )
        errors = [error.formatted for error in result.errors or ()]
        answers.append(orjson.dumps({"data": result.data, "errors": errors}))
    assert answers[0] == answers[1]


async def test_the_plans_did_run():
    # the selections above compile (so the comparison is not of the standard path twice)
    from schema.execution import executor

    executor._plans.clear()
    result = await SCHEMA.execute(
        "{ branch { leaves { name later } } }", context_value=Switch(True)
    )
    assert result.data == {
        "branch": {"leaves": [{"name": "a", "later": "later a"}, {"name": "b", "later": "later b"}]}
    }
    assert any(runner is not None for _nodes, _schema, runner in executor._plans.values())


async def test_root_fields_with_arguments_and_interfaces_compile():
    # the whole query runs as one plan: root fields with arguments, a field extension,
    # an interface resolved to each of its types
    from schema.execution import executor

    executor._plans.clear()
    document = (
        '{ things(kinds: ["a", "stone"]) { __typename name ... on Stone { weight(unit: "kg") } }'
        " door }"
    )
    result = await SCHEMA.execute(document, context_value=Switch(True))
    assert result.errors is None
    assert result.data == {
        "things": [
            {"__typename": "Fruit", "name": "a"},
            {"__typename": "Stone", "name": "flint", "weight": "3 kg"},
        ],
        "door": "open",
    }
    roots = [runner for key, (_n, _s, runner) in executor._plans.items() if key[1] == "Query"]
    assert roots
    assert all(runner is not None for runner in roots)
    # no object below the root needed a plan of its own: the root's plan completed them
    assert [key[1] for key in executor._plans] == ["Query"]
