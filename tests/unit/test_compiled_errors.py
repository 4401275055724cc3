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


@strawberry.type
class Query:
    @strawberry.field
    def branch(self) -> Branch | None:
        leaves = [Leaf(name="a"), Leaf(name="b")]
        return Branch(leaves=leaves, strict_leaves=leaves)


SCHEMA = strawberry.Schema(query=Query, execution_context_class=CompilingExecutionContext)

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
