"""
The import graph matches the layers of docs/explanation/architecture.md: nothing imports a
higher layer, and no modules import each other round in a circle.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PAGE = ROOT / "docs" / "explanation" / "architecture.md"
PACKAGE = "personal_touch"

RUNTIME = "runtime"
FUNCTION = "function"
TYPING = "typing"


@attrs.frozen
class Edge:
    """One import of *target* by *source*, as written at *line*."""

    source: str
    target: str
    kind: str  # RUNTIME (module level), FUNCTION (inside a def) or TYPING (TYPE_CHECKING)
    line: int


@attrs.frozen
class Layer:
    """One row of the page's layer table."""

    name: str
    patterns: tuple[str, ...]
    may_import: tuple[str, ...]


# -- reading the source ----------------------------------------------------------------------


def _modules(src: Path) -> dict[str, tuple[Path, bool]]:
    """Every module under *src*, by dotted name, with its file and whether it is a package."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module) -> list[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement of *tree* with its kind."""
    out: list[tuple[ast.Import | ast.ImportFrom, str]] = []

    def visit(node: ast.AST, kind: str) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append((node, kind))
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, TYPING)
            for child in node.orelse:
                visit(child, kind)
            return
        inner = FUNCTION if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else kind
        if kind == TYPING:
            inner = TYPING
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, RUNTIME)
    return out


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> list[str]:
    """The modules of the package that *node* imports (the nearest known module of each name)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            prefix = ".".join([*base, *([node.module] if node.module else [])])
        else:
            prefix = node.module or ""
        names = [f"{prefix}.{alias.name}" for alias in node.names]
    targets = []
    for name in names:
        target = name
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != module:
            targets.append(target)
    return targets


def import_graph(src: Path = SRC) -> tuple[set[str], list[Edge]]:
    """The package's modules and every import between them."""
    modules = _modules(src)
    known = set(modules)
    edges: list[Edge] = []
    for module, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node, kind in _imports(tree):
            for target in _targets(node, module, is_package, known):
                edges.append(Edge(module, target, kind, node.lineno))
    return known, edges


def find_cycle(modules: set[str], edges: list[Edge]) -> list[str] | None:
    """A circle of imports that run (module or function level), or ``None``."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for e in edges:
        if e.kind != TYPING:
            graph[e.source].add(e.target)
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found is not None:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found is not None:
                return found
    return None


# -- reading the page ------------------------------------------------------------------------


def page_layers(text: str) -> list[Layer]:
    """The layer table of the architecture page, top layer first."""
    rows = [
        line
        for line in text.splitlines()
        if line.startswith("|") and not line.startswith("|---") and "| Layer |" not in line
    ]
    layers = []
    for row in rows:
        name, modules, may = (cell.strip() for cell in row.strip("|").split("|"))
        allowed = () if may == "nothing" else tuple(p.strip() for p in may.split(","))
        layers.append(Layer(name, tuple(re.findall(r"`([^`]+)`", modules)), allowed))
    return layers


def layer_of(module: str, layers: list[Layer]) -> str | None:
    """The first layer, from the top, with a pattern matching *module*."""
    for layer in layers:
        if any(fnmatch.fnmatchcase(module, p) for p in layer.patterns):
            return layer.name
    return None


def upward(edges: list[Edge], layers: list[Layer]) -> list[str]:
    """Every import of a module in a higher layer, described."""
    rank = {layer.name: i for i, layer in enumerate(layers)}  # 0 is the top
    found = []
    for e in edges:
        src, dst = layer_of(e.source, layers), layer_of(e.target, layers)
        if src is None or dst is None:
            continue
        if rank[dst] < rank[src]:
            found.append(f"{e.source} ({src}) imports {e.target} ({dst}) at line {e.line}")
    return found


@pytest.fixture(scope="module")
def layers() -> list[Layer]:
    return page_layers(PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph() -> tuple[set[str], list[Edge]]:
    return import_graph()


class TestImportGraph:
    def test_no_runtime_cycles(self, graph: tuple[set[str], list[Edge]]) -> None:
        """No modules import each other round in a circle, at module or function level."""
        modules, edges = graph
        assert None is find_cycle(modules, edges)

    def test_no_layer_imports_a_higher_one(
        self, graph: tuple[set[str], list[Edge]], layers: list[Layer]
    ) -> None:
        """Every import, type-only ones included, points to the same layer or one below."""
        _, edges = graph
        assert [] == upward(edges, layers)

    def test_every_module_has_a_layer(
        self, graph: tuple[set[str], list[Edge]], layers: list[Layer]
    ) -> None:
        """A new module must be placed in the page's table before it can land."""
        modules, _ = graph
        assert [] == sorted(m for m in modules if layer_of(m, layers) is None)

    def test_packs_use_the_public_rules_api(self, graph: tuple[set[str], list[Edge]]) -> None:
        """The shipped packs import the rule vocabulary only through personal_touch.rules."""
        _, edges = graph
        private = [
            f"{e.source} imports {e.target}"
            for e in edges
            if e.source.startswith(f"{PACKAGE}.packs") and e.target.startswith(f"{PACKAGE}._policy")
        ]
        assert [] == private

    def test_only_the_shell_imports_the_namespace(
        self, graph: tuple[set[str], list[Edge]], layers: list[Layer]
    ) -> None:
        """Library modules import from private modules, never the personal_touch facade."""
        _, edges = graph
        assert [] == [
            e.source for e in edges if e.target == PACKAGE and layer_of(e.source, layers) != "shell"
        ]


class TestPage:
    def test_every_layer_holds_a_module(
        self, graph: tuple[set[str], list[Edge]], layers: list[Layer]
    ) -> None:
        """No layer of the page is empty (a stale row fails)."""
        modules, _ = graph
        held = {layer_of(m, layers) for m in modules}
        assert [] == [layer.name for layer in layers if layer.name not in held]

    def test_may_import_lists_the_layers_below(self, layers: list[Layer]) -> None:
        """The page's "May import" column says exactly: every layer below."""
        names = [layer.name for layer in layers]
        expected = [tuple(names[i + 1 :]) for i in range(len(names))]
        assert expected == [layer.may_import for layer in layers]

    def test_diagram_lists_the_layers_in_order(self, layers: list[Layer]) -> None:
        """The text diagram names the table's layers, top first."""
        text = PAGE.read_text(encoding="utf-8")
        diagram = text.split("```text", 1)[1].split("```", 1)[0]
        drawn = [line.split()[0] for line in diagram.splitlines() if line[:1].isalpha()]
        assert [layer.name for layer in layers] == drawn

    def test_page_is_in_the_docs(self) -> None:
        """The page is reached from the explanation table of contents."""
        index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
        assert "explanation/*" in index


class TestChecker:
    """The checker itself catches what it is for (so the tests above cannot pass vacuously)."""

    def _graph(self, tmp_path: Path, files: dict[str, str]) -> tuple[set[str], list[Edge]]:
        for name, body in files.items():
            path = tmp_path / PACKAGE / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        return import_graph(tmp_path)

    def test_a_function_level_import_closes_a_circle(self, tmp_path: Path) -> None:
        """An import hidden in a function still counts as a circle."""
        modules, edges = self._graph(
            tmp_path,
            {
                "__init__.py": "",
                "a.py": "from . import b\n",
                "b.py": "def f():\n    from .a import x\n",
            },
        )
        assert [f"{PACKAGE}.a", f"{PACKAGE}.b", f"{PACKAGE}.a"] == find_cycle(modules, edges)

    def test_a_type_only_import_is_no_circle(self, tmp_path: Path) -> None:
        """An import under TYPE_CHECKING never runs, so it closes no circle."""
        modules, edges = self._graph(
            tmp_path,
            {
                "__init__.py": "",
                "a.py": "from . import b\n",
                "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
            },
        )
        assert None is find_cycle(modules, edges)
        assert [TYPING] == [e.kind for e in edges if e.source == f"{PACKAGE}.b"]

    def test_a_type_only_import_upward_is_caught(self, tmp_path: Path) -> None:
        """Naming a higher layer only for a type checker still breaks the layering."""
        layers = [
            Layer("top", (f"{PACKAGE}.top",), ("bottom",)),
            Layer("bottom", (f"{PACKAGE}.bottom",), ()),
        ]
        _, edges = self._graph(
            tmp_path,
            {
                "__init__.py": "",
                "top.py": "from . import bottom\n",
                "bottom.py": "import typing\nif typing.TYPE_CHECKING:\n    from .top import T\n",
            },
        )
        assert [f"{PACKAGE}.bottom (bottom) imports {PACKAGE}.top (top) at line 3"] == upward(
            edges, layers
        )
