from __future__ import annotations

from typing import Any

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE
from personal_touch.values import Authorship

POLICIES = (CORE, pt.default_policy())
JURISDICTIONS = (None, "DE", "FR", "GB", "IE", "US-FL", "US-CA", "US-WA", "CA-QC", "BR", "AU")
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kathmandu")
PURPOSES = (
    "marketing",
    "marketing",
    "marketing.email",
    "marketing.email",
    "marketing.sms",
    "marketing.phone",
    "relationship",
    "fundraising",
    "personalization.profile",
    "personalization.behaviour",
    "personalization.sensitive.health",
    "personalization.third_party",
)
#: Distinctive values that must never show up in reasons or explanations.
SECRET_VALUES = ("Zyxwv-Trip-Qq", "Plmok-Band-Jj", "Secret-Diagnosis-77")
SECRET_NAME = ("Quetzalia", "Brightwater")
SECRET_ADDRESS = "quetzalia.brightwater@example.org"
FACT_KEYS = ("travel.next_trip", "interests.music", "purchases.last", "health.condition")

offsets = st.integers(-400 * 24, 400 * 24).map(lambda h: AT.add(hours=h))


@st.composite
def facts(draw: st.DrawFn) -> tuple[pt.Fact, ...]:
    out = []
    for key, value in zip(FACT_KEYS, (*SECRET_VALUES, "x"), strict=True):
        if draw(st.booleans()):
            out.append(
                pt.Fact(
                    key=key,
                    value=value,
                    provenance=draw(st.sampled_from(list(pt.Provenance))),
                    sensitivity="health" if key.startswith("health") else "ordinary",
                    recorded_at=AT.subtract(days=draw(st.integers(1, 500))),
                )
            )
    return tuple(out)


@st.composite
def contacts(draw: st.DrawFn) -> pt.Contact:
    return pt.Contact(
        id="c-1",
        name=pt.Name(*SECRET_NAME),
        timezone=draw(st.sampled_from(ZONES)),
        created_at=AT.subtract(years=3),
        jurisdiction=draw(st.sampled_from(JURISDICTIONS)),
        stage=draw(st.sampled_from(list(pt.Stage))),
        birth_date=draw(st.none() | st.dates(pendulum.date(1950, 1, 1), pendulum.date(2020, 1, 1))),
        contact_points=(pt.ContactPoint("email", SECRET_ADDRESS),),
        facts=draw(facts()),
        preferences=pt.Preferences(
            max_level=draw(st.none() | st.sampled_from(list(pt.Level))),
            excluded_topics=draw(st.sampled_from([(), ("travel",)])),
        ),
        privacy=pt.PrivacySignals(
            global_privacy_control=draw(st.booleans()),
            limit_sensitive_data=draw(st.booleans()),
        ),
    )


@st.composite
def grants(draw: st.DrawFn) -> tuple[pt.ConsentGrant, ...]:
    out = []
    for i in range(draw(st.integers(0, 5))):
        purpose = draw(st.sampled_from(PURPOSES))
        granted = draw(offsets)
        expires = draw(st.none() | offsets.filter(lambda t, g=granted: t >= g))
        basis = draw(
            st.sampled_from(
                [
                    "consent",
                    "consent",
                    "consent",
                    "explicit_consent",
                    "legitimate_interest",
                    "soft_opt_in",
                    "implied_existing_business",
                    "prior_express_written_consent",
                ]
            )
        )
        out.append(
            pt.ConsentGrant(
                id=f"g{i}",
                contact_id="c-1",
                purpose=purpose,
                basis=basis,
                granted_at=granted,
                expires_at=expires,
            )
        )
    return tuple(out)


@st.composite
def messages(draw: st.DrawFn) -> pt.Message:
    return pt.Message(
        purpose=draw(st.sampled_from(list(pt.MessagePurpose))),
        channel=draw(st.sampled_from(["email", "sms", "phone", "post"])),
        authorship=draw(st.sampled_from(list(Authorship))),
        level=draw(st.sampled_from(list(pt.Level))),
        content_facts=draw(st.sets(st.sampled_from(FACT_KEYS))),
        targeting_facts=draw(st.sets(st.sampled_from(FACT_KEYS), max_size=1)),
        in_reply_to_inquiry=draw(st.booleans()),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[pt.Interaction, ...]:
    kinds = ["sent", "opened", "complained", "felt_intrusive", "inquired", "purchased"]
    return tuple(
        pt.Interaction(
            contact_id="c-1",
            kind=draw(st.sampled_from(kinds)),
            at=AT.subtract(hours=draw(st.integers(1, 24 * 200))),
            channel="email",
            purpose="marketing",
        )
        for _ in range(draw(st.integers(0, 4)))
    )


cases = st.fixed_dictionaries(
    {
        "contact": contacts(),
        "message": messages(),
        "consents": grants(),
        "history": histories(),
        "at": st.integers(-72, 72).map(lambda h: AT.add(hours=h, minutes=17)),
        "policy": st.sampled_from(POLICIES),
    }
)

PROPS = settings(max_examples=150)


def _decide(case: dict[str, Any], **changes: Any) -> pt.Decision:
    args = {**case, **changes}
    contact = args.pop("contact")
    message = args.pop("message")
    return pt.decide(contact, message, **args)


def _not_looser(before: pt.Decision, after: pt.Decision) -> None:
    assert not (before.verdict is pt.Verdict.DENY and after.verdict is pt.Verdict.ALLOW)
    assert after.level <= before.level or after.verdict is pt.Verdict.DENY


class TestProperties:
    @PROPS
    @given(cases)
    def test_deterministic(self, case: dict[str, Any]) -> None:
        """Equal inputs, even rebuilt as new objects, give equal decisions and ids."""
        first = _decide(case)
        copies = {
            "contact": attrs.evolve(case["contact"]),
            "message": attrs.evolve(case["message"]),
            "consents": [attrs.evolve(g) for g in case["consents"]],
            "history": [attrs.evolve(h) for h in case["history"]],
        }
        again = _decide(case, **copies)
        assert first == again
        assert first.decision_id == again.decision_id

    @PROPS
    @given(cases, st.data())
    def test_withdrawing_a_grant_never_loosens(self, case: dict[str, Any], data: Any) -> None:
        """Withdrawing any grant never raises the level nor turns DENY into ALLOW."""
        grants_ = case["consents"]
        if not grants_:
            return
        i = data.draw(st.integers(0, len(grants_) - 1))
        g = grants_[i]
        when = max(g.granted_at, case["at"].subtract(hours=1))
        withdrawn = [*grants_[:i], g.withdraw(at=when), *grants_[i + 1 :]]
        _not_looser(_decide(case), _decide(case, consents=withdrawn))

    @PROPS
    @given(cases, st.data())
    def test_earlier_stage_never_loosens(self, case: dict[str, Any], data: Any) -> None:
        """Moving the contact to an earlier stage never raises the level nor allows more."""
        c = case["contact"]
        earlier = [s for s in pt.Stage if s <= c.stage]
        stage = data.draw(st.sampled_from(earlier))
        _not_looser(_decide(case), _decide(case, contact=attrs.evolve(c, stage=stage)))

    @PROPS
    @given(cases)
    def test_no_personal_data_in_reasons(self, case: dict[str, Any]) -> None:
        """Reasons and explain() never contain fact values, names or addresses."""
        d = _decide(case)
        text = d.explain() + repr(d.reasons) + repr(d.withheld_facts) + repr(d.disclosures)
        for secret in (*SECRET_VALUES, *SECRET_NAME, SECRET_ADDRESS):
            assert secret not in text

    @PROPS
    @given(cases)
    def test_not_before_is_a_permitted_instant(self, case: dict[str, Any]) -> None:
        """A deferral's not_before is later than the instant, and asking then does not defer."""
        d = _decide(case)
        if d.verdict is not pt.Verdict.DEFER:
            return
        assert d.not_before is not None
        assert d.not_before > case["at"]
        assert pt.Verdict.DEFER != _decide(case, at=d.not_before).verdict

    @PROPS
    @given(
        st.sampled_from(
            ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Chicago", None]
        ),
        st.sampled_from(["US-FL", "US-NY", "DE", "AU", None]),
        st.integers(0, 365 * 24 * 4).map(lambda q: AT.add(minutes=15 * q)),
        st.sampled_from(["phone", "sms", "email"]),
    )
    def test_windows_combine_at_every_instant(
        self, zone: str | None, jurisdiction: str | None, at: pendulum.DateTime, channel: str
    ) -> None:
        """
        Quiet hours and legal windows always combine to an instant none of them defers.

        Without a contact zone, that instant is outside quiet hours in every zone of the
        jurisdiction.
        """
        contact = pt.Contact(
            id="c-1",
            timezone=zone,
            jurisdiction=jurisdiction,
            stage="customer",
            created_at=AT.subtract(years=2),
        )
        grant = pt.ConsentGrant(
            id="g",
            contact_id="c-1",
            purpose="marketing",
            basis="prior_express_written_consent",
            granted_at=AT.subtract(years=1),
        )
        m = pt.Message(purpose="marketing", channel=channel, authorship="human")
        d = pt.decide(contact, m, consents=[grant], at=at)
        if d.verdict is pt.Verdict.DEFER:
            assert d.not_before is not None
            again = pt.decide(contact, m, consents=[grant], at=d.not_before)
            assert pt.Verdict.DEFER != again.verdict
            assert contact.zones
            for each in contact.zones:
                local = d.not_before.in_timezone(each)
                assert (8, 0) <= (local.hour, local.minute) < (21, 0), each

    @settings(max_examples=40)
    @given(
        st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney", None]),
        st.sampled_from(["US-FL", "DE", "AU"]),
        st.integers(0, 365 * 24 * 4).map(lambda q: AT.add(minutes=15 * q)),
    )
    def test_not_before_is_the_first_permitted_instant(
        self, zone: str | None, jurisdiction: str, at: pendulum.DateTime
    ) -> None:
        """
        No quarter hour between the instant and not_before would have been permitted.

        Without a contact zone too: the first instant allowed in every jurisdiction zone.
        """
        contact = pt.Contact(
            id="c-1",
            timezone=zone,
            jurisdiction=jurisdiction,
            stage="customer",
            created_at=AT.subtract(years=2),
        )
        grant = pt.ConsentGrant(
            id="g",
            contact_id="c-1",
            purpose="marketing",
            basis="prior_express_written_consent",
            granted_at=AT.subtract(years=1),
        )
        m = pt.Message(purpose="marketing", channel="phone", authorship="human")
        d = pt.decide(contact, m, consents=[grant], at=at)
        if d.verdict is not pt.Verdict.DEFER:
            return
        assert d.not_before is not None
        t = at.add(minutes=15)
        while t < d.not_before:
            assert pt.Verdict.DEFER == pt.decide(contact, m, consents=[grant], at=t).verdict, t
            t = t.add(minutes=15)
