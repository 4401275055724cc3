"""The display rule of schedule views and the presets (scheduling/view_display.py)."""

from __future__ import annotations

from scheduling.view_display import TEMPLATES, DisplayFault, ViewDisplay, display_fault


def test_every_preset_is_a_display_a_view_may_keep():
    assert [display_fault(template.display) for template in TEMPLATES] == [None] * 6
    assert len({template.key for template in TEMPLATES}) == 6


def test_the_rule_names_the_first_setting_at_fault():
    assert display_fault(ViewDisplay()) is None
    assert display_fault(ViewDisplay(shown_until=24 * 60)) is None
    assert display_fault(ViewDisplay(step_minutes=7)) == DisplayFault(
        "timeStepMinutes", "timeStepMinutes must be one of 5, 10, 15, 20, 30, 60"
    )
    assert display_fault(ViewDisplay(shown_from=600, shown_until=600)) == DisplayFault(
        "shownUntil", "shownUntil must be after shownFrom"
    )
    assert display_fault(ViewDisplay(shown_from=425)) == DisplayFault(
        "shownFrom", "shownFrom must fall on the 10-minute time step"
    )
