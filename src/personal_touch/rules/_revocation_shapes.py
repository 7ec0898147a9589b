"""
Rule shapes for calls and texts the TCPA governs: prior express consent, and revoke-all.

:class:`PriorExpressConsent` asks an informational (non-telemarketing) call or text for the
person's prior express consent, oral or written; :class:`RevokeAll` makes any revocation on
calls and texts, however narrowly it was scoped, revoke every call and text from the caller.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._channels import Channel
from .._consent import LawfulBasis
from .._interactions import InteractionKind
from .._policy._core._history import answers_inquiry
from .._purposes import CONSENT_BASES, PURPOSE_KEYS
from ._legal import LegalRule, basis_set, hidden, kind_set, label, optional_channels
from ._requests import grants, last_event

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["PriorExpressConsent", "RevokeAll"]

#: The bases that are the person's prior express consent to an informational call or
#: text: an opt-in of any kind, or a number given for the contract the call is about.
PRIOR_EXPRESS_BASES = CONSENT_BASES | {LawfulBasis.CONTRACT}


def _channels(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return optional_channels(values) or frozenset()


@attrs.frozen(kw_only=True)
class PriorExpressConsent(LegalRule):
    """
    Deny an informational call or text without the person's prior express consent.

    Prior express consent need not be written: a grant with a basis in *bases* for any
    grant purpose that may permit the message's purpose
    (:data:`~personal_touch.rules.PURPOSE_KEYS`), on its channel, in force at the instant,
    meets it, and so does answering the person's own recent inquiry (they asked to be
    contacted).

    Args:
        bases: The bases that count as prior express consent.
        code: The denial's machine code.

    .. versionadded:: 0.4.0
    """

    bases: frozenset[LawfulBasis] = attrs.field(
        default=PRIOR_EXPRESS_BASES, converter=basis_set, metadata=label("accepted bases")
    )
    code: str = attrs.field(default="prior_express_consent_required", metadata=hidden())

    def check(self, request: Request, /) -> Iterable[Outcome]:
        m = request.message
        for key in PURPOSE_KEYS[m.purpose]:
            if grants(request, self.bases, purpose=key):
                return ()
        if answers_inquiry(request):
            return ()
        return (
            self.deny(
                self.code,
                f"an informational {m.purpose._value_} message by {m.channel._value_} needs "
                "the person's prior express consent (oral or written), and none is in force",
                "record the person's consent (or the contract they gave this number for)",
            ),
        )


@attrs.frozen(kw_only=True)
class RevokeAll(LegalRule):
    """
    Deny every call or text inside the guard after any revocation, whatever its scope.

    A revocation by any reasonable means (an interaction of *kinds* on one of
    *revoked_on*, or on no channel) made in response to one kind of message applies to
    every call and text inside the guard from the same caller: its subscription or purpose
    scope (:meth:`Interaction.within_scope <personal_touch.Interaction.within_scope>`) is
    ignored.  It holds until a grant with a basis in *regrant_bases* covering the message
    is given after it.

    Args:
        kinds: The events that are a revocation.
        revoked_on: The channels a revocation counts on.
        regrant_bases: The bases of a new consent that lifts it.
        statutory_max: The processing period the law allows (honoured at once here).
        code: The denial's machine code.

    .. versionadded:: 0.4.0
    """

    kinds: frozenset[InteractionKind] = attrs.field(
        default=frozenset({InteractionKind.UNSUBSCRIBED}),
        converter=kind_set,
        metadata=label("revocation events"),
    )
    revoked_on: frozenset[Channel] = attrs.field(
        default=frozenset({Channel.SMS, Channel.PHONE}),
        converter=_channels,
        metadata=label("revoked on"),
    )
    regrant_bases: frozenset[LawfulBasis] = attrs.field(
        default=CONSENT_BASES, converter=basis_set, metadata=label("lifted by")
    )
    statutory_max: str | None = attrs.field(
        default=None, metadata=label("statutory maximum (honoured at once here)")
    )
    code: str = attrs.field(default="revoked_all", metadata=hidden())

    def check(self, request: Request, /) -> Iterable[Outcome]:
        event = last_event(request, self.kinds, self.revoked_on)
        if event is None:
            return ()
        m = request.message
        if any(
            g.granted_at > event.at
            for key in PURPOSE_KEYS[m.purpose]
            for g in grants(request, self.regrant_bases, purpose=key)
        ):
            return ()
        return (
            self.deny(
                self.code,
                "the contact revoked consent to calls and texts; a revocation covers every "
                "call and text from this caller, whatever message it answered",
                "only a new consent given after the revocation lifts it",
            ),
        )
