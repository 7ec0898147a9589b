"""
Date and time patterns: pieces of babel's own text kept per part of the value, equal to babel.
"""

from __future__ import annotations

import datetime as dt

import babel
import babel.dates
import babel.localedata
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personal_touch._templates import _dates
from personal_touch._templates._dates import _fields, bind_date_pattern
from personal_touch.exceptions import InvalidFieldError

ALL_LOCALES = sorted(babel.localedata.locale_identifiers())
FORMATS = ("short", "medium", "long", "full")
INSTANTS = st.datetimes(
    min_value=dt.datetime(1, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.just(dt.UTC),
)


class TestEqualToBabel:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        when=INSTANTS,
        name=st.sampled_from(ALL_LOCALES),
        fmt=st.sampled_from(FORMATS),
        custom=st.sampled_from(("", "EEEE d. MMMM yy", "h:mm a", "LLL", "c ccc e", "K k H")),
    )
    def test_every_locale_and_format(
        self, when: dt.datetime, name: str, fmt: str, custom: str
    ) -> None:
        """Dates, times and CLDR patterns give babel's text, with or without the fast path."""
        locale = babel.Locale.parse(name)
        patterns = [locale.date_formats[fmt], locale.time_formats[fmt]]
        if custom:
            patterns.append(babel.dates.parse_pattern(custom))
        for pattern in patterns:
            assert str(pattern.apply(when, locale)) == bind_date_pattern(pattern, locale)(when)
        date = locale.date_formats[fmt]
        day = when.date()
        assert str(date.apply(day, locale)) == bind_date_pattern(date, locale)(day)

    def test_tables_fill_from_babel(self) -> None:
        """A whole year of days, formatted twice, is babel's text both times."""
        locale = babel.Locale.parse("de_DE")
        pattern = locale.date_formats["full"]
        run = bind_date_pattern(pattern, locale)
        days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(366)]
        for _ in range(2):
            assert [str(pattern.apply(d, locale)) for d in days] == [run(d) for d in days]


class TestWhichPatternsAreFast:
    @pytest.mark.parametrize("name", ["en", "de_DE", "fr", "ja", "ar_EG", "pt_BR"])
    def test_named_dates_are_fast(self, name: str) -> None:
        """Every named date format of the common locales takes the fast path."""
        locale = babel.Locale.parse(name)
        for fmt in FORMATS:
            assert _fields(locale.date_formats[fmt], locale) is not None

    @pytest.mark.parametrize("pattern", ["HH:mm z", "w", "yyyy-MM-dd G", "SSS", "QQQ", "Y"])
    def test_other_fields_go_to_babel(self, pattern: str) -> None:
        """Zones, weeks, eras, fractions and quarters are formatted by babel whole."""
        locale = babel.Locale.parse("en")
        parsed = babel.dates.parse_pattern(pattern)
        assert _fields(parsed, locale) is None
        when = dt.datetime(2026, 12, 3, 9, 5, tzinfo=dt.UTC)
        assert str(parsed.apply(when, locale)) == bind_date_pattern(parsed, locale)(when)

    def test_a_pattern_differing_on_a_probe_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The fast path is used only once it matched babel on every probe."""
        locale = babel.Locale.parse("en")
        pattern = locale.date_formats["long"]
        monkeypatch.setitem(_dates.PARTS, "d", lambda v: v.month)  # a wrong part
        assert _fields(pattern, locale) is None


class TestTypedErrors:
    def test_time_of_day_of_a_date(self) -> None:
        """A time field asked of a date is a typed error, fast path or not."""
        locale = babel.Locale.parse("en")
        for pattern in ("h:mm a", "HH:mm z"):
            run = bind_date_pattern(babel.dates.parse_pattern(pattern), locale)
            with pytest.raises(InvalidFieldError, match="a date has none"):
                run(dt.date(2026, 12, 3))
