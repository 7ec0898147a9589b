"""
Postmark webhooks: one JSON object per request, its ``RecordType`` naming the event.

A well-formed bounce, complaint, delivery, open or click is read on a fast path of plain
dictionary reads; anything else (or anything odd about it) goes to the careful reader, which
names the path of what is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._channels import Channel
from .._interactions import InteractionKind
from .._purposes import MARKETING_PURPOSES
from .._suppression import SuppressionReason
from ..exceptions import WebhookPayloadError
from . import _fields as f
from ._model import (
    EventAction,
    EventType,
    ProviderEvent,
    WebhookProvider,
    WebhookReport,
    event_type,
    make_event,
    make_report,
)

if TYPE_CHECKING:
    from .._message import MessagePurpose

__all__ = ["parse_postmark"]

_K = InteractionKind
_A = EventAction
_R = SuppressionReason
_Spec = tuple[EventAction, InteractionKind | None, SuppressionReason | None]

#: Bounce ``Type`` values that say the address will never take mail (Postmark deactivates it).
_HARD = frozenset({"HardBounce", "BadEmailAddress", "ManuallyDeactivated"})
#: Bounce ``Type`` values that are not bounces at all but a person's reaction.
_REACTIONS: dict[str, _Spec] = {
    "Unsubscribe": (_A.SUPPRESS, _K.UNSUBSCRIBED, _R.UNSUBSCRIBED),
    "SpamComplaint": (_A.SUPPRESS, _K.COMPLAINED, _R.COMPLAINT),
    "SpamNotification": (_A.SUPPRESS, _K.COMPLAINED, _R.COMPLAINT),
    "Subscribe": (_A.OPT_IN, None, None),
}
#: ``SubscriptionChange`` ``SuppressionReason`` -> what it means.
_CHANGES: dict[str, _Spec] = {
    "HardBounce": (_A.SUPPRESS, _K.BOUNCED, _R.BOUNCED),
    "SpamComplaint": (_A.SUPPRESS, _K.COMPLAINED, _R.COMPLAINT),
    "ManualSuppression": (_A.SUPPRESS, _K.UNSUBSCRIBED, _R.UNSUBSCRIBED),
}
_RECORDS: dict[str, tuple[_Spec, str, str]] = {  # RecordType -> (spec, address key, time key)
    "Delivery": ((_A.RECORD, _K.DELIVERED, None), "Recipient", "DeliveredAt"),
    "Open": ((_A.RECORD, _K.OPENED, None), "Recipient", "ReceivedAt"),
    "Click": ((_A.RECORD, _K.CLICKED, None), "Recipient", "ReceivedAt"),
    "SpamComplaint": ((_A.SUPPRESS, _K.COMPLAINED, _R.COMPLAINT), "Email", "BouncedAt"),
}


def parse_postmark(
    payload: object, *, salt: bytes | None = None, subscriptions: Mapping[str, str] | None = None
) -> WebhookReport:
    """
    Parse a Postmark webhook POST body (a Bounce, SpamComplaint, Delivery, Open, Click...).

    A bounce suppresses the address for every purpose on e-mail when its ``Type`` is a
    hard one (``HardBounce``, ``BadEmailAddress``, ``ManuallyDeactivated``) or Postmark
    made the address ``Inactive``; other bounces are recorded only.  Spam complaints and
    unsubscribes suppress the marketing purposes, as does a ``SubscriptionChange`` with
    ``SuppressSending`` true; with ``SuppressSending`` false it is an opt-in.  Postmark
    does not sign its webhooks: protect the URL with basic auth and TLS.

    Postmark keeps its suppressions per message stream.  An unsubscribe (a
    ``SubscriptionChange`` with ``SuppressionReason`` ``ManualSuppression``, or a bounce of
    ``Type`` ``Unsubscribe``) and an opt-in on a ``MessageStream`` that *subscriptions*
    maps to one of your subscription keys are scoped to it: the suppression bars only
    messages of that subscription (:attr:`~personal_touch.Message.topic`).  Complaints and
    hard bounces are never scoped: they bar the marketing purposes, or every purpose, on
    e-mail whatever the stream.

    Args:
        payload: The request body.
        salt: Digest addresses keyed by it (see :meth:`~personal_touch.Suppression.digest`).
        subscriptions: Your message streams (their ids) -> your subscription keys
            (``{"newsletter": "newsletter.weekly"}``).

    Raises:
        WebhookPayloadError: The body is not a JSON object.
        InvalidFieldError: *subscriptions* maps a stream to something else than a
            non-empty string.

    .. versionadded:: 0.3.0
    .. versionchanged:: 0.3.0
       *subscriptions*.
    """
    body = f.mapping(f.decode(payload), "$")
    if salt is None and type(body) is dict:
        event = _plain(body, subscriptions)
        if event is not None:
            return make_report((event,))
    return _careful(body, salt, subscriptions)


def _careful(
    body: Mapping[str, object], salt: bytes | None, subscriptions: Mapping[str, str] | None
) -> WebhookReport:
    """The report of the field-by-field reader (which names the path of what is wrong)."""
    return f.collect((("$", lambda: (_event(body, salt, subscriptions),)),))


#: Postmark's documented bounce ``Type`` values (its Bounce API), not reactions.
_BOUNCES = (
    "HardBounce", "Transient", "AutoResponder", "AddressChange", "DnsError", "OpenRelayTest",
    "Unknown", "SoftBounce", "VirusNotification", "ChallengeVerification", "BadEmailAddress",
    "ManuallyDeactivated", "Unconfirmed", "Blocked", "SMTPApiError", "InboundError",
    "DMARCPolicy", "TemplateRenderingFailed",
)  # fmt: skip
_HARD_SPEC: _Spec = (_A.SUPPRESS, _K.BOUNCED, _R.BOUNCED)
_SOFT_SPEC: _Spec = (_A.RECORD, _K.BOUNCED, None)
_POSTMARK = WebhookProvider.POSTMARK


def _unscoped(name: str, spec: _Spec) -> EventType:
    purposes = frozenset() if spec[2] is _R.BOUNCED else MARKETING_PURPOSES
    return event_type(_POSTMARK, name, spec, Channel.EMAIL, purposes)


#: (bounce ``Type``, whether the address is gone) -> its event type, made once.
_BOUNCE_TYPES: dict[tuple[str, bool], EventType] = {
    (name, hard): _unscoped(name, _HARD_SPEC if hard or name in _HARD else _SOFT_SPEC)
    for name in _BOUNCES
    for hard in (False, True)
}
#: Reactions a stream scopes: plain only when no stream maps to a subscription.
_SCOPED = frozenset({"Unsubscribe", "Subscribe"})
_BOUNCE_TYPES.update(
    {
        (name, hard): _unscoped(name, spec)
        for name, spec in _REACTIONS.items()
        for hard in (False, True)
    }
)
#: Other RecordType -> (its event type, address key, time key).
_PLAIN_RECORDS = {
    name: (_unscoped(name, spec), address_key, time_key)
    for name, (spec, address_key, time_key) in _RECORDS.items()
}
_fromisoformat = dt.datetime.fromisoformat
_UTC = dt.UTC


def _plain(obj: dict[str, object], subscriptions: Mapping[str, str] | None) -> ProviderEvent | None:
    """
    The event of a plain unsalted *obj*, as :func:`_event` reads it; ``None`` for any other.

    Plain: a bounce of a documented ``Type`` (or a complaint, or an unsubscribe no stream
    scopes), a delivery, open, click or spam complaint record, its address text with an
    ``@``, its time ISO 8601 text with an offset, its stream and ids text, a number or absent.
    """
    get = obj.get
    record = get("RecordType")
    if record is None or record == "Bounce":
        name = get("Type")
        if type(name) is not str:
            return None
        kind = _BOUNCE_TYPES.get((name, get("Inactive") is True))
        if kind is None or (name in _SCOPED and subscriptions is not None):
            return None
        address, stamp = get("Email"), get("BouncedAt")
    else:
        found = _PLAIN_RECORDS.get(record) if type(record) is str else None
        if found is None:
            return None
        kind, address_key, time_key = found
        address, stamp = get(address_key), get(time_key)
    stream, message_id, event_id = get("MessageStream"), get("MessageID"), get("ID")
    if (
        type(address) is not str
        or "@" not in address
        or type(stamp) is not str
        or (stream is not None and type(stream) is not str)
        or (message_id is not None and type(message_id) is not str)
    ):
        return None
    if type(event_id) is int:
        event_id = str(event_id)
    elif event_id is not None and type(event_id) is not str:
        return None
    try:
        at = _fromisoformat(stamp)
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return make_event(
        kind,
        at.astimezone(_UTC),
        f.email_digest(address),
        stream or None,
        message_id or None,
        event_id or None,
        "$",
    )


def _event(
    obj: Mapping[str, object], salt: bytes | None, subscriptions: Mapping[str, str] | None
) -> ProviderEvent:
    path = "$"
    record = f.optional_text(obj, "RecordType", path) or "Bounce"
    if record == "Bounce":
        spec, name, address_key, at = _bounce(obj)
    elif record == "SubscriptionChange":
        spec, name, address_key, at = _change(obj)
    elif record in _RECORDS:
        spec, address_key, time_key = _RECORDS[record]
        name, at = record, f.iso(obj, time_key, path)
    else:
        raise f.unknown(f"{path}.RecordType", "Postmark")
    address = f.text(obj, address_key, path)
    purposes: frozenset[MessagePurpose] = (
        frozenset() if spec[2] is _R.BOUNCED else MARKETING_PURPOSES
    )
    stream = f.optional_text(obj, "MessageStream", path)
    scoped = spec[2] is _R.UNSUBSCRIBED or spec[0] is _A.OPT_IN
    subscription = f.subscription_for(stream, subscriptions) if scoped else None
    return make_event(
        event_type(
            WebhookProvider.POSTMARK,
            name,
            spec,
            Channel.EMAIL,
            purposes,
            subscription=subscription,
        ),
        at,
        f.digest(address, f"{path}.{address_key}", salt=salt, email=True),
        stream,
        f.optional_text(obj, "MessageID", path),
        f.optional_text(obj, "ID", path),
        path,
    )


def _bounce(obj: Mapping[str, object]) -> tuple[_Spec, str, str, dt.datetime]:
    kind = f.text(obj, "Type", "$")
    at = f.iso(obj, "BouncedAt", "$")
    if kind in _REACTIONS:
        return _REACTIONS[kind], kind, "Email", at
    if kind in _HARD or obj.get("Inactive") is True:
        return (_A.SUPPRESS, _K.BOUNCED, _R.BOUNCED), kind, "Email", at
    return (_A.RECORD, _K.BOUNCED, None), kind, "Email", at


def _change(obj: Mapping[str, object]) -> tuple[_Spec, str, str, dt.datetime]:
    at = f.iso(obj, "ChangedAt", "$")
    suppress = obj.get("SuppressSending")
    if suppress is False:
        return (_A.OPT_IN, None, None), "SubscriptionChange", "Recipient", at
    if suppress is not True:
        raise WebhookPayloadError("$.SuppressSending", "expected true or false")
    why = f.text(obj, "SuppressionReason", "$")
    spec = _CHANGES.get(why)
    if spec is None:
        raise f.unknown("$.SuppressionReason", "Postmark")
    return spec, "SubscriptionChange", "Recipient", at
