"""
Parse tokens into a tree of frozen nodes, checking variables, filters and nesting.

Grammar (informally)::

    output    := "{{" path ("|" filter)* "}}"
    filter    := NAME [":" arg ("," arg)*]
    arg       := literal | NAME "=" literal
    literal   := STRING | NUMBER
    path      := NAME ("." NAME)*
    condition := test (("and" | "or") test)*       -- "and" binds tighter
    test      := ["not"] path
    tags      := if condition / elif condition / else / endif
               | level LEVEL / else / endlevel
               | ask KEY / endask                 -- text and outputs only inside
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .._levels import Level
from ..exceptions import (
    InvalidFieldError,
    TemplateLimitError,
    UnknownFilterError,
    UnknownVariableError,
)
from . import _ast as ast
from ._ask_tag import ask_key, check_nesting, check_question
from ._filter_specs import SPECS
from ._lexer import (
    PATH_DOTS,
    ExprKind,
    ExprStream,
    ExprToken,
    Kind,
    Source,
    Token,
    tokenize,
    tokenize_expression,
)
from ._variables import is_allowed

#: The deepest nesting a template may allow (parsing and rendering recurse once per block).
DEPTH_CEILING = 100
#: The most digits a number literal may have (larger ones are no argument any filter takes).
MAX_NUMBER_DIGITS = 32


def _count(ceiling: int | None = None) -> Callable[[Any, attrs.Attribute[int], Any], None]:
    """
    A validator: a whole number from 1 (to *ceiling*).
    """

    def check(_instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
        if value.__class__ is not int or value < 1 or (ceiling is not None and value > ceiling):
            upper = f" to {ceiling}" if ceiling is not None else ""
            raise InvalidFieldError(attribute.name, f"must be a whole number from 1{upper}")

    return check


@attrs.frozen
class TemplateLimits:
    """
    Bounds a template must stay within.

    Args:
        max_source: Longest template source, in characters.
        max_depth: Deepest nesting of ``if``, ``level`` and ``ask`` blocks (at most 100).
        max_output: Longest rendered text, in characters: of the body and of the subject,
            each checked as it grows.
        max_filters: Most filters in one ``{{ }}``.

    Raises:
        InvalidFieldError: A limit is not a whole number from 1.

    .. versionadded:: 0.1.0
    """

    max_source: int = attrs.field(default=200_000, validator=_count())
    max_depth: int = attrs.field(default=16, validator=_count(DEPTH_CEILING))
    max_output: int = attrs.field(default=200_000, validator=_count())
    max_filters: int = attrs.field(default=32, validator=_count())


_LEVELS = {lv.value: lv for lv in Level}
_BLOCKS = ("if", "level", "ask")
_CLOSERS = ("elif", "else", "endif", "endlevel", "endask")


class Parser:
    """
    Turns template source into a tuple of nodes.
    """

    def __init__(self, source: Source, limits: TemplateLimits) -> None:
        self.source = source
        self.limits = limits
        self.tokens: list[Token] = tokenize(source, max_source=limits.max_source)
        self.i = 0
        #: The blocks open around the token being read, outermost first.
        self._open: list[str] = []

    # -- entry -----------------------------------------------------------------------

    def parse(self) -> tuple[ast.Node, ...]:
        """
        Parse the whole source.

        Raises:
            TemplateSyntaxError: The source is malformed (with line and column).
            UnknownFilterError: A filter does not exist.
            UnknownVariableError: A variable is not on the allow-list.
            TemplateLimitError: Blocks nest deeper than the limit.
        """
        body, stop = self._body(depth=0, stops=())
        assert stop is None
        return body

    # -- blocks ----------------------------------------------------------------------

    def _body(
        self, *, depth: int, stops: tuple[str, ...], opener: Token | None = None
    ) -> tuple[tuple[ast.Node, ...], tuple[str, ExprStream, Token] | None]:
        nodes: list[ast.Node] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            if tok.kind is Kind.TEXT:
                line, col = self.source.position(tok.offset)
                nodes.append(ast.Text(tok.content, line, col))
            elif tok.kind is Kind.OUTPUT:
                nodes.append(self._output(tok))
            else:
                stream = ExprStream(
                    self.source,
                    tokenize_expression(self.source, tok.content, tok.offset),
                    tok.offset + len(tok.content),
                )
                head = stream.peek()
                if head is None or head.kind is not ExprKind.NAME:
                    raise self.source.error("expected a tag name", tok.offset)
                name = head.value
                if name in stops:
                    stream.i += 1
                    return tuple(nodes), (name, stream, tok)
                if name in _BLOCKS:
                    nodes.append(self._block(name, stream, tok, head, depth + 1))
                elif name in _CLOSERS:
                    raise self.source.error(f"{{% {name} %}} without a matching block", head.offset)
                else:
                    raise self.source.error(f"unknown tag {name!r}", head.offset)
        if opener is not None:
            raise self.source.error(
                f"block is never closed (expected {{% {stops[-1]} %}})", opener.start
            )
        return tuple(nodes), None

    def _block(
        self, name: str, stream: ExprStream, tok: Token, head: ExprToken, depth: int
    ) -> ast.Node:
        """The ``if``, ``level`` or ``ask`` block *tok* opens, *depth* blocks deep."""
        if depth > self.limits.max_depth:
            line, col = self.source.position(head.offset)
            raise TemplateLimitError(
                "max_depth",
                f"blocks nest deeper than {self.limits.max_depth}",
                line=line,
                column=col,
                template=self.source.name,
            )
        check_nesting(self.source, name, self._open, head.offset)
        stream.i += 1
        self._open.append(name)
        try:
            if name == "if":
                return self._if(stream, tok, depth)
            if name == "level":
                return self._level(stream, tok, depth)
            return self._ask(stream, tok, depth)
        finally:
            self._open.pop()

    def _ask(self, stream: ExprStream, head: Token, depth: int) -> ast.Ask:
        key = ask_key(self.source, stream.next("a fact key such as apparel.shirt_size"))
        stream.done()
        body, stop = self._body(depth=depth, stops=("endask",), opener=head)
        assert stop is not None
        stop[1].done()
        check_question(self.source, body, head.start)
        line, col = self.source.position(head.start)
        return ast.Ask(key, body, line, col)

    def _if(self, stream: ExprStream, head: Token, depth: int) -> ast.If:
        branches: list[ast.Branch] = []
        condition = self._condition(stream)
        otherwise: tuple[ast.Node, ...] | None = None
        while True:
            body, stop = self._body(depth=depth, stops=("elif", "else", "endif"), opener=head)
            assert stop is not None  # _body raises on an unclosed block
            name, tag_stream, _ = stop
            branches.append(ast.Branch(condition, body))
            if name == "elif":
                condition = self._condition(tag_stream)
                continue
            tag_stream.done()
            if name == "else":
                otherwise, stop2 = self._body(
                    depth=depth, stops=("endif", "elif", "else"), opener=head
                )
                assert stop2 is not None
                if stop2[0] != "endif":
                    raise self.source.error(
                        f"{{% {stop2[0]} %}} after {{% else %}}", stop2[2].offset
                    )
                stop2[1].done()
            break
        line, col = self.source.position(head.start)
        return ast.If(tuple(branches), otherwise, line, col)

    def _level(self, stream: ExprStream, head: Token, depth: int) -> ast.LevelBlock:
        tok = stream.next("a level name (generic ... individual)")
        level = _LEVELS.get(tok.value.lower()) if tok.kind is ExprKind.NAME else None
        if level is None:
            raise self.source.error(
                f"unknown level {tok.value!r} (expected one of {', '.join(_LEVELS)})",
                tok.offset,
            )
        stream.done()
        body, stop = self._body(depth=depth, stops=("else", "endlevel"), opener=head)
        assert stop is not None
        stop[1].done()
        otherwise: tuple[ast.Node, ...] | None = None
        if stop[0] == "else":
            otherwise, stop2 = self._body(depth=depth, stops=("endlevel", "else"), opener=head)
            assert stop2 is not None
            if stop2[0] != "endlevel":
                raise self.source.error("{% else %} after {% else %}", stop2[2].offset)
            stop2[1].done()
        line, col = self.source.position(head.start)
        return ast.LevelBlock(level, body, otherwise, line, col)

    # -- expressions -----------------------------------------------------------------

    def _condition(self, stream: ExprStream) -> ast.Condition:
        groups: list[tuple[ast.Test, ...]] = []
        current: list[ast.Test] = [self._test(stream)]
        while (tok := stream.peek()) is not None:
            if tok.kind is ExprKind.NAME and tok.value == "and":
                stream.i += 1
                current.append(self._test(stream))
            elif tok.kind is ExprKind.NAME and tok.value == "or":
                stream.i += 1
                groups.append(tuple(current))
                current = [self._test(stream)]
            else:
                raise self.source.error(
                    f"expected 'and', 'or' or '%}}', got {tok.value!r}", tok.offset
                )
        groups.append(tuple(current))
        return ast.Condition(tuple(groups))

    def _test(self, stream: ExprStream) -> ast.Test:
        tok = stream.peek()
        negated = False
        if tok is not None and tok.kind is ExprKind.NAME and tok.value == "not":
            stream.i += 1
            negated = True
        return ast.Test(self._path(stream), negated)

    def _path(self, stream: ExprStream) -> ast.Path:
        tok = stream.next("a variable such as contact.name.given")
        names = PATH_DOTS.split(tok.value) if tok.kind is ExprKind.PATH else [tok.value]
        if tok.kind not in (ExprKind.NAME, ExprKind.PATH) or names[0] in ("and", "or", "not"):
            raise self.source.error(
                f"expected a variable such as contact.name.given, got {tok.value!r}", tok.offset
            )
        # One pass with locals: a path may have tens of thousands of names.
        tokens, i, n = stream.tokens, stream.i, len(stream.tokens)
        op, name, number = ExprKind.OP, ExprKind.NAME, ExprKind.NUMBER
        while i < n and tokens[i].kind is op and tokens[i].value == ".":
            if i + 1 == n:
                stream.i = n
                raise self.source.error("expected a name after '.'", stream.end)
            part = tokens[i + 1]
            if part.kind is not name and (part.kind is not number or part.value[0] == "-"):
                raise self.source.error("expected a name after '.'", part.offset)
            names.append(part.value)
            i += 2
        stream.i = i
        line, col = self.source.position(tok.offset)
        root, parts = names[0], tuple(names[1:])
        if not is_allowed(root, parts):
            raise UnknownVariableError(
                ".".join(names), line=line, column=col, template=self.source.name
            )
        return ast.Path(root, parts, line, col)

    def _literal(self, stream: ExprStream) -> ast.Literal:
        tok = stream.next("a quoted text or a number")
        if tok.kind is ExprKind.STRING:
            return tok.value
        if tok.kind is ExprKind.NUMBER:
            if len(tok.value.lstrip("-").replace(".", "")) > MAX_NUMBER_DIGITS:
                raise self.source.error(
                    f"a number has at most {MAX_NUMBER_DIGITS} digits", tok.offset
                )
            return float(tok.value) if "." in tok.value else int(tok.value)
        raise self.source.error(
            f"expected a quoted text or a number, got {tok.value!r}", tok.offset
        )

    def _filter(self, stream: ExprStream) -> ast.FilterCall:
        tok = stream.next("a filter name")
        if tok.kind is not ExprKind.NAME:
            raise self.source.error(f"expected a filter name, got {tok.value!r}", tok.offset)
        line, col = self.source.position(tok.offset)
        spec = SPECS.get(tok.value)
        if spec is None:
            raise UnknownFilterError(tok.value, line=line, column=col, template=self.source.name)
        args: list[ast.Literal] = []
        kwargs: list[tuple[str, ast.Literal]] = []
        named: set[str] = set()
        if stream.at_op(":"):
            stream.i += 1
            while True:
                nxt = stream.peek()
                after = self._lookahead(stream, 1)
                if (
                    nxt is not None
                    and nxt.kind is ExprKind.NAME
                    and after is not None
                    and after.kind is ExprKind.OP
                    and after.value == "="
                ):
                    stream.i += 2
                    if nxt.value in named:
                        raise self.source.error(f"argument {nxt.value!r} given twice", nxt.offset)
                    named.add(nxt.value)
                    kwargs.append((nxt.value, self._literal(stream)))
                else:
                    if kwargs:
                        at = nxt.offset if nxt is not None else stream.end
                        raise self.source.error("positional argument after a named one", at)
                    args.append(self._literal(stream))
                if not stream.at_op(","):
                    break
                stream.i += 1
        problem = spec.check(tuple(args), dict(kwargs))
        if problem is not None:
            raise self.source.error(f"filter {tok.value!r}: {problem}", tok.offset)
        return ast.FilterCall(tok.value, tuple(args), tuple(kwargs), line, col)

    @staticmethod
    def _lookahead(stream: ExprStream, n: int) -> ExprToken | None:
        j = stream.i + n
        return stream.tokens[j] if j < len(stream.tokens) else None

    def _output(self, tok: Token) -> ast.Output:
        stream = ExprStream(
            self.source,
            tokenize_expression(self.source, tok.content, tok.offset),
            tok.offset + len(tok.content),
        )
        if stream.peek() is None:
            raise self.source.error("empty {{ }}: expected a variable", tok.offset)
        path = self._path(stream)
        filters: list[ast.FilterCall] = []
        while stream.at_op("|"):
            if len(filters) == self.limits.max_filters:
                line, col = self.source.position(stream.tokens[stream.i].offset)
                raise TemplateLimitError(
                    "max_filters",
                    f"more than {self.limits.max_filters} filters in one output",
                    line=line,
                    column=col,
                    template=self.source.name,
                )
            stream.i += 1
            filters.append(self._filter(stream))
        stream.done()
        return ast.Output(path, tuple(filters), path.line, path.column)
