"""The appointment record's pure rules: tags, colors, arrival offsets, sources, and the
procedure-frequency check."""

from __future__ import annotations

from datetime import date

import pytest

from scheduling.appointment_record import (
    CREATABLE,
    MAX_TAGS,
    AppointmentSource,
    ask_to_arrive_problem,
    color_problem,
    normalized_tags,
    source_of_role,
)
from scheduling.appointment_status import AppointmentStatus
from scheduling.procedure_frequency import FrequencyCheck, frequency_check, shortest_interval


def test_tags_are_trimmed_and_deduplicated_in_order() -> None:
    assert normalized_tags([" VIP ", "late", "VIP", "Late"]) == (("VIP", "late", "Late"), None)
    assert normalized_tags([]) == ((), None)


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        (["ok", "  "], "A tag may not be empty"),
        (["x" * 31], "A tag has at most 30 characters"),
        (["a\u0000b"], "A tag may not contain control characters"),
        ([f"t{n}" for n in range(MAX_TAGS + 1)], "At most 10 tags"),
    ],
)
def test_bad_tags_are_refused(tags: list[str], problem: str) -> None:
    assert normalized_tags(tags) == ((), problem)


def test_ten_distinct_tags_of_thirty_characters_are_fine() -> None:
    tags = [f"{n:02d}" + "x" * 28 for n in range(MAX_TAGS)]
    assert normalized_tags(tags + tags) == (tuple(tags), None)


@pytest.mark.parametrize("color", ["#1A2b3C", "#000000", "#ffffff"])
def test_hex_colors_are_accepted(color: str) -> None:
    assert color_problem(color) is None


@pytest.mark.parametrize("color", ["1A2B3C", "#1A2B3", "#1A2B3CD", "#GGGGGG", "red", ""])
def test_other_colors_are_refused(color: str) -> None:
    assert color_problem(color) is not None


@pytest.mark.parametrize(
    ("minutes", "ok"), [(0, True), (15, True), (240, True), (-1, False), (241, False)]
)
def test_ask_to_arrive_range(minutes: int, ok: bool) -> None:
    assert (ask_to_arrive_problem(minutes) is None) is ok


def test_the_source_follows_the_callers_role() -> None:
    assert source_of_role("staff") is AppointmentSource.STAFF
    assert source_of_role("patient") is AppointmentSource.PATIENT_APP
    assert source_of_role("integration") is AppointmentSource.INTEGRATION


def test_creatable_statuses_are_the_state_machines_non_terminal_ones_without_hold() -> None:
    assert {
        AppointmentStatus.SCHEDULED,
        AppointmentStatus.PLANNED,
        AppointmentStatus.UNSCHEDULED,
        AppointmentStatus.PINBOARD,
    } == CREATABLE


def test_never_done_is_allowed_with_no_dates() -> None:
    assert frequency_check(6, [], date(2030, 1, 7)) == FrequencyCheck(6, None, None, True, None)


def test_no_limit_is_always_allowed_but_still_says_when_last_done() -> None:
    check = frequency_check(None, [date(2029, 12, 1)], date(2030, 1, 7))
    assert check == FrequencyCheck(None, date(2029, 12, 1), None, True, 37)


def test_inside_the_interval_is_not_allowed_until_the_day_it_ends() -> None:
    done = [date(2029, 3, 1), date(2029, 8, 31), date(2031, 1, 1)]  # a later visit does not count
    assert frequency_check(6, done, date(2030, 2, 27)) == FrequencyCheck(
        6, date(2029, 8, 31), date(2030, 2, 28), False, 180
    )
    assert frequency_check(6, done, date(2030, 2, 28)) == FrequencyCheck(
        6, date(2029, 8, 31), date(2030, 2, 28), True, 181
    )


def test_the_same_day_is_not_last_done() -> None:
    assert frequency_check(6, [date(2030, 1, 7)], date(2030, 1, 7)).last_done_on is None


def test_the_shortest_recall_interval_is_the_limit() -> None:
    assert shortest_interval([12, 6, 36]) == 6
    assert shortest_interval([]) is None
