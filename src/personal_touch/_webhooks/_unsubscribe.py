"""
RFC 8058 one-click unsubscribe: the headers of an outgoing message and the POST that follows.

The link carries an opaque token: your reference for what to unsubscribe (a subscription id,
never an address) and an HMAC-SHA256 of it keyed by a secret only you hold, so nobody can
unsubscribe someone else by guessing a link.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import urllib.parse

import attrs

from ..exceptions import InvalidFieldError, WebhookPayloadError, WebhookSignatureError

__all__ = ["ONE_CLICK", "UnsubscribeLinks", "is_one_click"]

#: The body a one-click POST carries (RFC 8058 section 3.1).
ONE_CLICK = "List-Unsubscribe=One-Click"
_TOKEN = "token"
_WHAT = "unsubscribe token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check_url(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError("base_url", "expected a string")
    parts = urllib.parse.urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or parts.fragment:
        raise InvalidFieldError("base_url", "RFC 8058 needs an https URL without a fragment")


def _check_key(_instance: object, _attribute: attrs.Attribute[bytes], value: bytes) -> None:
    if not isinstance(value, bytes) or len(value) < 16:  # noqa: PLR2004 - 128 bits at least
        raise InvalidFieldError("key", "must be bytes, at least 16 of them")


@attrs.frozen
class UnsubscribeLinks:
    """
    Signed one-click unsubscribe links under one URL, and the check of their POSTs.

    Args:
        base_url: Your https endpoint that receives the one-click POST.
        key: The secret the tokens are signed with (at least 16 random bytes).

    >>> links = UnsubscribeLinks("https://example.com/unsubscribe", key=b"0123456789abcdef")
    >>> headers = links.headers("sub-42")
    >>> headers["List-Unsubscribe-Post"]
    'List-Unsubscribe=One-Click'
    >>> url = headers["List-Unsubscribe"].strip("<>")
    >>> links.verify(url, b"List-Unsubscribe=One-Click")
    'sub-42'

    .. versionadded:: 0.3.0
    """

    base_url: str = attrs.field(validator=_check_url)
    key: bytes = attrs.field(kw_only=True, validator=_check_key, repr=False)

    def token(self, reference: str) -> str:
        """
        The opaque token for *reference* (your id of what to unsubscribe; not an address).
        """
        if not isinstance(reference, str) or not reference:
            raise InvalidFieldError("reference", "must be a non-empty string")
        raw = reference.encode()
        mac = hmac.new(self.key, raw, hashlib.sha256).digest()
        return f"{_b64(raw)}.{_b64(mac)}"

    def url(self, reference: str) -> str:
        """
        The unsubscribe URL for *reference*: :attr:`base_url` with the token in its query.
        """
        parts = urllib.parse.urlsplit(self.base_url)
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        query.append((_TOKEN, self.token(reference)))
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))

    def headers(self, reference: str, *, mailto: str | None = None) -> dict[str, str]:
        """
        The ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers for an outgoing message.

        Args:
            reference: What the link unsubscribes from (your id).
            mailto: A ``mailto:`` URI to list after the https one, if you take e-mail too.
        """
        links = f"<{self.url(reference)}>"
        if mailto is not None:
            if not isinstance(mailto, str) or not mailto.startswith("mailto:"):
                raise InvalidFieldError("mailto", "must be a mailto: URI")
            links += f", <{mailto}>"
        return {"List-Unsubscribe": links, "List-Unsubscribe-Post": ONE_CLICK}

    def reference(self, token: str) -> str:
        """
        The reference a token was signed for.

        Raises:
            WebhookSignatureError: The token is malformed or its signature does not hold.
        """
        raw, _, mac = token.partition(".") if isinstance(token, str) else ("", "", "")
        data: bytes
        sent: bytes
        try:
            data, sent = _unb64(raw), _unb64(mac)
        except (ValueError, binascii.Error):
            data, sent = b"", b""
        expected = hmac.new(self.key, data, hashlib.sha256).digest()
        if not data or not hmac.compare_digest(expected, sent):
            raise WebhookSignatureError(_WHAT)
        try:
            return data.decode()
        except UnicodeDecodeError:
            pass
        raise WebhookSignatureError(_WHAT, "not text")

    def verify(self, url: str, body: bytes | str) -> str:
        """
        Check a one-click POST (the URL it was sent to and its form body); its reference.

        Raises:
            WebhookPayloadError: The body is not ``List-Unsubscribe=One-Click`` (a mail
                client's link scanner fetching the URL with GET or an empty POST is not
                an unsubscribe) or the URL has no token.
            WebhookSignatureError: The token's signature does not hold.
        """
        if not is_one_click(body):
            raise WebhookPayloadError("List-Unsubscribe", "expected the value One-Click")
        tokens = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get(_TOKEN, [])
        if len(tokens) != 1:
            raise WebhookPayloadError(f"$.query.{_TOKEN}", "expected exactly one token")
        return self.reference(tokens[0])


def is_one_click(body: bytes | str) -> bool:
    """
    Whether a form body carries ``List-Unsubscribe=One-Click`` (RFC 8058).

    .. versionadded:: 0.3.0
    """
    if isinstance(body, bytes | bytearray):
        try:
            body = bytes(body).decode()
        except UnicodeDecodeError:
            return False
    if not isinstance(body, str):
        return False
    fields = urllib.parse.parse_qs(body.strip(), keep_blank_values=True)
    return fields.get("List-Unsubscribe") == ["One-Click"]
