"""
Who sends the messages: the facts about the sender that disclosures need.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from typing import Any

import attrs

from ._channels import Channel
from ._validators import boolean
from .exceptions import InvalidFieldError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

#: Characters that may not appear in a disclosure field (line breaks, tabs, controls).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_KEYWORD = re.compile(r"^[A-Za-z0-9]{2,20}$")
_URL_SCHEMES = frozenset({"https", "http", "mailto"})
_MAX_CHARS = 300
#: Channels a reader can reply on.
REPLY_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS, Channel.CHAT, Channel.SOCIAL})


def _text(field: str, *, optional: bool) -> Validator:
    def check(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError(field, "must be a non-empty string")
        if len(value) > _MAX_CHARS:
            raise InvalidFieldError(field, f"must be at most {_MAX_CHARS} characters")
        if _CONTROL.search(value):
            raise InvalidFieldError(field, "must be one line without control characters")

    return check


def _split(value: str) -> urllib.parse.SplitResult | None:
    try:
        return urllib.parse.urlsplit(value)
    except ValueError:
        return None


def _check_url(_instance: Any, _attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or len(value) > _MAX_CHARS:
        raise InvalidFieldError("unsubscribe_url", "must be a URL of at most 300 characters")
    if _CONTROL.search(value) or any(c.isspace() for c in value):
        raise InvalidFieldError("unsubscribe_url", "must not contain spaces or control characters")
    parts = _split(value)
    if parts is None:  # raised outside the except block: urllib's error holds the URL
        raise InvalidFieldError("unsubscribe_url", "is not a valid URL")
    if parts.scheme not in _URL_SCHEMES:
        raise InvalidFieldError("unsubscribe_url", "must be an https, http or mailto URL")
    if parts.scheme != "mailto" and not parts.netloc:
        raise InvalidFieldError("unsubscribe_url", "must name a host")
    if parts.scheme == "mailto" and "@" not in parts.path:
        raise InvalidFieldError("unsubscribe_url", "a mailto URL must name an address")


def _check_keyword(_instance: Any, _attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _KEYWORD.match(value):
        raise InvalidFieldError("sms_keyword", "must be 2 to 20 ASCII letters or digits")


def _check_bool(_instance: Any, _attribute: attrs.Attribute[Any], value: bool) -> None:  # noqa: FBT001
    if not isinstance(value, bool):
        raise InvalidFieldError("reply_opt_out", "must be true or false")


def _strip(value: str) -> str:
    return value.strip() if isinstance(value, str) else value


def _strip_or_none(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class SenderProfile:
    """
    The sender's identity and opt-out mechanisms, configured once and passed to every render.

    :meth:`Template.render <personal_touch.Template.render>` takes from it what the
    decision's disclosures need and the template does not already say: the sender's name
    (:attr:`~personal_touch.values.DisclosureCode.SENDER_IDENTITY`), the postal address
    (:attr:`~personal_touch.values.DisclosureCode.POSTAL_ADDRESS`) and a way to opt out
    (:attr:`~personal_touch.values.DisclosureCode.UNSUBSCRIBE`,
    :attr:`~personal_touch.values.DisclosureCode.SMS_OPT_OUT`).  What the profile cannot supply, render
    refuses with :class:`~personal_touch.exceptions.MissingDisclosureError`.

    Args:
        name: The sender as the reader knows them (``"Northwind Outfitters GmbH"``).
        postal_address: A valid physical postal address, on one line.
        unsubscribe_url: An ``https``, ``http`` or ``mailto`` URL that opts the reader out.
        reply_opt_out: Whether a reply saying "unsubscribe" (e-mail) or "STOP" (SMS) is
            honoured as an opt-out; only then may a message offer replying as the way out.
        sms_keyword: The keyword a text message's reader replies to opt out (``"STOP"``);
            implies that such replies are honoured for SMS.
        reply_to: How to reach the sender (an e-mail address, phone number or web address),
            shown with the sender's name where the law asks for contact details.
        child_directed: Whether the service is directed at children (COPPA, 16 CFR 312.2;
            the UK Children's Code): a contact of unknown age is then treated as a child.
            Give the profile to the policy (``Policy(sender=...)``) for the rules to see it.

    Raises:
        InvalidFieldError: A field is empty, longer than 300 characters, spans lines, or the
            URL or keyword is malformed (the message names the field, never the value).

    >>> import personal_touch as pt
    >>> sender = pt.SenderProfile(
    ...     name="Northwind Outfitters",
    ...     postal_address="1 Harbour Road, Portland, ME 04101, USA",
    ...     unsubscribe_url="https://northwind.example/unsubscribe",
    ... )
    >>> sender.can_opt_out(pt.Channel.EMAIL)
    True

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``child_directed``.
    """

    name: str = attrs.field(converter=_strip, validator=_text("name", optional=False))
    postal_address: str | None = attrs.field(
        default=None, converter=_strip_or_none, validator=_text("postal_address", optional=True)
    )
    unsubscribe_url: str | None = attrs.field(default=None, validator=_check_url)
    reply_opt_out: bool = attrs.field(default=False, validator=_check_bool)
    sms_keyword: str | None = attrs.field(default=None, validator=_check_keyword)
    reply_to: str | None = attrs.field(
        default=None, converter=_strip_or_none, validator=_text("reply_to", optional=True)
    )
    child_directed: bool = attrs.field(default=False, validator=boolean("child_directed"))

    def can_opt_out(self, channel: Channel | str) -> bool:
        """
        Whether the profile offers a reader of *channel* a way to opt out.

        .. versionadded:: 0.1.0
        """
        if self.unsubscribe_url is not None:
            return True
        return self.honours_replies(channel)

    def honours_replies(self, channel: Channel | str) -> bool:
        """
        Whether a reply on *channel* opts the reader out ("unsubscribe", "STOP").

        .. versionadded:: 0.1.0
        """
        ch = Channel(channel)
        if ch not in REPLY_CHANNELS:
            return False
        return self.reply_opt_out or (ch is Channel.SMS and self.sms_keyword is not None)

    def params(self) -> dict[str, str]:
        """
        The disclosure parameters this profile supplies (``sender``, ``address``, ``url``...).

        .. versionadded:: 0.1.0
        """
        out = {"sender": self.name}
        if self.postal_address is not None:
            out["address"] = self.postal_address
        if self.unsubscribe_url is not None:
            out["url"] = self.unsubscribe_url
        if self.sms_keyword is not None:
            out["keyword"] = self.sms_keyword
        if self.reply_to is not None:
            out["contact"] = self.reply_to
        return out
