"""
The decision a combination ends in: its approvals, grant references and audit id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._decision import ApprovedFact, Decision, Effect, GrantRef, Reason, Verdict
from .._facts import fact_digest
from .._levels import Level
from ._audit import approval_text, decision_id
from ._explore import explore

if TYPE_CHECKING:
    import pendulum

    from .._consent import ConsentGrant
    from .._counterfactual import WhatIf
    from .._decision import Disclosure, WithheldFact
    from .._facts import Fact
    from ._compile import Compiled
    from ._explore import Decide
    from ._model import Request
    from ._prepared import Prepared

__all__ = ["beyond_calendar", "decision"]

_new = object.__new__
_set = object.__setattr__


def decision(
    request: Request,
    compiled: Compiled,
    prepared: Prepared,
    *,
    verdict: Verdict,
    level: Level,
    not_before: pendulum.DateTime | None,
    approved: dict[str, Fact],
    withheld: dict[str, WithheldFact],
    disclosures: tuple[Disclosure, ...],
    reasons: list[Reason],
    grants: dict[str, ConsentGrant],
    decide: Decide,
) -> Decision:
    """
    The decision; its audit id and fact-set digest are computed when first read.

    *decide* is the engine's decide for a prepared contact, which the decision's
    ``what_if()`` re-decides its changed inputs with.
    """
    usable = tuple(sorted(approved))
    known = prepared._approvals
    # Every value is already of its field's type, so set the slots directly instead of
    # running Decision's converters again (the result equals Decision(...); tested).
    out: Decision = _new(Decision)
    _set(out, "_audit", _Audit(prepared, compiled, request.timestamp, decide))
    _set(out, "contact_id", request.contact.id)
    _set(out, "message", request.message)
    _set(out, "at", request.at)
    _set(out, "verdict", verdict)
    _set(out, "level", level)
    _set(out, "approved_facts", tuple([_approval(approved[k], known) for k in usable]))
    _set(out, "usable_facts", usable)
    _set(out, "withheld_facts", tuple([withheld[k] for k in sorted(withheld)]))
    _set(out, "disclosures", disclosures)
    _set(out, "not_before", not_before)
    _set(out, "reasons", tuple(reasons))
    refs = prepared._refs
    _set(out, "grants", tuple([_grant_ref(g, refs) for g in grants.values()]))
    _set(out, "policy", request.policy.name)
    _set(out, "policy_version", request.policy.version)
    return out


class _Audit:
    """
    What a decision's id and fact-set digest are computed from when first read.

    The snapshot (whose input digests its decisions share), the compiled policy (its
    digest and the message's text) and the instant in epoch seconds; the rest of the id
    is read from the decision itself.  It also answers the decision's ``what_if()`` from
    the same inputs, re-deciding them with *decide*.
    """

    __slots__ = ("compiled", "decide", "prepared", "timestamp")

    def __init__(
        self, prepared: Prepared, compiled: Compiled, timestamp: float, decide: Decide
    ) -> None:
        self.prepared = prepared
        self.compiled = compiled
        self.timestamp = timestamp
        self.decide = decide

    def what_if(self, d: Decision, target: Level | None) -> tuple[WhatIf, ...]:
        """The changes that better *d* (see :func:`~._explore.explore`)."""
        return explore(d, self.prepared, target=target, decide=self.decide)

    @property
    def contact(self) -> object:
        """The contact the decision was made for (the very object, immutable)."""
        return self.prepared.contact

    def __call__(self, d: Decision, name: str) -> str:
        if name == "facts_digest":
            return self.prepared._facts_digest()
        return decision_id(
            self.compiled.digest,
            self.prepared._digests(),
            self.timestamp,
            self.compiled.message_text(d.message),
            verdict=d.verdict,
            level=d.level,
            not_before=d.not_before,
            approved=map(approval_text, d.approved_facts),
            withheld=d.withheld_facts,
            reasons=d.reasons,
        )


def _approval(fact: Fact, known: dict[str, tuple[Fact, ApprovedFact]]) -> ApprovedFact:
    """The approval of *fact* (*known*: made before)."""
    hit = known.get(fact.key)
    if hit is not None and hit[0] is fact:
        return hit[1]
    # Built from already-typed values (equal to ApprovedFact.of(fact)).
    a: ApprovedFact = _new(ApprovedFact)
    _set(a, "key", fact.key)
    _set(a, "recorded_at", fact.recorded_at)
    _set(a, "digest", fact_digest(fact))
    known[fact.key] = (fact, a)
    return a


def _grant_ref(g: ConsentGrant, known: dict[str, tuple[ConsentGrant, GrantRef]]) -> GrantRef:
    """The reference to grant *g* (*known*: made before)."""
    hit = known.get(g.id)
    if hit is not None and hit[0] is g:
        return hit[1]
    ev = g.evidence
    ref = GrantRef(
        id=g.id,
        purpose=g.purpose,
        basis=g.basis._value_,
        notice_id=None if ev is None else ev.notice_id,
        notice_version=None if ev is None else ev.notice_version,
    )
    known[g.id] = (g, ref)
    return ref


def beyond_calendar(
    request: Request, compiled: Compiled, prepared: Prepared, decide: Decide
) -> Decision:
    """The denial of a request whose date arithmetic left the calendar."""
    reasons = [
        Reason(
            rule="timing",
            effect=Effect.DENY,
            code="date_out_of_range",
            message="a rule's date arithmetic left the supported calendar (years 1 to 9999)",
        )
    ]
    return decision(
        request,
        compiled,
        prepared,
        verdict=Verdict.DENY,
        level=Level.GENERIC,
        not_before=None,
        approved={},
        withheld={},
        disclosures=(),
        reasons=reasons,
        grants={},
        decide=decide,
    )
