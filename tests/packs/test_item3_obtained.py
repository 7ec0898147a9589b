"""
Issue 14 item 3: evidence of how consent was obtained, and the rules that read it.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, codes, customer_in, decide, grant, message, rule_ids, soft_opt_in
from personal_touch import converters
from personal_touch.exceptions import InvalidFieldError, InvalidInputError
from personal_touch.store import SQLiteStore
from personal_touch.values import Obtained

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
NORTHWIND = pt.SenderProfile(name="Northwind Outfitters")
POLICY = attrs.evolve(pt.default_policy(), sender=NORTHWIND)


def via_list(*named: str) -> pt.Evidence:
    return pt.Evidence(
        source="co-registration",
        method="checkbox",
        obtained=Obtained.UNNAMED_LIST,
        partner="Contoso Leads",
        named_senders=named,
    )


def via_partner(*named: str) -> pt.Evidence:
    return pt.Evidence(
        source="partner sign-up",
        method="checkbox",
        obtained=Obtained.NAMED_PARTNER,
        partner="Contoso",
        named_senders=named,
    )


def consent(evidence: pt.Evidence | None, **changes: object) -> pt.ConsentGrant:
    return grant("marketing.email", evidence=evidence, **changes)  # type: ignore[arg-type]


class TestEvidence:
    def test_direct_is_the_default(self) -> None:
        """Evidence without a word on who obtained it is direct and counts for any sender."""
        ev = pt.Evidence(source="form", method="checkbox")
        assert Obtained.DIRECT == ev.obtained
        assert ev.counts_for("Anyone")
        assert ev.counts_for(None)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"partner": "Contoso"}, "partner"),
            ({"named_senders": ["Northwind"]}, "named_senders"),
            ({"obtained": "unnamed_list"}, "partner"),
            ({"obtained": "named_partner", "partner": "Contoso"}, "named_senders"),
            ({"obtained": "named_partner", "partner": "  ", "named_senders": ["A"]}, "partner"),
            ({"obtained": "from_a_friend"}, "obtained"),
            ({"verification": "checkbox"}, "verification"),
            ({"named_senders": [""], "obtained": "unnamed_list", "partner": "C"}, "named_senders"),
            ({"given_by": " "}, "given_by"),
        ],
    )
    def test_inconsistent_evidence_is_refused(self, changes: dict[str, object], field: str) -> None:
        """A partner on a direct consent, or none on an indirect one, raises a typed error."""
        with pytest.raises(InvalidFieldError) as exc:
            pt.Evidence(source="form", method="checkbox", **changes)  # type: ignore[arg-type]
        assert field == exc.value.field

    def test_names_ignore_case_and_spacing(self) -> None:
        """A notice naming "Northwind  Outfitters" names "northwind outfitters"."""
        ev = via_partner("Northwind  Outfitters")
        assert ev.counts_for("northwind outfitters")
        assert not ev.counts_for("Fabrikam")

    def test_unnamed_list_counts_only_for_senders_it_named(self) -> None:
        """A list's consent counts for none but the senders its notice did name."""
        assert not via_list().counts_for("Northwind Outfitters")
        assert not via_list().counts_for(None)
        assert via_list("Northwind Outfitters").counts_for("Northwind Outfitters")

    def test_named_partner_counts_for_an_unconfigured_sender(self) -> None:
        """With no sender configured, the record of a named partner vouches for it."""
        assert via_partner("Northwind").counts_for(None)

    def test_json_round_trip(self) -> None:
        """The new fields survive JSON; the defaults add no keys."""
        ev = attrs.evolve(via_partner("Northwind", "Fabrikam"), given_by="p-1")
        data = converters.unstructure(ev)
        assert ev == converters.structure(data, pt.Evidence)
        assert ["Fabrikam", "Northwind"] == sorted(data["named_senders"])
        plain = converters.unstructure(pt.Evidence(source="form", method="checkbox"))
        assert {"source", "method"} == set(plain)

    def test_bad_json_names_the_field(self) -> None:
        """An unknown ``obtained`` in JSON is an InvalidInputError naming its path."""
        with pytest.raises(InvalidInputError) as exc:
            converters.structure(
                {"source": "f", "method": "m", "obtained": "by_magic"}, pt.Evidence
            )
        assert "obtained" in str(exc.value)
        assert "by_magic" not in str(exc.value)

    @given(st.text(min_size=1, max_size=20).filter(str.strip))
    def test_a_named_sender_always_counts(self, name: str) -> None:
        """Whatever the name, the partner's notice naming it makes it count for it."""
        assert via_partner(name).counts_for(name.upper() if name.isascii() else name)

    def test_old_stable_keys_are_unchanged(self) -> None:
        """Evidence recorded before these fields keeps its stable text (version order)."""
        ev = pt.Evidence(source="form", method="checkbox", notice_id="n", notice_version="2")
        assert ["form", "checkbox", "n", "2", None, None, False] == ev.stable_fields()
        assert 12 == len(via_list().stable_fields())


class TestPecr:
    """UK-PECR-22-05: indirect consent must name the sender."""

    def test_unnamed_list_does_not_count(self) -> None:
        """A list's consent that did not name the sender is refused, with a fix."""
        d = decide(customer_in("GB"), message(), consents=[consent(via_list())], policy=POLICY)
        assert DENY == d.verdict
        assert "UK-PECR-22-05" in rule_ids(d, "deny")
        reason = next(r for r in d.reasons if r.rule == "UK-PECR-22-05")
        assert "indirect_consent_not_naming_sender" == reason.code
        assert reason.hint is not None
        assert "named_senders" in reason.hint

    def test_named_partner_naming_the_sender_counts(self) -> None:
        """A partner's notice naming this sender is consent to it."""
        c = [consent(via_partner("Northwind Outfitters"))]
        d = decide(customer_in("GB"), message(), consents=c, policy=POLICY)
        assert ALLOW == d.verdict

    def test_named_partner_naming_others_does_not_count(self) -> None:
        """A partner's notice naming other senders is not consent to this one."""
        c = [consent(via_partner("Fabrikam"))]
        d = decide(customer_in("GB"), message(), consents=c, policy=POLICY)
        assert "UK-PECR-22-05" in rule_ids(d, "deny")

    def test_unconfigured_sender_unnamed_list_refused(self) -> None:
        """Without a sender in the policy an unnamed list still never counts."""
        d = decide(customer_in("GB"), message(), consents=[consent(via_list())])
        assert "UK-PECR-22-05" in rule_ids(d, "deny")
        d = decide(customer_in("GB"), message(), consents=[consent(via_partner("X"))])
        assert "UK-PECR-22-05" not in rule_ids(d)

    def test_a_direct_consent_from_the_minute_it_is_given(self) -> None:
        """Boundary: the minute before a direct consent, refused; from it on, allowed."""
        direct = consent(None, id="direct", granted_at=AT)
        listed = consent(via_list(), id="listed")
        before = decide(
            customer_in("GB"),
            message(),
            consents=[listed, direct],
            policy=POLICY,
            at=AT.subtract(minutes=1),
        )
        at = decide(customer_in("GB"), message(), consents=[listed, direct], policy=POLICY, at=AT)
        assert "UK-PECR-22-05" in rule_ids(before, "deny")
        assert ALLOW == at.verdict

    def test_soft_opt_in_still_carries_the_message(self) -> None:
        """The soft opt-in is the sender's own: an unnamed list next to it does not deny."""
        c = [consent(via_list(), id="listed"), soft_opt_in({"boots"})]
        d = decide(customer_in("GB"), message(product_category="boots"), consents=c, policy=POLICY)
        assert ALLOW == d.verdict
        assert "UK-PECR-22-05" not in rule_ids(d)


class TestEprivacy:
    """EU-EPD-ART13-06: controllers relying on consent must have been named."""

    def test_unnamed_list_refused_in_germany(self) -> None:
        """A co-registration consent for "partners" does not reach a German inbox."""
        d = decide(customer_in("DE"), message(), consents=[consent(via_list())], policy=POLICY)
        assert "EU-EPD-ART13-06" in rule_ids(d, "deny")

    def test_named_sender_allowed(self) -> None:
        """Named in the notice: allowed."""
        c = [consent(via_list("Northwind Outfitters"))]
        d = decide(customer_in("DE"), message(), consents=c, policy=POLICY)
        assert "EU-EPD-ART13-06" not in rule_ids(d)

    def test_post_is_not_guarded(self) -> None:
        """The rule guards electronic mail only."""
        d = decide(
            customer_in("DE"),
            message(channel="post"),
            consents=[consent(via_list())],
            policy=POLICY,
        )
        assert "EU-EPD-ART13-06" not in rule_ids(d)


class TestCasl:
    """CA-CASL-10-03: consent for unknown third parties counts, on conditions."""

    def test_unknown_third_party_counts_with_a_note(self) -> None:
        """A list's consent for parties not yet known is relied on, with its conditions."""
        d = decide(customer_in("CA"), message(), consents=[consent(via_list())], policy=POLICY)
        assert "CA-CASL-10-03" not in rule_ids(d, "deny")
        assert "consent_for_unknown_third_party" in codes(d)

    def test_named_partner_naming_others_refused(self) -> None:
        """Consent sought for named third parties counts only for them."""
        c = [consent(via_partner("Fabrikam"))]
        d = decide(customer_in("CA"), message(), consents=c, policy=POLICY)
        assert "CA-CASL-10-03" in rule_ids(d, "deny")

    def test_a_consent_ending_at_the_minute(self) -> None:
        """Boundary: a direct consent withdrawn at 15:00 counts at 14:59, not at 15:00."""
        direct = consent(None, id="direct", withdrawn_at=AT)
        named = consent(via_partner("Fabrikam"), id="named")
        before = decide(
            customer_in("CA"),
            message(),
            consents=[named, direct],
            policy=POLICY,
            at=AT.subtract(minutes=1),
        )
        after = decide(customer_in("CA"), message(), consents=[named, direct], policy=POLICY)
        assert "CA-CASL-10-03" not in rule_ids(before)
        assert "CA-CASL-10-03" in rule_ids(after, "deny")


class TestDecisionIds:
    def test_who_obtained_it_is_in_the_decision_id(self) -> None:
        """Two ledgers differing only in who obtained the consent decide with different ids."""
        a = decide(customer_in("US-NY"), message(), consents=[consent(via_partner("A"))])
        b = decide(customer_in("US-NY"), message(), consents=[consent(via_partner("B"))])
        assert a.decision_id != b.decision_id


class TestStore:
    def test_the_store_keeps_who_obtained_it(self, tmp_path: Path) -> None:
        """A grant obtained through a partner reads back from the store as it was written."""
        g = consent(attrs.evolve(via_partner("Northwind Outfitters"), given_by="p-1"))
        with SQLiteStore(tmp_path / "pt.db") as store:
            store.record_consent(g, recorded_at=AT)
            (back,) = tuple(store.ledger("c-1"))
        assert g.evidence == back.evidence


_NAMES = st.frozensets(st.sampled_from(["Northwind Outfitters", "Fabrikam", "Contoso"]))


@st.composite
def evidences(draw: st.DrawFn) -> pt.Evidence:
    obtained = draw(st.sampled_from(list(Obtained)))
    if obtained is Obtained.DIRECT:
        return pt.Evidence(source="form", method="checkbox")
    named = draw(_NAMES)
    if obtained is Obtained.NAMED_PARTNER and not named:
        named = frozenset({"Fabrikam"})
    return pt.Evidence(
        source="partner", method="checkbox", obtained=obtained, partner="P", named_senders=named
    )


class TestProperties:
    @settings(max_examples=40, deadline=None)
    @given(evidences(), st.sampled_from([None, NORTHWIND]), st.sampled_from(["GB", "DE"]))
    def test_a_consent_counts_exactly_when_the_evidence_says_so(
        self, ev: pt.Evidence, sender: pt.SenderProfile | None, country: str
    ) -> None:
        """Under PECR and ePrivacy the verdict follows Evidence.counts_for for the sender."""
        policy = attrs.evolve(pt.default_policy(), sender=sender)
        d = decide(customer_in(country), message(), consents=[consent(ev)], policy=policy)
        expected = ALLOW if ev.counts_for(None if sender is None else sender.name) else DENY
        assert expected == d.verdict
