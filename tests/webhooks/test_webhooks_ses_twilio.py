from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from payloads import digest, load, raw

from personal_touch import Channel, InteractionKind
from personal_touch.exceptions import NaiveDateTimeError, UnknownEventError, WebhookPayloadError
from personal_touch.values import SuppressionReason
from personal_touch.webhooks import (
    HELP_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
    EventAction,
    keyword_action,
    parse_ses,
    parse_twilio,
)

RECEIVED = pendulum.datetime(2026, 11, 30, 15, tz="UTC")


class TestSes:
    def test_permanent_bounce_in_sns_envelope(self) -> None:
        """A permanent bounce inside the SNS envelope suppresses the bounced recipient."""
        (event,) = parse_ses(raw("ses", "bounce_sns")).events
        assert (EventAction.SUPPRESS, InteractionKind.BOUNCED, digest("jane@example.com")) == (
            event.action,
            event.kind,
            event.address_digest,
        )
        assert dt.datetime(2016, 1, 27, 14, 59, 38, 237000, tzinfo=dt.UTC) == event.at
        assert "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000" == event.message_id

    def test_raw_delivery_reads_the_same(self) -> None:
        """Raw message delivery (no envelope) gives the same event."""
        enveloped = parse_ses(load("ses", "bounce_sns")).events
        bare = parse_ses(load("ses", "bounce_raw")).events
        assert [e.address_digest for e in enveloped] == [e.address_digest for e in bare]

    def test_one_event_per_recipient(self) -> None:
        """A bounce for two recipients is two events, each with its own path."""
        report = parse_ses(load("ses", "bounce_two_recipients"))
        assert [digest("jane@example.com"), digest("richard@example.com")] == [
            e.address_digest for e in report.events
        ]
        assert ["$.bounce.bouncedRecipients[0]", "$.bounce.bouncedRecipients[1]"] == [
            e.path for e in report.events
        ]

    def test_transient_bounce_records_only(self) -> None:
        """A transient bounce is recorded, not suppressed."""
        (event,) = parse_ses(load("ses", "transient_bounce_sns")).events
        assert (EventAction.RECORD, None) == (event.action, event.suppression())

    def test_complaint_and_delivery(self) -> None:
        """A complaint suppresses the complained recipient; a delivery is recorded."""
        (complaint,) = parse_ses(load("ses", "complaint_sns")).events
        (delivery,) = parse_ses(load("ses", "delivery_sns")).events
        assert (SuppressionReason.COMPLAINT, digest("richard@example.com")) == (
            complaint.reason,
            complaint.address_digest,
        )
        assert (EventAction.RECORD, InteractionKind.DELIVERED) == (delivery.action, delivery.kind)

    def test_subscription_confirmation_is_an_unknown_event(self) -> None:
        """An SNS subscription confirmation is not an SES event: a typed error at ``$.Type``."""
        with pytest.raises(UnknownEventError) as caught:
            parse_ses(load("ses", "subscription_confirmation"))
        assert "$.Type" == caught.value.path

    def test_one_malformed_recipient_is_skipped(self) -> None:
        """One bad recipient is skipped with its path; the other still parses."""
        report = parse_ses(load("ses", "bounce_one_malformed_recipient"))
        assert 1 == len(report.events)
        (skipped,) = report.skipped
        assert "$.bounce.bouncedRecipients[1].emailAddress" == skipped.path

    def test_unknown_notification_type(self) -> None:
        """A notification type SES does not send raises, naming its path in the envelope."""
        payload = load("ses", "bounce_raw")
        payload["notificationType"] = "Received"
        with pytest.raises(UnknownEventError, match=r"\$\.notificationType"):
            parse_ses(payload)

    def test_unknown_bounce_type(self) -> None:
        """A bounce type SES does not document is an unknown event at its path."""
        payload = load("ses", "bounce_raw")
        payload["bounce"]["bounceType"] = "Sideways"
        with pytest.raises(UnknownEventError, match=r"\$\.bounce\.bounceType"):
            parse_ses(payload)


class TestTwilioKeywords:
    @pytest.mark.parametrize("word", sorted(OPT_OUT_KEYWORDS))
    def test_every_opt_out_keyword_suppresses(self, word: str) -> None:
        """Each carrier and Twilio opt-out keyword, in any case, suppresses."""
        assert EventAction.SUPPRESS == keyword_action(f"  {word.lower()}. ")

    def test_keyword_sets(self) -> None:
        """The sets are the CTIA's and Twilio's defaults."""
        assert {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"} <= OPT_OUT_KEYWORDS
        assert {"START", "UNSTOP", "YES"} == OPT_IN_KEYWORDS
        assert {"HELP", "INFO"} == HELP_KEYWORDS

    @pytest.mark.parametrize(
        ("body", "action"),
        [
            ("Start", EventAction.OPT_IN),
            ("info", EventAction.HELP),
            ("please stop texting", EventAction.RECORD),
            ("", EventAction.RECORD),
        ],
    )
    def test_only_the_whole_body_is_a_keyword(self, body: str, action: EventAction) -> None:
        """A keyword counts only as the whole message, as Twilio matches it."""
        assert action == keyword_action(body)


class TestTwilio:
    def test_stop_suppresses_sms_for_every_purpose(self) -> None:
        """A STOP reply suppresses the sender on SMS for every purpose, at receipt."""
        (event,) = parse_twilio(load("twilio", "inbound_stop"), received_at=RECEIVED).events
        suppression = event.suppression()
        assert suppression is not None
        assert (digest("+14155551234"), Channel.SMS, frozenset(), RECEIVED) == (
            suppression.address_digest,
            suppression.channel,
            suppression.purposes,
            suppression.since,
        )
        assert InteractionKind.UNSUBSCRIBED == event.kind

    @pytest.mark.parametrize(
        ("name", "action", "kind"),
        [
            ("inbound_start", EventAction.OPT_IN, InteractionKind.REPLIED),
            ("inbound_help", EventAction.HELP, InteractionKind.REPLIED),
            ("inbound_message", EventAction.RECORD, InteractionKind.REPLIED),
            ("status_delivered", EventAction.RECORD, InteractionKind.DELIVERED),
            ("status_undelivered", EventAction.RECORD, InteractionKind.BOUNCED),
            ("status_failed_opted_out", EventAction.SUPPRESS, InteractionKind.UNSUBSCRIBED),
        ],
    )
    def test_documented_requests(
        self, name: str, action: EventAction, kind: InteractionKind
    ) -> None:
        """Inbound messages and status callbacks map to their actions and interactions."""
        (event,) = parse_twilio(load("twilio", name), received_at=RECEIVED).events
        assert (action, kind) == (event.action, event.kind)

    def test_status_names_the_recipient(self) -> None:
        """A status callback is about the To number; an inbound message about From."""
        (event,) = parse_twilio(load("twilio", "status_delivered"), received_at=RECEIVED).events
        assert digest("+15558675310") == event.address_digest

    def test_form_body_reads_like_the_fields(self) -> None:
        """The urlencoded body gives the same event as the decoded fields."""
        body = b"SmsStatus=received&Body=STOP&From=%2B14155551234&To=%2B14155552345&MessageSid=SM1"
        (event,) = parse_twilio(body, received_at=RECEIVED).events
        assert (EventAction.SUPPRESS, digest("+14155551234")) == (
            event.action,
            event.address_digest,
        )

    def test_whatsapp_is_chat(self) -> None:
        """A whatsapp: address is on the chat channel, digested without its prefix."""
        fields = {**load("twilio", "inbound_stop"), "From": "whatsapp:+14155551234"}
        (event,) = parse_twilio(fields, received_at=RECEIVED).events
        assert (Channel.CHAT, digest("+14155551234")) == (event.channel, event.address_digest)

    def test_unknown_status(self) -> None:
        """A status Twilio does not send is skipped as unknown."""
        report = parse_twilio(load("twilio", "status_unknown"), received_at=RECEIVED)
        (skipped,) = report.skipped
        assert ("$.MessageStatus", True) == (skipped.path, skipped.unknown)

    def test_missing_sender(self) -> None:
        """An inbound message without From is malformed at ``$.From``."""
        fields = {k: v for k, v in load("twilio", "inbound_stop").items() if k != "From"}
        (skipped,) = parse_twilio(fields, received_at=RECEIVED).skipped
        assert "$.From" == skipped.path

    def test_received_at_must_be_aware(self) -> None:
        """The receipt time is injected and must be aware."""
        with pytest.raises(NaiveDateTimeError):
            parse_twilio(load("twilio", "inbound_stop"), received_at=dt.datetime(2026, 1, 1))

    def test_bad_form_bytes(self) -> None:
        """Form bytes that are not UTF-8 are malformed at ``$``."""
        with pytest.raises(WebhookPayloadError):
            parse_twilio(b"\xff\xfe", received_at=RECEIVED)
