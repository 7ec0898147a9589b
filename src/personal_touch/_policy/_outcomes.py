"""
What a rule returns: the outcomes the engine combines into a decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias, Union

import attrs
import pendulum

from .._consent import ConsentGrant
from .._decision import Disclosure
from .._levels import Level
from .._standard import Standard, optional_standard

__all__ = ["Cap", "Defer", "Deny", "Disclose", "Note", "Outcome", "Permit", "Withhold"]


def _grant_tuple(values: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    return tuple(values)


@attrs.frozen
class Permit:
    """
    An applicable permission: the message's purpose may use its channel.

    Without any permit (from a core rule, or from a pack rule when the contact's
    jurisdiction is known) a non-transactional message is denied (fail closed).
    *standard* names the standard whose permission this is, when only one gives it (an
    opt-out regime permits under :attr:`~personal_touch.rules.Standard.LAW_FLOOR` only).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``standard``.
    """

    rule: str
    code: str
    message: str
    grants: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=_grant_tuple)
    citation: str | None = None
    standard: Standard | None = attrs.field(default=None, converter=optional_standard, kw_only=True)


@attrs.frozen
class Deny:
    """
    The message may not go.  Any deny wins.

    .. versionadded:: 0.1.0
    """

    rule: str
    code: str
    message: str
    citation: str | None = None
    hint: str | None = None


@attrs.frozen
class Defer:
    """
    Not now: the message may go no earlier than *not_before*.

    The engine takes the latest ``not_before`` of all defers and asks every rule again at
    that instant, until no rule defers further, so the answer satisfies every window.

    .. versionadded:: 0.1.0
    """

    rule: str
    code: str
    message: str
    not_before: pendulum.DateTime
    citation: str | None = None
    hint: str | None = None


@attrs.frozen
class Cap:
    """
    The message may be at most *level* personal.

    .. versionadded:: 0.1.0
    """

    rule: str
    code: str
    message: str
    level: Level
    citation: str | None = None
    hint: str | None = None


@attrs.frozen
class Withhold:
    """
    The content fact *key* may not be used; the level drops to what the rest support.

    .. versionadded:: 0.1.0
    """

    rule: str
    code: str
    message: str
    key: str
    citation: str | None = None


@attrs.frozen
class Disclose:
    """
    The message must carry *disclosure*.

    Args:
        if_level_above: Only required when the granted level ends up above this level.
        if_fact_used: Only required when this content fact stays usable.

    .. versionadded:: 0.1.0
    """

    rule: str
    code: str
    message: str
    disclosure: Disclosure
    citation: str | None = None
    if_level_above: Level | None = attrs.field(default=None, kw_only=True)
    if_fact_used: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Note:
    """
    Recorded among the reasons; changes nothing.

    *standard* names the standard that decided what the note records (the consent-first
    standard noting a permission of the law it does not rely on).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``standard``.
    """

    rule: str
    code: str
    message: str
    citation: str | None = None
    hint: str | None = None
    standard: Standard | None = attrs.field(default=None, converter=optional_standard, kw_only=True)


#: Anything a rule may return.
Outcome: TypeAlias = Union[Permit, Deny, Defer, Cap, Withhold, Disclose, Note]  # noqa: UP007
