from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import personal_touch.webhooks as wh

SRC = str(Path(__file__).resolve().parents[2] / "src")
API = Path(__file__).resolve().parents[2] / "docs" / "reference" / "api.md"


def _isort_style(name: str) -> tuple[int, str]:
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


class TestNamespace:
    def test_all_sorted_and_resolves(self) -> None:
        """The namespace's __all__ is sorted (constants, classes, functions) and resolves."""
        assert sorted(set(wh.__all__), key=_isort_style) == list(wh.__all__)
        assert [] == [n for n in wh.__all__ if not hasattr(wh, n)]

    def test_public_names_documented(self) -> None:
        """Every class and function has a docstring with versionadded."""
        undocumented = [
            n
            for n in wh.__all__
            if (inspect.isclass(obj := getattr(wh, n)) or inspect.isfunction(obj))
            and "versionadded" not in (obj.__doc__ or "")
        ]
        assert [] == undocumented

    def test_shown_under_the_public_module(self) -> None:
        """Classes and functions name the public module, not the private one."""
        assert {"personal_touch.webhooks"} == {
            getattr(wh, n).__module__
            for n in wh.__all__
            if inspect.isclass(getattr(wh, n)) or inspect.isfunction(getattr(wh, n))
        }

    def test_in_the_reference(self) -> None:
        """The API reference documents the module with all its members."""
        assert ".. automodule:: personal_touch.webhooks\n   :members:\n" in API.read_text("utf-8")

    def test_not_loaded_by_importing_the_package(self) -> None:
        """``import personal_touch`` loads neither the namespace nor its private parts (errors aside)."""
        env = {**os.environ, "PYTHONPATH": SRC}
        code = "import personal_touch, sys; print(*[m for m in sys.modules if '_webhooks' in m or m.endswith('.webhooks')])"
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        ).stdout.split()
        assert ["personal_touch.exceptions._webhooks"] == out
