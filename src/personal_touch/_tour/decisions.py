"""
The tour's decisions section: what the policy engine says about each sample contact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._decision import Decision, Effect, Reason
from .._message import FIRST_PARTY, ContentFlags, Message
from .._policy._engine import decide, default_policy
from .._policy._rules import fact_level
from ._text import WIDTH

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact
    from ..testing import SampleData

__all__ = ["decisions_section"]

_BLOCKING = (Effect.DENY, Effect.DEFER, Effect.CAP, Effect.WITHHOLD)


def _messages(contact: Contact) -> list[tuple[str, Message]]:
    personal = sorted({f.key for f in contact.facts})
    return [
        (
            "newsletter",
            Message(
                purpose="marketing",
                channel="email",
                level="segmented",
                content=ContentFlags.declared(),
            ),
        ),
        (
            "personal note",
            Message(
                purpose="relationship",
                channel="email",
                authorship="assisted",
                level="personal",
                content_facts=personal,
                content=FIRST_PARTY,
            ),
        ),
        (
            "call",
            Message(
                purpose="marketing",
                channel="phone",
                authorship="human",
                level="customized",
                content=ContentFlags.declared(),
            ),
        ),
    ]


def _first_reason(decision: Decision) -> Reason | None:
    """
    The reason that decided: the first denial, deferral, or (when allowed) cap or withholding.
    """
    wanted = _DECIDING.get(decision.verdict.value, _BLOCKING)
    for r in decision.reasons:
        if r.effect in wanted:
            return r
    return decision.reasons[0] if decision.reasons else None


_DECIDING = {
    "deny": (Effect.DENY,),
    "defer": (Effect.DEFER,),
    "allow": (Effect.CAP, Effect.WITHHOLD),
}


def _line(label: str, d: Decision) -> list[str]:
    verdict = d.verdict.value.upper()
    if d.not_before is not None:
        verdict += f" until {d.not_before.strftime('%a %d %b %H:%M')} local"
    head = f"    {label:<14} {verdict:<28} {d.level.value:<11}"
    lines = [head.rstrip()]
    if d.withheld_facts:
        held = ", ".join(f"{w.key} ({w.code})" for w in d.withheld_facts)
        lines.append(_clip(f"{'':<19}withheld: {held}"))
    r = _first_reason(d)
    if r is not None:
        lines.append(_clip(f"{'':<19}{r.rule}/{r.code}: {r.message}"))
    return lines


def _clip(text: str) -> str:
    return text if len(text) <= WIDTH else text[: WIDTH - 3] + "..."


def decisions_section(sample: SampleData, at: pendulum.DateTime) -> str:
    """
    The tour's decisions section.

    For each sample contact: an automated newsletter, an assisted personal note using their
    facts and a sales call, each with verdict, level, withheld facts and the first reason.
    """
    policy = default_policy()
    title = f"Decisions at {at.isoformat()} (policy {policy.name} v{policy.version})"
    out = [
        title,
        "=" * len(title),
        "Three messages per contact: an automated newsletter (e-mail, SEGMENTED), an assisted",
        "personal note using what we know (e-mail, PERSONAL) and a sales call (CUSTOMIZED).",
        "Columns: message, verdict, level granted; then withheld facts and the deciding reason.",
    ]
    for contact in sample.contacts:
        ledger = sample.ledgers.get(contact.id)
        consents = ledger if ledger is not None else ()
        where = str(contact.jurisdiction) if contact.jurisdiction else "jurisdiction unknown"
        out.append("")
        out.append(f"  {contact.id}  {contact.stage.value}, {where}")
        for label, message in _messages(contact):
            d = decide(
                contact, message, consents=consents, history=sample.history, at=at, policy=policy
            )
            out.extend(_line(label, d))
    needs = sorted({fact_level(f).value for c in sample.contacts for f in c.facts})
    out.append("")
    out.append(f"  (fact levels seen in the sample: {', '.join(needs)})")
    return "\n".join(out) + "\n"
