"""
Postmark webhooks: one JSON object per request, its ``RecordType`` naming the event.
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
    ProviderEvent,
    WebhookProvider,
    WebhookReport,
    event_type,
    make_event,
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
    return f.collect((("$", lambda: (_event(body, salt, subscriptions),)),))


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
