"""
The steps of a render that note a fallback or stop it, shared by closures and generated code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from .._levels import Level
from ..exceptions import MissingValueError, TemplateLimitError
from ._results import FallbackKind, fallback
from ._variables import level_of

if TYPE_CHECKING:
    from . import _ast as ast
    from ._scope import Scope

_BY_RANK = tuple(Level)


def too_long(s: Scope, line: int | None, column: int | None) -> NoReturn:
    """
    Stop a render whose text has grown past the output limit.

    Raises:
        TemplateLimitError: Always.
    """
    raise TemplateLimitError(
        "max_output",
        f"rendered text is longer than {s.max_output} characters",
        line=line,
        column=column,
        template=s.template,
    )


def missing(node: ast.Output, reason: str) -> NoReturn:
    """
    Fail closed: *node*'s value is unavailable for *reason* and it has no default.

    Raises:
        MissingValueError: Always.
    """
    raise MissingValueError(node.path.dotted, reason, line=node.line, column=node.column)


def fell_back(s: Scope, node: ast.Output, reason: str) -> None:
    """
    Note that *node*'s ``default`` replaced its value, unavailable for *reason*.
    """
    path = node.path
    s.fallbacks.append(
        fallback(
            FallbackKind.VALUE,
            reason,
            path.dotted,
            _BY_RANK[level_of(path.root, path.parts).rank],
            node.line,
            node.column,
        )
    )


_WORTH_NOTING = frozenset({"missing", "withheld", "not_usable", "level"})


def note_condition(s: Scope, node: ast.If, first: tuple[str | None, str | None]) -> None:
    """
    Note that *node* fell back: its first failing branch failed for *first* (reason, path).
    """
    reason, path = first
    if reason in _WORTH_NOTING:
        s.fallbacks.append(
            fallback(FallbackKind.CONDITION, reason, path, None, node.line, node.column)
        )


def note(s: Scope, node: ast.If, reason: str | None, path: str | None) -> None:
    """
    :func:`note_condition` with the reason and path apart (as generated code holds them).
    """
    note_condition(s, node, (reason, path))
