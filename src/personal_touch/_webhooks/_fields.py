"""
Reading fields out of decoded webhook payloads, each failure a typed error naming its path.

Errors never carry the value they refused (payloads hold addresses and message text), and
none is chained to a builtin error that would repeat it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from .._message import MessagePurpose, parse_purpose
from .._purposes import MARKETING_PURPOSES
from .._suppression import Suppression
from ..exceptions import (
    InvalidFieldError,
    NaiveDateTimeError,
    UnknownEventError,
    WebhookPayloadError,
)
from ._model import ProviderEvent, SkippedItem, WebhookReport, make_report

__all__ = [
    "collect",
    "decode",
    "digest",
    "epoch",
    "iso",
    "mapping",
    "optional_text",
    "purposes_for",
    "sha256",
    "subscription_for",
    "text",
]

_UTC = dt.UTC


class _Digest(Protocol):
    def hexdigest(self) -> str: ...


def _fastest_sha256() -> Callable[[bytes], _Digest]:
    """
    CPython's own SHA-256 where the build has it, else :func:`hashlib.sha256`.

    The same digests; the built-in one (HACL* from Python 3.12) needs no OpenSSL context
    copied for each ``hexdigest``, a third of the cost of digesting a short address.
    """
    for name in ("_sha2", "_sha256"):  # Python 3.12 on, then 3.11
        try:
            found: Callable[[bytes], _Digest] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):  # pragma: no cover - depends on the build
            continue
        return found
    return hashlib.sha256  # pragma: no cover - a build without the built-in hashes


#: SHA-256 of bytes, as fast as this build can do it.
sha256 = _fastest_sha256()
_MIN_EPOCH = 0.0
_MAX_EPOCH = 253_402_300_799.0  # 9999-12-31T23:59:59Z

#: One batch item: its path and a function parsing it into events (raising on a bad item).
Item = tuple[str, Callable[[], Iterable[ProviderEvent]]]


def decode(payload: object) -> object:
    """
    *payload* decoded from JSON text or bytes; anything else is taken as already decoded.

    Raises:
        WebhookPayloadError: The text is not JSON (``$``).
    """
    if isinstance(payload, bytes | bytearray | str):
        try:
            return json.loads(payload)
        except (ValueError, RecursionError):
            pass  # leave the except block: nothing chained repeats the payload
        raise WebhookPayloadError("$", "not valid JSON text")
    return payload


def mapping(value: object, path: str) -> Mapping[str, object]:
    """
    *value* as a JSON object.
    """
    if type(value) is dict or isinstance(value, Mapping):
        return value
    raise WebhookPayloadError(path, "expected a JSON object")


def text(obj: Mapping[str, object], key: str, path: str) -> str:
    """
    The non-empty string at *key*.
    """
    value = obj.get(key)
    if type(value) is str and value:
        return value
    if value is None:
        raise WebhookPayloadError(f"{path}.{key}", "missing")
    raise WebhookPayloadError(f"{path}.{key}", "expected a non-empty string")


def optional_text(obj: Mapping[str, object], key: str, path: str) -> str | None:
    """
    The string at *key*, or ``None`` when absent, null or empty; a number becomes its text.
    """
    value = obj.get(key)
    if value is None or value == "":
        return None
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    raise WebhookPayloadError(f"{path}.{key}", "expected a string")


def epoch(obj: Mapping[str, object], key: str, path: str) -> dt.datetime:
    """
    The Unix time (seconds, a number or numeric text) at *key*, as an aware UTC datetime.
    """
    value = obj.get(key)
    if type(value) is str:
        try:
            value = float(value)
        except ValueError:
            value = None
    if type(value) is int or type(value) is float:
        seconds = float(value)
        if math.isfinite(seconds) and _MIN_EPOCH <= seconds <= _MAX_EPOCH:
            return dt.datetime.fromtimestamp(seconds, _UTC)
    where = f"{path}.{key}"
    if obj.get(key) is None:
        raise WebhookPayloadError(where, "missing")
    raise WebhookPayloadError(where, "expected a Unix time in seconds")


def iso(obj: Mapping[str, object], key: str, path: str) -> dt.datetime:
    """
    The ISO 8601 instant with an offset at *key*, as an aware UTC datetime.
    """
    value = text(obj, key, path)
    parsed: dt.datetime | None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise WebhookPayloadError(f"{path}.{key}", "expected an ISO 8601 instant with an offset")
    return parsed.astimezone(_UTC)


def digest(address: str, path: str, *, salt: bytes | None, email: bool) -> str:
    """
    The suppression digest of *address* (an e-mail address when *email*).

    The same value as :meth:`~personal_touch.Suppression.digest`; for an unsalted e-mail
    address it skips that method's phone-number check (an address with an ``@`` is never
    one), which is most of the cost when a batch holds thousands of events.
    """
    if email:
        if "@" not in address:
            raise WebhookPayloadError(path, "expected an e-mail address")
        if salt is None:
            return email_digest(address)
    return Suppression.digest(address, salt=salt)


def email_digest(address: str) -> str:
    """
    :meth:`~personal_touch.Suppression.digest` of an unsalted e-mail address (one with an ``@``).

    An address with an ``@`` is never a phone number, so the digest is the normalized text's
    SHA-256 with no phone check; a test keeps it equal to the method.  The SendGrid batch
    loop inlines it (its hot path).
    """
    return sha256(address.strip().casefold().encode()).hexdigest()


def purposes_for(
    group: str | None, groups: Mapping[str, Iterable[MessagePurpose | str]] | None
) -> frozenset[MessagePurpose]:
    """
    The purposes an unsubscribe from *group* bars: the mapped ones, else the marketing ones.
    """
    if group is None or groups is None or group not in groups:
        return MARKETING_PURPOSES
    return frozenset(parse_purpose(p) for p in groups[group])


def subscription_for(group: str | None, subscriptions: Mapping[str, str] | None) -> str | None:
    """
    Your subscription key for the provider's *group* (or stream), if *subscriptions* maps it.

    Raises:
        InvalidFieldError: The key it maps to is not a non-empty string (``subscriptions``).
    """
    if group is None or subscriptions is None:
        return None
    key = subscriptions.get(group)
    if key is None:
        return None
    if type(key) is not str or not key.strip():
        raise InvalidFieldError("subscriptions", "must map group ids to non-empty strings")
    return key


def collect(items: Iterable[Item]) -> WebhookReport:
    """
    Parse every item, keeping the events of the good ones and the path and problem of the rest.
    """
    events: list[ProviderEvent] = []
    skipped: list[SkippedItem] = []
    for _path, parse in items:
        try:
            events.extend(parse())
        except UnknownEventError as error:
            skipped.append(SkippedItem(path=error.path, problem=error.problem, unknown=True))
        except WebhookPayloadError as error:
            skipped.append(SkippedItem(path=error.path, problem=error.problem))
    return make_report(tuple(events), tuple(skipped))


def unknown(path: str, provider: str) -> UnknownEventError:
    """
    The error for an event type *provider* does not send (as far as we know).
    """
    return UnknownEventError(path, f"not a known {provider} event type")


def naive(field: str) -> NaiveDateTimeError:
    """
    The error for a datetime *field* without a time zone.
    """
    return NaiveDateTimeError(field)
