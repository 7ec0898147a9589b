"""
A decision's readable account, as :meth:`personal_touch.Decision.explain` prints it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._decision import Decision

__all__ = ["explain"]


def explain(decision: Decision) -> str:
    """
    A readable multi-line account of *decision*, free of personal data.
    """
    m = decision.message
    at = decision.at.isoformat()
    lines = [
        f"Decision {decision.decision_id} for contact {decision.contact_id} at {at}",
        f"  message: {m.purpose.value} by {m.channel.value}, {m.authorship.value}, "
        f"asked for {m.level.value}",
        f"  verdict: {decision.verdict.value.upper()}"
        + (f" until {decision.not_before.isoformat()}" if decision.not_before else ""),
        f"  level granted: {decision.level.value}",
    ]
    decisive = decision.decisive_reason
    if decisive is not None:
        lines.insert(3, f"  decided by: {decisive.rule}/{decisive.code}")
    if decision.usable_facts:
        lines.append(f"  may use: {', '.join(decision.usable_facts)}")
    for w in decision.withheld_facts:
        lines.append(f"  withheld {w.key}: {w.reason} [{w.code}]")
    for d in decision.disclosures:
        lines.append(f"  must disclose: {d.code.value}")
    if decision.grants:
        lines.append(
            "  relies on: " + ", ".join(f"{g.id} ({g.purpose}, {g.basis})" for g in decision.grants)
        )
    lines.append("  reasons:")
    for r in decision.reasons:
        cite = f" ({r.citation})" if r.citation else ""
        lines.append(f"    - [{r.effect.value}] {r.rule}/{r.code}: {r.message}{cite}")
        if r.hint:
            lines.append(f"      to change this: {r.hint}")
    lines.append(f"  policy: {decision.policy} v{decision.policy_version}")
    return "\n".join(lines)
