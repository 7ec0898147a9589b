"""Issue 14 item 8: the Swiss, Japanese and Singapore packs, each rule at its boundary."""

from __future__ import annotations

import personal_touch as pt
from builders import (
    call,
    codes,
    customer_in,
    decide,
    grant,
    local,
    message,
    rule_ids,
    soft_opt_in,
    touch,
)

ZRH, TYO, SGP = "Europe/Zurich", "Asia/Tokyo", "Asia/Singapore"
NOON_CH = local(ZRH, 2026, 11, 30, 12)
NOON_JP = local(TYO, 2026, 11, 30, 12)
NOON_SG = local(SGP, 2026, 11, 30, 12)
UNDECLARED_SENDER = pt.ContentFlags.declared(sender_identified=False)


def swiss(**changes: object) -> pt.Contact:
    return customer_in("CH", timezone=ZRH, **changes)


def japanese(**changes: object) -> pt.Contact:
    return customer_in("JP", timezone=TYO, **changes)


def singaporean(**changes: object) -> pt.Contact:
    return customer_in("SG", timezone=SGP, **changes)


def health() -> pt.Fact:
    return pt.Fact(
        key="health.condition", value="x", provenance="stated",
        recorded_at=NOON_JP.subtract(days=3), sensitivity="health",
    )  # fmt: skip


class TestSwitzerland:
    def test_mass_advertising_needs_consent_from_the_minute_it_is_given(self) -> None:
        """UWG lit. o: consent given a minute after the send is too late; a minute before is enough."""
        late = grant("marketing.email", granted_at=NOON_CH.add(minutes=1))
        early = grant("marketing.email", granted_at=NOON_CH.subtract(minutes=1))
        assert "CH-UWG-3O-01" in rule_ids(
            decide(swiss(), message(), consents=[late], at=NOON_CH), "deny"
        )
        assert "CH-UWG-3O-01" not in rule_ids(
            decide(swiss(), message(), consents=[early], at=NOON_CH)
        )

    def test_customer_exception_covers_own_similar_goods_only(self) -> None:
        """Lit. o, second sentence: own similar goods with an opt-out pointed out; not others."""
        g = soft_opt_in(["shoes"])
        shoes = decide(swiss(), message(product_category="shoes"), consents=[g], at=NOON_CH)
        cars = decide(swiss(), message(product_category="cars"), consents=[g], at=NOON_CH)
        assert "CH-UWG-3O-02" in rule_ids(shoes, "permit")
        assert "CH-UWG-3O-01" not in rule_ids(shoes)
        assert "CH-UWG-3O-01" in rule_ids(cars, "deny")

    def test_automated_calls_need_consent_live_calls_do_not(self) -> None:
        """Automated advertising calls need consent; a person's call is not mass advertising."""
        li = grant("marketing.phone", "legitimate_interest")
        robot = decide(swiss(), call(authorship="automated"), consents=[li], at=NOON_CH)
        human = decide(swiss(), call(), consents=[li], at=NOON_CH)
        assert "CH-UWG-3O-03" in rule_ids(robot, "deny")
        assert "CH-UWG-3O-03" not in rule_ids(human)

    def test_sender_and_refusal_hint(self) -> None:
        """The correct sender must be named."""
        g = [grant("marketing.email")]
        bad = decide(swiss(), message(content=UNDECLARED_SENDER), consents=g, at=NOON_CH)
        assert "CH-UWG-3O-04" in rule_ids(bad, "deny")
        assert "CH-UWG-3O-04" not in rule_ids(
            decide(swiss(), message(), consents=g, at=NOON_CH), "deny"
        )

    def test_refusal_stops_mass_advertising_until_new_consent(self) -> None:
        """A refusal a minute before stops the message; one a minute after does not yet."""
        g = [grant("marketing.email")]
        before = [touch(NOON_CH.subtract(minutes=1), kind="unsubscribed")]
        after = [touch(NOON_CH.add(minutes=1), kind="unsubscribed")]
        assert "CH-UWG-3O-05" in rule_ids(
            decide(swiss(), message(), consents=g, history=before, at=NOON_CH)
        )
        assert "CH-UWG-3O-05" not in rule_ids(
            decide(swiss(), message(), consents=g, history=after, at=NOON_CH)
        )

    def test_directory_asterisk(self) -> None:
        """Lit. u: the asterisk bars calls, unless a contract is in force."""
        starred = swiss(privacy=pt.PrivacySignals(dnc_registries={"ch_directory_star"}))
        li = grant("marketing.phone", "legitimate_interest")
        assert "CH-UWG-3U-01" in rule_ids(
            decide(starred, call(), consents=[li], at=NOON_CH), "deny"
        )
        contract = grant("relationship", "contract")
        assert "CH-UWG-3U-01" not in rule_ids(
            decide(starred, call(), consents=[li, contract], at=NOON_CH)
        )
        assert "CH-UWG-3U-01" not in rule_ids(decide(swiss(), call(), consents=[li], at=NOON_CH))

    def test_express_will(self) -> None:
        """revDSG art. 30(2)(b): an objection a minute before bars marketing; a minute after, not yet."""
        g = [grant("marketing.email")]
        before = swiss(
            privacy=pt.PrivacySignals(objected_to_marketing_at=NOON_CH.subtract(minutes=1))
        )
        after = swiss(privacy=pt.PrivacySignals(objected_to_marketing_at=NOON_CH.add(minutes=1)))
        assert "CH-DSG-30-01" in rule_ids(decide(before, message(), consents=g, at=NOON_CH), "deny")
        assert "CH-DSG-30-01" not in rule_ids(decide(after, message(), consents=g, at=NOON_CH))


class TestJapan:
    def test_opt_in_or_business_relationship(self) -> None:
        """Art. 3(1): advertising mail needs consent or a business relationship."""
        assert "JP-ASEM-3-01" in rule_ids(decide(japanese(), message(), at=NOON_JP), "deny")
        ebr = grant("marketing.email", "implied_existing_business")
        assert "JP-ASEM-3-01" not in rule_ids(
            decide(japanese(), message(), consents=[ebr], at=NOON_JP)
        )
        sms = decide(japanese(), message(channel="sms"), at=NOON_JP)
        assert "JP-ASEM-3-01" in rule_ids(sms, "deny")

    def test_refusal(self) -> None:
        """Art. 3(3): after a refusal a minute before, no more mail; a later refusal has not happened yet."""
        g = [grant("marketing.email")]
        before = [touch(NOON_JP.subtract(minutes=1), kind="unsubscribed")]
        after = [touch(NOON_JP.add(minutes=1), kind="unsubscribed")]
        assert "JP-ASEM-3-02" in rule_ids(
            decide(japanese(), message(), consents=g, history=before, at=NOON_JP)
        )
        assert "JP-ASEM-3-02" not in rule_ids(
            decide(japanese(), message(), consents=g, history=after, at=NOON_JP)
        )

    def test_sender_display(self) -> None:
        """Art. 4: the sender's name is shown."""
        g = [grant("marketing.email")]
        bad = decide(japanese(), message(content=UNDECLARED_SENDER), consents=g, at=NOON_JP)
        assert "sender_not_named" in codes(bad)
        assert "JP-ASEM-4-01" not in rule_ids(
            decide(japanese(), message(), consents=g, at=NOON_JP), "deny"
        )

    def test_special_care_information(self) -> None:
        """APPI art. 20(2): medical history is used only with consent for it."""
        c = japanese(facts=(health(),))
        m = message(level="personal", content_facts={"health"})
        g = [grant("marketing.email"), grant("personalization.profile")]
        assert "special_care_information_consent_required" in codes(
            decide(c, m, consents=g, at=NOON_JP)
        )
        ok = [*g, grant("personalization.sensitive.health")]
        assert "JP-APPI-20-01" not in rule_ids(decide(c, m, consents=ok, at=NOON_JP))


class TestSingapore:
    def test_dnc_register(self) -> None:
        """PDPA s.43: a listed number gets no marketing text without clear consent."""
        listed = singaporean(privacy=pt.PrivacySignals(dnc_registries={"sg_dnc"}))
        li = grant("marketing.sms", "legitimate_interest")
        sms = message(channel="sms")
        assert "SG-PDPA-43-01" in rule_ids(decide(listed, sms, consents=[li], at=NOON_SG), "deny")
        assert "SG-PDPA-43-01" not in rule_ids(
            decide(listed, sms, consents=[li, grant("marketing.sms")], at=NOON_SG)
        )
        assert "SG-PDPA-43-01" not in rule_ids(
            decide(singaporean(), sms, consents=[li], at=NOON_SG)
        )

    def test_sender_identification_in_texts(self) -> None:
        """PDPA s.44: a marketing text identifies its sender."""
        g = [grant("marketing.sms")]
        bad = decide(
            singaporean(), message(channel="sms", content=UNDECLARED_SENDER), consents=g, at=NOON_SG
        )
        assert "SG-PDPA-44-01" in rule_ids(bad, "deny")
        good = decide(singaporean(), message(channel="sms"), consents=g, at=NOON_SG)
        assert "SG-PDPA-44-01" not in rule_ids(good, "deny")

    def test_adv_label(self) -> None:
        """Spam Control Act: <ADV> label in commercial e-mail."""
        g = [grant("marketing.email")]
        unlabelled = message(content=pt.ContentFlags.declared(identified_as_ad=False))
        assert "not_identified_as_ad" in codes(
            decide(singaporean(), unlabelled, consents=g, at=NOON_SG)
        )
        assert "SG-SCA-11-01" not in rule_ids(
            decide(singaporean(), message(), consents=g, at=NOON_SG), "deny"
        )

    def test_unsubscribe(self) -> None:
        """Spam Control Act: an unsubscribe a minute before is honoured at once."""
        g = [grant("marketing.email")]
        before = [touch(NOON_SG.subtract(minutes=1), kind="unsubscribed")]
        after = [touch(NOON_SG.add(minutes=1), kind="unsubscribed")]
        assert "SG-SCA-5-01" in rule_ids(
            decide(singaporean(), message(), consents=g, history=before, at=NOON_SG)
        )
        assert "SG-SCA-5-01" not in rule_ids(
            decide(singaporean(), message(), consents=g, history=after, at=NOON_SG)
        )
