"""
No class of the package reads its attributes through a ``__getattr__`` hook.

A class that defines ``__getattr__`` (or gets one from attrs, which adds it to a slotted
class with a :func:`functools.cached_property`) has *every* attribute read go through a
slower hook that the interpreter cannot specialize, hits included: on the values read in
the hot loops of decide, render and scan (contacts, facts, decisions) that cost about a
sixth of a moment scan.  A value fills what it keeps lazily through a slot and a property
or descriptor instead.  Module-level ``__getattr__`` (lazy submodules) is fine.  The check
reads every module of the package with ``ast``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import personal_touch

SRC = Path(personal_touch.__file__).parent


def _is_cached_property(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "cached_property"


def _hooks(tree: ast.Module) -> Iterator[str]:
    """``Class.name`` for each ``__getattr__`` or cached property defined in a class body."""
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for node in ast.walk(cls):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name == "__getattr__" or any(map(_is_cached_property, node.decorator_list)):
                yield f"{cls.name}.{node.name}"


def _offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        hooks = list(_hooks(ast.parse(path.read_text(encoding="utf-8"))))
        if hooks:
            found[str(path.relative_to(SRC))] = hooks
    return found


class TestNoGetattrHooks:
    def test_no_class_has_a_getattr_hook(self) -> None:
        """No class body defines __getattr__ or a functools.cached_property."""
        assert {} == _offenders()

    def test_the_check_finds_both(self) -> None:
        """The check sees a class __getattr__ and a cached property, not a module one."""
        source = (
            "import functools\n"
            "def __getattr__(name): ...\n"
            "class A:\n"
            "    def __getattr__(self, name): ...\n"
            "class B:\n"
            "    @functools.cached_property\n"
            "    def x(self): ...\n"
        )
        assert ["A.__getattr__", "B.x"] == sorted(_hooks(ast.parse(source)))

    def test_the_hot_values_have_none(self) -> None:
        """Contact, Fact and Decision, as built by attrs, have no __getattr__."""
        for cls in (personal_touch.Contact, personal_touch.Fact, personal_touch.Decision):
            assert not hasattr(cls, "__getattr__"), cls
