"""
A contact prepared for deciding: what every message to them at one instant reads.

:func:`prepare` does once what every decision about one contact at one instant needs: the
contact's own grants, history (sorted, with epoch seconds) and suppressions, the facts valid
and the grants in force at the instant (each instant in epoch seconds, converted once), the
instant on the contact's wall clocks, and (when a decision's id is first read) the audit
digests of those inputs.  Many messages are then decided against
the same :class:`Prepared` snapshot; :func:`request_for` turns it and a message into the
:class:`~personal_touch.rules.Request` the rules read.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import pendulum

from .._consent import ConsentGrant, ConsentLedger
from .._contacts import Contact
from .._decision import ApprovedFact, GrantRef
from .._facts import Fact, fact_digest, fact_stamps
from .._history import HistorySummary, index_history
from .._interactions import Interaction
from .._suppression import Suppression
from .._time import in_range, stamps
from ._audit import AuditInputs, audit_inputs, deep_text
from ._compile import Compiled, compile_for
from ._default import default_policy
from ._fast import GrantInfo, in_force_span, stamp
from ._fast import in_force as grants_in_force
from ._inputs import own_history, own_ledger, own_suppressions
from ._model import Request
from ._policy import Policy
from ._zones import clock_for

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from .._message import Message
    from .._suppression import SuppressionList

__all__ = ["Prepared", "prepare", "request_for"]

_new = object.__new__
_set = object.__setattr__
_INF = math.inf


class Inputs(NamedTuple):
    """A contact's inputs, already its own (history oldest first, with epoch seconds)."""

    contact: Contact
    ledger: ConsentLedger
    history: tuple[Interaction, ...]
    history_stamps: tuple[float, ...]
    suppressions: tuple[Suppression, ...]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Prepared:
    """
    One contact prepared for deciding at one instant: pass it to :func:`decide` per message.

    Made by :func:`prepare`.  It holds the contact's own data, sorted and indexed, and what
    holds at :attr:`at`; it remembers what its decisions share (the grants covering each
    purpose, the facts each content key exposes, the facts rule's verdicts on the keys a
    message names, the approved facts, the audit digests of its inputs), so deciding many
    messages for one contact does that work once, and what it
    remembers goes when it goes.  A decision it made keeps it until the decision's audit
    fields are read.  It holds personal data, so it has no useful ``repr``: never log it.  It pickles
    (what it remembers is rebuilt on the other side).

    Attributes:
        contact: The person.
        at: The instant every decision is for.
        policy: The policy deciding.
        ledger: The contact's consent ledger.
        history: The contact's interactions, oldest first.
        history_stamps: Each interaction's instant in epoch seconds.
        suppressions: The suppression-list entries naming the contact.
        timestamp: *at* in epoch seconds.
        facts: The latest fact per key that is valid at *at*.
        in_force: The contact's grants in force at *at*.
        local: *at* on the contact's calendar (UTC when the contact has no zone).
        local_times: *at* on the wall clock of every zone the contact may be in, one per
            distinct UTC offset.

    .. versionadded:: 0.1.0
    """

    contact: Contact
    at: pendulum.DateTime
    policy: Policy
    ledger: ConsentLedger
    history: tuple[Interaction, ...]
    history_stamps: tuple[float, ...]
    suppressions: tuple[Suppression, ...]
    timestamp: float
    facts: Mapping[str, Fact]
    in_force: tuple[ConsentGrant, ...]
    local: pendulum.DateTime
    local_times: tuple[pendulum.DateTime, ...]
    #: [lo, hi): the instants at which the same facts are valid and grants in force
    #: (found when a deferral first asks).
    _span: tuple[float, float] | None
    #: The :class:`GrantInfo` of each grant in force.
    _infos: tuple[GrantInfo, ...]
    #: Answers the rules share (the grants covering each (purpose, channel), and others
    #: under tagged keys: :func:`~personal_touch._policy._model.shared`), shared by the
    #: requests made from it.
    _memo: dict[object, Any]
    #: The approvals of facts and references to grants its decisions made, by key and id.
    _approvals: dict[str, tuple[Fact, ApprovedFact]]
    _refs: dict[str, tuple[ConsentGrant, GrantRef]]
    #: The audit digests of the inputs, made on the first read of a decision's id.
    _audit: AuditInputs | None = None

    def __repr__(self) -> str:
        return f"Prepared(contact={self.contact.id!r}, at={self.at.isoformat()!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # The inputs travel; what is derived from them is rebuilt on the other side.
        return (snapshot, (self._inputs(), self.at, self.policy))

    def _inputs(self) -> Inputs:
        """The contact's own inputs this snapshot was prepared from."""
        return Inputs(
            self.contact, self.ledger, self.history, self.history_stamps, self.suppressions
        )

    def _digests(self) -> AuditInputs:
        """The audit digests of the contact's inputs, computed on first use."""
        found = self._audit
        if found is None:
            found = audit_inputs(*self._inputs(), fact_set=self._facts_digest())
            _set(self, "_audit", found)
        return found

    def _facts_digest(self) -> str:
        """The digest of the contact's fact set (the contact keeps it)."""
        return self.contact._facts_digest

    def _at_instant(self, at: pendulum.DateTime) -> Prepared:
        """The same contact prepared at another instant (the inputs and digests shared)."""
        return snapshot(self._inputs(), at, self.policy, like=self)


def prepare(
    contact: Contact,
    *,
    consents: ConsentLedger | Iterable[ConsentGrant],
    history: Iterable[Interaction] | HistorySummary = (),
    at: dt.datetime,
    policy: Policy | None = None,
    suppressions: SuppressionList | Iterable[Suppression] = (),
) -> Prepared:
    """
    Prepare *contact* for deciding many messages at *at*: pass the result to :func:`decide`.

    Takes the arguments of :func:`decide` but the message.  ``decide(prepare(contact,
    ...), message)`` equals ``decide(contact, message, ...)``, decision id included.

    Raises:
        NaiveDateTimeError: *at* has no time zone.
        InvalidFieldError: *consents* is a ledger of another contact, *suppressions*
            holds something else than suppressions, or *at* lies outside 0001-01-02 to
            9999-12-30 UTC.
        ConsentStateError: Versions of a grant given at the same instant disagree on
            what it covers.

    .. versionadded:: 0.1.0
    """
    instant = in_range(at, "at")
    ledger = own_ledger(contact, consents)
    own, stamps = own_history(contact, history)
    supp = own_suppressions(contact, suppressions)
    inputs = Inputs(contact, ledger, own, stamps, supp)
    return snapshot(inputs, instant, default_policy() if policy is None else policy)


def snapshot(
    inputs: Inputs, at: pendulum.DateTime, policy: Policy, *, like: Prepared | None = None
) -> Prepared:
    """
    The snapshot of *inputs* at *at* (checked already).

    It shares what holds at both instants with *like*, a snapshot of the same inputs at
    another instant.
    """
    contact, ledger, history, stamps, suppressions = inputs
    t = stamp(at)
    span = None
    if like is not None and _holds(like, t):
        facts, in_force, infos = like.facts, like.in_force, like._infos
        span, memo = like._span, like._memo
    else:
        facts = _valid_facts(contact, t)
        infos = grants_in_force(ledger, at)
        in_force = tuple([info[0] for info in infos])
        memo = {}
    times = clock_for(policy, contact.zones).times(at)
    # Every value is already of its field's type: set the slots directly (equal to
    # Prepared(...)) instead of going through attrs' __init__.
    p: Prepared = _new(Prepared)
    _set(p, "contact", contact)
    _set(p, "at", at)
    _set(p, "policy", policy)
    _set(p, "ledger", ledger)
    _set(p, "history", history)
    _set(p, "history_stamps", stamps)
    _set(p, "suppressions", suppressions)
    _set(p, "timestamp", t)
    _set(p, "facts", facts)
    _set(p, "in_force", in_force)
    _set(p, "local", times[0] if contact.timezone is not None else _utc(policy, at))
    _set(p, "local_times", times)
    _set(p, "_span", span)
    _set(p, "_infos", infos)
    _set(p, "_memo", memo)
    _set(p, "_approvals", {})
    _set(p, "_refs", {})
    _set(p, "_audit", None if like is None else like._audit)
    return p


def _utc(policy: Policy, at: pendulum.DateTime) -> pendulum.DateTime:
    return clock_for(policy, ("UTC",)).times(at)[0]


def _holds(like: Prepared, t: float) -> bool:
    """
    Whether the facts valid and the grants in force in *like* hold at *t* too.

    The span of instants they hold for is found on first use (only a deferral asks) and
    kept by *like*.
    """
    span = like._span
    if span is None:
        f_lo, f_hi = _span(_fact_bounds(like.contact), like.timestamp)
        g_lo, g_hi = in_force_span(like.ledger, like.at)
        span = (max(f_lo, g_lo), min(f_hi, g_hi))
        _set(like, "_span", span)
    return span[0] <= t < span[1]


def _span(bounds: Iterable[float], t: float) -> tuple[float, float]:
    """The interval [lo, hi) around *t* that no bound falls inside."""
    lo = max([b for b in bounds if b <= t], default=-_INF)
    hi = min([b for b in bounds if b > t], default=_INF)
    return lo, hi


def _valid_facts(contact: Contact, t: float) -> Mapping[str, Fact]:
    """The latest fact per key valid at *t* (in the order of the keys' first facts)."""
    facts = contact.known_facts
    best: dict[str, Fact] = {}
    when: dict[str, float] = {}
    recorded = stamps(list(map(_RECORDED, facts)))
    for f, rec, end in zip(facts, recorded, map(_UNTIL, facts), strict=True):
        if rec > t or (end is not None and stamp(end) <= t):
            continue
        key = f.key
        prev = when.get(key)
        if prev is None or rec > prev or (rec == prev and _later(f, best[key])):
            best[key] = f
            when[key] = rec
    return MappingProxyType(best)


def _fact_bounds(contact: Contact) -> list[float]:
    """The instants at which one of the contact's facts starts or stops being valid."""
    out: list[float] = []
    for f in contact.known_facts:
        out.extend(fact_stamps(f)[1:])
    return out


_RECORDED = operator.attrgetter("recorded_at")
_UNTIL = operator.attrgetter("valid_until")


def _later(a: Fact, b: Fact) -> bool:
    """
    Which of two facts recorded at the same instant wins, whatever their input order.
    """
    return (fact_digest(a), deep_text(a)) > (fact_digest(b), deep_text(b))


def request_for(prepared: Prepared, message: Message, compiled: Compiled | None = None) -> Request:
    """
    The request the rules read about *message* to the prepared contact.

    *compiled* is the policy compiled for the contact's jurisdiction and the message
    (compiled here if not given).
    """
    if compiled is None:
        compiled = compile_for(prepared.policy, prepared.contact.jurisdiction, message)
    # Every value is already of its field's type: set the slots directly (equal to
    # Request(...), which runs in tests) instead of going through attrs' __init__.
    r: Request = _new(Request)
    _set(r, "contact", prepared.contact)
    _set(r, "message", message)
    _set(r, "ledger", prepared.ledger)
    _set(r, "history", prepared.history)
    _set(r, "at", prepared.at)
    _set(r, "local", prepared.local)
    _set(r, "local_times", prepared.local_times)
    _set(r, "jurisdiction", prepared.contact.jurisdiction)
    _set(r, "facts", prepared.facts)
    _set(r, "policy", prepared.policy)
    _set(r, "in_force", prepared.in_force)
    _set(r, "pack_ids", compiled.pack_ids)
    _set(r, "personalization_bases", compiled.personalization_bases)
    _set(r, "suppressions", prepared.suppressions)
    _set(r, "timestamp", prepared.timestamp)
    _set(r, "history_stamps", prepared.history_stamps)
    _set(r, "_memo", prepared._memo)
    _set(r, "_infos", prepared._infos)
    return r


def from_request(request: Request) -> Prepared:
    """A snapshot of what *request* holds (for a request built by hand)."""
    r = request
    inputs = Inputs(r.contact, r.ledger, r.history, r.history_stamps, r.suppressions)
    return snapshot(inputs, r.at, r.policy)


def make_request(
    contact: Contact,
    message: Message,
    *,
    ledger: ConsentLedger,
    history: tuple[Interaction, ...],
    at: pendulum.DateTime,
    policy: Policy,
    history_stamps: tuple[float, ...] | None = None,
    suppressions: tuple[Suppression, ...] = (),
) -> Request:
    """
    The request the engine builds from inputs that are already the contact's own.

    *ledger*, *history* and *suppressions* must be this contact's (history sorted by time,
    *history_stamps* its instants in epoch seconds if known).  For testing rules.
    """
    index = index_history(history)
    stamps = index.stamps if history_stamps is None else history_stamps
    prepared = snapshot(Inputs(contact, ledger, index, stamps, suppressions), at, policy)
    return request_for(prepared, message)
