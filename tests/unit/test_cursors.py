"""The one cursor format (resolvers/cursors.py) and the in-memory page cut (resolvers/pages.py):
no database."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from resolvers.cursors import MALFORMED, CursorList
from resolvers.errors import BadInput
from resolvers.pages import PageRequest, check_first, page_in, page_request

EVERY_KIND = CursorList(
    "test.everyKind", ("int", "bigint", "bool", "decimal", "text", "date", "instant", "uuid")
)
OTHER = CursorList("test.other", ("uuid",))
ID = uuid.UUID("6f1c2d4e-0000-4000-8000-000000000001")


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def refusal(cursors: CursorList, cursor: str) -> tuple[str, str | None]:
    with pytest.raises(BadInput) as caught:
        cursors.decode(cursor)
    return caught.value.message, caught.value.field


def test_every_kind_of_value_comes_back_as_it_went_in():
    chicago = timezone(timedelta(hours=-6))
    position = (-7, 2**40, True, Decimal("1250.50"), "o'brien", date(2026, 11, 16),
                datetime(2026, 11, 16, 9, tzinfo=chicago), ID)  # fmt: skip
    cursor = EVERY_KIND.encode(position)
    assert "=" not in cursor
    # the instant comes back in UTC: the same instant
    assert EVERY_KIND.decode(cursor) == (*position[:6], datetime(2026, 11, 16, 15, tzinfo=UTC), ID)


def test_a_cursor_of_another_list_names_both_lists():
    assert refusal(EVERY_KIND, OTHER.encode((ID,))) == (
        "The cursor belongs to test.other, not test.everyKind: start again without after",
        "after",
    )


GOOD = [1, 1, False, "1.5", "a", "2026-11-16", "2026-11-16T15:00:00+00:00", str(ID)]


@pytest.mark.parametrize(
    ("name", "cursor"),
    [
        ("not base64", "%%%"),
        ("not json", forged("x")[:-2] + "~~"),
        ("a list", forged([1, 2])),
        ("another member", forged({"list": "test.everyKind", "at": GOOD, "x": 1})),
        ("unknown list", forged({"list": "test.nowhere", "at": [str(ID)]})),
        ("too few values", forged({"list": "test.everyKind", "at": GOOD[:-1]})),
        ("an int beyond 32 bits", forged({"list": "test.everyKind", "at": [2**31, *GOOD[1:]]})),
        ("a bool for an int", forged({"list": "test.everyKind", "at": [True, *GOOD[1:]]})),
        ("a huge decimal", forged({"list": "test.everyKind", "at": [*GOOD[:3], "1E40", *GOOD[4:]]})),
        ("a fine decimal", forged({"list": "test.everyKind", "at": [*GOOD[:3], "0.001", *GOOD[4:]]})),
        ("NaN", forged({"list": "test.everyKind", "at": [*GOOD[:3], "NaN", *GOOD[4:]]})),
        ("long text", forged({"list": "test.everyKind", "at": [*GOOD[:4], "x" * 501, *GOOD[5:]]})),
        ("a naive instant", forged({"list": "test.everyKind",
                                    "at": [*GOOD[:6], "2026-11-16T15:00:00", str(ID)]})),
        ("a bad uuid", forged({"list": "test.everyKind", "at": [*GOOD[:7], "42"]})),
        ("too long", "A" * 1001),
    ],
)  # fmt: skip
def test_a_damaged_or_forged_cursor_is_bad_input_on_after(name, cursor):
    assert refusal(EVERY_KIND, cursor) == (MALFORMED, "after")


def test_a_list_name_is_declared_once():
    with pytest.raises(ValueError, match=r"two cursor lists named test\.other"):
        CursorList("test.other", ("int",))


@pytest.mark.parametrize("first", [0, -1, 101])
def test_first_is_1_to_100(first):
    with pytest.raises(BadInput) as caught:
        check_first(first)
    assert (caught.value.message, caught.value.field) == (
        "first must be between 1 and 100",
        "first",
    )


def test_a_list_held_whole_is_cut_after_the_cursor():
    # given a log ordered by (when, id), with two entries at the same instant
    t0 = datetime(2030, 1, 7, tzinfo=UTC)
    log = sorted([(t0, uuid.UUID(int=3)), (t0, uuid.UUID(int=1)), (t0 + timedelta(1), ID)])
    cursors = CursorList("test.log", ("instant", "uuid"))
    # when it is walked one at a time
    seen: list[tuple[datetime, uuid.UUID]] = []
    after = None
    while True:
        page = page_in(log, page_request(1, after, cursors), cursors, lambda item: item)
        seen += page.items
        assert page.has_previous_page is (after is not None)
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    # then every entry comes once, in order, the tie decided by the id
    assert seen == log
    assert page_in(log, PageRequest(5, None), cursors, lambda item: item).items == log
