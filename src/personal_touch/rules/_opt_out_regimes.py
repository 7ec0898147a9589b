"""
Opt-out regimes as rule data: what the law permits without prior consent, until an opt-out.

Some laws let a message go without prior consent while the person has not opted out: a live
marketing call to a number on no do-not-call register (UK PECR reg. 21, France's Bloctel, the
US Telemarketing Sales Rule), commercial e-mail in the US (CAN-SPAM), e-mail to a corporate
subscriber in the UK (PECR reg. 22 protects individual subscribers only).  An
:class:`OptOutRegime` states one such permission.  A policy deciding by the law's floor
(:attr:`~personal_touch.rules.Standard.LAW_FLOOR`) relies on it; the default consent-first
policy only notes it ("the law permits this; your policy requires consent") and still asks
for consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis
from .._interactions import InteractionKind
from .._message import MessagePurpose
from .._policy._model import Note, Permit
from .._policy._rules import PURPOSE_KEYS, lapse
from .._purposes import MARKETING_PURPOSES
from .._standard import Standard
from ._call_shapes import grace_pairs, listed_registries
from ._legal import LegalRule, basis_set, hidden, label, optional_purposes
from ._requests import last_event

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["LAW_PERMITS_CODE", "OPT_OUT_REGIME_PURPOSES", "OptOutRegime"]

#: The code of the consent-first standard's note on a permission of the law it does not use.
LAW_PERMITS_CODE = "law_permits_policy_requires_consent"
#: Marketing and relationship messages: an opt-out regime treats them alike, so that a
#: relationship message is never held to more than a marketing one on the same channel.
OPT_OUT_REGIME_PURPOSES = MARKETING_PURPOSES | {MessagePurpose.RELATIONSHIP}
_OPTED_OUT = frozenset({InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED})
_LAW_FLOOR = Standard.LAW_FLOOR
_CONSENT_FIRST = Standard.CONSENT_FIRST


def _registries(values: Iterable[str]) -> frozenset[str]:
    return frozenset(str(getattr(v, "value", v)) for v in values)


@attrs.frozen(kw_only=True)
class OptOutRegime(LegalRule):
    """
    The law permits messages inside the guard without prior consent, until an opt-out.

    Under the law-floor standard it permits the message; under the consent-first standard
    it notes that the law would (code ``law_permits_policy_requires_consent``) when no grant
    covers the message, and the message still needs consent.  Either way the reason records
    the :class:`~personal_touch.rules.Standard` that decided.  It permits nothing once the
    person opted out of the message on the channel (an unsubscribe or a complaint whose
    scope covers the message: leaving one list leaves the others permitted; or a withdrawn grant
    covering the message), while the number is listed on one of *registries* (a dated
    listing once its grace period in *grace_days* has passed) unless a grant of a basis in
    *unless_in_force* is in force, and, with *corporate_only*, for a contact without a
    company (a corporate subscriber's address; sole traders are individual subscribers:
    leave their company unset).

    Args:
        regime: The permission in a few words, quoted in the reasons.
        registries: Registries (by value) whose listing ends the permission.
        grace_days: Each registry's grace period, in days on the contact's calendar.
        unless_in_force: Bases whose grant in force keeps the permission despite a listing.
        corporate_only: Only for contacts reached at an organisation (``company`` set).

    .. versionadded:: 0.4.0
    """

    regime: str = attrs.field(metadata=hidden())
    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=OPT_OUT_REGIME_PURPOSES, converter=optional_purposes
    )
    registries: frozenset[str] = attrs.field(
        default=frozenset(), converter=_registries, metadata=label("unless listed on")
    )
    grace_days: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=grace_pairs, metadata=label("grace (days)")
    )
    unless_in_force: frozenset[LawfulBasis] = attrs.field(
        default=frozenset(), converter=basis_set, metadata=label("listed, permitted while")
    )
    corporate_only: bool = attrs.field(default=False, metadata=hidden())

    def _excluded(self, request: Request) -> bool:
        """Whether the person opted out, or the number is barred, or they are no company."""
        if self.corporate_only and request.contact.company is None:
            return True
        if self.registries and listed_registries(request, self.registries, dict(self.grace_days)):
            return not (
                self.unless_in_force
                and any(g.basis in self.unless_in_force for g in request.in_force)
            )
        if request.history and last_event(request, _OPTED_OUT, self.channels, scoped=True):
            return True
        lapsed = lapse(request)
        return lapsed is not None and lapsed[0] == "consent_withdrawn"

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if self._excluded(request):
            return ()
        if request.policy.standard is _LAW_FLOOR:
            return (
                Permit(
                    self.id,
                    "opt_out_regime",
                    f"the law permits this without prior consent ({self.regime}) until the "
                    "person opts out; decided by the law-floor standard",
                    citation=self.citation,
                    standard=_LAW_FLOOR,
                ),
            )
        channel = request.message.channel
        keys = PURPOSE_KEYS[request.message.purpose]
        if any(request.grants_for(k, channel) for k in keys):
            return ()
        return (
            Note(
                self.id,
                LAW_PERMITS_CODE,
                f"the law permits this ({self.regime}); your policy requires consent "
                "(consent-first standard)",
                self.citation,
                f"a {keys[0]} grant covering {channel.value} would permit this; a policy "
                "deciding by the law-floor standard would rely on the law",
                standard=_CONSENT_FIRST,
            ),
        )
