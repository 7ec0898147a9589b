from __future__ import annotations

import datetime as dt

import pytest
from payloads import digest, load, raw

from personal_touch import Channel, InteractionKind, MessagePurpose
from personal_touch.exceptions import UnknownEventError, WebhookPayloadError
from personal_touch.values import SuppressionReason
from personal_touch.webhooks import EventAction, parse_mailgun, parse_postmark

ALICE = digest("alice@example.com")
JOHN = digest("john@example.com")


class TestMailgun:
    @pytest.mark.parametrize(
        ("name", "action", "kind", "reason"),
        [
            ("failed_permanent", EventAction.SUPPRESS, "bounced", SuppressionReason.BOUNCED),
            ("failed_temporary", EventAction.RECORD, "bounced", None),
            ("delivered", EventAction.RECORD, "delivered", None),
            ("opened", EventAction.RECORD, "opened", None),
            ("unsubscribed", EventAction.SUPPRESS, "unsubscribed", SuppressionReason.UNSUBSCRIBED),
            ("complained", EventAction.SUPPRESS, "complained", SuppressionReason.COMPLAINT),
        ],
    )
    def test_documented_events(
        self, name: str, action: EventAction, kind: str, reason: SuppressionReason | None
    ) -> None:
        """Each documented event parses into its action, interaction and suppression."""
        (event,) = parse_mailgun(raw("mailgun", name)).events
        assert (action, InteractionKind(kind), ALICE) == (
            event.action,
            event.kind,
            event.address_digest,
        )
        suppression = event.suppression()
        assert reason == (None if suppression is None else suppression.reason)

    def test_time_and_message_id(self) -> None:
        """The event time is the float timestamp; the message id is the header's."""
        (event,) = parse_mailgun(load("mailgun", "failed_permanent")).events
        assert dt.datetime.fromtimestamp(1521233195.375624, dt.UTC) == event.at
        assert "20130503182626.18666.16540@sandbox.mailgun.org" == event.message_id

    def test_permanent_failure_bars_every_purpose(self) -> None:
        """A permanent failure bars every purpose on e-mail; an unsubscribe marketing only."""
        (bounce,) = parse_mailgun(load("mailgun", "failed_permanent")).suppressions()
        (unsub,) = parse_mailgun(load("mailgun", "unsubscribed")).suppressions()
        assert frozenset() == bounce.purposes
        assert MessagePurpose.MARKETING in unsub.purposes
        assert MessagePurpose.TRANSACTIONAL not in unsub.purposes

    def test_unknown_event_is_skipped_with_path(self) -> None:
        """An event name Mailgun does not send is skipped as unknown, naming its path."""
        report = parse_mailgun(load("mailgun", "unknown_event"))
        assert () == report.events
        with pytest.raises(UnknownEventError, match=r"\$\.event-data\.event"):
            report.raise_for_skipped()

    def test_bad_severity_is_malformed(self) -> None:
        """A failure whose severity is neither permanent nor temporary is malformed."""
        payload = load("mailgun", "failed_permanent")
        payload["event-data"]["severity"] = "maybe"
        (skipped,) = parse_mailgun(payload).skipped
        assert ("$.event-data.severity", False) == (skipped.path, skipped.unknown)

    def test_missing_event_data(self) -> None:
        """A body without event data is skipped, naming ``$.event-data``."""
        (skipped,) = parse_mailgun({"signature": {}}).skipped
        assert "$.event-data" == skipped.path


class TestPostmark:
    @pytest.mark.parametrize(
        ("name", "action", "kind", "reason"),
        [
            ("hard_bounce", EventAction.SUPPRESS, "bounced", SuppressionReason.BOUNCED),
            ("soft_bounce", EventAction.RECORD, "bounced", None),
            ("spam_complaint", EventAction.SUPPRESS, "complained", SuppressionReason.COMPLAINT),
            ("delivery", EventAction.RECORD, "delivered", None),
            ("open", EventAction.RECORD, "opened", None),
        ],
    )
    def test_documented_events(
        self, name: str, action: EventAction, kind: str, reason: SuppressionReason | None
    ) -> None:
        """Each documented event parses into its action, interaction and suppression."""
        (event,) = parse_postmark(raw("postmark", name)).events
        assert (action, InteractionKind(kind), JOHN, Channel.EMAIL) == (
            event.action,
            event.kind,
            event.address_digest,
            event.channel,
        )
        suppression = event.suppression()
        assert reason == (None if suppression is None else suppression.reason)

    def test_time_is_utc(self) -> None:
        """Postmark's seven-digit fractions and offsets become an aware UTC time."""
        (event,) = parse_postmark(load("postmark", "hard_bounce")).events
        assert dt.datetime(2019, 11, 5, 16, 33, 54, 907025, tzinfo=dt.UTC) == event.at
        assert ("outbound", "883953f4-6105-42a2-a16a-77a8eac79483") == (
            event.group,
            event.message_id,
        )

    def test_subscription_change_suppresses(self) -> None:
        """A manual suppression is an unsubscribe of the recipient, at once."""
        (event,) = parse_postmark(load("postmark", "subscription_change")).events
        assert (EventAction.SUPPRESS, SuppressionReason.UNSUBSCRIBED) == (
            event.action,
            event.reason,
        )
        assert digest("bounced-address@wildbit.com") == event.address_digest

    def test_reactivation_is_an_opt_in(self) -> None:
        """SuppressSending false is an opt-in, which lifts nothing by itself."""
        (event,) = parse_postmark(load("postmark", "subscription_reactivated")).events
        assert (EventAction.OPT_IN, None, None) == (event.action, event.kind, event.suppression())

    def test_unknown_record_type(self) -> None:
        """A record type we do not read is skipped as unknown at ``$.RecordType``."""
        (skipped,) = parse_postmark(load("postmark", "unknown_record")).skipped
        assert ("$.RecordType", True) == (skipped.path, skipped.unknown)

    def test_malformed_time(self) -> None:
        """A time that is not ISO 8601 is malformed at its path."""
        report = parse_postmark(load("postmark", "malformed_time"))
        with pytest.raises(WebhookPayloadError, match=r"\$\.DeliveredAt"):
            report.raise_for_skipped()

    def test_body_must_be_an_object(self) -> None:
        """A list body is refused as a whole."""
        with pytest.raises(WebhookPayloadError):
            parse_postmark([])
