"""
Generate straight-line Python for a run of literal text and outputs, for one locale.

A body's text and ``{{ }}`` outputs become one function whose code does what the closures
of :mod:`._render` do, without a call, a tuple or an attribute lookup per step: the value is
found (``extra`` and ``contact`` paths inline, facts through their :mod:`._resolve`
function), checked, recorded, escaped and counted against the output limit, all in local
variables.  ``if`` and ``level`` blocks stay closures, called from the code.

The generated source is built only from this module's fixed snippets, generated names and
integers.  Everything that comes from a template (literal text, paths, default texts,
prepared filters, the nodes themselves) reaches the function as a constant bound by
position (``c0``, ``c1``, ...), never as code, so no template can inject any.  The work of
compiling is bounded: a body of more than :data:`MAX_ITEMS` parts, or one past a
template's :data:`BUDGET`, stays closures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from .._levels import Level
from ..exceptions import MissingValueError, TemplateLimitError
from . import _ast as ast
from ._filters import prepare, to_text
from ._resolve import CONTACT_GETTERS, resolver
from ._results import Fallback, FallbackKind
from ._variables import level_of

if TYPE_CHECKING:
    from ._formats import LocaleFormats
    from ._scope import Scope

#: A body with more parts (text, outputs, blocks) than this stays closures.
MAX_ITEMS = 64
#: Parts compiled to code per template and locale at most; the rest stays closures.
BUDGET = 512

#: What a body is made of: literal text, an output, or a compiled block (``scope -> text``).
Item = str | ast.Output | Callable[["Scope"], str]

_BY_RANK = tuple(Level)
_HTML_ESCAPE = (
    'if "&" in t:',
    '    t = t.replace("&", "&amp;")',
    't = t.replace("<", "&lt;").replace(">", "&gt;").replace(\'"\', "&quot;")'
    '.replace("\'", "&#x27;")',
)


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


def _missing(node: ast.Output, reason: str) -> NoReturn:
    raise MissingValueError(node.path.dotted, reason, line=node.line, column=node.column)


def _fell_back(s: Scope, node: ast.Output, reason: str) -> None:
    s.fallbacks.append(
        Fallback(
            kind=FallbackKind.VALUE,
            reason=reason,
            path=node.path.dotted,
            level=_BY_RANK[level_of(node.path.root, node.path.parts).rank],
            line=node.line,
            column=node.column,
        )
    )


#: Names the generated code reads besides its constants.
_HELPERS: dict[str, Any] = {
    "MISS": _missing,
    "FELL": _fell_back,
    "TOO_LONG": too_long,
    "TO_TEXT": to_text,
    "len": len,
    "str": str,
}


#: The scope's fields the code keeps in local variables, by what needs them.
_LOCALS = {
    "contact": ["contact = s.contact", "granted = s.granted"],
    "extra": ["extra = s.extra"],
    "used": ["used = s.used_facts"],
}


class _Writer:
    """
    The lines and constants of one generated function.
    """

    def __init__(self, fmt: LocaleFormats, *, html_output: bool) -> None:
        self.fmt = fmt
        self.html = html_output
        self.lines: list[str] = []
        self.consts: list[Any] = []
        self.uses: set[str] = set()

    def const(self, value: Any) -> str:
        self.consts.append(value)
        return f"c{len(self.consts) - 1}"

    def emit(self, indent: int, *lines: str) -> None:
        self.lines.extend("    " * indent + line for line in lines)

    def resolve(self, node: ast.Output) -> None:
        """
        Lines finding the value of *node*'s path.

        They set ``v`` (the value), ``r`` (why it is unavailable, or ``None``) and, for facts,
        ``k`` (the fact key used).
        """
        path = node.path
        if path.root == "extra":
            self.uses.add("extra")
            self.emit(
                1,
                f"v = extra.get({self.const(path.parts[0])})",
                'r = "missing" if v is None or v == "" else None',
            )
        elif path.root == "contact":
            self.uses.add("contact")
            need = level_of(path.root, path.parts).rank
            get = self.const(CONTACT_GETTERS[path.parts])
            self.emit(
                1,
                f"if granted < {need}:",
                '    v, r = None, "level"',
                "else:",
                f"    v = {get}(contact)",
                '    r = "missing" if v is None else None',
            )
        else:
            self.emit(1, f"v, r, k = {self.const(resolver(path))}(s)")

    def output(self, node: ast.Output) -> None:
        """
        The lines of ``{{ path | filters }}``: the value's text appended, or a closed failure.
        """
        n = self.const(node)
        rank = level_of(node.path.root, node.path.parts).rank
        keyed = node.path.root == "facts"
        self.resolve(node)
        piped = bool(node.filters)
        if piped:
            self.emit(1, "fv = r is None")
            for f in node.filters:
                if f.name == "default":
                    self.emit(
                        1,
                        "if r is not None:",
                        f"    FELL(s, {n}, r)",
                        f"    v, r = {self.const(str(f.args[0]))}, None",
                    )
                else:
                    self.emit(
                        1,
                        "if r is None:",
                        f"    v = {self.const(prepare(f, self.fmt))}(v, s)",
                        "    if v is None:",
                        '        r, fv = "missing", False',
                    )
        self.emit(1, "if r is not None:", f"    MISS({n}, r)")
        record: list[str] = []
        if keyed:
            self.uses.add("used")
            record += ["if k is not None:", "    used.append(k)"]
        if rank:
            record += [f"if top < {rank}:", f"    top = {rank}"]
        if record and piped:
            self.emit(1, "if fv:")
            self.emit(2, *record)
        elif record:
            self.emit(1, *record)
        self.emit(1, f"t = v if v.__class__ is str else TO_TEXT(v, s, {n})")
        if self.html:
            self.emit(1, *_HTML_ESCAPE)
        self.emit(
            1,
            "size += len(t)",
            "if size > limit:",
            f"    TOO_LONG(s, {int(node.line)}, {int(node.column)})",
            "add(t)",
        )


def generate(items: list[Item], fmt: LocaleFormats, *, html_output: bool) -> Callable[[Scope], str]:
    """
    One function rendering *items* in order, as the closures of :mod:`._render` would.

    Literal text counts against the output limit on entry, each output as it is added.
    """
    w = _Writer(fmt, html_output=html_output)
    static = sum(len(i) for i in items if isinstance(i, str))
    for item in items:
        if isinstance(item, str):
            w.emit(1, f"add({w.const(item)})")
        elif isinstance(item, ast.Output):
            w.output(item)
        else:
            w.emit(
                1,
                "s.size, s.top = size, top",
                f"add({w.const(item)}(s))",
                "size, top = s.size, s.top",
            )
    head = [
        f"size = s.size + {int(static)}",
        "limit = s.max_output",
        "if size > limit:",
        "    TOO_LONG(s, None, None)",
        "top = s.top",
        "parts = []",
        "add = parts.append",
    ]
    for use in sorted(w.uses):
        head += _LOCALS[use]
    return _build(w, head)


def _build(w: _Writer, head: list[str]) -> Callable[[Scope], str]:
    params = ", ".join([*_HELPERS, *(f"c{i}" for i in range(len(w.consts)))])
    source = "\n".join(
        [
            f"def make({params}):",
            "    def run(s):",
            *("        " + line for line in head),
            *("    " + line for line in w.lines),
            "        s.size, s.top = size, top",
            '        return "".join(parts)',
            "    return run",
        ]
    )
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile(source, "<personal_touch template>", "exec"), namespace)
    run: Callable[[Scope], str] = namespace["make"](*_HELPERS.values(), *w.consts)
    return run
