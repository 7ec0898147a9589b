"""
Static analysis: what a template reads and how personal each part is, without rendering.
"""

from __future__ import annotations

import attrs

from .._levels import Level
from . import _ast as ast
from ._variables import level_of


@attrs.frozen(kw_only=True)
class TemplatePart:
    """
    One variable a template reads, where, and the level it needs there.

    Args:
        path: The dotted variable, e.g. ``"facts.travel.next_trip.destination"``.
        level: The level it needs: its own, raised by any enclosing ``level`` block.
        line: Where it is read.
        column: Where it is read.
        has_fallback: Whether the template says something else when it is unavailable
            (a ``default``, an ``if`` test, or a ``level`` block to fall back from).

    .. versionadded:: 0.1.0
    """

    path: str
    level: Level
    line: int
    column: int
    has_fallback: bool


@attrs.frozen(kw_only=True)
class Requirements:
    """
    What a template reads and the levels its parts need.

    Args:
        fields: Contact fields read (``"contact.name.given"``).
        fact_keys: Fact paths read, without the ``facts.`` root (``"travel.next_trip"``).
        extra: Names of caller-supplied ``extra`` values read.
        parts: Every variable read, in source order.
        level: The most personal level any part can reach: ask ``decide`` for this.
        floor: The least level the template renders at without failing closed.
        asks: Fact keys its ``{% ask %}`` blocks ask the person for
            (:func:`~personal_touch.message_for` puts them on ``Message.asks``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       ``asks``.
    """

    fields: frozenset[str] = frozenset()
    fact_keys: frozenset[str] = frozenset()
    extra: frozenset[str] = frozenset()
    parts: tuple[TemplatePart, ...] = ()
    level: Level = Level.GENERIC
    floor: Level = Level.GENERIC
    asks: frozenset[str] = frozenset()


def _part(path: ast.Path, block: Level, *, has_fallback: bool) -> TemplatePart:
    """The part reading *path*, inside blocks that need *block*."""
    return TemplatePart(
        path=path.dotted,
        level=max(level_of(path.root, path.parts), block),
        line=path.line,
        column=path.column,
        has_fallback=has_fallback,
    )


def analyse(nodes: tuple[ast.Node, ...], *more: tuple[ast.Node, ...]) -> Requirements:
    """
    The requirements of a body (and of a subject, if given).
    """
    parts: list[TemplatePart] = []
    blocks: list[Level] = []
    asks: set[str] = set()

    def walk(body: tuple[ast.Node, ...], block: Level, *, guarded: bool) -> None:
        for node in body:
            if isinstance(node, ast.Output):
                parts.append(_part(node.path, block, has_fallback=guarded or node.has_fallback))
            elif isinstance(node, ast.If):
                for branch in node.branches:
                    for test in branch.condition.tests:
                        parts.append(_part(test.path, block, has_fallback=True))
                    walk(branch.body, block, guarded=guarded)
                if node.otherwise is not None:
                    walk(node.otherwise, block, guarded=guarded)
            elif isinstance(node, ast.LevelBlock):
                inner = max(block, node.level)
                blocks.append(inner)
                walk(node.body, inner, guarded=True)
                if node.otherwise is not None:
                    walk(node.otherwise, block, guarded=guarded)
            elif isinstance(node, ast.Ask):
                # Asked whenever the message is sent, even inside an ``if``: which branch
                # runs is not known before rendering, so the analysis counts every ask.
                asks.add(node.key)
                walk(node.body, block, guarded=guarded)

    for body in (nodes, *more):
        walk(body, Level.GENERIC, guarded=False)
    level = max([p.level for p in parts] + blocks + [Level.GENERIC])
    floor = max([p.level for p in parts if not p.has_fallback] + [Level.GENERIC])
    return Requirements(
        fields=frozenset(p.path for p in parts if p.path.startswith("contact.")),
        fact_keys=frozenset(
            p.path.removeprefix("facts.") for p in parts if p.path.startswith("facts.")
        ),
        extra=frozenset(
            p.path.removeprefix("extra.") for p in parts if p.path.startswith("extra.")
        ),
        parts=tuple(parts),
        level=level,
        floor=floor,
        asks=frozenset(asks),
    )
