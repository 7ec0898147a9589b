"""
The filters templates may use: each one's arguments, their check at parse time, and its doc.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs
import babel.dates

from . import _ast as ast
from ._formats import DATE_FORMATS, LIST_STYLES, NAME_STYLES, is_currency

_PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_GRANULARITIES = ("year", "month", "week", "day", "hour", "minute", "second")


@attrs.frozen
class Spec:
    """
    A filter's signature: positional and named arguments it accepts, and their check.
    """

    name: str
    max_args: int = 0
    kwargs: frozenset[str] = frozenset()
    validate: Callable[[tuple[ast.Literal, ...], Mapping[str, ast.Literal]], str | None] | None = (
        None
    )
    min_args: int = 0
    doc: str = ""

    def check(self, args: tuple[ast.Literal, ...], kwargs: Mapping[str, ast.Literal]) -> str | None:
        """
        What is wrong with *args* and *kwargs*, or ``None``.
        """
        if len(args) > self.max_args:
            return f"takes at most {self.max_args} argument(s)"
        if len(args) < self.min_args:
            return f"needs at least {self.min_args} argument(s)"
        for k in kwargs:
            if k not in self.kwargs:
                return f"has no argument named {k!r}"
        return self.validate(args, kwargs) if self.validate else None


def _date_format(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if not args:
        return None
    fmt = args[0]
    if not isinstance(fmt, str):
        return "the format must be quoted text"
    if fmt in DATE_FORMATS:
        return None
    try:
        babel.dates.parse_pattern(fmt)
    except (ValueError, TypeError, KeyError):
        return f"{fmt!r} is neither short/medium/long/full nor a CLDR date pattern"
    return None


def _named_only(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if args and args[0] not in DATE_FORMATS:
        return "the format must be one of short, medium, long, full"
    return None


def _currency(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if args and not (isinstance(args[0], str) and is_currency(args[0])):
        return 'the currency must be an ISO 4217 code such as "EUR"'
    return None


def _list(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if args and args[0] not in LIST_STYLES:
        return f"the style must be one of {', '.join(LIST_STYLES)}"
    return None


def _name(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if args and args[0] not in NAME_STYLES:
        return f"the style must be one of {', '.join(NAME_STYLES)}"
    return None


def _plural(_args: tuple[ast.Literal, ...], kw: Mapping[str, ast.Literal]) -> str | None:
    if "other" not in kw:
        return 'needs other="..." (the form every language has)'
    if not all(isinstance(v, str) for v in kw.values()):
        return "forms must be quoted text"
    return None


def _relative(_args: tuple[ast.Literal, ...], kw: Mapping[str, ast.Literal]) -> str | None:
    g = kw.get("granularity")
    if g is not None and g not in _GRANULARITIES:
        return f"granularity must be one of {', '.join(_GRANULARITIES)}"
    return None


def _text_arg(args: tuple[ast.Literal, ...], _kw: Mapping[str, ast.Literal]) -> str | None:
    if args and not isinstance(args[0], str):
        return "the argument must be quoted text"
    return None


def _truncate(args: tuple[ast.Literal, ...], kw: Mapping[str, ast.Literal]) -> str | None:
    if not isinstance(args[0], int) or args[0] < 1:
        return "the length must be a positive whole number"
    if "end" in kw and not isinstance(kw["end"], str):
        return "end must be quoted text"
    return None


#: Every filter templates may use, by name.
SPECS: dict[str, Spec] = {
    s.name: s
    for s in (
        Spec(
            "default",
            max_args=1,
            min_args=1,
            validate=_text_arg,
            doc="text to use when the value is missing, withheld or not permitted",
        ),
        Spec(
            "date",
            max_args=1,
            validate=_date_format,
            doc="a date: short, medium (default), long, full or a CLDR pattern",
        ),
        Spec(
            "time",
            max_args=1,
            validate=_date_format,
            doc="a time of day in the contact's zone: short (default), medium, long, full",
        ),
        Spec(
            "datetime",
            max_args=1,
            validate=_named_only,
            doc="a date and time in the contact's zone: short, medium (default), long, full",
        ),
        Spec(
            "relative",
            kwargs=frozenset({"granularity"}),
            validate=_relative,
            doc='time from the decision\'s instant: "in 3 days", "2 hours ago"',
        ),
        Spec(
            "currency",
            max_args=1,
            validate=_currency,
            doc="an amount in a currency (or a mapping with amount and currency)",
        ),
        Spec("number", doc="a number with the locale's separators"),
        Spec("percent", doc="a fraction as a percentage (0.25 is 25 %)"),
        Spec(
            "list",
            max_args=1,
            validate=_list,
            doc='items joined the locale\'s way: "Anna, Ben and Chloé"',
        ),
        Spec(
            "plural",
            kwargs=frozenset(_PLURAL_CATEGORIES),
            validate=_plural,
            doc="the form for the count's plural category; # stands for the count",
        ),
        Spec(
            "name",
            max_args=1,
            validate=_name,
            doc="a name in the register and the locale's order: auto, formal, informal, ...",
        ),
        Spec("upper", doc="upper case"),
        Spec("lower", doc="lower case"),
        Spec("capitalize", doc="the first letter in upper case"),
        Spec(
            "truncate",
            max_args=1,
            min_args=1,
            kwargs=frozenset({"end"}),
            validate=_truncate,
            doc='at most N characters, ending with end="…" when cut',
        ),
    )
}
