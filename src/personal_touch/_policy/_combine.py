"""
Combining the outcomes of the rules into a decision.

The combining algorithm (:func:`combine`, a pipeline of small steps):

1. Any :class:`Deny` wins: the verdict is DENY, the level GENERIC, no fact usable.
2. Otherwise, without an applicable :class:`Permit` a non-transactional message is denied
   (fail closed).  Pack permits apply only when the contact's jurisdiction is known.
3. Otherwise any :class:`Defer` makes the verdict DEFER with the latest ``not_before``;
   the engine then asks every rule again at that instant and moves on to any later
   ``not_before`` until no rule defers, so the instant satisfies every window at once.
4. The level is the minimum of the requested level and every :class:`Cap`.
5. Content facts: each content key exposes the fact valid under it and every valid fact
   below it (:func:`~personal_touch.rules.exposed_facts`), each judged on its own.  Each
   :class:`Withhold` removes a fact (and everything below its key); so does needing a
   higher level than granted (see :func:`~personal_touch.rules.fact_level`), and an
   inferred special-category fact is never approved.  What remains is approved as exact
   instances (:class:`~personal_touch.ApprovedFact`).  When facts were withheld, the level
   drops to what the approved facts support (at least the requested level up to
   CUSTOMIZED: a name needs no fact).  INDIVIDUAL messages are written by a person and
   keep their level.
6. Disclosures are kept when their conditions hold for the final level and facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._decision import Decision, Disclosure, Effect, Reason, Verdict, WithheldFact
from .._facts import Provenance, Sensitivity
from .._levels import Level
from .._message import MessagePurpose
from .._standard import Standard
from .._time import aware
from ._compile import Compiled, compile_for
from ._fast import message_keys
from ._model import Cap, Defer, Deny, Disclose, Permit, Request, Withhold
from ._prepared import Prepared, from_request, request_for
from ._result import beyond_calendar, decision
from ._rules import PURPOSE_KEYS, RANK, exposed_facts, fact_level, lapse
from ._settle import MAX_DEFER_ROUNDS, out_of_range, settle

if TYPE_CHECKING:
    from .._consent import ConsentGrant
    from .._facts import Fact
    from .._message import Message

__all__ = ["MAX_DEFER_ROUNDS", "combine", "decide_prepared"]

# Enum members as module constants: reading one from its class runs Python code (3.11).
_ORDINARY = Sensitivity.ORDINARY
_INFERRED = Provenance.INFERRED
_TRANSACTIONAL = MessagePurpose.TRANSACTIONAL
_ALLOW, _DENY, _DEFER = Verdict.ALLOW, Verdict.DENY, Verdict.DEFER
_CONSENT_FIRST = Standard.CONSENT_FIRST
_GENERIC, _CUSTOMIZED, _INDIVIDUAL = Level.GENERIC, Level.CUSTOMIZED, Level.INDIVIDUAL


def combine(request: Request) -> Decision:
    """
    Run the policy's rules on *request* and combine their outcomes.

    Run the policy's rules on *request* and combine their outcomes (see the module's
    description of the algorithm).  A rule whose date arithmetic leaves the calendar
    (years 1 to 9999) denies: the decision is DENY with reason ``date_out_of_range``.

    .. versionadded:: 0.1.0
    """
    compiled = compile_for(request.policy, request.jurisdiction, request.message)
    return _decide(request, compiled, from_request(request))


def decide_prepared(prepared: Prepared, message: Message) -> Decision:
    """The decision about *message* (a :class:`~personal_touch.Message`) to *prepared*."""
    compiled = compile_for(prepared.policy, prepared.contact.jurisdiction, message)
    return _decide(request_for(prepared, message, compiled), compiled, prepared)


def _decide(request: Request, compiled: Compiled, prepared: Prepared) -> Decision:
    try:
        return _combine(request, compiled, prepared)
    except (OverflowError, ValueError) as exc:
        if not out_of_range(exc):
            raise
    return beyond_calendar(request, compiled, prepared, decide_prepared)


class _Tally:
    """What the outcomes of the rules add up to, as they are read in order."""

    __slots__ = (
        "denied",
        "disclosures",
        "grants",
        "level",
        "not_before",
        "permitted",
        "reasons",
        "withheld",
    )

    def __init__(self, level: Level) -> None:
        self.level = level
        self.permitted = False
        self.denied = False
        self.not_before: pendulum.DateTime | None = None
        self.withheld: dict[str, WithheldFact] = {}
        #: Each Disclose with the index of its reason (dropped with it if not required).
        self.disclosures: list[tuple[int, Disclose]] = []
        self.grants: dict[str, ConsentGrant] = {}
        self.reasons: list[Reason] = []


def _combine(request: Request, compiled: Compiled, prepared: Prepared) -> Decision:
    msg = request.message
    tally = _tally(request, compiled)
    if not tally.denied and not tally.permitted and msg.purpose is not _TRANSACTIONAL:
        tally.denied = True
        _fail_closed(request, tally.reasons)
    approved = _approve_facts(request, tally)
    if tally.withheld and _CUSTOMIZED < tally.level < _INDIVIDUAL:
        _lower_level(tally, approved, msg.level)
    verdict = _ALLOW
    if tally.denied:
        verdict = _DENY
        tally.not_before = None
    elif tally.not_before is not None:
        verdict = _DEFER
        settled, extra = settle(prepared, msg, compiled, tally.not_before)
        tally.reasons.extend(extra)
        if settled is None:
            verdict = _DENY
        elif request.contact.timezone is None:
            # Shown in UTC, not in whichever of the jurisdiction's zones deferred last (its
            # name would depend on the installed CLDR data).
            settled = settled.in_timezone("UTC")
        tally.not_before = settled
    if verdict is _DENY:
        tally.level = _GENERIC
        approved = {}
    kept = _keep_disclosures(tally, verdict, approved)
    return decision(
        request,
        compiled,
        prepared,
        verdict=verdict,
        level=tally.level,
        not_before=tally.not_before,
        approved=approved,
        withheld=tally.withheld,
        disclosures=kept,
        reasons=tally.reasons,
        grants=tally.grants,
        decide=decide_prepared,
    )


def _tally(request: Request, compiled: Compiled) -> _Tally:  # noqa: PLR0912 - a branch per outcome
    tally = _Tally(request.message.level)
    reasons = tally.reasons
    known = compiled._reasons  # Compiled.reason inlined where it hits
    for call, is_pack in compiled.calls:
        for o in call(request):
            kind = type(o)
            if kind is Permit:
                if is_pack and not compiled.known:
                    reasons.append(_unknown_jurisdiction(o))  # type: ignore[arg-type]
                    continue
                tally.permitted = True
                for g in o.grants:  # type: ignore[union-attr]
                    tally.grants.setdefault(g.id, g)
            elif kind is Deny:
                tally.denied = True
            elif kind is Defer:
                nb = o.not_before  # type: ignore[union-attr]
                if type(nb) is not pendulum.DateTime:
                    nb = aware(nb, "not_before")
                if tally.not_before is None or nb > tally.not_before:
                    tally.not_before = nb
            elif kind is Cap:
                if RANK[o.level._value_] < RANK[tally.level._value_]:  # type: ignore[union-attr]
                    tally.level = o.level  # type: ignore[union-attr]
            elif kind is Withhold:
                key = o.key  # type: ignore[union-attr]
                if key not in tally.withheld:
                    tally.withheld[key] = WithheldFact(key=key, code=o.code, reason=o.message)
            elif kind is Disclose:
                tally.disclosures.append((len(reasons), o))  # type: ignore[arg-type]
            hit = known.get(id(o))
            reasons.append(hit[1] if hit is not None and hit[0] is o else compiled.reason(o))
    return tally


def _unknown_jurisdiction(o: Permit) -> Reason:
    return Reason(
        rule=o.rule,
        effect=Effect.NOTE,
        code="permit_needs_known_jurisdiction",
        message="a law's own permission is not relied on while the contact's "
        "jurisdiction is unknown",
        citation=o.citation,
    )


def _fail_closed(request: Request, reasons: list[Reason]) -> None:
    """Record why a message no rule permits is denied."""
    msg = request.message
    lapsed = lapse(request)
    if lapsed is None:
        keys = PURPOSE_KEYS[msg.purpose]
        # Where the law permits what the consent-first standard refuses, say which decided.
        law = any(r.standard is _CONSENT_FIRST for r in reasons)
        reasons.append(
            Reason(
                rule="consent",
                effect=Effect.DENY,
                code="no_permission",
                message="the law permits this; your policy requires consent (fail closed)"
                if law
                else "no rule permits this purpose on this channel (fail closed)",
                hint=f"a {keys[0]} grant covering {msg.channel.value} would permit this"
                if keys
                else None,
                standard=_CONSENT_FIRST if law else None,
            )
        )
        return
    # Say why the covering grant does not count; the denial takes the place of the consent
    # rule's note with the same code (in place: disclosures index reasons).
    code = lapsed[0]
    deny = Reason(rule="consent", effect=Effect.DENY, code=code, message=lapsed[1], hint=lapsed[2])
    for i, r in enumerate(reasons):
        if r.rule == "consent" and r.effect is Effect.NOTE and r.code == code:
            reasons[i] = deny
            return
    reasons.append(deny)


def _approve_facts(request: Request, tally: _Tally) -> dict[str, Fact]:
    """
    The content facts approved, by key.

    Every key a content key exposes (itself and the keys below it) is judged on its own, as
    the exact instance the rules vetted.
    """
    withheld, level = tally.withheld, tally.level
    approved: dict[str, Fact] = {}
    below: tuple[str, ...] | None = None
    for key in message_keys(request.message)[0]:
        for fact in exposed_facts(request, key):
            fk = fact.key
            if fk in approved or fk in withheld:
                continue
            if withheld:
                if below is None or len(below) != len(withheld):
                    below = tuple(w + "." for w in withheld)
                if fk.startswith(below):
                    continue  # a withheld key withholds everything below it
            if fact.provenance is _INFERRED and fact.sensitivity is not _ORDINARY:
                withheld[fk] = WithheldFact(
                    key=fk,
                    code="inferred_special_category",
                    reason=f"fact {fk} is an inferred {fact.sensitivity._value_} fact "
                    "and is never used",
                )
                continue
            needed = fact_level(fact)
            if RANK[needed._value_] > RANK[level._value_]:
                withheld[fk] = WithheldFact(
                    key=fk,
                    code="above_granted_level",
                    reason=f"fact {fk} needs {needed._value_}, more than the {level._value_} "
                    "granted",
                )
                continue
            approved[fk] = fact
    return approved


def _lower_level(tally: _Tally, approved: dict[str, Fact], wanted: Level) -> None:
    """With facts withheld, lower the level to what the approved facts support."""
    supported = min(wanted, Level.CUSTOMIZED)
    for fact in approved.values():
        supported = max(supported, fact_level(fact))
    if supported < tally.level:
        tally.level = supported
        tally.reasons.append(
            Reason(
                rule="facts",
                effect=Effect.CAP,
                code="withheld_facts_lower_level",
                message=f"without the withheld facts the message supports {supported.value}",
                level=supported,
            )
        )


def _keep_disclosures(
    tally: _Tally, verdict: Verdict, approved: dict[str, Fact]
) -> tuple[Disclosure, ...]:
    """The disclosures required at the final level and facts (their reasons kept with them)."""
    if not tally.disclosures:
        return ()
    level = tally.level
    kept: list[Disclosure] = []
    dropped: set[int] = set()
    for i, d in tally.disclosures:
        if (
            verdict is _DENY
            or (
                d.if_level_above is not None
                and RANK[level._value_] <= RANK[d.if_level_above._value_]
            )
            or (d.if_fact_used is not None and d.if_fact_used not in approved)
        ):
            dropped.add(i)
        else:
            dc = d.disclosure
            if not any(x is dc or (x.code is dc.code and x == dc) for x in kept):
                kept.append(dc)
    if dropped:
        tally.reasons = [r for i, r in enumerate(tally.reasons) if i not in dropped]
    return tuple(kept)
