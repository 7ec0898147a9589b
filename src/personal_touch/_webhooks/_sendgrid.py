"""
SendGrid's Event Webhook: a JSON list of events, each about one recipient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from .._channels import Channel
from .._interactions import InteractionKind
from .._purposes import MARKETING_PURPOSES
from .._suppression import SuppressionReason
from ..exceptions import WebhookPayloadError
from . import _fields as f
from ._model import EventAction, ProviderEvent, WebhookProvider, WebhookReport

if TYPE_CHECKING:
    from .._message import MessagePurpose

__all__ = ["parse_sendgrid"]

_K = InteractionKind
_A = EventAction
#: Event name -> (action, interaction kind, suppression reason).
_EVENTS: dict[str, tuple[EventAction, InteractionKind | None, SuppressionReason | None]] = {
    "processed": (_A.NOTE, None, None),
    "deferred": (_A.NOTE, None, None),
    "dropped": (_A.NOTE, None, None),
    "delivered": (_A.RECORD, _K.DELIVERED, None),
    "open": (_A.RECORD, _K.OPENED, None),
    "click": (_A.RECORD, _K.CLICKED, None),
    "bounce": (_A.SUPPRESS, _K.BOUNCED, SuppressionReason.BOUNCED),
    "spamreport": (_A.SUPPRESS, _K.COMPLAINED, SuppressionReason.COMPLAINT),
    "unsubscribe": (_A.SUPPRESS, _K.UNSUBSCRIBED, SuppressionReason.UNSUBSCRIBED),
    "group_unsubscribe": (_A.SUPPRESS, _K.UNSUBSCRIBED, SuppressionReason.UNSUBSCRIBED),
    "group_resubscribe": (_A.OPT_IN, None, None),
}
_SOFT = (_A.RECORD, _K.BOUNCED, None)


def parse_sendgrid(
    payload: object,
    *,
    salt: bytes | None = None,
    groups: Mapping[str, Iterable[MessagePurpose | str]] | None = None,
) -> WebhookReport:
    """
    Parse a SendGrid Event Webhook POST body (the JSON list, as text, bytes or decoded).

    ``bounce`` events suppress (every purpose, on e-mail) unless SendGrid classes them as
    ``blocked`` or their status is a 4xx (temporary); ``spamreport``, ``unsubscribe`` and
    ``group_unsubscribe`` suppress the marketing purposes, or for a group unsubscribe the
    purposes *groups* maps its ``asm_group_id`` to.  Deliveries, opens and clicks are
    recorded; ``processed``, ``deferred`` and ``dropped`` are notes.

    Args:
        payload: The request body.
        salt: Digest addresses keyed by it (see :meth:`~personal_touch.Suppression.digest`).
        groups: Your unsubscribe groups (``asm_group_id`` as text) -> the purposes they cover.

    Returns:
        The events, and the items skipped with their path and problem.

    Raises:
        WebhookPayloadError: The body is not JSON or not a list.

    .. versionadded:: 0.3.0
    """
    body = f.decode(payload)
    if not isinstance(body, list):
        raise WebhookPayloadError("$", "expected a JSON list of events")
    return f.collect(
        (f"$[{i}]", _one(item, f"$[{i}]", salt, groups)) for i, item in enumerate(body)
    )


def _one(
    item: object,
    path: str,
    salt: bytes | None,
    groups: Mapping[str, Iterable[MessagePurpose | str]] | None,
) -> Callable[[], Iterable[ProviderEvent]]:
    return lambda: (_event(item, path, salt, groups),)


def _event(
    item: object,
    path: str,
    salt: bytes | None,
    groups: Mapping[str, Iterable[MessagePurpose | str]] | None,
) -> ProviderEvent:
    obj = f.mapping(item, path)
    name = f.text(obj, "event", path)
    spec = _EVENTS.get(name)
    if spec is None:
        raise f.unknown(f"{path}.event", "SendGrid")
    address = f.text(obj, "email", path)
    at = f.epoch(obj, "timestamp", path)
    group = f.optional_text(obj, "asm_group_id", path)
    purposes = MARKETING_PURPOSES
    if name == "bounce":
        status = f.optional_text(obj, "status", path) or ""
        if obj.get("type") == "blocked" or status.startswith("4"):
            spec = _SOFT
        purposes = frozenset()
    elif name == "group_unsubscribe":
        purposes = f.purposes_for(group, groups)
    action, kind, reason = spec
    return ProviderEvent(
        provider=WebhookProvider.SENDGRID,
        name=name,
        action=action,
        kind=kind,
        at=at,
        channel=Channel.EMAIL,
        address_digest=f.digest(address, f"{path}.email", salt=salt, email=True),
        reason=reason,
        purposes=purposes if reason is not None else frozenset(),
        group=group,
        message_id=f.optional_text(obj, "sg_message_id", path),
        event_id=f.optional_text(obj, "sg_event_id", path),
        path=path,
    )
