"""
The engine's verbs: decide one message, many messages to one contact, or a batch; enforce.

:func:`decide` takes a contact and its data, or a contact already prepared with
:func:`prepare`; :func:`decide_many` decides a batch of
:class:`~personal_touch.DecisionRequest` values in order.  The work lives in the modules
beside this one: ``_prepared`` (a contact's snapshot), ``_compile`` (the rules per
jurisdiction and message), ``_combine`` (outcomes into a decision) and ``_audit`` (the
decision id).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, Literal, NoReturn, overload

from .._decision import Decision, Verdict
from ..exceptions import DecisionDeniedError
from ._combine import MAX_DEFER_ROUNDS, combine, decide_prepared
from ._default import default_policy
from ._prepared import Prepared, prepare, request_for

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

    from .._consent import ConsentGrant, ConsentLedger
    from .._contacts import Contact
    from .._history import HistorySummary
    from .._interactions import Interaction
    from .._message import Message
    from .._suppression import Suppression, SuppressionList
    from ._io import DecisionRequest
    from ._policy import Policy

__all__ = [
    "MAX_DEFER_ROUNDS",
    "DecisionDeniedError",
    "Prepared",
    "combine",
    "decide",
    "decide_many",
    "default_policy",
    "enforce",
    "prepare",
    "request_for",
]


class _Missing(enum.Enum):
    MISSING = enum.auto()


_MISSING: Final = _Missing.MISSING


@overload
def decide(prepared: Prepared, message: Message, /) -> Decision: ...


@overload
def decide(
    contact: Contact,
    message: Message,
    *,
    consents: ConsentLedger | Iterable[ConsentGrant],
    history: Iterable[Interaction] | HistorySummary = (),
    at: dt.datetime,
    policy: Policy | None = None,
    suppressions: SuppressionList | Iterable[Suppression] = (),
) -> Decision: ...


def decide(
    contact: Contact | Prepared,
    message: Message,
    *,
    consents: ConsentLedger | Iterable[ConsentGrant] | Literal[_Missing.MISSING] = _MISSING,
    history: Iterable[Interaction] | HistorySummary = (),
    at: dt.datetime | Literal[_Missing.MISSING] = _MISSING,
    policy: Policy | None = None,
    suppressions: SuppressionList | Iterable[Suppression] = (),
) -> Decision:
    """
    Decide whether, when and how personally *message* may go to *contact* at *at*.

    For many messages to one contact at one instant, :func:`prepare` the contact once and
    call ``decide(prepared, message)`` for each: the decisions are the same.

    Args:
        contact: The person, or a :class:`Prepared` contact (then give only the message).
        message: What is to be sent.
        consents: The contact's :class:`~personal_touch.ConsentLedger`, or grants and
            versions of grants in any order (grants of other contacts are ignored).
        history: Interactions (other contacts' are ignored) or a ``HistorySummary``.
        at: The instant to decide for (aware).
        policy: The policy; default :func:`default_policy`.
        suppressions: A :class:`~personal_touch.SuppressionList` (or its entries; build
            the list once when deciding many times): an entry naming the contact or one
            of its addresses denies what it bars, even when the history is empty and a
            grant is in force.

    Returns:
        A :class:`~personal_touch.Decision`; a denial is a value, not an exception (see
        :func:`enforce`).

    Raises:
        NaiveDateTimeError: *at* has no time zone.
        InvalidFieldError: *consents* is a ledger of another contact, *suppressions*
            holds something else than suppressions, or *at* lies outside 0001-01-02 to
            9999-12-30 UTC.
        ConsentStateError: Versions of a grant given at the same instant disagree on
            what it covers.
        TypeError: *consents* or *at* is missing for a contact, or given with a
            :class:`Prepared` contact.

    .. versionadded:: 0.1.0
    """
    if type(contact) is Prepared:
        if (consents, at, policy, history, suppressions) != (_MISSING, _MISSING, None, (), ()):
            _prepared_takes_only_a_message()
        return decide_prepared(contact, message)
    if consents is _MISSING or at is _MISSING:
        _missing("consents" if consents is _MISSING else "at")
    prepared = prepare(
        contact,  # type: ignore[arg-type]
        consents=consents,
        history=history,
        at=at,
        policy=policy,
        suppressions=suppressions,
    )
    return decide_prepared(prepared, message)


def _missing(name: str) -> NoReturn:
    msg = f"decide() missing required keyword-only argument: {name!r}"
    raise TypeError(msg)


def _prepared_takes_only_a_message() -> NoReturn:
    msg = "decide() takes only a message with a Prepared contact: prepare() took the rest"
    raise TypeError(msg)


def decide_many(
    requests: Iterable[DecisionRequest], *, policy: Policy | None = None
) -> Iterator[Decision]:
    """
    Decide each of *requests* in turn, yielding their decisions in the same order.

    Each decision equals ``request.decide(policy=policy)``.  Consecutive requests about the
    same contact at the same instant (the same contact, consents, history, suppressions (or
    none) and ``at`` objects, as when one contact is asked about several messages) share one
    :class:`Prepared` snapshot; the batch keeps nothing else between requests.

    Raises:
        PersonalTouchError: A request is refused (as :func:`decide` would refuse it); the
            iteration ends there.

    .. versionadded:: 0.1.0
    """
    if policy is None:
        policy = default_policy()
    last: DecisionRequest | None = None
    prepared: Prepared | None = None
    for r in requests:
        if prepared is None or last is None or not _same_snapshot(r, last):
            prepared = prepare(
                r.contact,
                consents=r.consents,
                history=r.history,
                at=r.at,
                policy=policy,
                suppressions=r.suppressions,
            )
            last = r
        yield decide_prepared(prepared, r.message)


def _same_snapshot(a: DecisionRequest, b: DecisionRequest) -> bool:
    """Whether *a* and *b* hold the same inputs but the message (the same objects)."""
    return (
        a.contact is b.contact
        and a.at is b.at
        and a.consents is b.consents
        and a.history is b.history
        and (a.suppressions is b.suppressions or not (a.suppressions or b.suppressions))
    )


def enforce(decision: Decision) -> Decision:
    """
    Return *decision* if it allows sending; raise :class:`DecisionDeniedError` otherwise.

    For callers who prefer exceptions to testing ``decision.verdict``.

    .. versionadded:: 0.1.0
    """
    if decision.verdict is not Verdict.ALLOW:
        raise DecisionDeniedError(decision)
    return decision
