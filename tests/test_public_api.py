from __future__ import annotations

import importlib
import inspect

import pytest

import personal_touch as pt

NAMESPACES = ["personal_touch", "personal_touch.exceptions", "personal_touch.testing",
              "personal_touch.converters"]  # fmt: skip


class TestPublicApi:
    @pytest.mark.parametrize("module", NAMESPACES)
    def test_all_sorted_unique_and_resolves(self, module: str) -> None:
        """Every public namespace has a sorted __all__ whose names all resolve."""
        mod = importlib.import_module(module)
        names = list(mod.__all__)
        assert sorted(set(names)) == names
        missing = [n for n in names if not hasattr(mod, n)]
        assert [] == missing

    def test_model_names_exported(self) -> None:
        """The foundation's model is reachable as pt.<Name>."""
        for name in (
            "Channel", "Stage", "Level", "Provenance", "Sensitivity", "Fact", "Name",
            "ContactPoint", "Preferences", "Contact", "ConsentGrant", "ConsentLedger",
            "Evidence", "Interaction", "Jurisdiction", "PrivacySignals",
        ):  # fmt: skip
            assert name in pt.__all__

    def test_version_from_metadata(self) -> None:
        """__version__ is a non-empty string from installed metadata."""
        assert isinstance(pt.__version__, str)
        assert pt.__version__

    def test_public_classes_documented(self) -> None:
        """Every exported class and function has a docstring with versionadded."""
        undocumented = [
            n
            for n in pt.__all__
            if (inspect.isclass(obj := getattr(pt, n)) or inspect.isfunction(obj))
            and "versionadded" not in (obj.__doc__ or "")
        ]
        assert [] == undocumented
