"""
Number patterns of one locale: babel's text, through a fast path checked against babel.

A :class:`NumberFormat` formats like babel's ``NumberPattern.apply``.  For the plain patterns
messages use (no scientific notation, no significant digits, no spelled-out currency name),
it first builds a :class:`Plain` formatter whose symbols and affixes are read from babel at
run time (``get_decimal_symbol``, ``get_group_symbol``, ``get_currency_symbol``,
``get_currency_precision`` and the parsed pattern) and whose arithmetic is babel's own
sequence of ``Decimal`` operations in the caller's context.  The formatter is used only after
it gave babel's exact text for every one of :data:`PROBES`; otherwise, and for any number it
cannot take, babel formats.  Nothing is hard-coded per locale, so new CLDR data cannot drift
from it unseen.

Every input is bounded (finite, at most :data:`MAX_INTEGER_DIGITS` integer digits), and
babel's errors become :class:`InvalidFieldError` naming the problem, never the value.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable

import babel
import babel.numbers

from ..exceptions import InvalidFieldError

#: Numbers with more integer digits than this are refused: no message needs them, and the
#: work of grouping their digits grows with the square of their length.
MAX_INTEGER_DIGITS = 1000
_MAX_BITS = MAX_INTEGER_DIGITS * 10 // 3  # 2**3322 < 10**1000: a cheap bound before converting
#: Enough precision for any number within :data:`MAX_INTEGER_DIGITS` and its decimals.
_WIDE_PRECISION = MAX_INTEGER_DIGITS + 64

#: :meth:`Plain.format_exact` takes numbers below this in size (a float's shortest text has
#: no exponent there).
_EXACT_BOUND = 10**16

D = decimal.Decimal
#: The numbers a fast formatter must format exactly as babel does before it is used: signs,
#: zero, rounding both ways (half-even ties), every grouping width, long fractions.
PROBES: tuple[decimal.Decimal, ...] = tuple(
    D(text)
    for text in (
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "-0.5",
        "0.125",
        "0.135",
        "2.675",
        "0.0005",
        "0.0015",
        "0.004",
        "-0.004",
        "7.1",
        "42.42",
        "99.995",
        "999.9999",
        "1000",
        "-1234.5",
        "12345.678",
        "100000",
        "1234567.891",
        "-98765432.1",
        "12345678901.25",
        "1E+21",
        "1.5E-9",
        "123456789012345678",
    )
)


def _problem(problem: str) -> InvalidFieldError:
    return InvalidFieldError("value", problem)


def to_decimal(value: float | decimal.Decimal) -> decimal.Decimal:
    """
    *value* as the ``Decimal`` babel formats (``Decimal(str(value))`` for floats, as babel).

    Raises:
        InvalidFieldError: the value is not a finite number or has more than
            :data:`MAX_INTEGER_DIGITS` integer digits (the message never shows the value).
    """
    if isinstance(value, decimal.Decimal):
        number = value
    elif isinstance(value, int):
        if value.bit_length() > _MAX_BITS:
            raise _problem(f"numbers of more than {MAX_INTEGER_DIGITS} digits cannot be shown")
        number = decimal.Decimal(value)  # exact, and free of int-to-str digit limits
    else:
        number = decimal.Decimal(str(value))
    if not number.is_finite():
        raise _problem("must be a finite number (not NaN or infinity)")
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        raise _problem(f"numbers of more than {MAX_INTEGER_DIGITS} digits cannot be shown")
    return number


def with_babel(call: Callable[[], str]) -> str:
    """
    *call*'s result: babel's, in the caller's decimal context where that context suffices.

    Babel quantizes in the current decimal context, whose default 28 digits do not hold
    ``1e25`` with three decimals; babel then raises ``InvalidOperation``.  Only then is the
    same babel call repeated with enough precision for every number :func:`to_decimal`
    admits, so wherever babel succeeds the text is exactly babel's.
    """
    try:
        return call()
    except decimal.InvalidOperation:
        pass
    try:
        with decimal.localcontext() as ctx:
            ctx.prec = _WIDE_PRECISION
            ctx.traps[decimal.InvalidOperation] = True
            return call()
    except (ArithmeticError, ValueError):
        pass
    # Raised outside the handler: babel's error (which may show the value) is not chained.
    raise _problem("cannot be formatted as a number")


class Plain:
    """
    A plain number pattern with its symbols and affixes read from babel for one locale.

    :meth:`format` runs the ``Decimal`` operations ``NumberPattern.apply`` runs (scale,
    sign, normalize, quantize), so rounding, context precision and ``InvalidOperation`` are
    babel's; then it groups and trims digits as the pattern says.
    """

    __slots__ = ("_affixes", "_decimal", "_frac", "_group", "_min_int", "_quantum", "_scale")

    def __init__(
        self,
        pattern: babel.numbers.NumberPattern,
        *,
        affixes: tuple[tuple[str, str], tuple[str, str]],
        frac: tuple[int, int],
        group: str,
        decimal_symbol: str,
    ) -> None:
        self._scale = pattern.scale
        self._min_int = pattern.int_prec[0]
        self._group = (pattern.grouping[0], pattern.grouping[1], group)
        self._frac = frac
        self._quantum = babel.numbers.get_decimal_quantum(frac[1])
        self._decimal = decimal_symbol
        self._affixes = affixes

    def format(self, number: decimal.Decimal) -> str:
        """
        *number* as babel formats it with this pattern.

        Raises:
            decimal.InvalidOperation: where babel's own quantize would.
        """
        value = number.scaleb(self._scale)
        integer, _, fraction = f"{abs(value).normalize().quantize(self._quantum):f}".partition(".")
        return self._compose(value.is_signed(), integer, fraction)

    def format_exact(self, value: float) -> str | None:
        """
        *value* (an ``int`` or ``float``) as :meth:`format` formats ``to_decimal(value)``.

        Without any ``Decimal``: only where that formatting is exact (no digit rounded away,
        every digit within the context's precision and exponent range), read from the
        number's shortest text, which is what babel converts; ``None`` elsewhere.
        """
        if self._scale or not -_EXACT_BOUND < value < _EXACT_BOUND:  # also NaN
            return None
        text = repr(value)
        if "e" in text:  # below 1e-4
            return None
        negative = text[0] == "-"
        integer, _, fraction = text.lstrip("-").partition(".")
        most = self._frac[1]
        if len(fraction) > most:
            if fraction.rstrip("0"):
                return None  # a digit would be rounded: babel's rounding decides
            fraction = ""
        ctx = decimal.getcontext()
        if ctx.prec < len(integer) + most or ctx.Emax < len(integer) or ctx.Emin > -most:
            return None
        return self._compose(negative, integer, fraction + "0" * (most - len(fraction)))

    def _compose(self, negative: bool, integer: str, fraction: str) -> str:  # noqa: FBT001
        """
        The text of a number from its sign and its digits before and after the point.
        """
        prefix, suffix = self._affixes[int(negative)]
        if len(integer) < self._min_int:
            integer = "0" * (self._min_int - len(integer)) + integer
        size, then, symbol = self._group
        if len(integer) > size:
            groups = []
            while len(integer) > size:
                groups.append(integer[-size:])
                integer = integer[:-size]
                size = then
            integer = symbol.join([integer, *reversed(groups)])
        least, most = self._frac
        fraction = fraction or "0"
        if len(fraction) < least:
            fraction += "0" * (least - len(fraction))
        if most == 0 or (least == 0 and not fraction.strip("0")):
            return prefix + integer + suffix
        fraction = fraction.rstrip("0")
        if len(fraction) < least:
            fraction += "0" * (least - len(fraction))
        return prefix + integer + self._decimal + fraction + suffix


def plain(
    pattern: babel.numbers.NumberPattern, locale: babel.Locale, currency: str | None
) -> Plain | None:
    """
    A :class:`Plain` formatter for *pattern* in *locale*, or ``None`` where babel must format.

    ``None`` for patterns with scientific notation, significant digits, a spelled-out
    currency name or quotes, and whenever the formatter differs from babel on a probe.
    """
    if pattern.exp_prec or "@" in pattern.pattern or not pattern.number_pattern:
        return None
    if "¤¤¤" in "".join((*pattern.prefix, *pattern.suffix)):
        return None
    group = babel.numbers.get_group_symbol(locale, numbering_system="latn")
    decimal_symbol = babel.numbers.get_decimal_symbol(locale, numbering_system="latn")

    def affix(text: str) -> str:
        if currency is not None and "¤" in text:
            text = text.replace("¤¤", currency.upper())
            text = text.replace("¤", babel.numbers.get_currency_symbol(currency, locale))
        return text

    affixes = (
        (affix(pattern.prefix[0]), affix(pattern.suffix[0])),
        (affix(pattern.prefix[1]), affix(pattern.suffix[1])),
    )
    if "'" in "".join((group, decimal_symbol, *affixes[0], *affixes[1])):
        return None  # babel unquotes across the whole text: leave that to babel
    frac = (babel.numbers.get_currency_precision(currency),) * 2 if currency else pattern.frac_prec
    fast = Plain(pattern, affixes=affixes, frac=frac, group=group, decimal_symbol=decimal_symbol)
    # Checked in the default context (28 digits, half-even), whatever the caller's is.
    with decimal.localcontext(decimal.Context()):
        for number in PROBES:
            if fast.format(number) != str(pattern.apply(number, locale, currency=currency)):
                return None
    return fast


class NumberFormat:
    """
    One number pattern of one locale: babel's ``NumberPattern.apply``, checked and bounded.

    A :class:`Plain` formatter per currency is prepared on the currency's first use and
    kept (the currencies a sender uses are few; babel knows about three hundred).
    """

    __slots__ = ("_locale", "_pattern", "_plain")

    def __init__(self, pattern: babel.numbers.NumberPattern, locale: babel.Locale) -> None:
        self._pattern = pattern
        self._locale = locale
        self._plain: dict[str | None, Plain | None] = {}

    def format(self, value: float | decimal.Decimal, currency: str | None = None) -> str:
        """
        *value* formatted exactly like ``pattern.apply(value, locale, currency=currency)``.

        Raises:
            InvalidFieldError: see :func:`to_decimal`.
        """
        try:
            fast = self._plain[currency]
        except KeyError:
            fast = self._plain[currency] = plain(self._pattern, self._locale, currency)
        if fast is not None and (value.__class__ is float or value.__class__ is int):
            text = fast.format_exact(value)
            if text is not None:
                return text
        number = to_decimal(value)
        if fast is not None:
            try:
                return fast.format(number)
            except ArithmeticError:
                pass  # babel's own quantize fails the same way; it decides what follows
        return with_babel(lambda: str(self._pattern.apply(number, self._locale, currency=currency)))
