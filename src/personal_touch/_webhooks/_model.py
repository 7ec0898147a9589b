"""
What a parsed provider event is, and the report a batch parse returns.

An event carries the digest of the address it concerns, never the address: the app maps
digests to its contacts (:meth:`WebhookReport.interactions` takes that resolver).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable

import attrs

from .._channels import Channel
from .._interactions import Interaction, InteractionKind
from .._message import MessagePurpose
from .._suppression import Suppression, SuppressionReason
from ..exceptions import UnknownEventError, WebhookPayloadError

__all__ = [
    "EVENT_FIELDS",
    "EventAction",
    "EventType",
    "ProviderEvent",
    "SkippedItem",
    "Spec",
    "WebhookProvider",
    "WebhookReport",
    "event_type",
    "make_event",
    "make_report",
]


class WebhookProvider(enum.StrEnum):
    """
    A provider whose webhook payloads this library reads.

    .. versionadded:: 0.3.0
    """

    SENDGRID = "sendgrid"
    MAILGUN = "mailgun"
    POSTMARK = "postmark"
    SES = "ses"
    TWILIO = "twilio"


class EventAction(enum.StrEnum):
    """
    What an event asks of the app.

    .. versionadded:: 0.3.0
    """

    #: Suppress the address at once (an unsubscribe, a complaint, a hard bounce, a STOP).
    SUPPRESS = "suppress"
    #: Record the interaction; nothing else changes (a delivery, an open, a soft bounce).
    RECORD = "record"
    #: The person asked to hear from us again (START, a resubscribe).  Record it as a new
    #: express consent grant: given after the suppression, it lifts what it covers.
    OPT_IN = "opt_in"
    #: The person asked for help (HELP, INFO): the carriers require a reply.
    HELP = "help"
    #: A known event with no effect on a contact (processed, queued, deferred).
    NOTE = "note"


@attrs.frozen(kw_only=True)
class EventType:
    """
    A kind of provider event and what it asks of you, shared by every event of that kind.

    Args:
        provider: Who sends it.
        name: The provider's own name for it (``"bounce"``, ``"HardBounce"``, ``"opt_out"``).
        action: What it asks of the app.
        kind: The interaction it records, if any (``None`` for a bare note or an opt-in).
        channel: The channel it happens on.
        reason: Why to suppress, for :attr:`EventAction.SUPPRESS` events.
        purposes: The message purposes the suppression bars; empty for every purpose.
        subscription: Your subscription key its group or stream maps to (the
            ``subscriptions=`` you gave the parser), for an unsubscribe or opt-in scoped
            to it; ``None`` when it concerns every message.

    .. versionadded:: 0.3.0
    .. versionchanged:: 0.3.0
       ``subscription``.
    """

    provider: WebhookProvider
    name: str
    action: EventAction
    kind: InteractionKind | None
    channel: Channel
    reason: SuppressionReason | None = None
    purposes: frozenset[MessagePurpose] = frozenset()
    subscription: str | None = None


#: (action, interaction kind, suppression reason): how a parser describes an event.
Spec = tuple[EventAction, InteractionKind | None, SuppressionReason | None]


@functools.lru_cache(maxsize=1024)
def event_type(
    provider: WebhookProvider,
    name: str,
    spec: Spec,
    channel: Channel,
    purposes: frozenset[MessagePurpose] = frozenset(),
    *,
    subscription: str | None = None,
) -> EventType:
    """
    The shared :class:`EventType` for these values (made once, kept in a bounded cache).
    """
    action, kind, reason = spec
    return EventType(
        provider=provider,
        name=name,
        action=action,
        kind=kind,
        channel=channel,
        reason=reason,
        purposes=purposes if reason is not None else frozenset(),
        subscription=subscription,
    )


@attrs.frozen(kw_only=True)
class ProviderEvent:
    """
    One provider event about one address, as the parsers make it.

    Args:
        event_type: What kind of event it is and what it asks of you (its
            :attr:`action`, :attr:`kind`, :attr:`reason`... read through to it).
        at: When it happened, an aware UTC datetime (the provider's timestamp, or the
            ``received_at`` you passed where the provider sends none).
        address_digest: :meth:`~personal_touch.Suppression.digest` of the address.
        group: The subscription group or stream it names (a SendGrid ASM group id, a
            Postmark message stream, a Twilio messaging service), if any.
        message_id: The provider's id of the message it is about, if any.
        event_id: The provider's id of the event, if any.
        path: Where in the payload it was read (``$[3]``).

    .. versionadded:: 0.3.0
    """

    event_type: EventType
    at: dt.datetime
    address_digest: str = attrs.field(repr=False)
    group: str | None = None
    message_id: str | None = None
    event_id: str | None = None
    path: str = "$"

    @property
    def provider(self) -> WebhookProvider:
        """
        Who sent it.
        """
        return self.event_type.provider

    @property
    def name(self) -> str:
        """
        The provider's own name for it.
        """
        return self.event_type.name

    @property
    def action(self) -> EventAction:
        """
        What it asks of the app.
        """
        return self.event_type.action

    @property
    def kind(self) -> InteractionKind | None:
        """
        The interaction it records, if any.
        """
        return self.event_type.kind

    @property
    def channel(self) -> Channel:
        """
        The channel it happened on.
        """
        return self.event_type.channel

    @property
    def reason(self) -> SuppressionReason | None:
        """
        Why to suppress, for a suppressing event.
        """
        return self.event_type.reason

    @property
    def purposes(self) -> frozenset[MessagePurpose]:
        """
        The message purposes its suppression bars; empty for every purpose.
        """
        return self.event_type.purposes

    @property
    def subscription(self) -> str | None:
        """
        Your subscription key its group or stream maps to, when scoped to one.

        .. versionadded:: 0.3.0
        """
        return self.event_type.subscription

    @property
    def suppresses(self) -> bool:
        """
        Whether the address must be suppressed at once.
        """
        return self.event_type.action is EventAction.SUPPRESS

    def suppression(self) -> Suppression | None:
        """
        The suppression-list entry this event calls for, or ``None``.

        It names the address by its digest, bars :attr:`purposes` on :attr:`channel` (for
        messages of :attr:`subscription` only, when it has one) and holds from :attr:`at` on.
        """
        t = self.event_type
        if t.reason is None or t.action is not EventAction.SUPPRESS:
            return None
        return Suppression(
            address_digest=self.address_digest,
            channel=t.channel,
            purposes=t.purposes,
            reason=t.reason,
            since=self.at,
            subscription=t.subscription,
        )

    def interaction(self, contact_id: str) -> Interaction | None:
        """
        The interaction this event records for *contact_id*, or ``None``.

        Its topic and its subscription are the event's :attr:`subscription`, if any: an
        unsubscribe from one group or stream is scoped to it.
        """
        t = self.event_type
        if t.kind is None:
            return None
        return Interaction(
            contact_id=contact_id,
            kind=t.kind,
            at=self.at,
            channel=t.channel,
            topic=t.subscription,
            message_id=self.message_id,
            subscription=t.subscription,
        )


#: :class:`ProviderEvent`'s fields, in the order :func:`make_event` takes them.
EVENT_FIELDS = ("event_type", "at", "address_digest", "group", "message_id", "event_id", "path")
_SETTERS = tuple(ProviderEvent.__dict__[name].__set__ for name in EVENT_FIELDS)
_new = object.__new__


def make_event(  # noqa: PLR0917 - positional on purpose: the parsers' hot path
    kind: EventType,
    at: dt.datetime,
    address_digest: str,
    group: str | None,
    message_id: str | None,
    event_id: str | None,
    path: str,
) -> ProviderEvent:
    """
    ``ProviderEvent(event_type=kind, at=at, ...)``, made about five times faster.

    The class has no validators or converters to skip: this only sets its slots through
    their descriptors instead of attrs' frozen ``object.__setattr__`` per field, which is
    most of the cost of parsing a batch of thousands of events.
    """
    event = _new(ProviderEvent)
    s0, s1, s2, s3, s4, s5, s6 = _SETTERS
    s0(event, kind)
    s1(event, at)
    s2(event, address_digest)
    s3(event, group)
    s4(event, message_id)
    s5(event, event_id)
    s6(event, path)
    return event


@attrs.frozen(kw_only=True)
class SkippedItem:
    """
    An item of a batch that could not be parsed, and why.

    Args:
        path: Where in the payload (``$[3].event``).
        problem: What is wrong (never the value).
        unknown: Whether the item is an event type we do not know (rather than malformed).

    .. versionadded:: 0.3.0
    """

    path: str
    problem: str
    unknown: bool = False

    def error(self) -> WebhookPayloadError:
        """
        The typed error this item would raise on its own.
        """
        cls = UnknownEventError if self.unknown else WebhookPayloadError
        return cls(self.path, self.problem)


def _events(values: tuple[ProviderEvent, ...] | list[ProviderEvent]) -> tuple[ProviderEvent, ...]:
    return tuple(values)


def _skipped(values: tuple[SkippedItem, ...] | list[SkippedItem]) -> tuple[SkippedItem, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class WebhookReport:
    """
    What a parse found: the events, in payload order, and the items it skipped.

    .. versionadded:: 0.3.0
    """

    events: tuple[ProviderEvent, ...] = attrs.field(default=(), converter=_events)
    skipped: tuple[SkippedItem, ...] = attrs.field(default=(), converter=_skipped)

    def suppressions(self) -> tuple[Suppression, ...]:
        """
        The suppression-list entries the events call for, in payload order.
        """
        return tuple(s for e in self.events if (s := e.suppression()) is not None)

    def interactions(self, resolve: Callable[[str], str | None]) -> tuple[Interaction, ...]:
        """
        The interactions the events record, for the contacts *resolve* finds.

        Args:
            resolve: Maps an address digest to your contact id, or ``None`` for an
                address you do not know (its events record nothing).
        """
        out = []
        for e in self.events:
            if e.event_type.kind is None:
                continue
            contact_id = resolve(e.address_digest)
            if contact_id is not None and (i := e.interaction(contact_id)) is not None:
                out.append(i)
        return tuple(out)

    def raise_for_skipped(self) -> None:
        """
        Raise the error of the first skipped item, if any.

        Raises:
            UnknownEventError: The first skipped item is an unknown event type.
            WebhookPayloadError: The first skipped item is malformed.
        """
        if self.skipped:
            raise self.skipped[0].error()


_REPORT_EVENTS = WebhookReport.__dict__["events"].__set__
_REPORT_SKIPPED = WebhookReport.__dict__["skipped"].__set__


def make_report(
    events: tuple[ProviderEvent, ...], skipped: tuple[SkippedItem, ...] = ()
) -> WebhookReport:
    """
    ``WebhookReport(events=events, skipped=skipped)`` for tuples, without the converters.

    A one-event request (Mailgun, Postmark, SES, Twilio) is parsed in a few microseconds,
    and attrs' frozen ``__init__`` with its two converters was a sixth of that.
    """
    report = _new(WebhookReport)
    _REPORT_EVENTS(report, events)
    _REPORT_SKIPPED(report, skipped)
    return report
