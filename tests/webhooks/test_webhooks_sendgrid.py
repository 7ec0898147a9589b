from __future__ import annotations

import datetime as dt

import pytest
from payloads import digest, load, raw

from personal_touch import Channel, InteractionKind, MessagePurpose
from personal_touch.exceptions import UnknownEventError, WebhookPayloadError
from personal_touch.values import SuppressionReason
from personal_touch.webhooks import EventAction, parse_sendgrid

EXAMPLE = digest("example@test.com")
WHEN = dt.datetime(2017, 12, 15, 0, 59, 29, tzinfo=dt.UTC)


class TestDocumentedExamples:
    def test_each_event_type_maps_to_its_action(self) -> None:
        """The reference's example of each event type parses into the documented action."""
        report = parse_sendgrid(raw("sendgrid", "events"))
        expected = [
            ("processed", EventAction.NOTE, None),
            ("deferred", EventAction.NOTE, None),
            ("delivered", EventAction.RECORD, InteractionKind.DELIVERED),
            ("open", EventAction.RECORD, InteractionKind.OPENED),
            ("click", EventAction.RECORD, InteractionKind.CLICKED),
            ("bounce", EventAction.SUPPRESS, InteractionKind.BOUNCED),
            ("dropped", EventAction.NOTE, None),
            ("spamreport", EventAction.SUPPRESS, InteractionKind.COMPLAINED),
            ("unsubscribe", EventAction.SUPPRESS, InteractionKind.UNSUBSCRIBED),
            ("group_unsubscribe", EventAction.SUPPRESS, InteractionKind.UNSUBSCRIBED),
            ("group_resubscribe", EventAction.OPT_IN, None),
        ]
        assert expected == [(e.name, e.action, e.kind) for e in report.events]
        assert () == report.skipped

    def test_events_carry_digest_time_and_ids(self) -> None:
        """Every event names the address by digest, at the payload's time, with its ids."""
        (first, *_) = parse_sendgrid(load("sendgrid", "events")).events
        assert (EXAMPLE, WHEN, Channel.EMAIL) == (first.address_digest, first.at, first.channel)
        assert ("sg_message_id", "sg_event_id", "$[0]") == (
            first.message_id,
            first.event_id,
            first.path,
        )

    def test_suppressions_for_bounce_complaint_and_unsubscribes(self) -> None:
        """A hard bounce bars every purpose; a complaint and unsubscribes bar marketing."""
        found = parse_sendgrid(load("sendgrid", "events")).suppressions()
        assert [
            (SuppressionReason.BOUNCED, frozenset()),
            (SuppressionReason.COMPLAINT, MessagePurpose.MARKETING in found[1].purposes),
            (SuppressionReason.UNSUBSCRIBED, True),
            (SuppressionReason.UNSUBSCRIBED, True),
        ] == [
            (found[0].reason, found[0].purposes),
            *((s.reason, MessagePurpose.MARKETING in s.purposes) for s in found[1:]),
        ]
        assert {EXAMPLE} == {s.address_digest for s in found}
        assert {Channel.EMAIL} == {s.channel for s in found}

    def test_group_unsubscribe_scoped_by_the_group_map(self) -> None:
        """A group unsubscribe bars the purposes its group maps to, and names the group."""
        report = parse_sendgrid(load("sendgrid", "events"), groups={"10": ["fundraising"]})
        (group,) = [e for e in report.events if e.name == "group_unsubscribe"]
        assert ("10", frozenset({MessagePurpose.FUNDRAISING})) == (group.group, group.purposes)

    def test_blocked_bounce_does_not_suppress(self) -> None:
        """A bounce SendGrid classes as blocked is recorded, not suppressed."""
        (event,) = parse_sendgrid(load("sendgrid", "blocked_bounce")).events
        assert (EventAction.RECORD, InteractionKind.BOUNCED, None) == (
            event.action,
            event.kind,
            event.suppression(),
        )

    def test_temporary_status_does_not_suppress(self) -> None:
        """A bounce with a 4xx status is temporary: recorded only."""
        item = {"email": "a@example.com", "timestamp": 1, "event": "bounce", "status": "4.2.2"}
        (event,) = parse_sendgrid([item]).events
        assert EventAction.RECORD == event.action


class TestMalformedAndUnknown:
    def test_batch_reports_each_skipped_item_with_its_path(self) -> None:
        """Bad items are skipped with their path and problem; good ones still parse."""
        report = parse_sendgrid(load("sendgrid", "malformed"))
        assert ["delivered", "spamreport"] == [e.name for e in report.events]
        assert [
            ("$[1].event", True),
            ("$[2].timestamp", False),
            ("$[3].email", False),
            ("$[4]", False),
            ("$[5].event", False),
        ] == [(s.path, s.unknown) for s in report.skipped]

    def test_raise_for_skipped_gives_the_typed_error(self) -> None:
        """The first skipped item raises as an UnknownEventError naming its path."""
        report = parse_sendgrid(load("sendgrid", "malformed"))
        with pytest.raises(UnknownEventError, match=r"\$\[1\]\.event"):
            report.raise_for_skipped()

    @pytest.mark.parametrize("body", [b"{not json", b'{"a": 1}', "[", b"\xff"])
    def test_body_not_a_json_list_raises(self, body: bytes | str) -> None:
        """A body that is not a JSON list is a WebhookPayloadError at ``$``."""
        with pytest.raises(WebhookPayloadError) as caught:
            parse_sendgrid(body)
        assert "$" == caught.value.path
        assert caught.value.__cause__ is None
        assert caught.value.__context__ is None

    def test_errors_never_repeat_the_address(self) -> None:
        """No skipped problem and no error message holds the address or the value."""
        secret = "ana.secret@example.org"
        report = parse_sendgrid([{"email": secret, "timestamp": "soon", "event": "open"}])
        (skipped,) = report.skipped
        assert secret not in repr(report)
        assert "soon" not in str(skipped.error())
