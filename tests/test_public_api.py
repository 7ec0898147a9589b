"""
The public namespace is small, sorted, documented, and moved names warn for one release.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import personal_touch as pt

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
SRC = str(ROOT / "src")

#: The public modules, each documented in the reference.
NAMESPACES = [
    "personal_touch",
    "personal_touch.converters",
    "personal_touch.exceptions",
    "personal_touch.experiments",
    "personal_touch.filters",
    "personal_touch.listening",
    "personal_touch.moments",
    "personal_touch.packs",
    "personal_touch.rules",
    "personal_touch.templates",
    "personal_touch.testing",
    "personal_touch.triggers",
    "personal_touch.values",
]
#: Integrations with optional extras: imported by name only, never as ``pt.<name>``.
INTEGRATIONS = [
    "personal_touch.dask",
    "personal_touch.store",
    "personal_touch.web_signals",
    "personal_touch.webhooks",
]

#: Every name that left the top level: old name -> (new home, new name).
MOVED = {
    "AnniversaryMoment": ("personal_touch.moments", "AnniversaryMoment"),
    "ApprovedFact": ("personal_touch.values", "ApprovedFact"),
    "Authorship": ("personal_touch.values", "Authorship"),
    "AutomatedTask": ("personal_touch.moments", "AutomatedTask"),
    "BirthdayMoment": ("personal_touch.moments", "BirthdayMoment"),
    "CustomMoment": ("personal_touch.moments", "CustomMoment"),
    "DataProblem": ("personal_touch.moments", "DataProblem"),
    "Disclosure": ("personal_touch.values", "Disclosure"),
    "DisclosureCode": ("personal_touch.values", "DisclosureCode"),
    "DncRegistry": ("personal_touch.values", "DncRegistry"),
    "Effect": ("personal_touch.values", "Effect"),
    "Event": ("personal_touch.moments", "Event"),
    "EventKind": ("personal_touch.moments", "EventKind"),
    "FactValue": ("personal_touch.values", "FactValue"),
    "Fallback": ("personal_touch.templates", "Fallback"),
    "FallbackKind": ("personal_touch.templates", "FallbackKind"),
    "FollowUpCadence": ("personal_touch.moments", "FollowUpCadence"),
    "FollowUpMoment": ("personal_touch.moments", "FollowUpMoment"),
    "Format": ("personal_touch", "Medium"),
    "FrequencyLimit": ("personal_touch.values", "FrequencyLimit"),
    "FrozenMap": ("personal_touch.values", "FrozenMap"),
    "Gesture": ("personal_touch.moments", "Gesture"),
    "GestureKind": ("personal_touch.moments", "GestureKind"),
    "GrantRef": ("personal_touch.values", "GrantRef"),
    "GrantStatus": ("personal_touch.values", "GrantStatus"),
    "HumanTask": ("personal_touch.moments", "HumanTask"),
    "LeapDay": ("personal_touch.moments", "LeapDay"),
    "LifeEventMoment": ("personal_touch.moments", "LifeEventMoment"),
    "LintFinding": ("personal_touch.templates", "LintFinding"),
    "Mention": ("personal_touch.moments", "Mention"),
    "MomentKind": ("personal_touch.moments", "MomentKind"),
    "MomentOptions": ("personal_touch.moments", "MomentOptions"),
    "MomentScan": ("personal_touch.moments", "MomentScan"),
    "Outcome": ("personal_touch.moments", "MatchResult"),
    "Period": ("personal_touch.values", "Period"),
    "PurchaseMoment": ("personal_touch.moments", "PurchaseMoment"),
    "QuietHours": ("personal_touch.values", "QuietHours"),
    "Register": ("personal_touch.values", "Register"),
    "Rendered": ("personal_touch.templates", "Rendered"),
    "Requirements": ("personal_touch.templates", "Requirements"),
    "ScanSummary": ("personal_touch.moments", "ScanSummary"),
    "Scope": ("personal_touch.values", "GrantScope"),
    "Skip": ("personal_touch.moments", "Skip"),
    "SmsCost": ("personal_touch.templates", "SmsCost"),
    "SmsEncoding": ("personal_touch.templates", "SmsEncoding"),
    "SourceFact": ("personal_touch.moments", "SourceFact"),
    "StageTable": ("personal_touch.rules", "StageTable"),
    "SuppressionReason": ("personal_touch.values", "SuppressionReason"),
    "TeamResultMoment": ("personal_touch.moments", "TeamResultMoment"),
    "TemplateLimits": ("personal_touch.templates", "TemplateLimits"),
    "TemplatePart": ("personal_touch.templates", "TemplatePart"),
    "Tone": ("personal_touch.moments", "Tone"),
    "TripMoment": ("personal_touch.moments", "TripMoment"),
    "Window": ("personal_touch.moments", "Window"),
    "WithheldFact": ("personal_touch.values", "WithheldFact"),
    "Writer": ("personal_touch.moments", "Writer"),
    "disclosure_text": ("personal_touch.templates", "disclosure_text"),
    "locale_chain": ("personal_touch.templates", "locale_chain"),
    "measure_sms": ("personal_touch.templates", "measure_sms"),
    "moment_priority": ("personal_touch.moments", "moment_priority"),
    "schedule_follow_ups": ("personal_touch.moments", "schedule_follow_ups"),
    "suggest_gestures": ("personal_touch.moments", "suggest_gestures"),
}


def _fresh(code: str) -> list[str]:
    """The words *code* prints in a fresh interpreter that imports this checkout's package."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout.split()


def _isort_style(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: SCREAMING_CASE constants, then CamelCase classes, then the rest."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def _documented(module: str) -> set[str] | None:
    """
    The names the reference documents for *module*: ``None`` for all of its ``__all__``.

    Read from the ``automodule`` directives of ``docs/reference/*.md``: a bare ``:members:``
    documents the module's ``__all__``, a list documents the names listed.
    """
    found: set[str] = set()
    pattern = re.compile(
        rf"\.\. automodule:: {re.escape(module)}\n((?:   .*\n|      .*\n)*)", re.MULTILINE
    )
    for page in sorted(REFERENCE.glob("*.md")):
        for match in pattern.finditer(page.read_text("utf-8")):
            options = match.group(1)
            members = re.search(r":members:(.*(?:\n      .*)*)", options)
            if members is None:
                continue
            listed = members.group(1).replace("\n", " ").strip()
            if not listed:
                return None
            found |= {n.strip() for n in listed.split(",") if n.strip()}
    return found


class TestNamespace:
    def test_at_most_fifty_names(self) -> None:
        """The top level holds what a user types in the first hour: at most fifty names."""
        assert len(pt.__all__) <= 50

    @pytest.mark.parametrize("module", NAMESPACES)
    def test_all_sorted_unique_and_resolves(self, module: str) -> None:
        """Every public namespace has a sorted __all__ (constants, classes, functions)."""
        mod = importlib.import_module(module)
        names = list(mod.__all__)
        assert sorted(set(names), key=_isort_style) == names
        missing = [n for n in names if not hasattr(mod, n)]
        assert [] == missing

    @pytest.mark.parametrize(
        "module", [m for m in NAMESPACES if m != "personal_touch.packs"]
    )  # the packs' reference lists its documented names; its tables document the rest
    def test_every_public_name_documented_in_the_reference(self, module: str) -> None:
        """The reference documents every name of every public module's __all__."""
        documented = _documented(module)
        if documented is not None:
            assert [] == sorted(set(importlib.import_module(module).__all__) - documented)

    def test_no_leaked_names(self) -> None:
        """The package's own globals are public names, submodules, dunders or private."""
        leaked = [
            n
            for n in vars(pt)
            if not n.startswith("_")
            and n not in pt.__all__
            and f"personal_touch.{n}" not in NAMESPACES + INTEGRATIONS
        ]
        assert [] == leaked

    def test_no_leaked_names_in_a_fresh_interpreter(self) -> None:
        """Right after ``import personal_touch`` nothing but public and private names exist."""
        code = (
            "import personal_touch as pt\n"
            "print(*[n for n in vars(pt) if not n.startswith('_') and n not in pt.__all__])"
        )
        assert ["exceptions"] == _fresh(code)

    def test_dir_lists_public_names_not_deprecated_ones(self) -> None:
        """dir() shows the public names, not the deprecated ones."""
        assert set(pt.__all__) <= set(dir(pt))
        assert not set(MOVED) & set(dir(pt))

    @pytest.mark.parametrize("module", NAMESPACES[1:])
    def test_submodules_reachable_as_attributes(self, module: str) -> None:
        """``pt.moments`` and its siblings work without importing them first."""
        name = module.rpartition(".")[2]
        assert [module] == _fresh(f"import personal_touch as pt; print(pt.{name}.__name__)")

    def test_dir_lists_submodules_before_they_load(self) -> None:
        """Tab completion finds ``pt.moments`` and its siblings before anything imports them."""
        code = "import personal_touch as pt\nprint(*dir(pt))"
        listed = _fresh(code)
        assert {m.rpartition(".")[2] for m in NAMESPACES[1:]} <= set(listed)

    def test_model_names_exported(self) -> None:
        """The core values are reachable as pt.<Name>."""
        for name in (
            "Channel", "Medium", "Stage", "Level", "Provenance", "Sensitivity", "Fact", "Name",
            "ContactPoint", "Preferences", "Contact", "ConsentGrant", "ConsentLedger",
            "Evidence", "Interaction", "Jurisdiction", "PrivacySignals", "Message", "Decision",
        ):  # fmt: skip
            assert name in pt.__all__

    def test_version_from_metadata(self) -> None:
        """__version__ is a non-empty string from installed metadata."""
        assert isinstance(pt.__version__, str)
        assert pt.__version__

    @pytest.mark.parametrize("module", NAMESPACES)
    def test_public_classes_documented(self, module: str) -> None:
        """Every exported class and function has a docstring with versionadded."""
        mod = importlib.import_module(module)
        undocumented = [
            n
            for n in mod.__all__
            if (inspect.isclass(obj := getattr(mod, n)) or inspect.isfunction(obj))
            and "versionadded" not in (obj.__doc__ or "")
        ]
        assert [] == undocumented


class TestDeprecatedNames:
    def test_every_moved_name_is_listed(self) -> None:
        """The test's table and the package's agree: no name left the top level silently."""
        assert set(MOVED) == set(pt._MOVED)

    @pytest.mark.parametrize(("old", "home"), sorted(MOVED.items()))
    def test_moved_name_warns_and_resolves(self, old: str, home: tuple[str, str]) -> None:
        """``pt.<old>`` still works for one release, warning where the name lives now."""
        module, new = home
        with pytest.warns(DeprecationWarning, match=rf"personal_touch\.{old}\b.*{module}\.{new}"):
            value = getattr(pt, old)
        assert getattr(importlib.import_module(module), new) is value
        assert old not in pt.__all__

    def test_warning_points_at_the_caller(self) -> None:
        """The warning is attributed to the line that used the old name."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pt.Format  # noqa: B018
        assert [__file__] == [w.filename for w in caught]

    def test_warns_on_every_access(self) -> None:
        """The old name is not cached: each use warns again."""
        for _ in range(2):
            with pytest.warns(DeprecationWarning, match="GrantScope"):
                pt.Scope  # noqa: B018

    def test_renamed_values_keep_their_serialized_form(self) -> None:
        """Renaming Format to Medium changed no value: JSON stays identical."""
        assert ["text", "video", "call", "in_person"] == [m.value for m in pt.Medium]
