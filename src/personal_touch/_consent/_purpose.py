"""
The closed vocabulary of grant purposes: the :class:`Purpose` enum and the keys it implies.
"""

from __future__ import annotations

from .._channels import Channel
from .._facts import Sensitivity
from .._validators import StrictStrEnum
from ..exceptions import UnknownPurposeError

__all__ = ["CHANNEL_VALUES", "QUESTIONS", "Purpose", "Question", "question", "split"]


class Purpose(StrictStrEnum):
    """
    The well-known grant purposes (dotted keys); the vocabulary they span is closed.

    A grant for a broader purpose covers narrower ones: ``marketing`` covers
    ``marketing.email``.  The purposes a message may rest on (``marketing``,
    ``relationship``, ``fundraising``, ``consent_request``, ``survey``) may end in a
    segment naming a :class:`Channel`, which restricts the grant to that channel, so
    ``marketing.email`` covers purpose ``marketing`` on :attr:`Channel.EMAIL`.  Every
    other purpose is one of the members below, or ``personalization.sensitive.<category>``
    (see :meth:`sensitive`).  A typo (``marketing.emial``, ``marketing.email.extra``) is an
    :class:`~personal_touch.exceptions.UnknownPurposeError`, never a silent grant.

    Members are strings (a :class:`enum.StrEnum`): ``Purpose.MARKETING_EMAIL ==
    "marketing.email"``, and grants, JSON and reasons hold the plain string.  The
    vocabulary is wider than the members (``survey.sms``,
    ``personalization.sensitive.health``): :meth:`parse` and :meth:`is_valid` accept all of
    it, ``Purpose(value)`` looks up a member.

    >>> Purpose.parse("marketing.sms")
    'marketing.sms'
    >>> Purpose.is_valid("marketing.emial")
    False
    >>> Purpose.MARKETING_SMS == "marketing.sms"
    True

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A :class:`enum.StrEnum` (it was a class of string constants).
    """

    MARKETING = "marketing"
    MARKETING_EMAIL = "marketing.email"
    MARKETING_SMS = "marketing.sms"
    MARKETING_PHONE = "marketing.phone"
    MARKETING_POST = "marketing.post"
    MARKETING_PUSH = "marketing.push"
    RELATIONSHIP = "relationship"
    FUNDRAISING = "fundraising"
    CONSENT_REQUEST = "consent_request"
    SURVEY = "survey"
    PERSONALIZATION_PROFILE = "personalization.profile"
    PERSONALIZATION_BEHAVIOUR = "personalization.behaviour"
    PERSONALIZATION_SENSITIVE = "personalization.sensitive"
    THIRD_PARTY_ENRICHMENT = "personalization.third_party"
    DATA_SALE = "data.sale"
    DATA_SHARING = "data.sharing"
    CUSTOM_AUDIENCE = "advertising.custom_audience"

    @staticmethod
    def sensitive(category: Sensitivity | str) -> str:
        """
        The purpose for explicit consent to use one special category.

        For example ``personalization.sensitive.health``.
        """
        return f"{_SENSITIVE}.{Sensitivity(category).value}"

    @staticmethod
    def is_valid(value: object) -> bool:
        """
        Whether *value* is a purpose of the vocabulary.
        """
        return isinstance(value, str) and value in QUESTIONS

    @staticmethod
    def parse(value: object, field: str = "purpose") -> str:
        """
        *value* if it is a purpose of the vocabulary (idempotent).

        Raises:
            UnknownPurposeError: It is not; the message lists the valid purposes and never
                repeats *value*.
        """
        if isinstance(value, str) and value in QUESTIONS:
            return value
        raise UnknownPurposeError(field, _PURPOSE_CHOICES, summary=_PURPOSE_SUMMARY)

    @staticmethod
    def choices() -> tuple[str, ...]:
        """
        Every purpose of the vocabulary, sorted.
        """
        return _PURPOSE_CHOICES


_SENSITIVE = Purpose.PERSONALIZATION_SENSITIVE.value
#: The values of :class:`Channel`: a last segment naming one restricts a purpose to it.
CHANNEL_VALUES = frozenset(c.value for c in Channel)
#: Purposes a message may rest on: they may name a channel in a last segment.
_CHANNELLED = tuple(
    p.value
    for p in (
        Purpose.CONSENT_REQUEST,
        Purpose.FUNDRAISING,
        Purpose.MARKETING,
        Purpose.RELATIONSHIP,
        Purpose.SURVEY,
    )
)
_PLAIN = tuple(
    p.value
    for p in (
        Purpose.CUSTOM_AUDIENCE,
        Purpose.DATA_SALE,
        Purpose.DATA_SHARING,
        Purpose.PERSONALIZATION_BEHAVIOUR,
        Purpose.PERSONALIZATION_PROFILE,
        Purpose.PERSONALIZATION_SENSITIVE,
        Purpose.THIRD_PARTY_ENRICHMENT,
    )
)


def split(purpose: str) -> tuple[str, Channel | None]:
    """
    *purpose* without a last segment naming a channel, and that channel (or ``None``).

    ``"marketing.sms"`` is ``("marketing", Channel.SMS)``; ``"data.sale"`` is itself.
    """
    head, _, last = purpose.rpartition(".")
    if head and last in CHANNEL_VALUES:
        return head, Channel(last)
    return purpose, None


#: A question about a purpose: its head, the channel it names, the heads that cover it.
Question = tuple[str, Channel | None, tuple[str, ...]]


def _question(purpose: str) -> Question:
    head, named = split(purpose)
    parts = head.split(".")
    return head, named, tuple(".".join(parts[: i + 1]) for i in range(len(parts)))


#: Every purpose of the vocabulary, with what asking about it means (never modified).
QUESTIONS: dict[str, Question] = {
    p: _question(p)
    for p in (
        *_CHANNELLED,
        *(f"{p}.{c}" for p in _CHANNELLED for c in sorted(CHANNEL_VALUES)),
        *_PLAIN,
        *(f"{_SENSITIVE}.{s.value}" for s in Sensitivity),
    )
}
_PURPOSE_CHOICES = tuple(sorted(QUESTIONS))
_PURPOSE_SUMMARY = (
    f"{', '.join(_CHANNELLED)} (each optionally followed by .<channel>: "
    f"{', '.join(sorted(CHANNEL_VALUES))}), {', '.join(_PLAIN)}, "
    f"{_SENSITIVE}.<category> "
    f"({', '.join(s.value for s in Sensitivity)})"
)


def question(purpose: object, field: str = "purpose") -> Question:
    """
    What asking about *purpose* means: its head, the channel it names, the covering heads.

    A grant whose own purpose (without a channel it names) is one of the covering heads
    covers *purpose*: ``personalization.sensitive.health`` is covered by grants for
    ``personalization``, ``personalization.sensitive`` and itself.

    Raises:
        UnknownPurposeError: *purpose* is not in the vocabulary.
    """
    found = QUESTIONS.get(purpose) if isinstance(purpose, str) else None
    if found is None:
        raise UnknownPurposeError(field, _PURPOSE_CHOICES, summary=_PURPOSE_SUMMARY)
    return found
