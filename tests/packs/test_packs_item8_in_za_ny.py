"""Issue 14 item 8: the Indian, South African and New York packs and Não Me Perturbe, at their boundaries."""

from __future__ import annotations

import datetime as dt

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

KOL, JNB, NYC, SP = "Asia/Kolkata", "Africa/Johannesburg", "America/New_York", "America/Sao_Paulo"
NOON_ZA = local(JNB, 2026, 11, 30, 12)
UNDECLARED_SENDER = pt.ContentFlags.declared(sender_identified=False)
OLD_PHONE_GRANT = grant("marketing.phone", granted_at=local("UTC", 2025, 11, 30))


def indian(**changes: object) -> pt.Contact:
    return customer_in("IN", timezone=KOL, **changes)


def south_african(**changes: object) -> pt.Contact:
    return customer_in("ZA", timezone=JNB, **changes)


def new_yorker(**changes: object) -> pt.Contact:
    return customer_in("US-NY", timezone=NYC, **changes)


class TestIndia:
    def test_preference_register(self) -> None:
        """TCCCPR: a fully blocked number gets no promotional call without explicit consent."""
        listed = indian(privacy=pt.PrivacySignals(dnc_registries={"in_ncpr"}))
        li = grant("marketing.phone", "legitimate_interest")
        at = local(KOL, 2026, 11, 30, 12)
        assert "IN-TCCCPR-01" in rule_ids(decide(listed, call(), consents=[li], at=at), "deny")
        assert "IN-TCCCPR-01" not in rule_ids(
            decide(listed, call(), consents=[OLD_PHONE_GRANT], at=at)
        )

    def test_window_opens_at_nine_and_closes_at_nine_pm(self) -> None:
        """08:59 is deferred to 09:00; 09:00 and 20:59 are open; 21:00 waits for 09:00 next day."""
        c, g = indian(), [OLD_PHONE_GRANT]
        early = decide(c, call(), consents=g, at=local(KOL, 2026, 11, 30, 8, 59))
        assert "IN-TCCCPR-02" in rule_ids(early, "defer")
        assert local(KOL, 2026, 11, 30, 9) == early.not_before
        for h, m in ((9, 0), (20, 59)):
            open_ = decide(c, call(), consents=g, at=local(KOL, 2026, 11, 30, h, m))
            assert "IN-TCCCPR-02" not in rule_ids(open_)
        late = decide(c, call(), consents=g, at=local(KOL, 2026, 11, 30, 21))
        assert local(KOL, 2026, 12, 1, 9) == late.not_before

    def test_dpdp_consent_from_13_may_2027(self) -> None:
        """DPDP s.6: legitimate interest is no basis from 2027-05-13 (the day before, the rule is not in force)."""
        li = [grant("marketing.post", "legitimate_interest", granted_at=local(KOL, 2026, 1, 1))]
        post = message(channel="post")
        before = decide(indian(), post, consents=li, at=local(KOL, 2027, 5, 12, 23, 59))
        on = decide(indian(), post, consents=li, at=local(KOL, 2027, 5, 13, 0, 0))
        assert "IN-DPDP-6-01" not in rule_ids(before)
        assert "IN-DPDP-6-01" in rule_ids(on, "deny")

    def test_child_under_18_from_commencement(self) -> None:
        """DPDP s.9(1): a 17-year-old needs a parent's consent; on the 18th birthday no longer."""
        at = local(KOL, 2027, 6, 1, 12)
        g = [grant("marketing.email", granted_at=local(KOL, 2026, 1, 1))]
        seventeen = indian(birth_date=dt.date(2009, 6, 2))
        eighteen = indian(birth_date=dt.date(2009, 6, 1))
        assert "IN-DPDP-9-01" in rule_ids(decide(seventeen, message(), consents=g, at=at), "deny")
        assert "IN-DPDP-9-01" not in rule_ids(decide(eighteen, message(), consents=g, at=at))
        before = local(KOL, 2027, 5, 12, 12)
        assert "IN-DPDP-9-01" not in rule_ids(decide(seventeen, message(), consents=g, at=before))

    def test_no_targeted_advertising_to_children(self) -> None:
        """DPDP s.9(3): no targeting of under-18s from 2027-05-13; not before."""
        teen = indian(birth_date=dt.date(2011, 1, 1))
        g = [grant("marketing.email", "parental_consent", granted_at=local(KOL, 2026, 1, 1))]
        m = message(targeting_facts={"interests"})
        on = decide(teen, m, consents=g, at=local(KOL, 2027, 5, 13, 12))
        before = decide(teen, m, consents=g, at=local(KOL, 2027, 5, 12, 12))
        assert "IN-DPDP-9-02" in rule_ids(on)
        assert "IN-DPDP-9-02" not in rule_ids(before)


class TestSouthAfrica:
    def test_electronic_direct_marketing_needs_consent(self) -> None:
        """s.69(1): consent given a minute after is too late; a minute before is enough."""
        late = grant("marketing.email", granted_at=NOON_ZA.add(minutes=1))
        early = grant("marketing.email", granted_at=NOON_ZA.subtract(minutes=1))
        assert "ZA-POPIA-69-01" in rule_ids(
            decide(south_african(), message(), consents=[late], at=NOON_ZA), "deny"
        )
        assert "ZA-POPIA-69-01" not in rule_ids(
            decide(south_african(), message(), consents=[early], at=NOON_ZA)
        )
        donation = decide(south_african(), message("fundraising"), at=NOON_ZA)
        assert "ZA-POPIA-69-01" in rule_ids(donation, "deny")

    def test_automatic_calling_machines(self) -> None:
        """s.69(1): an automated call needs consent; a live call is outside s.69."""
        li = [grant("marketing.phone", "legitimate_interest")]
        robot = decide(south_african(), call(authorship="automated"), consents=li, at=NOON_ZA)
        human = decide(south_african(), call(), consents=li, at=NOON_ZA)
        assert "ZA-POPIA-69-02" in rule_ids(robot, "deny")
        assert "ZA-POPIA-69-02" not in rule_ids(human)

    def test_customer_exception(self) -> None:
        """s.69(3): own similar products to a customer, opt-out offered; not other products."""
        g = [soft_opt_in(["shoes"])]
        shoes = decide(south_african(), message(product_category="shoes"), consents=g, at=NOON_ZA)
        cars = decide(south_african(), message(product_category="cars"), consents=g, at=NOON_ZA)
        assert "ZA-POPIA-69-03" in rule_ids(shoes, "permit")
        assert "ZA-POPIA-69-01" in rule_ids(cars, "deny")

    def test_one_request_for_consent(self) -> None:
        """s.69(2): one request allowed; a second (the first sent a minute before) is refused."""
        ask = message("consent_request")
        first = decide(south_african(), ask, at=NOON_ZA)
        assert "ZA-POPIA-69-04" not in rule_ids(first)
        assert "ZA-POPIA-69-01" not in rule_ids(first)
        asked = [touch(NOON_ZA.subtract(minutes=1), purpose="consent_request")]
        again = decide(south_african(), ask, history=asked, at=NOON_ZA)
        assert "consent_already_requested" in codes(again)
        later = [touch(NOON_ZA.add(minutes=1), purpose="consent_request")]
        assert "ZA-POPIA-69-04" not in rule_ids(
            decide(south_african(), ask, history=later, at=NOON_ZA)
        )

    def test_identity_and_opt_out_address(self) -> None:
        """s.69(4): sender identity in every communication."""
        g = [grant("marketing.email")]
        bad = decide(south_african(), message(content=UNDECLARED_SENDER), consents=g, at=NOON_ZA)
        assert "ZA-POPIA-69-05" in rule_ids(bad, "deny")
        good = decide(south_african(), message(), consents=g, at=NOON_ZA)
        assert "ZA-POPIA-69-05" not in rule_ids(good, "deny")

    def test_objection(self) -> None:
        """An objection a minute before stops electronic marketing; one a minute after not yet."""
        g = [grant("marketing.email")]
        before = [touch(NOON_ZA.subtract(minutes=1), kind="unsubscribed")]
        after = [touch(NOON_ZA.add(minutes=1), kind="unsubscribed")]
        assert "ZA-POPIA-69-06" in rule_ids(
            decide(south_african(), message(), consents=g, history=before, at=NOON_ZA)
        )
        assert "ZA-POPIA-69-06" not in rule_ids(
            decide(south_african(), message(), consents=g, history=after, at=NOON_ZA)
        )

    def test_special_personal_information(self) -> None:
        """s.27: health information only with consent for it."""
        fact = pt.Fact(
            key="health.condition", value="x", provenance="stated",
            recorded_at=NOON_ZA.subtract(days=3), sensitivity="health",
        )  # fmt: skip
        c = south_african(facts=(fact,))
        m = message(level="personal", content_facts={"health"})
        g = [grant("marketing.email"), grant("personalization.profile")]
        assert "special_personal_information_consent_required" in codes(
            decide(c, m, consents=g, at=NOON_ZA)
        )
        ok = [*g, grant("personalization.sensitive.health")]
        assert "ZA-POPIA-27-01" not in rule_ids(decide(c, m, consents=ok, at=NOON_ZA))

    def test_children_under_18(self) -> None:
        """s.35: a 17-year-old needs a competent person's consent; from the 18th birthday not."""
        g = [grant("marketing.email")]
        seventeen = south_african(birth_date=dt.date(2008, 12, 1))
        eighteen = south_african(birth_date=dt.date(2008, 11, 30))
        assert "ZA-POPIA-35-01" in rule_ids(
            decide(seventeen, message(), consents=g, at=NOON_ZA), "deny"
        )
        assert "ZA-POPIA-35-01" not in rule_ids(decide(eighteen, message(), consents=g, at=NOON_ZA))


class TestNewYork:
    def test_calling_hours(self) -> None:
        """§ 399-z(2): 07:59 waits for 08:00; 08:00 and 20:59 are open; 21:00 waits for 08:00."""
        c, g = new_yorker(), [OLD_PHONE_GRANT]
        early = decide(c, call(), consents=g, at=local(NYC, 2026, 11, 30, 7, 59))
        assert "US-NY-399Z-01" in rule_ids(early, "defer")
        assert local(NYC, 2026, 11, 30, 8) == early.not_before
        for h, m in ((8, 0), (20, 59)):
            assert "US-NY-399Z-01" not in rule_ids(
                decide(c, call(), consents=g, at=local(NYC, 2026, 11, 30, h, m))
            )
        late = decide(c, call(), consents=g, at=local(NYC, 2026, 11, 30, 21))
        assert "US-NY-399Z-01" in rule_ids(late, "defer")

    def test_registry(self) -> None:
        """§ 399-z: a listed number is not called unless asked for or a relationship is in force."""
        listed = new_yorker(privacy=pt.PrivacySignals(dnc_registries={"us_national_dnc"}))
        li = grant("marketing.phone", "legitimate_interest")
        at = local(NYC, 2026, 11, 30, 12)
        assert "US-NY-399Z-02" in rule_ids(decide(listed, call(), consents=[li], at=at), "deny")
        contract = grant("relationship", "contract")
        assert "US-NY-399Z-02" not in rule_ids(
            decide(listed, call(), consents=[li, contract], at=at)
        )

    def test_own_do_not_call_list(self) -> None:
        """A request not to be called, made a minute before, is honoured; one a minute after not yet."""
        at = local(NYC, 2026, 11, 30, 12)
        before = [touch(at.subtract(minutes=1), "phone", kind="unsubscribed")]
        after = [touch(at.add(minutes=1), "phone", kind="unsubscribed")]
        g = [OLD_PHONE_GRANT]
        assert "US-NY-399Z-03" in rule_ids(
            decide(new_yorker(), call(), consents=g, history=before, at=at)
        )
        assert "US-NY-399Z-03" not in rule_ids(
            decide(new_yorker(), call(), consents=g, history=after, at=at)
        )


class TestNaoMePerturbe:
    def test_blocked_number(self) -> None:
        """A number on Não Me Perturbe gets no telemarketing call without consent."""
        at = local(SP, 2026, 11, 30, 12)
        listed = customer_in("BR", privacy=pt.PrivacySignals(dnc_registries={"br_nao_me_perturbe"}))
        li = grant("marketing.phone", "legitimate_interest")
        assert "BR-NMP-01" in rule_ids(decide(listed, call(), consents=[li], at=at), "deny")
        assert "BR-NMP-01" not in rule_ids(
            decide(listed, call(), consents=[OLD_PHONE_GRANT], at=at)
        )
        assert "BR-NMP-01" not in rule_ids(decide(customer_in("BR"), call(), consents=[li], at=at))
