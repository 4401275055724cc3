"""Hostile documents (the probes of issue 11) and the known-cost queries the limit tests use."""

from __future__ import annotations


def operatory_location_nesting(levels: int) -> str:
    """`Location.operatories` <-> `Operatory.location`, `levels` fields below `locations`."""
    inner = "id"
    for level in range(levels):
        inner = f"operatories {{ {inner} }}" if level % 2 == 0 else f"location {{ {inner} }}"
    return f"{{ locations {{ {inner} }} }}"


def aliased_weeks(count: int, selection: str = "weekStart") -> str:
    """`count` aliases of calendarWeek, one location and week given as variables."""
    weeks = " ".join(
        f"w{n}: calendarWeek(locationId: $l, weekStart: $w) {{ {selection} }}" for n in range(count)
    )
    return f"query Weeks($l: ID!, $w: Date!) {{ {weeks} }}"


# Every appointment of the week with its five relations: 1 + 7 x (1 + 150 x (1 + 1 + 3 + 3))
# = 8,408; six of them (50,448) are over the default maximum of 50,000.
HEAVY_WEEK = (
    "days { appointments { patient { id } providers { id } operatory { id } "
    "appointmentType { id } confirmationStatus { id } } }"
)
HEAVY_WEEK_COST = 1 + 7 * (1 + 150 * (1 + 1 + 3 + 3))


def aliased_typenames(count: int) -> str:
    return "{" + "".join(f" a{n}: __typename" for n in range(count)) + " }"


def skipped_typename(directives: int) -> str:
    return "{ __typename" + " @skip(if: false)" * directives + " }"


def root_fields(count: int) -> str:
    return "{" + "".join(f" l{n}: locations {{ id }}" for n in range(count)) + " }"


def repeated_field(count: int) -> str:
    """One field selected `count` times under the same name (validation compares each pair)."""
    return "{ locations {" + " operatories { location { id } }" * count + " } }"


NODES = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }"

# Documented cost (README, Limits and cost): calendarWeek 1 + operatories 20 + 7 days x
# (1 + 150 appointments x (1 + patient 1 + providers 3)) = 1 + 20 + 7 x 751 = 5,278.
KNOWN_WEEK = """
query KnownWeek($l: ID!, $w: Date!) {
  calendarWeek(locationId: $l, weekStart: $w) {
    weekStart
    operatories { id }
    days { date appointments { id patient { id } providers { id } } }
  }
}
"""
KNOWN_WEEK_COST = 1 + 20 + 7 * (1 + 150 * (1 + 1 + 3))

# A connection counts its `first`: appointments 1 + 30 edges x (1 + node 1 + patient 1) +
# pageInfo 1 = 92; scalars and __typename are free.
KNOWN_PAGE = """
query KnownPage {
  appointments(first: 30) {
    __typename
    edges { cursor node { id patient { id firstName } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
KNOWN_PAGE_COST = 1 + 30 * (1 + 1 + 1) + 1
