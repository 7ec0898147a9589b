"""
Channels a message travels on and the media of attention a person may prefer.
"""

from __future__ import annotations

from ._validators import StrictStrEnum
from .exceptions import UnknownChannelError


class Channel(StrictStrEnum):
    """
    A way to reach a person.

    .. versionadded:: 0.1.0
    """

    EMAIL = "email"
    SMS = "sms"
    PUSH = "push"
    PHONE = "phone"
    POST = "post"
    SOCIAL = "social"
    CHAT = "chat"
    IN_PERSON = "in_person"

    @property
    def is_electronic(self) -> bool:
        """
        Whether electronic-marketing law (ePrivacy, PECR, CASL, the Spam Act) covers it.
        """
        return self in _ELECTRONIC

    @property
    def is_voice(self) -> bool:
        """
        Whether it is a live or recorded voice call (telemarketing law).
        """
        return self is Channel.PHONE


_ELECTRONIC = frozenset({Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.SOCIAL, Channel.CHAT})


class Medium(StrictStrEnum):
    """
    The medium a person prefers attention to take: a text, a video, a call, a visit.

    Not a render format: a :class:`Channel` carries a message, a medium is the kind of
    attention (``Preferences.preferred_formats`` keeps its serialized name).

    .. versionadded:: 0.1.0
       As ``Format``; renamed ``Medium`` (``personal_touch.Format`` is a deprecated alias).
    """

    TEXT = "text"
    VIDEO = "video"
    CALL = "call"
    IN_PERSON = "in_person"


_BY_VALUE = {c.value: c for c in Channel}
_CHOICES = tuple(sorted(_BY_VALUE))


def parse_channel(value: Channel | str, field: str = "channel") -> Channel:
    """
    *value* as a :class:`Channel`.

    Raises:
        UnknownChannelError: *value* is not a channel; the message lists the valid ones.
    """
    # A lookup, not Channel(value): no exception echoing the input is chained.
    found = _BY_VALUE.get(value) if isinstance(value, str) else None
    if found is None:
        raise UnknownChannelError(field, _CHOICES)
    return found


def optional_channel(value: Channel | str | None) -> Channel | None:
    """
    Convert for attrs: a :class:`Channel` or ``None``.
    """
    return None if value is None else Channel(value)
