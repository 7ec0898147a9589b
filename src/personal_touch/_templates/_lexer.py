"""
Tokenize template source: text, ``{{ output }}``, ``{% tag %}`` and ``{# comment #}``.

A tag or comment alone on its line takes its whole line with it, so block tags written on
their own lines leave no blank lines behind; ``{{-``/``-}}`` (and ``{%-``/``-%}``) strip the
whitespace on that side explicitly; ``{% raw %}...{% endraw %}`` is literal copy.  The expression inside a tag is split into
:class:`ExprToken` values by :func:`tokenize_expression`.
"""

from __future__ import annotations

import bisect
import enum
import re
from typing import NamedTuple

from ..exceptions import TemplateLimitError, TemplateSyntaxError


class Kind(enum.Enum):
    """
    What a source token is.
    """

    TEXT = "text"
    OUTPUT = "output"
    TAG = "tag"


class Token(NamedTuple):
    """
    One piece of template source: literal text or the inside of a ``{{ }}``/``{% %}``.

    ``offset`` is where ``content`` starts in the source.
    """

    kind: Kind
    content: str
    offset: int
    start: int = 0


class Source:
    """
    Template source with offset-to-(line, column) conversion for error messages.
    """

    __slots__ = ("_starts", "name", "text")

    def __init__(self, text: str, name: str | None = None) -> None:
        self.text = text
        self.name = name
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        """
        The 1-based (line, column) of *offset*.
        """
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def error(self, problem: str, offset: int) -> TemplateSyntaxError:
        """
        A :class:`TemplateSyntaxError` at *offset*.
        """
        line, column = self.position(offset)
        return TemplateSyntaxError(problem, line=line, column=column, template=self.name)


_OPEN = re.compile(r"\{\{-?|\{%-?|\{#")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def _line_start(text: str, end: int) -> int | None:
    """
    The start of the whitespace run before *end* if only whitespace precedes on its line.
    """
    i = end
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return i
    return None


def _line_end(text: str, start: int) -> int | None:
    """
    The offset after the newline ending *start*'s line if only whitespace follows.
    """
    i = start
    n = len(text)
    while i < n and text[i] in " \t\r":
        i += 1
    if i == n:
        return i
    if text[i] == "\n":
        return i + 1
    return None


def tokenize(source: Source, *, max_source: int) -> list[Token]:
    """
    Split *source* into text, output and tag tokens (comments are dropped).

    Raises:
        TemplateSyntaxError: A ``{{``, ``{%`` or ``{#`` is never closed.
        TemplateLimitError: The source is longer than *max_source* characters.
    """
    text = source.text
    if len(text) > max_source:
        raise TemplateLimitError(
            "max_source",
            f"template source is longer than {max_source} characters",
            template=source.name,
        )
    tokens: list[Token] = []
    # The start of the literal text still to emit, and whether its leading space goes.
    text_start = 0
    strip_next = False
    while (m := _OPEN.search(text, text_start)) is not None:
        text_start, strip_next = _tag(source, tokens, m, text_start, strip_next=strip_next)
    chunk = text[text_start:]
    if strip_next:
        stripped = chunk.lstrip()
        text_start += len(chunk) - len(stripped)
        chunk = stripped
    if chunk:
        tokens.append(Token(Kind.TEXT, chunk, text_start))
    return tokens


def _tag(
    source: Source, tokens: list[Token], m: re.Match[str], text_start: int, *, strip_next: bool
) -> tuple[int, bool]:
    """
    Emit the text before the tag *m* opens, then the tag; return where text resumes.

    Returns the offset after the tag (and the line it took, if it stood alone) and whether
    the tag strips the whitespace after it.
    """
    text = source.text
    opener = m.group()
    base = opener[:2]
    closer = _CLOSE[base]
    inner_start = m.end()
    close_at = text.find(closer, inner_start)
    if close_at < 0:
        raise source.error(f"{base!r} is never closed with {closer!r}", m.start())
    inner_end = close_at
    strip_after = False
    if base != "{#" and inner_end > inner_start and text[inner_end - 1] == "-":
        inner_end -= 1
        strip_after = True
    strip_before = opener.endswith("-")
    # Literal text before the tag.
    chunk_start, chunk_end = text_start, m.start()
    if strip_next:
        while chunk_start < chunk_end and text[chunk_start].isspace():
            chunk_start += 1
    if strip_before:
        while chunk_end > chunk_start and text[chunk_end - 1].isspace():
            chunk_end -= 1
    next_start = close_at + 2
    if base != "{{" and not strip_before and not strip_after:
        # A block tag or comment alone on its line takes the line with it.
        ls = _line_start(text, chunk_end)
        le = _line_end(text, next_start)
        if ls is not None and le is not None and ls >= chunk_start:
            chunk_end = ls
            next_start = le
    if chunk_end > chunk_start:
        tokens.append(Token(Kind.TEXT, text[chunk_start:chunk_end], chunk_start))
    if base == "{{":
        tokens.append(Token(Kind.OUTPUT, text[inner_start:inner_end], inner_start, m.start()))
    elif base == "{%":
        if text[inner_start:inner_end].strip() == "raw":
            return _raw(source, tokens, m.start(), next_start), False
        tokens.append(Token(Kind.TAG, text[inner_start:inner_end], inner_start, m.start()))
    return next_start, strip_after


def _raw(source: Source, tokens: list[Token], opened: int, start: int) -> int:
    """
    Emit everything from *start* up to ``{% endraw %}`` as literal copy, braces and all.

    Returns the offset after ``{% endraw %}``.
    """
    end = _ENDRAW.search(source.text, start)
    if end is None:
        raise source.error("{% raw %} is never closed with {% endraw %}", opened)
    if end.start() > start:
        tokens.append(Token(Kind.TEXT, source.text[start : end.start()], start))
    return end.end()


class ExprKind(enum.Enum):
    """
    What an expression token is.
    """

    NAME = "name"
    STRING = "string"
    NUMBER = "number"
    OP = "op"
    #: Names joined by dots (``facts.travel.city``): one token, however long the path.
    PATH = "path"


class ExprToken(NamedTuple):
    """
    One token inside ``{{ }}`` or ``{% %}``; ``offset`` is absolute in the source.

    A named tuple: paths of thousands of names make tens of thousands of them.
    """

    kind: ExprKind
    value: str
    offset: int


_EXPR = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<path>[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+))+)
  | (?P<string>"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*')
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>[.|:,=])
  | (?P<bad>.)
    """,
    re.VERBOSE,
)
_ESCAPES = re.compile(r"\\(.)")
#: The dots between the names of a :attr:`ExprKind.PATH` token.
PATH_DOTS = re.compile(r"\s*\.\s*")
_KINDS = {
    "string": ExprKind.STRING,
    "number": ExprKind.NUMBER,
    "name": ExprKind.NAME,
    "op": ExprKind.OP,
    "path": ExprKind.PATH,
}


def tokenize_expression(source: Source, content: str, offset: int) -> list[ExprToken]:
    """
    Split the inside of a tag into names, literals and the operators ``. | : , =``.

    Raises:
        TemplateSyntaxError: An unexpected character (with its exact position).
    """
    out: list[ExprToken] = []
    append = out.append
    kinds = _KINDS
    for m in _EXPR.finditer(content):
        kind = m.lastgroup
        if kind == "ws":
            continue
        pos = m.start()
        value = m.group()
        if kind == "bad":
            if value in "\"'":
                raise source.error("string is never closed", offset + pos)
            raise source.error(f"unexpected character {value!r}", offset + pos)
        if kind == "string":
            value = _ESCAPES.sub(r"\1", value[1:-1])
        append(ExprToken(kinds[kind], value, offset + pos))  # type: ignore[index]
    return out


class ExprStream:
    """
    The expression tokens of one tag with a cursor, as the parser reads them.
    """

    def __init__(self, source: Source, tokens: list[ExprToken], end: int) -> None:
        self.source = source
        self.tokens = tokens
        self.i = 0
        self.end = end

    def peek(self) -> ExprToken | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self, what: str) -> ExprToken:
        tok = self.peek()
        if tok is None:
            raise self.source.error(f"expected {what}", self.end)
        self.i += 1
        return tok

    def at_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind is ExprKind.OP and tok.value == op

    def done(self) -> None:
        tok = self.peek()
        if tok is not None:
            raise self.source.error(f"unexpected {tok.value!r}", tok.offset)
