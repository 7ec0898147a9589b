"""
Template filters prepared for one locale: each call becomes a function of the value.

Arguments were checked at parse time (:mod:`._filter_specs`); a render only calls functions
with their babel patterns already bound.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping
from typing import Any

from .._contacts import Name
from .._frozen import FrozenMap
from ..exceptions import FilterValueError, InvalidFieldError
from . import _ast as ast
from ._formats import LocaleFormats, format_name, in_zone, is_currency

#: A prepared filter: ``(value, scope) -> value``.
Prepared = Callable[[Any, Any], Any]


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


def _as_instant(call: ast.FilterCall, value: Any, scope: Any) -> dt.datetime:
    d = _as_datetime(call, value, scope)
    if not isinstance(d, dt.datetime):
        raise _fail(call, "expects a datetime")
    return d


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


def _prepare(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    return _PREPARERS.get(call.name, _prepare_case)(call, fmt)


def _prepare_date(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    formatter = fmt.formatter("date", str(call.args[0]) if call.args else "medium")

    def run_date(value: Any, scope: Any) -> str:
        return formatter(_as_datetime(call, value, scope))

    return run_date


def _prepare_time(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    formatter = fmt.formatter("time", str(call.args[0]) if call.args else "short")

    def run_time(value: Any, scope: Any) -> str:
        return formatter(_as_instant(call, value, scope))

    return run_time


def _prepare_datetime(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    dfmt = str(call.args[0]) if call.args else "medium"

    def run_datetime(value: Any, scope: Any) -> str:
        return fmt.format_datetime(_as_instant(call, value, scope), dfmt)

    return run_datetime


def _prepare_relative(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    chosen = dict(call.kwargs).get("granularity")

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


#: Amounts that are plainly no mapping (checked before the slower ``Mapping`` test).
_AMOUNTS = frozenset({int, float, decimal.Decimal})


def _prepare_currency(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    code = str(call.args[0]) if call.args else None

    def run_currency(value: Any, scope: Any) -> str:
        cur = code
        if value.__class__ not in _AMOUNTS and (
            value.__class__ is FrozenMap or isinstance(value, Mapping)
        ):
            cur = value.get("currency", cur)
            value = value.get("amount")
        if cur is None or (cur is not code and not is_currency(cur)):
            raise _fail(call, "needs an ISO 4217 currency code")
        return fmt.format_currency(_as_number(call, value), cur)

    return run_currency


def _prepare_number(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    return lambda value, scope: fmt.format_number(_as_number(call, value))


def _prepare_percent(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    return lambda value, scope: fmt.format_percent(_as_number(call, value))


def _prepare_list(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    style = str(call.args[0]) if call.args else "standard"

    def run_list(value: Any, scope: Any) -> str:
        if isinstance(value, str) or not isinstance(value, (tuple, list)):
            raise _fail(call, "expects a list")
        return fmt.format_list([to_text(v, scope, call) for v in value], style)

    return run_list


def _prepare_plural(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    forms = {k: str(v) for k, v in call.kwargs}

    def run_plural(value: Any, scope: Any) -> str:
        n = _as_number(call, value)
        form = forms.get(fmt.plural_form(n), forms["other"])
        return form.replace("#", fmt.format_number(n))

    return run_plural


def _prepare_name(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    style = str(call.args[0]) if call.args else "auto"

    def run_name(value: Any, scope: Any) -> Any:
        if isinstance(value, str):
            return value
        if not isinstance(value, Name):
            raise _fail(call, "expects a name (contact.name)")
        return format_name(value, language=fmt.language, register=scope.register, style=style)

    return run_name


def _prepare_truncate(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    size = int(call.args[0])
    end = str(dict(call.kwargs).get("end", "…"))

    def run_truncate(value: Any, scope: Any) -> str:
        text = to_text(value, scope, call)
        return text if len(text) <= size else text[: max(size - len(end), 0)].rstrip() + end

    return run_truncate


def _prepare_case(call: ast.FilterCall, fmt: LocaleFormats) -> Prepared:
    method = {"upper": str.upper, "lower": str.lower, "capitalize": _capitalize}[call.name]
    return lambda value, scope: method(to_text(value, scope, call))


#: How each filter (but ``default``, which the compiler handles) is prepared; the case
#: filters are prepared by :func:`_prepare_case`.
_PREPARERS: dict[str, Callable[[ast.FilterCall, LocaleFormats], Prepared]] = {
    "date": _prepare_date,
    "time": _prepare_time,
    "datetime": _prepare_datetime,
    "relative": _prepare_relative,
    "currency": _prepare_currency,
    "number": _prepare_number,
    "percent": _prepare_percent,
    "list": _prepare_list,
    "plural": _prepare_plural,
    "name": _prepare_name,
    "truncate": _prepare_truncate,
}


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
