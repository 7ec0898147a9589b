"""
The two standards a policy decides by: the consent it asks for, or the law's floor.
"""

from __future__ import annotations

from ._validators import StrictStrEnum, lookup

__all__ = ["Standard", "optional_standard"]


class Standard(StrictStrEnum):
    """
    What a policy asks before a message may go.

    ``CONSENT_FIRST`` (the default policy) asks for consent (or a basis a pack accepts in its
    place) even where the law itself is an opt-out regime; ``LAW_FLOOR`` permits exactly what
    the law permits, opt-out regimes included (live calls to numbers on no do-not-call
    register, commercial e-mail in the US, e-mail to corporate subscribers in the UK).  A
    reason where the two standards part records which one decided in
    :attr:`~personal_touch.Reason.standard`.

    .. versionadded:: 0.4.0
    """

    #: Consent first: an opt-out regime's permission is noted, not relied on.
    CONSENT_FIRST = "consent_first"
    #: The law's floor: an opt-out regime permits until the person opts out.
    LAW_FLOOR = "law_floor"


def optional_standard(value: Standard | str | None) -> Standard | None:
    """
    Convert for attrs: a :class:`Standard` (by member or value) or ``None``.

    Raises:
        InvalidFieldError: *value* names no standard.
    """
    return None if value is None else lookup(Standard, value, "standard")
