from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pendulum
import pytest

import personal_touch
from personal_touch import _tour
from personal_touch._cli import main
from personal_touch._cli._time import parse_instant
from personal_touch._tour.contacts import _wrap, contact_block, contacts_section
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError
from personal_touch.testing import SampleData, load_sample

PACKAGE = Path(personal_touch.__file__).parent


@pytest.fixture(scope="module")
def text() -> str:
    return _tour.render_demo()


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return load_sample()


class TestRenderDemo:
    def test_fits_the_terminal(self, sample: SampleData) -> None:
        """Every line of the contacts section fits in 100 columns."""
        section = contacts_section(sample, sample.at)
        assert max(len(line) for line in section.splitlines()) <= _tour.WIDTH

    def test_every_contact_has_a_table(self, text: str, sample: SampleData) -> None:
        """Each contact's id heads a block with stage, jurisdiction and zone."""
        for c in sample.contacts:
            head = next(line for line in text.splitlines() if line.startswith(c.id + "  "))
            assert c.stage.value in head
            assert c.timezone in head
            assert str(c.jurisdiction) in head

    def test_consents_and_why_not(self, text: str) -> None:
        """In-force grants are listed; others say why they are not in force."""
        for phrase in (
            "consents in force:",
            "withdrawn (on 2026-11-02)",
            "expired (on 2024-06-01)",
            "pending confirmation (since 2026-11-27)",
            "not yet granted (starts 2026-12-01)",
            "implied existing business; until 2028-11-26",
        ):
            assert phrase in text

    def test_facts_keys_only(self, text: str) -> None:
        """Facts appear as keys grouped by provenance and sensitivity, never values."""
        assert "inferred / reproductive_health" in text
        assert "health.pregnancy (confidence 0.87)" in text
        assert "stated / health" in text
        for value in ("New York", "Harbour City", "grand piano", "retirement", "Les Étoiles"):
            assert value not in contacts_section(load_sample(), load_sample().at)

    def test_no_addresses(self, text: str) -> None:
        """E-mail addresses and phone numbers are not shown."""
        assert "@example" not in text
        assert "+49" not in text

    def test_at_changes_the_picture(self) -> None:
        """At a later instant, the pending SMS grant and the trip fact change status."""
        later = _tour.render_demo(at=pendulum.datetime(2029, 1, 1, tz="UTC"))
        assert "2029-01-01T00:00:00+00:00" in later
        assert "travel.next_trip (expired 2026-12-11)" in later
        assert "implied existing business" not in later.split("not in force")[0].split("c-004")[-1]

    def test_date_only_means_midnight_utc(self) -> None:
        """A bare date is midnight UTC."""
        assert pendulum.datetime(2026, 12, 1, tz="UTC") == parse_instant("2026-12-01")

    def test_bad_instants(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Naive and malformed instants raise typed errors naming 'at'; the CLI exits 2."""
        with pytest.raises(NaiveDateTimeError):
            parse_instant("2026-12-01T09:00")
        with pytest.raises(NaiveDateTimeError):
            _tour.render_demo(at=dt.datetime(2026, 12, 1, 9))
        with pytest.raises(InvalidFieldError) as info:
            parse_instant("next tuesday")
        assert "at" == info.value.field
        assert 2 == main(["demo", "--at", "next tuesday"])
        assert "demo: at: expected an ISO 8601 instant" in capsys.readouterr().err

    def test_sections_are_extensible(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Another section adds its text to the tour."""
        sections = (*_tour.SECTIONS, lambda sample, at: f"extra at {at.isoformat()}\n")
        monkeypatch.setattr(_tour, "SECTIONS", sections)
        assert _tour.render_demo().endswith("extra at 2026-11-30T09:00:00+00:00\n")

    def test_contact_without_anything(self, sample: SampleData) -> None:
        """A contact with no name, channels, facts or jurisdiction still renders."""
        from personal_touch import Contact

        bare = Contact(id="c-x", created_at=sample.at)
        block = contact_block(sample, bare, sample.at)
        assert "c-x  (no name)  |  awareness  |  unknown" in block
        assert "channels: none" in block
        assert "consents in force: none" in block
        assert "facts: none" in block

    def test_wrap_long_lines(self) -> None:
        """Overlong lines wrap at a space with an indent; unbreakable ones stay."""
        long = "  x " + " ".join(["word"] * 40)
        wrapped = list(_wrap(long))
        assert len(wrapped) > 1
        assert all(len(w) <= _tour.WIDTH for w in wrapped)
        assert wrapped[1].startswith("      ")
        unbreakable = "y" * 120
        assert [unbreakable] == list(_wrap(unbreakable))

    def test_rarer_preferences_and_signals(self, sample: SampleData) -> None:
        """Blocked channels, objections and an empty scope render without values."""
        from personal_touch import (
            ConsentGrant,
            ConsentLedger,
            Contact,
            Preferences,
            PrivacySignals,
        )
        from personal_touch.values import GrantScope

        c = Contact(
            id="c-y",
            created_at=sample.at.subtract(years=1),
            preferences=Preferences(blocked_channels=["phone"]),
            privacy=PrivacySignals(objected_to_marketing_at=sample.at.subtract(days=1)),
        )
        g = ConsentGrant(
            id="g-y",
            contact_id="c-y",
            purpose="relationship",
            granted_at=c.created_at,
            scope=GrantScope(),
        )
        extended = SampleData(
            at=sample.at, contacts=(c,), ledgers={"c-y": ConsentLedger("c-y", (g,))}
        )
        block = contact_block(extended, c, sample.at)
        assert "preferences: blocks phone" in block
        assert "objected to marketing (2026-11-29)" in block
        assert "g-y        relationship" in block
        assert "scope:" not in block


def _imports(path: Path) -> set[str]:
    """The absolute names of the personal_touch modules *path* imports (anywhere in it)."""
    module = ".".join(("personal_touch", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            stem = ".".join(part for part in (base, node.module or "") if part)
            names.add(stem)
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return names


class TestTourStandsApart:
    def test_one_tour_package_and_no_demo_modules(self) -> None:
        """The demo code lives in personal_touch._tour alone: no _demo module anywhere."""
        assert [] == sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("_demo.py"))
        assert (PACKAGE / "_tour" / "__init__.py").is_file()

    def test_nothing_in_the_library_imports_the_tour(self) -> None:
        """Only the CLI's demo command imports the tour; no library module imports demo code."""
        importers = sorted(
            str(path.relative_to(PACKAGE))
            for path in PACKAGE.rglob("*.py")
            if path.parent.name != "_tour"
            and any(
                name.startswith(("personal_touch._tour", "personal_touch._demo"))
                or ("._demo" in name and name.startswith("personal_touch"))
                for name in _imports(path)
            )
        )
        assert ["_cli/demo.py"] == importers
