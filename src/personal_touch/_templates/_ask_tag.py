"""
The ``{% ask key %}`` tag's checks: a valid fact key, a question with text, sane nesting.

The parser reads the tag; these checks say what is wrong with a hostile or mistaken one,
each as a :class:`~personal_touch.exceptions.TemplateSyntaxError` at the tag.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import _ast as ast
from ._lexer import PATH_DOTS, ExprKind, ExprToken, Source

if TYPE_CHECKING:
    from collections.abc import Sequence

#: A fact key, as :func:`personal_touch._facts.validate_key` accepts it.
_KEY = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
_EXPECTED = "expected a fact key such as apparel.shirt_size"


def ask_key(source: Source, tok: ExprToken) -> str:
    """
    The fact key *tok* names (dotted lower-case, written without ``facts.``).
    """
    if tok.kind is ExprKind.PATH:
        key = PATH_DOTS.sub(".", tok.value)
    elif tok.kind is ExprKind.NAME:
        key = tok.value
    else:
        raise source.error(f"{_EXPECTED}, got {tok.value!r}", tok.offset)
    if _KEY.fullmatch(key) is None:
        raise source.error(f"{_EXPECTED} (lower-case names joined by dots)", tok.offset)
    if key.startswith("facts."):
        raise source.error(
            "write the fact key an ask asks for without 'facts.' (apparel.shirt_size)",
            tok.offset,
        )
    return key


def check_nesting(source: Source, name: str, open_blocks: Sequence[str], offset: int) -> None:
    """
    Refuse block tag *name* where it may not open, inside the blocks *open_blocks*.

    An ``ask`` holds only the question's text and outputs; it never stands inside a
    ``level`` block, where whether it is asked would depend on the level the decision grants.
    """
    if "ask" in open_blocks:
        raise source.error(
            f"{{% ask %}} holds only the question's text and {{{{ }}}} outputs, not {{% {name} %}}",
            offset,
        )
    if name == "ask" and "level" in open_blocks:
        raise source.error(
            "{% ask %} cannot stand inside a {% level %} block: ask outside it, so the "
            "question does not depend on the level granted",
            offset,
        )


def check_question(source: Source, body: tuple[ast.Node, ...], offset: int) -> None:
    """
    Refuse an ask whose body says nothing: a question needs its text.
    """
    if not any(not isinstance(n, ast.Text) or n.text.strip() for n in body):
        raise source.error("{% ask %} needs the question's text before {% endask %}", offset)
