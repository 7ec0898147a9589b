"""
Computed counterfactuals: the smallest documented changes that would change a decision.

:func:`explore` re-decides a decision's scenario (contact, message, consent ledger,
instant) under each change of the documented set (:class:`~personal_touch.values.ChangeKind`)
and keeps those whose decision is better: a verdict nearer to ALLOW (DENY, DEFER, ALLOW),
or the same verdict at a higher level.  When no single change reaches the goal (ALLOW at the
level asked for, or at the target level), pairs are tried: a second change read from the
decision the first one gives (its own deferral instant, say), kept when it betters that
decision in turn.  Every decision is made through the same policy by the engine's own ``decide``
(given as *decide*), never guessed.

Candidate changes come from the scenario itself, not from a scan: grants of the purposes
that would permit the message (and, above CUSTOMIZED, the personalization purposes) on its
channel; the instants at which the decision's deferral ends, a grant or a fact of the
contact starts or stops holding, a fact grows too old or a cooling-off period ends; each fact key valid at the instant (never to lift
a denial, deferral or cap the law attaches to it); each other channel the contact has an
address for.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pendulum

from .._consent import Purpose
from .._counterfactual import Change, ChangeKind, Scenario, WhatIf
from .._decision import Effect, Verdict
from .._levels import Level
from .._purposes import PURPOSE_KEYS
from .._time import stamps
from ._prepared import Prepared, prepare

if TYPE_CHECKING:
    from .._decision import Decision
    from .._interactions import InteractionKind
    from .._message import Message

__all__ = ["Decide", "explore"]

#: The engine's decide for a prepared contact (``decide(prepared, message)``).
Decide = Callable[[Prepared, "Message"], "Decision"]

#: How many later instants a wait tries, earliest first.
MAX_WAITS = 12
_DAY = datetime.timedelta(days=1)

_DENY = Verdict.DENY
_VERDICT_RANK = {Verdict.DENY: 0, Verdict.DEFER: 1, Verdict.ALLOW: 2}
_HOLDS = frozenset({Effect.DENY, Effect.DEFER, Effect.CAP})
_PERSONALIZATION = (Purpose.PERSONALIZATION_PROFILE, Purpose.PERSONALIZATION_BEHAVIOUR)


#: A change, the scenario it makes, that scenario prepared and its decision.
_Step = tuple[Change, Scenario, Prepared, "Decision"]


def _score(d: Decision) -> tuple[int, int]:
    return _VERDICT_RANK[d.verdict], d.level.rank


def _reaches(d: Decision, goal: Level) -> bool:
    return d.verdict is Verdict.ALLOW and d.level >= goal


class _Search:
    """One search: the snapshot's constant inputs and the engine's decide."""

    def __init__(self, prepared: Prepared, decide: Decide) -> None:
        self.prepared = prepared
        self.decide = decide

    def outcome(self, s: Scenario) -> tuple[Prepared, Decision]:
        """The scenario prepared and decided through the original policy."""
        p = self.prepared
        changed = prepare(
            s.contact,
            consents=s.consents,
            history=p.history,
            at=s.at,
            policy=p.policy,
            suppressions=p.suppressions,
        )
        return changed, self.decide(changed, s.message)

    def steps(self, s: Scenario, prepared: Prepared, d: Decision) -> Iterator[_Step]:
        """Every single change of *s* that betters *d* (one wait at most: the earliest)."""
        for change in _candidates(s, prepared):
            changed = _applied(change, s)
            if changed is not None:
                p, out = self.outcome(changed)
                if _score(out) > _score(d) and not _evades(change, s.message, d, out):
                    yield change, changed, p, out
        for until in _instants(s, prepared, d):
            change = Change(kind=ChangeKind.WAIT, until=until)
            changed = change.apply(s)
            p, out = self.outcome(changed)
            if _score(out) > _score(d):
                yield change, changed, p, out
                break


def _evades(change: Change, message: Message, before: Decision, after: Decision) -> bool:
    """
    Whether *change* forgets a fact the message does not use to escape the law.

    Dropping a fact the message names (content or targeting) means not using it, which
    may well be what the law asks.  Dropping another fact (a child's age, say) so that a
    denial, deferral or cap the law attaches to it (a cited reason) goes away is never
    suggested: forgetting who the person is does not change who they are.
    """
    if change.kind is not ChangeKind.DROP_FACT:
        return False
    key = change.fact_key or ""
    for named in message.content_facts | message.targeting_facts:
        if named == key or named.startswith(key + ".") or key.startswith(named + "."):
            return False
    return bool(_cited(before) - _cited(after))


def _cited(d: Decision) -> set[tuple[str, str]]:
    return {(r.rule, r.code) for r in d.reasons if r.citation and r.effect in _HOLDS}


def _applied(change: Change, s: Scenario) -> Scenario | None:
    """*s* changed, or ``None`` when the change makes an invalid value."""
    try:
        return change.apply(s)
    except (ValueError, TypeError):
        return None


def _candidates(s: Scenario, prepared: Prepared) -> Iterator[Change]:
    """The grants, fact drops and channels to try (waits are read from the decision)."""
    msg = s.message
    purposes = list(PURPOSE_KEYS[msg.purpose])
    if msg.level > Level.CUSTOMIZED:
        purposes.extend(_PERSONALIZATION)
    ids = {g.id for g in s.consents}
    for purpose in purposes:
        change = Change(kind=ChangeKind.ADD_GRANT, purpose=purpose, channel=msg.channel)
        if change.grant(s.contact.id, s.at).id not in ids:
            yield change
    for key in sorted(prepared.facts):
        yield Change(kind=ChangeKind.DROP_FACT, fact_key=key)
    channels = {p.channel for p in s.contact.contact_points} - {msg.channel}
    for channel in sorted(channels, key=lambda c: c.value):
        yield Change(kind=ChangeKind.USE_CHANNEL, channel=channel)


def _instants(s: Scenario, prepared: Prepared, d: Decision) -> list[pendulum.DateTime]:
    """
    The later instants to try, earliest first.

    The deferral's end; each instant a grant of the ledger or a fact of the contact starts
    or stops holding; when a fact grows too old to use (the policy's ``fact_max_age``); and
    when a negative reaction's cooling-off period ends (the policy's ``dial_back``).
    """
    policy = prepared.policy
    found: list[datetime.datetime] = [] if d.not_before is None else [d.not_before]
    for g in s.consents:
        found.extend(t for t in (g.granted_at, g.confirmed_at, g.expires_at, g.withdrawn_at) if t)
    for f in s.contact.known_facts:
        found.extend(t for t in (f.recorded_at, f.valid_until) if t)
        days = policy.fact_max_age.get(f.provenance.value)
        if days is not None:
            found.append(f.recorded_at + _DAY * days)
    cooling: dict[InteractionKind, int] = {}
    for back in policy.dial_back:
        cooling[back.kind] = max(cooling.get(back.kind, 0), back.days)
    found.extend(h.at + _DAY * cooling[h.kind] for h in prepared.history if h.kind in cooling)
    now = prepared.timestamp
    later = sorted({t: w for t, w in zip(stamps(found), found, strict=True) if t > now}.items())
    return [pendulum.instance(w) for _, w in later[:MAX_WAITS]]


def explore(
    decision: Decision, prepared: Prepared, *, target: Level | None, decide: Decide
) -> tuple[WhatIf, ...]:
    """
    The changes that better *decision* (made from *prepared*), smallest first.

    See the module's description.  *target* is the level to reach (``None``: the level
    the message asks for); a target above it adds an ``ASK_LEVEL`` change before the others,
    and only the suggestions that reach it (allowed or deferred) are returned, if any do.
    """
    search = _Search(prepared, decide)
    base = Scenario(
        contact=prepared.contact,
        message=decision.message,
        consents=prepared.ledger,
        at=prepared.at,
    )
    goal = decision.message.level if target is None else target
    prefix: tuple[Change, ...] = ()
    start_p, start_d = prepared, decision
    found: list[WhatIf] = []
    if goal > base.message.level:
        ask = Change(kind=ChangeKind.ASK_LEVEL, level=goal)
        prefix, base = (ask,), ask.apply(base)
        start_p, start_d = search.outcome(base)
        if _score(start_d) > _score(decision):
            found.append(WhatIf(changes=prefix, decision=start_d))
    if _reaches(start_d, goal):
        return tuple(found)
    singles = list(search.steps(base, start_p, start_d))
    found.extend(WhatIf(changes=(*prefix, c), decision=d) for c, _, _, d in singles)
    if not any(_reaches(step[3], goal) for step in singles):
        found.extend(_pairs(search, singles, prefix))
    was = decision.verdict, decision.level
    kept = [w for w in found if (w.decision.verdict, w.decision.level) != was]
    if target is not None:
        # What it takes to reach the target: those that do, else the closest ones.
        there = [w for w in kept if w.decision.verdict is not _DENY and w.decision.level >= goal]
        kept = there or kept
    return tuple(sorted(kept, key=WhatIf.sort_key))


def _pairs(
    search: _Search,
    singles: list[_Step],
    prefix: tuple[Change, ...],
) -> Iterator[WhatIf]:
    """
    Second changes after each helpful first one that better what the first one gives.

    A pair whose second change alone does as well is left out (it is not the smallest).
    """
    seen: set[frozenset[Change]] = set()
    alone = {step[0]: _score(step[3]) for step in singles}
    for first, s, p, d in singles:
        for second, _, _, out in search.steps(s, p, d):
            pair = frozenset((first, second))
            if pair in seen or alone.get(second, (-1, -1)) >= _score(out):
                continue
            seen.add(pair)
            yield WhatIf(changes=(*prefix, first, second), decision=out)
