"""
Mailgun webhooks: one JSON object per request, a ``signature`` beside the ``event-data``.
"""

from __future__ import annotations

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

__all__ = ["parse_mailgun"]

_K = InteractionKind
_A = EventAction
_EVENTS: dict[str, tuple[EventAction, InteractionKind | None, SuppressionReason | None]] = {
    "accepted": (_A.NOTE, None, None),
    "rejected": (_A.NOTE, None, None),
    "stored": (_A.NOTE, None, None),
    "delivered": (_A.RECORD, _K.DELIVERED, None),
    "opened": (_A.RECORD, _K.OPENED, None),
    "clicked": (_A.RECORD, _K.CLICKED, None),
    "failed": (_A.SUPPRESS, _K.BOUNCED, SuppressionReason.BOUNCED),
    "unsubscribed": (_A.SUPPRESS, _K.UNSUBSCRIBED, SuppressionReason.UNSUBSCRIBED),
    "complained": (_A.SUPPRESS, _K.COMPLAINED, SuppressionReason.COMPLAINT),
}
_TEMPORARY = (_A.RECORD, _K.BOUNCED, None)
_PATH = "$.event-data"


def parse_mailgun(payload: object, *, salt: bytes | None = None) -> WebhookReport:
    """
    Parse a Mailgun webhook POST body (``{"signature": ..., "event-data": ...}``).

    A ``failed`` event with ``severity`` ``permanent`` suppresses the address for every
    purpose on e-mail; a ``temporary`` one is recorded as a bounce only.  ``unsubscribed``
    and ``complained`` suppress the marketing purposes.  Check the signature first with
    :func:`~personal_touch.webhooks.is_valid_mailgun_signature`.

    Raises:
        WebhookPayloadError: The body is not a JSON object.

    .. versionadded:: 0.3.0
    """
    body = f.mapping(f.decode(payload), "$")
    return f.collect(((_PATH, lambda: (_event(body.get("event-data"), salt),)),))


def _event(item: object, salt: bytes | None) -> ProviderEvent:
    path = _PATH
    obj = f.mapping(item, path)
    name = f.text(obj, "event", path)
    spec = _EVENTS.get(name)
    if spec is None:
        raise f.unknown(f"{path}.event", "Mailgun")
    address = f.text(obj, "recipient", path)
    at = f.epoch(obj, "timestamp", path)
    purposes = MARKETING_PURPOSES
    if name == "failed":
        severity = f.text(obj, "severity", path)
        if severity == "temporary":
            spec = _TEMPORARY
        elif severity != "permanent":
            raise WebhookPayloadError(f"{path}.severity", "expected permanent or temporary")
        purposes = frozenset()
    message = obj.get("message")
    headers = message.get("headers") if isinstance(message, dict) else None
    message_id = (
        f.optional_text(headers, "message-id", f"{path}.message.headers")
        if isinstance(headers, dict)
        else None
    )
    return make_event(
        event_type(WebhookProvider.MAILGUN, name, spec, Channel.EMAIL, purposes),
        at,
        f.digest(address, f"{path}.recipient", salt=salt, email=True),
        None,
        message_id,
        f.optional_text(obj, "id", path),
        path,
    )
