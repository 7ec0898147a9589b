"""
The core consent rule: purpose and channel need a grant in force, and why none counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..._consent import ConsentGrant, GrantStatus, LawfulBasis
from ..._message import MessagePurpose
from ..._purposes import CONSENT_BASES, CONTRACT_PURPOSES, MARKETING_PURPOSES, PURPOSE_KEYS
from .._model import Deny, Note, Permit, Tag, rule, shared
from ._history import answers_inquiry
from ._opt_outs import barred, suppressed, unsubscribed, withdrawn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..._channels import Channel
    from .._model import Outcome, Request

__all__ = ["consent", "lapse"]

_T = MessagePurpose.TRANSACTIONAL


class _Lapsed(NamedTuple):
    """What a covering grant that does not count at the instant says, by its status."""

    #: The machine code, of the consent rule's note and of :func:`lapse`.
    code: str
    #: The consent rule's note.
    note: str
    #: What :func:`lapse` says happened to the grant.
    what: str
    #: What would permit the message.
    hint: str


_OPT_IN_AGAIN = "a new opt-in would permit this"
_LAPSED = {
    GrantStatus.WITHDRAWN: _Lapsed(
        "consent_withdrawn",
        "a grant for this purpose was withdrawn",
        "was withdrawn",
        _OPT_IN_AGAIN,
    ),
    GrantStatus.EXPIRED: _Lapsed(
        "consent_expired", "a grant for this purpose has expired", "has expired", _OPT_IN_AGAIN
    ),
    GrantStatus.PENDING_CONFIRMATION: _Lapsed(
        "consent_pending_confirmation",
        "a grant for this purpose awaits double opt-in confirmation",
        "awaits double opt-in confirmation",
        "the contact confirming the double opt-in would permit this",
    ),
    GrantStatus.NOT_YET_GRANTED: _Lapsed(
        "consent_not_yet_granted",
        "a grant for this purpose starts later",
        "starts later",
        "the message may go once the grant starts",
    ),
}


def _accepted(grant: ConsentGrant, purpose: MessagePurpose) -> bool:
    basis = grant.basis
    if basis in CONSENT_BASES:
        return True
    return basis is LawfulBasis.CONTRACT and purpose in CONTRACT_PURPOSES


def lapse(request: Request) -> tuple[str, str, str] | None:
    """
    Why the grants covering the message's purpose and channel do not count at the instant.

    The most recently given grant of the contact's ledger covering the message's purpose
    (any of :data:`~personal_touch.rules.PURPOSE_KEYS`) on its channel that is withdrawn, expired, pending
    confirmation or not yet granted at the instant, as ``(code, message, hint)``;
    ``None`` when no covering grant has lapsed (or none exists).  Keys and codes only,
    never personal data.

    .. versionadded:: 0.1.0
    """
    channel = request.message.channel
    keys = PURPOSE_KEYS[request.message.purpose]
    best: tuple[ConsentGrant, GrantStatus] | None = None
    for g in _covering(request, keys, channel):
        status = g.status_at(request.at)
        if status in _LAPSED and (best is None or g.granted_at > best[0].granted_at):
            best = (g, status)
    if best is None:
        return None
    g, status = best
    key = next(k for k in keys if g.covers(k, channel))
    lapsed = _LAPSED[status]
    return (
        lapsed.code,
        f"the {key} grant covering {channel._value_} {lapsed.what}; no rule permits this "
        "message (fail closed)",
        lapsed.hint,
    )


@rule("consent")
def consent(request: Request) -> Iterable[Outcome]:
    """
    Purpose and channel need a grant in force.

    Purpose and channel need a grant in force (``granted_at <= at < withdrawn_at`` and
    ``expires_at``; a pending double opt-in does not count) on a consent basis (or a
    contract, for relationship messages and surveys).  Implied bases count only through
    a jurisdiction pack's permit.  Transactional messages need no marketing consent, nor
    does a relationship message answering the contact's own inquiry (an ``inquired``
    interaction within the policy's ``inquiry_reply_days``).  An objection to direct
    marketing is absolute, and so is an unsubscribe from a channel for marketing,
    fundraising and consent requests on it (an ``unsubscribed`` interaction at or before
    the instant, without a channel for every channel; one scoped to a subscription or to
    purposes bars exactly those messages, never a transactional one) until a new opt-in
    given after it.
    A withdrawn grant covering the purpose and channel is an opt-out too, in every
    jurisdiction (opt-out regimes such as CAN-SPAM included), until a grant is given after
    the withdrawal.  An entry of the suppression list passed to
    :func:`~personal_touch.decide` naming the contact or one of its addresses denies what it
    bars (by default what an unsubscribe covers; possibly every purpose; for an entry
    scoped to a subscription, only messages of that topic) from its ``since`` on, until it
    is removed from the list, or, for an entry the person's choice made (unsubscribed,
    objected, complaint), until an express opt-in given strictly after it covers the
    message's purpose and channel: a note then names the grant that lifted it.
    """
    if not request.suppressions:
        return _consent(request)
    found = suppressed(request)
    if found is None:
        return _consent(request)
    if type(found) is Deny:
        return (found,)
    return (found, *_consent(request))


def _consent(request: Request) -> Iterable[Outcome]:
    """What the consent rule says once no suppression-list entry bars the message."""
    early = _before_grants(request)
    if early is not None:
        return (early,)
    purpose = request.message.purpose
    channel = request.message.channel
    keys = PURPOSE_KEYS[purpose]
    implied = False
    for key in keys:
        found = request.grants_for(key, channel)
        if found:
            permit = _permit(request, found, key, channel, purpose)
            if permit is not None:
                return (permit,)
            implied = True
    return _no_permit(request, keys, implied=implied)


def _before_grants(request: Request) -> Outcome | None:
    """
    What decides before any grant is read.

    The absolute denials, a transactional message, an unsubscribe from the channel, and an
    answer to the contact's own inquiry.
    """
    denied = barred(request)
    if denied is not None:
        return denied
    purpose = request.message.purpose
    if purpose is _T:
        return Permit("consent", "transactional", "a transactional message needs no consent")
    if request.history and (blocked := unsubscribed(request)) is not None:
        return blocked
    if purpose in CONTRACT_PURPOSES and answers_inquiry(request):
        return Permit(
            "consent",
            "inquiry_reply",
            "an answer to the contact's own recent inquiry needs no marketing consent",
        )
    return None


def _permit(
    request: Request,
    found: tuple[ConsentGrant, ...],
    key: str,
    channel: Channel,
    purpose: MessagePurpose,
) -> Permit | None:
    """
    The permit of the grants *found* for *key* on a basis the core rule accepts, if any.
    """
    usable = tuple(g for g in found if _accepted(g, purpose))
    if not usable:
        return None
    permit: Permit = shared(
        request,
        (_PERMITS, key, channel, purpose),
        lambda: Permit(
            "consent",
            "consent_in_force",
            f"a {key} grant covering {channel._value_} is in force",
            usable,
        ),
    )
    return permit


_PERMITS = Tag("consent permits")
_COVERING = Tag("covering grants")


def _covering(request: Request, keys: tuple[str, ...], channel: Channel) -> list[ConsentGrant]:
    """
    The ledger's grants, in force or not, covering one of *keys* on *channel*, in order.

    Read by the consent rule and by :func:`lapse` when no grant permits the message:
    remembered by the snapshot (they do not depend on the instant).
    """
    ledger = request.ledger
    found: list[ConsentGrant] = shared(
        request,
        (_COVERING, keys, channel),
        lambda: [g for g in ledger if any(g.covers(k, channel) for k in keys)],
    )
    return found


def _no_permit(request: Request, keys: tuple[str, ...], *, implied: bool) -> list[Outcome]:
    """
    Why no grant permits the message: a withdrawal (an opt-out), else notes on the grants.
    """
    channel = request.message.channel
    out: list[Outcome] = []
    if implied:
        out.append(
            Note(
                "consent",
                "implied_basis",
                "a grant on an implied basis counts only where the contact's law accepts it",
            )
        )
    covering = _covering(request, keys, channel)
    if request.message.purpose in MARKETING_PURPOSES and (
        opted_out := withdrawn(request, covering)
    ):
        return [opted_out]
    for g in covering:
        lapsed = _LAPSED.get(g.status_at(request.at))
        if lapsed is not None:
            out.append(Note("consent", lapsed.code, lapsed.note))
    if not out:
        out.append(Note("consent", "consent_missing", "no grant covers this purpose and channel"))
    return out
