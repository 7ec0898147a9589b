"""
A suppression from any provider event denies every later marketing decision for the address.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import load

import personal_touch as pt
from builders import AT, grant, message
from personal_touch.webhooks import (
    WebhookReport,
    parse_mailgun,
    parse_postmark,
    parse_sendgrid,
    parse_ses,
    parse_twilio,
)

if TYPE_CHECKING:
    import pendulum

#: Event times: within the year before the instant the builders decide at.
EVENT_TIMES = st.integers(min_value=1, max_value=365 * 24).map(lambda h: AT.subtract(hours=h))


def _sendgrid(name: str) -> Callable[[str, pendulum.DateTime], WebhookReport]:
    def build(address: str, at: pendulum.DateTime) -> WebhookReport:
        item = {"email": address, "timestamp": int(at.timestamp()), "event": name}
        if name == "bounce":
            item["status"] = "5.1.1"
        return parse_sendgrid([item])

    return build


def _mailgun(name: str) -> Callable[[str, pendulum.DateTime], WebhookReport]:
    def build(address: str, at: pendulum.DateTime) -> WebhookReport:
        payload = load("mailgun", name)
        payload["event-data"].update(recipient=address, timestamp=at.timestamp())
        return parse_mailgun(payload)

    return build


def _postmark(name: str, address_key: str, time_key: str) -> Callable[..., WebhookReport]:
    def build(address: str, at: pendulum.DateTime) -> WebhookReport:
        payload = load("postmark", name)
        payload.update({address_key: address, time_key: at.isoformat()})
        return parse_postmark(payload)

    return build


def _ses(name: str, recipients_path: tuple[str, str]) -> Callable[..., WebhookReport]:
    def build(address: str, at: pendulum.DateTime) -> WebhookReport:
        envelope = load("ses", name)
        note: dict[str, Any] = json.loads(envelope["Message"])
        key, recipients = recipients_path
        note[key]["timestamp"] = at.isoformat()
        note[key][recipients] = [{"emailAddress": address}]
        envelope["Message"] = json.dumps(note)
        return parse_ses(copy.deepcopy(envelope))

    return build


def _twilio(address: str, at: pendulum.DateTime) -> WebhookReport:
    fields = {**load("twilio", "inbound_stop"), "From": address}
    return parse_twilio(fields, received_at=at)


EMAIL_EVENTS = {
    "sendgrid unsubscribe": _sendgrid("unsubscribe"),
    "sendgrid group_unsubscribe": _sendgrid("group_unsubscribe"),
    "sendgrid spamreport": _sendgrid("spamreport"),
    "sendgrid bounce": _sendgrid("bounce"),
    "mailgun unsubscribed": _mailgun("unsubscribed"),
    "mailgun complained": _mailgun("complained"),
    "mailgun failed": _mailgun("failed_permanent"),
    "postmark hard bounce": _postmark("hard_bounce", "Email", "BouncedAt"),
    "postmark spam complaint": _postmark("spam_complaint", "Email", "BouncedAt"),
    "postmark subscription change": _postmark("subscription_change", "Recipient", "ChangedAt"),
    "ses bounce": _ses("bounce_sns", ("bounce", "bouncedRecipients")),
    "ses complaint": _ses("complaint_sns", ("complaint", "complainedRecipients")),
}
PHONES = st.from_regex(r"\+1[2-9][0-9]{9}", fullmatch=True)


def _case_variant(address: str) -> str:
    """The address as the app may have stored it: other case, surrounding blanks."""
    return f"  {address.upper()} "


def _decide(
    address: str,
    channel: str,
    report: WebhookReport,
    *,
    at: pendulum.DateTime,
    grants: list[pt.ConsentGrant],
) -> pt.Decision:
    contact = pt.Contact(
        id="c-1",
        timezone="Europe/Berlin",
        created_at=AT.subtract(years=2),
        contact_points=[pt.ContactPoint(channel, _case_variant(address))],
    )
    return pt.decide(
        contact,
        message("marketing", channel),
        consents=grants,
        at=at,
        suppressions=pt.SuppressionList(report.suppressions()),
    )


class TestSuppressionTakesEffect:
    @settings(max_examples=150, deadline=None)
    @given(
        name=st.sampled_from(sorted(EMAIL_EVENTS)),
        address=st.emails(),
        event_at=EVENT_TIMES,
        later=st.integers(min_value=0, max_value=400 * 24 * 60),
    )
    def test_email_event_denies_every_later_marketing_decision(
        self, name: str, address: str, event_at: pendulum.DateTime, later: int
    ) -> None:
        """After any suppressing e-mail event, every marketing e-mail decision is denied."""
        report = EMAIL_EVENTS[name](address, event_at)
        assert 1 == len(report.suppressions())
        grants = [grant("marketing.email", granted_at=event_at.subtract(years=1))]
        decision = _decide(address, "email", report, at=event_at.add(minutes=later), grants=grants)
        assert pt.Verdict.DENY == decision.verdict

    @settings(max_examples=60, deadline=None)
    @given(phone=PHONES, event_at=EVENT_TIMES, later=st.integers(0, 400 * 24 * 60))
    def test_stop_reply_denies_every_later_marketing_text(
        self, phone: str, event_at: pendulum.DateTime, later: int
    ) -> None:
        """After a STOP reply, every marketing text to that number is denied."""
        report = _twilio(phone, event_at)
        grants = [grant("marketing.sms", granted_at=event_at.subtract(years=1))]
        decision = _decide(phone, "sms", report, at=event_at.add(minutes=later), grants=grants)
        assert pt.Verdict.DENY == decision.verdict

    @settings(max_examples=40, deadline=None)
    @given(name=st.sampled_from(sorted(EMAIL_EVENTS)), address=st.emails(), event_at=EVENT_TIMES)
    def test_before_the_event_the_same_message_is_allowed(
        self, name: str, address: str, event_at: pendulum.DateTime
    ) -> None:
        """The suppression holds from the event on, not before: the denial is its doing."""
        report = EMAIL_EVENTS[name](address, event_at)
        grants = [grant("marketing.email", granted_at=event_at.subtract(years=1))]
        at = event_at.subtract(minutes=1)
        assert pt.Verdict.DENY != _decide(address, "email", report, at=at, grants=grants).verdict

    @settings(max_examples=40, deadline=None)
    @given(name=st.sampled_from(sorted(EMAIL_EVENTS)), address=st.emails(), event_at=EVENT_TIMES)
    def test_a_newer_opt_in_does_not_lift_it_today(
        self, name: str, address: str, event_at: pendulum.DateTime
    ) -> None:
        """
        A suppression holds until the app removes it: a newer grant does not lift it.

        The suppression list fails closed by design (``Suppression``'s documentation): an
        express opt-in after the event is recorded as a grant, and the app removes the
        entry (an ``OPT_IN`` event tells it when).
        """
        report = EMAIL_EVENTS[name](address, event_at)
        grants = [grant("marketing.email", granted_at=event_at.add(days=1))]
        at = event_at.add(days=2)
        assert pt.Verdict.DENY == _decide(address, "email", report, at=at, grants=grants).verdict
        lifted = pt.decide(
            pt.Contact(
                id="c-1",
                timezone="Europe/Berlin",
                created_at=AT.subtract(years=2),
                contact_points=[pt.ContactPoint("email", address)],
            ),
            message("marketing", "email"),
            consents=grants,
            at=at,
            suppressions=pt.SuppressionList(()),
        )
        assert pt.Verdict.DENY != lifted.verdict  # allowed, or deferred by quiet hours


class TestInteractions:
    def test_report_interactions_for_resolved_contacts(self) -> None:
        """The app's resolver maps digests to contacts; unknown addresses record nothing."""
        report = parse_sendgrid(load("sendgrid", "events"))
        known = {pt.Suppression.digest("example@test.com"): "c-7"}
        interactions = report.interactions(known.get)
        assert [
            "delivered",
            "opened",
            "clicked",
            "bounced",
            "complained",
            "unsubscribed",
            "unsubscribed",
        ] == [i.kind.value for i in interactions]
        assert {"c-7"} == {i.contact_id for i in interactions}
        assert () == report.interactions(lambda _digest: None)

    def test_interaction_at_is_the_event_time(self) -> None:
        """An interaction keeps the event's instant and channel and the provider message id."""
        (event, *_) = parse_sendgrid(load("sendgrid", "events")).events[2:]
        interaction = event.interaction("c-7")
        assert interaction is not None
        assert (dt.datetime(2017, 12, 15, 0, 59, 29, tzinfo=dt.UTC), "email", "sg_message_id") == (
            interaction.at,
            interaction.channel.value,
            interaction.message_id,
        )

    def test_unsubscribe_in_history_denies_with_the_history_rule(self) -> None:
        """The recorded unsubscribe denies through the history too, until a newer grant."""
        report = parse_sendgrid(
            [{"email": "a@example.com", "timestamp": int(AT.subtract(days=3).timestamp()),
              "event": "unsubscribe"}]
        )  # fmt: skip
        history = report.interactions(lambda _d: "c-1")
        contact = pt.Contact(id="c-1", timezone="Europe/Berlin", created_at=AT.subtract(years=2))
        old = [grant("marketing.email")]
        denied = pt.decide(contact, message(), consents=old, history=history, at=AT)
        newer = [grant("marketing.email", granted_at=AT.subtract(days=1))]
        allowed = pt.decide(contact, message(), consents=newer, history=history, at=AT)
        assert (pt.Verdict.DENY, pt.Verdict.ALLOW) == (denied.verdict, allowed.verdict)
