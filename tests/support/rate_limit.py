"""What the rate limit tests share: a clock moved by hand, and two documents of known cost."""

from __future__ import annotations

LOCATIONS = "{ locations { id } }"  # costs 20
CREATE_LOCATION = (  # costs 22
    'mutation { createLocation(input: {name: "Throttled", timeZone: "UTC"}) '
    "{ location { id } userErrors { code } } }"
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
