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


def _reason(name: str) -> pt.SuppressionReason:
    (entry,) = EMAIL_EVENTS[name]("a@example.com", AT).suppressions()
    return entry.reason


#: The events the person's own choice made (unsubscribes, complaints), and the rest (bounces).
CHOICES = sorted(n for n in EMAIL_EVENTS if _reason(n).is_choice)
BOUNCES = sorted(n for n in EMAIL_EVENTS if not _reason(n).is_choice)
EXPRESS = st.sampled_from([b for b in pt.LawfulBasis if b.is_consent])
IMPLIED = st.sampled_from([b for b in pt.LawfulBasis if b.is_implied])
#: From the event to the newer grant, and from the grant to the decision (seconds).
GAPS = st.integers(min_value=1, max_value=200 * 24 * 3600)


class TestNewerExpressOptIn:
    @settings(max_examples=80, deadline=None)
    @given(
        name=st.sampled_from(CHOICES),
        address=st.emails(),
        event_at=EVENT_TIMES,
        basis=EXPRESS,
        after=GAPS,
        later=GAPS,
    )
    def test_lifts_a_suppression_the_person_made(
        self,
        *,
        name: str,
        address: str,
        event_at: pendulum.DateTime,
        basis: pt.LawfulBasis,
        after: int,
        later: int,
    ) -> None:
        """An express opt-in given after an unsubscribe or complaint lifts it, naming the grant."""
        report = EMAIL_EVENTS[name](address, event_at)
        fresh = grant(
            "marketing.email", basis.value, id="g-new", granted_at=event_at.add(seconds=after)
        )
        at = fresh.granted_at.add(seconds=later)
        decision = _decide(address, "email", report, at=at, grants=[fresh])
        assert pt.Verdict.DENY != decision.verdict  # allowed, or deferred by quiet hours
        (note,) = [r for r in decision.reasons if r.code == "suppression_lifted"]
        assert "g-new" in note.message
        before = _decide(address, "email", report, at=fresh.granted_at.subtract(seconds=1),
                         grants=[fresh])  # fmt: skip
        assert pt.Verdict.DENY == before.verdict

    @settings(max_examples=80, deadline=None)
    @given(
        name=st.sampled_from(sorted(EMAIL_EVENTS)),
        address=st.emails(),
        event_at=EVENT_TIMES,
        implied=IMPLIED,
        express=EXPRESS,
        before=st.integers(min_value=0, max_value=400 * 24 * 3600),
        after=GAPS,
        later=GAPS,
    )
    def test_older_or_implied_opt_ins_never_lift_it(
        self,
        *,
        name: str,
        address: str,
        event_at: pendulum.DateTime,
        implied: pt.LawfulBasis,
        express: pt.LawfulBasis,
        before: int,
        after: int,
        later: int,
    ) -> None:
        """An express opt-in at or before the event, or an implied one after it, lifts nothing."""
        report = EMAIL_EVENTS[name](address, event_at)
        grants = [
            grant("marketing.email", express.value, id="g-old",
                  granted_at=event_at.subtract(seconds=before)),
            grant("marketing.email", implied.value, id="g-soft",
                  granted_at=event_at.add(seconds=after)),
        ]  # fmt: skip
        at = event_at.add(seconds=after + later)
        decision = _decide(address, "email", report, at=at, grants=grants)
        assert pt.Verdict.DENY == decision.verdict
        assert "suppressed" in {r.code for r in decision.reasons}

    @settings(max_examples=40, deadline=None)
    @given(
        name=st.sampled_from(BOUNCES),
        address=st.emails(),
        event_at=EVENT_TIMES,
        basis=EXPRESS,
        after=GAPS,
    )
    def test_a_hard_bounce_is_never_lifted(
        self,
        name: str,
        address: str,
        event_at: pendulum.DateTime,
        basis: pt.LawfulBasis,
        after: int,
    ) -> None:
        """No grant lifts a hard bounce: the address does not exist."""
        report = EMAIL_EVENTS[name](address, event_at)
        fresh = grant("marketing.email", basis.value, granted_at=event_at.add(seconds=after))
        decision = _decide(
            address, "email", report, at=fresh.granted_at.add(days=1), grants=[fresh]
        )
        assert pt.Verdict.DENY == decision.verdict

    @settings(max_examples=30, deadline=None)
    @given(phone=PHONES, event_at=EVENT_TIMES, after=GAPS)
    def test_an_email_opt_in_lifts_nothing_on_sms(
        self, phone: str, event_at: pendulum.DateTime, after: int
    ) -> None:
        """The lift goes no further than the grant: a newer e-mail opt-in leaves a STOP."""
        report = _twilio(phone, event_at)
        granted_at = event_at.add(seconds=after)
        grants = [
            grant("marketing.sms", granted_at=event_at.subtract(years=1)),
            grant("marketing.email", id="g-new", granted_at=granted_at),
        ]
        decision = _decide(phone, "sms", report, at=granted_at.add(days=1), grants=grants)
        assert pt.Verdict.DENY == decision.verdict


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
