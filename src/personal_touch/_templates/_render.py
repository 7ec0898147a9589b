"""
Compile a parsed template, for one locale, into functions; run them against a scope.

Compilation happens once per (template, locale): filters get their babel patterns bound,
paths become small resolver functions, and literal text stays a constant.  A body with
outputs or conditions becomes straight-line code (:mod:`._codegen`) while the template's
budget lasts; the rest, and ``level`` blocks, become closures here.  A render then
only calls functions: nothing is parsed, looked up by name or re-interpreted.  Values are
never read as template source.

Permissions are enforced for every value, whatever the template says (paths resolve through
:mod:`._resolve`):

* a part needing a level above the decision's is unavailable (``"level"``);
* a fact the decision withheld, or one under or above a withheld key, is unavailable
  (``"withheld"``); facts resolve only to the exact instances the decision approved
  (:attr:`~personal_touch.Decision.approved_facts`, matched by identity), so any other
  fact, including a child key or a newer fact under an approved key, is unavailable
  (``"not_usable"``);
* an unavailable value takes the output's ``default``, or fails closed with
  :class:`~personal_touch.exceptions.MissingValueError`; an ``if`` treats it as absent; a
  ``level`` block falls back to its ``else`` part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._levels import Level
from ..exceptions import MissingValueError
from . import _ast as ast
from ._codegen import BUDGET, MAX_ITEMS, generate, weight
from ._filters import prepare, to_text
from ._resolve import Resolve, resolver
from ._results import Fallback, FallbackKind
from ._scope import Scope
from ._steps import note_condition, too_long
from ._variables import level_of

if TYPE_CHECKING:
    from ._formats import LocaleFormats

Run = Callable[[Scope], str]
Escape = Callable[[str], str]
#: A filter step of an output: ``(default text, None)`` or ``(None, prepared filter)``.
Step = tuple[str | None, Callable[[Any, Any], Any] | None]
_BY_RANK = tuple(Level)


def _escape_html(text: str) -> str:
    """
    ``html.escape(text, quote=True)``, inlined: the render's hottest call.
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    return (
        text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")
    )


class Compiler:
    """
    Turns nodes into closures for one locale and one escaping mode.
    """

    def __init__(self, fmt: LocaleFormats, *, html_output: bool) -> None:
        self.fmt = fmt
        self.escape: Callable[[str], str] | None = _escape_html if html_output else None
        #: Parts left to compile to code (see :mod:`._codegen`); bounds the work per template.
        self.budget = BUDGET

    def body(self, nodes: tuple[ast.Node, ...]) -> Run:
        """
        One function rendering *nodes* in order.

        Generated code (:mod:`._codegen`) for a body with outputs or conditions, while the
        template's budget lasts; closures otherwise.
        """
        size = weight(nodes)
        if (
            size <= MAX_ITEMS
            and size <= self.budget
            and any(isinstance(n, (ast.Output, ast.If)) for n in nodes)
        ):
            self.budget -= size
            return generate(nodes, self, html_output=self.escape is not None)
        runs = self._runs(nodes)
        if not runs:
            return lambda s: ""
        # A body counts its literal text on entry, an output its text: the output limit
        # holds as the text grows, long before it is all built.
        static = sum(len(r) for r in runs if isinstance(r, str))
        if len(runs) == 1:
            only = runs[0]
            if isinstance(only, str):

                def run_text(s: Scope) -> str:
                    s.size += static
                    if s.size > s.max_output:
                        too_long(s, None, None)
                    return only

                return run_text
            return only
        # Each run with the literal text before it ("" if none), and the text after the last.
        pairs: list[tuple[str, Run]] = []
        text = ""
        for r in runs:
            if isinstance(r, str):
                text = r
            else:
                pairs.append((text, r))
                text = ""
        steps = tuple(pairs)
        tail = text

        def run_body(s: Scope) -> str:
            s.size += static
            if s.size > s.max_output:
                too_long(s, None, None)
            parts = [t + f(s) for t, f in steps]
            parts.append(tail)
            return "".join(parts)

        return run_body

    def _runs(self, nodes: tuple[ast.Node, ...]) -> list[Run | str]:
        """
        A closure per node, and adjacent literal text joined into one string.
        """
        runs: list[Run | str] = []
        for node in nodes:
            if isinstance(node, ast.Text):
                if runs and isinstance(runs[-1], str):
                    runs[-1] += node.text
                else:
                    runs.append(node.text)
            elif isinstance(node, ast.Output):
                runs.append(self.output(node))
            elif isinstance(node, ast.If):
                runs.append(self.if_(node))
            elif isinstance(node, ast.LevelBlock):
                runs.append(self.level(node))
            else:  # an ask (the template unwraps them first): its question, as written
                runs.extend(self._runs(node.body))
        return runs

    def output(self, node: ast.Output) -> Run:
        """
        ``{{ path | filters }}``.
        """
        resolve = resolver(node.path)
        rank = level_of(node.path.root, node.path.parts).rank
        steps: tuple[Step, ...] = tuple(
            (str(f.args[0]), None) if f.name == "default" else (None, prepare(f, self.fmt))
            for f in node.filters
        )
        if not steps:
            return _plain(node, resolve, rank, self.escape)
        return _piped(node, resolve, rank, self.escape, steps)

    def condition(
        self, cond: ast.Condition
    ) -> Callable[[Scope], tuple[bool, str | None, str | None]]:
        """
        ``scope -> (true?, reason, path)``; reason and path say why the first group failed.
        """
        groups = tuple(
            tuple(
                (
                    resolver(t.path),
                    t.negated,
                    t.path.dotted,
                    level_of(t.path.root, t.path.parts).rank,
                )
                for t in group
            )
            for group in cond.any_of
        )

        def evaluate(s: Scope) -> tuple[bool, str | None, str | None]:
            first_reason: str | None = None
            first_path: str | None = None
            for group in groups:
                keys: list[str] = []
                top = s.top
                ok = True
                for resolve, negated, dotted, rank in group:
                    v, reason, key = resolve(s)
                    present = (
                        reason is None and v is not None and v is not False and v not in ("", ())
                    )
                    if present == negated:
                        if first_path is None:
                            first_path = dotted
                            first_reason = reason or ("present" if negated else "missing")
                        ok = False
                        break
                    if present:
                        if key is not None:
                            keys.append(key)
                        if rank > top:  # noqa: PLR1730 - no call on the hot path
                            top = rank
                if ok:
                    s.used_facts.extend(keys)
                    s.top = top
                    return True, None, None
            return False, first_reason, first_path

        return evaluate

    def if_(self, node: ast.If) -> Run:
        """
        ``{% if %}...{% elif %}...{% else %}...{% endif %}``.
        """
        branches = tuple((self.condition(b.condition), self.body(b.body)) for b in node.branches)
        otherwise = self.body(node.otherwise) if node.otherwise is not None else None

        def run_if(s: Scope) -> str:
            first: tuple[str | None, str | None] | None = None
            for evaluate, body in branches:
                ok, reason, path = evaluate(s)
                if ok:
                    if first is not None:
                        note_condition(s, node, first)
                    return body(s)
                if first is None:
                    first = (reason, path)
            if first is not None:
                note_condition(s, node, first)
            return otherwise(s) if otherwise is not None else ""

        return run_if

    def level(self, node: ast.LevelBlock) -> Run:
        """
        ``{% level L %}...{% else %}...{% endlevel %}``.
        """
        rank = node.level.rank
        body = self.body(node.body)
        otherwise = self.body(node.otherwise) if node.otherwise is not None else None

        def run_level(s: Scope) -> str:
            if s.granted >= rank:
                used, fell, top, size = len(s.used_facts), len(s.fallbacks), s.top, s.size
                try:
                    text = body(s)
                except MissingValueError as e:
                    del s.used_facts[used:]
                    del s.fallbacks[fell:]
                    s.top = top
                    s.size = size
                    reason, path = e.reason, e.path
                else:
                    if rank > s.top:  # noqa: PLR1730 - no call on the hot path
                        s.top = rank
                    return text
            else:
                reason, path = "level", None
            s.fallbacks.append(
                Fallback(
                    kind=FallbackKind.LEVEL,
                    reason=reason,
                    path=path,
                    level=node.level,
                    line=node.line,
                    column=node.column,
                )
            )
            return otherwise(s) if otherwise is not None else ""

        return run_level


def _plain(node: ast.Output, resolve: Resolve, rank: int, escape: Escape | None) -> Run:
    """
    An output without filters: the value as text, or a closed failure.
    """
    dotted = node.path.dotted
    # The most frequent output escapes inline: :func:`_escape_html` without the call.
    html = escape is _escape_html

    def plain(s: Scope) -> str:
        v, reason, key = resolve(s)
        if reason is not None:
            raise MissingValueError(dotted, reason, line=node.line, column=node.column)
        if key is not None:
            s.used_facts.append(key)
        if rank > s.top:  # noqa: PLR1730 - no call on the hot path
            s.top = rank
        text = v if v.__class__ is str else to_text(v, s, node)
        if html:
            if "&" in text:
                text = text.replace("&", "&amp;")
            text = (
                text.replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace('"', "&quot;")
                .replace("'", "&#x27;")
            )
        elif escape is not None:
            text = escape(text)
        s.size += len(text)
        if s.size > s.max_output:
            too_long(s, node.line, node.column)
        return text

    return plain


def _piped(
    node: ast.Output, resolve: Resolve, rank: int, escape: Escape | None, steps: tuple[Step, ...]
) -> Run:
    """
    An output through its filters; a ``default`` replaces an unavailable value (noted).
    """
    dotted = node.path.dotted
    level = _BY_RANK[rank]

    def piped(s: Scope) -> str:
        v, reason, key = resolve(s)
        from_value = reason is None
        for default, fn in steps:
            if default is not None:
                if reason is not None:
                    s.fallbacks.append(
                        Fallback(
                            kind=FallbackKind.VALUE,
                            reason=reason,
                            path=dotted,
                            level=level,
                            line=node.line,
                            column=node.column,
                        )
                    )
                    v, reason = default, None
            elif reason is None:
                v = fn(v, s)  # type: ignore[misc]
                if v is None:
                    reason = "missing"
                    from_value = False
        if reason is not None:
            raise MissingValueError(dotted, reason, line=node.line, column=node.column)
        if from_value:
            if key is not None:
                s.used_facts.append(key)
            if rank > s.top:  # noqa: PLR1730 - no call on the hot path
                s.top = rank
        text = v if v.__class__ is str else to_text(v, s, node)
        if escape is not None:
            text = escape(text)
        s.size += len(text)
        if s.size > s.max_output:
            too_long(s, node.line, node.column)
        return text

    return piped


def subject_line(text: str) -> str:
    """
    A subject with line breaks folded to spaces (no header injection through values).
    """
    return " ".join(text.split()) if ("\n" in text or "\r" in text) else text.strip()
