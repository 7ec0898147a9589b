"""
A newer express opt-in lifts a suppression the person's choice made; subscription scopes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, codes, decide_core, message, traveller
from personal_touch import converters
from personal_touch import exceptions as ex
from personal_touch.values import SuppressionReason

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
SINCE = AT.subtract(days=30)
CHOICES = [r for r in SuppressionReason if r.is_choice]
OTHERS = [r for r in SuppressionReason if not r.is_choice]
EXPRESS = [b for b in pt.LawfulBasis if b.is_consent]
IMPLIED = [b for b in pt.LawfulBasis if b.is_implied]


def entry(**changes: object) -> pt.Suppression:
    fields: dict[str, object] = {"contact_id": "c-1", "since": SINCE}
    fields.update(changes)
    return pt.Suppression(**fields)  # type: ignore[arg-type]


def opt_in(
    granted_at: object = SINCE.add(days=1), *, id: str = "g-new", **changes: object
) -> pt.ConsentGrant:
    fields: dict[str, object] = {
        "id": id,
        "contact_id": "c-1",
        "purpose": "marketing.email",
        "granted_at": granted_at,
    }
    fields.update(changes)
    return pt.ConsentGrant(**fields)  # type: ignore[arg-type]


#: A grant older than every entry here, so only the newer opt-in can lift one.
OLD = opt_in(AT.subtract(years=2), id="g-old")


class TestReason:
    def test_choices(self) -> None:
        """Unsubscribes, objections and complaints are the person's choice; the rest are not."""
        assert {"unsubscribed", "objected", "complaint"} == {r.value for r in CHOICES}
        assert {"bounced", "erased", "do_not_contact"} == {r.value for r in OTHERS}


class TestLiftedBy:
    @pytest.mark.parametrize("reason", CHOICES)
    def test_a_newer_express_grant_lifts_a_choice(self, reason: SuppressionReason) -> None:
        """An express opt-in given after the entry lifts it."""
        grant = opt_in()
        assert grant == entry(reason=reason).lifted_by([OLD, grant])

    @pytest.mark.parametrize("reason", OTHERS)
    def test_nothing_lifts_a_bounce_an_erasure_or_do_not_contact(
        self, reason: SuppressionReason
    ) -> None:
        """No grant lifts what the person's choice did not make."""
        assert entry(reason=reason).lifted_by([opt_in()]) is None

    def test_strictly_after(self) -> None:
        """An opt-in at the very instant of the entry cannot be told to come after it."""
        assert entry().lifted_by([opt_in(SINCE)]) is None
        assert entry().lifted_by([opt_in(SINCE.in_tz("Asia/Tokyo"))]) is None
        later = opt_in(SINCE.add(microseconds=1))
        assert later == entry().lifted_by([later])

    @pytest.mark.parametrize("basis", [*IMPLIED, pt.LawfulBasis.LEGITIMATE_INTEREST])
    def test_implied_or_soft_never_lifts(self, basis: pt.LawfulBasis) -> None:
        """Only a basis where the person actively opted in lifts it."""
        assert entry().lifted_by([opt_in(basis=basis)]) is None

    def test_the_latest_of_several_whatever_their_order(self) -> None:
        """Of several, the most recently given (then the greatest id) answers."""
        a, b, c = opt_in(id="a"), opt_in(SINCE.add(days=2), id="b"), opt_in(id="c")
        assert b == entry().lifted_by([a, b, c]) == entry().lifted_by([c, b, a])
        assert c == entry().lifted_by([a, c]) == entry().lifted_by([c, a])


class TestDecideLifts:
    @given(
        reason=st.sampled_from(CHOICES),
        basis=st.sampled_from(EXPRESS),
        after=st.integers(min_value=1, max_value=10**6),
    )
    def test_the_decision_names_the_grant(
        self, reason: SuppressionReason, basis: pt.LawfulBasis, after: int
    ) -> None:
        """A lifted entry lets the message through, and a note names the grant."""
        grant = opt_in(SINCE.add(seconds=after), basis=basis, id="g-lift")
        d = decide_core(consents=[grant], suppressions=[entry(reason=reason)])
        assert ALLOW == d.verdict
        (note,) = [r for r in d.reasons if r.code == "suppression_lifted"]
        assert "consent" == note.rule
        assert "g-lift" in note.message
        assert reason.value in note.message

    @given(reason=st.sampled_from(OTHERS), basis=st.sampled_from(EXPRESS))
    def test_never_for_other_reasons(
        self, reason: SuppressionReason, basis: pt.LawfulBasis
    ) -> None:
        """A bounce, an erasure or do-not-contact denies whatever grant is newer."""
        d = decide_core(consents=[opt_in(basis=basis)], suppressions=[entry(reason=reason)])
        assert DENY == d.verdict
        assert "suppressed" in codes(d)

    def test_only_what_the_grant_covers(self) -> None:
        """An e-mail marketing opt-in lifts an every-channel entry on e-mail only."""
        lifted = [entry(channel=None)]
        grants = [opt_in(), opt_in(AT.subtract(years=2), id="g-sms", purpose="marketing.sms")]
        assert ALLOW == decide_core(consents=grants, suppressions=lifted).verdict
        sms = decide_core(m=message(channel="sms"), consents=grants, suppressions=lifted)
        assert DENY == sms.verdict
        fundraising = opt_in(AT.subtract(years=2), id="g-f", purpose="fundraising.email")
        d = decide_core(
            m=message(purpose="fundraising"), consents=[opt_in(), fundraising], suppressions=lifted
        )
        assert DENY == d.verdict

    def test_a_withdrawn_or_future_grant_lifts_nothing(self) -> None:
        """The lifting grant must be in force at the instant."""
        withdrawn = opt_in().withdraw(at=SINCE.add(days=2))
        assert DENY == decide_core(consents=[OLD, withdrawn], suppressions=[entry()]).verdict
        future = opt_in(AT.add(days=1))
        assert DENY == decide_core(consents=[OLD, future], suppressions=[entry()]).verdict

    def test_every_entry_must_be_lifted(self) -> None:
        """One entry the grant does not lift still denies."""
        entries = [entry(), entry(reason="do_not_contact", since=SINCE.subtract(days=1))]
        assert DENY == decide_core(consents=[opt_in()], suppressions=entries).verdict
        newer = [entry(), entry(since=SINCE.add(days=2))]
        assert DENY == decide_core(consents=[opt_in()], suppressions=newer).verdict

    def test_is_suppressed_agrees(self) -> None:
        """SuppressionList.is_suppressed given the grants answers as decide does."""
        lst = pt.SuppressionList([entry()])
        c = traveller()
        ask = {"channel": "email", "purpose": "marketing", "at": AT}
        assert lst.is_suppressed(c, **ask)  # type: ignore[arg-type]
        assert not lst.is_suppressed(c, grants=[opt_in()], **ask)  # type: ignore[arg-type]
        assert lst.is_suppressed(c, grants=[opt_in(basis="soft_opt_in")], **ask)  # type: ignore[arg-type]
        sms = {**ask, "channel": "sms"}
        assert lst.is_suppressed(c, grants=[opt_in()], **sms)  # type: ignore[arg-type]


class TestSubscription:
    def test_scope(self) -> None:
        """A scoped entry bars messages of its subscription (or below it) only."""
        s = entry(subscription="newsletter")
        mk, email = pt.MessagePurpose.MARKETING, pt.Channel.EMAIL
        assert s.applies(email, mk, at=AT, topic="newsletter")
        assert s.applies(email, mk, at=AT, topic="newsletter.weekly")
        assert not s.applies(email, mk, at=AT, topic="newsletters")
        assert not s.applies(email, mk, at=AT, topic="offers")
        assert not s.applies(email, mk, at=AT)
        assert entry().applies(email, mk, at=AT, topic="offers")

    def test_must_be_text(self) -> None:
        """An empty or non-text subscription is a typed error naming the field."""
        for bad in ("", "  ", 10):
            with pytest.raises(ex.InvalidFieldError) as info:
                entry(subscription=bad)
            assert "subscription" == info.value.field

    def test_decide(self) -> None:
        """decide bars the subscription's messages and lets the others through."""
        scoped = [entry(subscription="newsletter")]
        weekly = message(topic="newsletter.weekly")
        d = decide_core(m=weekly, suppressions=scoped)
        assert DENY == d.verdict
        assert d.decisive_reason is not None
        assert "subscription newsletter" in d.decisive_reason.message
        assert ALLOW == decide_core(m=message(topic="offers"), suppressions=scoped).verdict
        assert ALLOW == decide_core(suppressions=scoped).verdict

    def test_round_trip_and_decision_id(self) -> None:
        """The scope survives JSON and is part of the decision id; unscoped ids stay."""
        s = entry(subscription="newsletter")
        data = converters.unstructure(s)
        assert "newsletter" == data["subscription"]
        assert s == converters.structure(data, pt.Suppression)
        assert "subscription" not in converters.unstructure(entry())
        m = message(topic="offers")
        a = decide_core(m=m, suppressions=[s])
        b = decide_core(m=m, suppressions=[entry(subscription="offers.other")])
        assert a.verdict == b.verdict
        assert a.decision_id != b.decision_id
