"""
Rule shapes about what a message carries and where it goes: required content, data sharing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .._decision import DisclosureCode
from .._message import ContentFlags, MessagePurpose
from .._policy._model import Deny, Disclose, Outcome
from ._legal import LegalRule, hidden, label, marketing_purposes

if TYPE_CHECKING:
    from .._policy._model import Request

__all__ = [
    "CONTENT_UNDECLARED",
    "ContentRequirement",
    "GlobalPrivacyControl",
    "Requirement",
    "shares_data",
    "sharing_undeclared",
    "undeclared",
]

#: The machine code of a denial for a content flag the message did not declare.
CONTENT_UNDECLARED = "content_undeclared"


def undeclared(rule: LegalRule, attr: str, name: str) -> Deny:
    """
    A denial for content flag *attr* (describing *name*) left undeclared.

    .. versionadded:: 0.1.0
    """
    return rule.deny(
        CONTENT_UNDECLARED,
        f"the message does not declare whether it carries {name} (content.{attr})",
        f"declare message.content.{attr}: true once the message carries {name} "
        "(render with a SenderProfile to add it)",
    )


def shares_data(request: Request) -> bool | None:
    """
    Whether the message discloses the recipient's data to third parties.

    ``True`` when ``content.third_party_disclosure`` or ``content.custom_audience`` is,
    ``False`` when both are declared false, ``None`` when that is not known.

    .. versionadded:: 0.1.0
    """
    c = request.message.content
    if c.third_party_disclosure or c.custom_audience:
        return True
    if c.third_party_disclosure is False and c.custom_audience is False:
        return False
    return None


def sharing_undeclared(rule: LegalRule) -> Deny:
    """
    A denial for a message that does not declare whether it shares data with third parties.

    .. versionadded:: 0.1.0
    """
    return rule.deny(
        CONTENT_UNDECLARED,
        "the message does not declare whether it discloses data to third parties "
        "(content.third_party_disclosure, content.custom_audience)",
        "declare message.content.third_party_disclosure and message.content.custom_audience",
    )


@attrs.frozen
class Requirement:
    """
    One content element a law requires.

    Args:
        flag: The :class:`~personal_touch.ContentFlags` attribute that says it is present.
        disclosure: The disclosure that adds it, if rendering can.
        code: The denial's machine code when it is missing.
        name: What it is, for messages ("a way to opt out").

    .. versionadded:: 0.2.0
    """

    flag: str
    disclosure: DisclosureCode | None
    code: str
    name: str

    def __str__(self) -> str:
        return self.name


def _requirements(
    values: Iterable[Requirement | tuple[str, DisclosureCode | None, str, str]],
) -> tuple[Requirement, ...]:
    return tuple(v if isinstance(v, Requirement) else Requirement(*v) for v in values)


def _pairs(
    values: Mapping[str, str] | Iterable[tuple[str, str]] | None,
) -> tuple[tuple[str, str], ...]:
    if values is None:
        return ()
    return tuple(values.items() if isinstance(values, Mapping) else values)


#: A content rule's outcomes per combination of present (``True``), missing (``False``) and
#: undeclared (``None``) elements.
_Combinations = dict[tuple[bool | None, ...], tuple[Outcome, ...]]


@attrs.frozen(kw_only=True)
class ContentRequirement(LegalRule):
    """
    Require content elements and their disclosures.

    Deny a message whose content flags say an element is missing or leave it undeclared
    (``content_undeclared``: nothing is assumed), and require the matching disclosures of
    every message.  The outcomes are built once per rule object and returned as the same
    objects every call, so the engine can reuse their reasons.

    .. versionadded:: 0.2.0
    """

    requirements: tuple[Requirement, ...] = attrs.field(
        converter=_requirements, metadata=label("requires")
    )
    disclosure_params: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, metadata=label("disclosure")
    )
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    _table: _Combinations = attrs.field(init=False, factory=dict, eq=False, repr=False, hash=False)
    _parts: list[tuple[Deny, Deny, Disclose | None]] = attrs.field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )
    # The last (flags, outcomes): a batch decides one message for many contacts.
    _last: list[tuple[ContentFlags, tuple[Outcome, ...]]] = attrs.field(
        init=False, factory=list, eq=False, repr=False, hash=False
    )

    def _each(self) -> list[tuple[Deny, Deny, Disclose | None]]:
        # Each requirement's (missing, undeclared, disclosure) outcomes, built once.
        if self._parts:
            return self._parts
        params = dict(self.disclosure_params) or None
        self._parts[:] = [
            (
                self.deny(r.code, f"the message lacks {r.name}", f"add {r.name} to the message"),
                undeclared(self, r.flag, r.name),
                None
                if r.disclosure is None
                else self.disclose(
                    "content_required", f"the message must carry {r.name}", r.disclosure, params
                ),
            )
            for r in self.requirements
        ]
        return self._parts

    def outcomes(self, key: tuple[bool | None, ...]) -> tuple[Outcome, ...]:
        """
        The outcomes for one combination of present, missing and undeclared elements.
        """
        hit = self._table.get(key)
        if hit is None:
            out: list[Outcome] = []
            for (deny, unknown, disclose), ok in zip(self._each(), key, strict=True):
                if ok is None:
                    out.append(unknown)
                elif not ok:
                    out.append(deny)
                if disclose is not None:
                    out.append(disclose)
            self._table[key] = hit = tuple(out)
        return hit

    def check(self, request: Request, /) -> Iterable[Outcome]:
        flags = request.message.content
        last = self._last
        if last and last[0][0] is flags:  # the same message again
            return last[0][1]
        key = tuple(getattr(flags, r.flag) for r in self.requirements)
        found = self.outcomes(key)
        last[:] = [(flags, found)]
        return found


@attrs.frozen(kw_only=True)
class GlobalPrivacyControl(LegalRule):
    """
    Honour a Global Privacy Control signal as an opt-out of sale and sharing.

    Deny a message that discloses data to third parties or feeds a custom audience, and one
    that does not declare whether it does; first-party messages are unaffected.  A signal
    applies from the instant it was first seen (``global_privacy_control_seen_at``) when
    that is known, else at once.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.4.0
       A dated signal applies from its date.
    """

    statement: str = attrs.field(
        default=(
            "A Global Privacy Control signal is a valid opt-out of sale and sharing: no "
            "disclosure to third parties or custom-audience delivery; first-party messages "
            "are not sharing."
        ),
        metadata=hidden(),
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not request.contact.privacy.has_global_privacy_control(request.at):
            return ()
        shared = shares_data(request)
        if shared is False:
            return ()
        if shared is None:
            return (sharing_undeclared(self),)
        return (
            self.deny(
                "opt_out_sale_sharing",
                "a Global Privacy Control signal opts the contact out of sale and sharing: no "
                "third-party disclosure or custom-audience delivery",
                "first-party messages are unaffected; send without third-party delivery",
            ),
        )
