"""
``import personal_touch`` stays cheap: the heavy layers load on first use of one of their names.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import personal_touch as pt
from personal_touch.moments import FollowUpCadence

SRC = str(Path(__file__).resolve().parent.parent / "src")

#: Packages that ``import personal_touch`` must not load: they load when one of their names is used.
LAZY = (
    "personal_touch._cli",
    "personal_touch._moments",
    "personal_touch._planning",
    "personal_touch._policy",
    "personal_touch._templates",
    "personal_touch._tour",
    "personal_touch.converters",
    "personal_touch.packs",
    "personal_touch.rules",
)


def _loaded_after(code: str) -> list[str]:
    """The ``personal_touch`` modules a fresh interpreter has loaded after running *code*."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(*sorted(sys.modules), sep='\\n')"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.split()
    return [m for m in out if m.split(".")[0] == "personal_touch"]


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in LAZY)]


class TestLazyImport:
    def test_import_loads_no_heavy_layer(self) -> None:
        """Importing the package loads the values, not templates, moments, engine or packs."""
        loaded = _loaded_after("import personal_touch")
        assert "personal_touch._contacts" in loaded
        assert [] == _heavy(loaded)

    def test_version_does_not_load_heavy_layers(self) -> None:
        """Reading __version__ (what ``--version`` needs) loads no heavy layer either."""
        assert [] == _heavy(_loaded_after("import personal_touch as pt; assert pt.__version__"))

    def test_first_use_loads_the_layer(self) -> None:
        """Touching a lazy name loads its layer, and only what that layer needs."""
        loaded = _loaded_after("import personal_touch as pt; pt.Template")
        assert "personal_touch._templates" in loaded
        assert "personal_touch._moments" not in loaded

    @pytest.mark.parametrize("name", pt.__all__)
    def test_every_public_name_resolves_and_is_listed(self, name: str) -> None:
        """Every name in __all__ resolves, is in dir(), and is what its defining module holds."""
        value = getattr(pt, name)
        assert name in dir(pt)
        module = getattr(value, "__module__", None)
        if module is not None and module.startswith("personal_touch."):
            assert getattr(sys.modules[module], name, value) is value

    @pytest.mark.parametrize("name", ["packs", "rules", "converters", "filters", "testing"])
    def test_public_submodules_reachable_as_attributes(self, name: str) -> None:
        """``pt.packs`` and its siblings work without importing them first."""
        assert getattr(pt, name) is sys.modules[f"personal_touch.{name}"]

    def test_unknown_name_raises_attribute_error(self) -> None:
        """A name that is not public is an AttributeError naming it, as for any module."""
        with pytest.raises(AttributeError, match="no_such_name"):
            pt.no_such_name  # type: ignore[attr-defined]  # noqa: B018

    def test_lazy_values_pickle(self) -> None:
        """A value of a lazily loaded class survives pickle."""
        cadence = FollowUpCadence()
        assert pickle.loads(pickle.dumps(cadence)) == cadence
