"""
SendGrid's Event Webhook: a JSON list of events, each about one recipient.

SendGrid posts events in batches of up to thousands, so the loop reads each well-formed event
on a fast path of plain dictionary reads, and falls back to the typed field readers (which
name the path of what is wrong) only for an event that fails it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .._channels import Channel
from .._interactions import InteractionKind
from .._message import MessagePurpose
from .._purposes import MARKETING_PURPOSES
from .._suppression import SuppressionReason
from ..exceptions import UnknownEventError, WebhookPayloadError
from . import _fields as f
from ._model import (
    EVENT_FIELDS,
    EventAction,
    EventType,
    ProviderEvent,
    SkippedItem,
    Spec,
    WebhookProvider,
    WebhookReport,
    event_type,
    make_event,
)

__all__ = ["parse_sendgrid"]

_K = InteractionKind
_A = EventAction
#: Event name -> (action, interaction kind, suppression reason).
_SPECS: dict[str, Spec] = {
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
_SENDGRID = WebhookProvider.SENDGRID
_EMAIL = Channel.EMAIL
#: Event name -> its shared type (a hard bounce bars every purpose, the rest marketing).
_EVENTS: dict[str, EventType] = {
    name: event_type(
        _SENDGRID, name, spec, _EMAIL, frozenset() if name == "bounce" else MARKETING_PURPOSES
    )
    for name, spec in _SPECS.items()
}
_SOFT = event_type(_SENDGRID, "bounce", (_A.RECORD, _K.BOUNCED, None), _EMAIL)
_UTC = dt.UTC
_MAX_EPOCH = 253_402_300_799
_Groups = Mapping[str, Iterable[MessagePurpose | str]] | None
_Subscriptions = Mapping[str, str] | None
#: The events a group scopes: its own unsubscribe and resubscribe.
_GROUPED = frozenset({"group_unsubscribe", "group_resubscribe"})
#: The events whose type depends on more than their name: a bounce, a group's events.
_VARIANTS = frozenset({"bounce", *_GROUPED})
#: The same without the app's group maps: a group's events are then of their name's type.
_BOUNCE = frozenset({"bounce"})
#: The paths of a batch's first items, made once (SendGrid posts up to a few thousand).
_PATHS_MADE = 4096
_PATHS = tuple(f"$[{i}]" for i in range(_PATHS_MADE))
_new = object.__new__
_SETTERS = tuple(ProviderEvent.__dict__[name].__set__ for name in EVENT_FIELDS)


def parse_sendgrid(
    payload: object,
    *,
    salt: bytes | None = None,
    groups: _Groups = None,
    subscriptions: _Subscriptions = None,
) -> WebhookReport:
    """
    Parse a SendGrid Event Webhook POST body (the JSON list, as text, bytes or decoded).

    ``bounce`` events suppress (every purpose, on e-mail) unless SendGrid classes them as
    ``blocked`` or their status is a 4xx (temporary); ``spamreport``, ``unsubscribe`` and
    ``group_unsubscribe`` suppress the marketing purposes, or for a group unsubscribe the
    purposes *groups* maps its ``asm_group_id`` to.  A group unsubscribe (and a
    ``group_resubscribe``) whose group *subscriptions* maps to one of your subscription keys
    is scoped to it: its suppression bars only messages of that subscription (their
    :attr:`~personal_touch.Message.topic`), and its interaction carries it as its topic.
    Deliveries, opens and clicks are recorded; ``processed``, ``deferred`` and ``dropped``
    are notes.

    Args:
        payload: The request body.
        salt: Digest addresses keyed by it (see :meth:`~personal_touch.Suppression.digest`).
        groups: Your unsubscribe groups (``asm_group_id`` as text) -> the purposes they cover.
        subscriptions: Your unsubscribe groups (``asm_group_id`` as text) -> your
            subscription keys (``{"10": "newsletter.weekly"}``).

    Returns:
        The events, and the items skipped with their path and problem.

    Raises:
        WebhookPayloadError: The body is not JSON or not a list.
        InvalidFieldError: *subscriptions* maps a group to something else than a
            non-empty string.

    .. versionadded:: 0.3.0
    .. versionchanged:: 0.3.0
       *subscriptions*.
    """
    body = f.decode(payload)
    if not isinstance(body, list):
        raise WebhookPayloadError("$", "expected a JSON list of events")
    events: list[ProviderEvent] = []
    skipped: list[SkippedItem] = []
    seen = _Seen({}, {}, groups, subscriptions)
    start = 0
    while start < len(body):
        # The plain events on the fast path; the first one it leaves is parsed (or
        # skipped, with its path and problem) by the careful reader, then on again.
        start = _plain(body, start, salt, seen, events)
        if start < len(body):
            path = _path(start)
            try:
                events.append(_event(body[start], path, salt, seen))
            except UnknownEventError as error:
                skipped.append(SkippedItem(path=error.path, problem=error.problem, unknown=True))
            except WebhookPayloadError as error:
                skipped.append(SkippedItem(path=error.path, problem=error.problem))
            start += 1
    return WebhookReport(events=events, skipped=skipped)


def _plain(
    body: list[object], start: int, salt: bytes | None, seen: _Seen, out: list[ProviderEvent]
) -> int:
    """
    Parse the plain events of *body* from *start* into *out*; where the first other one is.

    Plain: a dict naming a known event, its address text with an ``@`` (and no salt), its
    time a whole second in range, its group a number or absent, its ids text or absent.
    Anything else is left to :func:`_event`, which reads it field by field.  A recipient's
    events come together, mostly in one second: the last address and second are kept.
    """
    if salt is not None:
        return start
    kinds, paths, new, sha256 = _EVENTS, _PATHS, _new, f.sha256
    fromtimestamp, utc, append = dt.datetime.fromtimestamp, _UTC, out.append
    variants = _BOUNCE if seen.groups is None and seen.subscriptions is None else _VARIANTS
    s0, s1, s2, s3, s4, s5, s6 = _SETTERS
    last_address: str | None = None  # no address is None: the first is always digested
    digest, last_stamp, at = "", -1, None
    for i in range(start, len(body)):
        item = body[i]
        if type(item) is not dict:
            return i
        try:
            name, address, stamp = item["event"], item["email"], item["timestamp"]
            kind = kinds[name]
        except (KeyError, TypeError):  # a missing field, an odd event name: read it carefully
            return i
        get = item.get
        message_id, event_id, group = get("sg_message_id"), get("sg_event_id"), get("asm_group_id")
        if (
            type(address) is not str
            or type(stamp) is not int
            or not 0 <= stamp <= _MAX_EPOCH
            or (group is not None and type(group) is not int)
            or (message_id is not None and type(message_id) is not str)
            or (event_id is not None and type(event_id) is not str)
        ):
            return i
        if address != last_address:
            if "@" not in address:
                return i
            digest = sha256(address.strip().casefold().encode()).hexdigest()
            last_address = address
        if stamp != last_stamp:
            at, last_stamp = fromtimestamp(stamp, utc), stamp
        if group is not None:
            group = str(group)
        if name in variants:
            kind = _variant(kind, item, group, seen)
        event = new(ProviderEvent)
        s0(event, kind)
        s1(event, at)
        s2(event, digest)
        s3(event, group)
        s4(event, message_id)
        s5(event, event_id)
        s6(event, paths[i] if i < _PATHS_MADE else f"$[{i}]")
        append(event)
    return len(body)


def _path(i: int) -> str:
    return _PATHS[i] if i < _PATHS_MADE else f"$[{i}]"


class _Seen(NamedTuple):
    """
    What one parse already worked out: a batch repeats addresses and seconds.

    SendGrid posts each recipient's processed, delivered, open and click events together,
    often in the same second: each address is digested, and each second made a datetime,
    once per request.
    """

    digests: dict[str, str]
    times: dict[int, dt.datetime]
    #: The app's group -> purposes map, if any.
    groups: _Groups
    #: The app's group -> subscription key map, if any.
    subscriptions: _Subscriptions


def _event(item: object, path: str, salt: bytes | None, seen: _Seen) -> ProviderEvent:
    if type(item) is not dict:
        item = f.mapping(item, path)  # raises unless a mapping of another type
    get = item.get
    name = get("event")
    kind = _EVENTS.get(name) if type(name) is str else None
    if kind is None:
        f.text(item, "event", path)  # names what is wrong with a missing or odd name
        raise f.unknown(f"{path}.event", "SendGrid")
    address = get("email")
    if type(address) is not str:
        address = f.text(item, "email", path)
    stamp = get("timestamp")
    if type(stamp) is int and 0 <= stamp <= _MAX_EPOCH:
        at = seen.times.get(stamp)
        if at is None:
            at = seen.times[stamp] = dt.datetime.fromtimestamp(stamp, _UTC)
    else:
        at = f.epoch(item, "timestamp", path)
    group = get("asm_group_id")
    if type(group) is int:
        group = str(group)
    elif group is not None:
        group = f.optional_text(item, "asm_group_id", path)
    if name in _VARIANTS:
        kind = _variant(kind, item, group, seen)
    message_id, event_id = get("sg_message_id"), get("sg_event_id")
    digest = seen.digests.get(address)
    if digest is None:
        digest = seen.digests[address] = _digest(address, path, salt)
    return make_event(
        kind,
        at,
        digest,
        group,
        message_id if type(message_id) is str else _text(item, "sg_message_id", path),
        event_id if type(event_id) is str else _text(item, "sg_event_id", path),
        path,
    )


def _variant(
    kind: EventType, item: Mapping[str, object], group: str | None, seen: _Seen
) -> EventType:
    """A soft bounce, or a group event scoped by the app's group maps."""
    if kind.name == "bounce":
        status = item.get("status")
        if item.get("type") == "blocked" or (type(status) is str and status.startswith("4")):
            return _SOFT
        return kind
    groups = seen.groups
    subscription = f.subscription_for(group, seen.subscriptions)
    mapped = groups is not None and group in groups
    if not mapped and subscription is None:
        return kind
    purposes = f.purposes_for(group, groups) if mapped else MARKETING_PURPOSES
    return event_type(
        _SENDGRID, kind.name, _SPECS[kind.name], _EMAIL, purposes, subscription=subscription
    )


def _digest(address: str, path: str, salt: bytes | None) -> str:
    if salt is None and "@" in address:  # Suppression.digest's value, on the fast path
        return f.email_digest(address)
    return f.digest(address, f"{path}.email", salt=salt, email=True)


def _text(item: Mapping[str, object], key: str, path: str) -> str | None:
    return f.optional_text(item, key, path)
