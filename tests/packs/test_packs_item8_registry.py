"""Issue 14 item 8: the new packs are registered, reachable by jurisdiction and in the table."""

from __future__ import annotations

import pytest

import personal_touch as pt
from builders import call, customer_in, decide, grant, local, rule_ids
from personal_touch import packs

NEW = {
    "CH": "CH",
    "JP": "JP",
    "SG": "SG",
    "IN": "IN",
    "ZA": "ZA",
    "US-NY": "US-NY",
    "AU-NSW": "AU-NSW",
    "AU-VIC": "AU-VIC",
    "AU-QLD": "AU-QLD",
    "AU-WA": "AU-WA",
    "AU-SA": "AU-SA",
    "AU-TAS": "AU-TAS",
    "AU-ACT": "AU-ACT",
    "AU-NT": "AU-NT",
}


class TestRegistration:
    @pytest.mark.parametrize(("code", "pack_id"), sorted(NEW.items()))
    def test_jurisdiction_reaches_its_pack(self, code: str, pack_id: str) -> None:
        """The jurisdiction parses (any case) and selects the new pack."""
        assert code == str(pt.Jurisdiction.parse(code.lower()))
        assert pack_id in [p.id for p in packs.applicable(code)]
        assert packs.get(pack_id) in packs.all_packs()

    def test_every_new_rule_is_in_the_table_with_citation_and_confidence(self) -> None:
        """The generated reference table lists every new rule, cited, with a confidence."""
        ids = set(NEW.values())
        found = [r for r in packs.rows(packs.all_packs()) if r.pack in ids]
        assert len(found) >= 30
        assert all(r.citation and r.confidence in {"S", "I", "V"} for r in found)
        extra = {r.id for r in packs.rows(packs.all_packs())} & {"BR-NMP-01", "EU-GDPR-ART22-01"}
        assert {"BR-NMP-01", "EU-GDPR-ART22-01"} == extra

    def test_unknown_jurisdiction_gets_the_new_packs_too(self) -> None:
        """A contact of unknown jurisdiction gets every pack, the new ones included."""
        assert set(NEW.values()) <= {p.id for p in packs.applicable(None)}

    def test_zone_from_the_jurisdiction(self) -> None:
        """Without a contact zone, India's window is read in India's zone (CLDR)."""
        c = customer_in("IN", timezone=None)
        g = [grant("marketing.phone", granted_at=local("UTC", 2025, 1, 1))]
        d = decide(c, call(), consents=g, at=local("Asia/Kolkata", 2026, 11, 30, 8, 30))
        assert "IN-TCCCPR-02" in rule_ids(d, "defer")
