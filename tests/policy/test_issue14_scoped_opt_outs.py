"""
Issue 14 item 5: opt-outs scoped to a subscription or to purposes bar exactly their scope.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE, FULL, codes, decide_core, grant, message, touch, traveller
from personal_touch.exceptions import InvalidFieldError
from personal_touch.values import HistorySummary

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
#: Every grant a message of any purpose on e-mail could rest on.
ALL_EMAIL = (
    *FULL,
    grant("relationship.email"),
    grant("fundraising.email"),
    grant("survey.email"),
    grant("consent_request.email"),
)


def stop(at: Any = None, channel: str | None = "email", **scope: Any) -> pt.Interaction:
    """An unsubscribe by ``c-1`` a day before :data:`AT` (or at *at*), scoped by *scope*."""
    return touch(
        AT.subtract(days=1) if at is None else at,
        channel,  # type: ignore[arg-type]
        kind="unsubscribed",
        purpose=None,
        **scope,
    )


class TestInteractionScope:
    def test_unscoped(self) -> None:
        """An unsubscribe without a subscription or purposes is unscoped; every message is within."""
        h = stop()
        assert not h.is_scoped
        assert h.within_scope("transactional", None)

    def test_subscription_scope(self) -> None:
        """A subscription holds its own topic and the topics below it, nothing else."""
        h = stop(subscription="newsletter")
        assert h.is_scoped
        assert h.within_scope("marketing", "newsletter")
        assert h.within_scope("marketing", "newsletter.weekly")
        assert not h.within_scope("marketing", "newsletters")
        assert not h.within_scope("marketing", None)
        assert not h.within_scope("transactional", "newsletter")

    def test_purpose_scope(self) -> None:
        """Purposes hold only themselves, whatever the topic."""
        h = stop(opt_out_purposes=["survey"])
        assert h.within_scope("survey", None)
        assert not h.within_scope("marketing", None)

    def test_transactional_refused(self) -> None:
        """A scope naming transactional messages is refused, naming the field."""
        with pytest.raises(InvalidFieldError) as caught:
            stop(opt_out_purposes=["transactional"])
        assert "opt_out_purposes" == caught.value.field

    @pytest.mark.parametrize("bad", ["", "  ", 3])
    def test_subscription_must_be_text(self, bad: object) -> None:
        """An empty or non-text subscription is refused."""
        with pytest.raises(InvalidFieldError):
            stop(subscription=bad)

    def test_round_trip(self) -> None:
        """A scoped opt-out survives JSON."""
        h = stop(subscription="reminders", opt_out_purposes=["relationship", "survey"])
        data = pt.converters.unstructure(h)
        assert {"relationship", "survey"} == set(data["opt_out_purposes"])
        assert h == pt.converters.structure(data, pt.Interaction)


class TestCoreRule:
    def test_unscoped_keeps_its_meaning(self) -> None:
        """An unscoped unsubscribe bars marketing on its channel, not relationship messages."""
        h = [stop()]
        assert DENY == decide_core(m=message(), consents=ALL_EMAIL, history=h).verdict
        d = decide_core(m=message("relationship"), consents=ALL_EMAIL, history=h)
        assert "unsubscribed" not in codes(d)

    def test_subscription_bars_only_its_topics(self) -> None:
        """An unsubscribe from one newsletter bars it and its sub-lists, not another."""
        h = [stop(subscription="newsletter.weekly")]
        weekly = decide_core(m=message(topic="newsletter.weekly"), consents=ALL_EMAIL, history=h)
        assert DENY == weekly.verdict
        assert "unsubscribed" in codes(weekly)
        digest = message(topic="newsletter.weekly.digest")
        assert DENY == decide_core(m=digest, consents=ALL_EMAIL, history=h).verdict
        for other in (message(topic="newsletter.monthly"), message()):
            d = decide_core(m=other, consents=ALL_EMAIL, history=h)
            assert ALLOW == d.verdict
            assert "unsubscribed" not in codes(d)

    def test_purpose_scope_reaches_relationship_messages(self) -> None:
        """Opting out of reminders bars relationship messages on them, not receipts or offers."""
        h = [stop(subscription="reminders", opt_out_purposes=["relationship"])]
        d = decide_core(m=message("relationship", topic="reminders"), consents=ALL_EMAIL, history=h)
        assert DENY == d.verdict
        assert "unsubscribed" in codes(d)
        for ok in (message("transactional", topic="reminders"), message(topic="reminders")):
            assert ALLOW == decide_core(m=ok, consents=ALL_EMAIL, history=h).verdict

    def test_scoped_never_bars_transactional(self) -> None:
        """A scoped opt-out never bars a receipt, even one on its own subscription."""
        h = [stop(subscription="orders", opt_out_purposes=["marketing", "relationship"])]
        d = decide_core(m=message("transactional", topic="orders"), history=h)
        assert ALLOW == d.verdict

    def test_other_channel_untouched(self) -> None:
        """A scoped unsubscribe on e-mail leaves SMS alone; one without a channel bars both."""
        sms = (grant("marketing.sms"), grant("personalization.profile"))
        m = message(channel="sms", topic="newsletter")
        h = [stop(subscription="newsletter")]
        assert ALLOW == decide_core(m=m, consents=sms, history=h).verdict
        h = [stop(channel=None, subscription="newsletter")]
        assert DENY == decide_core(m=m, consents=sms, history=h).verdict

    def test_boundary_instant(self) -> None:
        """An opt-out at the decision instant counts; one a second later does not."""
        m = message(topic="newsletter")
        at_once = [stop(at=AT, subscription="newsletter")]
        assert DENY == decide_core(m=m, consents=ALL_EMAIL, history=at_once).verdict
        later = [stop(at=AT.add(seconds=1), subscription="newsletter")]
        assert ALLOW == decide_core(m=m, consents=ALL_EMAIL, history=later).verdict

    def test_newer_opt_in_lifts(self) -> None:
        """A new opt-in given after a scoped opt-out lifts it; one given before does not."""
        h = [stop(subscription="newsletter")]
        m = message(topic="newsletter")
        newer = (grant("marketing.email", granted_at=AT.subtract(hours=1)),)
        assert ALLOW == decide_core(m=m, consents=newer, history=h).verdict
        assert DENY == decide_core(m=m, consents=FULL, history=h).verdict

    def test_older_opt_out_of_another_list_still_bars(self) -> None:
        """A newer opt-out of one list does not hide an older opt-out of another."""
        h = [
            stop(at=AT.subtract(days=200), subscription="offers"),
            stop(at=AT.subtract(days=100), subscription="newsletter"),
        ]
        d = decide_core(m=message(topic="offers"), consents=ALL_EMAIL, history=h)
        assert DENY == d.verdict

    def test_summary_decides_as_the_whole_history(self) -> None:
        """A history summary keeps the latest opt-out of every scope past its horizon."""
        h = [
            stop(at=AT.subtract(days=300), subscription="offers"),
            stop(at=AT.subtract(days=250), subscription="newsletter"),
            touch(AT.subtract(days=1)),
        ]
        summary = HistorySummary.from_interactions("c-1", h, horizon_days=30)
        assert 3 == len(summary.kept)
        c = traveller()
        for topic in ("offers", "newsletter", "tips"):
            m = message(topic=topic)
            whole = pt.decide(c, m, consents=ALL_EMAIL, history=h, at=AT, policy=CORE)
            part = pt.decide(c, m, consents=ALL_EMAIL, history=summary, at=AT, policy=CORE)
            assert whole.verdict == part.verdict
            assert codes(whole) == codes(part)

    def test_reason_names_the_scope(self) -> None:
        """The denial says which subscription, never personal data."""
        h = [stop(subscription="newsletter")]
        d = decide_core(m=message(topic="newsletter"), consents=ALL_EMAIL, history=h)
        (reason,) = [r for r in d.reasons if r.code == "unsubscribed"]
        assert "subscription newsletter on email" in reason.message


_PURPOSES = list(pt.MessagePurpose)
_TOPICS = [None, "news", "news.weekly", "news.monthly", "offers", "newsy"]


@st.composite
def scopes(draw: st.DrawFn) -> dict[str, Any]:
    """A non-empty opt-out scope: a subscription, purposes, or both."""
    subscription = draw(st.sampled_from([None, "news", "news.weekly", "offers"]))
    purposes = draw(
        st.frozensets(
            st.sampled_from([p for p in _PURPOSES if p is not pt.MessagePurpose.TRANSACTIONAL])
        )
    )
    if subscription is None and not purposes:
        subscription = "news"
    return {"subscription": subscription, "opt_out_purposes": purposes}


class TestScopeProperty:
    @settings(max_examples=150, deadline=None)
    @given(
        scope=scopes(),
        purpose=st.sampled_from(_PURPOSES),
        topic=st.sampled_from(_TOPICS),
        days=st.integers(min_value=40, max_value=360),  # after the grants: they never lift it
    )
    def test_scoped_opt_out_bars_exactly_its_scope(
        self, scope: dict[str, Any], purpose: pt.MessagePurpose, topic: str | None, days: int
    ) -> None:
        """A scoped opt-out never denies a message outside its scope, and always one inside."""
        h = stop(at=AT.subtract(days=days), **scope)
        m = message(purpose.value, topic=topic)
        without = decide_core(m=m, consents=ALL_EMAIL)
        with_it = decide_core(m=m, consents=ALL_EMAIL, history=[h])
        inside = purpose is not pt.MessagePurpose.TRANSACTIONAL and h.within_scope(purpose, topic)
        if inside:
            assert DENY == with_it.verdict
            assert "unsubscribed" in codes(with_it)
        else:
            assert without.verdict == with_it.verdict
            assert without.level == with_it.level
            assert codes(without) == codes(with_it)
