"""
What rendering returns: the text and an account of how personal it turned out.
"""

from __future__ import annotations

import enum

import attrs

from .._channels import Channel
from .._decision import Disclosure
from .._levels import Level
from ._sms import SmsCost


class FallbackKind(enum.StrEnum):
    """
    Where a render fell back.

    .. versionadded:: 0.1.0
    """

    #: A ``default`` filter replaced an unavailable value.
    VALUE = "value"
    #: An ``if`` took a later branch (or none) because a value was unavailable.
    CONDITION = "condition"
    #: A ``level`` block said its ``else`` part (or nothing) instead.
    LEVEL = "level"


@attrs.frozen(kw_only=True)
class Fallback:
    """
    One place a render said something less personal than the template could, and why.

    Holds template positions and paths, never values.

    Args:
        kind: What fell back.
        reason: ``"missing"`` (no value), ``"withheld"`` (the decision withheld the fact),
            ``"not_usable"`` (the decision did not list the fact as usable) or ``"level"``
            (the part needs more than the decision's level).
        path: The variable that was unavailable, if one was.
        level: The level the part needed.
        line: Where the part starts in the template.
        column: Where the part starts in the template.

    .. versionadded:: 0.1.0
    """

    kind: FallbackKind
    reason: str
    path: str | None = None
    level: Level | None = None
    line: int = 0
    column: int = 0

    def describe(self) -> str:
        """
        One line for logs and demos, free of personal data.
        """
        what = {"value": "default used", "condition": "other branch", "level": "level block"}[
            self.kind.value
        ]
        parts = [f"line {self.line}:{self.column} {what}"]
        if self.path:
            parts.append(self.path)
        if self.level is not None:
            parts.append(f"needs {self.level.value}")
        parts.append(f"({self.reason})")
        return " ".join(parts)


@attrs.frozen(kw_only=True, repr=False)
class Rendered:
    """
    A rendered message and how personal it turned out.

    Args:
        text: The body, with the required disclosures appended.
        subject: The subject line, for templates that have one.
        level: The most personal level any rendered part needed.
        facts_used: The fact keys whose values (or presence) shaped the text.
        disclosures: The disclosures the text carries: appended, or placed by the template
            with ``{{ disclosures.<code> }}``.
        fallbacks: Every fallback taken, in template order.
        locale: The locale it was formatted for.
        channel: The channel the decision was for.
        html: Whether the text is HTML (values escaped).
        sms: Encoding and segment count, for SMS.

    The ``repr`` holds no personal data (no text).

    .. versionadded:: 0.1.0
    """

    text: str
    subject: str | None = None
    level: Level
    facts_used: tuple[str, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()
    fallbacks: tuple[Fallback, ...] = ()
    locale: str
    channel: Channel
    html: bool = False
    sms: SmsCost | None = None

    def __repr__(self) -> str:
        return (
            f"Rendered(level={self.level.value}, channel={self.channel.value}, "
            f"locale={self.locale!r}, chars={len(self.text)}, facts_used={self.facts_used!r}, "
            f"fallbacks={len(self.fallbacks)}, disclosures={len(self.disclosures)})"
        )

    def __str__(self) -> str:
        return self.text


_FIELDS = tuple(a.name for a in attrs.fields(Rendered))
#: Each field's slot setter: a render sets them directly, its values already typed.
_SETTERS = tuple(getattr(Rendered, name).__set__ for name in _FIELDS)


def rendered(  # noqa: PLR0917
    text: str,
    subject: str | None,
    level: Level,
    facts_used: tuple[str, ...],
    disclosures: tuple[Disclosure, ...],
    fallbacks: tuple[Fallback, ...],
    locale: str,
    channel: Channel,
    html: bool,  # noqa: FBT001 - positional, as the fields are declared
    sms: SmsCost | None,
) -> Rendered:
    """
    The :class:`Rendered` of these values, equal to ``Rendered(text=text, ...)``.

    The values are already of their fields' types (a render made them), so the slots are set
    directly, without the class's checked, field-by-field initializer.
    """
    out: Rendered = object.__new__(Rendered)
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = _SETTERS
    s0(out, text)
    s1(out, subject)
    s2(out, level)
    s3(out, facts_used)
    s4(out, disclosures)
    s5(out, fallbacks)
    s6(out, locale)
    s7(out, channel)
    s8(out, html)
    s9(out, sms)
    return out


_FALLBACK_SETTERS = tuple(getattr(Fallback, a.name).__set__ for a in attrs.fields(Fallback))


def fallback(  # noqa: PLR0917
    kind: FallbackKind,
    reason: str,
    path: str | None,
    level: Level | None,
    line: int,
    column: int,
) -> Fallback:
    """
    The :class:`Fallback` of these values, equal to ``Fallback(kind=kind, ...)``.

    A render's values are already of their fields' types, so the slots are set directly.
    """
    out: Fallback = object.__new__(Fallback)
    s0, s1, s2, s3, s4, s5 = _FALLBACK_SETTERS
    s0(out, kind)
    s1(out, reason)
    s2(out, path)
    s3(out, level)
    s4(out, line)
    s5(out, column)
    return out
