"""
Channels a message travels on and formats a person may prefer.
"""

from __future__ import annotations

import enum


class Channel(enum.StrEnum):
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


class Format(enum.StrEnum):
    """
    The form a person prefers attention to take.

    .. versionadded:: 0.1.0
    """

    TEXT = "text"
    VIDEO = "video"
    CALL = "call"
    IN_PERSON = "in_person"


def optional_channel(value: Channel | str | None) -> Channel | None:
    """
    Convert for attrs: a :class:`Channel` or ``None``.
    """
    return None if value is None else Channel(value)
