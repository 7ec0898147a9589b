"""
Templates end to end with the policy engine: message_for, decide, render.
"""

from __future__ import annotations

import pytest

import personal_touch as pt
from builders import AT, CORE, FULL, grant, traveller
from personal_touch.templates import FallbackKind
from personal_touch.values import DisclosureCode

TRIP = pt.Template(
    "Hi {{ contact.name | name }}! "
    "{% level personal %}Hope the trip to {{ facts.travel.next_trip }} goes well!"
    "{% else %}Have a great week!{% endlevel %}"
)


def _decide(
    template: pt.Template, c: pt.Contact, consents: tuple[pt.ConsentGrant, ...], **kw: object
) -> pt.Decision:
    message = pt.message_for(template, purpose="relationship", channel="email", contact=c, **kw)  # type: ignore[arg-type]
    return pt.decide(c, message, consents=consents, at=AT, policy=CORE)


class TestThroughDecide:
    def test_full_consent_renders_the_trip_with_disclosures(self) -> None:
        """With personalization consent, at a stage that allows it, the personal part renders
        with its disclosures (informal address: a repeat customer)."""
        c = traveller(stage=pt.Stage.REPEAT_CUSTOMER)
        d = _decide(TRIP, c, (*FULL, grant("relationship.email")))
        assert pt.Verdict.ALLOW is d.verdict, d.explain()
        r = TRIP.render(c, d)
        assert r.text.startswith("Hi Anna! Hope the trip to New York goes well!")
        assert pt.Level.PERSONAL is r.level
        assert ("travel.next_trip",) == r.facts_used
        assert DisclosureCode.AUTOMATED_MESSAGE in {x.code for x in r.disclosures}
        assert "This message was sent automatically." in r.text
        assert (
            "You are receiving this because you told us about your travels on Oct 31, 2026."
            in r.text
        )

    def test_without_personalization_consent_it_falls_back(self) -> None:
        """Without personalization consent the decision grants less and the render falls back."""
        c = traveller(stage=pt.Stage.REPEAT_CUSTOMER)
        d = _decide(TRIP, c, (grant("marketing.email"), grant("relationship.email")))
        if d.verdict is not pt.Verdict.ALLOW:
            pytest.skip(f"the core policy denies this message: {d.explain()}")
        r = TRIP.render(c, d)
        assert "New York" not in r.text
        assert "travel.next_trip" in {w.key for w in d.withheld_facts}
        assert "Have a great week!" in r.text
        assert [FallbackKind.LEVEL] == [f.kind for f in r.fallbacks]

    def test_claims_are_denied_for_automated_messages(self) -> None:
        """An automated message whose template claims personal attention is denied."""
        c = traveller()
        liar = pt.Template("I was just looking at your blog, {{ contact.name | name }}!")
        d = _decide(liar, c, (*FULL, grant("relationship.email")))
        assert pt.Verdict.DENY is d.verdict
        assert "automated_claims_personal_authorship" in {r.code for r in d.reasons}
        assisted = _decide(liar, c, (*FULL, grant("relationship.email")), authorship="assisted")
        assert "automated_claims_personal_authorship" not in {r.code for r in assisted.reasons}

    def test_withheld_fact_never_appears(self) -> None:
        """A fact the decision withholds (an excluded topic) does not appear in the text."""
        c = traveller(
            stage=pt.Stage.REPEAT_CUSTOMER, preferences=pt.Preferences(excluded_topics=["travel"])
        )
        d = _decide(TRIP, c, (*FULL, grant("relationship.email")))
        if d.verdict is not pt.Verdict.ALLOW:
            pytest.skip(f"the core policy denies this message: {d.explain()}")
        r = TRIP.render(c, d)
        assert "New York" not in r.text
        assert "travel.next_trip" in {w.key for w in d.withheld_facts}
