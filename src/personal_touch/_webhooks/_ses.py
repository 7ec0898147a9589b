"""
Amazon SES notifications through SNS: one notification, one or more recipients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from .._channels import Channel
from .._interactions import InteractionKind
from .._purposes import MARKETING_PURPOSES
from .._suppression import SuppressionReason
from ..exceptions import UnknownEventError, WebhookPayloadError
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

__all__ = ["parse_ses"]

_K = InteractionKind
_A = EventAction
_R = SuppressionReason
#: notificationType -> (the object it comes with, its recipients list, the address key).
_SHAPES = {
    "Bounce": ("bounce", "bouncedRecipients", "emailAddress"),
    "Complaint": ("complaint", "complainedRecipients", "emailAddress"),
    "Delivery": ("delivery", "recipients", None),
}


def parse_ses(payload: object, *, salt: bytes | None = None) -> WebhookReport:
    """
    Parse an Amazon SES notification, wrapped in its SNS message or raw.

    The SNS message has ``Type`` ``Notification`` and the SES JSON as text in ``Message``;
    with raw message delivery the body is the SES JSON itself.

    A ``Permanent`` bounce suppresses each bounced recipient for every purpose on e-mail;
    ``Transient`` and ``Undetermined`` bounces are recorded only.  A complaint suppresses
    each complained recipient for the marketing purposes (unless its feedback type is
    ``not-spam``).  A delivery is recorded for each recipient.  The SNS signature is not
    checked here: it needs the signing certificate from the ``SigningCertURL``, which this
    library never fetches; verify it with the AWS SDK, or subscribe over HTTPS only to a
    topic whose policy only SES may publish to.

    Raises:
        WebhookPayloadError: The body is not a JSON object, or the notification as a whole
            is malformed (every recipient in it would be).
        UnknownEventError: It is an SNS ``SubscriptionConfirmation`` (confirm it out of band)
            or a notification type SES does not send.

    .. versionadded:: 0.3.0
    """
    body = f.mapping(f.decode(payload), "$")
    note, path = _unwrap(body)
    name = note.get("notificationType", note.get("eventType"))
    if not isinstance(name, str) or name not in _SHAPES:
        raise UnknownEventError(f"{path}.notificationType", "not a known SES notification type")
    key, recipients_key, address_key = _SHAPES[name]
    detail = f.mapping(note.get(key), f"{path}.{key}")
    at = f.iso(detail, "timestamp", f"{path}.{key}")
    mail = f.mapping(note.get("mail"), f"{path}.mail")
    message_id = f.optional_text(mail, "messageId", f"{path}.mail")
    recipients = detail.get(recipients_key)
    where = f"{path}.{key}.{recipients_key}"
    if not isinstance(recipients, list) or not recipients:
        raise WebhookPayloadError(where, "expected a non-empty list of recipients")
    spec = _spec(name, detail, f"{path}.{key}")
    template = ProviderEvent(
        event_type=event_type(WebhookProvider.SES, name, spec, Channel.EMAIL, _purposes(spec[2])),
        at=at,
        address_digest="",
        message_id=message_id,
        event_id=f.optional_text(detail, "feedbackId", f"{path}.{key}"),
    )
    return f.collect(
        (f"{where}[{i}]", _recipient(template, item, f"{where}[{i}]", address_key, salt))
        for i, item in enumerate(recipients)
    )


def _purposes(reason: SuppressionReason | None) -> frozenset[MessagePurpose]:
    if reason is None or reason is _R.BOUNCED:
        return frozenset()
    return MARKETING_PURPOSES


def _recipient(
    template: ProviderEvent, item: object, path: str, address_key: str | None, salt: bytes | None
) -> Callable[[], Iterable[ProviderEvent]]:
    def parse() -> tuple[ProviderEvent]:
        where = path
        if address_key is None:
            if type(item) is not str or not item:
                raise WebhookPayloadError(where, "expected an e-mail address")
            address = item
        else:
            address = f.text(f.mapping(item, where), address_key, where)
            where = f"{where}.{address_key}"
        digest = f.digest(address, where, salt=salt, email=True)
        return (
            make_event(
                template.event_type,
                template.at,
                digest,
                None,
                template.message_id,
                template.event_id,
                path,
            ),
        )

    return parse


def _unwrap(body: Mapping[str, object]) -> tuple[Mapping[str, object], str]:
    kind = body.get("Type")
    if kind is None:
        return body, "$"
    if kind != "Notification":
        raise UnknownEventError(
            "$.Type",
            "not an SES notification (an SNS subscription message: confirm it out of band)",
        )
    message = f.text(body, "Message", "$")
    return f.mapping(f.decode(message), "$.Message"), "$.Message"


def _spec(
    name: str, detail: Mapping[str, object], path: str
) -> tuple[EventAction, InteractionKind | None, SuppressionReason | None]:
    if name == "Delivery":
        return _A.RECORD, _K.DELIVERED, None
    if name == "Complaint":
        if detail.get("complaintFeedbackType") == "not-spam":
            return _A.NOTE, None, None
        return _A.SUPPRESS, _K.COMPLAINED, _R.COMPLAINT
    bounce = f.text(detail, "bounceType", path)
    if bounce == "Permanent":
        return _A.SUPPRESS, _K.BOUNCED, _R.BOUNCED
    if bounce in {"Transient", "Undetermined"}:
        return _A.RECORD, _K.BOUNCED, None
    raise UnknownEventError(f"{path}.bounceType", "not a known SES bounce type")
