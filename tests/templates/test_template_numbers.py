"""
Number patterns: the fast path is built from babel's data, checked on probes, and equals babel.
"""

from __future__ import annotations

import decimal

import babel
import babel.localedata
import babel.numbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from personal_touch._templates import _numbers
from personal_touch._templates._numbers import NumberFormat, plain, to_decimal

ALL_LOCALES = sorted(babel.localedata.locale_identifiers())
CURRENCIES = sorted(babel.numbers.list_currencies())
D = decimal.Decimal
KINDS = ("decimal", "percent", "currency")

NUMBERS = (
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20)
    | st.integers(min_value=-(10**20), max_value=10**20)
)


def _pattern(locale: babel.Locale, kind: str) -> babel.numbers.NumberPattern:
    if kind == "decimal":
        return locale.decimal_formats[None]
    if kind == "percent":
        return locale.percent_formats[None]
    return locale.currency_formats["standard"]


def _babel(
    pattern: babel.numbers.NumberPattern,
    locale: babel.Locale,
    value: float | decimal.Decimal,
    currency: str | None,
) -> str:
    return str(pattern.apply(to_decimal(value), locale, currency=currency))


class TestPlainIsBabels:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        value=NUMBERS,
        name=st.sampled_from(ALL_LOCALES),
        kind=st.sampled_from(KINDS),
        currency=st.sampled_from(CURRENCIES),
    )
    @example(value=D("2.675"), name="en_IN", kind="decimal", currency="EUR")
    @example(value=-0.0, name="fr", kind="currency", currency="JPY")
    @example(value=D("1234567.891"), name="de_CH", kind="decimal", currency="CHF")
    @example(value=D("0.0005"), name="ar_EG", kind="currency", currency="BHD")
    def test_equal_to_babel(
        self, value: float | decimal.Decimal, name: str, kind: str, currency: str
    ) -> None:
        """Every locale's decimal, percent and currency pattern gives babel's text."""
        locale = babel.Locale.parse(name)
        pattern = _pattern(locale, kind)
        cur = currency if kind == "currency" else None
        assert _babel(pattern, locale, value, cur) == NumberFormat(pattern, locale).format(
            value, cur
        )

    @settings(max_examples=200, deadline=None)
    @given(value=NUMBERS, kind=st.sampled_from(KINDS))
    def test_fast_path_is_taken_and_equal(self, value: float | decimal.Decimal, kind: str) -> None:
        """The common locales take the fast path, and it says what babel says."""
        for name in ("en", "de_DE", "fr", "en_IN", "ja", "ar_EG", "pt_BR"):
            locale = babel.Locale.parse(name)
            pattern = _pattern(locale, kind)
            cur = "EUR" if kind == "currency" else None
            fast = plain(pattern, locale, cur)
            assert fast is not None, name
            assert _babel(pattern, locale, value, cur) == fast.format(to_decimal(value))


class TestWhereBabelFormats:
    @pytest.mark.parametrize("pattern", ["#E0", "@@@", "¤¤¤ #,##0.00", "#,##0.00 'x'"])
    def test_special_patterns_have_no_fast_path(self, pattern: str) -> None:
        """Scientific, significant-digit, spelled-out-currency and quoted patterns go to babel."""
        locale = babel.Locale.parse("en")
        assert plain(babel.numbers.parse_pattern(pattern), locale, "EUR") is None

    def test_quote_symbols_go_to_babel(self) -> None:
        """Where a symbol is a quote babel would unquote (Swiss grouping), babel formats."""
        locale = babel.Locale.parse("de_CH")
        pattern = locale.decimal_formats[None]
        if "'" not in babel.numbers.get_group_symbol(locale):
            pytest.skip("this CLDR groups de_CH digits without a quote")
        assert plain(pattern, locale, None) is None
        assert _babel(pattern, locale, 1234567.5, None) == NumberFormat(pattern, locale).format(
            1234567.5
        )

    def test_a_formatter_differing_on_a_probe_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The fast path is used only once it matched babel on every probe."""
        locale = babel.Locale.parse("en")
        pattern = locale.decimal_formats[None]
        assert plain(pattern, locale, None) is not None
        monkeypatch.setattr(_numbers.Plain, "format", lambda _self, _number: "0")
        assert plain(pattern, locale, None) is None

    @pytest.mark.parametrize(
        ("prec", "rounding"),
        [(6, decimal.ROUND_HALF_EVEN), (28, decimal.ROUND_DOWN), (40, decimal.ROUND_HALF_UP)],
    )
    @pytest.mark.parametrize("value", [D("1234567.891"), D("2.675"), D("-0.125"), 1e25])
    def test_the_callers_context_is_babels(
        self, prec: int, rounding: str, value: decimal.Decimal
    ) -> None:
        """Precision and rounding come from the caller's context, as in babel."""
        locale = babel.Locale.parse("en")
        pattern = locale.currency_formats["standard"]
        number = NumberFormat(pattern, locale)
        number.format(1, "USD")  # the fast path is prepared in the default context
        with decimal.localcontext() as ctx:
            ctx.prec = prec
            ctx.rounding = rounding
            try:
                expected = _babel(pattern, locale, value, "USD")
            except decimal.InvalidOperation:
                expected = None
            got = number.format(value, "USD")
        if expected is not None:
            assert expected == got
        else:  # babel needs more digits than the context has: babel's, with enough digits
            with decimal.localcontext() as ctx:
                ctx.prec = 2000
                assert _babel(pattern, locale, value, "USD") == got
