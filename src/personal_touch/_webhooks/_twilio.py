"""
Twilio Messaging webhooks: inbound messages (STOP, START, HELP) and status callbacks.

Twilio posts form fields, not JSON, and sends no event time: the caller passes when it
received the request (``received_at``), as every time in this library is injected.
"""

from __future__ import annotations

import datetime as dt
import string
import urllib.parse
from collections.abc import Mapping

from .._channels import Channel
from .._interactions import InteractionKind
from .._suppression import SuppressionReason
from ..exceptions import InvalidFieldError, WebhookPayloadError
from . import _fields as f
from ._model import EventAction, ProviderEvent, WebhookProvider, WebhookReport, event_type

__all__ = ["HELP_KEYWORDS", "OPT_IN_KEYWORDS", "OPT_OUT_KEYWORDS", "keyword_action", "parse_twilio"]

#: Replies that opt out: the keywords US carriers honour (STOP, STOPALL, UNSUBSCRIBE,
#: CANCEL, END, QUIT) and the two more in Twilio's default list (REVOKE, OPTOUT).
OPT_OUT_KEYWORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
#: Replies that opt back in (Twilio's defaults).
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP", "YES"})
#: Replies that ask for help (the carriers require an answer).
HELP_KEYWORDS = frozenset({"HELP", "INFO"})

_K = InteractionKind
_A = EventAction
_R = SuppressionReason
_STATUSES: dict[str, tuple[EventAction, InteractionKind | None]] = {
    "accepted": (_A.NOTE, None),
    "scheduled": (_A.NOTE, None),
    "queued": (_A.NOTE, None),
    "sending": (_A.NOTE, None),
    "sent": (_A.NOTE, None),
    "canceled": (_A.NOTE, None),
    "delivered": (_A.RECORD, _K.DELIVERED),
    "read": (_A.RECORD, _K.OPENED),
    "undelivered": (_A.RECORD, _K.BOUNCED),
    "failed": (_A.RECORD, _K.BOUNCED),
}
#: Error codes of a failed message that suppress: the recipient opted out (21610), the
#: number does not exist (30005) or cannot take texts (30006, a landline).
_ERRORS: dict[str, SuppressionReason] = {
    "21610": _R.UNSUBSCRIBED,
    "30005": _R.BOUNCED,
    "30006": _R.BOUNCED,
}
_STRIP = string.whitespace + string.punctuation


def keyword_action(body: str) -> EventAction:
    """
    What an inbound text asks for: the whole message, trimmed and in any case, is a keyword.

    >>> keyword_action(" Stop "), keyword_action("start"), keyword_action("stop sending")
    (<EventAction.SUPPRESS: 'suppress'>, <EventAction.OPT_IN: 'opt_in'>, <EventAction.RECORD: 'record'>)

    .. versionadded:: 0.3.0
    """
    word = body.strip(_STRIP).upper()
    if word in OPT_OUT_KEYWORDS:
        return _A.SUPPRESS
    if word in OPT_IN_KEYWORDS:
        return _A.OPT_IN
    if word in HELP_KEYWORDS:
        return _A.HELP
    return _A.RECORD


def parse_twilio(
    payload: Mapping[str, str] | bytes | str,
    *,
    received_at: dt.datetime,
    salt: bytes | None = None,
) -> WebhookReport:
    """
    Parse a Twilio Messaging webhook: an inbound message or a status callback.

    An inbound message (``SmsStatus`` ``received``) whose whole body is an opt-out
    keyword (:data:`OPT_OUT_KEYWORDS`) suppresses the sender for every purpose on SMS
    (Twilio itself refuses every later message to them); an opt-in keyword is an opt-in,
    HELP or INFO a help request, anything else a reply.  A status callback records
    deliveries, reads and failures; a failure whose ``ErrorCode`` says the recipient opted
    out or the number does not exist suppresses it.  A ``whatsapp:`` address is on the
    chat channel.

    Args:
        payload: The form fields, or the ``application/x-www-form-urlencoded`` body.
        received_at: When you received the request (Twilio sends no event time).
        salt: Digest addresses keyed by it.

    Raises:
        NaiveDateTimeError: *received_at* has no time zone.

    .. versionadded:: 0.3.0
    """
    if not isinstance(received_at, dt.datetime):
        raise InvalidFieldError("received_at", "expected an aware datetime")
    if received_at.utcoffset() is None:
        raise f.naive("received_at")
    params = _params(payload)
    at = received_at.astimezone(dt.UTC)
    return f.collect((("$", lambda: (_event(params, at, salt),)),))


def _params(payload: Mapping[str, str] | bytes | str) -> Mapping[str, object]:
    if isinstance(payload, bytes | bytearray):
        try:
            payload = payload.decode()
        except UnicodeDecodeError:
            pass
        else:
            return dict(urllib.parse.parse_qsl(payload, keep_blank_values=True))
        raise WebhookPayloadError("$", "not UTF-8 form data")
    if isinstance(payload, str):
        return dict(urllib.parse.parse_qsl(payload, keep_blank_values=True))
    return f.mapping(payload, "$")


def _event(params: Mapping[str, object], at: dt.datetime, salt: bytes | None) -> ProviderEvent:
    status = params.get("MessageStatus", params.get("SmsStatus"))
    if status == "received":
        name, action, kind, reason, key = _inbound(params)
    elif isinstance(status, str) and status in _STATUSES:
        name, action, kind, reason, key = _status(status, params)
    else:
        raise f.unknown("$.MessageStatus", "Twilio")
    address = f.text(params, key, "$")
    channel = Channel.SMS
    if address.startswith("whatsapp:"):
        channel, address = Channel.CHAT, address.removeprefix("whatsapp:")
    return ProviderEvent(
        event_type=event_type(WebhookProvider.TWILIO, name, (action, kind, reason), channel),
        at=at,
        address_digest=f.digest(address, f"$.{key}", salt=salt, email=False),
        group=f.optional_text(params, "MessagingServiceSid", "$"),
        message_id=f.optional_text(params, "MessageSid", "$"),
        path="$",
    )


_Parts = tuple[str, EventAction, InteractionKind | None, SuppressionReason | None, str]


def _inbound(params: Mapping[str, object]) -> _Parts:
    body = params.get("Body", "")
    if not isinstance(body, str):
        raise WebhookPayloadError("$.Body", "expected a string")
    action = keyword_action(body)
    if action is _A.SUPPRESS:
        return "opt_out", action, _K.UNSUBSCRIBED, _R.UNSUBSCRIBED, "From"
    names = {_A.OPT_IN: "opt_in", _A.HELP: "help", _A.RECORD: "reply"}
    return names[action], action, _K.REPLIED, None, "From"


def _status(status: str, params: Mapping[str, object]) -> _Parts:
    action, kind = _STATUSES[status]
    reason = None
    if kind is _K.BOUNCED:
        code = f.optional_text(params, "ErrorCode", "$")
        reason = _ERRORS.get(code or "")
        if reason is not None:
            action = _A.SUPPRESS
            kind = _K.UNSUBSCRIBED if reason is _R.UNSUBSCRIBED else kind
    return status, action, kind, reason, "To"
