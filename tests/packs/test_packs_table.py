from __future__ import annotations

import re
from pathlib import Path

import pytest

from personal_touch import packs
from personal_touch.packs.__main__ import main
from personal_touch.rules import LegalRule
from personal_touch.values import DncRegistry

DOC = Path(__file__).parents[2] / "docs" / "reference" / "packs.md"
ID = re.compile(r"^[A-Z]{2}(-[A-Z0-9.]+)+-\d{2}$")


class TestRegistry:
    def test_every_rule_is_a_cited_legal_rule(self) -> None:
        """Every rule of every pack has an id, a statement and a citation."""
        for pack in packs.all_packs():
            for rule in pack.rules:
                assert isinstance(rule, LegalRule)
                assert ID.match(rule.id), rule.id
                assert rule.statement
                assert rule.citation
                assert rule.confidence in {"S", "I", "V"}

    def test_rule_ids_are_unique_across_packs(self) -> None:
        """No two rules share an id."""
        ids = [r.id for p in packs.all_packs() for r in p.rules]
        assert len(ids) == len(set(ids))

    def test_get_and_applicable(self) -> None:
        """Packs are found by id and chosen by jurisdiction."""
        assert "US-FL" == packs.get("US-FL").id
        assert ["US", "US-FL"] == [p.id for p in packs.applicable("US-FL")]
        assert ["CA-CASL", "CA-QC"] == [p.id for p in packs.applicable("CA-QC")]
        assert ["CA-CASL"] == [p.id for p in packs.applicable("CA-ON")]
        assert len(packs.all_packs()) == len(packs.applicable(None))
        with pytest.raises(KeyError):
            packs.get("XX")

    def test_param_lookup(self) -> None:
        """A rule's parameters are data, found by name."""
        rule = next(r for r in packs.get("US-FL").rules if r.id == "US-FL-501-02")
        assert isinstance(rule, LegalRule)
        assert 3 == rule.param("limit")
        with pytest.raises(KeyError):
            rule.param("nope")


class TestTable:
    def test_committed_reference_matches_the_packs(self) -> None:
        """docs/reference/packs.md is exactly what the generator prints."""
        assert packs.markdown(packs.all_packs()) == DOC.read_text(encoding="utf-8")

    def test_table_lists_every_rule(self) -> None:
        """The table has a row per rule with its pack and citation."""
        text = packs.markdown(packs.all_packs())
        for row in packs.rows(packs.all_packs()):
            assert f"| `{row.id}` | `{row.pack}` |" in text

    def test_every_shape_is_described(self) -> None:
        """The page lists every rule shape the packs use, with its own parameters."""
        text = packs.markdown(packs.all_packs())
        used = packs.shapes(packs.all_packs())
        assert {type(r) for p in packs.all_packs() for r in p.rules} == set(used)
        for cls in used:
            assert f".{cls.__name__}` |" in text
        assert "`limit`, `hours`, `calendar_days`, `per_subject`" in text

    def test_cli_prints_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`python -m personal_touch.packs --markdown` prints the page."""
        assert 0 == main(["--markdown"])
        assert packs.markdown(packs.all_packs()) == capsys.readouterr().out

    def test_cli_lists_rules(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --markdown it prints one line per rule."""
        assert 0 == main([])
        out = capsys.readouterr().out.splitlines()
        assert len(packs.rows(packs.all_packs())) == len(out)


class TestPrefilter:
    def test_rules_outside_their_channels_and_purposes_do_nothing(self) -> None:
        """A rule that declares channels/purposes returns nothing for any other message."""
        import personal_touch as pt
        from builders import AT, customer_in, grant
        from personal_touch._policy._prepared import make_request

        policy = pt.default_policy()
        for channel in pt.Channel:
            for purpose in pt.MessagePurpose:
                m = pt.Message(purpose=purpose, channel=channel, authorship="human")
                c = customer_in(
                    None,
                    timezone="Europe/Paris",
                    privacy=pt.PrivacySignals(dnc_registries=set(DncRegistry)),
                )
                ledger = pt.ConsentLedger("c-1", (grant("marketing"),))
                request = make_request(c, m, ledger=ledger, history=(), at=AT, policy=policy)
                for pack in packs.all_packs():
                    for rule in pack.rules:
                        assert isinstance(rule, LegalRule)
                        outside = (rule.channels is not None and channel not in rule.channels) or (
                            rule.purposes is not None and purpose not in rule.purposes
                        )
                        if outside:
                            assert () == tuple(rule(request)), rule.id
