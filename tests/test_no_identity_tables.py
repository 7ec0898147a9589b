"""
No module keeps a table keyed by object identity: memos belong to the value that owns them.

A module-level dict or set indexed by ``id(obj)`` outlives the objects it describes (or
keeps them alive), grows with every distinct input and is shared by every caller; what is
prepared once lives in the object that prepared it (a ``Prepared`` snapshot, a policy, a
template).  The check reads every module of the package with ``ast``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import personal_touch

SRC = Path(personal_touch.__file__).parent

_TABLE_CALLS = frozenset({"dict", "set", "defaultdict", "OrderedDict", "WeakKeyDictionary"})


def _module_tables(tree: ast.Module) -> set[str]:
    """Names bound at module level to a dict or set (a display or a constructor call)."""
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if value is None:
            continue
        is_table = isinstance(value, (ast.Dict, ast.Set, ast.DictComp, ast.SetComp)) or (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in _TABLE_CALLS
        )
        if is_table:
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _has_id_call(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "id"
        for n in ast.walk(node)
    )


def identity_tables(tree: ast.Module) -> set[str]:
    """The module tables indexed, read or passed along with an ``id(...)`` key."""
    tables = _module_tables(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id in tables and _has_id_call(node.slice):
                found.add(node.value.id)
        elif isinstance(node, ast.Call):
            func = node.func
            args = [*node.args, *(k.value for k in node.keywords)]
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in tables
                and any(map(_has_id_call, args))
            ):
                found.add(func.value.id)
            else:  # a helper handed a table and an identity key: memo(_TABLE, (id(x), ...))
                passed = {a.id for a in args if isinstance(a, ast.Name) and a.id in tables}
                if passed and any(map(_has_id_call, args)):
                    found.update(passed)
    return found


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text(), str(path))


class TestNoIdentityTables:
    def test_none_in_the_package(self) -> None:
        """No module-level dict or set of the package is keyed by ``id()``."""
        found = {(name, table) for name, tree in _modules() for table in identity_tables(tree)}
        assert set() == found

    def test_the_check_finds_them(self) -> None:
        """The check sees a table indexed, read or handed to a helper with an ``id`` key."""
        source = """
_A: dict[int, object] = {}
_B = {}
_C = dict()
_D = {}
_E = {}
def f(x):
    _A[id(x)] = x
    hit = _B.get(id(x))
    _C.setdefault((id(x), 1), x)
    memo(_D, (id(x), "k"), x, lambda: 1)
    _E[x] = 1
"""
        assert {"_A", "_B", "_C", "_D"} == identity_tables(ast.parse(source))
