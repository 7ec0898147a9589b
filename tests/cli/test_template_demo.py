from __future__ import annotations

from personal_touch import _tour
from personal_touch._tour.templates import DEMO_CATALOG, render_section
from personal_touch.testing import load_sample


class TestDemoSection:
    def test_is_a_demo_section(self) -> None:
        """The rendering section is part of the tour."""
        assert render_section in _tour.SECTIONS

    def test_renders_each_contact_with_levels_and_fallbacks(self) -> None:
        """Every sample contact appears with its decision, and rendered ones with levels."""
        sample = load_sample()
        text = render_section(sample, sample.at)
        for contact in sample.contacts:
            assert f"\n{contact.id}  " in text
        assert "asked personal, granted" in text
        assert "fallback: line" in text
        assert "DENY" in text
        assert "deferred to" in text
        assert all(len(line) <= _tour.WIDTH for line in text.splitlines())

    def test_withheld_and_inferred_facts_stay_out(self) -> None:
        """The inferred pregnancy in the sample never reaches the rendered text."""
        sample = load_sample()
        text = render_section(sample, sample.at)
        assert "trimester" not in text
        assert "pregnan" not in text.lower()

    def test_catalog_has_five_languages(self) -> None:
        """The demo's check-in message exists in en, de, fr, es and pt."""
        assert {"en", "de", "fr", "es", "pt"} == set(DEMO_CATALOG.templates)
        assert () == __import__("personal_touch").lint(DEMO_CATALOG)
