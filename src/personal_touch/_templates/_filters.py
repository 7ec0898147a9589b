"""
Template filters: what each accepts and how it runs.

Arguments are checked at parse time; filters are prepared per locale, so a render only calls
functions with their babel patterns already bound.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import babel.dates

from .._contacts import Name
from .._frozen import FrozenMap
from ..exceptions import FilterValueError, InvalidFieldError
from . import _ast as ast
from ._formats import (
    DATE_FORMATS,
    LIST_STYLES,
    NAME_STYLES,
    LocaleFormats,
    format_name,
    in_zone,
    is_currency,
)

#: A prepared filter: ``(value, scope) -> value``.
Prepared = Callable[[Any, Any], Any]

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


def _fail(call: ast.FilterCall, problem: str) -> FilterValueError:
    return FilterValueError(call.name, problem, line=call.line, column=call.column)


def _as_number(call: ast.FilterCall, value: Any) -> float | decimal.Decimal:
    cls = value.__class__
    if cls is float or cls is int:
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        if isinstance(value, str):
            try:
                return decimal.Decimal(value)
            except decimal.InvalidOperation:
                pass
        raise _fail(call, "expects a number")
    return value


def _as_datetime(call: ast.FilterCall, value: Any, scope: Any) -> dt.date:
    if value.__class__ is dt.date:
        return value
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
            )
        except ValueError:
            raise _fail(call, "expects a date or an ISO 8601 text") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise _fail(call, "expects an aware datetime")
        return in_zone(value, scope.tz)
    if isinstance(value, dt.date):
        return value
    raise _fail(call, "expects a date or datetime")


def prepare(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    """
    The runnable form of *call* for locale *fmt*.

    It raises only :class:`FilterValueError` naming the filter and the problem (never the
    value): a value the formatting refuses (:class:`InvalidFieldError` from
    :mod:`._formats`, e.g. a NaN count or a date past the year 9999 in the contact's zone)
    becomes one.
    """
    run = _prepare(call, fmt)

    def checked(value: Any, scope: Any) -> Any:
        try:
            return run(value, scope)
        except InvalidFieldError as error:
            problem = error.problem
        raise _fail(call, problem)

    return checked


def _prepare(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:  # noqa: PLR0915
    name = call.name
    args = call.args
    kw = dict(call.kwargs)
    if name in ("date", "time"):
        formatter = fmt.formatter(
            name, str(args[0]) if args else ("medium" if name == "date" else "short")
        )
        if name == "date":

            def run_date(value: Any, scope: Any) -> str:
                return formatter(_as_datetime(call, value, scope))

            return run_date

        def run_time(value: Any, scope: Any) -> str:
            d = _as_datetime(call, value, scope)
            if not isinstance(d, dt.datetime):
                raise _fail(call, "expects a datetime")
            return formatter(d)

        return run_time
    if name == "datetime":
        dfmt = str(args[0]) if args else "medium"

        def run_datetime(value: Any, scope: Any) -> str:
            d = _as_datetime(call, value, scope)
            if not isinstance(d, dt.datetime):
                raise _fail(call, "expects a datetime")
            return fmt.format_datetime(d, dfmt)

        return run_datetime
    if name == "relative":
        chosen = kw.get("granularity")

        def run_relative(value: Any, scope: Any) -> str:
            d = _as_datetime(call, value, scope)
            at = in_zone(scope.decision.at, scope.tz)
            if isinstance(d, dt.datetime):
                delta = d - at
                granularity = "second" if chosen is None else str(chosen)
            else:
                delta = dt.timedelta(days=(d - at.date()).days)
                granularity = "day" if chosen is None else str(chosen)
            return fmt.format_relative(delta, granularity=granularity)

        return run_relative
    if name == "currency":
        code = str(args[0]) if args else None

        def run_currency(value: Any, scope: Any) -> str:
            cur = code
            if value.__class__ is FrozenMap or isinstance(value, Mapping):
                cur = value.get("currency", cur)
                value = value.get("amount")
            if cur is None or (cur is not code and not is_currency(cur)):
                raise _fail(call, "needs an ISO 4217 currency code")
            return fmt.format_currency(_as_number(call, value), cur)

        return run_currency
    if name == "number":
        return lambda value, scope: fmt.format_number(_as_number(call, value))
    if name == "percent":
        return lambda value, scope: fmt.format_percent(_as_number(call, value))
    if name == "list":
        style = str(args[0]) if args else "standard"

        def run_list(value: Any, scope: Any) -> str:
            if isinstance(value, str) or not isinstance(value, (tuple, list)):
                raise _fail(call, "expects a list")
            return fmt.format_list([to_text(v, scope, call) for v in value], style)

        return run_list
    if name == "plural":
        forms = {k: str(v) for k, v in kw.items()}

        def run_plural(value: Any, scope: Any) -> str:
            n = _as_number(call, value)
            form = forms.get(fmt.plural_form(n), forms["other"])
            return form.replace("#", fmt.format_number(n))

        return run_plural
    if name == "name":
        style = str(args[0]) if args else "auto"

        def run_name(value: Any, scope: Any) -> Any:
            if isinstance(value, str):
                return value
            if not isinstance(value, Name):
                raise _fail(call, "expects a name (contact.name)")
            return format_name(value, language=fmt.language, register=scope.register, style=style)

        return run_name
    if name == "truncate":
        size = int(args[0])
        end = str(kw.get("end", "…"))

        def run_truncate(value: Any, scope: Any) -> str:
            text = to_text(value, scope, call)
            return text if len(text) <= size else text[: max(size - len(end), 0)].rstrip() + end

        return run_truncate
    method = {"upper": str.upper, "lower": str.lower, "capitalize": _capitalize}[name]
    return lambda value, scope: method(to_text(value, scope, call))


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_text(value: Any, scope: Any, node: ast.Output | ast.FilterCall) -> str:
    """
    The text a value shows as: numbers, dates and lists in the locale's way.

    Raises:
        FilterValueError: a mapping, a boolean or another value with no text form.
    """
    if isinstance(value, str):
        return value
    name = node.name if isinstance(node, ast.FilterCall) else "output"
    fmt: LocaleFormats = scope.fmt
    if isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, (int, float, decimal.Decimal, dt.date, dt.time)):
        try:
            return _scalar_text(value, scope, fmt)
        except InvalidFieldError as error:
            problem = error.problem
        raise FilterValueError(name, problem, line=node.line, column=node.column)
    elif isinstance(value, (tuple, list)):
        return fmt.format_list([to_text(v, scope, node) for v in value])
    elif isinstance(value, Name):
        text = format_name(value, language=fmt.language, register=scope.register)
        if text is not None:
            return text
    what = (
        "a mapping (pick one of its fields)" if isinstance(value, Mapping) else "this kind of value"
    )
    raise FilterValueError(name, f"cannot show {what} as text", line=node.line, column=node.column)


def _scalar_text(value: Any, scope: Any, fmt: LocaleFormats) -> str:
    if isinstance(value, (int, float, decimal.Decimal)):
        return fmt.format_number(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InvalidFieldError("value", "cannot show a datetime without a time zone")
        return fmt.format_datetime(in_zone(value, scope.tz))
    if isinstance(value, dt.date):
        return fmt.format_date(value)
    return fmt.format_time(value)
