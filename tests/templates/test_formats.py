"""
Formatting is babel's, exactly, for every locale; and it never crashes with an untyped error.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable

import babel
import babel.dates
import babel.localedata
import babel.numbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import decision, reader
from personal_touch import filters
from personal_touch._templates._formats import formats_for
from personal_touch.exceptions import FilterValueError, InvalidFieldError

ALL_LOCALES = sorted(babel.localedata.locale_identifiers())
CURRENCIES = sorted(babel.numbers.list_currencies())
D = decimal.Decimal
MAX_INTEGER_DIGITS = 1000  # the documented bound on what numbers format

FINITE = (
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(10**80), max_value=10**80)
)


def _babel_or_wide(call: Callable[[], str]) -> str:
    """Babel's text; where babel's default 28 digits overflow, babel's with more digits."""
    try:
        return call()
    except decimal.InvalidOperation:
        with decimal.localcontext() as ctx:
            ctx.prec = MAX_INTEGER_DIGITS + 64
            return call()


class TestNumbersAreBabels:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        value=FINITE,
        locale=st.sampled_from(ALL_LOCALES),
        currency=st.sampled_from(CURRENCIES),
    )
    @example(value=10000, locale="de_CH", currency="CHF")
    @example(value=1e25, locale="en", currency="EUR")
    @example(value=D("-1e59"), locale="ar_EG", currency="BHD")
    @example(value=1.7976931348623157e308, locale="hi", currency="INR")
    @example(value=D("0.0005"), locale="fr", currency="JPY")
    def test_equal_to_babel(
        self, value: float | decimal.Decimal, locale: str, currency: str
    ) -> None:
        """Numbers, percentages and amounts are exactly what babel's own functions give."""
        assert _babel_or_wide(
            lambda: babel.numbers.format_currency(value, currency, locale=locale)
        ) == filters.format_currency(value, currency, locale=locale)
        assert _babel_or_wide(
            lambda: babel.numbers.format_decimal(value, locale=locale)
        ) == filters.format_number(value, locale=locale)
        assert _babel_or_wide(
            lambda: babel.numbers.format_percent(value, locale=locale)
        ) == filters.format_percent(value, locale=locale)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        value=st.integers(-(10**17), 10**17)
        | st.integers(-(10**12), 10**12).map(lambda n: n / 8)
        | st.floats(-1e17, 1e17).map(lambda x: round(x, 3)),
        locale=st.sampled_from(ALL_LOCALES),
        currency=st.sampled_from(CURRENCIES),
        precision=st.sampled_from([28, 3, 9, 17]),
        rounding=st.sampled_from([decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN]),
    )
    def test_amounts_without_rounding_equal_babel_in_any_context(
        self, value: float, locale: str, currency: str, precision: int, rounding: str
    ) -> None:
        """Amounts formatted without Decimal arithmetic are babel's, whatever the context."""
        with decimal.localcontext() as ctx:
            ctx.prec, ctx.rounding = precision, rounding
            assert _babel_or_wide(
                lambda: babel.numbers.format_currency(value, currency, locale=locale)
            ) == filters.format_currency(value, currency, locale=locale)
            assert _babel_or_wide(
                lambda: babel.numbers.format_decimal(value, locale=locale)
            ) == filters.format_number(value, locale=locale)

    @settings(max_examples=200, deadline=None)
    @given(count=FINITE, locale=st.sampled_from(ALL_LOCALES))
    def test_plural_category_is_babels(self, count: float | decimal.Decimal, locale: str) -> None:
        """The plural form chosen is babel's category for the count."""
        forms = {c: c for c in ("zero", "one", "two", "few", "many")} | {"other": "other"}
        expected = _babel_or_wide(lambda: babel.Locale.parse(locale).plural_form(count))
        assert expected == filters.pluralize(count, locale=locale, **forms)


class TestDatesAreBabels:
    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        moment=st.datetimes(
            min_value=dt.datetime(1, 1, 1),
            max_value=dt.datetime(9999, 12, 31, 23, 59, 59),
            timezones=st.just(dt.UTC),
        ),
        locale=st.sampled_from(ALL_LOCALES),
        kind=st.sampled_from(("date", "time")),
        fmt=st.sampled_from(
            (
                *filters.DATE_FORMATS,
                *("d. MMMM y", "EEEE, d.M.yy", "LLL yyyy", "ccc", "EEEEEE", "hh:mm:ss a"),
                *("QQQ y", "G y", "w Y", "D", "h B", "zzzz"),
            )
        ),
    )
    @example(moment=dt.datetime(1, 1, 1, tzinfo=dt.UTC), locale="en", kind="date", fmt="w Y")
    @example(
        moment=dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC), locale="de", kind="time", fmt="full"
    )
    def test_equal_to_babel(self, moment: dt.datetime, locale: str, kind: str, fmt: str) -> None:
        """Dates and times are babel's pattern applied, or a typed error where babel fails."""
        formats = formats_for(locale)
        pattern = formats.pattern(kind, fmt)
        value: dt.date = moment if kind == "time" else moment.date()
        try:
            expected = str(pattern.apply(value, formats.locale))
        except Exception:  # whatever babel raises, ours must be typed
            with pytest.raises(InvalidFieldError):
                formats.formatter(kind, fmt)(value)
        else:
            assert expected == formats.formatter(kind, fmt)(value)

    @pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "pt", "ja", "ar"])
    def test_named_formats_equal_babels_functions(self, locale: str) -> None:
        """The public functions give babel's format_date/format_time/format_datetime."""
        moment = dt.datetime(2026, 12, 3, 18, 30, 5, tzinfo=dt.UTC)
        for f in filters.DATE_FORMATS:
            assert babel.dates.format_date(moment.date(), f, locale=locale) == (
                filters.format_date(moment.date(), f, locale=locale)
            )
            assert babel.dates.format_time(moment, f, locale=locale) == (
                filters.format_time(moment, f, locale=locale)
            )
            assert babel.dates.format_datetime(moment, f, locale=locale) == (
                filters.format_datetime(moment, f, locale=locale)
            )


# -- never an untyped error ---------------------------------------------------------------

HUGE = 98765 * 10**4995 + 43210  # 5,000 digits
EXTREME_NUMBERS = [
    pytest.param(1e25, id="1e25"),
    pytest.param(10**25, id="int-1e25"),
    pytest.param(D("1e25"), id="decimal-1e25"),
    pytest.param(1.7976931348623157e308, id="float-max"),
    pytest.param(D("NaN"), id="decimal-nan"),
    pytest.param(D("sNaN"), id="decimal-snan"),
    pytest.param(D("-Infinity"), id="decimal-inf"),
    pytest.param(float("nan"), id="float-nan"),
    pytest.param(float("inf"), id="float-inf"),
    pytest.param(HUGE, id="int-5000-digits"),
    pytest.param(D("1e999999"), id="decimal-1e999999"),
    pytest.param(D("1e-999999"), id="decimal-tiny"),
    pytest.param("1" * 5000, id="text-5000-digits"),
]
NUMBER_FILTERS = [
    "{{ extra.v | number }}",
    "{{ extra.v | percent }}",
    "{{ extra.v | currency: 'EUR' }}",
    "{{ extra.v | plural: one='# night', other='# nights' }}",
    "{{ extra.v }}",
]


def _assert_clean(error: BaseException, value: object) -> None:
    """A typed error that names no value and chains nothing that could."""
    assert isinstance(error, pt.exceptions.PersonalTouchError)
    assert error.__cause__ is None
    assert error.__context__ is None
    text = str(error) + repr(error)
    shown = str(value % 10**12).zfill(12) if isinstance(value, int) else str(value)[:12]
    if shown.lower() not in ("nan", "inf", "-inf", "snan", "infinity"):
        assert shown not in text


class TestNumbersNeverCrash:
    @pytest.mark.parametrize("source", NUMBER_FILTERS)
    @pytest.mark.parametrize("value", EXTREME_NUMBERS)
    def test_in_templates(self, source: str, value: object) -> None:
        """Extreme numbers format (1e25 and up to 1000 digits) or raise FilterValueError."""
        template = pt.Template(source)
        try:
            text = template.render(reader(locale="de_CH"), decision(), extra={"v": value}).text
        except FilterValueError as error:
            _assert_clean(error, value)
            assert error.filter in source or error.filter == "output"  # noqa: PT017
        else:
            assert text
            if isinstance(value, str):
                return  # text shows as itself without a number filter
            assert isinstance(value, (int, float, D))
            assert D(value).is_finite()
            assert D(value).adjusted() < MAX_INTEGER_DIGITS

    def test_large_numbers_work(self) -> None:
        """1e25 and a 300-digit number format with all their digits and groups."""
        assert "10,000,000,000,000,000,000,000,000" == filters.format_number(1e25, locale="en")
        assert "10.000.000.000.000.000.000.000.000,00\xa0€" == filters.format_currency(
            D("1e25"), "EUR", locale="de"
        )
        assert "1" + ",000" * 100 == filters.format_number(10**300, locale="en")
        assert "other" == filters.pluralize(10**25, locale="en", one="one", other="other")

    @pytest.mark.parametrize("value", EXTREME_NUMBERS)
    def test_public_functions(self, value: object) -> None:
        """filters.format_* and pluralize work or raise InvalidFieldError naming the field."""
        calls: list[Callable[[], str]] = [
            lambda: filters.format_number(value, locale="en"),  # type: ignore[arg-type]
            lambda: filters.format_percent(value, locale="fr"),  # type: ignore[arg-type]
            lambda: filters.format_currency(value, "JPY", locale="ar"),  # type: ignore[arg-type]
            lambda: filters.pluralize(value, locale="ru", one="#", other="#"),  # type: ignore[arg-type]
        ]
        for call in calls:
            try:
                call()
            except InvalidFieldError as error:
                _assert_clean(error, value)
                assert error.field in ("value", "amount", "count")  # noqa: PT017


EDGE_MOMENTS = [
    pytest.param(dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC), id="9999-utc"),
    pytest.param(dt.datetime(1, 1, 1, 0, 1, tzinfo=dt.UTC), id="0001-utc"),
    pytest.param(dt.date(1, 1, 1), id="date-0001"),
    pytest.param(dt.date(9999, 12, 31), id="date-9999"),
    pytest.param("9999-12-31T23:59:59+00:00", id="text-9999"),
]
DATE_FILTERS = [
    "{{ extra.v | date }}",
    "{{ extra.v | date: 'full' }}",
    "{{ extra.v | date: 'a' }}",
    "{{ extra.v | date: 'h:mm a w Y' }}",
    "{{ extra.v | time }}",
    "{{ extra.v | datetime: 'full' }}",
    "{{ extra.v | relative }}",
    "{{ extra.v | relative: granularity='year' }}",
    "{{ extra.v }}",
]


class TestDatesNeverCrash:
    @pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
    @pytest.mark.parametrize("source", DATE_FILTERS)
    @pytest.mark.parametrize("value", EDGE_MOMENTS)
    def test_in_templates(self, zone: str, source: str, value: object) -> None:
        """Dates near year 1 and 9999, in any zone, format or raise FilterValueError."""
        try:
            pt.Template(source).render(reader(timezone=zone), decision(), extra={"v": value})
        except FilterValueError as error:
            _assert_clean(error, value)

    def test_time_pattern_on_a_date(self) -> None:
        """A time-of-day pattern on a date is a typed error naming the filter."""
        with pytest.raises(FilterValueError, match="'date': the pattern shows a time of day"):
            pt.Template("{{ extra.v | date: 'a' }}").render(
                reader(), decision(), extra={"v": dt.date(2026, 12, 3)}
            )

    def test_past_9999_in_the_zone(self) -> None:
        """The last hour of 9999 UTC is already year 10000 in Kiritimati: a typed error."""
        last = dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)
        with pytest.raises(FilterValueError, match="beyond the years 1 to 9999"):
            pt.Template("{{ extra.v | date }}").render(
                reader(timezone="Pacific/Kiritimati"), decision(), extra={"v": last}
            )
        assert (
            "Dec 31, 9999"
            == pt.Template("{{ extra.v | date }}")
            .render(reader(timezone="UTC"), decision(), extra={"v": last})
            .text.split("\n")[0]
        )
        with pytest.raises(InvalidFieldError, match=r"^value: lies beyond"):
            filters.format_date(last, locale="en", tz="Pacific/Kiritimati")
        with pytest.raises(InvalidFieldError, match=r"^at: lies beyond"):
            filters.format_relative(dt.date(9999, 1, 1), at=last, locale="en", tz="Asia/Tokyo")


class TestTypedEvenWhereBabelFails:
    def test_babel_failing_with_enough_digits_is_typed(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Should babel fail even with wide precision, the error is typed and chains nothing."""

        def refuse(*_args: object, **_kwargs: object) -> str:
            raise decimal.InvalidOperation("1234.5")

        number = formats_for("en").decimal
        monkeypatch.setattr(number, "_pattern", type("P", (), {"apply": staticmethod(refuse)})())
        monkeypatch.setattr(number, "_plain", {None: None})  # no fast path: babel formats
        with pytest.raises(InvalidFieldError, match="cannot be formatted") as caught:
            number.format(1234.5)
        _assert_clean(caught.value, 1234.5)

    def test_naive_datetimes_are_refused(self) -> None:
        """A naive datetime is a typed error in relative and in plain output."""
        naive = dt.datetime(2026, 12, 3, 9)
        with pytest.raises(InvalidFieldError, match=r"^value: "):
            filters.format_relative(naive, at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), locale="en")
        with pytest.raises(FilterValueError, match="without a time zone"):
            pt.Template("{{ extra.v }}").render(reader(), decision(), extra={"v": naive})
