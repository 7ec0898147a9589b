"""
Triggers are data: validated shapes, constructors for the usual patterns, JSON round-trips.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from builders import message
from personal_touch import converters
from personal_touch.exceptions import InvalidFieldError, InvalidInputError
from personal_touch.triggers import Trigger, TriggerPattern, UpdateKind

OFFER = message()
HOUR = dt.timedelta(hours=1)
WEEK = dt.timedelta(days=7)

ALL = [
    Trigger.abandoned_cart("cart", delay=HOUR, message=OFFER, cooldown=dt.timedelta(days=1)),
    Trigger.repeated_views(
        "browsing", count=3, window=WEEK, message=OFFER, category="Apparel > T-Shirts"
    ),
    Trigger.price_drop("drop", window=WEEK, message=OFFER),
    Trigger.back_in_stock("restock", window=WEEK, message=OFFER, size_fact="apparel.shirt_size"),
    Trigger.trip_booked("trip", message=message("relationship")),
    Trigger.team_result("match", team="fc-koeln", message=message("relationship")),
    Trigger(
        name="debounced",
        pattern="each",
        message=OFFER,
        kinds=["searched", "viewed"],
        debounce=dt.timedelta(minutes=30),
        cooldown=dt.timedelta(seconds=90.5),
    ),
]


class TestShape:
    def test_constructors_fill_the_pattern(self) -> None:
        """Each constructor builds the pattern its name says, listening to its kinds."""
        patterns = [(t.pattern, sorted(t.kinds)) for t in ALL[:6]]
        assert [
            (TriggerPattern.ABSENCE, ["added_to_cart"]),
            (TriggerPattern.COUNT, ["viewed"]),
            (TriggerPattern.UPDATE, ["viewed"]),
            (TriggerPattern.UPDATE, ["viewed"]),
            (TriggerPattern.EACH, ["booked_travel"]),
            (TriggerPattern.UPDATE, ["stated_preference"]),
        ] == patterns

    def test_category_is_a_key(self) -> None:
        """A category filter is normalized like a signal's category."""
        assert "apparel.t_shirts" == ALL[1].category

    def test_abandoned_cart_is_cancelled_by_a_purchase(self) -> None:
        """An abandoned cart waits for a purchase of the same product."""
        assert frozenset({"purchased"}) == ALL[0].unless
        assert HOUR == ALL[0].delay

    def test_team_result_listens_for_team_updates(self) -> None:
        """A team result fires on team-result updates about the team."""
        assert frozenset({UpdateKind.TEAM_RESULT}) == ALL[5].updates
        assert "fc-koeln" == ALL[5].subject

    def test_horizon_is_the_longest_span(self) -> None:
        """The horizon is the longest of window, delay, debounce and cooldown."""
        assert dt.timedelta(days=1) == ALL[0].horizon
        assert WEEK == ALL[1].horizon
        assert dt.timedelta(0) == ALL[4].horizon

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"pattern": "count"}, "window"),
            ({"pattern": "absence", "delay": HOUR}, "delay"),
            ({"pattern": "update", "window": WEEK}, "updates"),
            ({"kinds": []}, "kinds"),
            ({"count": 0}, "count"),
            ({"cooldown": dt.timedelta(seconds=-1)}, "cooldown"),
            ({"window": 3}, "window"),
            ({"pattern": "sometimes"}, "trigger_pattern"),
            ({"name": " "}, "name"),
            ({"message": "hello"}, "message"),
            ({"updates": ["meteor"]}, "updates"),
            ({"kinds": ["veiwed"]}, "kinds"),
            ({"pattern": "absence", "delay": HOUR, "unless": ["bought"]}, "unless"),
        ],
    )
    def test_invalid_shapes_name_the_field(self, changes: dict[str, Any], field: str) -> None:
        """A trigger that cannot work is refused, naming the field at fault."""
        base: dict[str, Any] = {
            "name": "t",
            "pattern": "each",
            "message": OFFER,
            "kinds": ["viewed"],
        }
        with pytest.raises(InvalidFieldError) as info:
            Trigger(**{**base, **changes})
        assert field == info.value.field

    @pytest.mark.parametrize(
        ("subject", "category", "expected"),
        [
            (None, "apparel.t_shirts", True),
            (None, "apparel.t_shirts.kids", True),
            (None, "apparel.t_shirts_sale", False),
            (None, "apparel", False),
            (None, None, False),
        ],
    )
    def test_category_filter_matches_the_category_and_below(
        self, subject: str | None, category: str | None, expected: bool
    ) -> None:
        """A category filter matches that category and its sub-categories only."""
        assert expected == ALL[1].matches(subject, category)


class TestJson:
    @pytest.mark.parametrize("trigger", ALL, ids=lambda t: t.name)
    def test_round_trip(self, trigger: Trigger) -> None:
        """Every trigger survives a JSON round-trip through the converters."""
        assert trigger == converters.loads(converters.dumps(trigger), Trigger)

    def test_durations_are_iso_8601(self) -> None:
        """Windows, delays, debounces and cooldowns are ISO 8601 durations."""
        data = converters.unstructure(ALL[0])
        assert ("PT1H", "P1D") == (data["delay"], data["cooldown"])
        assert "PT1M30.5S" == converters.unstructure(ALL[6])["cooldown"]

    def test_years_and_months_are_refused(self) -> None:
        """A duration in months has no fixed length: refused with its path."""
        data = converters.unstructure(ALL[1])
        data["window"] = "P1M"
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, Trigger)
        assert any(e.endswith("@ $.window") for e in info.value.errors)

    def test_shape_errors_come_with_the_path(self) -> None:
        """A count trigger without a window is invalid input naming the window."""
        data = {"name": "t", "pattern": "count", "message": {"purpose": "marketing",
                "channel": "email"}, "kinds": ["viewed"]}  # fmt: skip
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, Trigger)
        assert any("window" in e for e in info.value.errors)
