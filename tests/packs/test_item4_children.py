"""
Issue 14 item 4: children's ages, verified parents, child-directed services, profiling off.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

import personal_touch as pt
from builders import codes, customer_in, decide, fact, grant, local, message, rule_ids
from personal_touch import rules
from personal_touch.packs import eu
from personal_touch.values import ParentalVerification

if TYPE_CHECKING:
    import pendulum

LA = "America/Los_Angeles"
LONDON = "Europe/London"
COPENHAGEN = "Europe/Copenhagen"
OSLO = "Europe/Oslo"
#: The EEA states that kept Art. 8's 16 (SWD(2020) 115 table; LI as the default).
SIXTEEN = frozenset({"DE", "HR", "HU", "IE", "LU", "NL", "PL", "RO", "SK", "LI"})
KIDS_APP = pt.SenderProfile(name="Tiny Explorers", child_directed=True)
CHILD_DIRECTED = attrs.evolve(pt.default_policy(), sender=KIDS_APP)


def verified_parent(
    purpose: str = "marketing.email", method: str = "signed_form"
) -> pt.ConsentGrant:
    ev = pt.Evidence(
        source="parent portal", method="form", given_by="parent-7", verification=method
    )
    return grant(purpose, "parental_consent", evidence=ev)


def evening_before(zone: str) -> pendulum.DateTime:
    """23:30 on 30 November 2026 on the contact's wall clock."""
    return local(zone, 2026, 11, 30, 23, 30)


def birthday_morning(zone: str) -> pendulum.DateTime:
    """00:30 on 1 December 2026 on the contact's wall clock."""
    return local(zone, 2026, 12, 1, 0, 30)


class TestAgesOfDigitalConsent:
    def test_every_eea_state_has_an_age(self) -> None:
        """Every EEA state chose an age or kept 16; the ages lie in Art. 8's range."""
        chosen = set(eu.AGE_OF_DIGITAL_CONSENT)
        assert eu.EEA == chosen | SIXTEEN
        assert not chosen & SIXTEEN
        assert all(13 <= a <= 16 for a in eu.AGE_OF_DIGITAL_CONSENT.values())

    @pytest.mark.parametrize(("country", "age"), [("DK", 15), ("NO", 13), ("IS", 13), ("DE", 16)])
    def test_national_ages(self, country: str, age: int) -> None:
        """Denmark 15 since 2024, Norway and Iceland 13, Germany the default 16."""
        assert age == eu.age_of_digital_consent(country)

    @pytest.mark.parametrize(
        ("country", "zone", "born"),
        [("DK", COPENHAGEN, dt.date(2011, 12, 1)), ("NO", OSLO, dt.date(2013, 12, 1))],
    )
    def test_the_birthday_in_the_contacts_zone(
        self, country: str, zone: str, born: dt.date
    ) -> None:
        """The evening before the birthday a parent is needed; from its first minute, not."""
        c = customer_in(country, timezone=zone, birth_date=born)
        m = message()
        consents = [grant("marketing.email")]
        before = decide(c, m, consents=consents, at=evening_before(zone))
        after = decide(c, m, consents=consents, at=birthday_morning(zone))
        assert "EU-GDPR-ART8-01" in rule_ids(before, "deny")
        assert "EU-GDPR-ART8-01" not in rule_ids(after, "deny")


class TestVerifiedParentalConsent:
    """US-COPPA-01: a parent's consent counts when the parent was verified."""

    def test_unverified_parent_refused_with_the_methods(self) -> None:
        """A parent's consent without a verification is refused; the hint lists methods."""
        c = customer_in("US-CA", timezone=LA, birth_date=dt.date(2014, 5, 1))
        d = decide(c, message(), consents=[grant("marketing.email", "parental_consent")])
        assert "parental_consent_not_verified" in codes(d)
        reason = next(r for r in d.reasons if r.code == "parental_consent_not_verified")
        assert reason.hint is not None
        assert "signed_form" in reason.hint

    @pytest.mark.parametrize("method", list(ParentalVerification))
    def test_every_method_of_312_5_counts(self, method: ParentalVerification) -> None:
        """Each verification method of 16 CFR 312.5(b) makes the parent's consent count."""
        c = customer_in("US-CA", timezone=LA, birth_date=dt.date(2014, 5, 1))
        d = decide(c, message(), consents=[verified_parent(method=method)])
        assert "US-COPPA-01" not in rule_ids(d, "deny")
        assert "verified_parental_consent" in codes(d)

    def test_thirteenth_birthday_in_the_contacts_zone(self) -> None:
        """In Los Angeles the child is 12 until local midnight, though UTC has moved on."""
        c = customer_in("US-CA", timezone=LA, birth_date=dt.date(2013, 12, 1))
        before = decide(c, message(), at=evening_before(LA))
        after = decide(c, message(), at=birthday_morning(LA))
        assert before.at.in_timezone("UTC").day == 1  # already 1 December in UTC
        assert "US-COPPA-01" in rule_ids(before, "deny")
        assert "US-COPPA-01" not in rule_ids(after)


class TestChildDirectedService:
    """US-COPPA-03: a service directed at children."""

    def test_unknown_age_is_a_child(self) -> None:
        """On a child-directed service a contact of unknown age needs a verified parent."""
        c = customer_in("US-NY", birth_date=None)
        d = decide(c, message(), policy=CHILD_DIRECTED)
        assert "child_directed_service_needs_vpc" in codes(d)
        d = decide(c, message(), consents=[verified_parent()], policy=CHILD_DIRECTED)
        assert "US-COPPA-03" not in rule_ids(d, "deny")

    def test_a_general_audience_service_does_not_presume(self) -> None:
        """Without the flag, an unknown age is not a child's."""
        d = decide(customer_in("US-NY", birth_date=None), message())
        assert "US-COPPA-03" not in rule_ids(d)

    def test_an_adult_on_a_child_directed_service(self) -> None:
        """A known adult is no child, whatever the service."""
        d = decide(customer_in("US-NY"), message(), policy=CHILD_DIRECTED)
        assert "US-COPPA-03" not in rule_ids(d)

    def test_no_behavioural_advertising_until_13(self) -> None:
        """Selecting a child by inferred interests is refused until their 13th birthday."""
        c = customer_in(
            "US-CA",
            timezone=LA,
            birth_date=dt.date(2013, 12, 1),
            facts=[fact("interests.dinosaurs", True, "inferred")],
        )
        m = message(targeting_facts={"interests.dinosaurs"})
        consents = [verified_parent()]
        before = decide(c, m, consents=consents, at=evening_before(LA))
        after = decide(c, m, consents=consents, at=birthday_morning(LA))
        assert "behavioural_advertising_to_child" in codes(before)
        assert "US-COPPA-03" not in rule_ids(after)

    def test_stated_facts_may_select(self) -> None:
        """Selecting by what the parent told us is not behavioural advertising."""
        c = customer_in(
            "US-CA",
            timezone=LA,
            birth_date=dt.date(2016, 1, 1),
            facts=[fact("interests.dinosaurs", True, "stated")],
        )
        m = message(targeting_facts={"interests.dinosaurs"})
        d = decide(c, m, consents=[verified_parent()])
        assert "US-COPPA-03" not in rule_ids(d)


class TestChildrensCode:
    """UK-AADC-12-01: profiling off by default for under-18s."""

    def contact(self) -> pt.Contact:
        return customer_in(
            "GB",
            birth_date=dt.date(2008, 12, 1),
            facts=[
                fact("purchases.last_item", "trainers", "observed"),
                fact("interests.football", True, "inferred"),
                fact("names.nickname", "Sam", "stated"),
            ],
        )

    def test_observed_facts_withheld_until_18(self) -> None:
        """The evening before the 18th birthday observed facts are withheld; then not."""
        m = message("relationship", content_facts={"purchases.last_item", "names.nickname"})
        consents = [grant("relationship.email")]
        before = decide(self.contact(), m, consents=consents, at=evening_before(LONDON))
        after = decide(self.contact(), m, consents=consents, at=birthday_morning(LONDON))
        withheld = {w.key for w in before.withheld_facts if w.code == "child_profiling_off"}
        assert {"purchases.last_item"} == withheld
        assert "UK-AADC-12-01" not in rule_ids(after)

    def test_selecting_by_inferred_facts_refused(self) -> None:
        """A child is not selected by an inferred interest while profiling is off."""
        m = message("relationship", targeting_facts={"interests.football"})
        d = decide(self.contact(), m, consents=[grant("relationship.email")])
        assert "UK-AADC-12-01" in rule_ids(d, "deny")

    def test_switching_profiling_on_is_the_exception(self) -> None:
        """A consent to behavioural personalization switches profiling on."""
        m = message("relationship", targeting_facts={"interests.football"})
        consents = [grant("relationship.email"), grant("personalization.behaviour")]
        d = decide(self.contact(), m, consents=consents)
        assert "UK-AADC-12-01" not in rule_ids(d)

    def test_receipts_are_not_profiling(self) -> None:
        """A transactional message may say what was bought."""
        m = message("transactional", content_facts={"purchases.last_item"})
        d = decide(self.contact(), m)
        assert "UK-AADC-12-01" not in rule_ids(d)

    def test_unknown_age_on_a_child_directed_service(self) -> None:
        """A child-directed service treats a contact of unknown age as a child."""
        c = attrs.evolve(self.contact(), birth_date=None)
        m = message("relationship", targeting_facts={"interests.football"})
        consents = [grant("relationship.email")]
        policy = attrs.evolve(pt.default_policy(), sender=KIDS_APP)
        assert "UK-AADC-12-01" in rule_ids(decide(c, m, consents=consents, policy=policy))
        assert "UK-AADC-12-01" not in rule_ids(decide(c, m, consents=consents))


class TestShapes:
    def test_the_shared_sets(self) -> None:
        """Every verification method counts by default; profiling facts are not stated."""
        assert rules.VERIFIED_PARENT == frozenset(ParentalVerification)
        assert {"observed", "inferred", "third_party"} == {
            p.value for p in rules.PROFILING_PROVENANCE
        }

    def test_sender_flag_is_checked(self) -> None:
        """child_directed must be a boolean."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.SenderProfile(name="X", child_directed="yes")  # type: ignore[arg-type]

    def test_policy_sender_is_checked(self) -> None:
        """Policy.sender must be a SenderProfile."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.Policy(sender="Northwind")  # type: ignore[arg-type]
