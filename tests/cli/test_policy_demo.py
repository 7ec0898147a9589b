from __future__ import annotations

from personal_touch._tour import SECTIONS, render_demo
from personal_touch._tour.decisions import decisions_section
from personal_touch.testing import load_sample


class TestDecisionsSection:
    def test_every_contact_three_messages(self) -> None:
        """Each sample contact gets a newsletter, a personal note and a call."""
        sample = load_sample()
        text = decisions_section(sample, sample.at)
        for c in sample.contacts:
            assert f"  {c.id}  " in text
        assert len(sample.contacts) == text.count("    newsletter")
        assert len(sample.contacts) == text.count("    call")
        assert all(len(line) <= 100 for line in text.splitlines())

    def test_no_personal_data(self) -> None:
        """The section shows ids, keys and codes, never names or fact values."""
        sample = load_sample()
        text = decisions_section(sample, sample.at)
        for c in sample.contacts:
            for part in (c.name.given, c.name.family):
                if part:
                    assert part not in text
            for f in c.facts:
                if isinstance(f.value, str) and len(f.value) > 3:
                    assert f.value not in text

    def test_part_of_the_demo(self) -> None:
        """The demo includes the section, showing denials, deferrals and withheld facts."""
        assert decisions_section in SECTIONS
        text = render_demo()
        assert "Decisions at" in text
        assert "DEFER until" in text
        assert "withheld:" in text
