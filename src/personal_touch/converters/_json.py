"""
Parsing JSON text without letting an error repeat it.
"""

from __future__ import annotations

import json
from typing import Any

from ..exceptions import InvalidInputError
from ._errors import unchained

__all__ = ["parse_json"]


def parse_json(text: str | bytes, *, what: str = "input") -> Any:
    """
    Parse JSON *text* (UTF-8 if bytes), refusing bad encodings, bad syntax and deep nesting.

    *what* names the input in the error (a file name, say).

    Raises:
        InvalidInputError: *text* is not UTF-8 or not JSON; the problem names the line and
            column, never the text.

    .. versionadded:: 0.1.0
    """
    problem = _json_problem(text)
    if isinstance(problem, str):
        raise unchained(InvalidInputError([problem], what=what))
    return problem[0]


def _json_problem(text: str | bytes) -> str | tuple[Any]:
    # Errors are described here and raised by the caller outside any handler, so no
    # chained UnicodeDecodeError or JSONDecodeError (whose .object and .doc hold the whole
    # input) reaches a log.
    if isinstance(text, (bytes, bytearray)):
        raw = bytes(text)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return f"not UTF-8 text @ line {line}"
        text = text.removeprefix("\ufeff")
    if not isinstance(text, str):
        return "expected JSON text @ $"
    try:
        return (json.loads(text),)
    except json.JSONDecodeError as exc:
        return f"not valid JSON: {exc.msg} @ line {exc.lineno} column {exc.colno}"
    except RecursionError:
        return "not valid JSON: nested too deeply @ $"
    except ValueError:
        return "not valid JSON @ $"
