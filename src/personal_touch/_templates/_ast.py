"""
The template syntax tree: frozen nodes with their line and column in the source.
"""

from __future__ import annotations

from typing import TypeAlias

import attrs

from .._levels import Level

#: A literal filter argument.
Literal: TypeAlias = str | int | float


@attrs.frozen
class Text:
    """
    Literal copy, output as written (never escaped, never re-read as template source).
    """

    text: str
    line: int
    column: int


@attrs.frozen
class Path:
    """
    A dotted variable such as ``contact.name.given`` or ``facts.travel.next_trip``.
    """

    root: str
    parts: tuple[str, ...]
    line: int
    column: int

    @property
    def dotted(self) -> str:
        """
        The path as written: ``"facts.travel.next_trip"``.
        """
        return ".".join((self.root, *self.parts))


@attrs.frozen
class FilterCall:
    """
    ``| name: arg, key=value`` in an output.
    """

    name: str
    args: tuple[Literal, ...]
    kwargs: tuple[tuple[str, Literal], ...]
    line: int
    column: int


@attrs.frozen
class Output:
    """
    ``{{ path | filter ... }}``.
    """

    path: Path
    filters: tuple[FilterCall, ...]
    line: int
    column: int

    @property
    def has_fallback(self) -> bool:
        """
        Whether a ``default`` filter gives text to use when the value is unavailable.
        """
        return any(f.name == "default" for f in self.filters)


@attrs.frozen
class Test:
    """
    One operand of a condition: a path, true when present and permitted (or the reverse).
    """

    path: Path
    negated: bool = False


@attrs.frozen
class Condition:
    """
    Tests combined as an OR of ANDs (``and`` binds tighter than ``or``).
    """

    any_of: tuple[tuple[Test, ...], ...]

    @property
    def tests(self) -> tuple[Test, ...]:
        """
        Every test, in source order.
        """
        return tuple(t for group in self.any_of for t in group)


@attrs.frozen
class Branch:
    """
    An ``if``/``elif`` condition and the body it guards.
    """

    condition: Condition
    body: tuple[Node, ...]


@attrs.frozen
class If:
    """
    ``{% if %}...{% elif %}...{% else %}...{% endif %}``.
    """

    branches: tuple[Branch, ...]
    otherwise: tuple[Node, ...] | None
    line: int
    column: int


@attrs.frozen
class LevelBlock:
    """
    ``{% level personal %}...{% else %}...{% endlevel %}``: a part that needs *level*.

    The ``else`` part says what to say instead when the decision grants less or a value
    inside is unavailable.
    """

    level: Level
    body: tuple[Node, ...]
    otherwise: tuple[Node, ...] | None
    line: int
    column: int


@attrs.frozen
class Ask:
    """
    ``{% ask apparel.shirt_size %}What's your shirt size?{% endask %}``: a question.

    The body (text and outputs only) is said as written; *key* is the fact key the question
    asks the person for, which the template's requirements list among its ``asks``.
    """

    key: str
    body: tuple[Node, ...]
    line: int
    column: int


Node: TypeAlias = Text | Output | If | LevelBlock | Ask


def without_asks(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """
    *nodes* with every :class:`Ask` replaced by its body (*nodes* itself when none asks).

    What renders: a question is said as written, so the compilers never see an ``Ask``.
    """
    out: list[Node] = []
    changed = False
    for node in nodes:
        if isinstance(node, Ask):
            out.extend(node.body)
            changed = True
        elif isinstance(node, If):
            plain = _if_without_asks(node)
            out.append(plain)
            changed = changed or plain is not node
        else:
            out.append(node)
    return tuple(out) if changed else nodes


def _if_without_asks(node: If) -> If:
    """*node* with the asks in its branches unwrapped (*node* itself when none asks)."""
    bodies = [without_asks(b.body) for b in node.branches]
    otherwise = None if node.otherwise is None else without_asks(node.otherwise)
    if otherwise is node.otherwise and all(
        new is b.body for new, b in zip(bodies, node.branches, strict=True)
    ):
        return node
    branches = tuple(Branch(b.condition, new) for new, b in zip(bodies, node.branches, strict=True))
    return If(branches, otherwise, node.line, node.column)
