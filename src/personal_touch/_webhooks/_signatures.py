"""
Checking that a webhook came from its provider: Mailgun and Twilio HMACs, SendGrid's ECDSA.

Mailgun and Twilio sign with an HMAC the standard library checks.  SendGrid's Signed Event
Webhook signs with ECDSA (P-256, SHA-256), which the standard library cannot verify: that
check runs only where the optional ``cryptography`` package is installed (never a
dependency of this library).  Postmark does not sign (protect the URL with basic auth), and
an SNS signature needs the signing certificate, which this library never fetches.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from importlib import import_module
from typing import Any

from ..exceptions import InvalidFieldError, MissingDependencyError

__all__ = [
    "is_valid_mailgun_signature",
    "is_valid_sendgrid_signature",
    "is_valid_twilio_signature",
]

_DEFAULT_MAX_AGE = dt.timedelta(minutes=5)


def _key(value: str | bytes, field: str) -> bytes:
    if isinstance(value, str) and value:
        return value.encode()
    if isinstance(value, bytes) and value:
        return value
    raise InvalidFieldError(field, "must be a non-empty string or bytes")


def is_valid_mailgun_signature(
    signature: Mapping[str, object],
    *,
    signing_key: str | bytes,
    at: dt.datetime | None = None,
    max_age: dt.timedelta = _DEFAULT_MAX_AGE,
) -> bool:
    """
    Whether a Mailgun webhook's ``signature`` object is genuine (and, given *at*, fresh).

    Mailgun signs ``timestamp`` followed by ``token`` with HMAC-SHA256 keyed by your webhook
    signing key; the hex digest is ``signature``.  Given *at* (when you received it), a
    timestamp more than *max_age* away from it fails too, so a captured request cannot be
    replayed later (also remember the tokens you have seen, to refuse one used twice).

    Args:
        signature: The payload's ``signature`` object (``timestamp``, ``token``,
            ``signature``).
        signing_key: Your Mailgun HTTP webhook signing key.
        at: When you received the request, to refuse stale ones.
        max_age: How far from *at* the timestamp may be.

    .. versionadded:: 0.3.0
    """
    key = _key(signing_key, "signing_key")
    timestamp, token, sent = (signature.get(k) for k in ("timestamp", "token", "signature"))
    if isinstance(timestamp, int):
        timestamp = str(timestamp)
    if not (isinstance(timestamp, str) and isinstance(token, str) and isinstance(sent, str)):
        return False
    expected = hmac.new(key, (timestamp + token).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, sent.lower()):
        return False
    if at is None:
        return True
    try:
        stamp = float(timestamp)
    except ValueError:
        return False
    return abs(at.timestamp() - stamp) <= max_age.total_seconds()


def is_valid_twilio_signature(
    url: str, params: Mapping[str, str], signature: str, *, auth_token: str | bytes
) -> bool:
    """
    Whether a Twilio request's ``X-Twilio-Signature`` header is genuine.

    Twilio signs the full URL it requested (with its query string) followed by each POST
    parameter's name and value, sorted by name, with HMAC-SHA1 keyed by your auth token,
    encoded in Base64.  Pass the URL exactly as Twilio called it (behind a proxy, the public
    one), and every parameter it posted.

    .. versionadded:: 0.3.0
    """
    key = _key(auth_token, "auth_token")
    data = url + "".join(name + params[name] for name in sorted(params))
    expected = base64.b64encode(hmac.new(key, data.encode(), hashlib.sha1).digest()).decode()
    return isinstance(signature, str) and hmac.compare_digest(expected, signature)


def _crypto(name: str) -> Any:
    try:
        return import_module(name)
    except ImportError:
        pass
    raise MissingDependencyError("cryptography", "verifying SendGrid's signed Event Webhook")


def is_valid_sendgrid_signature(
    body: bytes, *, timestamp: str, signature: str, public_key: str
) -> bool:
    """
    Whether a SendGrid Signed Event Webhook request is genuine.

    SendGrid signs the ``X-Twilio-Email-Event-Webhook-Timestamp`` header followed by the raw
    body with ECDSA over P-256 and SHA-256; the Base64 DER signature is in the
    ``X-Twilio-Email-Event-Webhook-Signature`` header.  The standard library cannot verify
    ECDSA: this needs the optional ``cryptography`` package (``pip install cryptography``),
    which this library never installs.

    Args:
        body: The raw request body, byte for byte.
        timestamp: The timestamp header.
        signature: The signature header.
        public_key: The verification key SendGrid shows you (Base64 DER).

    Raises:
        MissingDependencyError: ``cryptography`` is not installed.

    .. versionadded:: 0.3.0
    """
    serialization = _crypto("cryptography.hazmat.primitives.serialization")
    ec = _crypto("cryptography.hazmat.primitives.asymmetric.ec")
    hashes = _crypto("cryptography.hazmat.primitives.hashes")
    exceptions = _crypto("cryptography.exceptions")
    try:
        key = serialization.load_der_public_key(base64.b64decode(public_key, validate=True))
        sig = base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error):
        return False
    try:
        key.verify(sig, timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    except exceptions.InvalidSignature:
        return False
    return True
