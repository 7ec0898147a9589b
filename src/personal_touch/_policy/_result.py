"""
The decision a combination ends in: its approvals, grant references and audit id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._decision import ApprovedFact, Decision, Effect, GrantRef, Reason, Verdict
from .._facts import fact_digest
from .._levels import Level
from ._audit import decision_id
from ._fast import fact_stamps

if TYPE_CHECKING:
    import pendulum

    from .._consent import ConsentGrant
    from .._decision import Disclosure, WithheldFact
    from .._facts import Fact
    from ._compile import Compiled
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
) -> Decision:
    """The decision, with its audit id."""
    audit = prepared._digests()
    withheld_t = tuple(withheld[k] for k in sorted(withheld))
    usable = tuple(sorted(approved))
    known = prepared._approvals
    approvals = [_approval(approved[k], known) for k in usable]
    reasons_t = tuple(reasons)
    decision_id_ = decision_id(
        compiled.digest,
        audit,
        request.timestamp,
        compiled.message_text(request.message),
        verdict=verdict,
        level=level,
        not_before=not_before,
        approved=[a[1] for a in approvals],
        withheld=withheld_t,
        reasons=reasons_t,
    )
    # Every value is already of its field's type, so set the slots directly instead of
    # running Decision's converters again (the result equals Decision(...); tested).
    out: Decision = _new(Decision)
    _set(out, "decision_id", decision_id_)
    _set(out, "contact_id", request.contact.id)
    _set(out, "message", request.message)
    _set(out, "at", request.at)
    _set(out, "verdict", verdict)
    _set(out, "level", level)
    _set(out, "approved_facts", tuple(a[0] for a in approvals))
    _set(out, "usable_facts", usable)
    _set(out, "withheld_facts", withheld_t)
    _set(out, "disclosures", disclosures)
    _set(out, "not_before", not_before)
    _set(out, "reasons", reasons_t)
    refs = prepared._refs
    _set(out, "grants", tuple([_grant_ref(g, refs) for g in grants.values()]))
    _set(out, "policy", request.policy.name)
    _set(out, "policy_version", request.policy.version)
    _set(out, "facts_digest", audit.facts_digest)
    return out


def _approval(
    fact: Fact, known: dict[str, tuple[Fact, ApprovedFact, str]]
) -> tuple[ApprovedFact, str]:
    """The approval of *fact* and its text for the decision id (*known*: made before)."""
    hit = known.get(fact.key)
    if hit is not None and hit[0] is fact:
        return hit[1], hit[2]
    # Built from already-typed values (equal to ApprovedFact.of(fact)).
    a: ApprovedFact = _new(ApprovedFact)
    digest = fact_digest(fact)
    _set(a, "key", fact.key)
    _set(a, "recorded_at", fact.recorded_at)
    _set(a, "digest", digest)
    text = f"{fact.key}@{fact_stamps(fact)[1]!r}#{digest}"
    known[fact.key] = (fact, a, text)
    return a, text


def _grant_ref(g: ConsentGrant, known: dict[str, tuple[ConsentGrant, GrantRef]]) -> GrantRef:
    """The reference to grant *g* (*known*: made before)."""
    hit = known.get(g.id)
    if hit is not None and hit[0] is g:
        return hit[1]
    ev = g.evidence
    ref = GrantRef(
        id=g.id,
        purpose=g.purpose,
        basis=g.basis.value,
        notice_id=None if ev is None else ev.notice_id,
        notice_version=None if ev is None else ev.notice_version,
    )
    known[g.id] = (g, ref)
    return ref


def beyond_calendar(request: Request, compiled: Compiled, prepared: Prepared) -> Decision:
    """The denial of a request whose date arithmetic left the calendar."""
    reasons = (
        Reason(
            rule="timing",
            effect=Effect.DENY,
            code="date_out_of_range",
            message="a rule's date arithmetic left the supported calendar (years 1 to 9999)",
        ),
    )
    audit = prepared._digests()
    decision_id_ = decision_id(
        compiled.digest,
        audit,
        request.timestamp,
        compiled.message_text(request.message),
        verdict=Verdict.DENY,
        level=Level.GENERIC,
        not_before=None,
        approved=(),
        withheld=(),
        reasons=reasons,
    )
    return Decision(
        decision_id=decision_id_,
        contact_id=request.contact.id,
        message=request.message,
        at=request.at,
        verdict=Verdict.DENY,
        level=Level.GENERIC,
        reasons=reasons,
        policy=request.policy.name,
        policy_version=request.policy.version,
        facts_digest=audit.facts_digest,
    )
