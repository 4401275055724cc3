"""selected_relations: the Appointment relations a query asks for below a path, via fragments."""

from __future__ import annotations

import strawberry

from schema.types.appointment_relations import selected_relations


@strawberry.type
class Person:
    last_name: str = "Smith"


@strawberry.type
class Visit:
    id: int = 1
    patient: Person = strawberry.field(default_factory=Person)
    providers: list[Person] = strawberry.field(default_factory=list)
    note: str = ""


@strawberry.type
class Day:
    appointments: list[Visit] = strawberry.field(default_factory=lambda: [Visit()])


@strawberry.type
class Week:
    days: list[Day] = strawberry.field(default_factory=lambda: [Day()])
    relations: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class Query:
    @strawberry.field
    def week(self, info: strawberry.Info) -> Week:
        return Week(relations=sorted(selected_relations(info, ("days", "appointments"))))


SCHEMA = strawberry.Schema(query=Query)


def relations_of(document: str) -> list[str]:
    result = SCHEMA.execute_sync(document)
    assert result.errors is None, result.errors
    assert result.data is not None
    relations: list[str] = result.data["week"]["relations"]
    return relations


def test_plain_fields_select_no_relation():
    assert relations_of("{ week { relations days { appointments { id note } } } }") == []


def test_fields_map_to_the_relations_their_resolvers_read():
    document = "{ week { relations days { appointments { patient { lastName } providers { lastName } } } } }"
    assert relations_of(document) == ["additional_providers", "patient", "primary_provider"]


def test_fragments_inline_fragments_and_aliases_count():
    document = """{ week { relations ...W } }
      fragment W on Week { days { ... on Day { appointments { who: patient { lastName } } } } }"""
    assert relations_of(document) == ["patient"]


def test_a_relation_elsewhere_in_the_query_does_not_count():
    document = "{ week { relations days { appointments { id } } } other: week { relations } }"
    assert relations_of(document) == []
