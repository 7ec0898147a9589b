"""
Rule shapes for consent obtained through others: a partner's notice must name the sender.

:class:`IndirectConsent` reads each grant's :class:`~personal_touch.Evidence` (who obtained
it and which senders its notice named) against the policy's sender
(``Policy(sender=SenderProfile(...))``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis, Obtained
from .._message import MessagePurpose
from .._purposes import CONSENT_BASES
from .._validators import tuple_of
from ._legal import Alternative, LegalRule, basis_set, label, marketing_purposes, names
from ._requests import grants

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._consent import ConsentGrant
    from .._policy._model import Outcome, Request

__all__ = ["IndirectConsent", "sender_name"]


def sender_name(request: Request) -> str | None:
    """
    The name of the policy's sender, or ``None`` when the policy names none.

    .. versionadded:: 0.4.0
    """
    sender = request.policy.sender
    return None if sender is None else sender.name


def _alternatives(values: Iterable[Alternative]) -> tuple[Alternative, ...]:
    return tuple_of(Alternative, values, "also")  # type: ignore[type-abstract]


def _counts(grant: ConsentGrant, sender: str | None) -> bool:
    ev = grant.evidence
    return ev is None or ev.counts_for(sender)


@attrs.frozen(kw_only=True)
class IndirectConsent(LegalRule):
    """
    Deny reliance on a consent another organisation obtained without naming this sender.

    Inside the guard, when every consent grant covering the message was obtained by someone
    else (a partner or a list) whose notice did not name the policy's sender, and no *also*
    alternative (a soft opt-in, which the sender obtains itself) qualifies, deny: the person
    never agreed to hear from this sender.  Grants without evidence, or obtained directly,
    count as before.

    With *unknown_third_parties* (CASL s.10(2)-(3)), a list's consent for parties unknown
    when it was sought does count, on conditions the message must meet: a note says which
    (identify who obtained the consent; let the unsubscribe reach them too).

    Args:
        bases: The bases this law accepts as consent.
        also: Rules whose qualifying grants meet the law without consent.
        unknown_third_parties: Whether a list's consent for unnamed parties counts.

    .. versionadded:: 0.4.0
    """

    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    bases: frozenset[LawfulBasis] = attrs.field(
        default=CONSENT_BASES, converter=basis_set, metadata=label("accepted bases")
    )
    also: tuple[Alternative, ...] = attrs.field(
        default=(), converter=_alternatives, metadata=label("also accepted")
    )
    unknown_third_parties: bool = attrs.field(
        default=False, metadata=label("consent for unnamed third parties counts")
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        found = grants(request, self.bases)
        if not found:
            return ()  # no consent at all: the consent rules say so
        sender = sender_name(request)
        if any(_counts(g, sender) for g in found):
            return ()
        if any(alt.qualifying(request) for alt in self.also):
            return ()
        partners = names({g.evidence.partner for g in found if g.evidence and g.evidence.partner})
        if self.unknown_third_parties and any(
            g.evidence is not None and g.evidence.obtained is Obtained.UNNAMED_LIST for g in found
        ):
            return (
                self.note(
                    "consent_for_unknown_third_party",
                    f"relies on consent obtained by {partners} for parties not yet known",
                    "identify who obtained the consent in the message, and let its "
                    "unsubscribe withdraw consent from them as well",
                ),
            )
        if sender is None:
            why = "the policy names no sender, and the list's notice named no sender"
            fix = "set Policy(sender=SenderProfile(name=...)) to a sender the notice named"
        else:
            why = "its notice did not name this sender"
            fix = (
                "obtain consent directly, or through a partner whose notice names this "
                "sender (Evidence.named_senders)"
            )
        return (
            self.deny(
                "indirect_consent_not_naming_sender",
                f"the only consent was obtained by {partners} and {why}; consent through "
                "others counts only for the organisations the person was told about",
                fix,
            ),
        )
