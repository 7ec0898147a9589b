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

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .._frozen import FrozenMap
from . import _ast as ast
from ._filters import prepare, to_text
from ._resolve import CONTACT_GETTERS, resolver
from ._steps import fell_back, missing, note, too_long
from ._variables import level_of

if TYPE_CHECKING:
    from ._formats import LocaleFormats
    from ._scope import Scope

#: A body with more parts (text, outputs, blocks) than this stays closures.
MAX_ITEMS = 64
#: Parts compiled to code per template and locale at most; the rest stays closures.
BUDGET = 512
#: Fact paths of at most this many parts are looked up inline.
_INLINE_PARTS = 3
#: ``if`` blocks nested deeper than this in a body are called, not inlined.
MAX_DEPTH = 4


#: ``html.escape(t)``: a containment test costs less than a call, so most text is only looked at.
_HTML_ESCAPE = (
    'if "&" in t:',
    '    t = t.replace("&", "&amp;")',
    'if "<" in t or ">" in t or \'"\' in t or "\'" in t:',
    '    t = t.replace("<", "&lt;").replace(">", "&gt;").replace(\'"\', "&quot;")'
    '.replace("\'", "&#x27;")',
)


#: Names the generated code reads besides its constants.
_HELPERS: dict[str, Any] = {
    "MISS": missing,
    "FELL": fell_back,
    "NOTE": note,
    "TOO_LONG": too_long,
    "TO_TEXT": to_text,
    "FROZEN": FrozenMap,
    "MAPPING": Mapping,
    "isinstance": isinstance,
    "KeyError": KeyError,
    "len": len,
    "str": str,
}

#: The scope's fields the code keeps in local variables, by what needs them.
_LOCALS = {
    "contact": ["contact = s.contact", "granted = s.granted"],
    "extra": ["extra = s.extra"],
    "facts": ["facts = s.facts", "wroots = s.withheld_roots", "granted = s.granted"],
    "used": ["used = s.used_facts"],
}


class Blocks(Protocol):
    """
    What compiles the blocks the code calls rather than inlines (:class:`._render.Compiler`).
    """

    fmt: LocaleFormats

    def if_(self, node: ast.If) -> Callable[[Scope], str]: ...

    def level(self, node: ast.LevelBlock) -> Callable[[Scope], str]: ...


def weight(nodes: tuple[ast.Node, ...], depth: int = 0) -> int:
    """
    How many nodes code for *nodes* holds (``if`` blocks inlined down to :data:`MAX_DEPTH`).
    """
    total = len(nodes)
    if depth < MAX_DEPTH:
        for node in nodes:
            if isinstance(node, ast.If):
                for b in node.branches:
                    total += weight(b.body, depth + 1) + len(b.condition.tests)
                total += weight(node.otherwise or (), depth + 1)
    return total


class _Writer:
    """
    The lines and constants of one generated function.
    """

    def __init__(self, blocks: Blocks, *, html_output: bool) -> None:
        self.blocks = blocks
        self.fmt = blocks.fmt
        self.html = html_output
        self.lines: list[str] = []
        self.consts: list[Any] = []
        self.uses: set[str] = set()
        self.at = 2  # the indent of the lines being written
        self.ifs = 0

    def const(self, value: Any) -> str:
        self.consts.append(value)
        return f"c{len(self.consts) - 1}"

    def emit(self, indent: int, *lines: str) -> None:
        self.lines.extend("    " * (self.at + indent - 1) + line for line in lines)

    def body(self, nodes: tuple[ast.Node, ...], depth: int) -> None:
        """
        The lines of a body: its literal text counted on entry, then each node in order.
        """
        static = sum(len(n.text) for n in nodes if isinstance(n, ast.Text))
        if static:
            self.emit(
                1, f"size += {int(static)}", "if size > limit:", "    TOO_LONG(s, None, None)"
            )
        for node in nodes:
            if isinstance(node, ast.Text):
                self.emit(1, f"add({self.const(node.text)})")
            elif isinstance(node, ast.Output):
                self.output(node)
            elif isinstance(node, ast.If) and depth < MAX_DEPTH:
                self.if_(node, depth)
            else:
                block = self.blocks.if_(node) if isinstance(node, ast.If) else None
                self.emit(
                    1,
                    "s.size, s.top = size, top",
                    f"add({self.const(block or self.blocks.level(node))}(s))",  # type: ignore[arg-type]
                    "size, top = s.size, s.top",
                )

    def nested(self, nodes: tuple[ast.Node, ...], depth: int) -> None:
        self.at += 1
        self.body(nodes, depth)
        if not nodes:
            self.emit(1, "pass")
        self.at -= 1

    def if_(self, node: ast.If, depth: int) -> None:
        """
        The lines of ``{% if %}...{% elif %}...{% else %}...{% endif %}``.

        The first failing branch's reason and path are noted (before the body that is
        said), as :meth:`._render.Compiler.if_` does.
        """
        self.ifs += 1
        i, n = self.ifs, self.const(node)
        self.emit(1, f"tk{i} = False", f"fr{i} = fp{i} = None")
        for b in node.branches:
            self.emit(1, f"if not tk{i}:")
            self.at += 1
            self.condition(b.condition, i)
            self.emit(1, f"if ok{i}:", f"    tk{i} = True", f"    if fp{i} is not None:")
            self.emit(3, f"NOTE(s, {n}, fr{i}, fp{i})")
            self.nested(b.body, depth + 1)
            self.emit(1, f"elif fp{i} is None:", f"    fr{i}, fp{i} = br{i}, bp{i}")
            self.at -= 1
        self.emit(1, f"if not tk{i}:", f"    if fp{i} is not None:")
        self.emit(3, f"NOTE(s, {n}, fr{i}, fp{i})")
        self.nested(node.otherwise or (), depth + 1)

    def condition(self, cond: ast.Condition, i: int) -> None:
        """
        Lines setting ``ok<i>``, and ``br<i>``/``bp<i>`` (why and where it first failed).

        Groups are tried in order; a group that holds records its fact keys and level.
        """
        self.emit(1, f"ok{i} = False", f"br{i} = bp{i} = None")
        for g, group in enumerate(cond.any_of):
            if g:
                self.emit(1, f"if not ok{i}:")
                self.at += 1
            keyed = any(t.path.root == "facts" for t in group)
            self.emit(1, "g = True", "gt = top", *(["gk = []"] if keyed else []))
            for test in group:
                self.test(test, i)
            self.emit(1, "if g:", f"    ok{i} = True", "    top = gt")
            if keyed:
                self.emit(2, "used.extend(gk)")
            if g:
                self.at -= 1

    def test(self, test: ast.Test, i: int) -> None:
        """
        One operand of a group.

        ``g`` turns false when it fails; when it holds and the value is present, the fact key
        and level are kept for the group.
        """
        path = test.path
        rank = level_of(path.root, path.parts).rank
        self.emit(1, "if g:")
        self.at += 1
        self.resolve(path)
        why = '"present"' if test.negated else '"missing"'
        self.emit(
            1,
            'p = r is None and v is not None and v is not False and v not in ("", ())',
            "if p:" if test.negated else "if not p:",
            "    g = False",
            f"    if bp{i} is None:",
            f"        br{i}, bp{i} = r or {why}, {self.const(path.dotted)}",
        )
        record: list[str] = []
        if path.root == "facts":
            self.uses.add("used")
            record += ["if k is not None:", "    gk.append(k)"]
        if rank:
            record += [f"if gt < {rank}:", f"    gt = {rank}"]
        if record and not test.negated:
            self.emit(1, "else:")
            self.emit(2, *record)
        self.at -= 1

    def resolve(self, path: ast.Path) -> None:
        """
        Lines finding the value of *path*.

        They set ``v`` (the value), ``r`` (why it is unavailable, or ``None``) and, for facts,
        ``k`` (the fact key used).
        """
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
        elif path.root == "facts" and len(path.parts) <= _INLINE_PARTS:
            self.fact(path)
        else:
            self.emit(1, f"v, r, k = {self.const(resolver(path))}(s)")

    def fact(self, path: ast.Path) -> None:
        """
        Lines finding a fact's value inline, as :func:`._resolve._fact` does.

        Candidate keys are tried longest first.  When the decision withheld a key that starts
        as the path does (the only keys that can cover it or lie under one of its candidate
        keys), or no approved fact is at or above the path, the resolver finds it or says why
        not.
        """
        self.uses.add("facts")
        need = level_of(path.root, path.parts).rank
        self.emit(
            1,
            f"if granted < {need}:",
            '    v, r, k = None, "level", None',
            f"elif wroots and {self.const(path.parts[0])} in wroots:",
            f"    v, r, k = {self.const(resolver(path))}(s)",
            "else:",
            "    k = None",
        )
        parts = path.parts
        for i in range(len(parts), 0, -1):
            key = self.const(".".join(parts[:i]))
            self.emit(2, *(["if k is None:"] if i < len(parts) else []))
            self.at += int(i < len(parts))
            self.emit(2, f"f = facts.get({key})", "if f is not None:")
            self.emit(3, f"k, v, r = {key}, f.value, None")
            for part in parts[i:]:
                self.emit(
                    3,
                    "if r is None:",
                    "    if v.__class__ is not FROZEN and not isinstance(v, MAPPING):",
                    '        r = "missing"',
                    "    else:",
                    "        try:",
                    f"            v = v[{self.const(part)}]",
                    "        except KeyError:",
                    '            r = "missing"',
                )
            self.emit(3, 'if r is None and (v is None or v in ("", ())):', '    r = "missing"')
            self.at -= int(i < len(parts))
        self.emit(2, "if k is None:", f"    v, r, k = {self.const(resolver(path))}(s)")

    def output(self, node: ast.Output) -> None:
        """
        The lines of ``{{ path | filters }}``: the value's text appended, or a closed failure.
        """
        n = self.const(node)
        rank = level_of(node.path.root, node.path.parts).rank
        keyed = node.path.root == "facts"
        self.resolve(node.path)
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


def generate(
    nodes: tuple[ast.Node, ...], blocks: Blocks, *, html_output: bool
) -> Callable[[Scope], str]:
    """
    One function rendering *nodes* in order, as the closures of :mod:`._render` would.

    Literal text counts against the output limit on entry to its body, each output as it is
    added.  ``if`` blocks are inlined down to :data:`MAX_DEPTH`; deeper ones and ``level``
    blocks are compiled by *blocks* and called.
    """
    w = _Writer(blocks, html_output=html_output)
    w.body(nodes, 0)
    head = [
        "size = s.size",
        "limit = s.max_output",
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
            *w.lines,
            "        s.size, s.top = size, top",
            '        return "".join(parts)',
            "    return run",
        ]
    )
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile(source, "<personal_touch template>", "exec"), namespace)
    run: Callable[[Scope], str] = namespace["make"](*_HELPERS.values(), *w.consts)
    return run
