from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch.packs import (
    AU_NATIONAL_HOLIDAYS,
    FR_PUBLIC_HOLIDAYS,
    CallingWindow,
    HolidayCalendar,
    RelationshipWindow,
    Span,
    add_months,
    add_years,
    easter_sunday,
)
from personal_touch.packs.au import AU_CALLING_WINDOW
from personal_touch.packs.eu import FR_CALLING_WINDOW
from personal_touch.packs.us import TCPA_CALLING_WINDOW

D = dt.date


class TestHolidays:
    def test_easter(self) -> None:
        """Easter Sunday follows the Gregorian computus."""
        assert [D(2024, 3, 31), D(2025, 4, 20), D(2026, 4, 5), D(2038, 4, 25)] == [
            easter_sunday(y) for y in (2024, 2025, 2026, 2038)
        ]

    def test_france_2026(self) -> None:
        """France's 2026 public holidays match the research notes."""
        expected = {
            D(2026, 1, 1), D(2026, 4, 6), D(2026, 5, 1), D(2026, 5, 8), D(2026, 5, 14),
            D(2026, 5, 25), D(2026, 7, 14), D(2026, 8, 15), D(2026, 11, 1), D(2026, 11, 11),
            D(2026, 12, 25),
        }  # fmt: skip
        assert expected == FR_PUBLIC_HOLIDAYS.days(2026)

    def test_australia_substitutes(self) -> None:
        """Weekend Christmas and Boxing Day are observed on the next free weekdays."""
        assert {D(2021, 12, 27), D(2021, 12, 28)} <= AU_NATIONAL_HOLIDAYS.days(2021)
        assert D(2022, 12, 27) in AU_NATIONAL_HOLIDAYS.days(2022)
        assert D(2022, 1, 3) in AU_NATIONAL_HOLIDAYS.days(2022)
        assert AU_NATIONAL_HOLIDAYS.is_holiday(D(2026, 4, 3))  # Good Friday
        assert AU_NATIONAL_HOLIDAYS.is_holiday(D(2026, 4, 25))  # Anzac Day
        assert not AU_NATIONAL_HOLIDAYS.is_holiday(D(2026, 4, 27))

    def test_plain_calendar(self) -> None:
        """A calendar without entries has no holidays."""
        assert frozenset() == HolidayCalendar(name="none").days(2026)


class TestWindows:
    def test_describe(self) -> None:
        """Windows describe themselves for the docs table."""
        assert "Mon-Sun 08:00-21:00" == str(TCPA_CALLING_WINDOW)
        assert (
            "Mon-Fri 10:00-13:00, 14:00-20:00; Sat-Sun closed; "
            "closed on France, public holidays (metropolitan)"
        ) == str(FR_CALLING_WINDOW)
        assert "09:00-24:00" == str(Span("09:00"))

    def test_start_inclusive_end_exclusive(self) -> None:
        """08:00 is inside the TCPA window and 21:00 outside."""
        ny = "America/New_York"
        assert TCPA_CALLING_WINDOW.allows(pendulum.datetime(2026, 6, 1, 8, 0, tz=ny))
        assert not TCPA_CALLING_WINDOW.allows(pendulum.datetime(2026, 6, 1, 21, 0, tz=ny))
        assert TCPA_CALLING_WINDOW.allows(pendulum.datetime(2026, 6, 1, 20, 59, 59, tz=ny))

    def test_next_open_across_spring_forward(self) -> None:
        """After the US spring-forward night the window opens at 08:00 EDT."""
        late = pendulum.datetime(2026, 3, 7, 22, 0, tz="America/New_York")
        opens = TCPA_CALLING_WINDOW.next_open(late)
        assert pendulum.datetime(2026, 3, 8, 12, 0, tz="UTC") == opens

    def test_next_open_across_fall_back(self) -> None:
        """After the US fall-back night the window opens at 08:00 EST."""
        late = pendulum.datetime(2026, 10, 31, 22, 0, tz="America/New_York")
        assert pendulum.datetime(2026, 11, 1, 13, 0, tz="UTC") == TCPA_CALLING_WINDOW.next_open(
            late
        )

    def test_french_lunch_break_and_weekend(self) -> None:
        """French calls skip the lunch break, the weekend and holidays."""
        paris = "Europe/Paris"
        lunch = pendulum.datetime(2026, 11, 30, 13, 30, tz=paris)
        assert pendulum.datetime(2026, 11, 30, 14, 0, tz=paris) == FR_CALLING_WINDOW.next_open(
            lunch
        )
        friday_night = pendulum.datetime(2026, 11, 6, 20, 0, tz=paris)
        # Saturday, Sunday, then Wednesday 11 November is a holiday: Monday 9th opens.
        assert pendulum.datetime(2026, 11, 9, 10, 0, tz=paris) == FR_CALLING_WINDOW.next_open(
            friday_night
        )
        tuesday = pendulum.datetime(2026, 11, 10, 20, 30, tz=paris)
        assert pendulum.datetime(2026, 11, 12, 10, 0, tz=paris) == FR_CALLING_WINDOW.next_open(
            tuesday
        )

    def test_australian_saturday_and_holiday(self) -> None:
        """Australian calls stop at 17:00 on Saturday, skip Sunday and Easter Monday."""
        sydney = "Australia/Sydney"
        assert AU_CALLING_WINDOW.allows(pendulum.datetime(2026, 11, 28, 16, 59, tz=sydney))
        sat = pendulum.datetime(2026, 4, 4, 17, 0, tz=sydney)
        assert pendulum.datetime(2026, 4, 7, 9, 0, tz=sydney) == AU_CALLING_WINDOW.next_open(sat)

    def test_closed_window_never_opens(self) -> None:
        """A window closed every day is an error to search."""
        closed = CallingWindow(days=((),) * 7)
        with pytest.raises(ValueError, match="never opens"):
            closed.next_open(pendulum.datetime(2026, 1, 1, tz="UTC"))

    def test_needs_seven_days(self) -> None:
        """A window lists spans for exactly seven weekdays."""
        with pytest.raises(ValueError, match="seven"):
            CallingWindow(days=((),))

    @given(
        st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31)),
        st.sampled_from(["America/New_York", "Australia/Sydney", "Europe/Paris"]),
    )
    def test_next_open_is_open_and_not_earlier(self, naive: dt.datetime, zone: str) -> None:
        """The next open instant is never earlier and is inside the window."""
        at = pendulum.instance(naive, tz="UTC").in_timezone(zone)
        for window in (TCPA_CALLING_WINDOW, FR_CALLING_WINDOW, AU_CALLING_WINDOW):
            opens = window.next_open(at)
            assert opens >= at
            assert window.allows(opens.in_timezone(zone))


class TestRelationshipWindows:
    def test_add_years_leap_day(self) -> None:
        """February 29 plus two years is February 28."""
        assert D(2026, 2, 28) == add_years(D(2024, 2, 29), 2)
        assert D(2028, 2, 29) == add_years(D(2024, 2, 29), 4)

    def test_add_months_clamps(self) -> None:
        """Month arithmetic clamps to the end of a shorter month."""
        assert D(2027, 2, 28) == add_months(D(2026, 8, 31), 6)
        assert D(2028, 2, 29) == add_months(D(2027, 8, 31), 6)
        assert D(2027, 4, 30) == add_months(D(2026, 10, 31), 6)
        assert D(2026, 1, 15) == add_months(D(2025, 7, 15), 6)

    def test_describe(self) -> None:
        """Windows describe themselves."""
        assert "2 years" == str(RelationshipWindow(years=2))
        assert "1 year 1 month" == str(RelationshipWindow(years=1, months=1))
        assert "same day" == str(RelationshipWindow())
