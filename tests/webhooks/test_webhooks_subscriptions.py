"""
Group unsubscribes scoped to the app's subscriptions: SendGrid groups, Postmark streams.
"""

from __future__ import annotations

import pytest
from payloads import load

import personal_touch as pt
from builders import AT, grant, message
from personal_touch import exceptions as ex
from personal_touch.webhooks import EventAction, parse_mailgun, parse_postmark, parse_sendgrid

#: The published SendGrid example's group (``asm_group_id`` 10) is the app's weekly newsletter.
SUBSCRIPTIONS = {"10": "newsletter.weekly"}


def _decide(entries: tuple[pt.Suppression, ...], topic: str | None) -> pt.Verdict:
    contact = pt.Contact(
        id="c-1",
        timezone="Europe/Berlin",
        created_at=AT.subtract(years=2),
        contact_points=[pt.ContactPoint("email", "example@test.com")],
    )
    return pt.decide(
        contact,
        message(topic=topic),
        consents=[grant("marketing.email", granted_at=AT.subtract(years=9))],
        at=AT,
        suppressions=pt.SuppressionList(entries),
    ).verdict


class TestSendGrid:
    def test_group_unsubscribe_is_scoped_to_the_mapped_subscription(self) -> None:
        """Only the group events carry the subscription; global unsubscribes stay global."""
        report = parse_sendgrid(load("sendgrid", "events"), subscriptions=SUBSCRIPTIONS)
        scoped = {e.name: e.subscription for e in report.events}
        assert "newsletter.weekly" == scoped["group_unsubscribe"]
        assert "newsletter.weekly" == scoped["group_resubscribe"]
        assert scoped["unsubscribe"] is None
        assert scoped["spamreport"] is None
        (entry,) = [e.suppression() for e in report.events if e.name == "group_unsubscribe"]
        assert entry is not None
        assert "newsletter.weekly" == entry.subscription
        assert {"marketing", "fundraising", "consent_request"} == {p.value for p in entry.purposes}

    def test_it_bars_that_subscription_only(self) -> None:
        """The newsletter is denied; another topic and a message without one are not."""
        body = [e for e in load("sendgrid", "events") if e["event"] == "group_unsubscribe"]
        body[0]["timestamp"] = int(AT.subtract(days=1).timestamp())
        entries = parse_sendgrid(body, subscriptions=SUBSCRIPTIONS).suppressions()
        assert pt.Verdict.DENY == _decide(entries, "newsletter.weekly")
        assert pt.Verdict.DENY != _decide(entries, "offers")
        assert pt.Verdict.DENY != _decide(entries, None)
        unmapped = parse_sendgrid(body).suppressions()
        assert pt.Verdict.DENY == _decide(unmapped, "offers")

    def test_the_interaction_carries_the_subscription_as_topic(self) -> None:
        """The recorded unsubscribe names the subscription it came from."""
        report = parse_sendgrid(load("sendgrid", "events"), subscriptions=SUBSCRIPTIONS)
        topics = [
            i.topic for i in report.interactions(lambda _d: "c-1") if i.kind.value == "unsubscribed"
        ]
        assert [None, "newsletter.weekly"] == topics

    def test_with_group_purposes(self) -> None:
        """Both maps apply together: the purposes and the subscription of the group."""
        report = parse_sendgrid(
            load("sendgrid", "events"),
            groups={"10": ["fundraising"]},
            subscriptions=SUBSCRIPTIONS,
        )
        (entry,) = [e.suppression() for e in report.events if e.name == "group_unsubscribe"]
        assert entry is not None
        assert ({pt.MessagePurpose.FUNDRAISING}, "newsletter.weekly") == (
            set(entry.purposes),
            entry.subscription,
        )

    @pytest.mark.parametrize("bad", ["", "  ", 10, None])
    def test_a_bad_map_is_a_typed_error(self, bad: object) -> None:
        """A subscription key that is not non-empty text names the argument."""
        if bad is None:  # an unmapped group: unscoped, no error
            report = parse_sendgrid(load("sendgrid", "events"), subscriptions={"10": None})  # type: ignore[dict-item]
            assert {None} == {e.subscription for e in report.events}
            return
        with pytest.raises(ex.InvalidFieldError) as info:
            parse_sendgrid(load("sendgrid", "events"), subscriptions={"10": bad})  # type: ignore[dict-item]
        assert "subscriptions" == info.value.field


class TestPostmark:
    def test_subscription_change_is_scoped_to_the_mapped_stream(self) -> None:
        """A ManualSuppression on a mapped stream bars that subscription only."""
        (event,) = parse_postmark(
            load("postmark", "subscription_change"), subscriptions={"outbound": "news"}
        ).events
        assert ("outbound", "news") == (event.group, event.subscription)
        entry = event.suppression()
        assert entry is not None
        assert "news" == entry.subscription

    def test_reactivation_carries_the_subscription(self) -> None:
        """A reactivation on a mapped stream is an opt-in for that subscription."""
        (event,) = parse_postmark(
            load("postmark", "subscription_reactivated"), subscriptions={"outbound": "news"}
        ).events
        assert (EventAction.OPT_IN, "news") == (event.action, event.subscription)

    @pytest.mark.parametrize("name", ["spam_complaint", "hard_bounce"])
    def test_complaints_and_bounces_are_never_scoped(self, name: str) -> None:
        """A complaint or a hard bounce bars e-mail whatever the stream."""
        payload = load("postmark", name)
        stream = payload.get("MessageStream", "outbound")
        payload["MessageStream"] = stream
        (event,) = parse_postmark(payload, subscriptions={stream: "news"}).events
        entry = event.suppression()
        assert entry is not None
        assert entry.subscription is None

    def test_unmapped_stream_is_unscoped(self) -> None:
        """Without a map, a subscription change bars the marketing purposes on e-mail."""
        (event,) = parse_postmark(load("postmark", "subscription_change")).events
        assert event.subscription is None


class TestMailgun:
    def test_never_scoped(self) -> None:
        """Mailgun's payload does not say whether an unsubscribe was from its tags or from all."""
        (event,) = parse_mailgun(load("mailgun", "unsubscribed")).events
        entry = event.suppression()
        assert entry is not None
        assert (None, None) == (event.subscription, entry.subscription)
