"""
Turning structuring errors into typed errors that name the path and the problem, never the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from .._validators import snake
from ..exceptions import InvalidFieldError, InvalidInputError, PersonalTouchError
from ._values import is_fact_value

__all__ = ["describe", "format_exception", "unchained"]


def _type_name(t: Any) -> str:
    if t is None:
        return "value"
    if isinstance(t, type):
        return t.__name__
    if is_fact_value(t):
        return "FactValue"
    return re.sub(r"\b(?:[a-z_]+\.)+", "", str(t)).replace("typing.", "")


def format_exception(exc: BaseException, type_: Any) -> str:
    """
    Describe one structuring error without echoing the input.

    Usable as the ``format_exception`` of :func:`cattrs.transform_error`.

    Our own typed errors contribute their message, which never holds personal data; every
    other error is described by the expected type alone.

    .. versionadded:: 0.1.0
    """
    if isinstance(exc, PersonalTouchError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return _unknown_keys(len(exc.extra_fields))
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, (TypeError, AttributeError)):
        return f"wrong type, expected {_type_name(type_)}"
    if isinstance(exc, ValueError):
        return f"invalid value, expected {_type_name(type_)}"
    return f"cannot be read as {_type_name(type_)} ({type(exc).__name__})"


def _unknown_keys(count: int) -> str:
    # Never the keys themselves: a key can be personal data (an e-mail address as a key).
    return "unknown key" if count == 1 else f"{count} unknown keys"


def unchained(error: InvalidInputError) -> InvalidInputError:
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    return error


def describe(exc: BaseException, path: str = "$") -> list[str]:
    """
    Every problem in a (detailed) cattrs structuring error as ``"<what is wrong> @ $.path"``.

    .. versionadded:: 0.1.0
    """
    return list(_walk(exc, path, None, None))


def _walk(exc: BaseException, path: str, owner: type | None, attr: str | None) -> Iterator[str]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, f"{path}.{note.name}", exc.cl, note.name)
        for sub in without:
            yield from _class_level(sub, path, exc.cl)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _walk(sub, f"{path}[{inote.index!r}]", None, None)
        for sub in without_i:
            yield f"{format_exception(sub, None)} @ {path}"
    elif isinstance(exc, InvalidFieldError) and owner is not None and attr is not None:
        yield f"{snake(owner.__name__)}.{attr}: {exc.problem} @ {path}"
    else:
        yield f"{format_exception(exc, None)} @ {path}"


def _class_level(exc: BaseException, path: str, cl: type) -> Iterator[str]:
    if isinstance(exc, ForbiddenExtraKeysError):
        yield f"{snake(cl.__name__)}: {_unknown_keys(len(exc.extra_fields))} @ {path}"
        return
    if isinstance(exc, InvalidFieldError):
        names = {a.name for a in attrs.fields(cl)} if attrs.has(cl) else set()
        if exc.field in names:
            yield from _walk(exc, f"{path}.{exc.field}", cl, exc.field)
            return
        yield f"{snake(cl.__name__)}: {exc.field}: {exc.problem} @ {path}"
        return
    yield from _walk(exc, path, None, None)
