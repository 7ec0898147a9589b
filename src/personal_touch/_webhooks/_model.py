"""
What a parsed provider event is, and the report a batch parse returns.

An event carries the digest of the address it concerns, never the address: the app maps
digests to its contacts (:meth:`WebhookReport.interactions` takes that resolver).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

import attrs

from .._channels import Channel
from .._interactions import Interaction, InteractionKind
from .._message import MessagePurpose
from .._suppression import Suppression, SuppressionReason
from ..exceptions import UnknownEventError, WebhookPayloadError

__all__ = ["EventAction", "ProviderEvent", "SkippedItem", "WebhookProvider", "WebhookReport"]


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
    #: The person asked to hear from us again (START, a resubscribe).  Nothing is lifted
    #: here: record a new express consent and remove the suppression yourself.
    OPT_IN = "opt_in"
    #: The person asked for help (HELP, INFO): the carriers require a reply.
    HELP = "help"
    #: A known event with no effect on a contact (processed, queued, deferred).
    NOTE = "note"


@attrs.frozen(kw_only=True)
class ProviderEvent:
    """
    One provider event about one address, as the parsers make it.

    Args:
        provider: Who sent it.
        name: The provider's own name for it (``"bounce"``, ``"HardBounce"``, ``"STOP"``).
        action: What it asks of the app.
        kind: The interaction it records, if any (``None`` for a bare note or an opt-in).
        at: When it happened, an aware UTC datetime (the provider's timestamp, or the
            ``received_at`` you passed where the provider sends none).
        channel: The channel it happened on.
        address_digest: :meth:`~personal_touch.Suppression.digest` of the address.
        reason: Why to suppress, for :attr:`EventAction.SUPPRESS` events.
        purposes: The message purposes the suppression bars; empty for every purpose.
        group: The subscription group or stream it names (a SendGrid ASM group id, a
            Postmark message stream), if any.
        message_id: The provider's id of the message it is about, if any.
        event_id: The provider's id of the event, if any.
        path: Where in the payload it was read (``$[3]``).

    .. versionadded:: 0.3.0
    """

    provider: WebhookProvider
    name: str
    action: EventAction
    kind: InteractionKind | None
    at: dt.datetime
    channel: Channel
    address_digest: str = attrs.field(repr=False)
    reason: SuppressionReason | None = None
    purposes: frozenset[MessagePurpose] = frozenset()
    group: str | None = None
    message_id: str | None = None
    event_id: str | None = None
    path: str = "$"

    @property
    def suppresses(self) -> bool:
        """
        Whether the address must be suppressed at once.
        """
        return self.action is EventAction.SUPPRESS

    def suppression(self) -> Suppression | None:
        """
        The suppression-list entry this event calls for, or ``None``.

        It names the address by its digest, bars :attr:`purposes` on :attr:`channel` and
        holds from :attr:`at` on.
        """
        if self.reason is None or self.action is not EventAction.SUPPRESS:
            return None
        return Suppression(
            address_digest=self.address_digest,
            channel=self.channel,
            purposes=self.purposes,
            reason=self.reason,
            since=self.at,
        )

    def interaction(self, contact_id: str) -> Interaction | None:
        """
        The interaction this event records for *contact_id*, or ``None``.
        """
        if self.kind is None:
            return None
        return Interaction(
            contact_id=contact_id,
            kind=self.kind,
            at=self.at,
            channel=self.channel,
            message_id=self.message_id,
        )


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
            if e.kind is None:
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
