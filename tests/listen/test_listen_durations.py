"""
Durations are ISO 8601 in JSON, and the listener's instants are exact microseconds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch._listen._state import instant, micros
from personal_touch.converters._time import format_duration, parse_duration
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class TestDurations:
    @given(st.timedeltas(min_value=dt.timedelta(0)))
    def test_round_trip(self, value: dt.timedelta) -> None:
        """Any duration of zero or more survives formatting and parsing."""
        assert value == parse_duration(format_duration(value))

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("P2W", dt.timedelta(weeks=2)),
            ("P1DT12H", dt.timedelta(days=1, hours=12)),
            ("PT90M", dt.timedelta(minutes=90)),
            ("PT0.25S", dt.timedelta(milliseconds=250)),
            ("PT0S", dt.timedelta(0)),
        ],
    )
    def test_parse(self, text: str, value: dt.timedelta) -> None:
        """Weeks, days, hours, minutes and (fractional) seconds are read."""
        assert value == parse_duration(text)

    @pytest.mark.parametrize("text", ["", "P", "PT", "P1Y", "P1M", "1h", "P1DT", "-PT1H", "PT1.5H"])
    def test_refused(self, text: str) -> None:
        """Anything else is refused without repeating it."""
        with pytest.raises(InvalidFieldError) as info:
            parse_duration(text)
        assert "duration: expected an ISO 8601 duration like 'P7D' or 'PT1H30M'" == str(info.value)

    def test_negative_is_refused(self) -> None:
        """A negative duration has no JSON form."""
        with pytest.raises(InvalidFieldError):
            format_duration(dt.timedelta(seconds=-1))


class TestInstants:
    @given(
        st.datetimes(
            min_value=dt.datetime(1900, 1, 1),
            max_value=dt.datetime(2300, 1, 1),
            timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-7, minutes=-30))]),
        )
    )
    def test_micros_are_exact(self, value: dt.datetime) -> None:
        """An instant's microseconds since the epoch are exact, and read back as the instant."""
        exact = (value - _EPOCH) // dt.timedelta(microseconds=1)
        assert exact == micros(value)
        assert value == instant(micros(value))

    def test_naive_is_refused(self) -> None:
        """A naive datetime is refused, naming the field."""
        with pytest.raises(NaiveDateTimeError):
            micros(dt.datetime(2026, 1, 1))
